// What the RTL controller's timers hold, checked before a run: a sum the RTL loads into
// one 12-bit timer is refused naming the field, the sum and the limit (the command-line
// side is tests/cli/test_rtl_limits_cli.cpp).
#include <string>

#include <gtest/gtest.h>

#include "common/errors.h"
#include "controller/rtl_limits.h"
#include "standard/standard.h"

namespace hbmsim {
namespace test_rtl_limits {

std::string refusal(const Standard& s) {
  try {
    check_rtl_limits(s, ControllerConfig{});
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// RDA to ACT of the same bank waits tRTPL + tRP in one timer: each within 4095, the sum
// 4096 ran and was reported as the controller breaking tRTP+tRP.
TEST(RtlLimits, ReadAutoPrechargeToActivateSumIsRefusedPastTheTimer) {
  Standard s = load_standard("hbm3");   // tRP 26
  s.t.RTPL = 4069;
  EXPECT_EQ(refusal(s), "");
  s.t.RTPL = 4070;
  const std::string msg = refusal(s);
  EXPECT_NE(msg.find(s.file), std::string::npos) << msg;
  EXPECT_NE(msg.find("'timing.RTPL' = 4070: RTPL + RP = 4096 exceeds the RTL controller's "
                     "4095-tCK timers"), std::string::npos) << msg;
}

TEST(RtlLimits, EveryPresetFitsTheRtl) {
  for (const std::string& key : known_standards()) {
    SCOPED_TRACE(key);
    EXPECT_EQ(refusal(load_standard(key)), "");
  }
}

}  // namespace test_rtl_limits
}  // namespace hbmsim
