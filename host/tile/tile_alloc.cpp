#include "host/tile/tile_alloc.h"

#include <fmt/format.h>

#include "common/errors.h"

namespace hbmsim {

TileAllocator::TileAllocator(const Interleave& il, uint64_t capacity)
    : il_(il), capacity_(capacity) {}

uint64_t TileAllocator::alloc(uint64_t bytes, const std::string& name) {
  const uint64_t g = il_.granule();
  const uint64_t size = (std::max<uint64_t>(bytes, 1) + g - 1) / g * g;
  if (size > capacity_ - next_) {
    // The name is the workload's own tensor (W, X, Y; a layer's L0.Kcache, or a step's
    // scores): what to change is the shape or the memory, said after it.
    throw ConfigError(fmt::format("tile: tensor '{}' needs {} bytes, but only {} of the {} "
                                  "bytes of the {} PC{} are left: the workload does not fit "
                                  "(more --pcs, or a smaller shape: --m/--k/--n, --context, "
                                  "--batch, --layers)", name, size, capacity_ - next_,
                                  capacity_, il_.pcs(), il_.pcs() == 1 ? "" : "s"));
  }
  const uint64_t at = next_;
  next_ += size;
  blocks_.push_back({name, at, bytes});
  return at;
}

}  // namespace hbmsim
