// Verilator's headers first: after SystemC's they would assume a SystemC-mode model.
#include <verilated.h>
#include <verilated_fst_c.h>

#include "cosim/models/rtl_channels.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "Vhbm_sim_top.h"
#include "Vhbm_sim_top32.h"
#include "Vhbm_sim_top32_clock_fell.h"
#include "Vhbm_sim_top_clock_fell.h"
#include "common/errors.h"
#include "cosim/models/model_edges.h"

namespace hbmsim {
namespace {

unsigned log2u(unsigned v) {
  unsigned n = 0;
  while ((1u << n) < v) ++n;
  return n;
}

// The flat bank index on the command buses is {sid, bg, ba}.
void split_bank(unsigned flat, const Organisation& org, Command& c) {
  c.bank = flat % org.banks_per_group;
  c.bg = (flat / org.banks_per_group) % org.bankgroups;
  c.sid = flat / (org.banks_per_group * org.bankgroups);
}

// One build of the channel RTL (M: its Verilated class).
template <class M>
class ChannelModels final : public RtlChannels {
 public:
  ChannelModels(VerilatedContext& ctx, unsigned pcs, unsigned bank_bits, unsigned threads);

  void configure(const Timing& t, const Organisation& org, unsigned addr_bits) override;
  void reset() override;
  void eval(bool clock_high) override;
  void eval_beside(bool clock_high, const std::function<void()>& other) override;
  void eval_cycle(const std::function<void()>& other, const PcStage* stage) override;
  void trace(VerilatedFstC& fst, const std::string& only) override;
  void final() override;
  void drive_read_data(unsigned pc, const DqWord* word) override;
  void commands(uint64_t cycle, const Organisation& org, std::vector<Command>& out,
                unsigned pc_begin, unsigned pc_end, std::vector<Command>* phase1) override;
  bool write_data(unsigned pc, DqWord& word, uint32_t& strobes) override;
  void show_device(unsigned pc, uint64_t open_banks, uint32_t violations) override;
  void drive_apb(unsigned index, const ApbPins& p) override;
  bool apb_ready(unsigned index) override { return models_[index]->apb_ready_o; }
  bool apb_error(unsigned index) override { return models_[index]->apb_slverr_o; }
  uint32_t apb_rdata(unsigned index) override { return models_[index]->apb_rdata_o; }
  unsigned queue_count(unsigned pc) override { return model_of(pc).queue_count_o[lane(pc)]; }
  unsigned rob_used(unsigned pc) override { return model_of(pc).rob_used_o[lane(pc)]; }
  unsigned wdb_used(unsigned pc) override { return model_of(pc).wdb_used_o[lane(pc)]; }
  int refresh_owed(unsigned pc) override {
    return static_cast<int8_t>(model_of(pc).refresh_owed_o[lane(pc)]);
  }

 private:
  M& model_of(unsigned pc) { return *models_[pc / kPcsPerModel]; }
  void run_edges(bool fall, bool rise, const std::function<void()>& other,
                 const PcStage* stage = nullptr);

