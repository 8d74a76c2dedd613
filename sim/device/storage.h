// Contents of the DRAM: sparse, one page (a row of one bank) allocated on first write.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "device/fill_pattern.h"
#include "standard/standard.h"

namespace hbmsim {

class Storage {
 public:
  static constexpr unsigned kBurstBytes = 32;

  Storage(const Organisation& org, uint64_t seed);

  // Writes the bytes of one burst whose bit in `strobes` is set.
  void write(const BurstLocation& loc, const uint8_t* data, uint32_t strobes);
  void read(const BurstLocation& loc, uint8_t* out) const;

  // Backdoor by DRAM location, no timing: what the burst holds now, and a write of it
  // (all 32 bytes unless `strobes` says otherwise).
  std::array<uint8_t, kBurstBytes> peek(const BurstLocation& loc) const;
  void poke(const BurstLocation& loc, const uint8_t* data, uint32_t strobes = ~0u) {
    write(loc, data, strobes);
  }

  uint64_t seed() const { return seed_; }
  uint64_t pages() const { return pages_.size(); }
  uint64_t bytes_used() const { return pages_.size() * page_bytes_; }

 private:
  uint64_t page_key(const BurstLocation& loc) const;

  unsigned columns_;
  uint64_t page_bytes_;
  uint64_t seed_;
  std::unordered_map<uint64_t, std::unique_ptr<uint8_t[]>> pages_;
};

}  // namespace hbmsim
