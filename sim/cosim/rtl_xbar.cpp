// Verilator's headers first: after SystemC's they would assume a SystemC-mode model.
#include <verilated.h>
#include <verilated_fst_c.h>

#include "cosim/rtl_xbar.h"

#include <cstring>

#include <fmt/format.h>

#include "Vhbm_sim_top.h"
#include "Vhbm_xbar_sim_top.h"
#include "common/errors.h"
#include "cosim/rtl_channels.h"

namespace hbmsim {
namespace {
unsigned log2_if_pow2(uint64_t v) {
  unsigned n = 0;
  while ((1ull << n) < v) ++n;
  return (1ull << n) == v ? n : ~0u;
}
}  // namespace

RtlXbar::RtlXbar(VerilatedContext& ctx, unsigned pcs, uint64_t granule_bytes)
    : m_(std::make_unique<Vhbm_xbar_sim_top>(&ctx, "xbar")), pcs_(pcs) {
  pcs_log2_ = log2_if_pow2(pcs);
  gran_log2_ = log2_if_pow2(granule_bytes);
  if (pcs_log2_ == ~0u || pcs > kMaxPcs) {
    throw ConfigError(fmt::format("--pcs {}: the crossbar interleaves a power of two of PCs "
                                  "(1 to {})", pcs, kMaxPcs));
  }
  if (gran_log2_ == ~0u || granule_bytes < kMinGranuleBytes || gran_log2_ > 9 + 15) {
    throw ConfigError(fmt::format("--xbar-granule {}: expected a power of two from {} bytes "
                                  "(a WRAP burst spans up to 512 B)", granule_bytes,
                                  kMinGranuleBytes));
  }
  m_->cfg_gran_log2_i = gran_log2_ - 9;
  m_->cfg_pcs_log2_i = pcs_log2_;
}

RtlXbar::~RtlXbar() = default;

AxiPins RtlXbar::host_pins() { return axi_pins(*m_, 0); }

void RtlXbar::reset(bool asserted) { m_->rst_ni = !asserted; }

void RtlXbar::eval(bool clock_high) {
  m_->clk_i = clock_high;
  m_->eval();
}

void RtlXbar::to_pcs(RtlChannels& rtl) {
  Vhbm_xbar_sim_top& x = *m_;
  for (unsigned p = 0; p < pcs_; ++p) {
    Vhbm_sim_top& c = rtl.model_of(p);
    const unsigned l = RtlChannels::lane(p);
    c.axi_aw_id_i[l] = x.pc_aw_id_o[p];
    c.axi_aw_addr_i[l] = x.pc_aw_addr_o[p];
    c.axi_aw_len_i[l] = x.pc_aw_len_o[p];
    c.axi_aw_size_i[l] = x.pc_aw_size_o[p];
    c.axi_aw_burst_i[l] = x.pc_aw_burst_o[p];
    c.axi_aw_valid_i[l] = x.pc_aw_valid_o[p];
    std::memcpy(c.axi_w_data_i[l].data(), x.pc_w_data_o[p].data(), 32);
    c.axi_w_strb_i[l] = x.pc_w_strb_o[p];
    c.axi_w_last_i[l] = x.pc_w_last_o[p];
    c.axi_w_valid_i[l] = x.pc_w_valid_o[p];
    c.axi_b_ready_i[l] = x.pc_b_ready_o[p];
    c.axi_ar_id_i[l] = x.pc_ar_id_o[p];
    c.axi_ar_addr_i[l] = x.pc_ar_addr_o[p];
    c.axi_ar_len_i[l] = x.pc_ar_len_o[p];
    c.axi_ar_size_i[l] = x.pc_ar_size_o[p];
    c.axi_ar_burst_i[l] = x.pc_ar_burst_o[p];
    c.axi_ar_valid_i[l] = x.pc_ar_valid_o[p];
    c.axi_r_ready_i[l] = x.pc_r_ready_o[p];
  }
}

void RtlXbar::from_pcs(RtlChannels& rtl) {
  Vhbm_xbar_sim_top& x = *m_;
  for (unsigned p = 0; p < pcs_; ++p) {
    Vhbm_sim_top& c = rtl.model_of(p);
    const unsigned l = RtlChannels::lane(p);
    x.pc_aw_ready_i[p] = c.axi_aw_ready_o[l];
    x.pc_w_ready_i[p] = c.axi_w_ready_o[l];
    x.pc_b_id_i[p] = c.axi_b_id_o[l];
    x.pc_b_resp_i[p] = c.axi_b_resp_o[l];
    x.pc_b_valid_i[p] = c.axi_b_valid_o[l];
    x.pc_ar_ready_i[p] = c.axi_ar_ready_o[l];
    x.pc_r_id_i[p] = c.axi_r_id_o[l];
    std::memcpy(x.pc_r_data_i[p].data(), c.axi_r_data_o[l].data(), 32);
    x.pc_r_resp_i[p] = c.axi_r_resp_o[l];
    x.pc_r_last_i[p] = c.axi_r_last_o[l];
    x.pc_r_valid_i[p] = c.axi_r_valid_o[l];
  }
}

void RtlXbar::trace(VerilatedFstC& fst) { m_->trace(&fst, 99); }
void RtlXbar::final() { m_->final(); }

unsigned RtlXbar::pc_of(uint64_t addr) const {
  return unsigned((addr >> gran_log2_) & ((1ull << pcs_log2_) - 1));
}

uint64_t RtlXbar::local_of(uint64_t addr) const {
  const uint64_t low = addr & ((1ull << gran_log2_) - 1);
  return ((addr >> (gran_log2_ + pcs_log2_)) << gran_log2_) | low;
}

}  // namespace hbmsim
