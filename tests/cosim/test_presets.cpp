// Every standard preset through the RTL controller: sequential and random read/write
// traffic, every byte read back compared with the golden model, every command checked
// by the device model. One co-simulation per test (CosimTest), a second or two each.
#include <string>
#include <vector>

#include "cosim_fixture.h"
#include "host/synthetic_workload.h"

namespace hbmsim::test {
namespace {

struct PresetCase {
  std::string preset;
  std::string pattern;   // seq | random
};

std::vector<PresetCase> all_cases() {
  std::vector<PresetCase> out;
  for (const std::string& key : known_standards()) {
    out.push_back({key, "seq"});
    out.push_back({key, "random"});
  }
  return out;
}

class PresetTest : public CosimTest, public testing::WithParamInterface<PresetCase> {};

TEST_P(PresetTest, ReadWriteTrafficIsCleanAndReadsBackEveryByte) {
  const PresetCase& c = GetParam();
  std_ = load_standard(c.preset);
  SyntheticSpec spec;
  spec.pattern = c.pattern;
  spec.read_ratio = 0.5;
  spec.seed = 11;
  if (c.pattern == "seq") {
    // One PC streaming through its first rows, half the bursts writing.
    spec.requests = 3000;
  } else {
    // Both PCs of channel 0 (shared command buses), addresses over the whole PC: every
    // stack ID, bank group and bank, rows up to the top of the span.
    opt_.pcs = 2;
    spec.requests = 1500;
  }
  std::vector<std::unique_ptr<TrafficSource>> sources;
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    sources.push_back(make_synthetic(spec, pc, std_.org.pc_bytes()));
  }
  const CosimResult r = run(std::move(sources));
  expect_clean(r);
  EXPECT_EQ(r.done.size(), spec.requests * opt_.pcs);
  EXPECT_GT(r.device.write_bursts, spec.requests * opt_.pcs / 2);
  EXPECT_EQ(r.bytes_checked, r.device.read_bursts * 32);
}

INSTANTIATE_TEST_SUITE_P(Presets, PresetTest, testing::ValuesIn(all_cases()),
                         [](const testing::TestParamInfo<PresetCase>& info) {
                           return info.param.preset + "_" + info.param.pattern;
                         });

}  // namespace
}  // namespace hbmsim::test
