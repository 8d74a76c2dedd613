// Builds, for one timing rule and one (prev, next) pair it covers, the smallest legal
// command sequence that puts `next` a chosen distance after `prev`, and says (from the
// rule table's documented meaning, independently of the checker's code) which rule
// the last command of a sequence breaks first.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "device/command.h"
#include "device/rules/timing_rules.h"
#include "standard/standard.h"

namespace hbmsim::test {

// One generated case: a rule of one preset's table and one (prev, next) pair it covers.
struct RuleCase {
  std::string preset;        // file stem, e.g. "hbm3"
  unsigned rule_index = 0;   // into make_timing_rules(standard.t)
  CmdKind prev = CmdKind::ACT;
  CmdKind next = CmdKind::ACT;
  std::string name;          // gtest name, e.g. "hbm3_tRCDRD_ACT_RD"
};

// Every (preset, rule, prev kind, next kind) there is. Presets that fail to load give
// no cases; test_standard_loader reports them.
std::vector<RuleCase> all_rule_cases();

struct Scenario {
  std::vector<Command> cmds;  // in cycle order; the last one is `next`
  size_t prev_pos = 0;        // where `prev` is in cmds
  std::string skip;           // non-empty: the organisation has no bank pair for the scope
};

// Set-up commands first, each a settling gap apart (longer than any rule), then `prev`
// at T, a PRE where `next` needs a bank `prev` opened closed again, and `next` at
// T + distance on a bank chosen by the rule's scope.
Scenario build_scenario(const Standard& s, const TimingRule& rule, CmdKind prev, CmdKind next,
                        unsigned distance);

// The first rule cmds[at] breaks given cmds[0..at), in the checker's documented order:
// bank state, then the distance table in table order, then tFAW, then the data bus.
struct Broken {
  std::string rule;
  int index = -1;            // table index for distance rules, -1 otherwise
  unsigned min = 0;
  std::optional<Command> earlier;
};
std::optional<Broken> first_broken(const Standard& s, const std::vector<TimingRule>& rules,
                                   const std::vector<Command>& cmds, size_t at);

inline void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }

}  // namespace hbmsim::test
