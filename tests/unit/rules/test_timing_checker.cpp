// Hand-written checks of the timing checker with literal HBM3 numbers, so a wrong
// preset value or a rule written with the wrong formula shows up as a number.
#include <gtest/gtest.h>

#include "device/rules/timing_checker.h"
#include "unit_helpers.h"

namespace hbmsim::test {
namespace test_timing_checker {

using K = CmdKind;

// One channel (two PCs) of HBM3, fed command by command.
class CheckerTest : public testing::Test {
 protected:
  std::vector<Violation> run(const std::vector<Command>& cmds) { return run(hbm3(), cmds); }
  std::vector<Violation> run(const Standard& s, const std::vector<Command>& cmds) {
    TimingChecker checker(s, 2);
    std::vector<Violation> found;
    for (const Command& c : cmds) {
      if (auto v = checker.check(c)) found.push_back(*v);
    }
    return found;
  }
  // The only violation found is `rule` at `cycle`. (A result, not EXPECTs, so that
  // callers can ASSERT on it before they look at got[0].)
  static testing::AssertionResult one(const std::vector<Violation>& got, const std::string& rule,
                                      uint64_t cycle) {
    if (got.size() != 1) {
      auto r = testing::AssertionFailure() << got.size() << " violations, expected one " << rule;
      for (const Violation& v : got) r << "\n  " << v.message();
      return r;
    }
    if (got[0].rule != rule || got[0].cycle != cycle) {
      return testing::AssertionFailure() << got[0].message() << "\n  expected " << rule
                                         << " at cycle " << cycle;
    }
    return testing::AssertionSuccess();
  }
};

Command act(uint64_t cycle, unsigned sid, unsigned bg, unsigned bank, unsigned pc = 0) {
  Command c = cmd(K::ACT, cycle, sid, bg, bank, 0, pc);
  c.row = 7;
  return c;
}

// The figures shared/reference/hbm-standards.md gives for HBM3 6.4 Gb/s (Ramulator 2.1
// HBM3_6400Mbps, tCK 0.625 ns; tRFC 350 ns), so a typo in hbm3.json shows up here.
TEST_F(CheckerTest, Hbm3PresetHasTheReferenceNumbers) {
  const Timing& t = hbm3().t;
  EXPECT_DOUBLE_EQ(t.tck_ns, 0.625);
  EXPECT_EQ(t.RL, 20u);
  EXPECT_EQ(t.WL, 10u);
  EXPECT_EQ(t.RCDRD, 31u);
  EXPECT_EQ(t.RCDWR, 15u);
  EXPECT_EQ(t.RP, 26u);
  EXPECT_EQ(t.RAS, 45u);
  EXPECT_EQ(t.RC, 72u);
  EXPECT_EQ(t.WR, 33u);
  EXPECT_EQ(t.RTPS, 9u);
  EXPECT_EQ(t.RTPL, 9u);
  EXPECT_EQ(t.CCDS, 2u);
  EXPECT_EQ(t.CCDL, 4u);
  EXPECT_EQ(t.CCDR, 3u);
  EXPECT_EQ(t.RRDS, 4u);
  EXPECT_EQ(t.RRDL, 5u);
  EXPECT_EQ(t.FAW, 24u);
  EXPECT_EQ(t.WTRS, 7u);
  EXPECT_EQ(t.WTRL, 10u);
  EXPECT_EQ(t.RTW, 20u);
  EXPECT_EQ(t.PPD, 2u);
  EXPECT_EQ(t.RFC, 560u);
  EXPECT_EQ(t.RFCpb, 320u);
  EXPECT_EQ(t.REFI, 6240u);
  EXPECT_EQ(t.WL + t.BL + t.WTRL, 22u);
}

TEST_F(CheckerTest, RcdrdIs31) {
  const auto bad = run({act(100, 0, 0, 0), cmd(K::RD, 130)});
  ASSERT_TRUE(one(bad, "tRCDRD", 130));
  EXPECT_EQ(bad[0].min, 31u);
  EXPECT_EQ(bad[0].actual, 30u);
  EXPECT_TRUE(run({act(100, 0, 0, 0), cmd(K::RD, 131)}).empty());
}

TEST_F(CheckerTest, RpIs26) {
  // The PRE is late enough that tRC (72) is met either way.
  const auto bad = run({act(100, 0, 0, 0), cmd(K::PRE, 200), act(225, 0, 0, 0)});
  ASSERT_TRUE(one(bad, "tRP", 225));
  EXPECT_EQ(bad[0].min, 26u);
  EXPECT_TRUE(run({act(100, 0, 0, 0), cmd(K::PRE, 200), act(226, 0, 0, 0)}).empty());
}

TEST_F(CheckerTest, FawIs24ForTheFifthAct) {
  // Four ACTs tRRDS apart in four bank groups, then a fifth in bank group 0 again.
  const auto bad = run({act(100, 0, 0, 0), act(104, 0, 1, 0), act(108, 0, 2, 0),
                        act(112, 0, 3, 0), act(123, 0, 0, 1)});
  ASSERT_TRUE(one(bad, "tFAW", 123));
  EXPECT_EQ(bad[0].min, 24u);
  EXPECT_EQ(bad[0].actual, 23u);
  ASSERT_TRUE(bad[0].earlier);
  EXPECT_EQ(bad[0].earlier->cycle, 100u);
  EXPECT_TRUE(run({act(100, 0, 0, 0), act(104, 0, 1, 0), act(108, 0, 2, 0), act(112, 0, 3, 0),
                   act(124, 0, 0, 1)})
                  .empty());
}

TEST_F(CheckerTest, CcdlIs4InABankGroupCcdsIs2Across) {
  // Banks 0 and 1 of bank group 0 and bank 0 of bank group 1 open, long before.
  auto with = [](std::initializer_list<Command> tail) {
    std::vector<Command> v = {act(100, 0, 0, 0), act(110, 0, 0, 1), act(120, 0, 1, 0)};
    v.insert(v.end(), tail);
    return v;
  };
  const Command rd = cmd(K::RD, 200, 0, 0, 0);
  ASSERT_TRUE(one(run(with({rd, cmd(K::RD, 203, 0, 0, 1)})), "tCCDL", 203));
  EXPECT_TRUE(run(with({rd, cmd(K::RD, 204, 0, 0, 1)})).empty());
  ASSERT_TRUE(one(run(with({rd, cmd(K::RD, 201, 0, 1, 0)})), "tCCDS", 201));
  EXPECT_TRUE(run(with({rd, cmd(K::RD, 202, 0, 1, 0)})).empty());
}

TEST_F(CheckerTest, RtwIs20) {
  const Command a = act(100, 0, 0, 0), b = act(110, 0, 1, 0), rd = cmd(K::RD, 200);
  const auto bad = run({a, b, rd, cmd(K::WR, 219, 0, 1, 0)});
  ASSERT_TRUE(one(bad, "tRTW", 219));
  EXPECT_EQ(bad[0].min, 20u);
  EXPECT_TRUE(run({a, b, rd, cmd(K::WR, 220, 0, 1, 0)}).empty());
}

TEST_F(CheckerTest, WtrlIsWlPlusBlPlus10) {
  // WR in bank 0, RD in bank 1 of the same bank group: WL 10 + BL 2 + tWTRL 10 = 22.
  const Command a = act(100, 0, 0, 0), b = act(110, 0, 0, 1), wr = cmd(K::WR, 200);
  const auto bad = run({a, b, wr, cmd(K::RD, 221, 0, 0, 1)});
  ASSERT_TRUE(one(bad, "tWTRL", 221));
  EXPECT_EQ(bad[0].min, 22u);
  EXPECT_TRUE(run({a, b, wr, cmd(K::RD, 222, 0, 0, 1)}).empty());
}

TEST_F(CheckerTest, RtpBindsTheBankReadOnly) {
  // RD in bank 0 at 200 (tRAS long met). PRE of that bank 8 tCK later breaks tRTP (9);
  // PRE of another bank of the same bank group, or of another group, 1 tCK later is
  // legal: read-to-precharge is a same-bank rule (Ramulator 2.1, DRAMSys, DRAMsim3).
  const Command a = act(100, 0, 0, 0), b = act(110, 0, 0, 1), c = act(120, 0, 1, 0);
  const Command rd = cmd(K::RD, 200);
  const auto bad = run({a, b, c, rd, cmd(K::PRE, 208)});
  ASSERT_TRUE(one(bad, "tRTP", 208));
  EXPECT_EQ(bad[0].min, 9u);
  EXPECT_TRUE(run({a, b, c, rd, cmd(K::PRE, 209)}).empty());
  EXPECT_TRUE(run({a, b, c, rd, cmd(K::PRE, 201, 0, 0, 1)}).empty());
  EXPECT_TRUE(run({a, b, c, rd, cmd(K::PRE, 201, 0, 1, 0)}).empty());
  // PREA closes the bank read too: tRTP for the whole PC.
  ASSERT_TRUE(one(run({a, b, c, rd, cmd(K::PREA, 208)}), "tRTP", 208));
  EXPECT_TRUE(run({a, b, c, rd, cmd(K::PREA, 209)}).empty());
}

TEST_F(CheckerTest, CcdsWithinAStackIdCcdrAcross) {
  // Bank group 0 of SID 0, bank group 1 of SID 0 and bank group 0 of SID 1 open.
  auto with = [](std::initializer_list<Command> tail) {
    std::vector<Command> v = {act(100, 0, 0, 0), act(110, 0, 1, 0), act(120, 1, 0, 0)};
    v.insert(v.end(), tail);
    return v;
  };
  const Command rd = cmd(K::RD, 200, 0, 0, 0);
  ASSERT_TRUE(one(run(with({rd, cmd(K::RD, 201, 0, 1, 0)})), "tCCDS", 201));
  EXPECT_TRUE(run(with({rd, cmd(K::RD, 202, 0, 1, 0)})).empty());
  // Another stack ID: tCCDR (3), not tCCDS (2).
  const auto bad = run(with({rd, cmd(K::RD, 202, 1, 0, 0)}));
  ASSERT_TRUE(one(bad, "tCCDR", 202));
  EXPECT_EQ(bad[0].min, 3u);
  EXPECT_TRUE(run(with({rd, cmd(K::RD, 203, 1, 0, 0)})).empty());
}

TEST_F(CheckerTest, TwelveHighStackHasNoStackId3) {
  const Standard s = load_standard("hbm3e");
  ASSERT_EQ(s.org.sids, 3u);
  ASSERT_TRUE(run(s, {act(100, 2, 3, 3)}).empty());
  const auto bad = run(s, {act(100, 3, 0, 0)});
  ASSERT_TRUE(one(bad, kRuleAddress, 100));
  EXPECT_NE(bad[0].detail.find("sid 3"), std::string::npos) << bad[0].detail;
}

TEST_F(CheckerTest, ActToAnOpenBankIsBankOpen) {
  ASSERT_TRUE(one(run({act(100, 0, 0, 0), act(300, 0, 0, 0)}), kRuleBankOpen, 300));
}

TEST_F(CheckerTest, RefabWithABankOpenIsBankOpen) {
  ASSERT_TRUE(one(run({act(100, 1, 3, 2), cmd(K::REFab, 300)}), kRuleBankOpen, 300));
}

TEST_F(CheckerTest, ReadOfAClosedBankIsBankClosed) {
  ASSERT_TRUE(one(run({cmd(K::RD, 100, 0, 2, 1)}), kRuleBankClosed, 100));
  // A bank RDA closed is closed too.
  ASSERT_TRUE(one(run({act(100, 0, 0, 0), cmd(K::RDA, 140), cmd(K::RD, 300)}), kRuleBankClosed,
                  300));
}

TEST_F(CheckerTest, BankGroupOutOfRangeIsAddress) {
  const auto bad = run({act(100, 0, 4, 0)});  // HBM3 has bank groups 0..3
  ASSERT_TRUE(one(bad, kRuleAddress, 100));
  EXPECT_NE(bad[0].detail.find("bg 4"), std::string::npos) << bad[0].detail;
  ASSERT_TRUE(one(run({act(100, 2, 0, 0)}), kRuleAddress, 100));  // sids 0..1
  ASSERT_TRUE(one(run({cmd(K::PRE, 100, 0, 0, 0, 0, 2)}), kRuleAddress, 100));  // pc 0..1
}

TEST_F(CheckerTest, CycleGoingBackwardsIsOrder) {
  const auto bad = run({act(100, 0, 0, 0), act(99, 0, 1, 0)});
  ASSERT_TRUE(one(bad, kRuleOrder, 99));
}

// A command out of order is still checked against the commands before it in time, and
// applied: one wrong cycle (3000 here) made every later line an ORDER report alone, so
// a RD 20 tCK after its ACT passed tRCDRD, and an ACT skipped left its bank's later RD
// reported as BANK_CLOSED (check-log, a fuzz helper).
TEST_F(CheckerTest, ACommandOutOfOrderIsStillCheckedAndApplied) {
  TimingChecker checker(hbm3(), 2);
  EXPECT_TRUE(checker.check_all(act(100, 0, 0, 0)).empty());
  EXPECT_TRUE(checker.check_all(act(3000, 0, 1, 0)).empty());
  std::vector<Violation> rd = checker.check_all(cmd(K::RD, 120, 0, 0, 0));
  ASSERT_EQ(rd.size(), 2u);
  EXPECT_EQ(rd[0].rule, kRuleOrder);
  EXPECT_EQ(rd[1].rule, "tRCDRD");
  EXPECT_EQ(rd[1].actual, 20u);
  // An ACT out of order opens its bank: the RD after the wrong cycle finds it open.
  const std::vector<Violation> late_act = checker.check_all(act(50, 0, 2, 0));
  ASSERT_EQ(late_act.size(), 1u);
  EXPECT_EQ(late_act[0].rule, kRuleOrder);
  EXPECT_TRUE(checker.check_all(cmd(K::RD, 3100, 0, 2, 0)).empty());
}

TEST_F(CheckerTest, TwoRowCommandsInOneTckOnAChannelIsRowBus) {
  const auto bad = run({act(100, 0, 0, 0, 0), act(110, 0, 0, 0, 1), cmd(K::PRE, 200, 0, 0, 0, 0, 0),
                        cmd(K::PRE, 200, 0, 0, 0, 0, 1)});
  ASSERT_TRUE(one(bad, "ROW_BUS", 200));
  ASSERT_TRUE(bad[0].earlier);
  EXPECT_EQ(bad[0].earlier->pc, 0u);
  EXPECT_EQ(bad[0].cmd.pc, 1u);
}

TEST_F(CheckerTest, TwoColumnCommandsInOneTckOnAChannelIsColBus) {
  const auto bad = run({act(100, 0, 0, 0, 0), act(110, 0, 0, 0, 1), cmd(K::RD, 200, 0, 0, 0, 0, 0),
                        cmd(K::RD, 200, 0, 0, 0, 0, 1)});
  ASSERT_TRUE(one(bad, "COL_BUS", 200));
}

TEST_F(CheckerTest, ReadThenWriteOverlappingOnDqIsDataBus) {
  // With tRTW one short of RL + BL - WL, a WR at tRTW after a RD drives DQ while the
  // read burst is still on it: no distance rule catches that, the data bus must.
  Standard s = hbm3();
  s.t.RTW = s.t.RL + s.t.BL - s.t.WL - 1;  // 11
  const uint64_t wr_at = 200 + s.t.RTW;
  const auto bad = run(s, {act(100, 0, 0, 0), act(110, 0, 1, 0), cmd(K::RD, 200),
                           cmd(K::WR, wr_at, 0, 1, 0)});
  ASSERT_TRUE(one(bad, kRuleDataBus, wr_at));
  ASSERT_TRUE(bad[0].earlier);
  EXPECT_EQ(bad[0].earlier->kind, K::RD);
  EXPECT_EQ(bad[0].min, s.t.RL + s.t.BL);  // DQ is busy until RL + BL after the RD
  EXPECT_EQ(bad[0].actual, s.t.RTW);
  // One tCK later the write burst starts as the read burst ends.
  EXPECT_TRUE(run(s, {act(100, 0, 0, 0), act(110, 0, 1, 0), cmd(K::RD, 200),
                      cmd(K::WR, wr_at + 1, 0, 1, 0)})
                  .empty());
}

TEST_F(CheckerTest, CommandIsAppliedEvenWhenItBreaksARule) {
  // The ACT breaks tRRDL but still opens its bank: the RD after it is legal.
  const auto got = run({act(100, 0, 0, 0), act(102, 0, 0, 1), cmd(K::RD, 133, 0, 0, 1)});
  ASSERT_TRUE(one(got, "tRRDL", 102));
}

TEST_F(CheckerTest, MessageNamesCycleCommandRuleMinimumAndEarlierCommand) {
  const auto bad = run({act(100, 0, 0, 0), cmd(K::RD, 130, 0, 0, 0)});
  ASSERT_EQ(bad.size(), 1u);
  const std::string m = bad[0].message();
  EXPECT_NE(m.find("cycle 130"), std::string::npos) << m;
  EXPECT_NE(m.find("RD ch0 pc0 sid0 bg0 ba0 col 0"), std::string::npos) << m;
  EXPECT_NE(m.find("tRCDRD"), std::string::npos) << m;
  EXPECT_NE(m.find("min 31"), std::string::npos) << m;
  EXPECT_NE(m.find("ACT ch0 pc0 sid0 bg0 ba0 row 7 at cycle 100"), std::string::npos) << m;
  EXPECT_NE(m.find("30 tCK"), std::string::npos) << m;
}

}  // namespace test_timing_checker
}  // namespace hbmsim::test
