// How one address space is spread over the PCs of a stack: consecutive granules go to
// consecutive PCs (the crossbar's and the tile's interleave; rtl/top/hbm_xbar.sv and
// rtl/tile/hbm_tile.sv compute the same). Both sides of the co-simulation use this one
// definition so a scoreboard, a loader and the RTL cannot disagree on where a byte lives.
#pragma once

#include <cstdint>
#include <optional>

namespace hbmsim {

// log2 of v if v is a power of two (v > 0), else nothing.
inline std::optional<unsigned> exact_log2(uint64_t v) {
  if (v == 0 || (v & (v - 1)) != 0) return std::nullopt;
  return static_cast<unsigned>(__builtin_ctzll(v));   // no loop: any v ends at once
}

struct Interleave {
  unsigned pcs_log2 = 0;    // PCs interleaved: 2^pcs_log2
  unsigned gran_log2 = 9;   // bytes per granule: 2^gran_log2

  unsigned pcs() const { return 1u << pcs_log2; }
  uint64_t granule() const { return uint64_t(1) << gran_log2; }

  // PC that holds global address a, and a's address inside that PC.
  unsigned pc_of(uint64_t a) const {
    return unsigned((a >> gran_log2) & ((uint64_t(1) << pcs_log2) - 1));
  }
  uint64_t local_of(uint64_t a) const {
    const uint64_t low = a & (granule() - 1);
    return ((a >> (gran_log2 + pcs_log2)) << gran_log2) | low;
  }
  // The inverse: the global address of PC pc's local address.
  uint64_t global_of(unsigned pc, uint64_t local) const {
    const uint64_t low = local & (granule() - 1);
    return ((((local >> gran_log2) << pcs_log2) | pc) << gran_log2) | low;
  }
  // Bytes from a to the end of its granule (a run that stays on one PC).
  uint64_t left_in_granule(uint64_t a) const { return granule() - (a & (granule() - 1)); }
};

}  // namespace hbmsim
