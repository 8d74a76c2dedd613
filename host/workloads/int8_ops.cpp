#include "host/workloads/int8_ops.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "device/fill_pattern.h"

namespace hbmsim {
namespace {

unsigned ceil_log2(uint64_t v) {
  unsigned n = 0;
  while ((uint64_t(1) << n) < v) ++n;
  return n;
}

uint64_t isqrt(uint64_t v) {
  uint64_t r = uint64_t(std::sqrt(double(v)));
  while (r * r > v) --r;
  while ((r + 1) * (r + 1) <= v) ++r;
  return r;
}

// Rounded a / b for b > 0, halves away from zero.
int64_t div_round(int64_t a, int64_t b) { return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b); }

}  // namespace

int8_t sat8(int64_t v) { return int8_t(std::clamp<int64_t>(v, -128, 127)); }

int8_t requant(int32_t v, unsigned shift) {
  int64_t r = v;
  if (shift) r = (r + (int64_t(1) << (shift - 1))) >> shift;
  return sat8(r);
}

unsigned projection_shift(unsigned k) { return 6 + (ceil_log2(k) + 1) / 2; }

I8Vec rms_norm(const int8_t* x, unsigned d) {
  uint64_t ss = 0;
  for (unsigned i = 0; i < d; ++i) ss += uint64_t(int64_t(x[i]) * x[i]);
  const int64_t rms = int64_t(isqrt(ss / d)) + 1;
  I8Vec y(d);
  for (unsigned i = 0; i < d; ++i) y[i] = sat8(div_round(int64_t(x[i]) * 32, rms));
  return y;
}

I8Vec rms_norm_rows(const I8Vec& x, unsigned d) {
  I8Vec y(x.size());
  for (size_t r = 0; r < x.size() / d; ++r) {
    const I8Vec n = rms_norm(&x[r * d], d);
    std::copy(n.begin(), n.end(), y.begin() + long(r * d));
  }
  return y;
}

I8Vec softmax_i8(const int32_t* scores, unsigned keys, unsigned head_dim) {
  const double scale = 1.0 / double(uint64_t(1) << (10 + (ceil_log2(head_dim) + 1) / 2));
  const int32_t top = *std::max_element(scores, scores + keys);
  std::vector<double> e(keys);
  double sum = 0;
  for (unsigned j = 0; j < keys; ++j) sum += e[j] = std::exp(double(scores[j] - top) * scale);
  I8Vec p(keys);
  for (unsigned j = 0; j < keys; ++j) p[j] = int8_t(std::lround(127.0 * e[j] / sum));
  return p;
}

int8_t swiglu(int8_t gate, int8_t up) {
  const double g = gate / 32.0;
  return sat8(std::lround(g / (1.0 + std::exp(-g)) * up));
}

int8_t gelu(int8_t up) {
  const double u = up / 32.0;
  return sat8(std::lround(32.0 * 0.5 * u * (1.0 + std::tanh(0.7978845608 * (u + 0.044715 * u * u * u)))));
}

void add_residual(int8_t* x, const int8_t* y, unsigned d) {
  for (unsigned i = 0; i < d; ++i) x[i] = sat8(int32_t(x[i]) + y[i]);
}

std::vector<unsigned> route(uint64_t seed, unsigned layer, uint64_t token, unsigned experts,
                            unsigned active) {
  std::vector<unsigned> order(experts);
  std::iota(order.begin(), order.end(), 0u);
  std::vector<uint64_t> score(experts);
  for (unsigned e = 0; e < experts; ++e) {
    score[e] = splitmix64(seed ^ splitmix64((uint64_t(layer) << 40) ^ (token << 8) ^ e));
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](unsigned a, unsigned b) { return score[a] > score[b]; });
  order.resize(active);
  std::sort(order.begin(), order.end());
  return order;
}

int8_t mix_experts(int32_t sum, unsigned active) {
  return sat8(div_round(sum, active));
}

}  // namespace hbmsim
