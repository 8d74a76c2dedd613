// A command log checked against a standard (the first byte picks which): every line is
// read and checked, or the log is refused with a ConfigError naming file and line.
#include <array>

#include "common/errors.h"
#include "fuzz_input.h"
#include "host/check_log.h"

namespace {
const hbmsim::Standard& standard(uint8_t pick) {
  static const std::array<hbmsim::Standard, 5> all = {
      hbmsim::load_standard("hbm2"), hbmsim::load_standard("hbm2e"),
      hbmsim::load_standard("hbm3"), hbmsim::load_standard("hbm3e"),
      hbmsim::load_standard("hbm4")};
  return all[pick % all.size()];
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const hbmsim::Standard& s = standard(data[0]);
  const std::string path = fuzz::as_file(data + 1, size - 1, ".csv");
  try {
    hbmsim::check_command_log(s, path);
  } catch (const hbmsim::ConfigError&) {
  }
  return 0;
}
