#include "tb/axi_txn.h"

namespace hbmsim {

uint64_t AxiTxn::beat_addr(unsigned i) const {
  const uint64_t step = 1ull << size;
  const uint64_t aligned = addr & ~(step - 1);
  switch (burst) {
    case AxiBurst::Fixed: return addr;
    case AxiBurst::Wrap: {
      const uint64_t span = step * beats;
      const uint64_t base = addr & ~(span - 1);
      return base + ((addr - base + i * step) % span);
    }
    case AxiBurst::Incr:
    default: return i == 0 ? addr : aligned + i * step;
  }
}

uint32_t AxiTxn::beat_lanes(unsigned i) const {
  const uint64_t a = beat_addr(i);
  const unsigned bytes = 1u << size;
  const unsigned first = unsigned(a % kBusBytes);
  const unsigned end = unsigned((a & ~uint64_t(bytes - 1)) % kBusBytes) + bytes;
  uint32_t lanes = 0;
  for (unsigned b = first; b < end && b < kBusBytes; ++b) lanes |= 1u << b;
  return lanes;
}

}  // namespace hbmsim
