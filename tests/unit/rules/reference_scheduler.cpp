#include "reference_scheduler.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <optional>
#include <random>

namespace hbmsim::test {
namespace {

using K = CmdKind;
constexpr int64_t kNever = std::numeric_limits<int64_t>::min() / 4;

// Earliest cycle a command may take, and which exact JEDEC constraints decided it.
struct Bound {
  int64_t at = 0;
  std::vector<std::pair<int64_t, const char*>> exact;

  // `last` + `dist` or later. `strict` marks a constraint this scheduler applies
  // beyond JEDEC (to be safe): it may hold a command back, but moving such a command
  // earlier need not break any rule, so it is never reported as binding.
  void need(int64_t last, int64_t dist, const char* name, bool strict = false) {
    if (last == kNever) return;
    const int64_t v = last + dist;
    at = std::max(at, v);
    if (!strict) exact.emplace_back(v, name);
  }
  std::vector<std::string> binding(int64_t cycle) const {
    std::vector<std::string> out;
    for (const auto& [v, name] : exact) {
      if (v == cycle) out.emplace_back(name);
    }
    return out;
  }
};

struct BankState {
  bool open = false;
  int64_t act = kNever, pre = kNever, rda = kNever, wra = kNever, refpb = kNever;
  int64_t wr = kNever;  // WR only: WRA closes the bank, its recovery is in `wra`
  int64_t rd = kNever;  // RD or RDA
};

struct GroupState {
  int64_t act = kNever, refpb = kNever, rd = kNever, wr = kNever;
};

struct PcState {
  std::vector<BankState> banks;
  std::vector<GroupState> groups;
  std::vector<int64_t> sid_rd, sid_wr;   // column commands per stack ID
  std::deque<int64_t> acts;  // the last four ACTs
  int64_t act = kNever, refpb = kNever, refab = kNever, pre = kNever, prea = kNever;
  int64_t rd = kNever, wr = kNever;            // any read / any write
  int64_t rd_only = kNever, wr_only = kNever;  // RD / WR without auto-precharge
  int64_t rda = kNever, wra = kNever;
  int64_t data_end = kNever;                   // first tCK DQ is free
  bool writing = false;                        // column direction, switched now and then
  bool all_bank_refresh = false;               // REFab (even PCs) or REFpb (odd PCs)
  int64_t refresh_due = 0;
  unsigned refpb_bank = 0;                     // next bank to refresh per bank
  unsigned open_banks() const {
    return unsigned(std::count_if(banks.begin(), banks.end(), [](auto& b) { return b.open; }));
  }
};

struct ChannelState {
  int64_t row = kNever, act = kNever, col = kNever;
};

class Scheduler {
 public:
  Scheduler(const Standard& s, unsigned channels, uint64_t seed)
      : o_(s.org), t_(s.t), pcs_(channels * s.org.pcs_per_channel), channels_(channels),
        rng_(seed) {
    const unsigned banks = o_.banks_per_pc();
    refpb_interval_ = std::min<int64_t>(t_.REFIpb ? t_.REFIpb : t_.REFI / banks,
                                        t_.REFI / banks);
    for (unsigned p = 0; p < pcs_.size(); ++p) {
      PcState& pc = pcs_[p];
      pc.banks.resize(banks);
      pc.groups.resize(o_.groups_per_pc());
      pc.sid_rd.assign(o_.sids, kNever);
      pc.sid_wr.assign(o_.sids, kNever);
      pc.all_bank_refresh = p % 2 == 0;
      // Staggered so the PCs of a channel do not all refresh at once.
      pc.refresh_due = pc.all_bank_refresh ? t_.REFI / 2 + 97 * p : 50 + 31 * p;
    }
  }

