#include "host/workloads/probe/probe_agent.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "cosim/cosim_top.h"

namespace hbmsim {

// A phase's reads, one 32-byte beat each, IDs round robin, for as long as the phase
// wants more.
class ProbeAgent::PhaseSource : public TrafficSource {
 public:
  PhaseSource(const ProbeAgent& agent, size_t phase) : agent_(agent), phase_(phase) {}
  bool next(AxiTxn& t) override {
    if (!agent_.wants_more(phase_, i_)) return false;
    t.write = false;
    t.addr = agent_.phases_[phase_].addr(i_);
    t.beats = 1;
    t.size = 5;
    t.burst = AxiBurst::Incr;
    t.id = unsigned(i_++ % 16);
    return true;
  }

 private:
  const ProbeAgent& agent_;
  size_t phase_;
  uint64_t i_ = 0;
};

namespace {
unsigned flat_bank(const Organisation& org, unsigned sid, unsigned bg, unsigned bank) {
  return (sid * org.bankgroups + bg) * org.banks_per_group + bank;
}
}  // namespace

ProbeAgent::ProbeAgent(CosimTop& top, std::vector<ProbePhase> phases,
                       const std::vector<TxnObserver*>& observers)
    : top_(top),
      std_(top.standard()),
      map_(top.address_map()),
      phases_(std::move(phases)),
      // Long enough for auto-precharges and every bank timer to run out between phases.
      gap_(std::max<uint64_t>(256, 2 * (std_.t.RC + std_.t.RFC))),
      last_refpb_(std_.org.banks_per_pc()) {
  std::vector<TxnObserver*> obs = observers;
  obs.push_back(this);
  for (size_t i = 0; i < phases_.size(); ++i) {
    const ProbePhase& p = phases_[i];
    sources_.push_back(std::make_unique<PhaseSource>(*this, i));
    AxiMasterOptions mopt;
    mopt.max_reads = p.max_reads;
    masters_.push_back(std::make_unique<AxiMaster>(0, *sources_.back(), obs, mopt));
  }
  sweep_.resize(phases_.size());   // the first phase runs with the CSRs set up for the run
  issued_.resize(phases_.size());
}

bool ProbeAgent::wants_more(size_t phase, uint64_t issued) const {
  const ProbePhase& p = phases_[phase];
  if (!p.latency) return issued < p.reads;
  return latencies_[size_t(*p.latency)].size() < p.reads && issued < kProbeMaxTries * p.reads;
}

ProbeAgent::~ProbeAgent() = default;

void ProbeAgent::drive(const AxiPins& m, uint64_t cycle) {
  if (paused_ && cycle >= resume_ && top_.csr_idle()) {
    paused_ = false;
    ++cur_;
  }
  if (!paused_) {
    masters_[cur_]->drive(m, cycle);
    return;
  }
  *m.ar_valid = *m.aw_valid = *m.w_valid = 0;
  *m.r_ready = *m.b_ready = 1;
}

void ProbeAgent::sample(const AxiPins& m, uint64_t cycle) {
  if (paused_) return;
  masters_[cur_]->sample(m, cycle);
  if (!masters_[cur_]->done()) return;
  const ProbePhase& p = phases_[cur_];
  if (!p.latency && p.stride) {
    StridePoint& s = sweep_[cur_];
    s.stride = p.stride;
    s.reads = issued_[cur_];
    s.cycles = phase_started_ ? last_r_ - first_ar_ + 1 : 0;
    s.done = true;
  }
  phase_started_ = false;
  if (cur_ + 1 == phases_.size()) return;
  paused_ = true;
  resume_ = cycle + gap_;
  const auto& next = phases_[cur_ + 1].ctrl;
  if (next) top_.write_csr(csr::address(csr::kBroadcastPc, csr::kCtrl), *next);
}

bool ProbeAgent::done() const {
  return masters_.empty() || (cur_ + 1 == masters_.size() && masters_[cur_]->done());
}

uint64_t ProbeAgent::progress() const {
  uint64_t n = cur_;   // a pause ends with a new phase: that is progress too
  for (const auto& m : masters_) n += m->progress();
  return n;
}

std::string ProbeAgent::status() const {
  if (masters_.empty()) return "no phases";
  return fmt::format("probe phase {} of {}{}: {}", cur_ + 1, masters_.size(),
                     paused_ ? " (pause between phases)" : "", masters_[cur_]->status());
}

bool ProbeAgent::refreshed_before(const DramAddress& a, uint64_t ar) const {
  const Timing& t = std_.t;
  auto within = [ar](const std::optional<uint64_t>& at, uint64_t span) {
    return at && *at + span > ar;
  };
  return within(last_refab_, t.RFC) || within(last_refpb_any_, t.RREFD) ||
         within(last_refpb_[flat_bank(std_.org, a.sid, a.bg, a.bank)], t.RFCpb);
}

void ProbeAgent::on_issue(unsigned, const AxiTxn& t) {
  ++issued_[cur_];
  if (!phase_started_) {
    phase_started_ = true;
    first_ar_ = t.addr_cycle;
  }
  if (!phases_[cur_].latency) return;
  Sample s;
  s.at = map_.decode(t.addr);
  s.ar = t.addr_cycle;
  s.refresh = refreshed_before(s.at, s.ar);
  sample_ = s;
}

void ProbeAgent::on_complete(unsigned, const AxiTxn& t) {
  last_r_ = std::max(last_r_, t.done_cycle);
  if (phases_[cur_].latency && sample_) finish_sample(t);
}

// The case the commands show: RD alone a hit, ACT RD a closed page, PRE ACT RD a miss.
void ProbeAgent::finish_sample(const AxiTxn& t) {
  const Sample s = *sample_;
  sample_.reset();
  const auto want = static_cast<unsigned>(*phases_[cur_].latency);
  const unsigned expect_pre = want == unsigned(ProbeCase::Miss);
  const unsigned expect_act = want != unsigned(ProbeCase::Hit);
  if (s.refresh) {
    ++rejected_[want].refresh_nearby;
  } else if (s.other || s.col != 1 || s.pre != expect_pre || s.act != expect_act) {
    ++rejected_[want].other_commands;
  } else if (latencies_[want].size() < phases_[cur_].reads) {   // a read staged early: extra
    latencies_[want].push_back(t.done_cycle - t.addr_cycle);
  }
}

void ProbeAgent::on_command(const Command& c, unsigned pc, bool row_hit) {
  if (pc != 0) return;
  const unsigned bank = flat_bank(std_.org, c.sid, c.bg, c.bank);
  if (c.kind == CmdKind::REFab) last_refab_ = c.cycle;
  if (c.kind == CmdKind::REFpb) last_refpb_any_ = last_refpb_[bank] = c.cycle;
  if (!paused_ && !phases_[cur_].latency) {
    StridePoint& s = sweep_[cur_];
    s.acts += c.kind == CmdKind::ACT;
    s.row_hits += is_column(c.kind) && row_hit;
  }
  if (!sample_) return;
  Sample& s = *sample_;
  if (c.kind == CmdKind::REFab || c.kind == CmdKind::REFpb) s.refresh = true;
  // A PREA is never the read's own: only the refresh manager issues it (to close every
  // bank before a REFab, one it may then not issue when a read arrives). Counted as the
  // miss's PRE, it passed a read as a miss whose PRE had gone out before the read needed
  // one, 13 tCK short of tRP on HBM3 with --refresh allbank; it is another command.
  if (c.kind == CmdKind::PREA) {
    ++s.other;
    return;
  }
  if (c.sid != s.at.sid || c.bg != s.at.bg || c.bank != s.at.bank) return;
  s.pre += c.kind == CmdKind::PRE;
  s.act += c.kind == CmdKind::ACT;
  s.col += is_column(c.kind);
}

ProbeFigures ProbeAgent::figures() const {
  ProbeFigures f;
  f.present = true;
  for (size_t k = 0; k < latencies_.size(); ++k) {
    LatencyFigures& l = f.latency[k];
    const auto& v = latencies_[k];
    l.other_commands = rejected_[k].other_commands;
    l.refresh_nearby = rejected_[k].refresh_nearby;
    l.samples = v.size();
    if (v.empty()) continue;
    l.min = *std::min_element(v.begin(), v.end());
    l.max = *std::max_element(v.begin(), v.end());
    l.mean = double(std::accumulate(v.begin(), v.end(), uint64_t(0))) / double(v.size());
  }
  for (size_t i = 0; i < phases_.size(); ++i) {
    if (phases_[i].latency) {
      LatencyFigures& l = f.latency[size_t(*phases_[i].latency)];
      l.asked = phases_[i].reads;
      l.tried = issued_[i];
    }
    if (!phases_[i].latency && phases_[i].stride) {
      f.sweep.push_back(sweep_[i]);
      f.sweep.back().stride = phases_[i].stride;   // a stride the run never finished too
    }
  }
  return f;
}

}  // namespace hbmsim