  std::vector<std::unique_ptr<M>> models_;
  std::vector<uint8_t> clocks_;   // per model: bit per PC in use
};

template <class M>
ChannelModels<M>::ChannelModels(VerilatedContext& ctx, unsigned pcs, unsigned bank_bits,
                                unsigned threads)
    : RtlChannels(pcs, bank_bits, threads) {
  for (unsigned i = 0; i < models(); ++i) {
    models_.push_back(std::make_unique<M>(&ctx, ("ch" + std::to_string(i)).c_str()));
    const unsigned used = std::min(kPcsPerModel, pcs - i * kPcsPerModel);
    clocks_.push_back(static_cast<uint8_t>((1u << used) - 1));
  }
  for (unsigned pc = 0; pc < pcs; ++pc) pins_.push_back(axi_pins(model_of(pc), lane(pc)));
}

template <class M>
void ChannelModels<M>::configure(const Timing& t, const Organisation& org, unsigned addr_bits) {
  for (auto& mp : models_) {
    M& m = *mp;
    m.cfg_rl_i = t.RL;
    m.cfg_wl_i = t.WL;
    m.cfg_bl_i = t.BL;
    m.cfg_rcdrd_i = t.RCDRD;
    m.cfg_rcdwr_i = t.RCDWR;
    m.cfg_rp_i = t.RP;
    m.cfg_rpab_i = t.RPab;
    m.cfg_ras_i = t.RAS;
    m.cfg_rc_i = t.RC;
    m.cfg_rrds_i = t.RRDS;
    m.cfg_rrdl_i = t.RRDL;
    m.cfg_faw_i = t.FAW;
    m.cfg_ccds_i = t.CCDS;
    m.cfg_ccdl_i = t.CCDL;
    m.cfg_ccdr_i = t.CCDR;
    m.cfg_wtrs_i = t.WTRS;
    m.cfg_wtrl_i = t.WTRL;
    m.cfg_rtw_i = t.RTW;
    m.cfg_rtpl_i = t.RTPL;
    m.cfg_wr_i = t.WR;
    m.cfg_ppd_i = t.PPD;
    m.cfg_rfc_i = t.RFC;
    m.cfg_rfcpb_i = t.RFCpb;
    m.cfg_rrefd_i = t.RREFD;
    m.cfg_refi_i = t.REFI;
    m.cfg_refipb_i = t.REFIpb;
    m.cfg_sid_bits_i = log2u(org.sids);
    m.cfg_bg_bits_i = log2u(org.bankgroups);
    m.cfg_ba_bits_i = log2u(org.banks_per_group);
    m.cfg_num_sids_i = org.sids;
    m.cfg_addr_bits_i = addr_bits;
    m.apb_sel_i = 0;
    m.apb_enable_i = 0;
  }
}

// Clocks every model with reset held so every register, configuration included, is
// loaded; the first tCK after reset is cycle 0.
template <class M>
void ChannelModels<M>::reset() {
  for (auto& m : models_) m->rst_ni = 0;
  for (int i = 0; i < 4; ++i) {
    eval(false);
    eval(true);
  }
  eval(false);
  for (auto& m : models_) {
    m->rst_ni = 1;
    m->eval();
  }
}

// The rising edge is where the models' time goes (their sequential logic and all that
// depends on it); the falling half only settles input-driven logic, too little to be
// worth a hand-over between threads.
template <class M>
void ChannelModels<M>::eval(bool clock_high) {
  eval_beside(clock_high, {});
}

template <class M>
void ChannelModels<M>::eval_beside(bool clock_high, const std::function<void()>& other) {
  run_edges(!clock_high, clock_high, other);
}

template <class M>
void ChannelModels<M>::eval_cycle(const std::function<void()>& other, const PcStage* stage) {
  run_edges(true, true, other, stage);
}

// Each model's falling edge, rising edge or both, in that order; `other` is item n of the
// job (the last: a worker's share when there is one). A job with a rising edge goes to
// the threads. Both edges together are eval_tck's (model_edges.h: the falling one recorded,
// not evaluated).
template <class M>
void ChannelModels<M>::run_edges(bool fall, bool rise, const std::function<void()>& other,
                                 const PcStage* stage) {
  const size_t n = models_.size();
  const auto eval_range = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < std::min(end, n); ++i) {
      M& m = *models_[i];
      if (fall && rise) {
        eval_tck(m, clocks_[i]);
      } else {
        m.clk_i = rise ? clocks_[i] : 0;
        m.eval();
      }
    }
    if (end > n) other();
  };
  const size_t items = other ? n + 1 : n;
  if (!stage) {
    if (parallel_ && rise) parallel_->run(items, eval_range);
    else eval_range(0, items);
    return;
  }
  // The PCs of models [begin, end) (`other`, item n, has none). Two pointers captured: held
  // in std::function's own storage, no allocation a tCK.
  const ParallelEval::Prepare prepare = [this, stage](size_t begin, size_t end, bool last) {
    const auto pc_at = [this](size_t model) {
      return static_cast<unsigned>(std::min<size_t>(model * kPcsPerModel, pcs()));
    };
    (*stage)(pc_at(begin), pc_at(end), last);
  };
  if (parallel_ && rise) {
    parallel_->run(items, eval_range, &prepare);
  } else {
    prepare(0, items, true);
    eval_range(0, items);
  }
}

template <class M>
void ChannelModels<M>::trace(VerilatedFstC& fst, const std::string& only) {
  for (auto& m : models_) {
    if (only.empty() || only == m->name()) m->trace(&fst, 99);
  }
}

template <class M>
void ChannelModels<M>::final() {
  for (auto& m : models_) m->final();
}

template <class M>
void ChannelModels<M>::drive_read_data(unsigned pc, const DqWord* word) {
  M& m = model_of(pc);
  m.rdq_valid_i[lane(pc)] = word != nullptr;
  if (word) std::memcpy(m.rdq_i[lane(pc)].data(), word->data.data(), DqWord::kBytes);
}

namespace {

// A bus's command as the model's pins give it (cmd not 0: the callers test it first, so
// an idle bus reads no other pin).
void row_command(uint64_t cycle, unsigned ch, unsigned pc, unsigned cmd, uint32_t bank,
                 uint32_t row, const Organisation& org, std::vector<Command>& out) {
  static constexpr CmdKind kRowKinds[] = {CmdKind::ACT, CmdKind::PRE, CmdKind::PREA,
                                          CmdKind::REFab, CmdKind::REFpb};
  Command c;
  c.cycle = cycle;
  c.ch = ch;
  c.pc = pc;
  c.kind = kRowKinds[cmd - 1];
  if (targets_bank(c.kind)) split_bank(bank, org, c);
  if (c.kind == CmdKind::ACT) c.row = row;
  out.push_back(c);
}

void col_command(uint64_t cycle, unsigned ch, unsigned pc, unsigned cmd, bool ap,
                 uint32_t bank, uint32_t col, const Organisation& org,
                 std::vector<Command>& out) {
  Command c;
  c.cycle = cycle;
  c.ch = ch;
  c.pc = pc;
  c.kind = cmd == 1 ? (ap ? CmdKind::RDA : CmdKind::RD) : (ap ? CmdKind::WRA : CmdKind::WR);
  split_bank(bank, org, c);
  c.col = col;
  out.push_back(c);
}

}  // namespace

