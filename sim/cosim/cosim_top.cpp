// Verilator's headers come first: included after SystemC they assume a SystemC-mode
// model and look for sc_time_stamp(). This model is plain C++, clocked by CosimTop.
#include <verilated.h>
#include <verilated_fst_c.h>

#include "cosim/cosim_top.h"

#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "Vhbm_sim_top.h"
#include "common/errors.h"

#ifndef HBMSIM_MAX_PCS
#error "HBMSIM_MAX_PCS must say how many PCs the Verilated model has"
#endif

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

}  // namespace

unsigned rtl_max_pcs() { return HBMSIM_MAX_PCS; }

CosimTop::CosimTop(sc_core::sc_module_name name, const Standard& std, const CosimOptions& opt)
    : sc_core::sc_module(name),
      std_(std),
      opt_(opt),
      map_(opt.ctrl.mapping.empty() ? std.default_mapping : opt.ctrl.mapping, std.org,
           opt.ctrl.bank_xor),
      agents_(opt.pcs, nullptr),
      tck_ps_(std.t.tck_ns * 1000.0) {
  if (opt_.pcs == 0 || opt_.pcs > rtl_max_pcs() || opt_.pcs > std_.org.pcs()) {
    throw ConfigError(fmt::format("--pcs {}: must be 1 to {} ({} has {} pseudo-channels, "
                                  "the RTL model is built for {})", opt_.pcs,
                                  std::min(rtl_max_pcs(), std_.org.pcs()), std_.name,
                                  std_.org.pcs(), rtl_max_pcs()));
  }
  clock_mask_ = (opt_.pcs >= 64) ? ~0ull : ((1ull << opt_.pcs) - 1);
  ctx_ = std::make_unique<VerilatedContext>();
  ctx_->fatalOnError(false);  // a failed RTL assertion stops the run cleanly (stop_now)
  if (!opt_.wave.file.empty()) ctx_->traceEverOn(true);
  top_ = std::make_unique<Vhbm_sim_top>(ctx_.get(), "TOP");
  if (!opt_.wave.file.empty()) {
    fst_ = std::make_unique<VerilatedFstC>();
    top_->trace(fst_.get(), 99);
    if (!opt_.wave.scope.empty()) fst_->dumpvars(opt_.wave.depth, opt_.wave.scope);
    fst_->set_time_unit("1ps");
    fst_->set_time_resolution("1ps");
    fst_->open(opt_.wave.file.c_str());
  }
  device_ = std::make_unique<HbmDevice>("device", std_, opt_.pcs, opt_.seed);
  if (!opt_.cmd_log.empty()) log_ = std::make_unique<CommandLog>(opt_.cmd_log);
  SC_THREAD(thread);
}

CosimTop::~CosimTop() {
  if (fst_) fst_->close();
  if (top_) top_->final();
}

void CosimTop::attach(unsigned pc, PortAgent& agent) { agents_.at(pc) = &agent; }

void CosimTop::configure() {
  Timing t = std_.t;
  if (opt_.rtl_timing_fault) opt_.rtl_timing_fault(t);
  Vhbm_sim_top& m = *top_;
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
  m.cfg_rtps_i = t.RTPS;
  m.cfg_rtpl_i = t.RTPL;
  m.cfg_wr_i = t.WR;
  m.cfg_ppd_i = t.PPD;
  m.cfg_rfc_i = t.RFC;
  m.cfg_rfcpb_i = t.RFCpb;
  m.cfg_rrefd_i = t.RREFD;
  m.cfg_refi_i = t.REFI;
  m.cfg_refipb_i = t.REFIpb;
  m.cfg_sid_bits_i = log2u(std_.org.sids);
  m.cfg_bg_bits_i = log2u(std_.org.bankgroups);
  m.cfg_ba_bits_i = log2u(std_.org.banks_per_group);
  m.cfg_num_sids_i = std_.org.sids;
  m.cfg_addr_bits_i = map_.capacity_bits();
  m.apb_sel_i = 0;
  m.apb_enable_i = 0;
}

// Runs tCKs (traffic held back) until every queued CSR access is done.
void CosimTop::run_csr_accesses() {
  while (!csr_.idle()) {
    step();
    wait(sc_core::sc_time(std_.t.tck_ns, sc_core::SC_NS));
  }
  for (const auto& e : csr_.errors()) {
    outcome_.reason = StopReason::Violation;
    outcome_.message = "controller CSR access failed: " + e;
  }
}

