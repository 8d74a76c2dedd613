// An address-map string (--mapping) against each standard's organisation, with and
// without bank XOR: builds a map whose decode and encode invert each other, or is
// refused with a ConfigError.
#include <array>
#include <string>

#include "common/errors.h"
#include "controller/address_map.h"
#include "standard/standard.h"

namespace {
const std::array<hbmsim::Standard, 3>& standards() {
  static const std::array<hbmsim::Standard, 3> all = {
      hbmsim::load_standard("hbm2"), hbmsim::load_standard("hbm3"), hbmsim::load_standard("hbm4")};
  return all;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  const hbmsim::Standard& s = standards()[data[0] % 3];
  try {
    const hbmsim::AddressMap map(text, s.org, (data[0] & 0x80) != 0);
    for (uint64_t a : {uint64_t(0), uint64_t(0x12345) * 32, (uint64_t(1) << map.capacity_bits()) - 32}) {
      const hbmsim::DramAddress d = map.decode(a);
      if (map.encode(d) != a) __builtin_trap();   // a map must be a bijection
    }
  } catch (const hbmsim::ConfigError&) {
  }
  return 0;
}
