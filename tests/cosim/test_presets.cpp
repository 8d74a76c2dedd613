// Every standard preset through the RTL controller: sequential and random read/write
// traffic, every byte read back compared with the golden model, every command checked
// by the device model. One co-simulation per test (CosimTest), a second or two each.
#include <string>
#include <vector>

#include "cosim_fixture.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim::test {
namespace test_presets {

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
  expect_read_write_checked(run_on_every_pc(spec), spec);
}

// The last bytes of a PC read back what was written; the first byte beyond it gets
// DECERR and reaches no DRAM. On a 12-high stack "beyond" starts inside the address
// span: stack ID 3 does not exist.
class PresetEdgeTest : public CosimTest, public testing::WithParamInterface<std::string> {};

TEST_P(PresetEdgeTest, TopOfThePcWorksBeyondItIsDecerr) {
  std_ = load_standard(GetParam());
  const uint64_t top = std_.org.pc_bytes();
  std::vector<AxiTxn> txns = {make_write(top - 64, 2, 5, 1), make_read(top - 64, 2, 2),
                              make_write(top, 2, 6, 3), make_read(top + 4096, 2, 4)};
  const CosimResult r = run_list(txns);
  expect_clean(r);   // the scoreboard expects DECERR where the address map has no DRAM
  ASSERT_EQ(r.done.size(), 4u);
  for (const AxiTxn& t : r.done) {
    const AxiResp want = t.addr >= top ? AxiResp::DecErr : AxiResp::Okay;
    if (t.write) EXPECT_EQ(t.bresp, want) << std::hex << t.addr;
    for (AxiResp resp : t.rresp) EXPECT_EQ(resp, want) << std::hex << t.addr;
  }
  EXPECT_EQ(r.device.write_bursts, 2u);
  EXPECT_EQ(r.device.read_bursts, 2u);
  EXPECT_EQ(r.bytes_checked, 64u);
}

INSTANTIATE_TEST_SUITE_P(Presets, PresetEdgeTest, testing::ValuesIn(known_standards()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

INSTANTIATE_TEST_SUITE_P(Presets, PresetTest, testing::ValuesIn(preset_cases()),
                         preset_case_name);

}  // namespace test_presets
}  // namespace hbmsim::test