// Every PC gets the same map and policies (one broadcast write per register); PC 0's
// ID register confirms the bus works.
void CosimTop::program_csrs() {
  csr_.read(csr::address(0, csr::kId), &csr_id_);
  for (const auto& [offset, value] : csr_setup(opt_.ctrl, map_)) {
    csr_.write(csr::address(csr::kBroadcastPc, offset), value);
  }
  run_csr_accesses();
  if (csr_id_ != csr::kIdValue && outcome_.message.empty()) {
    outcome_.reason = StopReason::Violation;
    outcome_.message = fmt::format("controller CSR ID reads {:#x}, expected {:#x}", csr_id_,
                                   csr::kIdValue);
  }
}

// Freezes the counters, then reads all of them from every PC.
void CosimTop::read_counters() {
  csr_.write(csr::address(csr::kBroadcastPc, csr::kCntCtrl), csr::kCntFreeze);
  std::vector<uint32_t> words(size_t(opt_.pcs) * csr::kCounterNames.size() * 2);
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    for (unsigned k = 0; k < csr::kCounterNames.size() * 2; ++k) {
      csr_.read(csr::address(pc, csr::kCounters + 4 * k),
                &words[(size_t(pc) * csr::kCounterNames.size() * 2) + k]);
    }
  }
  step();                       // the freeze write completes in its access tCK
  outcome_.counters_frozen = cycle_;
  run_csr_accesses();
  outcome_.counters.assign(opt_.pcs, std::vector<uint64_t>(csr::kCounterNames.size()));
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    for (unsigned k = 0; k < csr::kCounterNames.size(); ++k) {
      const size_t at = (size_t(pc) * csr::kCounterNames.size() + k) * 2;
      outcome_.counters[pc][k] = uint64_t(words[at]) | (uint64_t(words[at + 1]) << 32);
    }
  }
}

// Clocks the model with reset held so every register, configuration included, is
// loaded; cycle 0 is the first tCK after reset is released.
void CosimTop::reset() {
  configure();
  top_->rst_ni = 0;
  for (int i = 0; i < 4; ++i) {
    top_->clk_i = 0;
    top_->eval();
    top_->clk_i = clock_mask_;
    top_->eval();
  }
  top_->clk_i = 0;
  top_->eval();
  top_->rst_ni = 1;
  top_->eval();
}

void CosimTop::settle(bool clock_high) {
  top_->clk_i = clock_high ? clock_mask_ : 0;
  top_->eval();
  if (fst_ && cycle_ >= opt_.wave.start && cycle_ <= opt_.wave.end) {
    const double t = (double(cycle_) + (clock_high ? 0.5 : 0.0)) * tck_ps_;
    fst_->dump(static_cast<uint64_t>(std::llround(t)));
  }
}

// Read data the device drives in this tCK.
void CosimTop::exchange_dq_in() {
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    const DqBeat* beat = device_->read_beat(pc, cycle_);
    top_->rdq_valid_i[pc] = beat != nullptr;
    if (beat) std::memcpy(top_->rdq_i[pc].data(), beat->data.data(), DqBeat::kBytes);
  }
}

// Commands and write data the controller drives in this tCK.
void CosimTop::exchange_buses() {
  const Organisation& org = std_.org;
  const unsigned channels = (opt_.pcs + 1) / 2;
  for (unsigned ch = 0; ch < channels; ++ch) {
    static constexpr CmdKind kRowKinds[] = {CmdKind::ACT, CmdKind::PRE, CmdKind::PREA,
                                            CmdKind::REFab, CmdKind::REFpb};
    const unsigned row_cmd = top_->row_cmd_o[ch];
    if (row_cmd != 0) {
      Command c;
      c.cycle = cycle_;
      c.ch = ch;
      c.pc = top_->row_pc_o[ch];
      c.kind = kRowKinds[row_cmd - 1];
      if (targets_bank(c.kind)) split_bank(top_->row_bank_o[ch], org, c);
      if (c.kind == CmdKind::ACT) c.row = top_->row_row_o[ch];
      device_->command(c);
      if (log_) log_->write(c);
    }
    const unsigned col_cmd = top_->col_cmd_o[ch];
    if (col_cmd != 0) {
      Command c;
      c.cycle = cycle_;
      c.ch = ch;
      c.pc = top_->col_pc_o[ch];
      const bool ap = top_->col_ap_o[ch];
      c.kind = col_cmd == 1 ? (ap ? CmdKind::RDA : CmdKind::RD) : (ap ? CmdKind::WRA : CmdKind::WR);
      split_bank(top_->col_bank_o[ch], org, c);
      c.col = top_->col_col_o[ch];
      device_->command(c);
      if (log_) log_->write(c);
    }
  }
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    if (!top_->wdq_valid_o[pc]) continue;
    DqBeat beat;
    std::memcpy(beat.data.data(), top_->wdq_o[pc].data(), DqBeat::kBytes);
    device_->write_beat(pc, cycle_, beat, static_cast<uint16_t>(top_->wdq_strb_o[pc]));
  }
}

