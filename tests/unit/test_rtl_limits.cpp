// What the RTL controller's timers hold, checked before a run: a field or a sum the RTL
// loads into one timer (12 bits; a bank's countdowns fewer) is refused naming the field,
// the sum and the limit (the command-line side is tests/cli/run/test_rtl_limits_cli.cpp).
#include <string>
#include <utility>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/errors.h"
#include "controller/rtl_limits.h"
#include "standard/standard.h"

namespace hbmsim {
namespace test_rtl_limits {

std::string refusal(const Standard& s, const ControllerConfig& c = ControllerConfig{},
                    unsigned clock_ratio = 1) {
  try {
    check_rtl_limits(s, c, clock_ratio);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// RDA to ACT of the same bank waits tRTPL + tRP in one timer: each within 4095, the sum
// 4096 ran and was reported as the controller breaking tRTP+tRP. The timer is now the
// bank's ACT countdown (hbm_pkg::BankActW, 1023 tCK): RTPL + RP = 1024 is refused.
// (All-bank refresh: per-bank refresh refuses a tRTPL + tRP past tREFIpb long before.)
TEST(RtlLimits, ReadAutoPrechargeToActivateSumIsRefusedPastTheTimer) {
  Standard s = load_standard("hbm3");   // WL 10, BL 2
  ControllerConfig allbank;
  allbank.refresh = RefreshPolicy::AllBank;
  s.t.WR = 1;          // WL + BL + WR + RP within the countdown as well
  s.t.RP = 1000;
  s.t.RTPL = 23;
  EXPECT_EQ(refusal(s, allbank), "");
  s.t.RTPL = 24;
  const std::string msg = refusal(s, allbank);
  EXPECT_NE(msg.find(s.file), std::string::npos) << msg;
  EXPECT_NE(msg.find("'timing.RTPL' = 24: RTPL + RP = 1024 exceeds the RTL controller's "
                     "per-bank ACT / REFpb countdown, which holds at most 1023 tCK"),
            std::string::npos) << msg;
}

// The countdowns are sized below the 12-bit timers: a bank's (hbm_pkg::BankActW, BankPreW,
// BankRcdW), and a bank group's, a stack ID's, tFAW's and the PC's but tRFC's (ShortW;
// HBM3E's tRPab, 39, is the largest preset value). Each field or sum that loads one is
// refused one past what it holds, naming the countdown and its limit, and taken at it.
TEST(RtlLimits, CountdownsRefuseWhatTheyCannotHold) {
  const Standard hbm3 = load_standard("hbm3");   // WL 10, BL 2, tWR 33, tRP 26
  const char* act = "per-bank ACT / REFpb countdown";
  const char* pre = "per-bank PRE countdown";
  const char* rcd = "per-bank RD / WR-after-ACT countdown";
  const struct {
    unsigned Timing::*field;
    const char *name, *said, *countdown;
    unsigned ok, refused, holds;
  } cases[] = {{&Timing::RC, "RC", "tRC = 1024", act, 1023, 1024, 1023},
               {&Timing::RFCpb, "RFCpb", "tRFCpb = 1024", act, 1023, 1024, 1023},
               {&Timing::RAS, "RAS", "tRAS = 256", pre, 255, 256, 255},
               {&Timing::WR, "WR", "WL + BL + WR = 256", pre, 243, 244, 255},
               {&Timing::RCDRD, "RCDRD", "tRCDRD = 128", rcd, 127, 128, 127},
               {&Timing::RCDWR, "RCDWR", "tRCDWR = 128", rcd, 127, 128, 127},
               {&Timing::RRDL, "RRDL", "tRRDL = 128", "bank-group countdown", 127, 128, 127},
               {&Timing::WTRL, "WTRL", "WL + BL + WTRL = 128", "bank-group countdown", 115, 116,
                127},
               {&Timing::CCDR, "CCDR", "tCCDR = 128", "stack-ID countdown", 127, 128, 127},
               {&Timing::FAW, "FAW", "tFAW = 128", "tFAW countdown", 127, 128, 127},
               {&Timing::RTW, "RTW", "tRTW = 128", "pseudo-channel countdown", 127, 128, 127},
               {&Timing::RPab, "RPab", "tRPab = 128", "pseudo-channel countdown", 127, 128, 127}};
  ControllerConfig allbank;   // per-bank refresh refuses a long tRC, tWR or tRRDL first
  allbank.refresh = RefreshPolicy::AllBank;
  allbank.page = PagePolicy::Open;   // and auto-precharges a long tWR (AutoPrecharge... below)
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Standard s = hbm3;
    // A tRCD may not exceed tRC either (TrcdAboveTrcIsRefused): a row cycle to match.
    if (c.field == &Timing::RCDRD || c.field == &Timing::RCDWR) s.t.RC = c.refused;
    s.t.*c.field = c.ok;
    EXPECT_EQ(refusal(s, allbank), "");
    s.t.*c.field = c.refused;
    const std::string msg = refusal(s, allbank);
    EXPECT_NE(msg.find(fmt::format("{}: field 'timing.{}' = {}: {} exceeds the RTL "
                                   "controller's {}, which holds at most {} tCK",
                                   s.file, c.name, c.refused, c.said, c.countdown, c.holds)),
              std::string::npos) << msg;
  }
}

// Per-bank refresh: a REFpb falls due every tREFIpb; one whose bank's row cycle, group's
// tRRDL, bank's write recovery after a WRA or auto-precharge after an RDA, or the PC's
// tRREFD does not fit fell behind in the RTL (tREFI violations from tRC 499, tRRDL 353,
// tWR 600 on writes, tRTPL 1000 on reads, tRREFD 194 on HBM3's tREFIpb 195; a deadlock at
// tRREFD 200; tWR and tRTPL were taken). Refused past tREFIpb (tRREFD: half of it);
// all-bank refresh takes them.
TEST(RtlLimits, PerBankRefreshThatCannotKeepUpIsRefused) {
  const Standard hbm3 = load_standard("hbm3");   // tREFIpb 195, WL 10, BL 2, tRP 26
  const struct {
    unsigned Timing::*field;
    const char *name, *said;
    unsigned ok, refused;
  } cases[] = {{&Timing::RC, "RC", "tRC", 195, 196},
               {&Timing::WR, "WR", "WL + BL + tWR + tRP = 196", 157, 158},
               {&Timing::RTPL, "RTPL", "tRTPL + tRP = 196", 169, 170},
               {&Timing::RREFD, "RREFD", "tRREFD", 97, 98}};
  ControllerConfig perbank;   // open pages: auto-precharges refuse a long tWR first
  perbank.page = PagePolicy::Open;
  ControllerConfig allbank = perbank;
  allbank.refresh = RefreshPolicy::AllBank;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Standard s = hbm3;
    s.t.*c.field = c.ok;
    EXPECT_EQ(refusal(s, perbank), "");
    s.t.*c.field = c.refused;
    const std::string msg = refusal(s, perbank);
    EXPECT_NE(msg.find(fmt::format("{}: field 'timing.{}' = {}: {} must be at most tREFIpb",
                                   s.file, c.name, c.refused, c.said)), std::string::npos)
        << msg;
    EXPECT_EQ(refusal(s, allbank), "");
  }
}

// tRRDL past tREFIpb, as above, on HBM4 (tREFIpb 121): on HBM3 (195) a tRRDL that long
// is past the bank-group countdown (127 tCK) first.
TEST(RtlLimits, PerBankRefreshRefusesATrrdlPastTheRefreshInterval) {
  Standard s = load_standard("hbm4");
  ControllerConfig allbank;
  allbank.refresh = RefreshPolicy::AllBank;
  s.t.RRDL = 121;
  EXPECT_EQ(refusal(s), "");
  s.t.RRDL = 122;
  EXPECT_NE(refusal(s).find("'timing.RRDL' = 122: tRRDL must be at most tREFIpb = 121"),
            std::string::npos) << refusal(s);
  EXPECT_EQ(refusal(s, allbank), "");
}

// An ACT reloads its bank's tRCD countdowns as run out (hbm_bank_state loads them with no
// compare): a tRCD above tRC, which would leave one running at the next ACT, is refused.
TEST(RtlLimits, TrcdAboveTrcIsRefused) {
  for (unsigned Timing::*field : {&Timing::RCDRD, &Timing::RCDWR}) {
    Standard s = load_standard("hbm3");   // tRC 72
    s.t.*field = 72;
    EXPECT_EQ(refusal(s), "");
    s.t.*field = 73;
    const std::string name = field == &Timing::RCDRD ? "RCDRD" : "RCDWR";
    const std::string msg = refusal(s);
    EXPECT_NE(msg.find(s.file), std::string::npos) << msg;
    EXPECT_NE(msg.find(fmt::format("'timing.{}' = 73: exceeds tRC (72)", name)),
              std::string::npos) << msg;
  }
}

// The pipelined pick leaves a bank that a command opens or closes out of the next pick
// for one controller clock: tRCD, tRAS, tRTP and tRP of one clock ran and failed the RTL's
// a_row_open (tRAS 1 at 1:1, 2 at 1:2). Two clocks are the least.
TEST(RtlLimits, DistancesThePipelinedPickNeedsAreAtLeastTwoClocks) {
  if (!rtl_form().pipe) GTEST_SKIP() << "built without the pipelined pick";
  const std::pair<unsigned Timing::*, const char*> fields[] = {
      {&Timing::RCDRD, "RCDRD"}, {&Timing::RCDWR, "RCDWR"}, {&Timing::RAS, "RAS"},
      {&Timing::RTPL, "RTPL"},   {&Timing::RP, "RP"},       {&Timing::RFC, "RFC"},
      {&Timing::RFCpb, "RFCpb"}};
  for (unsigned ratio : {1u, 2u}) {
    for (const auto& [field, name] : fields) {
      SCOPED_TRACE(fmt::format("{} at 1:{}", name, ratio));
      Standard s = load_standard("hbm3");
      ControllerConfig open;   // a short tRP or tRTP would be refused for auto-precharges
      open.page = PagePolicy::Open;
      s.t.*field = ratio + 1;
      EXPECT_EQ(refusal(s, open, ratio), "");
      s.t.*field = ratio;
      const std::string msg = refusal(s, open, ratio);
      EXPECT_NE(msg.find(s.file), std::string::npos) << msg;
      EXPECT_NE(msg.find(fmt::format("'timing.{}' = {}: must be at least {} tCK", name, ratio,
                                     ratio + 1)),
                std::string::npos) << msg;
    }
  }
}

// A RDA's wait for its bank's next ACT (tRTP + tRP) must outlast the recovery of a write
// before it (the RDA comes WL + BL + tWTRL after the WR at the earliest): HBM3 with tRP 9
// (tWTRL 10 + tRTPL 9 + 9 = 28 < tWR 33) failed hbm_bank_state's a_idle_at_act under
// closed pages. Open pages make no RDA and take it.
TEST(RtlLimits, AutoPrechargeMustOutlastWriteRecovery) {
  Standard s = load_standard("hbm3");   // tWTRL 10, tRTPL 9, tWR 33
  s.t.RP = 14;
  s.t.RC = s.t.RAS + s.t.RP;
  ControllerConfig closed;
  closed.page = PagePolicy::Closed;
  EXPECT_EQ(refusal(s, closed), "");
  s.t.RP = 13;
  s.t.RC = s.t.RAS + s.t.RP;
  const std::string msg = refusal(s, closed);
  EXPECT_NE(msg.find(s.file), std::string::npos) << msg;
  EXPECT_NE(msg.find("'timing.WR' = 33: exceeds tWTRL + tRTPL + tRP (10 + 9 + 13 controller "
                     "clocks at 1:1)"), std::string::npos) << msg;
  EXPECT_NE(refusal(s, ControllerConfig{}), "");   // adaptive pages auto-precharge too
  ControllerConfig open;
  open.page = PagePolicy::Open;
  EXPECT_EQ(refusal(s, open), "");
}

// The other pair: a RD, then a WRA tRTW later, whose ACT comes WL + BL + tWR + tRP after
// it: HBM3 with tRTPL 92 (20 + 10 + 2 + 33 + 26 = 91) failed a_idle_at_act.
TEST(RtlLimits, AutoPrechargeMustOutlastReadToPrecharge) {
  Standard s = load_standard("hbm3");   // tRTW 20, WL 10, BL 2, tWR 33, tRP 26
  ControllerConfig closed;
  closed.page = PagePolicy::Closed;
  closed.refresh = RefreshPolicy::AllBank;   // per-bank refresh refuses tRTPL + tRP > 195
  s.t.RTPL = 91;
  EXPECT_EQ(refusal(s, closed), "");
  s.t.RTPL = 92;
  const std::string msg = refusal(s, closed);
  EXPECT_NE(msg.find("'timing.RTPL' = 92: exceeds tRTW + WL + BL + tWR + tRP (91 controller "
                     "clocks at 1:1)"), std::string::npos) << msg;
  ControllerConfig open = closed;
  open.page = PagePolicy::Open;
  EXPECT_EQ(refusal(s, open), "");
}

// At 1:2 a column command can go every clock and the pick sees its DQ path's room a clock
// late: RL 62 (HBM3) lost a read's tag (256 data mismatches), WL 32 a write's data. The DQ
// paths now keep an entry back for that command (hbm_fifo's Slack), so any RL and WL the
// timers hold are taken at both ratios (RtlLimitsCli runs RL 100 and WL 40 at 1:2).
TEST(RtlLimits, DqPathLatenciesAreTakenAtBothRatios) {
  ControllerConfig open;
  open.page = PagePolicy::Open;
  Standard s = load_standard("hbm3");
  s.t.RTW = 100;   // a read's data on the bus before a write's
  s.t.RL = 100;
  s.t.WL = 40;
  for (unsigned ratio : {1u, 2u}) EXPECT_EQ(refusal(s, open, ratio), "") << ratio;
}

// A tREFI of 18 tCK (tRFC 9) ran and the refreshes fell behind; one of 100 (tRFC 9, tRC 78)
// deadlocked. A refresh, its precharge and a row cycle take at most half of the interval:
// HBM3, 2 x (26 + 560 + 72) = 1316.
TEST(RtlLimits, ARefreshIntervalMustHoldTwiceARefreshAndARowCycle) {
  Standard s = load_standard("hbm3");
  ControllerConfig allbank;
  allbank.refresh = RefreshPolicy::AllBank;
  s.t.REFI = 1316;
  EXPECT_EQ(refusal(s, allbank), "");
  s.t.REFI = 1315;
  EXPECT_NE(refusal(s, allbank).find("'timing.REFI' = 1315: must be at least 2 x (tRPab + "
                                     "tRFC + tRC) = 1316"), std::string::npos)
      << refusal(s, allbank);
}

// Per-bank refresh with pull-in under a standard that lets one refresh be postponed was
// refused while the RTL pulled in a whole round there (a bank refreshed twice in one
// tREFI, the second not counted, then late); the RTL is now told what the standard lets
// be done ahead (CTRL[12:9]) and below 2 pulls no REFpb in across a round's end, and every
// refresh policy takes 1 (the runs: RtlLimitsCli's OnePostponableRefreshRunsUnderEveryPolicy).
TEST(RtlLimits, EveryRefreshPolicyTakesOnePostponable) {
  Standard s = load_standard("hbm3");
  s.t.refresh_postpone_max = 1;
  ControllerConfig c;
  c.postpone = 1;
  for (RefreshPolicy refresh : {RefreshPolicy::PerBank, RefreshPolicy::AllBank}) {
    for (bool pull_in : {true, false}) {
      c.refresh = refresh;
      c.pull_in = pull_in;
      EXPECT_EQ(refusal(s, c), "") << pull_in;
    }
  }
}

TEST(RtlLimits, EveryPresetFitsTheRtl) {
  for (const std::string& key : known_standards()) {
    SCOPED_TRACE(key);
    for (unsigned ratio : {1u, 2u}) EXPECT_EQ(refusal(load_standard(key), {}, ratio), "");
  }
}

}  // namespace test_rtl_limits
}  // namespace hbmsim
