// The device model end to end without the RTL: commands in, data on DQ out, timed by
// RL and WL, with data checked against storage and the fill pattern.
#include <array>
#include <map>

#include <gtest/gtest.h>

#include "device/hbm_device.h"
#include "unit_helpers.h"

namespace hbmsim::test {
namespace test_hbm_device {

using K = CmdKind;
constexpr uint64_t kSeed = 77;

// Drives one device tCK by tCK in the order hbm_device.h asks for.
struct Driver {
  explicit Driver(HbmDevice& d) : dev(d) {}
  HbmDevice& dev;
  std::multimap<uint64_t, Command> cmds;
  std::map<uint64_t, DqBeat> writes;          // beats to drive on PC 0
  std::map<uint64_t, DqBeat> reads;           // beats seen on PC 0
  uint64_t now = 0;                           // the next tCK to run

  // Runs up to and including tCK `until`.
  void run(uint64_t until) {
    for (; now <= until; ++now) {
      const uint64_t cycle = now;
      if (const DqBeat* b = dev.read_beat(0, cycle)) reads[cycle] = *b;
      auto [lo, hi] = cmds.equal_range(cycle);
      for (auto it = lo; it != hi; ++it) dev.command(it->second);
      if (auto w = writes.find(cycle); w != writes.end()) {
        dev.write_beat(0, cycle, w->second, 0xffff);
      }
      dev.end_cycle(cycle);
    }
  }
};

std::string messages(const HbmDevice& dev) {
  std::string out;
  for (const Violation& v : dev.violations()) out += "\n  " + v.message();
  return out;
}

Command at(K kind, uint64_t cycle, unsigned col = 0) {
  Command c = cmd(kind, cycle);
  c.row = kind == K::ACT ? 9 : 0;
  c.col = col;
  return c;
}

TEST(HbmDevice, WrittenDataReadsBackUnwrittenReadsFillPattern) {
  const Timing& t = hbm3().t;
  HbmDevice dev("dev_rw", hbm3(), 2, kSeed);
  Driver d(dev);
  const uint64_t act = 10, wr = act + t.RCDWR;
  const uint64_t rd = std::max(act + t.RCDRD, wr + t.WL + t.BL + t.WTRL);
  const uint64_t rd2 = rd + t.CCDL;
  d.cmds = {{act, at(K::ACT, act)}, {wr, at(K::WR, wr, 4)}, {rd, at(K::RD, rd, 4)},
            {rd2, at(K::RD, rd2, 5)}};
  std::array<uint8_t, 32> data{};
  for (unsigned i = 0; i < 32; ++i) data[i] = uint8_t(0xa0 + i);
  for (unsigned beat = 0; beat < t.BL; ++beat) {
    std::copy_n(data.begin() + beat * DqBeat::kBytes, DqBeat::kBytes,
                d.writes[wr + t.WL + beat].data.begin());
  }
  d.run(rd + t.RL);
  EXPECT_FALSE(dev.idle()) << "the first read burst is on DQ";
  d.run(rd2 + t.RL + t.BL + 5);
  EXPECT_TRUE(dev.violations().empty()) << messages(dev);
  EXPECT_TRUE(dev.idle());

  // DQ is driven exactly in the read bursts' tCKs.
  ASSERT_EQ(d.reads.size(), 2u * t.BL);
  for (unsigned beat = 0; beat < t.BL; ++beat) {
    ASSERT_TRUE(d.reads.count(rd + t.RL + beat)) << "beat " << beat;
    const DqBeat& got = d.reads[rd + t.RL + beat];
    EXPECT_TRUE(std::equal(got.data.begin(), got.data.end(),
                           data.begin() + beat * DqBeat::kBytes)) << "beat " << beat;
  }
  std::array<uint8_t, 32> fill{};
  fill_pattern(kSeed, BurstLocation{0, 0, 9, 5}, fill.data());
  for (unsigned beat = 0; beat < t.BL; ++beat) {
    const DqBeat& got = d.reads[rd2 + t.RL + beat];
    EXPECT_TRUE(std::equal(got.data.begin(), got.data.end(),
                           fill.begin() + beat * DqBeat::kBytes)) << "beat " << beat;
  }

  const DeviceStats& st = dev.stats();
  EXPECT_EQ(st.commands[unsigned(K::ACT)], 1u);
  EXPECT_EQ(st.read_bursts, 2u);
  EXPECT_EQ(st.write_bursts, 1u);
  EXPECT_EQ(st.row_misses, 1u);  // the WR, first access after the ACT
  EXPECT_EQ(st.row_hits, 2u);
}

TEST(HbmDevice, MissingWriteDataIsReported) {
  const Timing& t = hbm3().t;
  HbmDevice dev("dev_missing", hbm3(), 2, kSeed);
  Driver d(dev);
  const uint64_t wr = 10 + t.RCDWR;
  d.cmds = {{10, at(K::ACT, 10)}, {wr, at(K::WR, wr, 1)}};
  d.run(wr + t.WL + t.BL + 5);
  ASSERT_EQ(dev.violations().size(), 1u) << messages(dev);
  const Violation& v = dev.violations()[0];
  EXPECT_EQ(v.rule, kRuleWriteData);
  EXPECT_EQ(v.cycle, wr + t.WL);
  EXPECT_EQ(v.cmd.kind, K::WR);
}

TEST(HbmDevice, TimingViolationIsRecorded) {
  HbmDevice dev("dev_timing", hbm3(), 2, kSeed);
  Driver d(dev);
  d.cmds = {{10, at(K::ACT, 10)}, {20, at(K::RD, 20)}};  // tRCDRD is 31
  d.run(60);
  ASSERT_EQ(dev.violations().size(), 1u) << messages(dev);
  EXPECT_EQ(dev.violations()[0].rule, "tRCDRD");
}

// A command to a bank that does not exist (stack ID 3 of a 12-high stack, a channel
// beyond the device) is reported and changes nothing; the device keeps running.
TEST(HbmDevice, CommandToABankThatDoesNotExistIsReportedAndIgnored) {
  const Standard s = load_standard("hbm3e");
  HbmDevice dev("dev_address", s, 2, kSeed);
  Command act = cmd(K::ACT, 10, 3, 0, 0);
  act.row = 1;
  dev.command(act);
  Command far = cmd(K::RD, 60, 0, 0, 0, 5, 0);
  dev.command(far);
  dev.end_cycle(60);
  ASSERT_EQ(dev.violations().size(), 2u) << messages(dev);
  EXPECT_EQ(dev.violations()[0].rule, kRuleAddress);
  EXPECT_EQ(dev.violations()[1].rule, kRuleAddress);
  EXPECT_EQ(dev.stats().read_bursts, 0u);
  EXPECT_TRUE(dev.idle());
  EXPECT_EQ(dev.stats().active_pc_tcks, 0u) << "no bank was opened";
}

}  // namespace test_hbm_device
}  // namespace hbmsim::test
