#include "host/workloads/transformer/transformer_ref.h"

#include "device/fill_pattern.h"

namespace hbmsim {

I8Vec step_input(const TransformerJob& job, unsigned step) {
  const unsigned d = job.model.d_model;
  I8Vec x(size_t(job.rows()) * d);
  uint64_t state = splitmix64(job.seed ^ 0x1e7b ^ (uint64_t(step) << 20));
  for (size_t i = 0; i < x.size(); i += 8) {
    state = splitmix64(state);
    for (size_t b = 0; b < 8 && i + b < x.size(); ++b) x[i + b] = int8_t(state >> (8 * b));
  }
  return x;
}

namespace {

class Reference {
 public:
  Reference(const TransformerJob& job, const TransformerLayout& lay, const MemRead& read)
      : job_(job), m_(job.model), lay_(lay), read_(read) {
    const unsigned caches = job.layers * m_.kv_heads * job.batch;
    k_.resize(caches);
    v_.resize(caches);
    for (unsigned l = 0; l < job.layers; ++l) {
      for (unsigned g = 0; g < m_.kv_heads; ++g) {
        for (unsigned b = 0; b < job.batch; ++b) load_cache(l, g, b);
      }
    }
  }

  I8Vec layer(unsigned l, unsigned step, I8Vec x) {
    const unsigned d = m_.d_model, rows = job_.rows();
    const LayerWeights& w = lay_.layer(l);
    I8Vec xn = rms_norm_rows(x, m_.d_model), q(size_t(rows) * d), kn, vn;
    project(w.wq, d, xn, d, projection_shift(d), q.data());
    kn.resize(size_t(rows) * m_.kv_dim());
    vn.resize(kn.size());
    project(w.wk, m_.kv_dim(), xn, d, projection_shift(d), kn.data());
    project(w.wv, m_.kv_dim(), xn, d, projection_shift(d), vn.data());
    for (unsigned r = 0; r < rows; ++r) append(l, step, r, &kn[size_t(r) * m_.kv_dim()],
                                                &vn[size_t(r) * m_.kv_dim()]);
    I8Vec attn = attention(l, step, q);
    I32Vec o(size_t(rows) * d);
    matmul(w.wo, d, attn, d, o.data());
    for (size_t i = 0; i < x.size(); ++i) x[i] = sat8(int32_t(x[i]) + requant(o[i], projection_shift(d)));
    const I8Vec ff = ffn(l, step, rms_norm_rows(x, m_.d_model));
    add_residual(x.data(), ff.data(), unsigned(x.size()));
    return x;
  }

 private:
  size_t cache(unsigned l, unsigned g, unsigned b) const {
    return (size_t(l) * m_.kv_heads + g) * job_.batch + b;
  }

  void load_cache(unsigned l, unsigned g, unsigned b) {
    const unsigned hd = m_.head_dim, s_max = job_.s_max(), ctx = job_.prefill ? 0 : job_.context;
    I8Vec& k = k_[cache(l, g, b)];
    I8Vec& v = v_[cache(l, g, b)];
    k.assign(size_t(s_max) * hd, 0);
    v.assign(size_t(hd) * s_max, 0);
    for (unsigned s = 0; s < ctx; ++s) {
      read_(lay_.k_row(l, g, b, s), reinterpret_cast<uint8_t*>(&k[size_t(s) * hd]), hd);
    }
    for (unsigned j = 0; ctx && j < hd; ++j) {
      read_(lay_.v_cache(l, g, b) + uint64_t(j) * lay_.ld_v(),
            reinterpret_cast<uint8_t*>(&v[size_t(j) * s_max]), ctx);
    }
  }

  void append(unsigned l, unsigned step, unsigned r, const int8_t* kn, const int8_t* vn) {
    const unsigned hd = m_.head_dim, s = job_.position(step, r), b = job_.sequence(r);
    for (unsigned g = 0; g < m_.kv_heads; ++g) {
      I8Vec& k = k_[cache(l, g, b)];
      I8Vec& v = v_[cache(l, g, b)];
      for (unsigned j = 0; j < hd; ++j) {
        k[size_t(s) * hd + j] = kn[g * hd + j];
        v[size_t(j) * job_.s_max() + s] = vn[g * hd + j];
      }
    }
  }

