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
    throw ConfigError(fmt::format("tile: {} needs {} bytes, but only {} of the {} bytes of "
                                  "the {} PCs are left", name, size, capacity_ - next_,
                                  capacity_, il_.pcs()));
  }
  const uint64_t at = next_;
  next_ += size;
  blocks_.push_back({name, at, bytes});
  return at;
}

}  // namespace hbmsim
