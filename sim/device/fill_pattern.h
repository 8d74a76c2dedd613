// What DRAM that was never written reads as: a deterministic function of the seed and
// the location, so a full-size model needs no host memory for its initial contents and
// any checker can predict it.
#pragma once

#include <cstdint>

namespace hbmsim {

// Location of one 32-byte column access inside a stack.
struct BurstLocation {
  unsigned pc = 0;     // pseudo-channel index in the stack
  unsigned bank = 0;   // flat bank index in the PC: (sid * bankgroups + bg) * banks + ba
  unsigned row = 0;
  unsigned col = 0;
};

inline uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Fills out[0..31] with the initial contents of the burst at `loc`.
inline void fill_pattern(uint64_t seed, const BurstLocation& loc, uint8_t* out) {
  const uint64_t key = (uint64_t(loc.pc) << 48) ^ (uint64_t(loc.bank) << 40) ^
                       (uint64_t(loc.row) << 12) ^ uint64_t(loc.col);
  for (unsigned w = 0; w < 4; ++w) {
    uint64_t v = splitmix64(seed ^ splitmix64(key * 4 + w));
    for (unsigned b = 0; b < 8; ++b) out[w * 8 + b] = static_cast<uint8_t>(v >> (8 * b));
  }
}

}  // namespace hbmsim
