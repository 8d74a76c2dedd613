// `hbmsim run`: one co-simulation of synthetic traffic, checked end to end.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cosim/cosim_top.h"
#include "device/hbm_device.h"
#include "host/synthetic_workload.h"
#include "standard/standard.h"
#include "tb/traffic_stats.h"

namespace hbmsim {

struct RunOptions {
  std::string standard = "hbm3";
  SyntheticSpec workload;
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
  std::vector<std::string> problems;   // first violation, mismatches, protocol errors

  bool passed() const { return problems.empty() && outcome.reason == StopReason::Done; }
};

RunResult run_synthetic(const RunOptions& opt);

}  // namespace hbmsim
