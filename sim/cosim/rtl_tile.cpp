// Verilator's headers first: after SystemC's they would assume a SystemC-mode model.
#include <verilated.h>
#include <verilated_fst_c.h>

#include "cosim/rtl_tile.h"

#include <fmt/format.h>

#include "Vhbm_tile_sim_top.h"
#include "common/errors.h"
#include "cosim/pc_link.h"

namespace hbmsim {

RtlTile::RtlTile(VerilatedContext& ctx, unsigned pcs, uint64_t granule_bytes,
                 unsigned mem_bytes_log2)
    : m_(std::make_unique<Vhbm_tile_sim_top>(&ctx, "tile")), pcs_(pcs) {
  const auto pcs_log2 = exact_log2(pcs);
  const auto gran_log2 = exact_log2(granule_bytes);
  if (!pcs_log2 || pcs > kMaxPcs) {
    throw ConfigError(fmt::format("--pcs {}: the tile interleaves its tensors over a power of "
                                  "two of PCs (1 to {})", pcs, kMaxPcs));
  }
  if (!gran_log2 || *gran_log2 < kMinGranuleLog2 || *gran_log2 > kMaxGranuleLog2) {
    throw ConfigError(fmt::format("--tile-granule {}: expected a power of two from {} to {} "
                                  "bytes", granule_bytes, 1u << kMinGranuleLog2,
                                  1u << kMaxGranuleLog2));
  }
  il_ = Interleave{*pcs_log2, *gran_log2};
  m_->cfg_pcs_log2_i = il_.pcs_log2;
  m_->cfg_gran_log2_i = il_.gran_log2;
  m_->cfg_mem_log2_i = mem_bytes_log2;
  // Ports beyond --pcs have no PC behind them: nothing is ever ready or valid there.
  for (unsigned p = 0; p < kMaxPcs; ++p) {
    m_->pc_aw_ready_i[p] = 0;
    m_->pc_w_ready_i[p] = 0;
    m_->pc_b_valid_i[p] = 0;
    m_->pc_ar_ready_i[p] = 0;
    m_->pc_r_valid_i[p] = 0;
  }
  drive_apb({});
}

RtlTile::~RtlTile() = default;

void RtlTile::reset(bool asserted) { m_->rst_ni = !asserted; }

void RtlTile::eval(bool clock_high) {
  m_->clk_i = clock_high;
  m_->eval();
}

void RtlTile::to_pcs(RtlChannels& rtl) { drive_pc_ports(*m_, rtl, pcs_); }
void RtlTile::from_pcs(RtlChannels& rtl) { sample_pc_ports(*m_, rtl, pcs_); }
void RtlTile::count_handshakes() { handshakes_ += count_pc_handshakes(*m_, pcs_); }

void RtlTile::drive_apb(const TileApbPins& p) {
  m_->apb_sel_i = p.sel;
  m_->apb_enable_i = p.enable;
  m_->apb_write_i = p.write;
  m_->apb_addr_i = p.addr & 0xfff;
  m_->apb_wdata_i = p.wdata;
}

bool RtlTile::apb_ready() const { return m_->apb_ready_o; }
bool RtlTile::apb_error() const { return m_->apb_slverr_o; }
uint32_t RtlTile::apb_rdata() const { return m_->apb_rdata_o; }
bool RtlTile::irq() const { return m_->irq_o; }

TileState RtlTile::state() const {
  return {bool(m_->busy_o), m_->rd_outstanding_o, m_->wr_outstanding_o, m_->window_rows_o,
          m_->queued_o};
}

std::string RtlTile::status() const {
  const TileState s = state();
  return fmt::format("tile {}, {} descriptors queued, {} read bursts and {} write bursts "
                     "outstanding, {} output rows in the window, irq {}",
                     s.busy ? "busy" : "idle", s.queued, s.rd_outstanding, s.wr_outstanding,
                     s.window_rows, irq() ? "high" : "low");
}

void RtlTile::trace(VerilatedFstC& fst) { m_->trace(&fst, 99); }
void RtlTile::final() { m_->final(); }

}  // namespace hbmsim
