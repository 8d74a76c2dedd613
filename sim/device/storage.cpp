#include "device/storage.h"

#include <cstring>

namespace hbmsim {

Storage::Storage(const Organisation& org, uint64_t seed)
    : columns_(org.columns), page_bytes_(org.row_bytes()), seed_(seed) {}

uint64_t Storage::page_key(const BurstLocation& loc) const {
  return (uint64_t(loc.pc) << 48) | (uint64_t(loc.bank) << 32) | loc.row;
}

void Storage::write(const BurstLocation& loc, const uint8_t* data, uint32_t strobes) {
  auto& page = pages_[page_key(loc)];
  if (!page) {
    // A page comes into being holding what it read as before: the fill pattern.
    page = std::make_unique<uint8_t[]>(page_bytes_);
    BurstLocation at = loc;
    for (unsigned c = 0; c < columns_; ++c) {
      at.col = c;
      fill_pattern(seed_, at, page.get() + uint64_t(c) * kBurstBytes);
    }
  }
  uint8_t* dst = page.get() + uint64_t(loc.col) * kBurstBytes;
  for (unsigned i = 0; i < kBurstBytes; ++i) {
    if (strobes & (1u << i)) dst[i] = data[i];
  }
}

std::array<uint8_t, Storage::kBurstBytes> Storage::peek(const BurstLocation& loc) const {
  std::array<uint8_t, kBurstBytes> out;
  read(loc, out.data());
  return out;
}

void Storage::read(const BurstLocation& loc, uint8_t* out) const {
  auto it = pages_.find(page_key(loc));
  if (it == pages_.end()) {
    fill_pattern(seed_, loc, out);
    return;
  }
  std::memcpy(out, it->second.get() + uint64_t(loc.col) * kBurstBytes, kBurstBytes);
}

}  // namespace hbmsim
