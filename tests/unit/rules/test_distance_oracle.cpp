// The checker's distance rules against a brute-force oracle: dense random streams, legal
// and not, and for every command the set of table rules it breaks, found by comparing it
// with every earlier command (not only the last of each kind, and without the checker's
// ready cycles, which answer "none broken" from a few loads before the histories are
// read). A later command of a kind is nearer than an earlier one, so the two must agree
// rule for rule.
#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "device/rules/timing_checker.h"
#include "device/rules/timing_rules.h"
#include "unit_helpers.h"

namespace hbmsim::test {
namespace test_distance_oracle {

constexpr unsigned kChannels = 2;

bool in_scope(RuleScope s, const Command& earlier, const Command& c) {
  if (earlier.ch != c.ch) return false;
  if (s == RuleScope::Channel) return true;
  if (earlier.pc != c.pc) return false;
  switch (s) {
    case RuleScope::Pc: return true;
    case RuleScope::OtherSid: return earlier.sid != c.sid;
    case RuleScope::Sid: return earlier.sid == c.sid;
    case RuleScope::Group: return earlier.sid == c.sid && earlier.bg == c.bg;
    case RuleScope::Bank:
      return earlier.sid == c.sid && earlier.bg == c.bg && earlier.bank == c.bank;
    case RuleScope::Channel: return true;
  }
  return false;
}

// The table rules command i breaks against any earlier command (those further back than
// the largest minimum break none). Bank-level rules relate commands that both name a bank.
std::set<std::string> oracle(const std::vector<TimingRule>& rules,
                             const std::vector<Command>& cmds, size_t i) {
  const Command& c = cmds[i];
  unsigned widest = 0;
  for (const TimingRule& r : rules) widest = std::max(widest, r.min);
  std::set<std::string> broken;
  for (const TimingRule& r : rules) {
    if (!(r.next & bit(c.kind))) continue;
    const bool bank_level = r.scope != RuleScope::Pc && r.scope != RuleScope::Channel;
    if (bank_level && !targets_bank(c.kind)) continue;
    for (size_t j = i; j-- > 0 && c.cycle - cmds[j].cycle < widest;) {
      const Command& e = cmds[j];
      if (!(r.prev & bit(e.kind)) || (bank_level && !targets_bank(e.kind))) continue;
      if (in_scope(r.scope, e, c) && c.cycle - e.cycle < r.min) {
        broken.insert(r.name);
        break;
      }
    }
  }
  return broken;
}

// Random addresses in two channels; mostly 0-2 tCK apart (most commands break a rule),
// sometimes tens (most break none).
std::vector<Command> random_stream(const Organisation& o, uint64_t seed, size_t n) {
  std::mt19937_64 rng(seed);
  std::vector<Command> out;
  uint64_t cycle = 0;
  for (size_t i = 0; i < n; ++i) {
    cycle += (rng() % 8 == 0) ? rng() % 60 : rng() % 3;
    Command c;
    c.cycle = cycle;
    c.ch = unsigned(rng() % kChannels);
    c.pc = unsigned(rng() % o.pcs_per_channel);
    c.sid = unsigned(rng() % o.sids);
    c.bg = unsigned(rng() % o.bankgroups);
    c.bank = unsigned(rng() % o.banks_per_group);
    c.kind = CmdKind(rng() % kNumCmdKinds);
    c.row = unsigned(rng() % o.rows);
    c.col = unsigned(rng() % o.columns);
    out.push_back(c);
  }
  return out;
}

class DistanceOracle : public testing::TestWithParam<std::string> {};

TEST_P(DistanceOracle, CheckAllNamesExactlyTheRulesAnyEarlierCommandBreaks) {
  const Standard s = load_standard(GetParam());
  const std::vector<TimingRule> rules = make_timing_rules(s.t);
  std::set<std::string> table;
  for (const TimingRule& r : rules) table.insert(r.name);

  size_t clear = 0, broken = 0;
  for (uint64_t seed : {1u, 2u, 3u}) {
    TimingChecker checker(s, kChannels * s.org.pcs_per_channel);
    const std::vector<Command> cmds = random_stream(s.org, seed, 4000);
    for (size_t i = 0; i < cmds.size(); ++i) {
      const Command& c = cmds[i];
      const std::set<std::string> want = oracle(rules, cmds, i);
      std::set<std::string> got;
      for (const Violation& v : checker.check_all(c)) {
        if (table.count(v.rule)) got.insert(v.rule);
      }
      ASSERT_EQ(got, want) << "seed " << seed << ", command " << i << ": " << describe(c);
      ++(want.empty() ? clear : broken);
    }
  }
  // Both answers are exercised often.
  EXPECT_GT(clear, 1000u);
  EXPECT_GT(broken, 1000u);
}

INSTANTIATE_TEST_SUITE_P(Presets, DistanceOracle, testing::ValuesIn(known_standards()));

}  // namespace test_distance_oracle
}  // namespace hbmsim::test
