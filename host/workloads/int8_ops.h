// The host's part of a transformer layer in int8, shared by the tile run and the C++
// reference: normalisation, softmax, activations, residuals, the MoE router and the
// requantisation shifts. Each is a pure function of its inputs (the same bits on every
// run), so the tile's run and the reference agree bit for bit when the matrix products
// do.
#pragma once

#include <cstdint>
#include <vector>

namespace hbmsim {

using I8Vec = std::vector<int8_t>;
using I32Vec = std::vector<int32_t>;

int8_t sat8(int64_t v);
// Tile requantisation (round half up, arithmetic shift, saturate): the RTL's to_i8.
int8_t requant(int32_t v, unsigned shift);
// Shift that brings a k-long int8 dot product (weights uniform, activations ~32 rms)
// back to int8 with ~32 rms.
unsigned projection_shift(unsigned k);
constexpr unsigned kPvShift = 7;   // p (sums to ~127) x V: back to int8

// RMS norm to ~32 rms, integer only.
I8Vec rms_norm(const int8_t* x, unsigned d);
// rms_norm of each d-long row of x.
I8Vec rms_norm_rows(const I8Vec& x, unsigned d);
// Softmax of one query's scores over `keys` keys (the first `keys` of `scores`), as
// int8 probabilities 0..127; head_dim sets the temperature (1/sqrt(head_dim)).
I8Vec softmax_i8(const int32_t* scores, unsigned keys, unsigned head_dim);
// SwiGLU: silu(gate) * up; GELU: gelu(up).
int8_t swiglu(int8_t gate, int8_t up);
int8_t gelu(int8_t up);
void add_residual(int8_t* x, const int8_t* y, unsigned d);

// The experts the router sends token `token` of layer `layer` to (top `active` of
// `experts`, by a seeded hash), in ascending order.
std::vector<unsigned> route(uint64_t seed, unsigned layer, uint64_t token, unsigned experts,
                            unsigned active);
// Mixes the experts' int8 outputs of one element (their sum) with equal weights.
int8_t mix_experts(int32_t sum, unsigned active);

}  // namespace hbmsim
