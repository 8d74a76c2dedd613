// Waveforms are a feature: a window of cycles, a scope, and a file that is not empty.
#include <cstring>
#include <filesystem>
#include <set>
#include <string>

#include <gtkwave/fstapi.h>   // Verilator's copy of the FST reader

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

// The device's view (dev_open_banks_i: the banks the device model holds open) is set only
// while the waveform dumps, and must then be there: the traffic opens rows in the window.
TEST_F(CosimTest, WaveformWindowShowsTheDevicesOpenBanks) {
  const std::string file = artefact_base_ + ".device.fst";
  opt_.wave.file = file;
  opt_.wave.start = 100;
  opt_.wave.end = 600;
  const CosimResult r = run_list(some_traffic());
  expect_clean(r);
  void* ctx = fstReaderOpen(file.c_str());
  ASSERT_NE(ctx, nullptr) << file;
  struct Seen {
    std::set<fstHandle> open_banks;
    bool any_open = false;
  } seen;
  while (const fstHier* h = fstReaderIterateHier(ctx)) {
    if (h->htyp != FST_HT_VAR) continue;
    const std::string name(h->u.var.name, h->u.var.name_length);
    if (name.find("dev_open_banks_i") != std::string::npos) seen.open_banks.insert(h->u.var.handle);
  }
  EXPECT_FALSE(seen.open_banks.empty()) << "no dev_open_banks_i in " << file;
  fstReaderSetFacProcessMaskAll(ctx);
  fstReaderIterBlocks(
      ctx,
      [](void* p, uint64_t, fstHandle f, const unsigned char* v) {
        auto& s = *static_cast<Seen*>(p);
        if (s.open_banks.count(f) && v && std::strchr(reinterpret_cast<const char*>(v), '1')) {
          s.any_open = true;
        }
      },
      &seen, nullptr);
  fstReaderClose(ctx);
  EXPECT_TRUE(seen.any_open) << "dev_open_banks_i reads 0 throughout the window";
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
