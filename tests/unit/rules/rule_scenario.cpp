#include "rule_scenario.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

namespace hbmsim::test {
namespace {

using Key = std::pair<unsigned, unsigned>;  // (pc index, flat bank)

std::string sanitize(const std::string& s) {
  std::string out;
  for (char ch : s) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return out;
}

unsigned pc_of(const Organisation& o, const Command& c) { return c.ch * o.pcs_per_channel + c.pc; }
unsigned bank_of(const Organisation& o, const Command& c) {
  return (c.sid * o.bankgroups + c.bg) * o.banks_per_group + c.bank;
}
Key key_of(const Organisation& o, const Command& c) { return {pc_of(o, c), bank_of(o, c)}; }

// Bank state as the commands define it (JEDEC), tracked here on its own.
void apply_state(const Organisation& o, std::set<Key>& open, const Command& c) {
  const Key k = key_of(o, c);
  switch (c.kind) {
    case CmdKind::ACT: open.insert(k); break;
    case CmdKind::PRE:
    case CmdKind::RDA:
    case CmdKind::WRA: open.erase(k); break;
    case CmdKind::PREA:
      for (auto it = open.begin(); it != open.end();) {
        it = it->first == k.first ? open.erase(it) : std::next(it);
      }
      break;
    default: break;
  }
}

// Does the command need its bank open to make sense? (PRE of a closed bank is legal
// but pointless; the scenarios open the bank so a PRE closes something.)
bool wants_open(CmdKind k) { return is_column(k) || k == CmdKind::PRE; }

// Is `earlier` inside the scope of a rule checked for `later`? Written from the scope
// comments in timing_rules.h: bank-level scopes only relate commands naming a bank.
bool in_scope(RuleScope scope, const Command& e, const Command& n) {
  const bool same_pc = e.ch == n.ch && e.pc == n.pc;
  const bool banks = same_pc && targets_bank(e.kind) && targets_bank(n.kind);
  switch (scope) {
    case RuleScope::Channel: return e.ch == n.ch;
    case RuleScope::Pc: return same_pc;
    case RuleScope::OtherSid: return banks && e.sid != n.sid;
    case RuleScope::Sid: return banks && e.sid == n.sid;
    case RuleScope::Group: return banks && e.sid == n.sid && e.bg == n.bg;
    case RuleScope::Bank:
      return banks && e.sid == n.sid && e.bg == n.bg && e.bank == n.bank;
  }
  return false;
}

bool bank_level(RuleScope s) {
  return s == RuleScope::Bank || s == RuleScope::Group || s == RuleScope::Sid ||
         s == RuleScope::OtherSid;
}

// Where `next` goes, relative to `prev` at ch0 pc0 sid0 bg0 ba0, so that the rule's
// scope holds and no narrower scope does.
std::optional<Command> other_location(const Organisation& o, RuleScope scope) {
  Command n;
  switch (scope) {
    case RuleScope::Bank: break;
    case RuleScope::Group:
      if (o.banks_per_group > 1) n.bank = 1;
      break;
    case RuleScope::Sid:
      if (o.bankgroups > 1) n.bg = 1;
      else if (o.banks_per_group > 1) n.bank = 1;
      break;
    case RuleScope::OtherSid:
      if (o.sids < 2) return std::nullopt;
      n.sid = 1;
      break;
    case RuleScope::Pc:
      if (o.bankgroups > 1) n.bg = 1;
      else if (o.banks_per_group > 1) n.bank = 1;
      else if (o.sids > 1) n.sid = 1;
      break;
    case RuleScope::Channel:
      if (o.pcs_per_channel < 2) return std::nullopt;
      n.pc = 1;
      break;
  }
  return n;
}

Command place(const Command& where, CmdKind kind, uint64_t cycle, unsigned row, unsigned col) {
  Command c = where;
  c.kind = kind;
  c.cycle = cycle;
  if (!targets_bank(kind)) c.sid = c.bg = c.bank = 0;
  c.row = kind == CmdKind::ACT ? row : 0;
  c.col = is_column(kind) ? col : 0;
  return c;
}

}  // namespace

std::vector<RuleCase> all_rule_cases() {
  std::vector<RuleCase> cases;
  std::set<std::string> names;
  for (const std::string& key : known_standards()) {
    Standard s;
    try {
      s = load_standard(key);
    } catch (const std::exception&) {
      continue;
    }
    const std::vector<TimingRule> rules = make_timing_rules(s.t);
    for (unsigned i = 0; i < rules.size(); ++i) {
      for (unsigned p = 0; p < kNumCmdKinds; ++p) {
        if (!(rules[i].prev & (1u << p))) continue;
        for (unsigned n = 0; n < kNumCmdKinds; ++n) {
          if (!(rules[i].next & (1u << n))) continue;
          RuleCase c{key, i, CmdKind(p), CmdKind(n), ""};
          std::string name = sanitize(key) + "_" + sanitize(rules[i].name) + "_" +
                             cmd_name(c.prev) + "_" + cmd_name(c.next);
          // Two rules of one name covering the same pair would collide; keep both.
          while (names.count(name)) name += "_dup";
          names.insert(name);
          c.name = name;
          cases.push_back(c);
        }
      }
    }
  }
  return cases;
}

Scenario build_scenario(const Standard& s, const TimingRule& rule, CmdKind prev, CmdKind next,
                        unsigned distance) {
  Scenario sc;
  const Organisation& o = s.org;
  const Timing& t = s.t;
  const std::optional<Command> n_at = other_location(o, rule.scope);
  if (!n_at) {
    sc.skip = rule.scope == RuleScope::OtherSid ? "only one stack ID"
                                                : "only one pseudo-channel per channel";
    return sc;
  }
  const Command p_at{};

  // A gap longer than every rule, so set-up commands constrain nothing that follows.
  unsigned gap = t.FAW + t.RL + t.WL + t.BL + 1;
  for (const TimingRule& r : make_timing_rules(t)) gap = std::max(gap, r.min + 1);
  uint64_t cursor = gap;

  const Command p = place(p_at, prev, 0, 1, 1);
  const Command n = place(*n_at, next, 0, 2, 2);
  const bool same_bank = targets_bank(prev) && targets_bank(next) &&
                         key_of(o, p) == key_of(o, n);

  // Set-up: open the banks the two commands act on, unless `prev` would close the one
  // `next` needs (then the bank-state rule is what the case shows).
  std::vector<Command> setup;
  if (wants_open(prev)) setup.push_back(place(p_at, CmdKind::ACT, 0, 1, 0));
  // A REFab as `prev` needs its whole PC closed: then a PRE as `next` closes nothing.
  const bool prev_needs_closed = prev == CmdKind::REFab && pc_of(o, p) == pc_of(o, n);
  if (wants_open(next) && !same_bank && !prev_needs_closed) {
    std::set<Key> after{key_of(o, n)};
    apply_state(o, after, p);
    if (after.count(key_of(o, n))) setup.push_back(place(*n_at, CmdKind::ACT, 0, 2, 0));
  }
  std::set<Key> open;
  for (Command c : setup) {
    c.cycle = cursor;
    cursor += gap;
    sc.cmds.push_back(c);
    apply_state(o, open, c);
  }

  const uint64_t T = cursor;
  Command pc = p;
  pc.cycle = T;
  sc.prev_pos = sc.cmds.size();
  sc.cmds.push_back(pc);
  apply_state(o, open, pc);

  // `next` needs a closed bank (ACT, REFpb) or a closed PC (REFab) that `prev` opened:
  // close it at the first cycle tRAS allows, which leaves tRC - tRAS >= tRP for next.
  Command nc = n;
  nc.cycle = T + distance;
  std::vector<Key> to_close;
  if (next == CmdKind::REFab) {
    for (const Key& k : open) {
      if (k.first == pc_of(o, nc)) to_close.push_back(k);
    }
  } else if ((next == CmdKind::ACT || next == CmdKind::REFpb) && open.count(key_of(o, nc))) {
    to_close.push_back(key_of(o, nc));
  }
  for (const Key& k : to_close) {
    if (prev != CmdKind::ACT || k != key_of(o, pc) || T + t.RAS >= nc.cycle) continue;
    Command pre = place(p_at, CmdKind::PRE, T + t.RAS, 0, 0);
    pre.ch = pc.ch;
    pre.pc = pc.pc;
    sc.cmds.push_back(pre);
  }
  sc.cmds.push_back(nc);
  return sc;
}

std::optional<Broken> first_broken(const Standard& s, const std::vector<TimingRule>& rules,
                                   const std::vector<Command>& cmds, size_t at) {
  const Organisation& o = s.org;
  const Command& c = cmds.at(at);

  std::set<Key> open;
  for (size_t i = 0; i < at; ++i) apply_state(o, open, cmds[i]);
  if (c.kind == CmdKind::REFab) {
    for (const Key& k : open) {
      if (k.first == pc_of(o, c)) return Broken{kRuleBankOpen, -1, 0, std::nullopt};
    }
  } else if (targets_bank(c.kind)) {
    const bool is_open = open.count(key_of(o, c)) > 0;
    if ((c.kind == CmdKind::ACT || c.kind == CmdKind::REFpb) && is_open) {
      return Broken{kRuleBankOpen, -1, 0, std::nullopt};
    }
    if (is_column(c.kind) && !is_open) return Broken{kRuleBankClosed, -1, 0, std::nullopt};
  }

  for (size_t r = 0; r < rules.size(); ++r) {
    const TimingRule& rule = rules[r];
    if (!(rule.next & bit(c.kind))) continue;
    if (bank_level(rule.scope) && !targets_bank(c.kind)) continue;
    for (unsigned k = 0; k < kNumCmdKinds; ++k) {
      if (!(rule.prev & (1u << k))) continue;
      for (size_t j = at; j-- > 0;) {
        const Command& e = cmds[j];
        if (unsigned(e.kind) != k || !in_scope(rule.scope, e, c)) continue;
        if (c.cycle - e.cycle < rule.min) return Broken{rule.name, int(r), rule.min, e};
        break;  // only the latest command of a kind can be the closest
      }
    }
  }

  if (c.kind == CmdKind::ACT) {
    std::vector<Command> acts;
    for (size_t j = 0; j < at; ++j) {
      if (cmds[j].kind == CmdKind::ACT && pc_of(o, cmds[j]) == pc_of(o, c)) {
        acts.push_back(cmds[j]);
      }
    }
    if (acts.size() >= 4) {
      const Command& fourth = acts[acts.size() - 4];
      if (c.cycle - fourth.cycle < s.t.FAW) return Broken{kRuleFaw, -1, s.t.FAW, fourth};
    }
  }

  if (is_column(c.kind)) {
    uint64_t data_end = 0;
    std::optional<Command> owner;
    for (size_t j = 0; j < at; ++j) {
      const Command& e = cmds[j];
      if (!is_column(e.kind) || pc_of(o, e) != pc_of(o, c)) continue;
      const uint64_t end = e.cycle + (is_read(e.kind) ? s.t.RL : s.t.WL) + s.t.BL;
      if (end >= data_end) {
        data_end = end;
        owner = e;
      }
    }
    const uint64_t start = c.cycle + (is_read(c.kind) ? s.t.RL : s.t.WL);
    if (owner && start < data_end) {
      return Broken{kRuleDataBus, -1, unsigned(data_end - owner->cycle), owner};
    }
  }
  return std::nullopt;
}

}  // namespace hbmsim::test
