// Where a transformer's tensors live in the tile's interleaved address space: each
// layer's int8 weights (never loaded: the device's fill pattern is the model) and KV
// cache. Shared by the tile run and the C++ reference, which reads the same bytes.
//
// KV cache, per layer, KV head g and sequence b:
//   K: S_max rows of head_dim bytes (token-major): a new token's K is one row, and
//      q.K^T streams the head's rows as the W of a GEMV;
//   V: stored transposed, head_dim rows of S_max bytes: p.V is then a GEMV whose W
//      rows are V's columns.
#pragma once

#include <cstdint>
#include <vector>

#include "host/tile/tile_alloc.h"
#include "host/workloads/model_preset.h"

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
  TransformerLayout(const ModelPreset& m, unsigned layers, unsigned batch, unsigned s_max,
                    Alloc&& alloc);

  const ModelPreset& model() const { return m_; }
  const LayerWeights& layer(unsigned l) const { return layers_.at(l); }
  unsigned batch() const { return batch_; }
  unsigned s_max() const { return s_max_; }
  uint32_t ld_d() const { return packed_stride(m_.d_model); }     // W rows of k = d_model
  uint32_t ld_ffn() const { return packed_stride(m_.ffn); }       // W rows of k = ffn
  uint32_t ld_k() const { return packed_stride(m_.head_dim); }    // a K cache row
  uint32_t ld_v() const { return packed_stride(s_max_); }         // a V^T cache row
  uint64_t k_cache(unsigned l, unsigned g, unsigned b) const {
    return layer(l).kc + (uint64_t(g) * batch_ + b) * s_max_ * ld_k();
  }
  uint64_t v_cache(unsigned l, unsigned g, unsigned b) const {
    return layer(l).vt + (uint64_t(g) * batch_ + b) * m_.head_dim * ld_v();
  }
  uint64_t seq_stride_k() const { return uint64_t(s_max_) * ld_k(); }   // K of b to b+1

 private:
  ModelPreset m_;
  unsigned batch_, s_max_;
  std::vector<LayerWeights> layers_;
};

template <typename Alloc>
TransformerLayout::TransformerLayout(const ModelPreset& m, unsigned layers, unsigned batch,
                                     unsigned s_max, Alloc&& alloc)
    : m_(m), batch_(batch), s_max_(s_max) {
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
    layers_[l].kc = alloc(uint64_t(m.kv_heads) * batch * s_max * ld_k(), p + "Kcache");
    layers_[l].vt = alloc(uint64_t(m.kv_heads) * batch * m.head_dim * ld_v(), p + "Vcache");
  }
}

}  // namespace hbmsim
