// Regression tests for two checker bugs found by the unit tests (fixed): an overdue
// refresh hiding a command's own violation, and an ACT not holding the row bus
// against the other PC's row commands.
#include <gtest/gtest.h>

#include "device/rules/timing_checker.h"
#include "unit_helpers.h"

namespace hbmsim::test {
namespace test_checker_regressions {

using K = CmdKind;

// timing_checker.cpp, TimingChecker::check(): `found = advance(c.cycle)` comes first
// and every later check is skipped when it returns something, so a command that
// arrives in the tCK a refresh deadline passes (on any PC) has its own violation
// dropped: here the RD breaks tRCDRD and nothing ever says so.
TEST(CheckerRegression, RefreshDeadlineHidesTheCommandsOwnViolation) {
  const Standard& s = hbm3();
  const uint64_t deadline = (s.t.refresh_postpone_max + 1ull) * s.t.REFI;
  TimingChecker checker(s, 1);
  std::vector<Violation> found;
  Command act = cmd(K::ACT, deadline - 10);
  act.row = 1;
  for (const Command& c : {act, cmd(K::RD, deadline)}) {
    if (auto v = checker.check(c)) found.push_back(*v);
  }
  bool rcd = false;
  for (const Violation& v : found) rcd = rcd || v.rule == "tRCDRD";
  EXPECT_TRUE(rcd) << "the RD 10 tCK after its ACT (tRCDRD 31) was not reported";
}

// timing_rules.cpp, ROW_BUS_ACT: an ACT holds the channel's row bus act_bus_cycles
// (2 tCK in hbm3.json, whose note says so), but the rule only keeps a following ACT
// off the bus. Ramulator 2's HBM3 (the preset's timing source) keeps every row
// command (ACT, PRE, PREA, REFab, REFsb) 2 tCK behind an ACT on the channel. The RTL
// arbiter (rtl/ctrl/sched/hbm_cmd_arbiter.sv, HoldAct) holds back only ACTs as well, so a
// fix of the rule needs the arbiter changed with it.
TEST(CheckerRegression, RowCommandOneTckAfterAnActOnTheOtherPc) {
  const Standard& s = hbm3();
  ASSERT_EQ(s.t.act_bus_cycles, 2u);
  TimingChecker checker(s, 2);
  Command open = cmd(K::ACT, 100, 0, 0, 0, 0, 1);
  Command act = cmd(K::ACT, 300, 0, 0, 0, 0, 0);
  std::optional<Violation> v;
  for (const Command& c : {open, act, cmd(K::PRE, 301, 0, 0, 0, 0, 1)}) v = checker.check(c);
  ASSERT_TRUE(v) << "PRE on pc1 one tCK into pc0's two-tCK ACT was accepted";
  EXPECT_EQ(v->rule, "ROW_BUS_ACT");
}

}  // namespace test_checker_regressions
}  // namespace hbmsim::test
