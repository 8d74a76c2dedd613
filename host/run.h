// `hbmsim run`: one co-simulation of synthetic traffic or of the accelerator tile,
// checked end to end.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "cosim/cosim_top.h"
#include "device/hbm_device.h"
#include "host/synthetic_workload.h"
#include "standard/standard.h"
#include "tb/traffic_stats.h"

namespace hbmsim {

// A tile workload (--workload gemv|gemm): W (m x k) from the device's fill pattern, X
// (n x k) random int8 from the seed, Y (n x m) int32 or int8.
struct TileSpec {
  uint32_t m = 0, k = 0;
  uint32_t n = 1;             // GEMV: --batch (at most MaxN); GEMM: --n
  bool int8_out = false;
  unsigned shift = 0;
  bool accumulate = false;
  bool load_axi = false;      // X over the PCs' AXI ports before the tile runs
};

// What the tile did (its CSR counters) and what was compared.
struct TileFigures {
  bool present = false;
  std::array<uint64_t, 7> counters{};   // tile::kCounterNames order
  uint64_t outputs_checked = 0;
  unsigned max_n = 4;
  unsigned ops = 0;
};

struct RunOptions {
  std::string standard = "hbm3";
  SyntheticSpec workload;     // pattern "gemv" / "gemm": a tile workload (tile below)
  TileSpec tile;
  CosimOptions cosim;
  unsigned max_reads = 64;
  unsigned max_writes = 64;
  std::string report;          // JSON report path, empty: none
  bool quiet = false;
};

struct RunResult {
  Standard std;
  RunOptions opt;
  RunOutcome outcome;
  DeviceStats device;
  EnergyBreakdown energy;
  uint64_t storage_bytes = 0;
  uint64_t reads = 0, writes = 0, read_bytes = 0, write_bytes = 0;
  LatencySummary latency_tck;
  uint64_t timing_violations = 0;
  uint64_t data_mismatches = 0;
  uint64_t bytes_checked = 0;
  TileFigures tile;
  std::vector<std::string> problems;   // first violation, mismatches, protocol errors

  bool passed() const { return problems.empty() && outcome.reason == StopReason::Done; }
};

RunResult run_synthetic(const RunOptions& opt);
// The tile's workloads and is_tile_workload() live in host/tile/tile_run.cpp.
bool is_tile_workload(const std::string& pattern);
RunResult run_tile(const RunOptions& opt);
// Either of the two, by opt.workload.pattern.
RunResult run_workload(const RunOptions& opt);

// What the device and the run's outcome say, for either kind of run.
void collect_device_results(CosimTop& top, RunResult& r);

}  // namespace hbmsim
