// Replaced by the device-model unit tests.
