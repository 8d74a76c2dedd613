// The stack's memory as the tile sees it, one interleaved address space, reached by
// backdoor (no timing, no DRAM commands): loading tensors before a run and reading
// results or inputs for the golden model. Each byte goes through the Interleave to its
// PC, then through the controller's address map to its DRAM location, exactly as the
// tile's bursts do through the RTL.
#pragma once

#include <cstddef>
#include <cstdint>

#include "controller/address_map.h"
#include "controller/interleave.h"
#include "device/hbm_device.h"

namespace hbmsim {

class TileMemory {
 public:
  TileMemory(HbmDevice& dev, const AddressMap& map, const Interleave& il)
      : dev_(dev), map_(map), il_(il) {}

  // Throws ConfigError if part of the range does not exist in the stack.
  void load(uint64_t addr, const uint8_t* data, size_t bytes);
  // What the device holds now: what was written, else its fill pattern (per burst).
  void read(uint64_t addr, uint8_t* out, size_t bytes) const;

  const Interleave& interleave() const { return il_; }

 private:
  // Calls fn(pc, local address, offset into the range, length) per run inside a granule.
  template <typename Fn>
  void for_each_piece(uint64_t addr, size_t bytes, Fn&& fn) const;

  HbmDevice& dev_;
  const AddressMap& map_;
  Interleave il_;
};

}  // namespace hbmsim