  I8Vec attention(unsigned l, unsigned step, const I8Vec& q) {
    const unsigned d = m_.d_model, hd = m_.head_dim, rows = job_.rows();
    I8Vec out(size_t(rows) * d);
    for (unsigned r = 0; r < rows; ++r) {
      const unsigned keys = job_.position(step, r) + 1, b = job_.sequence(r);
      for (unsigned h = 0; h < m_.heads; ++h) {
        const unsigned g = h / m_.group();
        const I8Vec& k = k_[cache(l, g, b)];
        const I8Vec& v = v_[cache(l, g, b)];
        const int8_t* qh = &q[size_t(r) * d + size_t(h) * hd];
        I32Vec sc(keys);
        for (unsigned s = 0; s < keys; ++s) {
          int32_t acc = 0;
          for (unsigned j = 0; j < hd; ++j) acc += int32_t(qh[j]) * k[size_t(s) * hd + j];
          sc[s] = acc;
        }
        const I8Vec p = softmax_i8(sc.data(), keys, hd);
        for (unsigned j = 0; j < hd; ++j) {
          int32_t acc = 0;
          for (unsigned s = 0; s < keys; ++s) acc += int32_t(p[s]) * v[size_t(j) * job_.s_max() + s];
          out[size_t(r) * d + size_t(h) * hd + j] = requant(acc, kPvShift);
        }
      }
    }
    return out;
  }

  I8Vec ffn(unsigned l, unsigned step, const I8Vec& xn) {
    const unsigned d = m_.d_model, f = m_.ffn, rows = job_.rows();
    const LayerWeights& w = lay_.layer(l);
    I32Vec sum(size_t(rows) * d, 0);
    for (unsigned r = 0; r < rows; ++r) {
      const I8Vec one(xn.begin() + size_t(r) * d, xn.begin() + size_t(r + 1) * d);
      const std::vector<unsigned> experts =
          m_.moe() ? route(job_.seed, l, (uint64_t(step) << 32) | r, m_.experts, m_.active_experts)
                   : std::vector<unsigned>{0};
      for (unsigned e : experts) {
        I8Vec up(f), gate(f), h(f), dn(d);
        project(w.wu[e], f, one, d, projection_shift(d), up.data());
        if (m_.ffn_kind == FfnKind::SwiGlu) {
          project(w.wg[e], f, one, d, projection_shift(d), gate.data());
          for (unsigned i = 0; i < f; ++i) h[i] = swiglu(gate[i], up[i]);
        } else {
          for (unsigned i = 0; i < f; ++i) h[i] = gelu(up[i]);
        }
        project(w.wd[e], d, h, f, projection_shift(f), dn.data());
        for (unsigned i = 0; i < d; ++i) sum[size_t(r) * d + i] += dn[i];
      }
    }
    I8Vec out(sum.size());
    for (size_t i = 0; i < sum.size(); ++i) {
      out[i] = m_.moe() ? mix_experts(sum[i], m_.active_experts) : int8_t(sum[i]);
    }
    return out;
  }


  // y[r][i] = sum_k W[i][k] x[r][k] for every row r of x (k = cols), W rows at `w`.
  void matmul(uint64_t w, unsigned out, const I8Vec& x, unsigned cols, int32_t* y) const {
    const size_t rows = x.size() / cols;
    const uint32_t ld = packed_stride(cols);
    I8Vec wr(cols);
    for (unsigned i = 0; i < out; ++i) {
      read_(w + uint64_t(i) * ld, reinterpret_cast<uint8_t*>(wr.data()), cols);
      for (size_t r = 0; r < rows; ++r) {
        int32_t acc = 0;
        for (unsigned k = 0; k < cols; ++k) acc += int32_t(wr[k]) * x[r * cols + k];
        y[r * out + i] = acc;
      }
    }
  }

  void project(uint64_t w, unsigned out, const I8Vec& x, unsigned cols, unsigned shift,
               int8_t* y) const {
    I32Vec acc(x.size() / cols * out);
    matmul(w, out, x, cols, acc.data());
    for (size_t i = 0; i < acc.size(); ++i) y[i] = requant(acc[i], shift);
  }

  const TransformerJob& job_;
  const ModelPreset& m_;
  const TransformerLayout& lay_;
  const MemRead& read_;
  std::vector<I8Vec> k_, v_;   // per (layer, KV head, sequence): K [s][j], V^T [j][s]
};

}  // namespace

std::vector<I8Vec> reference_transformer(const TransformerJob& job,
                                         const TransformerLayout& layout,
                                         const MemRead& read) {
  Reference ref(job, layout, read);
  std::vector<I8Vec> out;
  for (unsigned step = 0; step < job.steps(); ++step) {
    I8Vec x = step_input(job, step);
    for (unsigned l = 0; l < job.layers; ++l) x = ref.layer(l, step, std::move(x));
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace hbmsim
