#include "host/tile/tile_alloc.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"

namespace hbmsim {

TileAllocator::TileAllocator(const Interleave& il, uint64_t capacity, unsigned max_pcs,
                             std::string shape_flags)
    : il_(il), capacity_(capacity), max_pcs_(max_pcs), shape_flags_(std::move(shape_flags)) {}

namespace {

// Bytes a tensor takes when it starts on a `granule`: whole granules, one for 0 bytes.
uint64_t granule_size(uint64_t bytes, uint64_t granule) {
  return (std::max<uint64_t>(bytes, 1) + granule - 1) / granule * granule;
}

// Bytes the tensors take when each starts on a `granule`.
uint64_t granule_bytes(const std::vector<uint64_t>& tensors, uint64_t granule) {
  uint64_t sum = 0;
  for (const uint64_t b : tensors) sum += granule_size(b, granule);
  return sum;
}

constexpr uint64_t kMinGranule = 512;   // --tile-granule's least

}  // namespace

std::string TileAllocator::fit_advice(uint64_t needed) const {
  // More PCs help only if the tensors fit all the standard's: their sizes do not depend on
  // the PCs (each is whole granules). A GEMV of --m 4294967295 (W of 256 GiB) on 2 PCs was
  // told 'more --pcs (up to 32)', which hold 16 GiB.
  const bool fits_more_pcs =
      max_pcs_ == 0 || (il_.pcs() < max_pcs_ && needed <= capacity_ / il_.pcs() * max_pcs_);
  const std::string more_pcs =
      !fits_more_pcs ? ""
      : max_pcs_ == 0 ? "more --pcs, or "
                      : fmt::format("more --pcs (up to {}), or ", max_pcs_);
  // Only flags that can still shrink are named: a decode of --context 1 on one layer
  // whose layer's weights outgrow the PC was told to shrink --context and --layers.
  if (shape_flags_.empty()) {
    return more_pcs.empty() ? "even at its smallest, on every PC of the stack"
                            : more_pcs.substr(0, more_pcs.size() - 5);   // ", or "
  }
  if (!fits_more_pcs && il_.pcs() < max_pcs_) {
    return fmt::format("not even the stack's {} PCs would hold it: {}", max_pcs_,
                       smaller_shape());
  }
  return more_pcs + smaller_shape();
}

// The largest power-of-two granule below this one at which the tensors fit. With a plan,
// those are all the workload's: the advice names a granule that works. Without one, only
// the tensors so far and this one are known: a granule at which they do not fit cannot
// work, one at which they do may still fail on a later tensor, and the advice says so. (A
// decode at --tile-granule 16777216 was told '512 to 8388608', and failed at 8388608 too.)
std::string TileAllocator::granule_advice(uint64_t bytes) const {
  std::vector<uint64_t> known = plan_;
  if (known.empty()) {
    for (const Block& b : blocks_) known.push_back(b.bytes);
    known.push_back(bytes);
  }
  const bool whole = !plan_.empty();
  const std::string count = count_of(known.size(), "tensor");
  const std::string tensors = whole ? "its " + count : "the " + count + " so far";
  // Rounded up to a granule, a tensor never shrinks as the granule grows: the first
  // granule that fits, from the largest down, is the largest that does.
  for (uint64_t g = il_.granule() / 2; g >= kMinGranule; g /= 2) {
    const uint64_t needed = granule_bytes(known, g);
    if (needed > capacity_) continue;
    if (whole) {
      return fmt::format("a smaller --tile-granule, 512 to {}: at {} {} take {} bytes", g, g,
                         tensors, needed);
    }
    return fmt::format("a smaller --tile-granule, at most {}, where {} take {} bytes; the "
                       "tensors the workload allocates after them are not counted and may "
                       "need a smaller one still", g, tensors, needed);
  }
  const uint64_t needed = granule_bytes(known, kMinGranule);
  return fmt::format("nor at the least --tile-granule, 512, where {} take {} bytes: {}",
                     tensors, needed, fit_advice(needed));
}

uint64_t TileAllocator::alloc(uint64_t bytes, const std::string& name) {
  const uint64_t g = il_.granule();
  const uint64_t size = granule_size(bytes, g);
  if (size > capacity_ - next_ && data_ + bytes <= capacity_ && g > kMinGranule) {
    // The tensors' own bytes fit; their granules do not: each starts on one, and a
    // decode's few-hundred-byte tensors at --tile-granule 16 MiB were refused as 'needs
    // 16777216 bytes' with advice to shrink the shape or add PCs.
    throw ConfigError(fmt::format(
        "tile: tensor '{}' of {} bytes takes a whole {}-byte granule, and the {} before it "
        "took {} of the {} bytes of the {} PC{} for {} bytes of data: each tensor starts on "
        "a granule, so the workload does not fit at this one ({})", name, bytes, g,
        count_of(blocks_.size(), "tensor"), next_, capacity_, il_.pcs(),
        il_.pcs() == 1 ? "" : "s", data_, granule_advice(bytes)));
  }
  if (size > capacity_ - next_) {
    // The name is the workload's own tensor (W, X, Y; a layer's L0.Kcache, or a step's
    // scores): what to change is the shape or the memory, said after it. Only flags the
    // workload takes are named (a decode was told to shrink --m/--k/--n, which it refuses),
    // and more PCs only while the standard has more.
    throw ConfigError(fmt::format("tile: tensor '{}' needs {} bytes, but only {} of the {} "
                                  "bytes of the {} PC{} are left: the workload does not fit "
                                  "({})", name, size, capacity_ - next_, capacity_, il_.pcs(),
                                  il_.pcs() == 1 ? "" : "s", fit_advice(next_ + size)));
  }
  const uint64_t at = next_;
  next_ += size;
  data_ += bytes;
  blocks_.push_back({name, at, bytes});
  return at;
}

}  // namespace hbmsim
