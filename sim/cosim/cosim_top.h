// The co-simulation: the Verilated controller stack, the HBM device model and the
// host's port agents, advanced one tCK at a time by a single SystemC thread that calls
// each part directly (one SystemC event per tCK, no signals between the models).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "controller/address_map.h"
#include "controller/controller_config.h"
#include "cosim/command_log.h"
#include "cosim/csr/csr_master.h"
#include "cosim/models/rtl_channels.h"
#include "cosim/models/rtl_tile.h"
#include "cosim/models/rtl_xbar.h"
#include "cosim/tile_agent.h"
#include "cosim/port_agent.h"
#include "cosim/run_observer.h"
#include "device/hbm_device.h"
#include "standard/standard.h"

class VerilatedContext;
class VerilatedFstC;

namespace hbmsim {

struct WaveOptions {
  std::string file;                                    // empty: no waveform
  uint64_t start = 0;                                  // first tCK dumped
  uint64_t end = std::numeric_limits<uint64_t>::max(); // last tCK dumped
  std::string scope;                                   // e.g. "ch0.hbm_sim_top.u_stack"
  int depth = 0;                                       // levels under scope, 0: all
};

struct CosimOptions {
  unsigned pcs = 1;
  // One AXI port for the whole stack through the interleaving crossbar (port 0), in
  // granules of xbar_granule bytes; else one port per PC.
  bool xbar = false;
  uint64_t xbar_granule = 512;
  // The accelerator tile masters every PC's port (no port agents; a TileAgent runs it),
  // its tensors interleaved in granules of tile_granule bytes. Excludes the crossbar.
  bool tile = false;
  uint64_t tile_granule = 4096;
  ControllerConfig ctrl;        // address map and policies, programmed over the CSRs
  // tCK per controller clock (DFI's ratio 1:N): 1, or 2 (the controllers, their AXI
  // ports and the host's agents clocked every second tCK, each PC's commands in its
  // phase of the clock, a burst a clock; controller/clock_ratio.h).
  unsigned clock_ratio = 1;
  uint64_t seed = 1;            // fill pattern of never-written DRAM
  uint64_t max_cycles = 0;      // 0: run until the agents are done
  uint64_t watchdog_cycles = 100000;
  // Threads evaluating the channel models: 1, or N (the models split between the run's
  // thread and N - 1 workers, at most one thread per model; identical results). 0: from
  // 8 PCs on, the cores idle over the 100 ms before the models are built, at most one per
  // 4 PCs (eval_threads), else 1.
  unsigned threads = 0;
  bool stop_on_violation = true;
  std::string cmd_log;          // empty: no command log
  WaveOptions wave;
  // Test hook (fault injection): alters the timings the RTL is configured with while the
  // device model keeps the standard's, to show the device catches a controller that
  // breaks a rule.
  std::function<void(Timing&)> rtl_timing_fault;
  // Test hook: evaluate every tCK's falling edge before the host reads the models, as a
  // waveform run does, instead of both edges after (CosimTop::step); the results are equal.
  // The environment variable HBMSIM_SPLIT_EDGES=1 sets it (tests/cli compare both ways).
  bool split_edges = false;
  // Watch the run without changing it (time series, progress); not owned.
  std::vector<RunObserver*> observers;
};

enum class StopReason { Done, Violation, Deadlock, CycleLimit, RtlAssertion };

struct RunOutcome {
  StopReason reason = StopReason::Done;
  uint64_t cycles = 0;          // tCK of traffic: from the end of CSR set-up to drained
  uint64_t total_cycles = 0;    // tCK simulated after reset, set-up and read-out included
  uint64_t traffic_start = 0;   // cycle the traffic phase began
  // DRAM bursts before it: a tile run's --tile-load axi load phase (no other set-up step
  // reads or writes), apart from the traffic's figures.
  uint64_t read_bursts_before = 0, write_bursts_before = 0;
  uint64_t counters_frozen = 0; // last cycle the performance counters counted
  double wall_s = 0;
  unsigned eval_threads = 1;   // threads the channel models were evaluated on
  // With threads: evaluation jobs (one a tCK) run on one thread instead, because hand-overs
  // were late (parallel_eval.h, LateGuard).
  uint64_t eval_serial_jobs = 0;
  std::string message;          // why it stopped, if not Done
  // Performance counters read from each PC's CSRs after the run (csr::kCounterNames).
  std::vector<std::vector<uint64_t>> counters;
};

class CosimTop : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(CosimTop);
  CosimTop(sc_core::sc_module_name name, const Standard& std, const CosimOptions& opt);
  ~CosimTop() override;