// The device's state, as waveform-only inputs of the model.
void CosimTop::show_device_state() {
  const unsigned banks = std_.org.banks_per_pc();
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    uint64_t open = 0;
    for (unsigned b = 0; b < banks; ++b) {
      if (device_->checker().is_open(pc, b)) open |= 1ull << b;
    }
    top_->dev_open_banks_i[pc] = open;
  }
  top_->dev_violations_i = static_cast<uint32_t>(device_->violations().size());
}

void CosimTop::step() {
  csr_.drive(*top_);
  for (PortAgent* a : agents_) {
    if (a && traffic_on_) a->drive(*top_, cycle_);
  }
  if (fst_) show_device_state();
  exchange_dq_in();
  settle(false);
  exchange_buses();
  device_->end_cycle(cycle_);
  csr_.sample(*top_, cycle_);
  for (PortAgent* a : agents_) {
    if (a && traffic_on_) a->sample(*top_, cycle_);
  }
  settle(true);
  ++cycle_;
}

bool CosimTop::stop_now() {
  if (ctx_->gotError()) {
    outcome_.reason = StopReason::RtlAssertion;
    outcome_.message = fmt::format("an RTL assertion failed by cycle {} (Verilator's message "
                                   "is above)", cycle_);
    return true;
  }
  const auto& v = device_->violations();
  if (opt_.stop_on_violation && v.size() > violations_seen_) {
    outcome_.reason = StopReason::Violation;
    outcome_.message = v[violations_seen_].message();
    return true;
  }
  violations_seen_ = v.size();

  bool done = true;
  uint64_t progress = 0;
  for (PortAgent* a : agents_) {
    if (!a) continue;
    done = done && a->done();
    progress += a->progress();
  }
  // Writes are posted: the host is done before the controller has written everything.
  if (done && rtl_idle()) return true;
  if (progress != last_progress_) {
    last_progress_ = progress;
    last_progress_cycle_ = cycle_;
  } else if (cycle_ - last_progress_cycle_ >= opt_.watchdog_cycles) {
    outcome_.reason = StopReason::Deadlock;
    outcome_.message = fmt::format("deadlock: no AXI handshake for {} tCK (since cycle {}); "
                                   "{}", opt_.watchdog_cycles, last_progress_cycle_,
                                   stuck_report());
    return true;
  }
  if (opt_.max_cycles && cycle_ >= opt_.max_cycles) {
    outcome_.reason = StopReason::CycleLimit;
    outcome_.message = fmt::format("stopped at the cycle limit ({} tCK)", opt_.max_cycles);
    return true;
  }
  return false;
}

bool CosimTop::rtl_idle() const {
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    if (top_->queue_count_o[pc] != 0) return false;
  }
  return device_->idle();
}

std::string CosimTop::stuck_report() const {
  std::string s;
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    if (!agents_[pc] || agents_[pc]->done()) continue;
    s += fmt::format("[pc {}: host {}; controller queue holds {} requests, {} refreshes "
                     "owed] ", pc, agents_[pc]->status(), unsigned(top_->queue_count_o[pc]),
                     unsigned(top_->refresh_owed_o[pc]));
  }
  return s;
}

void CosimTop::thread() {
  const sc_core::sc_time tck(std_.t.tck_ns, sc_core::SC_NS);
  const auto start = std::chrono::steady_clock::now();
  reset();
  program_csrs();
  outcome_.traffic_start = cycle_;
  traffic_on_ = outcome_.message.empty();
  while (traffic_on_) {
    step();
    if (stop_now()) break;
    wait(tck);
  }
  outcome_.cycles = cycle_ - outcome_.traffic_start;
  traffic_on_ = false;
  if (outcome_.reason == StopReason::Done) read_counters();
  if (log_) log_->flush();
  outcome_.total_cycles = cycle_;
  outcome_.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sc_core::sc_stop();
}

RunOutcome run_cosim(CosimTop& top) {
  sc_core::sc_start();
  return top.outcome();
}

}  // namespace hbmsim
