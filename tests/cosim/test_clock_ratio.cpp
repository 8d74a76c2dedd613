// The 1:2 controller-to-DRAM clock ratio (CosimOptions::clock_ratio, DfiPhy,
// hbm_channel's phases): every standard's traffic through both PCs of a channel with
// every byte read back and every command checked by the device model, which runs at
// tCK as at 1:1; commands land in their PC's phase; sequential reads keep the bus full.
#include <algorithm>
#include <string>
#include <vector>

#include "cosim_fixture.h"
#include "cosim/run_observer.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim::test {
namespace test_clock_ratio {

// The tCK of every command, by PC.
class PhaseRecorder : public RunObserver {
 public:
  void on_command(const Command& c, unsigned pc, bool) override {
    (pc % 2 == 0 ? even_pc : odd_pc).push_back(c.cycle);
  }
  std::vector<uint64_t> even_pc, odd_pc;
};

class ClockRatioTest : public CosimTest, public testing::WithParamInterface<PresetCase> {};

// Both PCs of channel 0, half the bursts writing: a read's data gathered from two tCK, a
// write's word split into two at WL (odd or even) after a WR in either phase.
TEST_P(ClockRatioTest, BothPcsOfAChannelAreCleanAtOneToTwoInTheirOwnPhase) {
  const PresetCase& c = GetParam();
  std_ = load_standard(c.preset);
  opt_.clock_ratio = 2;
  opt_.pcs = 2;
  PhaseRecorder phases;
  opt_.observers.push_back(&phases);
  SyntheticSpec spec;
  spec.pattern = c.pattern;
  spec.read_ratio = 0.5;
  spec.seed = 13;
  spec.requests = c.pattern == "seq" ? 2000 : 1000;
  const CosimResult r = run_on_every_pc(spec);
  expect_read_write_checked(r, spec);
  // Every column command the controllers counted reached the device (PC 1's go a tCK
  // after their clock).
  const auto counted = [&r](const std::string& name) {
    const auto& names = csr::kCounterNames;
    const size_t k = std::find(names.begin(), names.end(), name) - names.begin();
    uint64_t sum = 0;
    for (const auto& pc : r.outcome.counters) sum += pc.at(k);
    return sum;
  };
  const uint64_t reads = counted("reads"), writes = counted("writes");
  EXPECT_EQ(reads, r.device.read_bursts);
  EXPECT_EQ(writes, r.device.write_bursts);
  // PC 0 issues in the clock's first tCK (even), PC 1 in its second (odd).
  ASSERT_FALSE(phases.even_pc.empty());
  ASSERT_FALSE(phases.odd_pc.empty());
  for (uint64_t t : phases.even_pc) ASSERT_EQ(t % 2, 0u) << "PC 0 at tCK " << t;
  for (uint64_t t : phases.odd_pc) ASSERT_EQ(t % 2, 1u) << "PC 1 at tCK " << t;
}

INSTANTIATE_TEST_SUITE_P(Presets, ClockRatioTest, testing::ValuesIn(preset_cases()),
                         preset_case_name);

// A controller clock carries a whole burst: sequential reads on both PCs of a channel
// keep each PC's data bus above 95 % busy at 1:2 as at 1:1 (a read takes BL tCK).
TEST_F(CosimTest, SequentialReadsFillTheDataBusAtOneToTwo) {
  std_ = load_standard("hbm3");
  opt_.clock_ratio = 2;
  opt_.pcs = 2;
  SyntheticSpec spec;
  spec.pattern = "seq";
  spec.read_ratio = 1.0;
  spec.requests = 6000;
  const CosimResult r = run_on_every_pc(spec);
  expect_clean(r);
  const double busy = double(r.device.read_bursts * std_.t.BL) /
                      double(r.outcome.cycles * opt_.pcs);
  EXPECT_GT(busy, 0.95) << r.device.read_bursts << " bursts in " << r.outcome.cycles << " tCK";
}

}  // namespace test_clock_ratio
}  // namespace hbmsim::test
