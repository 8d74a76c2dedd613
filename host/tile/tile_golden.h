// The C++ golden model of the tile: the same descriptor checks and the same int8
// arithmetic as the RTL (rtl/tile/hbm_tile_pkg.sv), computed from the same bytes, so
// every output the tile writes has one right answer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "cosim/csr/tile_csr.h"

namespace hbmsim {

struct TileLimits {
  uint64_t mem_bytes = 0;   // the interleaved space: 2^cfg_mem_log2
  unsigned max_n = 4;       // rows of X a GEMV takes (CSR MaxN)
  unsigned max_k = 16384;   // longest row of X or W (CSR MaxK)
};

// The error the tile must report for d, or Error::None if d is legal.
tile::Error check_descriptor(const tile::Descriptor& d, const TileLimits& limits);

// Bytes of one output element: 4 (int32) or 1 (int8).
inline unsigned output_bytes(const tile::Descriptor& d) { return d.out_int8 ? 1 : 4; }

// Reads `bytes` at a global address of the stack (the memory as the tile will find it).
using TileReadFn = std::function<void(uint64_t addr, uint8_t* out, size_t bytes)>;

// Y for a legal descriptor, n x m, row-major: Y[i][r] = sum_k W[r][k] * X[i][k] (+ the
// old int32 Y when accumulating, wrapping); int8 output rounded, shifted, saturated
// (held in int32). Inputs are read through `read` a row at a time.
std::vector<int32_t> golden_output(const tile::Descriptor& d, const TileReadFn& read);

// The bytes of output row i as the tile writes them (m elements, little-endian).
void encode_row(const tile::Descriptor& d, const int32_t* row, uint8_t* out);

}  // namespace hbmsim
