// Generated tests: every rule of every preset's table, every (prev, next) pair it
// covers, checked at exactly its minimum distance (legal) and one tCK short (broken).
#include <map>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "device/rules/timing_checker.h"
#include "rule_scenario.h"
#include "unit_helpers.h"

namespace hbmsim::test {
namespace test_timing_rules {

std::vector<Violation> run(const Standard& s, const std::vector<Command>& cmds) {
  TimingChecker checker(s, s.org.pcs());
  std::vector<Violation> found;
  for (const Command& c : cmds) {
    if (auto v = checker.check(c)) found.push_back(*v);
  }
  return found;
}

std::string messages(const std::vector<Violation>& vs) {
  std::string out;
  for (const Violation& v : vs) out += "\n  " + v.message();
  return out;
}

std::string listing(const std::vector<Command>& cmds) {
  std::string out;
  for (const Command& c : cmds) out += fmt::format("\n  {:>6} {}", c.cycle, describe(c));
  return out;
}

// Pairs whose rule cannot be shown alone, and the rule that fires instead. Derived by
// hand from the table's structure, so a new preset with the same relations between
// its timings gets the same expectation; NotIsolatedCasesAreTheKnownOnes checks that
// nothing else is shadowed.
struct Shadow {
  std::string at_minimum;  // fires although `next` is exactly the minimum after `prev`
  std::string one_short;   // fires first when `next` is one tCK short
};

Shadow known_shadow(const Timing& t, const TimingRule& r, CmdKind prev, CmdKind next) {
  using K = CmdKind;
  Shadow s;
  // REFpb -> ACT/REFpb in one bank group: tRRDL, but tRREFD holds for any bank of the PC.
  if (r.name == "tRRDL" && prev == K::REFpb && t.RREFD > t.RRDL) s.at_minimum = "tRREFD";
  // A row command on the other PC one tCK after an ACT: one row command per tCK, but
  // an ACT holds the row bus act_bus_cycles against every row command.
  if (r.name == "ROW_BUS" && prev == K::ACT && t.act_bus_cycles > 1) {
    s.at_minimum = "ROW_BUS_ACT";
  }
  // ACT -> REFab needs the bank closed in between, no earlier than tRAS; if tRC is not
  // longer than tRAS + tRP, that PRE is then less than tRP before the REFab one tCK
  // short, and the PC-wide tRP (PRE -> REFab) comes first in the table.
  if (r.name == "tRC" && next == K::REFab && t.RC <= t.RAS + t.RP) s.one_short = "tRP";
  return s;
}

class RuleTest : public testing::TestWithParam<RuleCase> {};

TEST_P(RuleTest, LegalAtMinimumBrokenOneShort) {
  const RuleCase& rc = GetParam();
  const Standard s = load_standard(rc.preset);
  const std::vector<TimingRule> rules = make_timing_rules(s.t);
  ASSERT_LT(rc.rule_index, rules.size());
  const TimingRule& rule = rules[rc.rule_index];

  // ---- at the minimum ----
  const Scenario legal = build_scenario(s, rule, rc.prev, rc.next, rule.min);
  ASSERT_TRUE(legal.skip.empty()) << "scope " << scope_name(rule.scope) << ": " << legal.skip;
  SCOPED_TRACE("scenario at the minimum:" + listing(legal.cmds));
  for (size_t i = 0; i + 1 < legal.cmds.size(); ++i) {
    ASSERT_FALSE(first_broken(s, rules, legal.cmds, i)) << "set-up command " << i
                                                        << " is not legal";
  }
  const Shadow known = known_shadow(s.t, rule, rc.prev, rc.next);
  std::vector<Violation> got = run(s, legal.cmds);
  if (known.at_minimum.empty()) {
    EXPECT_TRUE(got.empty()) << messages(got);
  } else {
    // Not isolatable at the minimum: the other rule, named by known_shadow, fires.
    ASSERT_EQ(got.size(), 1u) << messages(got);
    EXPECT_EQ(got[0].rule, known.at_minimum) << got[0].message();
    EXPECT_TRUE(same_command(got[0].cmd, legal.cmds.back()));
    EXPECT_TRUE(got[0].earlier && same_command(*got[0].earlier, legal.cmds[legal.prev_pos]));
  }

  // ---- one tCK short ----
  ASSERT_GT(rule.min, 0u) << "a rule with minimum 0 cannot be broken";
  const Scenario bad = build_scenario(s, rule, rc.prev, rc.next, rule.min - 1);
  SCOPED_TRACE("scenario one tCK short:" + listing(bad.cmds));
  for (size_t i = 0; i + 1 < bad.cmds.size(); ++i) {
    ASSERT_FALSE(first_broken(s, rules, bad.cmds, i)) << "set-up command " << i
                                                      << " is not legal";
  }
  got = run(s, bad.cmds);
  ASSERT_EQ(got.size(), 1u) << messages(got);
  const Violation& v = got[0];
  EXPECT_EQ(v.cycle, bad.cmds.back().cycle);
  EXPECT_TRUE(same_command(v.cmd, bad.cmds.back())) << v.message();
  if (!known.one_short.empty()) {
    // Not isolatable one short: the other rule, named by known_shadow, fires first.
    EXPECT_EQ(v.rule, known.one_short) << v.message();
    return;
  }
  EXPECT_EQ(v.rule, rule.name) << v.message();
  EXPECT_EQ(v.min, rule.min) << v.message();
  EXPECT_EQ(v.actual, uint64_t(rule.min - 1));
  ASSERT_TRUE(v.earlier) << v.message();
  EXPECT_TRUE(same_command(*v.earlier, bad.cmds[bad.prev_pos])) << v.message();
}

// Cases whose scope the organisation lacks (tCCDR with one stack ID) are left out
// here; RuleCoverage checks that those are the only ones.
std::vector<RuleCase> applicable_rule_cases() {
  std::vector<RuleCase> out;
  for (const RuleCase& c : all_rule_cases()) {
    const Standard s = load_standard(c.preset);
    const TimingRule r = make_timing_rules(s.t).at(c.rule_index);   // a copy: the vector is a temporary
    if (build_scenario(s, r, c.prev, c.next, r.min).skip.empty()) out.push_back(c);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(AllPresets, RuleTest, testing::ValuesIn(applicable_rule_cases()),
                         [](const testing::TestParamInfo<RuleCase>& info) {
                           return info.param.name;
                         });

// Every rule of every preset has a case for every (prev, next) pair of its masks, so
// a rule added to the table is tested without anyone writing a test for it.
TEST(RuleCoverage, EveryRuleOfEveryPresetHasCases) {
  const std::vector<RuleCase> cases = all_rule_cases();
  const std::vector<std::string> presets = known_standards();
  ASSERT_FALSE(presets.empty()) << "no presets in " << standards_dir();
  for (const std::string& key : presets) {
    const Standard s = load_standard(key);
    const std::vector<TimingRule> rules = make_timing_rules(s.t);
    std::map<unsigned, unsigned> per_rule;
    unsigned skipped = 0;
    for (const RuleCase& c : cases) {
      if (c.preset != key) continue;
      ++per_rule[c.rule_index];
      const TimingRule& r = rules.at(c.rule_index);
      if (build_scenario(s, r, c.prev, c.next, r.min).skip.empty()) continue;
      ++skipped;
      // Only a rule between stack IDs may lack a scenario, and only with one stack ID.
      EXPECT_EQ(r.scope, RuleScope::OtherSid) << c.name;
      EXPECT_EQ(s.org.sids, 1u) << c.name;
    }
    unsigned total = 0;
    for (unsigned i = 0; i < rules.size(); ++i) {
      const unsigned pairs = unsigned(__builtin_popcount(rules[i].prev) *
                                      __builtin_popcount(rules[i].next));
      EXPECT_GT(pairs, 0u) << key << " rule " << rules[i].name << " covers no pair";
      EXPECT_EQ(per_rule[i], pairs) << key << " rule " << i << " " << rules[i].name;
      total += per_rule[i];
    }
    RecordProperty(key + "_cases", int(total));
    RecordProperty(key + "_skipped", int(skipped));
    std::printf("%s: %u rules, %u generated cases, %u not applicable\n", key.c_str(),
                unsigned(rules.size()), total, skipped);
  }
}

// The reference (rule_scenario's first_broken, which reads the table, not the checker)
// finds exactly the shadows known_shadow names, on every preset; on HBM3 they are the
// three cases listed here.
TEST(RuleCoverage, NotIsolatedCasesAreTheKnownOnes) {
  std::map<std::string, std::string> found;
  for (const RuleCase& c : all_rule_cases()) {
    const Standard s = load_standard(c.preset);
    const std::vector<TimingRule> rules = make_timing_rules(s.t);
    const TimingRule& r = rules.at(c.rule_index);
    const Shadow known = known_shadow(s.t, r, c.prev, c.next);
    const Scenario at_min = build_scenario(s, r, c.prev, c.next, r.min);
    if (!at_min.skip.empty()) continue;
    ASSERT_GT(r.min, 0u) << c.name;
    const auto a = first_broken(s, rules, at_min.cmds, at_min.cmds.size() - 1);
    EXPECT_EQ(a ? a->rule : "", known.at_minimum) << c.name << " at the minimum";
    const Scenario short1 = build_scenario(s, r, c.prev, c.next, r.min - 1);
    const auto b = first_broken(s, rules, short1.cmds, short1.cmds.size() - 1);
    ASSERT_TRUE(b) << c.name << " one short breaks nothing";
    EXPECT_EQ(b->index == int(c.rule_index) ? "" : b->rule, known.one_short)
        << c.name << " one short";
    if (a) found[c.name] = "at minimum " + a->rule;
    if (b->index != int(c.rule_index)) found[c.name] += " one short " + b->rule;
  }
  std::map<std::string, std::string> hbm3;
  for (const auto& [name, why] : found) {
    if (name.rfind("hbm3_", 0) == 0) hbm3[name] = why;
  }
  const std::map<std::string, std::string> expected = {
      {"hbm3_tRRDL_REFpb_ACT", "at minimum tRREFD"},
      {"hbm3_tRRDL_REFpb_REFpb", "at minimum tRREFD"},
      {"hbm3_ROW_BUS_ACT_ACT", "at minimum ROW_BUS_ACT"},
      {"hbm3_ROW_BUS_ACT_PRE", "at minimum ROW_BUS_ACT"},
      {"hbm3_ROW_BUS_ACT_PREA", "at minimum ROW_BUS_ACT"},
      {"hbm3_ROW_BUS_ACT_REFab", "at minimum ROW_BUS_ACT"},
      {"hbm3_ROW_BUS_ACT_REFpb", "at minimum ROW_BUS_ACT"},
  };
  EXPECT_EQ(hbm3, expected);
}

}  // namespace test_timing_rules
}  // namespace hbmsim::test
