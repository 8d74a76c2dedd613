// Synthetic traffic: sequential, uniformly random or strided bursts with a read/write mix.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tb/axi_txn.h"

namespace hbmsim {

struct SyntheticSpec {
  std::string pattern = "seq";   // seq | random | strided
  uint64_t requests = 10000;     // bursts per port
  double read_ratio = 1.0;       // fraction of bursts that read
  unsigned beats = 2;            // 32-byte beats per burst
  uint64_t seed = 1;
  uint64_t footprint = 0;        // bytes the traffic spans; 0: the whole port
  unsigned ids = 16;             // AXI IDs used, round robin
  uint64_t stride = 0;           // strided: bytes from one burst to the next (wraps at
                                 // the footprint); a multiple of the burst size
};

// The patterns make_synthetic knows, for command lines to offer.
const std::vector<std::string>& synthetic_patterns();

// Deterministic across platforms (no std:: distributions, whose output is not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  double unit() { return double(next() >> 11) * 0x1.0p-53; }   // [0, 1)
  uint64_t below(uint64_t n) { return next() % n; }

 private:
  uint64_t state_;
};

std::unique_ptr<TrafficSource> make_synthetic(const SyntheticSpec& spec, unsigned port,
                                              uint64_t port_bytes);

}  // namespace hbmsim
