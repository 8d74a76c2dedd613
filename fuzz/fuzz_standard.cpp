// A standard file: loads, or is refused with a ConfigError.
#include "common/errors.h"
#include "fuzz_input.h"
#include "standard/standard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = fuzz::as_file(data, size, ".json");
  try {
    hbmsim::load_standard(path);
  } catch (const hbmsim::ConfigError&) {
  }
  return 0;
}
