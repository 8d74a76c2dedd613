// `hbmsim run`: one co-simulation of synthetic traffic or of the accelerator tile,
// checked end to end.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cosim/cosim_top.h"
#include "device/hbm_device.h"
#include "host/workloads/synthetic_workload.h"
#include "host/trace/trace_spec.h"
#include "host/workloads/probe/probe.h"
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
  bool counters_read = false;           // false: the run stopped before they were read
  std::array<uint64_t, 7> counters{};   // tile::kCounterNames order
  uint64_t outputs_checked = 0;
  unsigned max_n = 4;
  unsigned ops = 0;
  uint64_t load_bytes = 0;              // DRAM bytes of the --tile-load axi load phase
  // The run stopped in that load phase: every bit the DRAM moved was the load's, so its
  // energy per bit is no figure of the workload (the report gives none).
  bool stopped_loading = false;
  // Every bit the DRAM moved was that load's (stopped in it, or after it before the tile
  // moved a byte): no energy per bit of the workload either.
  bool only_load_bits = false;
};

// A transformer workload (--workload decode|prefill) on the tile.
struct TransformerSpec {
  std::string model;          // preset name or JSON path
  unsigned context = 0;       // --context S
  unsigned tokens = 1;        // --tokens T (decode)
  unsigned layers = 1;        // --layers L simulated
};

// One kernel of a transformer layer (all its instances over layers and tokens).
struct KernelFigures {
  std::string name;
  unsigned instances = 0;
  uint64_t cycles = 0;
  DeviceStats dram;           // what the DRAM did during the kernel
  EnergyBreakdown energy;
};

struct TransformerFigures {
  bool present = false;
  std::string model_name, model_key;
  unsigned model_layers = 0, layers_simulated = 0, batch = 0, context = 0, tokens = 0;
  bool prefill = false;
  std::vector<KernelFigures> kernels;   // in order of first appearance
  bool completed = false;               // false: stopped early, nothing projected or compared
  unsigned layer_runs_done = 0;         // layer x step runs whose every kernel finished
  std::string kernel_in_progress;       // stopped early: the kernel the tile was running
  uint64_t reference_bytes = 0;         // layer outputs compared with the C++ reference
  uint64_t reference_mismatches = 0;
  uint64_t host_vcache_bytes = 0;       // V cache columns the host placed by backdoor
};

struct RunOptions {
  std::string standard = "hbm3";
  // The standard as `hbmsim run` loaded it, once: a run that read its file again found a
  // pipe (--standard <(...)) empty. Unset: each run path loads `standard` itself.
  std::optional<Standard> loaded_standard;
  SyntheticSpec workload;     // pattern "gemv" / "gemm": a tile workload (tile below)
  TileSpec tile;
  TransformerSpec transformer;
  ProbeSpec probe;
  TraceSpec trace;            // --trace: replay a peer trace instead of a workload
  CosimOptions cosim;
  unsigned max_reads = 64;
  unsigned max_writes = 64;
  std::string report;          // JSON report path, empty: none
  std::string timeseries;      // --timeseries CSV path, empty: none
  std::string html;            // --html report path, empty: none
  uint64_t window = 0;         // --window tCK (0: the default)
  bool quiet = false;
};

struct RunResult {
  Standard std;
  RunOptions opt;
  RunOutcome outcome;
  DeviceStats device;
  EnergyBreakdown energy;
  uint64_t storage_bytes = 0;
  uint64_t reads = 0, writes = 0, read_bytes = 0, write_bytes = 0;   // served bursts only
  uint64_t decerr = 0, slverr = 0;   // bursts answered with an error, not in the above
  LatencySummary latency_tck;
  std::vector<uint64_t> latency_histogram;   // reads per latency, index = tCK
  uint64_t timing_violations = 0;
  uint64_t data_mismatches = 0;
  uint64_t bytes_checked = 0;
  TileFigures tile;
  TransformerFigures transformer;
  ProbeFigures probe;
  TraceFigures trace;
  std::vector<std::string> problems;   // first violation, mismatches, protocol errors

  bool passed() const { return problems.empty() && outcome.reason == StopReason::Done; }
};

RunResult run_synthetic(const RunOptions& opt);
// The tile's workloads and is_tile_workload() live in host/tile/tile_run.cpp.
bool is_tile_workload(const std::string& pattern);
RunResult run_tile(const RunOptions& opt);
// What the tile did and its driver found, after collect_device_results (either workload).
class TileDriver;
void collect_tile_results(const TileDriver& drv, RunResult& r);
// Transformer decode / prefill on the tile: host/workloads/transformer/transformer_run.cpp.
bool is_transformer_workload(const std::string& pattern);
RunResult run_transformer(const RunOptions& opt);
// The latency probe and stride sweep (--workload probe): host/workloads/probe/probe_run.cpp.
RunResult run_probe(const RunOptions& opt);
// A peer trace (--trace): host/trace/trace_run.cpp.
RunResult run_trace(const RunOptions& opt);
// Any of them, by opt.trace and opt.workload.pattern.
RunResult run_workload(const RunOptions& opt);
// The run's standard: the one loaded already, else loaded from opt.standard.
Standard run_standard(const RunOptions& opt);
// The run's address map: --mapping, else the standard's (UsageError naming --mapping).
AddressMap run_address_map(const RunOptions& opt);
// tCK from reset to the traffic phase's first (the controllers' CSR set-up); --max-cycles,
// the command log and the waveform count from reset, the report's cycles and a trace's
// replay from the traffic phase.
uint64_t setup_cycles(const RunOptions& opt);

// Host masters on every port (each PC's, or the crossbar's one), each pulling from its
// own source, checked by the scoreboard: the synthetic workloads and traces.
struct HostTraffic {
  std::function<std::unique_ptr<TrafficSource>(unsigned port, uint64_t port_bytes)> source;
  std::vector<TxnObserver*> observers;   // beside the scoreboard and the statistics
  // Each port's source is its own (no shared dealer): the masters may then hold their
  // observers' calls back for the co-simulation to sample ports PC by PC
  // (AxiMasterOptions::defer_events).
  bool sources_apart = false;
};
RunResult run_host_traffic(const RunOptions& opt, const HostTraffic& traffic);

// What the device and the run's outcome say, for either kind of run.
void collect_device_results(CosimTop& top, RunResult& r);
// ... and, for host traffic, what the masters moved and the scoreboard found.
class Scoreboard;
void collect_traffic_results(CosimTop& top, const TrafficStats& stats, Scoreboard& scoreboard,
                             RunResult& r);

}  // namespace hbmsim