  // The agent driving PC pc's port (or, with the crossbar, port 0: the stack's). With the
  // tile, agents run first (loading tensors), the tile's driver once they are done.
  void attach(unsigned port, PortAgent& agent);
  const RtlXbar* xbar() const { return xbar_.get(); }
  // With opt.tile: the driver that runs the tile's CSRs, in place of port agents.
  void attach_tile(TileAgent& agent) { tile_agent_ = &agent; }
  RtlTile* tile() { return tile_.get(); }
  const RtlTile* tile() const { return tile_.get(); }

  // Closes the command log and the waveform after a run; returns what went wrong writing
  // them (a full disk), one message each. Later calls return nothing.
  std::vector<std::string> close_outputs();

  // Another observer (the probe's), besides CosimOptions::observers; not owned.
  void observe(RunObserver& o);
  // Tells the observers what the DRAM will move (a tile workload's estimate).
  void expect_bytes(uint64_t bytes);
  // Tells the observers about a workload's kernels (host/workloads).
  void kernels_start(uint64_t cycle);
  void kernel_done(const std::string& label, uint64_t start, uint64_t end);
  // A CSR write queued during traffic (the probe switches page policy between phases);
  // csr_idle() once every queued access is done.
  void write_csr(uint32_t addr, uint32_t value) { csr_.write(addr, value); }
  bool csr_idle() const { return csr_.idle(); }
  // Requests in PC pc's transaction queue now (the RTL's queue_count_o).
  unsigned queue_count(unsigned pc) const;

  HbmDevice& device() { return *device_; }
  const AddressMap& address_map() const { return map_; }
  const RunOutcome& outcome() const { return outcome_; }
  const Standard& standard() const { return std_; }
  unsigned pcs() const { return opt_.pcs; }

 private:
  static constexpr std::size_t kThreadStackBytes = std::size_t(16) << 20;  // 16 MiB
  void thread();
  void reset();
  void program_csrs();
  void read_counters();
  void run_csr_accesses();
  void step();
  void step_dram_only();
  void issue(const Command& c);
  void advance_time();
  void sync_time();
  void settle(bool clock_high);
  bool dumping() const;   // a waveform dumps this tCK
  bool edges_after_host(bool tile_on) const;
  void exchange_master_pins();
  void eval_both_edges(const RtlChannels::PcStage* stage = nullptr);
  void decide_staging();
  void stage_pcs(unsigned begin, unsigned end, bool ports_on);
  void end_host_work(bool ports_on, bool tile_on);
  void exchange_dq_in(unsigned begin, unsigned end);
  void exchange_buses(unsigned begin, unsigned end);
  void show_device_state();
  bool stop_now();
  bool rtl_idle() const;
  void begin_traffic();
  std::string stuck_report() const;

  Standard std_;
  CosimOptions opt_;
  AddressMap map_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<RtlChannels> rtl_;
  std::unique_ptr<RtlXbar> xbar_;
  std::unique_ptr<RtlTile> tile_;
  TileAgent* tile_agent_ = nullptr;
  std::vector<AxiPins> ports_;      // pins each agent drives
  std::vector<Command> commands_;   // issued in the current tCK
  Timing rtl_timing_;               // the controllers' timings, in their clocks
  std::unique_ptr<DfiPhy> phy_;     // DQ words <-> the device's beats
  std::vector<Command> phase1_;     // 1:2 clock ratio: for the clock's second tCK
  std::unique_ptr<VerilatedFstC> fst_;
  std::unique_ptr<HbmDevice> device_;
  std::unique_ptr<CommandLog> log_;
  CsrMaster csr_;
  uint32_t csr_id_ = 0;
  bool traffic_on_ = false;
  bool loading_ = false;   // tile runs: port agents load tensors over AXI before the tile
  // The host's work done share by share beside the threads (decide_staging), in tCKs with
  // the port agents on and off.
  bool stage_with_ports_ = false, stage_without_ports_ = false;
  std::vector<PortAgent*> agents_;        // by PC, may be null
  std::vector<RunObserver*> observers_;
  uint64_t cycle_ = 0;
  // SystemC time runs behind cycle_ by up to kQuantumTck (temporal decoupling, as a
  // TLM-2.0 quantum keeper): the models are plain C++ stepped by this thread, so a
  // wait() per tCK was a context switch into the kernel and back for nothing (~5 % of a
  // 1-PC run). Any SystemC process added beside this one sees time in quantum steps.
  static constexpr uint64_t kQuantumTck = 1024;
  uint64_t unsynced_tck_ = 0;
  uint64_t last_progress_ = 0;
  uint64_t last_progress_cycle_ = 0;
  size_t violations_seen_ = 0;
  double tck_ps_ = 0;
  RunOutcome outcome_;
};

// Runs a co-simulation to its end: elaborates, starts SystemC, returns the outcome.
// SystemC allows this once per process.
RunOutcome run_cosim(CosimTop& top);

}  // namespace hbmsim
