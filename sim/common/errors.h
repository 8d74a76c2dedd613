// Errors a user can act on: each names where the problem is and what was expected.
#pragma once

#include <stdexcept>
#include <string>

namespace hbmsim {

// A configuration or input file is wrong: the message names the file, the line or
// field, the value found and the reason.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The command line is wrong (exit code 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The simulation found the design misbehaving (timing violation, data mismatch,
// deadlock). The run stops; the message says what, where and when.
class SimulationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace hbmsim
