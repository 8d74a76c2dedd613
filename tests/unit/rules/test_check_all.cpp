// check_all (what check-log uses) reports every rule a command breaks, each once; check
// (what the simulation uses) still stops at the first, and both leave the same state.
#include <set>

#include <gtest/gtest.h>

#include "device/rules/timing_checker.h"
#include "unit_helpers.h"

namespace hbmsim {
namespace test_check_all {

using test::cmd;
using K = CmdKind;

TEST(CheckAll, APrechargeBreakingTrasAndTrtpGivesTwoReports) {
  const Standard& s = test::hbm3();
  TimingChecker all(s, 1), first(s, 1);
  Command act = cmd(K::ACT, 0);
  act.row = 5;
  Command rd = cmd(K::RD, s.t.RCDRD);
  Command pre = cmd(K::PRE, s.t.RCDRD + 2);   // before tRAS (45) and tRTP (9) are over
  for (const Command& c : {act, rd}) {
    EXPECT_TRUE(all.check_all(c).empty());
    EXPECT_FALSE(first.check(c));
  }
  const std::vector<Violation> v = all.check_all(pre);
  std::set<std::string> rules;
  for (const Violation& x : v) rules.insert(x.rule);
  EXPECT_EQ(rules, (std::set<std::string>{"tRAS", "tRTP"})) << v.size();
  EXPECT_EQ(v.size(), 2u);
  const auto one = first.check(pre);
  ASSERT_TRUE(one);
  EXPECT_TRUE(rules.count(one->rule));
  // Both applied the PRE: an ACT tRP later is clean in both.
  Command again = cmd(K::ACT, s.t.RCDRD + 2 + s.t.RP + s.t.RC);
  again.row = 6;
  EXPECT_TRUE(all.check_all(again).empty());
  EXPECT_FALSE(first.check(again));
}

TEST(CheckAll, AColumnCommandToAClosedBankWithBusClashReportsBoth) {
  const Standard& s = test::hbm3();
  TimingChecker all(s, 1);
  Command act = cmd(K::ACT, 0, 0, 1, 0);
  act.row = 1;
  ASSERT_TRUE(all.check_all(act).empty());
  Command rd = cmd(K::RD, s.t.RCDRD, 0, 1, 0);
  ASSERT_TRUE(all.check_all(rd).empty());
  // A read to a closed bank of another group, one tCK later: closed bank, and its data
  // would overlap the first read's burst.
  const std::vector<Violation> v = all.check_all(cmd(K::RD, s.t.RCDRD + 1, 0, 2, 0));
  std::set<std::string> rules;
  for (const Violation& x : v) rules.insert(x.rule);
  EXPECT_TRUE(rules.count(kRuleBankClosed)) << v.size();
  EXPECT_GE(v.size(), 2u);
}

}  // namespace test_check_all
}  // namespace hbmsim
