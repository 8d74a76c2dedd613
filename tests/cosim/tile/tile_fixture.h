// Test fixture for co-simulations of the accelerator tile: one run per test process, the
// host driver (host/tile/tile_driver.h) scripted by the test, and everything a test
// asserts collected once the run drained (outputs, the tile's counters, the device's
// command counts). It is a CosimTest, so a failing test keeps its waveform and command
// log (opt_.wave.file, opt_.cmd_log) and a passing one deletes them.
//
// A test may also run one raw descriptor before the driver (TileRunSpec::raw): pushed
// over APB by the fixture itself, not by the driver, with the interrupt status, ERROR,
// DONE, STATUS, the counters and the device's command counts read when it finished. The
// illegal-descriptor tests use it to see what the tile did independently of the driver's
// bookkeeping, then let the driver run a good descriptor after it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cosim_fixture.h"
#include "host/tile/tile_driver.h"

namespace hbmsim::test {

// What the fixture read after the raw descriptor finished.
struct RawDescriptorResult {
  bool ran = false;               // the raw phase completed
  bool push_slverr = false;       // D_PUSH answered PSLVERR
  uint32_t id = 0;
  uint32_t done_before = 0;       // DONE before the push
  uint32_t irq_status = 0;        // IRQ_STATUS when the interrupt came
  uint32_t error = 0;             // ERROR then
  uint32_t done_after = 0;        // DONE then
  uint32_t status = 0;            // STATUS then
  bool irq_low_after_clear = false;
  uint64_t cycles_to_irq = 0;     // from D_PUSH's completion to the interrupt
  TileDriver::Counters counters{};   // read (frozen) after the interrupt
  DeviceStats device;             // the device's counts at that point
};

struct TileResult {
  RunOutcome outcome;
  DeviceStats device;
  std::vector<Violation> violations;
  std::vector<std::string> problems;   // the driver's
  uint64_t mismatches = 0;             // driver check(): elements that differ
  uint64_t outputs_checked = 0;
  uint64_t finished = 0;               // descriptors the driver saw finish
  uint64_t refused_pushes = 0;
  uint64_t irq_edges = 0;              // rising edges of the interrupt in the driver phase
  TileDriver::Counters counters{};
  std::vector<tile::Descriptor> ops;
  std::vector<tile::Error> expected_errors;
  std::vector<std::vector<int32_t>> outputs;   // Y of each op as memory holds it after the run
  RawDescriptorResult raw;
  uint64_t mem_bytes = 0;              // the interleaved space the tile checks against
  uint64_t expected_bytes = 0;         // the driver's estimate (the progress line's total)
};

// Counts of command kinds in a command log CSV (cycle,ch,pc,sid,cmd,...).
std::array<uint64_t, kNumCmdKinds> count_log_commands(const std::string& csv_path);

uint64_t cmd(const DeviceStats& s, CmdKind k);

// Y = W x X (+ old) on int8 data the test holds; int8 output rounded and saturated, the
// arithmetic written from the descriptor format in docs/architecture.md, not from the
// driver's golden model.
std::vector<int32_t> reference_product(const std::vector<int8_t>& w, const std::vector<int8_t>& x,
                                       uint32_t m, uint32_t k, uint32_t n, bool int8_out,
                                       unsigned shift, const std::vector<int32_t>* old = nullptr);

// Random int8 data, rows x cols.
std::vector<int8_t> random_int8(size_t count, uint64_t seed);

// Loads rows x cols int8 (row-major, packed) at addr, rows `ld` bytes apart.
void load_matrix(TileDriver& drv, uint64_t addr, const std::vector<int8_t>& a, uint32_t rows,
                 uint32_t cols, uint32_t ld);
// Reads rows x cols int8 at addr (the device's current contents: a fill pattern for W).
std::vector<int8_t> read_matrix(TileDriver& drv, uint64_t addr, uint32_t rows, uint32_t cols,
                                uint32_t ld);

class TileTest : public CosimTest {
 protected:
  void SetUp() override;

  using RawFn = std::function<std::optional<tile::Descriptor>(TileDriver&)>;
  // Runs the tile: `script` allocates, loads and queues ops on the driver before the run;
  // `raw` (called after `script`), if it returns a descriptor, has it pushed by the
  // fixture first. `after` (optional) runs once the run ended, while the driver and
  // device still exist (backdoor reads).
  TileResult run_tile(const std::function<void(TileDriver&)>& script, const RawFn& raw = {},
                      const std::function<void(TileDriver&, TileResult&)>& after = {});
};

// The run drained without violations, the driver saw every descriptor finish with the
// error the golden model predicts, and every output equals the golden model.
void expect_tile_clean(const TileResult& r);

// The tile's counters against the device's command counts and the run: bytes_read ==
// 32 x (RD + RDA), bytes_written == 32 x (WR + WRA), macs == `macs`, descriptors ==
// `legal`, errors == `illegal`, busy <= run cycles, mem_stall <= busy.
void expect_counters_consistent(const TileResult& r, uint64_t macs, uint64_t legal,
                                uint64_t illegal = 0);

}  // namespace hbmsim::test