  std::vector<ScheduledCommand> run(size_t count) {
    std::vector<ScheduledCommand> out;
    out.reserve(count);
    while (out.size() < count) {
      std::optional<Command> best;
      Bound best_bound;
      auto consider = [&](const Command& c) {
        Bound b = bound(c);
        b.at = std::max(b.at, now_);
        if (!best || b.at < best_bound.at) {
          best = c;
          best_bound = b;
        }
      };
      for (unsigned p = 0; p < pcs_.size(); ++p) {
        if (pcs_[p].refresh_due <= now_) consider(refresh_step(p));
      }
      for (int i = 0; i < 8; ++i) {
        if (auto c = random_command()) consider(*c);
      }
      if (!best) {
        ++now_;  // every candidate PC is refreshing and had nothing to offer
        continue;
      }
      best->cycle = uint64_t(best_bound.at);
      now_ = best_bound.at;
      apply(*best);
      out.push_back({*best, best_bound.binding(best_bound.at)});
    }
    return out;
  }

 private:
  unsigned flat(const Command& c) const {
    return (c.sid * o_.bankgroups + c.bg) * o_.banks_per_group + c.bank;
  }
  unsigned group(const Command& c) const { return c.sid * o_.bankgroups + c.bg; }
  unsigned pc_index(const Command& c) const { return c.ch * o_.pcs_per_channel + c.pc; }

  Command at_bank(unsigned p, unsigned b, K kind) {
    Command c;
    c.kind = kind;
    c.ch = p / o_.pcs_per_channel;
    c.pc = p % o_.pcs_per_channel;
    if (targets_bank(kind)) {
      c.bank = b % o_.banks_per_group;
      c.bg = (b / o_.banks_per_group) % o_.bankgroups;
      c.sid = b / (o_.banks_per_group * o_.bankgroups);
    }
    if (kind == K::ACT) c.row = unsigned(rng_() % o_.rows);
    if (is_column(kind)) c.col = unsigned(rng_() % o_.columns);
    return c;
  }

  // The next command of a PC whose refresh is due: close what is open, then refresh.
  Command refresh_step(unsigned p) {
    PcState& pc = pcs_[p];
    if (pc.all_bank_refresh) {
      const unsigned open = pc.open_banks();
      if (open > 1) return at_bank(p, 0, K::PREA);
      for (unsigned b = 0; b < pc.banks.size(); ++b) {
        if (pc.banks[b].open) return at_bank(p, b, K::PRE);
      }
      return at_bank(p, 0, K::REFab);
    }
    const unsigned b = pc.refpb_bank;
    return at_bank(p, b, pc.banks[b].open ? K::PRE : K::REFpb);
  }

  // Traffic: a random bank of a random PC, the command its state allows.
  std::optional<Command> random_command() {
    const unsigned p = unsigned(rng_() % pcs_.size());
    PcState& pc = pcs_[p];
    const bool refreshing = pc.refresh_due <= now_;
    if (refreshing && pc.all_bank_refresh) return std::nullopt;
    const unsigned b = unsigned(rng_() % pc.banks.size());
    if (refreshing && b == pc.refpb_bank) return std::nullopt;
    if (!pc.banks[b].open) return at_bank(p, b, K::ACT);
    // Reads and writes come in runs per PC, as a controller drains writes: mixing them
    // freely would let reads (never held by tRTW) crowd writes out of the stream.
    if (rng_() % 48 == 0) pc.writing = !pc.writing;
    const unsigned r = unsigned(rng_() % 100);
    if (r < 70) return at_bank(p, b, pc.writing ? K::WR : K::RD);
    if (r < 80) return at_bank(p, b, pc.writing ? K::WRA : K::RDA);
    return at_bank(p, b, r < 98 ? K::PRE : K::PREA);
  }

