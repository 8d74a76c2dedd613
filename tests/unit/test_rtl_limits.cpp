// What the RTL controller's timers hold, checked before a run: a sum the RTL loads into
// one 12-bit timer is refused naming the field, the sum and the limit (the command-line
// side is tests/cli/run/test_rtl_limits_cli.cpp).
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/errors.h"
#include "controller/rtl_limits.h"
#include "standard/standard.h"

namespace hbmsim {
namespace test_rtl_limits {

std::string refusal(const Standard& s, const ControllerConfig& c = ControllerConfig{}) {
  try {
    check_rtl_limits(s, c);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// RDA to ACT of the same bank waits tRTPL + tRP in one timer: each within 4095, the sum
// 4096 ran and was reported as the controller breaking tRTP+tRP.
// (All-bank refresh: per-bank refresh refuses a tRTPL + tRP past tREFIpb long before.)
TEST(RtlLimits, ReadAutoPrechargeToActivateSumIsRefusedPastTheTimer) {
  Standard s = load_standard("hbm3");   // tRP 26
  ControllerConfig allbank;
  allbank.refresh = RefreshPolicy::AllBank;
  s.t.RTPL = 4069;
  EXPECT_EQ(refusal(s, allbank), "");
  s.t.RTPL = 4070;
  const std::string msg = refusal(s, allbank);
  EXPECT_NE(msg.find(s.file), std::string::npos) << msg;
  EXPECT_NE(msg.find("'timing.RTPL' = 4070: RTPL + RP = 4096 exceeds the RTL controller's "
                     "4095-tCK timers"), std::string::npos) << msg;
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
               {&Timing::RRDL, "RRDL", "tRRDL", 195, 196},
               {&Timing::WR, "WR", "WL + BL + tWR + tRP = 196", 157, 158},
               {&Timing::RTPL, "RTPL", "tRTPL + tRP = 196", 169, 170},
               {&Timing::RREFD, "RREFD", "tRREFD", 97, 98}};
  ControllerConfig allbank;
  allbank.refresh = RefreshPolicy::AllBank;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Standard s = hbm3;
    s.t.*c.field = c.ok;
    EXPECT_EQ(refusal(s), "");
    s.t.*c.field = c.refused;
    const std::string msg = refusal(s);
    EXPECT_NE(msg.find(fmt::format("{}: field 'timing.{}' = {}: {} must be at most tREFIpb",
                                   s.file, c.name, c.refused, c.said)), std::string::npos)
        << msg;
    EXPECT_EQ(refusal(s, allbank), "");
  }
}

TEST(RtlLimits, EveryPresetFitsTheRtl) {
  for (const std::string& key : known_standards()) {
    SCOPED_TRACE(key);
    EXPECT_EQ(refusal(load_standard(key)), "");
  }
}

}  // namespace test_rtl_limits
}  // namespace hbmsim
