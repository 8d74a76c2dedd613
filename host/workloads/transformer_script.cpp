#include "host/workloads/transformer_script.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "common/errors.h"

namespace hbmsim {

TransformerScript::TransformerScript(TileDriver& drv, const TransformerJob& job,
                                     const TransformerLayout& lay)
    : drv_(drv), job_(job), m_(job.model), lay_(lay) {}

std::vector<I8Vec> TransformerScript::script() {
  std::vector<I8Vec> out;
  for (unsigned step = 0; step < job_.steps(); ++step) {
    I8Vec x = step_input(job_, step);
    for (unsigned l = 0; l < job_.layers; ++l) x = layer(l, step, std::move(x));
    out.push_back(std::move(x));
  }
  return out;
}

uint64_t TransformerScript::put(const int8_t* data, unsigned rows, unsigned cols,
                                const char* name) {
  const uint32_t ld = packed_stride(cols);
  const uint64_t a = alloc(uint64_t(rows) * ld, name);
  for (unsigned r = 0; r < rows; ++r) {
    drv_.load(a + uint64_t(r) * ld, reinterpret_cast<const uint8_t*>(data + size_t(r) * cols),
              cols);
  }
  return a;
}

I32Vec TransformerScript::mm(const TileTensors& t, uint32_t m, uint32_t k, uint32_t n,
                             const TileOutput& out) {
  const uint32_t max_k = drv_.limits().max_k;
  if (k > max_k && out.int8) {
    throw ConfigError(fmt::format("a product over k = {} beyond the tile's {} must keep int32 "
                                  "outputs", k, max_k));
  }
  size_t op = 0;
  for (uint32_t k0 = 0; k0 < k; k0 += max_k) {
    TileTensors c = t;
    c.w += k0;
    c.x += k0;
    TileOutput o = out;
    o.accumulate = k0 > 0;   // later slices of k add to the first's int32 sums
    const uint32_t kk = std::min(max_k, k - k0);
    op = n <= drv_.limits().max_n ? drv_.gemv(c, m, kk, n, o, false)
                                  : drv_.gemm(c, m, kk, n, o, false);
  }
  return drv_.expected(op);
}

I8Vec TransformerScript::norm_rows(const I8Vec& x) const {
  const unsigned d = m_.d_model;
  I8Vec y(x.size());
  for (size_t r = 0; r < x.size() / d; ++r) {
    const I8Vec n = rms_norm(&x[r * d], d);
    std::copy(n.begin(), n.end(), y.begin() + long(r * d));
  }
  return y;
}

I8Vec TransformerScript::layer(unsigned l, unsigned step, I8Vec x) {
  const unsigned d = m_.d_model, rows = job_.rows();
  const uint64_t xn = put(norm_rows(x), d, "xn");
  const uint64_t q = qkv(l, step, xn);
  drv_.sync("qkv");
  const I8Vec attn = attention(l, step, q);
  const uint64_t attn_a = put(attn, d, "attn");
  const uint32_t ld_o = packed_stride(uint64_t(d) * 4);
  const I32Vec o = mm({lay_.layer(l).wo, attn_a, alloc(uint64_t(rows) * ld_o, "o"), lay_.ld_d(),
                       lay_.ld_d(), ld_o}, d, d, rows, {});
  drv_.sync("o_proj");
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = sat8(int32_t(x[i]) + requant(o[i], projection_shift(d)));
  }
  const I8Vec ff = ffn(l, step, norm_rows(x));
  add_residual(x.data(), ff.data(), unsigned(x.size()));
  return x;
}