  Bound bound(const Command& c) const {
    const PcState& pc = pcs_[pc_index(c)];
    const ChannelState& ch = channels_[c.ch];
    const unsigned wr_end = t_.WL + t_.BL;   // last write beat has arrived
    const unsigned wr_rec = wr_end + t_.WR;  // write recovery before precharge
    Bound b;
    auto row_bus = [&] {
      b.need(ch.row, 1, "ROW_BUS");
      // An ACT holds the row bus act_bus_cycles; the checker only asks this of a
      // following ACT, this scheduler of every row command.
      b.need(ch.act, t_.act_bus_cycles, "ROW_BUS_ACT", c.kind != K::ACT);
    };
    // What a closed bank needs before it is activated or refreshed again.
    auto bank_ready = [&](const BankState& bk) {
      b.need(bk.act, t_.RC, "tRC");
      b.need(bk.pre, t_.RP, "tRP");
      b.need(bk.rda, t_.RTPL + t_.RP, "tRTP+tRP");
      b.need(bk.wra, wr_rec + t_.RP, "tWR+tRP");
      b.need(bk.refpb, t_.RFCpb, "tRFCpb");
      b.need(pc.prea, t_.RPab, "tRPab");
      b.need(pc.refab, t_.RFC, "tRFC");
    };
    switch (c.kind) {
      case K::ACT:
      case K::REFpb: {
        const GroupState& g = pc.groups[group(c)];
        bank_ready(pc.banks[flat(c)]);
        b.need(g.act, t_.RRDL, "tRRDL");
        b.need(g.refpb, t_.RRDL, "tRRDL");
        b.need(pc.act, t_.RRDS, "tRRDS");
        b.need(pc.refpb, t_.RREFD, "tRREFD");
        if (c.kind == K::ACT && pc.acts.size() == 4) b.need(pc.acts.front(), t_.FAW, "tFAW");
        row_bus();
        break;
      }
      case K::RD:
      case K::RDA:
      case K::WR:
      case K::WRA: {
        const bool rd = is_read(c.kind);
        const GroupState& g = pc.groups[group(c)];
        b.need(pc.banks[flat(c)].act, rd ? t_.RCDRD : t_.RCDWR, rd ? "tRCDRD" : "tRCDWR");
        b.need(rd ? g.rd : g.wr, t_.CCDL, "tCCDL");
        // tCCDS within the stack ID, tCCDR across (JESD238; Ramulator 2.1 "Sid" level).
        for (unsigned sid = 0; sid < o_.sids; ++sid) {
          const int64_t last = rd ? pc.sid_rd[sid] : pc.sid_wr[sid];
          if (sid == c.sid) b.need(last, t_.CCDS, "tCCDS");
          else b.need(last, t_.CCDR, "tCCDR");
        }
        if (rd) {
          b.need(g.wr, wr_end + t_.WTRL, "tWTRL");
          b.need(pc.wr, wr_end + t_.WTRS, "tWTRS");
          // An RDA's precharge, tRTPL after it, after the recovery of a WR to its bank.
          if (c.kind == K::RDA) {
            b.need(pc.banks[flat(c)].wr, int64_t(wr_end + t_.WR) - int64_t(t_.RTPL), "tWR-tRTP");
          }
        } else {
          b.need(pc.rd, t_.RTW, "tRTW");
        }
        b.need(pc.data_end, -int64_t(rd ? t_.RL : t_.WL), "DATA_BUS");
        b.need(ch.col, 1, "COL_BUS");
        break;
      }
      case K::PRE: {
        const BankState& bk = pc.banks[flat(c)];
        b.need(bk.act, t_.RAS, "tRAS");
        b.need(bk.wr, wr_rec, "tWR");
        // Read to precharge binds the bank read only (docs/device-model.md).
        b.need(bk.rd, t_.RTPL, "tRTP");
        b.need(std::max(pc.pre, pc.prea), t_.PPD, "tPPD");
        b.need(pc.refab, t_.RFC, "tRFC");
        row_bus();
        break;
      }
      case K::PREA:
        b.need(pc.act, t_.RAS, "tRAS");
        b.need(pc.wr_only, wr_rec, "tWR");
        b.need(pc.rd_only, t_.RTPL, "tRTP");
        // A pending auto-precharge is not a bank PREA closes; wait for it anyway.
        b.need(pc.wra, wr_rec, "tWR", true);
        b.need(pc.rd, std::max(t_.RTPL, t_.RTPS), "tRTP", true);
        b.need(std::max(pc.pre, pc.prea), t_.PPD, "tPPD");
        b.need(pc.refab, t_.RFC, "tRFC");
        row_bus();
        break;
      case K::REFab:
        b.need(pc.act, t_.RC, "tRC");
        b.need(pc.pre, t_.RP, "tRP");
        b.need(pc.prea, t_.RPab, "tRPab");
        b.need(pc.rda, t_.RTPL + t_.RP, "tRTP+tRP");
        b.need(pc.wra, wr_rec + t_.RP, "tWR+tRP");
        b.need(pc.refpb, t_.RFCpb, "tRFCpb");
        b.need(pc.refab, t_.RFC, "tRFC");
        row_bus();
        break;
    }
    return b;
  }