template <class M>
void ChannelModels<M>::commands(uint64_t cycle, const Organisation& org,
                                std::vector<Command>& out, unsigned pc_begin,
                                unsigned pc_end, std::vector<Command>* phase1) {
  const size_t end = std::min<size_t>(models_.size(),
                                      (size_t(pc_end) + kPcsPerModel - 1) / kPcsPerModel);
  for (unsigned ch = pc_begin / kPcsPerModel; ch < end; ++ch) {
    M& m = *models_[ch];
    if (const unsigned cmd = m.row_cmd_o[0]) {
      row_command(cycle, ch, m.row_pc_o[0], cmd, m.row_bank_o[0], m.row_row_o[0], org, out);
    }
    if (const unsigned cmd = m.col_cmd_o[0]) {
      col_command(cycle, ch, m.col_pc_o[0], cmd, m.col_ap_o[0], m.col_bank_o[0],
                  m.col_col_o[0], org, out);
    }
    if (!phase1) continue;
    // The clock's second tCK: PC 1's (hbm_channel).
    if (const unsigned cmd = m.row1_cmd_o[0]) {
      row_command(cycle + 1, ch, 1, cmd, m.row1_bank_o[0], m.row1_row_o[0], org, *phase1);
    }
    if (const unsigned cmd = m.col1_cmd_o[0]) {
      col_command(cycle + 1, ch, 1, cmd, m.col1_ap_o[0], m.col1_bank_o[0], m.col1_col_o[0],
                  org, *phase1);
    }
  }
}

template <class M>
bool ChannelModels<M>::write_data(unsigned pc, DqWord& word, uint32_t& strobes) {
  M& m = model_of(pc);
  if (!m.wdq_valid_o[lane(pc)]) return false;
  std::memcpy(word.data.data(), m.wdq_o[lane(pc)].data(), DqWord::kBytes);
  strobes = static_cast<uint32_t>(m.wdq_strb_o[lane(pc)]);
  return true;
}

template <class M>
void ChannelModels<M>::show_device(unsigned pc, uint64_t open_banks, uint32_t violations) {
  M& m = model_of(pc);
  m.dev_open_banks_i[lane(pc)] = open_banks;
  m.dev_violations_i = violations;
}

template <class M>
void ChannelModels<M>::drive_apb(unsigned index, const ApbPins& p) {
  M& m = *models_[index];
  m.apb_sel_i = p.sel;
  m.apb_enable_i = p.enable;
  m.apb_addr_i = p.addr;
  m.apb_write_i = p.write;
  m.apb_wdata_i = p.wdata;
}

}  // namespace

RtlChannels::RtlChannels(unsigned pcs, unsigned bank_bits, unsigned threads)
    : pcs_(pcs), models_((pcs + kPcsPerModel - 1) / kPcsPerModel), bank_bits_(bank_bits) {
  const unsigned used = threads_used(pcs, threads);
  if (used > 1) parallel_ = std::make_unique<ParallelEval>(used);
}

RtlChannels::~RtlChannels() = default;

unsigned RtlChannels::bank_bits(const Organisation& org) {
  return log2u(org.sids) + log2u(org.bankgroups) + log2u(org.banks_per_group);
}

// A build of BankW bits holds an organisation when its flat bank index {sid, bg, ba}, its
// bank-group index {sid, bg} and its stack-ID index fit hbm_pkg's BankW, GroupW = BankW - 2
// and SidW = BankW - 4 (4 SIDs of 2 banks per group are 5 bank bits but 4 group bits).
bool RtlChannels::fits(const Organisation& org, unsigned build_bank_bits) {
  const unsigned sid = log2u(org.sids), bg = log2u(org.bankgroups);
  return bank_bits(org) <= build_bank_bits && sid + bg <= build_bank_bits - 2 &&
         sid <= build_bank_bits - 4;
}

std::unique_ptr<RtlChannels> RtlChannels::create(VerilatedContext& ctx, const Organisation& org,
                                                 unsigned pcs, unsigned threads) {
  if (fits(org, kBuildBankBits[0])) {
    return std::make_unique<ChannelModels<Vhbm_sim_top32>>(ctx, pcs, kBuildBankBits[0], threads);
  }
  if (fits(org, kBuildBankBits[1])) {
    return std::make_unique<ChannelModels<Vhbm_sim_top>>(ctx, pcs, kBuildBankBits[1], threads);
  }
  throw ConfigError("the organisation needs " + std::to_string(bank_bits(org)) +
                    " bits of bank index per PC (sids x bank groups x banks); the RTL is "
                    "built for at most " + std::to_string(kBuildBankBits[1]) +
                    ", with at most 4 of {sid, bank group} and 2 of stack ID");
}

}  // namespace hbmsim
