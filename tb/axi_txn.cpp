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
  // Lanes [first, min(end, kBusBytes)) as a mask (a loop per byte was 1 % of a run).
  static_assert(kBusBytes <= 32, "lanes fit a 32-bit mask");
  const unsigned hi = end < kBusBytes ? end : kBusBytes;
  return uint32_t(((uint64_t(1) << hi) - 1) & ~((uint64_t(1) << first) - 1));
}

bool AxiTxn::refused() const {
  if (size > 5) return true;
  const uint64_t step = 1ull << size;
  switch (burst) {
    case AxiBurst::Fixed: return false;
    case AxiBurst::Wrap:
      return !(beats == 2 || beats == 4 || beats == 8 || beats == 16) || addr % step != 0;
    case AxiBurst::Incr:
      // AXI4 A3.4.1: the bytes covered run from the address aligned to the size.
      return (addr % 4096) / step * step + beats * step > 4096;
    default: return true;
  }
}

}  // namespace hbmsim
