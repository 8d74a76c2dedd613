#include "host/tile/tile_alloc.h"

#include <utility>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"

namespace hbmsim {

TileAllocator::TileAllocator(const Interleave& il, uint64_t capacity, unsigned max_pcs,
                             std::string shape_flags)
    : il_(il), capacity_(capacity), max_pcs_(max_pcs), shape_flags_(std::move(shape_flags)) {}

uint64_t TileAllocator::alloc(uint64_t bytes, const std::string& name) {
  const uint64_t g = il_.granule();
  const uint64_t size = (std::max<uint64_t>(bytes, 1) + g - 1) / g * g;
  if (size > capacity_ - next_ && data_ + bytes <= capacity_ && g > 512) {
    // The tensors' own bytes fit; their granules do not: each starts on one, and a
    // decode's few-hundred-byte tensors at --tile-granule 16 MiB were refused as 'needs
    // 16777216 bytes' with advice to shrink the shape or add PCs.
    throw ConfigError(fmt::format(
        "tile: tensor '{}' of {} bytes takes a whole {}-byte granule, and the {} before it "
        "took {} of the {} bytes of the {} PC{} for {} bytes of data: each tensor starts on "
        "a granule, so the workload does not fit at this one (a smaller --tile-granule, "
        "512 to {})", name, bytes, g, count_of(blocks_.size(), "tensor"), next_, capacity_,
        il_.pcs(), il_.pcs() == 1 ? "" : "s", data_, g / 2));
  }
  if (size > capacity_ - next_) {
    // The name is the workload's own tensor (W, X, Y; a layer's L0.Kcache, or a step's
    // scores): what to change is the shape or the memory, said after it. Only flags the
    // workload takes are named (a decode was told to shrink --m/--k/--n, which it refuses),
    // and more PCs only while the standard has more.
    // More PCs help only if the tensors so far and this one fit all the standard's: their
    // sizes do not depend on the PCs (each is whole granules). A GEMV of --m 4294967295
    // (W of 256 GiB) on 2 PCs was told 'more --pcs (up to 32)', which hold 16 GiB.
    const bool fits_more_pcs =
        max_pcs_ == 0 ||
        (il_.pcs() < max_pcs_ && size <= capacity_ / il_.pcs() * max_pcs_ - next_);
    const std::string more_pcs =
        !fits_more_pcs ? ""
        : max_pcs_ == 0 ? "more --pcs, or "
                        : fmt::format("more --pcs (up to {}), or ", max_pcs_);
    // Only flags that can still shrink are named: a decode of --context 1 on one layer
    // whose layer's weights outgrow the PC was told to shrink --context and --layers.
    std::string advice = more_pcs + smaller_shape();
    if (!fits_more_pcs && il_.pcs() < max_pcs_) {
      advice = fmt::format("not even the stack's {} PCs would hold it: {}", max_pcs_,
                           smaller_shape());
    }
    if (shape_flags_.empty()) {
      advice = more_pcs.empty() ? "even at its smallest, on every PC of the stack"
                                : more_pcs.substr(0, more_pcs.size() - 5);   // ", or "
    }
    throw ConfigError(fmt::format("tile: tensor '{}' needs {} bytes, but only {} of the {} "
                                  "bytes of the {} PC{} are left: the workload does not fit "
                                  "({})", name, size, capacity_ - next_, capacity_, il_.pcs(),
                                  il_.pcs() == 1 ? "" : "s", advice));
  }
  const uint64_t at = next_;
  next_ += size;
  data_ += bytes;
  blocks_.push_back({name, at, bytes});
  return at;
}

}  // namespace hbmsim