// Q for every row; K straight into the cache (one GEMV per KV head, each row's K to its
// sequence's cache); V into a staging tensor, then by the host into the transposed cache.
uint64_t TransformerScript::qkv(unsigned l, unsigned step, uint64_t xn) {
  const unsigned d = m_.d_model, hd = m_.head_dim, kvd = m_.kv_dim(), rows = job_.rows();
  const LayerWeights& w = lay_.layer(l);
  const uint32_t ld = lay_.ld_d();
  const TileOutput i8{true, projection_shift(d), false};
  const uint64_t q = alloc(uint64_t(rows) * ld, "q");
  mm({w.wq, xn, q, ld, ld, ld}, d, d, rows, i8);
  for (unsigned g = 0; g < m_.kv_heads; ++g) {
    const uint64_t wk = w.wk + uint64_t(g) * hd * ld;
    if (!job_.prefill) {   // every row at the same position, each in its own sequence
      const uint64_t y = lay_.k_cache(l, g, 0) + uint64_t(job_.position(step, 0)) * lay_.ld_k();
      mm({wk, xn, y, ld, ld, uint32_t(lay_.seq_stride_k())}, hd, d, rows, i8);
      continue;
    }
    for (unsigned b = 0; b < job_.batch; ++b) {   // a sequence's tokens, row by row
      mm({wk, xn + uint64_t(b) * job_.context * ld, lay_.k_cache(l, g, b), ld, ld, lay_.ld_k()},
         hd, d, job_.context, i8);
    }
  }
  const uint32_t ld_v = packed_stride(kvd);
  const I32Vec v = mm({w.wv, xn, alloc(uint64_t(rows) * ld_v, "v"), ld, ld, ld_v}, kvd, d, rows,
                      i8);
  // V^T: for each (head, sequence, dim) the rows' positions are consecutive columns.
  for (unsigned g = 0; g < m_.kv_heads; ++g) {
    for (unsigned b = 0; b < job_.batch; ++b) {
      const unsigned r0 = job_.prefill ? b * job_.context : b;
      const unsigned n = job_.prefill ? job_.context : 1;
      const unsigned pos = job_.position(step, r0);
      std::vector<uint8_t> col(n);
      for (unsigned j = 0; j < hd; ++j) {
        for (unsigned i = 0; i < n; ++i) col[i] = uint8_t(v[size_t(r0 + i) * kvd + g * hd + j]);
        drv_.load(lay_.v_cache(l, g, b) + uint64_t(j) * lay_.ld_v() + pos, col.data(), n);
        vcache_bytes_ += n;
      }
    }
  }
  return q;
}

// Scores q.K^T per KV head (its group's query heads share each K row), softmax on the
// host (causal in prefill), then p.V against the transposed V cache.
I8Vec TransformerScript::attention(unsigned l, unsigned step, uint64_t q) {
  const unsigned d = m_.d_model, hd = m_.head_dim, rows = job_.rows(), grp = m_.group();
  const uint32_t ld = lay_.ld_d();
  // Query heads per product: a decode row's group shares one pass over K; a prefill
  // product takes one head's rows of every token.
  const unsigned heads_per = job_.prefill ? 1 : grp;
  const unsigned n = job_.prefill ? job_.context : grp;
  const unsigned keys_max = job_.prefill ? job_.context : job_.position(step, 0) + 1;
  const uint32_t ld_s = packed_stride(uint64_t(keys_max) * 4);
  struct Product {
    unsigned b, h0;   // sequence, first query head
    I32Vec scores;    // n x keys_max
  };
  std::vector<Product> prods;
  for (unsigned b = 0; b < job_.batch; ++b) {
    for (unsigned h0 = 0; h0 < m_.heads; h0 += heads_per) {
      const unsigned g = h0 / grp;
      const uint64_t x = job_.prefill ? q + uint64_t(b) * job_.context * ld + uint64_t(h0) * hd
                                      : q + uint64_t(b) * ld + uint64_t(h0) * hd;
      const uint32_t ldx = job_.prefill ? ld : hd;
      prods.push_back({b, h0, mm({lay_.k_cache(l, g, b), x, alloc(uint64_t(n) * ld_s, "scores"),
                                  lay_.ld_k(), ldx, ld_s}, keys_max, hd, n, {})});
    }
  }
  drv_.sync("attn_score");
  I8Vec attn(size_t(rows) * d);
  const uint32_t ld_ao = packed_stride(uint64_t(d) * 4);
  const uint64_t ao = alloc(uint64_t(rows) * ld_ao, "attn_out");
  std::vector<std::pair<size_t, I32Vec>> outs;   // (first row, n x hd)
  for (const Product& p : prods) {
    I8Vec probs(size_t(n) * keys_max, 0);
    for (unsigned i = 0; i < n; ++i) {
      const unsigned keys = job_.prefill ? i + 1 : keys_max;   // causal in prefill
      const I8Vec pi = softmax_i8(&p.scores[size_t(i) * keys_max], keys, hd);
      std::copy(pi.begin(), pi.end(), probs.begin() + long(size_t(i) * keys_max));
    }
    const unsigned g = p.h0 / grp;
    const uint64_t pa = put(probs, keys_max, "p");
    const uint64_t y = job_.prefill ? ao + uint64_t(p.b) * job_.context * ld_ao + p.h0 * hd * 4
                                    : ao + uint64_t(p.b) * ld_ao + p.h0 * hd * 4;
    const uint32_t ldy = job_.prefill ? ld_ao : hd * 4;
    const I32Vec out = mm({lay_.v_cache(l, g, p.b), pa, y, lay_.ld_v(), packed_stride(keys_max),
                           ldy}, hd, keys_max, n, {});
    // Row i of the product: decode, query head h0 + i of row b; prefill, token i, head h0.
    for (unsigned i = 0; i < n; ++i) {
      const size_t row = job_.prefill ? size_t(p.b) * job_.context + i : p.b;
      const size_t col = size_t(job_.prefill ? p.h0 : p.h0 + i) * hd;
      for (unsigned j = 0; j < hd; ++j) {
        attn[row * d + col + j] = requant(out[size_t(i) * hd + j], kPvShift);
      }
    }
  }
  drv_.sync("attn_value");
  return attn;
}

