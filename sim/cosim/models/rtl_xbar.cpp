// Verilator's headers first: after SystemC's they would assume a SystemC-mode model.
#include <verilated.h>
#include <verilated_fst_c.h>

#include "cosim/models/rtl_xbar.h"

#include <fmt/format.h>

#include "Vhbm_xbar_sim_top.h"
#include "common/errors.h"
#include "cosim/models/pc_link.h"

namespace hbmsim {

RtlXbar::RtlXbar(VerilatedContext& ctx, unsigned pcs, uint64_t granule_bytes)
    : m_(std::make_unique<Vhbm_xbar_sim_top>(&ctx, "xbar")), pcs_(pcs) {
  const auto pcs_log2 = exact_log2(pcs);
  if (!pcs_log2 || pcs > kMaxPcs) {
    throw ConfigError(fmt::format("--pcs {}: the crossbar interleaves a power of two of PCs "
                                  "(1 to {})", pcs, kMaxPcs));
  }
  check_granule(granule_bytes);
  il_ = Interleave{*pcs_log2, *exact_log2(granule_bytes)};
  m_->cfg_gran_log2_i = il_.gran_log2 - 9;
  m_->cfg_pcs_log2_i = il_.pcs_log2;
}

RtlXbar::~RtlXbar() = default;

void RtlXbar::check_granule(uint64_t granule_bytes) {
  const auto gran_log2 = exact_log2(granule_bytes);
  if (!gran_log2 || granule_bytes < kMinGranuleBytes || granule_bytes > kMaxGranuleBytes) {
    throw ConfigError(fmt::format("--xbar-granule {}: expected a power of two from {} B to "
                                  "16 MiB (2^9 to 2^24: a WRAP burst spans up to 512 B, the "
                                  "crossbar's granule field has 4 bits)", granule_bytes,
                                  kMinGranuleBytes));
  }
}

AxiPins RtlXbar::host_pins() { return axi_pins(*m_, 0); }

void RtlXbar::reset(bool asserted) { m_->rst_ni = !asserted; }

void RtlXbar::eval(bool clock_high) {
  m_->clk_i = clock_high;
  m_->eval();
}

void RtlXbar::to_pcs(RtlChannels& rtl) { drive_pc_ports(*m_, rtl, 0, pcs_); }
void RtlXbar::from_pcs(RtlChannels& rtl) { sample_pc_ports(*m_, rtl, 0, pcs_); }

void RtlXbar::trace(VerilatedFstC& fst) { m_->trace(&fst, 99); }
void RtlXbar::final() { m_->final(); }

}  // namespace hbmsim
