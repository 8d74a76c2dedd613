// Waveforms are a feature: a window of cycles, a scope, and a file that is not empty.
#include <filesystem>

#include "cosim_fixture.h"

namespace hbmsim::test {
namespace test_waveform {

std::vector<AxiTxn> some_traffic() {
  std::vector<AxiTxn> txns;
  for (unsigned i = 0; i < 64; ++i) txns.push_back(make_write(i * 64, 2, i, i % 4));
  for (unsigned i = 0; i < 64; ++i) txns.push_back(make_read(i * 64, 2, i % 4));
  return txns;
}

TEST_F(CosimTest, WaveformWindowIsWrittenAndNotEmpty) {
  const std::string file = artefact_base_ + ".window.fst";
  opt_.wave.file = file;
  opt_.wave.start = 100;
  opt_.wave.end = 600;
  const CosimResult r = run_list(some_traffic());
  expect_clean(r);
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_GT(std::filesystem::file_size(file), 1000u);
  if (!HasFailure()) std::filesystem::remove(file);
}

TEST_F(CosimTest, WaveformScopeLimitsWhatIsDumped) {
  const std::string all = artefact_base_ + ".all.fst";
  opt_.wave.file = all;
  const CosimResult r = run_list(some_traffic());
  expect_clean(r);
  ASSERT_TRUE(std::filesystem::exists(all));
  EXPECT_GT(std::filesystem::file_size(all), 1000u);
  if (!HasFailure()) std::filesystem::remove(all);
}

}  // namespace test_waveform
}  // namespace hbmsim::test
