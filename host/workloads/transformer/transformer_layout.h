// Where a transformer's tensors live in the tile's interleaved address space: each
// layer's int8 weights (never loaded: the device's fill pattern is the model) and KV
// cache. Shared by the tile run and the C++ reference, which reads the same bytes.
//
// KV cache, per layer and sequence b. KV heads go in blocks of kv_block() heads, as many
// as one pass of the tile can score (its MaxN rows of X over the block's query heads):
//   K: per block, S_max rows of kv_block() x head_dim bytes (token-major): a new token's
//      K for the block is one row, and q.K^T streams the block's rows as the W of a
//      GEMV whose X rows are the query heads, each zero outside its KV head's slice —
//      rows of 512 bytes on Llama-2-7B instead of 128, which the tile streams at a PC's
//      rate;
//   V: stored transposed, head_dim rows of S_max bytes per KV head, the heads of a
//      sequence adjacent: p.V for a block is one GEMV whose W rows are V's columns.
#pragma once

#include <cstdint>
#include <vector>

#include "host/tile/tile_alloc.h"
#include "host/workloads/transformer/model_preset.h"

namespace hbmsim {

struct LayerWeights {
  uint64_t wq = 0, wk = 0, wv = 0, wo = 0;
  std::vector<uint64_t> wg, wu, wd;   // per expert (wg empty for a GELU FFN)
  uint64_t kc = 0, vt = 0;            // KV cache bases
};

class TransformerLayout {
 public:
  // Allocates `layers` layers for `batch` sequences of up to `s_max` tokens.
  template <typename Alloc>
  // max_n: activation rows the tile takes in one pass (its MaxN).
  TransformerLayout(const ModelPreset& m, unsigned layers, unsigned batch, unsigned s_max,
                    unsigned max_n, Alloc&& alloc);

  const ModelPreset& model() const { return m_; }
  const LayerWeights& layer(unsigned l) const { return layers_.at(l); }
  unsigned batch() const { return batch_; }
  unsigned s_max() const { return s_max_; }
  uint32_t ld_d() const { return packed_stride(m_.d_model); }     // W rows of k = d_model
  uint32_t ld_ffn() const { return packed_stride(m_.ffn); }       // W rows of k = ffn
  unsigned kv_block() const { return kv_block_; }
  unsigned kv_blocks() const { return m_.kv_heads / kv_block_; }
  uint32_t ld_k() const { return packed_stride(uint64_t(kv_block_) * m_.head_dim); }
  uint32_t ld_v() const { return packed_stride(s_max_); }         // a V^T cache row
  // Block `blk`'s K rows of sequence b; KV head g's K of token s.
  uint64_t k_block(unsigned l, unsigned blk, unsigned b) const {
    return layer(l).kc + (uint64_t(b) * kv_blocks() + blk) * s_max_ * ld_k();
  }
  uint64_t k_row(unsigned l, unsigned g, unsigned b, unsigned s) const {
    return k_block(l, g / kv_block_, b) + uint64_t(s) * ld_k() + uint64_t(g % kv_block_) *
                                                                     m_.head_dim;
  }
  uint64_t seq_stride_k() const { return uint64_t(kv_blocks()) * s_max_ * ld_k(); }
  uint64_t v_cache(unsigned l, unsigned g, unsigned b) const {
    return layer(l).vt + (uint64_t(b) * m_.kv_heads + g) * m_.head_dim * ld_v();
  }

 private:
  ModelPreset m_;
  unsigned batch_, s_max_, kv_block_ = 1;
  std::vector<LayerWeights> layers_;
};

template <typename Alloc>
TransformerLayout::TransformerLayout(const ModelPreset& m, unsigned layers, unsigned batch,
                                     unsigned s_max, unsigned max_n, Alloc&& alloc)
    : m_(m), batch_(batch), s_max_(s_max) {
  // The most KV heads (dividing their count) whose query heads fit one pass.
  for (unsigned kb = 1; kb * m.group() <= max_n; ++kb) {
    if (m.kv_heads % kb == 0) kv_block_ = kb;
  }
  const uint64_t d = m.d_model, kvd = m.kv_dim(), ffn = m.ffn;
  for (unsigned l = 0; l < layers; ++l) {
    const std::string p = "L" + std::to_string(l) + ".";
    LayerWeights w;
    w.wq = alloc(d * ld_d(), p + "Wq");
    w.wk = alloc(kvd * ld_d(), p + "Wk");
    w.wv = alloc(kvd * ld_d(), p + "Wv");
    w.wo = alloc(d * ld_d(), p + "Wo");
    for (unsigned e = 0; e < m.experts; ++e) {
      const std::string x = m.moe() ? "E" + std::to_string(e) + "." : "";
      if (m.ffn_kind == FfnKind::SwiGlu) w.wg.push_back(alloc(ffn * ld_d(), p + x + "Wgate"));
      w.wu.push_back(alloc(ffn * ld_d(), p + x + "Wup"));
      w.wd.push_back(alloc(d * ld_ffn(), p + x + "Wdown"));
    }
    layers_.push_back(std::move(w));
  }
  // The caches after every weight: what the tile writes stays apart from what it only
  // reads (the golden model tracks written bytes by address range).
  for (unsigned l = 0; l < layers; ++l) {
    const std::string p = "L" + std::to_string(l) + ".";
    layers_[l].kc = alloc(uint64_t(kv_blocks()) * batch * s_max * ld_k(), p + "Kcache");
    layers_[l].vt = alloc(uint64_t(m.kv_heads) * batch * m.head_dim * ld_v(), p + "Vcache");
  }
}

}  // namespace hbmsim
