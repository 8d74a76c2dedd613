// Which build of the channel RTL a run takes (RtlChannels::fits): the 32-bank build only
// for organisations whose bank, bank-group and stack-ID indices all fit it, else the
// 64-bank one. An organisation of 4 stack IDs with 2 banks per group has 5 bank bits but
// 4 group bits: on the 32-bank build (3 group bits, 1 SID bit) its groups and stack IDs
// aliased and a run took other cycles than on the 64-bank build (18 504 against 18 523
// tCK, 3 000 random reads), with no violation to show it.
#include <gtest/gtest.h>

#include "cosim/models/rtl_channels.h"

namespace hbmsim {
namespace test_rtl_builds {

Organisation org(unsigned sids, unsigned bankgroups, unsigned banks_per_group) {
  Organisation o;
  o.sids = sids;
  o.bankgroups = bankgroups;
  o.banks_per_group = banks_per_group;
  return o;
}

TEST(RtlBuilds, PresetsTakeTheSmallestBuildThatHoldsThem) {
  EXPECT_TRUE(RtlChannels::fits(org(1, 4, 4), 5));    // HBM2, HBM2E: 16 banks
  EXPECT_TRUE(RtlChannels::fits(org(2, 4, 4), 5));    // HBM3: 32 banks in 2 SIDs
  EXPECT_FALSE(RtlChannels::fits(org(3, 4, 4), 5));   // HBM3E: 48 banks, 3 SIDs
  EXPECT_TRUE(RtlChannels::fits(org(3, 4, 4), 6));
  EXPECT_FALSE(RtlChannels::fits(org(4, 2, 8), 5));   // HBM4: 64 banks
  EXPECT_TRUE(RtlChannels::fits(org(4, 2, 8), 6));
}

TEST(RtlBuilds, GroupAndStackIdIndicesMustFitToo) {
  EXPECT_EQ(RtlChannels::bank_bits(org(4, 4, 2)), 5u);
  EXPECT_FALSE(RtlChannels::fits(org(4, 4, 2), 5));   // 4 group bits, 2 SID bits
  EXPECT_TRUE(RtlChannels::fits(org(4, 4, 2), 6));
  EXPECT_FALSE(RtlChannels::fits(org(4, 8, 2), 6));   // 5 group bits: no build
  EXPECT_FALSE(RtlChannels::fits(org(4, 4, 8), 6));   // 7 bank bits: no build
}

}  // namespace test_rtl_builds
}  // namespace hbmsim
