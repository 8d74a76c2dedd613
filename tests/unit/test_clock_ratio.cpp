// The controller's timings at the 1:2 clock ratio (controller/clock_ratio.h): every
// distance the RTL counts, in its clocks of 2 tCK, is at least the standard's in tCK,
// and at most one clock more; refresh never comes later. The co-simulations at 1:2
// (tests/cosim/test_clock_ratio.cpp) check the same against the device model's rules.
#include <string>

#include <gtest/gtest.h>

#include "common/errors.h"
#include "controller/clock_ratio.h"
#include "standard/standard.h"

namespace hbmsim {
namespace test_clock_ratio {

// A distance of `clocks` controller clocks covers `tck`, with less than one clock spare.
void expect_covers(unsigned clocks, unsigned tck, const std::string& what) {
  EXPECT_GE(2 * clocks, tck) << what;
  EXPECT_LT(2 * clocks, tck + 2) << what;
}

class ClockRatio : public testing::TestWithParam<std::string> {};

TEST_P(ClockRatio, EveryDistanceTheControllerCountsCoversTheStandards) {
  const Timing t = load_standard(GetParam()).t;
  const Timing c = controller_timing(t, 2);
  EXPECT_EQ(c.BL, 1u);
  EXPECT_EQ(c.WL, t.WL / 2);
  EXPECT_DOUBLE_EQ(c.tck_ns, 2 * t.tck_ns);
  const std::pair<unsigned, unsigned> simple[] = {
      {c.RCDRD, t.RCDRD}, {c.RCDWR, t.RCDWR}, {c.RP, t.RP}, {c.RPab, t.RPab},
      {c.RAS, t.RAS}, {c.RC, t.RC}, {c.RRDS, t.RRDS}, {c.RRDL, t.RRDL}, {c.FAW, t.FAW},
      {c.CCDS, t.CCDS}, {c.CCDL, t.CCDL}, {c.CCDR, t.CCDR}, {c.RTW, t.RTW},
      {c.RTPL, t.RTPL}, {c.PPD, t.PPD}, {c.RFC, t.RFC}, {c.RFCpb, t.RFCpb},
      {c.RREFD, t.RREFD}};
  for (const auto& [clocks, tck] : simple) expect_covers(clocks, tck, "a single timing");
  // The sums the bank state forms from WL (hbm_bank_state: wr_end + tWR, + tWTR).
  expect_covers(c.WL + c.BL + c.WR, t.WL + t.BL + t.WR, "WL + BL + tWR");
  expect_covers(c.WL + c.BL + c.WTRS, t.WL + t.BL + t.WTRS, "WL + BL + tWTRS");
  expect_covers(c.WL + c.BL + c.WTRL, t.WL + t.BL + t.WTRL, "WL + BL + tWTRL");
  EXPECT_GE(2 * (c.WL + c.BL + c.WR + c.RP), t.WL + t.BL + t.WR + t.RP);
  EXPECT_GE(2 * (c.RTPL + c.RP), t.RTPL + t.RP);
  // Refresh at least as often.
  EXPECT_LE(2 * c.REFI, t.REFI);
  EXPECT_LE(2 * c.REFIpb, t.REFIpb);
  EXPECT_GT(c.REFIpb, 0u);
}

TEST_P(ClockRatio, OneToOneIsTheStandardsOwn) {
  const Timing t = load_standard(GetParam()).t;
  const Timing c = controller_timing(t, 1);
  EXPECT_EQ(c.WL, t.WL);
  EXPECT_EQ(c.WR, t.WR);
  EXPECT_EQ(c.REFI, t.REFI);
  EXPECT_EQ(c.BL, t.BL);
}

INSTANTIATE_TEST_SUITE_P(Standards, ClockRatio, testing::ValuesIn(known_standards()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(ClockRatioInput, ARatioOtherThanOneOrTwoIsRefused) {
  const Timing t = load_standard("hbm3").t;
  for (unsigned r : {0u, 3u, 4u}) {
    try {
      controller_timing(t, r);
      ADD_FAILURE() << "ratio " << r << " taken";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("1:1 or 1:2"), std::string::npos) << e.what();
    }
  }
}

TEST(ClockRatioInput, AStandardWhoseBurstIsNotTwoTckIsRefusedAtOneToTwo) {
  Timing t = load_standard("hbm3").t;
  t.BL = 4;
  EXPECT_THROW(controller_timing(t, 2), ConfigError);
  EXPECT_NO_THROW(controller_timing(t, 1));
}

// The policies' times, given in tCK, in clocks: rounded up, nonzero stays nonzero, zero
// (no starvation cap) stays zero.
TEST(ClockRatioInput, PolicyTimesAreInControllerClocks) {
  ControllerConfig c;
  c.starve = 2001;
  c.page_idle = 1;
  ControllerConfig h = controller_policy(c, 2);
  EXPECT_EQ(h.starve, 1001u);
  EXPECT_EQ(h.page_idle, 1u);
  c.starve = 0;
  EXPECT_EQ(controller_policy(c, 2).starve, 0u);
  EXPECT_EQ(controller_policy(c, 1).page_idle, 1u);
}

}  // namespace test_clock_ratio
}  // namespace hbmsim
