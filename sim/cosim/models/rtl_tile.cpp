// Verilator's headers first: after SystemC's they would assume a SystemC-mode model.
#include <verilated.h>
#include <verilated_fst_c.h>

#include "cosim/models/rtl_tile.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "Vhbm_tile_sim_top.h"
#include "Vhbm_tile_sim_top32.h"
#include "Vhbm_tile_sim_top32_clock_fell.h"
#include "Vhbm_tile_sim_top_clock_fell.h"
#include "common/errors.h"
#include "cosim/models/model_edges.h"
#include "cosim/models/pc_link.h"

namespace hbmsim {
namespace {

// The tile through one Verilated build M.
template <class M>
class TileModel final : public RtlTile {
 public:
  TileModel(VerilatedContext& ctx, unsigned pcs, uint64_t granule_bytes, unsigned mem_bytes_log2)
      : RtlTile(pcs, granule_bytes), m_(std::make_unique<M>(&ctx, "tile")) {
    m_->cfg_pcs_log2_i = il_.pcs_log2;
    m_->cfg_gran_log2_i = il_.gran_log2;
    m_->cfg_mem_log2_i = mem_bytes_log2;
    // Ports beyond --pcs have no PC behind them: nothing is ever ready or valid there.
    for (size_t p = 0; p < std::size(m_->pc_aw_ready_i); ++p) {   // the build's ports
      m_->pc_aw_ready_i[p] = 0;
      m_->pc_w_ready_i[p] = 0;
      m_->pc_b_valid_i[p] = 0;
      m_->pc_ar_ready_i[p] = 0;
      m_->pc_r_valid_i[p] = 0;
    }
    drive_apb({});
  }

  void reset(bool asserted) override { m_->rst_ni = !asserted; }
  void eval(bool clock_high) override {
    m_->clk_i = clock_high;
    m_->eval();
  }
  void eval_cycle() override { eval_tck(*m_, 1); }
  void to_pcs(RtlChannels& rtl, unsigned begin, unsigned end) override {
    drive_pc_ports(*m_, rtl, begin, std::min(end, pcs_));
  }
  void from_pcs(RtlChannels& rtl, unsigned begin, unsigned end) override {
    sample_pc_ports(*m_, rtl, begin, std::min(end, pcs_));
  }
  void count_handshakes() override { handshakes_ += count_pc_handshakes(*m_, pcs_); }

  void drive_apb(const TileApbPins& p) override {
    m_->apb_sel_i = p.sel;
    m_->apb_enable_i = p.enable;
    m_->apb_write_i = p.write;
    m_->apb_addr_i = p.addr & 0xfff;
    m_->apb_wdata_i = p.wdata;
  }
  bool apb_ready() const override { return m_->apb_ready_o; }
  bool apb_error() const override { return m_->apb_slverr_o; }
  uint32_t apb_rdata() const override { return m_->apb_rdata_o; }
  bool irq() const override { return m_->irq_o; }

  TileState state() const override {
    return {bool(m_->busy_o), m_->rd_outstanding_o, m_->wr_outstanding_o, m_->window_rows_o,
            m_->queued_o};
  }

  void trace(VerilatedFstC& fst) override { m_->trace(&fst, 99); }
  void final() override { m_->final(); }

 private:
  std::unique_ptr<M> m_;
};

}  // namespace

std::unique_ptr<RtlTile> RtlTile::create(VerilatedContext& ctx, unsigned pcs,
                                         uint64_t granule_bytes, unsigned mem_bytes_log2) {
  if (pcs <= kPortsSmall) {
    return std::make_unique<TileModel<Vhbm_tile_sim_top32>>(ctx, pcs, granule_bytes,
                                                            mem_bytes_log2);
  }
  return std::make_unique<TileModel<Vhbm_tile_sim_top>>(ctx, pcs, granule_bytes, mem_bytes_log2);
}

void RtlTile::check_pcs(unsigned pcs, unsigned stack_pcs) {
  const unsigned most = std::min(stack_pcs, kMaxPcs);
  if (exact_log2(pcs) && pcs <= most) return;
  // The powers of two up to most: a user with 6 PCs of HBM2's 16 reads 16 as the largest,
  // not the tile's own 64.
  std::string choices = "1";
  for (unsigned p = 2; p <= most; p *= 2) {
    choices += (p * 2 > most ? " or " : ", ") + std::to_string(p);
  }
  throw ConfigError(fmt::format("--pcs {}: the tile interleaves its tensors over a power of "
                                "two of PCs: {}{}", pcs, choices,
                                most < kMaxPcs ? fmt::format(" on this {}-PC stack", most)
                                               : std::string()));
}

RtlTile::RtlTile(unsigned pcs, uint64_t granule_bytes) : pcs_(pcs) {
  check_pcs(pcs, kMaxPcs);
  const auto pcs_log2 = exact_log2(pcs);
  const auto gran_log2 = exact_log2(granule_bytes);
  if (!gran_log2 || *gran_log2 < kMinGranuleLog2 || *gran_log2 > kMaxGranuleLog2) {
    throw ConfigError(fmt::format("--tile-granule {}: expected a power of two from {} to {} "
                                  "bytes", granule_bytes, 1u << kMinGranuleLog2,
                                  1u << kMaxGranuleLog2));
  }
  il_ = Interleave{*pcs_log2, *gran_log2};
}

std::string RtlTile::status() const {
  const TileState s = state();
  return fmt::format("tile {}, {} descriptors queued, {} read bursts and {} write bursts "
                     "outstanding, {} output rows in the window, irq {}",
                     s.busy ? "busy" : "idle", s.queued, s.rd_outstanding, s.wr_outstanding,
                     s.window_rows, irq() ? "high" : "low");
}

}  // namespace hbmsim