  void apply(const Command& c) {
    const int64_t now = int64_t(c.cycle);
    const unsigned p = pc_index(c);
    PcState& pc = pcs_[p];
    ChannelState& ch = channels_[c.ch];
    BankState* bk = targets_bank(c.kind) ? &pc.banks[flat(c)] : nullptr;
    GroupState* g = targets_bank(c.kind) ? &pc.groups[group(c)] : nullptr;
    if (is_row(c.kind)) ch.row = now;
    switch (c.kind) {
      case K::ACT:
        bk->open = true;
        bk->act = g->act = pc.act = ch.act = now;
        pc.acts.push_back(now);
        if (pc.acts.size() > 4) pc.acts.pop_front();
        break;
      case K::PRE:
        bk->open = false;
        bk->pre = pc.pre = now;
        break;
      case K::PREA:
        for (BankState& x : pc.banks) x.open = false;
        pc.prea = now;
        break;
      case K::REFab:
        pc.refab = now;
        break;
      case K::REFpb:
        bk->refpb = g->refpb = pc.refpb = now;
        break;
      default: {  // column commands
        const bool rd = is_read(c.kind);
        ch.col = now;
        (rd ? g->rd : g->wr) = now;
        (rd ? pc.rd : pc.wr) = now;
        (rd ? pc.sid_rd[c.sid] : pc.sid_wr[c.sid]) = now;
        pc.data_end = std::max(pc.data_end, now + (rd ? t_.RL : t_.WL) + t_.BL);
        if (rd) bk->rd = now;
        if (c.kind == K::RD) pc.rd_only = now;
        if (c.kind == K::WR) pc.wr_only = bk->wr = now;
        if (c.kind == K::RDA) pc.rda = bk->rda = now;
        if (c.kind == K::WRA) pc.wra = bk->wra = now;
        if (auto_precharges(c.kind)) bk->open = false;
      }
    }
    // Refresh bookkeeping: the due refresh is done, the next one is due an interval on.
    if (c.kind == K::REFab && pc.all_bank_refresh) pc.refresh_due += t_.REFI;
    if (c.kind == K::REFpb && !pc.all_bank_refresh && flat(c) == pc.refpb_bank) {
      pc.refpb_bank = (pc.refpb_bank + 1) % pc.banks.size();
      pc.refresh_due += refpb_interval_;
    }
  }

  Organisation o_;
  Timing t_;
  std::vector<PcState> pcs_;
  std::vector<ChannelState> channels_;
  std::mt19937_64 rng_;
  int64_t refpb_interval_ = 0;
  int64_t now_ = 0;
};

}  // namespace

std::vector<ScheduledCommand> random_legal_stream(const Standard& s, unsigned channels,
                                                  uint64_t seed, size_t count) {
  return Scheduler(s, channels, seed).run(count);
}

}  // namespace hbmsim::test
