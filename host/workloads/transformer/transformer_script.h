// Scripts a transformer's layers onto the tile: every matrix product becomes tile
// descriptors (one batch per kernel: qkv, attn_score, attn_value, o_proj, ffn_up,
// ffn_down), and the host's steps between them (norm, softmax, SwiGLU/GELU, residual,
// the MoE router) run on the golden model's results — which the tile must reproduce,
// since the driver compares every output after the run. What the host computes is
// loaded into fresh tensors before the run (the driver scripts everything up front).
#pragma once

#include <atomic>
#include <vector>

#include "host/tile/tile_driver.h"
#include "host/workloads/transformer/transformer_job.h"
#include "host/workloads/transformer/transformer_layout.h"

namespace hbmsim {

class TransformerScript {
 public:
  TransformerScript(TileDriver& drv, const TransformerJob& job, const TransformerLayout& lay);

  // Scripts every step; returns the last layer's output of each step (rows x d_model).
  std::vector<I8Vec> script();
  // Bytes of V cache the host placed (stored transposed, so a new token's V is a column:
  // computed by the tile into a staging tensor, moved into the cache by backdoor).
  uint64_t host_vcache_bytes() const { return vcache_bytes_; }
  // Layer steps (a layer of a step) scripted so far; safe to read from another thread
  // while script() runs (a note on a long script says how far it is).
  unsigned layer_steps_done() const { return layer_steps_done_.load(); }

 private:
  I8Vec layer(unsigned l, unsigned step, I8Vec x);
  I32Vec qkv(unsigned l, unsigned step, uint64_t xn);   // returns Q (rows x d_model)
  I8Vec attention(unsigned l, unsigned step, const I32Vec& q);
  I8Vec ffn(unsigned l, unsigned step, const I8Vec& xn);

  // Tensor helpers.
  uint64_t put(const int8_t* data, unsigned rows, unsigned cols, const char* name);
  uint64_t put(const I8Vec& data, unsigned cols, const char* name) {
    return put(data.data(), unsigned(data.size() / cols), cols, name);
  }
  uint64_t alloc(uint64_t bytes, const char* name) { return drv_.alloc(bytes, name); }
  // Y = W x over k (split at the scratchpad's limit, accumulating), n rows of X; returns
  // the golden Y (n x m), int8 values when out.int8.
  I32Vec mm(const TileTensors& t, uint32_t m, uint32_t k, uint32_t n, const TileOutput& out);

  TileDriver& drv_;
  const TransformerJob& job_;
  const ModelPreset& m_;
  const TransformerLayout& lay_;
  uint64_t vcache_bytes_ = 0;
  std::atomic<unsigned> layer_steps_done_{0};
};

}  // namespace hbmsim
