// Verilator's headers first: after SystemC's they would assume a SystemC-mode model.
#include <verilated.h>
#include <verilated_fst_c.h>

#include "cosim/rtl_tile.h"

#include <fmt/format.h>

#include "Vhbm_tile_sim_top.h"
#include "Vhbm_tile_sim_top32.h"
#include "common/errors.h"
#include "cosim/pc_link.h"

namespace hbmsim {

// What RtlTile asks of a Verilated tile; ModelOf<M> answers for either build.
class RtlTile::Model {
 public:
  virtual ~Model() = default;
  virtual void configure(const Interleave& il, unsigned mem_bytes_log2) = 0;
  virtual void reset(bool asserted) = 0;
  virtual void eval(bool clock_high) = 0;
  virtual void to_pcs(RtlChannels& rtl, unsigned pcs) = 0;
  virtual void from_pcs(RtlChannels& rtl, unsigned pcs) = 0;
  virtual uint64_t handshakes(unsigned pcs) = 0;
  virtual void drive_apb(const TileApbPins& p) = 0;
  virtual bool apb_ready() const = 0;
  virtual bool apb_error() const = 0;
  virtual uint32_t apb_rdata() const = 0;
  virtual bool irq() const = 0;
  virtual TileState state() const = 0;
  virtual void trace(VerilatedFstC& fst) = 0;
  virtual void final() = 0;
};

template <class M, unsigned Ports>
class RtlTile::ModelOf final : public RtlTile::Model {
 public:
  explicit ModelOf(VerilatedContext& ctx) : m_(std::make_unique<M>(&ctx, "tile")) {}

  void configure(const Interleave& il, unsigned mem_bytes_log2) override {
    m_->cfg_pcs_log2_i = il.pcs_log2;
    m_->cfg_gran_log2_i = il.gran_log2;
    m_->cfg_mem_log2_i = mem_bytes_log2;
    // Ports beyond --pcs have no PC behind them: nothing is ever ready or valid there.
    for (unsigned p = 0; p < Ports; ++p) {
      m_->pc_aw_ready_i[p] = 0;
      m_->pc_w_ready_i[p] = 0;
      m_->pc_b_valid_i[p] = 0;
      m_->pc_ar_ready_i[p] = 0;
      m_->pc_r_valid_i[p] = 0;
    }
  }
  void reset(bool asserted) override { m_->rst_ni = !asserted; }
  void eval(bool clock_high) override {
    m_->clk_i = clock_high;
    m_->eval();
  }
  void to_pcs(RtlChannels& rtl, unsigned pcs) override { drive_pc_ports(*m_, rtl, pcs); }
  void from_pcs(RtlChannels& rtl, unsigned pcs) override { sample_pc_ports(*m_, rtl, pcs); }
  uint64_t handshakes(unsigned pcs) override { return count_pc_handshakes(*m_, pcs); }
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

RtlTile::RtlTile(VerilatedContext& ctx, unsigned pcs, uint64_t granule_bytes,
                 unsigned mem_bytes_log2)
    : pcs_(pcs) {
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
  // The smaller build whenever it has a port for every PC: idle ports cost time too.
  if (pcs <= kPortsSmall) m_ = std::make_unique<ModelOf<Vhbm_tile_sim_top32, kPortsSmall>>(ctx);
  else m_ = std::make_unique<ModelOf<Vhbm_tile_sim_top, kMaxPcs>>(ctx);
  m_->configure(il_, mem_bytes_log2);
  drive_apb({});
}

RtlTile::~RtlTile() = default;

void RtlTile::reset(bool asserted) { m_->reset(asserted); }
void RtlTile::eval(bool clock_high) { m_->eval(clock_high); }
void RtlTile::to_pcs(RtlChannels& rtl) { m_->to_pcs(rtl, pcs_); }
void RtlTile::from_pcs(RtlChannels& rtl) { m_->from_pcs(rtl, pcs_); }
void RtlTile::count_handshakes() { handshakes_ += m_->handshakes(pcs_); }

void RtlTile::drive_apb(const TileApbPins& p) { m_->drive_apb(p); }
bool RtlTile::apb_ready() const { return m_->apb_ready(); }
bool RtlTile::apb_error() const { return m_->apb_error(); }
uint32_t RtlTile::apb_rdata() const { return m_->apb_rdata(); }
bool RtlTile::irq() const { return m_->irq(); }
TileState RtlTile::state() const { return m_->state(); }

std::string RtlTile::status() const {
  const TileState s = state();
  return fmt::format("tile {}, {} descriptors queued, {} read bursts and {} write bursts "
                     "outstanding, {} output rows in the window, irq {}",
                     s.busy ? "busy" : "idle", s.queued, s.rd_outstanding, s.wr_outstanding,
                     s.window_rows, irq() ? "high" : "low");
}

void RtlTile::trace(VerilatedFstC& fst) { m_->trace(fst); }
void RtlTile::final() { m_->final(); }

}  // namespace hbmsim
