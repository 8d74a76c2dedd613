#include "host/tile/tile_golden.h"

#include <algorithm>

namespace hbmsim {

using tile::Descriptor;
using tile::Error;

namespace {

// One byte past the last byte of a tensor of `rows` rows of `row_bytes` at `stride`
// (128-bit: a hostile descriptor must not wrap around to look small).
unsigned __int128 tensor_end(uint64_t base, uint64_t rows, uint64_t stride, uint64_t row_bytes) {
  return (unsigned __int128)base + (unsigned __int128)(rows - 1) * stride + row_bytes;
}

int32_t requantise(int64_t sum, unsigned shift) {
  int64_t v = sum;
  if (shift > 0) v = (v + (int64_t(1) << (shift - 1))) >> shift;   // round half up
  return int32_t(std::clamp<int64_t>(v, -128, 127));
}

}  // namespace

// In the RTL's order (rtl/tile/hbm_tile_front.sv): the first failed check names the error.
// A stride matters only when there is a second row; extents count whole 32-byte beats.
Error check_descriptor(const Descriptor& d, const TileLimits& lim) {
  if (d.op != tile::Op::Gemv && d.op != tile::Op::Gemm) return Error::BadOp;
  if (d.m == 0 || d.k == 0 || d.n == 0) return Error::ZeroSize;
  if (d.accumulate && d.out_int8) return Error::BadFlags;
  if ((d.w | d.x | d.y | d.ldw | d.ldx | d.ldy) % 32 != 0) return Error::Misaligned;
  if (d.k > lim.max_k || (d.op == tile::Op::Gemv && d.n > lim.max_n)) return Error::TooLarge;
  const uint64_t y_row = uint64_t(d.m) * output_bytes(d);
  if ((d.m > 1 && d.ldw < d.k) || (d.n > 1 && d.ldx < d.k) || (d.n > 1 && d.ldy < y_row)) {
    return Error::Stride;
  }
  const uint64_t k_beats = (uint64_t(d.k) + 31) / 32 * 32, y_beats = (y_row + 31) / 32 * 32;
  if (tensor_end(d.w, d.m, d.ldw, k_beats) > lim.mem_bytes ||
      tensor_end(d.x, d.n, d.ldx, k_beats) > lim.mem_bytes ||
      tensor_end(d.y, d.n, d.ldy, y_beats) > lim.mem_bytes) {
    return Error::Range;
  }
  return Error::None;
}

std::vector<int32_t> golden_output(const Descriptor& d, const TileReadFn& read) {
  const size_t n = d.n, m = d.m, k = d.k;
  std::vector<int8_t> x(n * k);
  for (size_t i = 0; i < n; ++i) read(d.x + i * d.ldx, reinterpret_cast<uint8_t*>(&x[i * k]), k);
  std::vector<int32_t> y(n * m);
  std::vector<int8_t> w(k);
  for (size_t r = 0; r < m; ++r) {
    read(d.w + r * d.ldw, reinterpret_cast<uint8_t*>(w.data()), k);
    for (size_t i = 0; i < n; ++i) {
      const int8_t* xi = &x[i * k];
      int32_t sum = 0;   // |sum| <= 128 * 128 * MaxK < 2^31
      for (size_t j = 0; j < k; ++j) sum += int32_t(w[j]) * int32_t(xi[j]);
      y[i * m + r] = sum;
    }
  }
  if (d.accumulate) {
    std::vector<uint8_t> old(m * 4);
    for (size_t i = 0; i < n; ++i) {
      read(d.y + i * d.ldy, old.data(), m * 4);
      for (size_t r = 0; r < m; ++r) {
        uint32_t v = 0;
        for (unsigned b = 0; b < 4; ++b) v |= uint32_t(old[r * 4 + b]) << (8 * b);
        y[i * m + r] = int32_t(uint32_t(y[i * m + r]) + v);   // wraps as the RTL's adder
      }
    }
  }
  if (d.out_int8) {
    for (auto& v : y) v = requantise(v, d.shift);
  }
  return y;
}

void encode_row(const Descriptor& d, const int32_t* row, uint8_t* out) {
  const unsigned eb = output_bytes(d);
  for (size_t r = 0; r < d.m; ++r) {
    for (unsigned b = 0; b < eb; ++b) out[r * eb + b] = uint8_t(uint32_t(row[r]) >> (8 * b));
  }
}

}  // namespace hbmsim
