#include "host/workloads/transformer/transformer_script.h"

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
    for (unsigned l = 0; l < job_.layers; ++l) {
      x = layer(l, step, std::move(x));
      ++layer_steps_done_;
    }
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

I8Vec TransformerScript::layer(unsigned l, unsigned step, I8Vec x) {
  const unsigned d = m_.d_model, rows = job_.rows();
  const uint64_t xn = put(rms_norm_rows(x, m_.d_model), d, "xn");
  const I32Vec q = qkv(l, step, xn);
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
  const I8Vec ff = ffn(l, step, rms_norm_rows(x, m_.d_model));
  add_residual(x.data(), ff.data(), unsigned(x.size()));
  return x;
}

// Q for every row; K straight into the cache (one GEMV per KV head, each row's K to its
// sequence's cache); V into a staging tensor, then by the host into the transposed cache.
I32Vec TransformerScript::qkv(unsigned l, unsigned step, uint64_t xn) {
  const unsigned d = m_.d_model, hd = m_.head_dim, kvd = m_.kv_dim(), rows = job_.rows();
  const LayerWeights& w = lay_.layer(l);
  const uint32_t ld = lay_.ld_d();
  const TileOutput i8{true, projection_shift(d), false};
  const I32Vec q = mm({w.wq, xn, alloc(uint64_t(rows) * ld, "q"), ld, ld, ld}, d, d, rows, i8);
  // K of a block of KV heads is one GEMV (its rows of Wk), each row's K straight into
  // its sequence's cache at its position.
  const unsigned kbhd = lay_.kv_block() * hd;
  for (unsigned blk = 0; blk < lay_.kv_blocks(); ++blk) {
    const uint64_t wk = w.wk + uint64_t(blk) * kbhd * ld;
    if (!job_.prefill) {   // every row at the same position, each in its own sequence
      const uint64_t y = lay_.k_block(l, blk, 0) + uint64_t(job_.position(step, 0)) * lay_.ld_k();
      mm({wk, xn, y, ld, ld, uint32_t(lay_.seq_stride_k())}, kbhd, d, rows, i8);
      continue;
    }
    for (unsigned b = 0; b < job_.batch; ++b) {   // a sequence's tokens, row by row
      mm({wk, xn + uint64_t(b) * job_.context * ld, lay_.k_block(l, blk, b), ld, ld,
          lay_.ld_k()}, kbhd, d, job_.context, i8);
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

// Scores q.K^T per block of KV heads: W is the block's K rows, X one row per query head
// of the block (decode) or per token of one query head (prefill), each holding its q in
// its KV head's slice of the row and zeros elsewhere; softmax on the host (causal in
// prefill); then p.V against the transposed V cache, the block's heads in one GEMV.
I8Vec TransformerScript::attention(unsigned l, unsigned step, const I32Vec& q) {
  const unsigned d = m_.d_model, hd = m_.head_dim, rows = job_.rows(), grp = m_.group();
  const unsigned kb = lay_.kv_block(), kbhd = kb * hd;
  const unsigned keys_max = job_.prefill ? job_.context : job_.position(step, 0) + 1;
  const uint32_t ld_s = packed_stride(uint64_t(keys_max) * 4);
  // A product: sequence b, its X rows' query heads and (prefill) tokens.
  struct Product {
    unsigned b, blk;
    std::vector<unsigned> heads;   // per X row
    I32Vec scores;                 // X rows x keys_max
  };
  std::vector<Product> prods;
  const auto add_product = [&](unsigned b, unsigned blk, std::vector<unsigned> heads,
                               unsigned tokens) {
    const unsigned n = unsigned(heads.size()) * tokens;
    I8Vec x(size_t(n) * kbhd, 0);
    for (unsigned t = 0; t < tokens; ++t) {
      for (size_t i = 0; i < heads.size(); ++i) {
        const unsigned h = heads[i], slot = h / grp % kb;
        const size_t row = job_.prefill ? size_t(b) * job_.context + t : b;
        for (unsigned j = 0; j < hd; ++j) {
          x[(t * heads.size() + i) * kbhd + slot * hd + j] = int8_t(q[row * d + size_t(h) * hd + j]);
        }
      }
    }
    const uint64_t xa = put(x, kbhd, "qx");
    prods.push_back({b, blk, std::move(heads),
                     mm({lay_.k_block(l, blk, b), xa, alloc(uint64_t(n) * ld_s, "scores"),
                         lay_.ld_k(), packed_stride(kbhd), ld_s}, keys_max, kbhd, n, {})});
  };
  for (unsigned b = 0; b < job_.batch; ++b) {
    for (unsigned blk = 0; blk < lay_.kv_blocks(); ++blk) {
      std::vector<unsigned> heads;
      for (unsigned h = blk * kb * grp; h < (blk + 1) * kb * grp; ++h) heads.push_back(h);
      if (!job_.prefill) {
        add_product(b, blk, heads, 1);
        continue;
      }
      for (unsigned h : heads) add_product(b, blk, {h}, job_.context);
    }
  }
  drv_.sync("attn_score");
  I8Vec attn(size_t(rows) * d);
  for (const Product& p : prods) {
    const unsigned n = unsigned(p.scores.size() / keys_max);
    I8Vec probs(size_t(n) * keys_max, 0);
    for (unsigned i = 0; i < n; ++i) {
      const unsigned keys = job_.prefill ? i + 1 : keys_max;   // causal in prefill
      const I8Vec pi = softmax_i8(&p.scores[size_t(i) * keys_max], keys, hd);
      std::copy(pi.begin(), pi.end(), probs.begin() + long(size_t(i) * keys_max));
    }
    const uint64_t pa = put(probs, keys_max, "p");
    const uint32_t ld_o = packed_stride(uint64_t(kbhd) * 4);
    const I32Vec out = mm({lay_.v_cache(l, p.blk * kb, p.b), pa, alloc(uint64_t(n) * ld_o, "pv"),
                           lay_.ld_v(), packed_stride(keys_max), ld_o}, kbhd, keys_max, n, {});
    // X row i: its head's slice of the block's outputs.
    for (unsigned i = 0; i < n; ++i) {
      const unsigned h = p.heads[i % p.heads.size()], slot = h / grp % kb;
      const size_t row = job_.prefill ? size_t(p.b) * job_.context + i : p.b;
      for (unsigned j = 0; j < hd; ++j) {
        attn[row * d + size_t(h) * hd + j] = requant(out[size_t(i) * kbhd + slot * hd + j], kPvShift);
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
