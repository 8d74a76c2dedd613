#include "device/rules/timing_checker.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/excerpt.h"

namespace hbmsim {

namespace {
// Rules naming one bank only constrain commands that name a bank, and vice versa: an
// all-bank command is checked (and recorded) at PC level.
bool bank_level(RuleScope s) {
  return s == RuleScope::Bank || s == RuleScope::Group || s == RuleScope::Sid ||
         s == RuleScope::OtherSid;
}
}  // namespace

std::string Violation::message() const {
  const std::string who = subject.empty() ? describe(cmd) : subject;
  std::string s = fmt::format("cycle {}: {} violates {}", cycle, who, rule);
  // A distance from the earlier command only when a command is at fault: a refresh
  // report's figures are refreshes owed or tCK unrefreshed, and its earlier command is
  // just the PC's last refresh.
  if (earlier && subject.empty()) {
    s += fmt::format(": {} tCK after {} at cycle {} (min {})", actual, describe(*earlier),
                     earlier->cycle, min);
  } else if (min != 0) {
    s += fmt::format(": found {}, limit {}", actual, min);
  }
  if (!detail.empty()) s += " (" + detail + ")";
  if (earlier && !subject.empty()) {
    s += fmt::format(" (the PC's last refresh: {} at cycle {})", describe(*earlier),
                     earlier->cycle);
  }
  return s;
}

TimingChecker::TimingChecker(const Standard& std, unsigned num_pcs)
    : org_(std.org),
      t_(std.t),
      pcs_per_channel_(std.org.pcs_per_channel),
      rules_(make_timing_rules(std.t)),
      pcs_(num_pcs),
      refresh_watched_(num_pcs, true),
      channel_hist_((num_pcs + pcs_per_channel_ - 1) / pcs_per_channel_),
      channel_ready_(channel_hist_.size(), Ready{}) {
  for (const TimingRule& r : rules_) {
    for (unsigned k = 0; k < kNumCmdKinds; ++k) {
      if (r.next & (1u << k)) rules_for_[k].push_back(&r);
      // Bank-level histories hold only commands that name a bank.
      if ((r.prev & (1u << k)) && (!bank_level(r.scope) || targets_bank(CmdKind(k)))) {
        raise_after_[k].add(r);
      }
    }
  }
  for (Pc& pc : pcs_) {
    pc.banks.resize(org_.banks_per_pc());
    pc.bank_hist.resize(org_.banks_per_pc());
    pc.group_hist.resize(org_.groups_per_pc());
    pc.sid_hist.resize(org_.sids);
    pc.bank_ready.assign(org_.banks_per_pc(), Ready{});
    pc.group_ready.assign(org_.groups_per_pc(), Ready{});
    pc.sid_ready.assign(org_.sids, Ready{});
    pc.other_sid_ready.assign(org_.sids, Ready{});
    pc.refreshed.assign(org_.banks_per_pc(), 0);
    pc.last_ref.assign(org_.banks_per_pc(), 0);
  }
}

unsigned TimingChecker::bank_index(const Command& c) const {
  return (c.sid * org_.bankgroups + c.bg) * org_.banks_per_group + c.bank;
}

bool TimingChecker::is_open(unsigned pc, unsigned bank) const { return pcs_[pc].banks[bank].open; }
unsigned TimingChecker::open_row(unsigned pc, unsigned bank) const {
  return pcs_[pc].banks[bank].row;
}

// A command earlier than one already checked. It is still checked against the commands
// before it in time and applied (a log's one wrong cycle made every later line an ORDER
// report alone, and the skipped ACTs made their banks' reads BANK_CLOSED).
std::optional<Violation> TimingChecker::check_order(const Command& c) const {
  if (c.cycle >= last_cycle_) return std::nullopt;
  Violation v{c.cycle, c, kRuleOrder};
  v.detail = fmt::format("commands must come in cycle order; the last was at cycle {}",
                         last_cycle_);
  return v;
}

std::optional<Violation> TimingChecker::check(const Command& c) {
  if (auto v = check_address(c)) return v;
  // The refresh deadline is advance()'s business (the device calls it every tCK), so an
  // overdue refresh elsewhere never hides what is wrong with this command.
  Pc& pc = pcs_[pc_index(c)];
  std::optional<Violation> found = check_order(c);
  if (!found) found = check_state(c, pc);
  if (!found && !distances_clear(c, pc)) found = check_distances(c, pc, nullptr);
  if (!found) found = check_faw(c, pc);
  if (!found) found = check_data_bus(c, pc);
  if (!found) found = check_refresh_late(c, pc);
  apply(c, pc);
  ++checked_;
  return found;
}

std::vector<Violation> TimingChecker::check_all(const Command& c) {
  std::vector<Violation> all;
  if (auto v = check_address(c)) {   // nothing else can be judged about such a command
    all.push_back(*v);
    return all;
  }
  Pc& pc = pcs_[pc_index(c)];
  if (auto v = check_order(c)) all.push_back(*v);
  if (auto v = check_state(c, pc)) all.push_back(*v);
  if (!distances_clear(c, pc)) check_distances(c, pc, &all);
  if (auto v = check_faw(c, pc)) all.push_back(*v);
  if (auto v = check_data_bus(c, pc)) all.push_back(*v);
  if (auto v = check_refresh_late(c, pc)) all.push_back(*v);
  apply(c, pc);
  ++checked_;
  return all;
}

std::optional<Violation> TimingChecker::check_address(const Command& c) const {
  auto bad = [&](const char* field, unsigned value, unsigned limit) {
    Violation v{c.cycle, c, kRuleAddress};
    v.detail = fmt::format("{} {} is outside the organisation (fewer than {})", field, value,
                           limit);
    return v;
  };
  const unsigned channels = static_cast<unsigned>(channel_hist_.size());
  if (c.ch >= channels) return bad("ch", c.ch, channels);
  if (c.pc >= pcs_per_channel_ || pc_index(c) >= pcs_.size()) {
    return bad("pc", c.pc, pcs_per_channel_);
  }
  if (targets_bank(c.kind)) {
    if (c.sid >= org_.sids) return bad("sid", c.sid, org_.sids);
    if (c.bg >= org_.bankgroups) return bad("bg", c.bg, org_.bankgroups);
    if (c.bank >= org_.banks_per_group) return bad("bank", c.bank, org_.banks_per_group);
  }
  if (c.kind == CmdKind::ACT && c.row >= org_.rows) return bad("row", c.row, org_.rows);
  if (is_column(c.kind) && c.col >= org_.columns) return bad("col", c.col, org_.columns);
  return std::nullopt;
}

std::optional<Violation> TimingChecker::check_state(const Command& c, const Pc& pc) const {
  auto fail = [&](const char* rule, const std::string& why) {
    Violation v{c.cycle, c, rule};
    v.detail = why;
    return v;
  };
  if (c.kind == CmdKind::REFab) {
    for (unsigned b = 0; b < pc.banks.size(); ++b) {
      if (pc.banks[b].open) {
        return fail(kRuleBankOpen, fmt::format("bank {} is open; REFab needs all banks "
                                               "precharged", b));
      }
    }
    return std::nullopt;
  }
  if (!targets_bank(c.kind)) return std::nullopt;
  const Bank& bank = pc.banks[bank_index(c)];
  if ((c.kind == CmdKind::ACT || c.kind == CmdKind::REFpb) && bank.open) {
    return fail(kRuleBankOpen, fmt::format("row {} is open in this bank", bank.row));
  }
  if (is_column(c.kind) && !bank.open) {
    return fail(kRuleBankClosed, "no row is open in this bank");
  }
  return std::nullopt;
}

const TimingChecker::History* TimingChecker::history(RuleScope scope, const Command& c,
                                                      const Pc& pc, unsigned sid) const {
  switch (scope) {
    case RuleScope::Bank: return &pc.bank_hist[bank_index(c)];
    case RuleScope::Group: return &pc.group_hist[group_index(c)];
    case RuleScope::Sid: return &pc.sid_hist[c.sid];
    case RuleScope::OtherSid: return &pc.sid_hist[sid];
    case RuleScope::Pc: return &pc.pc_hist;
    case RuleScope::Channel: return &channel_hist_[c.ch];
  }
  return nullptr;
}

// The first rule broken; with `all`, every rule broken is added to it (once per rule).
std::optional<Violation> TimingChecker::check_distances(const Command& c, const Pc& pc,
                                                        std::vector<Violation>* all) const {
  std::optional<Violation> first;
  for (const TimingRule* r : rules_for_[static_cast<unsigned>(c.kind)]) {
    if (bank_level(r->scope) && !targets_bank(c.kind)) continue;
    bool broken = false;
    // One history, or (OtherSid) each other stack ID's in order; in each, the earlier
    // command kinds the rule names, lowest first (only the mask's set bits are visited:
    // this loop runs for every command).
    const bool other_sids = r->scope == RuleScope::OtherSid;
    for (unsigned sid = 0; sid < (other_sids ? org_.sids : 1u) && !broken; ++sid) {
      if (other_sids && sid == c.sid) continue;
      const History& h = *history(r->scope, c, pc, sid);
      for (uint32_t kinds = r->prev; kinds != 0 && !broken; kinds &= kinds - 1) {
        const unsigned k = static_cast<unsigned>(__builtin_ctz(kinds));
        // A command later in time than this one (this one out of order) says nothing
        // about the distance this one needed.
        if (k >= kNumCmdKinds || !h[k].valid || h[k].cmd.cycle > c.cycle) continue;
        const uint64_t dist = c.cycle - h[k].cmd.cycle;
        if (dist < r->min) {
          Violation v{c.cycle, c, r->name, r->min, dist, h[k].cmd};
          v.detail = fmt::format("{}, {}", r->formula, scope_name(r->scope));
          if (!all) return v;
          if (!first) first = v;
          all->push_back(std::move(v));
          broken = true;
        }
      }
    }
  }
  return first;
}

// No distance rule is broken: the command comes at or after the ready cycle of its kind
// in every scope instance it belongs to. The same answer as check_distances finding
// nothing: a rule is broken when c.cycle - earlier.cycle < min for the last earlier
// command of a kind it names, that is when c.cycle < earlier.cycle + min, and the ready
// cycles are the largest of those sums (raise_ready; later commands of a kind only
// raise them). tests/unit/rules/test_distance_oracle.cpp compares both with every
// earlier command on random streams.
bool TimingChecker::distances_clear(const Command& c, const Pc& pc) const {
  const unsigned k = static_cast<unsigned>(c.kind);
  uint64_t ready = std::max(pc.pc_ready[k], channel_ready_[c.ch][k]);
  if (targets_bank(c.kind)) {
    ready = std::max({ready, pc.bank_ready[bank_index(c)][k], pc.group_ready[group_index(c)][k],
                      pc.sid_ready[c.sid][k], pc.other_sid_ready[c.sid][k]});
  }
  return c.cycle >= ready;
}

// Rule r holds each later kind it names back from the earlier command's cycle by its
// minimum, in its scope; two rules of a scope naming one kind keep the larger minimum.
void TimingChecker::Raise::add(const TimingRule& r) {
  const unsigned s = static_cast<unsigned>(r.scope);
  for (unsigned next = 0; next < kNumCmdKinds; ++next) {
    if (!(r.next & (1u << next))) continue;
    Step* const begin = steps[s].data();
    Step* const end = begin + count[s];
    Step* step = std::find_if(begin, end, [&](const Step& x) { return x.kind == next; });
    if (step == end) {
      *step = {static_cast<uint8_t>(next), 0};
      ++count[s];
    }
    step->min = std::max(step->min, r.min);
  }
}

// What command c means for the ready cycles of the commands after it.
void TimingChecker::raise_ready(const Command& c, Pc& pc) {
  const Raise& r = raise_after_[static_cast<unsigned>(c.kind)];
  const auto raise = [&](RuleScope scope, Ready& ready) {
    const unsigned s = static_cast<unsigned>(scope);
    for (unsigned i = 0; i < r.count[s]; ++i) {
      const Raise::Step& step = r.steps[s][i];
      ready[step.kind] = std::max(ready[step.kind], c.cycle + step.min);
    }
  };
  // (An all-bank command has no bank-level steps: its fields index nothing here.)
  if (targets_bank(c.kind)) {
    raise(RuleScope::Bank, pc.bank_ready[bank_index(c)]);
    raise(RuleScope::Group, pc.group_ready[group_index(c)]);
    raise(RuleScope::Sid, pc.sid_ready[c.sid]);
    for (unsigned sid = 0; sid < org_.sids; ++sid) {
      if (sid != c.sid) raise(RuleScope::OtherSid, pc.other_sid_ready[sid]);
    }
  }
  raise(RuleScope::Pc, pc.pc_ready);
  raise(RuleScope::Channel, channel_ready_[c.ch]);
}

std::optional<Violation> TimingChecker::check_faw(const Command& c, const Pc& pc) const {
  if (c.kind != CmdKind::ACT) return std::nullopt;
  const Stamp& oldest = pc.acts[pc.acts_next];
  if (oldest.valid && oldest.cmd.cycle <= c.cycle && c.cycle - oldest.cmd.cycle < t_.FAW) {
    Violation v{c.cycle, c, kRuleFaw, t_.FAW, c.cycle - oldest.cmd.cycle, oldest.cmd};
    v.detail = "fifth ACT within tFAW of the first";
    return v;
  }
  return std::nullopt;
}

std::optional<Violation> TimingChecker::check_data_bus(const Command& c, const Pc& pc) const {
  // (A burst later in time than this command, which is out of order, is not judged.)
  if (!is_column(c.kind) || !pc.data_owner.valid || pc.data_owner.cmd.cycle > c.cycle) {
    return std::nullopt;
  }
  const uint64_t start = c.cycle + (is_read(c.kind) ? t_.RL : t_.WL);
  if (start < pc.data_end) {
    Violation v{c.cycle, c, kRuleDataBus, 0, 0, pc.data_owner.cmd};
    v.min = static_cast<unsigned>(pc.data_end - pc.data_owner.cmd.cycle);
    v.actual = c.cycle - pc.data_owner.cmd.cycle;
    v.detail = fmt::format("its burst would start at cycle {} while DQ is busy until {}",
                           start, pc.data_end);
    return v;
  }
  return std::nullopt;
}

void TimingChecker::apply(const Command& c, Pc& pc) {
  last_cycle_ = std::max(last_cycle_, c.cycle);
  raise_ready(c, pc);
  const unsigned k = static_cast<unsigned>(c.kind);
  const Stamp stamp{true, c};
  channel_hist_[c.ch][k] = stamp;
  pc.pc_hist[k] = stamp;
  if (targets_bank(c.kind)) {
    pc.bank_hist[bank_index(c)][k] = stamp;
    pc.group_hist[group_index(c)][k] = stamp;
    pc.sid_hist[c.sid][k] = stamp;
  }
  switch (c.kind) {
    case CmdKind::ACT:
      pc.banks[bank_index(c)] = {true, c.row};
      pc.acts[pc.acts_next] = stamp;
      pc.acts_next = (pc.acts_next + 1) % pc.acts.size();
      break;
    case CmdKind::PRE: pc.banks[bank_index(c)].open = false; break;
    case CmdKind::PREA:
      for (Bank& b : pc.banks) b.open = false;
      break;
    case CmdKind::REFab:
      for (unsigned b = 0; b < pc.banks.size(); ++b) credit_refresh(pc, b, c.cycle);
      pc.last_refresh = stamp;
      break;
    case CmdKind::REFpb:
      credit_refresh(pc, bank_index(c), c.cycle);
      pc.last_refresh = stamp;
      break;
    default: break;
  }
  if (is_column(c.kind)) {
    if (auto_precharges(c.kind)) pc.banks[bank_index(c)].open = false;
    const uint64_t end = c.cycle + (is_read(c.kind) ? t_.RL : t_.WL) + t_.BL;
    if (end >= pc.data_end) {
      pc.data_end = end;
      pc.data_owner = stamp;
    }
  }
}

// A refresh pays one owed interval; up to refresh_postpone_max may be paid ahead (pull-in).
void TimingChecker::credit_refresh(Pc& pc, unsigned bank, uint64_t cycle) {
  const int64_t elapsed = static_cast<int64_t>(cycle / t_.REFI);
  pc.refreshed[bank] = std::min<int64_t>(pc.refreshed[bank] + 1,
                                         elapsed + t_.refresh_postpone_max);
  pc.min_refreshed = *std::min_element(pc.refreshed.begin(), pc.refreshed.end());
  pc.last_ref[bank] = std::max(pc.last_ref[bank], cycle);   // (a refresh out of order)
  pc.oldest_ref = *std::min_element(pc.last_ref.begin(), pc.last_ref.end());
  refresh_quiet_until_ = 0;
}

// The first cycle at which the most behind bank owes more than the postponement limit.
uint64_t TimingChecker::refresh_deadline(const Pc& pc) const {
  return static_cast<uint64_t>(pc.min_refreshed + t_.refresh_postpone_max + 1) * t_.REFI;
}

int64_t TimingChecker::refreshes_owed(unsigned pc, uint64_t cycle) const {
  return static_cast<int64_t>(cycle / t_.REFI) - pcs_[pc].min_refreshed;
}

void TimingChecker::watch_refresh(const std::vector<bool>& pcs) {
  for (size_t i = 0; i < refresh_watched_.size(); ++i) {
    refresh_watched_[i] = i < pcs.size() && pcs[i];
  }
  refresh_quiet_until_ = 0;
}

// Called every tCK: between refreshes it compares the cycle with one number.
std::optional<Violation> TimingChecker::advance(uint64_t cycle) {
  if (cycle < refresh_quiet_until_) return std::nullopt;
  for (unsigned i = 0; i < pcs_.size(); ++i) {
    if (!refresh_watched_[i]) continue;
    std::optional<Violation> v = refresh_debt(i, cycle);
    if (!v) v = refresh_gap(i, cycle);
    if (v) {
      refresh_quiet_until_ = 0;   // the report moved this PC's deadline; the rest wait
      return v;
    }
  }
  refresh_quiet_until_ = first_refresh_report();
  return std::nullopt;
}

// The first cycle at which refresh_debt or refresh_gap would report a watched PC, as
// things stand (they report from refresh_deadline on, and after oldest_ref + 9 x tREFI).
uint64_t TimingChecker::first_refresh_report() const {
  uint64_t first = UINT64_MAX;
  for (unsigned i = 0; i < pcs_.size(); ++i) {
    if (!refresh_watched_[i]) continue;
    const Pc& pc = pcs_[i];
    first = std::min({first, refresh_deadline(pc), pc.oldest_ref + refresh_gap_limit() + 1});
  }
  return first;
}

// A bank of the PC as the subject of a refresh report (no command is at fault).
Command TimingChecker::owing_bank(unsigned i, unsigned bank, uint64_t cycle) const {
  Command who;
  who.cycle = cycle;
  who.ch = i / pcs_per_channel_;
  who.pc = i % pcs_per_channel_;
  who.bank = bank % org_.banks_per_group;
  who.bg = (bank / org_.banks_per_group) % org_.bankgroups;
  who.sid = bank / (org_.banks_per_group * org_.bankgroups);
  who.kind = CmdKind::REFpb;
  return who;
}

std::optional<Violation> TimingChecker::refresh_debt(unsigned i, uint64_t cycle) {
  Pc& pc = pcs_[i];
  const uint64_t deadline = refresh_deadline(pc);
  if (cycle < deadline) return std::nullopt;
  const auto behind = std::min_element(pc.refreshed.begin(), pc.refreshed.end());
  const Command who = owing_bank(i, static_cast<unsigned>(behind - pc.refreshed.begin()), deadline);
  Violation v{deadline, who, kRuleRefresh, t_.refresh_postpone_max,
              static_cast<uint64_t>(t_.refresh_postpone_max + 1)};
  if (pc.last_refresh.valid) v.earlier = pc.last_refresh.cmd;
  v.subject = fmt::format("ch{} pc{} sid{} bg{} ba{}", who.ch, who.pc, who.sid, who.bg, who.bank);
  v.detail = fmt::format("bank owes {} at cycle {} (tREFI {} tCK, at most {} may be "
                         "postponed)", count_of(t_.refresh_postpone_max + 1, "refresh",
                                                "refreshes"),
                         deadline, t_.REFI, t_.refresh_postpone_max);
  // Every interval missed up to `cycle` is one report: a log whose time jumps far
  // ahead (or a device idle a long while) costs one line, not one per interval.
  const uint64_t missed = (cycle - deadline) / t_.REFI + 1;
  if (missed > 1) {
    v.detail += fmt::format("; {} intervals missed in all up to cycle {}", missed,
                            deadline + (missed - 1) * t_.REFI);
  }
  // Count the missed intervals as paid so the next report is an interval later.
  const int64_t paid = pc.min_refreshed + static_cast<int64_t>(missed);
  for (int64_t& r : pc.refreshed) r = std::max(r, paid);
  pc.min_refreshed = paid;
  // ... and the gap rule's clock starts again: one gap is one report, not two.
  for (uint64_t& c : pc.last_ref) c = std::max(c, cycle);
  pc.oldest_ref = *std::min_element(pc.last_ref.begin(), pc.last_ref.end());
  return v;
}

// A 9xtREFI report: bank `bank` of PC i unrefreshed from `since` until `at` (the first
// late tCK, or the refresh that came late), `over` banks of the PC as long.
Violation TimingChecker::gap_violation(unsigned i, unsigned bank, uint64_t since, uint64_t at,
                                       uint64_t gap, unsigned over) const {
  const Pc& pc = pcs_[i];
  const uint64_t limit = refresh_gap_limit();
  const Command who = owing_bank(i, bank, at);
  Violation v{at, who, kRuleRefreshGap, static_cast<unsigned>(limit), gap};
  if (pc.last_refresh.valid) v.earlier = pc.last_refresh.cmd;
  v.subject = fmt::format("ch{} pc{} sid{} bg{} ba{}", who.ch, who.pc, who.sid, who.bg, who.bank);
  v.detail = fmt::format("bank not refreshed since cycle {}: more than 9 x tREFI = {} tCK{}",
                         since, limit, over > 1 ? fmt::format(" ({} banks of the PC)", over)
                                                : std::string());
  return v;
}

// A refresh that comes more than 9 x tREFI after its bank's last one. advance() reports
// a gap once a tCK has passed beyond it, which a refresh in the first tCK past the limit
// (gap 9 x tREFI + 1) never let happen: it passed in check-log and in the co-simulation.
std::optional<Violation> TimingChecker::check_refresh_late(const Command& c,
                                                           const Pc& pc) const {
  if (c.kind != CmdKind::REFab && c.kind != CmdKind::REFpb) return std::nullopt;
  const unsigned i = pc_index(c);
  if (!refresh_watched_[i]) return std::nullopt;
  const uint64_t limit = refresh_gap_limit();
  const bool all = c.kind == CmdKind::REFab;
  const unsigned bank = all ? static_cast<unsigned>(std::min_element(pc.last_ref.begin(),
                                                                     pc.last_ref.end()) -
                                                    pc.last_ref.begin())
                            : bank_index(c);
  const uint64_t since = pc.last_ref[bank];
  if (since > c.cycle || c.cycle - since <= limit) return std::nullopt;
  unsigned over = 1;
  if (all) {
    over = static_cast<unsigned>(std::count_if(pc.last_ref.begin(), pc.last_ref.end(),
                                               [&](uint64_t r) { return c.cycle > r + limit; }));
  }
  return gap_violation(i, bank, since, c.cycle, c.cycle - since, over);
}

// JEDEC: at most 9 x tREFI between two refreshes of a bank, however the debt stands.
std::optional<Violation> TimingChecker::refresh_gap(unsigned i, uint64_t cycle) {
  Pc& pc = pcs_[i];
  const uint64_t limit = refresh_gap_limit();
  if (cycle <= pc.oldest_ref + limit) return std::nullopt;
  const auto oldest = std::min_element(pc.last_ref.begin(), pc.last_ref.end());
  const unsigned bank = static_cast<unsigned>(oldest - pc.last_ref.begin());
  const uint64_t since = *oldest;
  // One report per gap and PC: every bank over the limit now counts as refreshed now.
  unsigned over = 0;
  for (uint64_t& c : pc.last_ref) {
    if (cycle > c + limit) {
      c = cycle;
      ++over;
    }
  }
  pc.oldest_ref = *std::min_element(pc.last_ref.begin(), pc.last_ref.end());
  return gap_violation(i, bank, since, since + limit + 1, cycle - since, over);
}

}  // namespace hbmsim