// Dense: gate/up, activation, down. MoE: the same per expert the router picked for at
// least one row (the union over the rows), each expert over its rows only.
I8Vec TransformerScript::ffn(unsigned l, unsigned step, const I8Vec& xn) {
  const unsigned d = m_.d_model, f = m_.ffn, rows = job_.rows();
  const LayerWeights& w = lay_.layer(l);
  std::vector<std::vector<unsigned>> rows_of(m_.experts);
  for (unsigned r = 0; r < rows; ++r) {
    const std::vector<unsigned> ex =
        m_.moe() ? route(job_.seed, l, (uint64_t(step) << 32) | r, m_.experts, m_.active_experts)
                 : std::vector<unsigned>{0};
    for (unsigned e : ex) rows_of[e].push_back(r);
  }
  const TileOutput i8{true, projection_shift(d), false};
  const uint32_t ld = lay_.ld_d(), ld_f = lay_.ld_ffn();
  struct Expert {
    unsigned e;
    I32Vec gate, up;
  };
  std::vector<Expert> act;
  for (unsigned e = 0; e < m_.experts; ++e) {
    const auto& rs = rows_of[e];
    if (rs.empty()) continue;
    I8Vec xe(size_t(rs.size()) * d);
    for (size_t i = 0; i < rs.size(); ++i) {
      std::copy_n(&xn[size_t(rs[i]) * d], d, &xe[i * d]);
    }
    const uint64_t xa = put(xe, d, "xn2");
    const uint32_t n = uint32_t(rs.size());
    Expert x{e, {}, {}};
    x.up = mm({w.wu[e], xa, alloc(uint64_t(n) * ld_f, "up"), ld, ld, ld_f}, f, d, n, i8);
    if (m_.ffn_kind == FfnKind::SwiGlu) {
      x.gate = mm({w.wg[e], xa, alloc(uint64_t(n) * ld_f, "gate"), ld, ld, ld_f}, f, d, n, i8);
    }
    act.push_back(std::move(x));
  }
  drv_.sync("ffn_up");
  I32Vec sum(size_t(rows) * d, 0);
  const uint32_t ld_dn = packed_stride(uint64_t(d) * 4);
  for (const Expert& x : act) {
    const auto& rs = rows_of[x.e];
    I8Vec h(x.up.size());
    for (size_t i = 0; i < h.size(); ++i) {
      h[i] = m_.ffn_kind == FfnKind::SwiGlu ? swiglu(int8_t(x.gate[i]), int8_t(x.up[i]))
                                            : gelu(int8_t(x.up[i]));
    }
    const uint32_t n = uint32_t(rs.size());
    const I32Vec dn = mm({w.wd[x.e], put(h, f, "h"), alloc(uint64_t(n) * ld_dn, "down"), ld_f,
                          ld_f, ld_dn}, d, f, n, {});
    for (size_t i = 0; i < rs.size(); ++i) {
      for (unsigned c = 0; c < d; ++c) {
        sum[size_t(rs[i]) * d + c] += requant(dn[i * d + c], projection_shift(f));
      }
    }
  }
  drv_.sync("ffn_down");
  I8Vec out(sum.size());
  for (size_t i = 0; i < sum.size(); ++i) {
    out[i] = m_.moe() ? mix_experts(sum[i], m_.active_experts) : int8_t(sum[i]);
  }
  return out;
}

}  // namespace hbmsim
