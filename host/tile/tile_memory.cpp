#include "host/tile/tile_memory.h"

#include <algorithm>

namespace hbmsim {

template <typename Fn>
void TileMemory::for_each_piece(uint64_t addr, size_t bytes, Fn&& fn) const {
  for (size_t done = 0; done < bytes;) {
    const uint64_t at = addr + done;
    const size_t len = size_t(std::min<uint64_t>(il_.left_in_granule(at), bytes - done));
    fn(il_.pc_of(at), il_.local_of(at), done, len);
    done += len;
  }
}

void TileMemory::load(uint64_t addr, const uint8_t* data, size_t bytes) {
  for_each_piece(addr, bytes, [&](unsigned pc, uint64_t local, size_t from, size_t len) {
    dev_.load(pc, local, data + from, len, map_);
  });
}

void TileMemory::read(uint64_t addr, uint8_t* out, size_t bytes) const {
  for_each_piece(addr, bytes, [&](unsigned pc, uint64_t local, size_t from, size_t len) {
    dev_.dump(pc, local, out + from, len, map_);
  });
}

}  // namespace hbmsim
