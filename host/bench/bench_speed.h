// `hbmsim bench --speed`: how fast the simulator itself runs (issue 12). Five fixed cases
// (1 PC sequential and random 32 B reads, a stack's sequential reads and random 2:1 mix,
// an int8 GEMV on the tile), each the median of several child `hbmsim run`s; given a
// second hbmsim (--baseline), both run alternately, case by case, so that a shared
// machine whose speed drifts still gives a fair ratio, and their results are compared.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/bench/bench.h"

namespace hbmsim {

// One case: a fixed `hbmsim run` command, the same for both binaries.
struct SpeedCase {
  std::string name;                // 1pc-seq-read, ...
  std::string what;                // for the legend
  unsigned pcs = 1;
  bool tile = false;               // needs `--workload gemv` (binaries before the tile lack it)
  std::vector<std::string> args;   // after the program name, without --report
};

// One timed run of one binary.
struct SpeedRun {
  uint64_t cycles = 0;             // simulated tCK of the traffic (the report's `cycles`)
  uint64_t requests = 0;           // 32-byte requests moved: bytes / 32 = bursts x beats
  double loop_s = 0;               // the simulation loop's wall time (the report's `wall_s`)
  double process_s = 0;            // the whole child process, start-up and set-up included
  nlohmann::json commands;         // DRAM command counts
  unsigned threads = 0;            // the threads it evaluated on (the report's; 0: not said)
};

// One binary on one case.
struct SpeedSide {
  std::vector<SpeedRun> runs;
  std::string skip;                // why it did not run (an older binary lacks the workload)
  std::vector<std::string> failures;
  bool ran() const { return skip.empty() && failures.empty() && !runs.empty(); }
  double cycles_per_s() const;     // median over runs, of the simulation loop
  double requests_per_s() const;
  double loop_s() const;           // median
  double process_s() const;        // median
  // The thread counts its runs reported, each once, in order of first use (an older
  // binary reports none): a run that chose its own (no --threads) may differ from the next.
  std::vector<unsigned> thread_counts() const;
};

struct SpeedRow {
  SpeedCase c;
  SpeedSide self, base;
  std::string same;                // both ran: "yes" or "NO"; else empty
  std::string difference;          // what differs when not the same
  // This build / baseline in tCK per second: the median over the run pairs (run i of each,
  // back to back), so that a drift of the shared machine's speed cancels within a pair
  // (a ratio of the two medians can pair a fast moment with a slow one); 0: none.
  double ratio() const;
  // The same in requests per second: equal to ratio() when the results are the same;
  // when a deliberate change moved them, the work each binary gets done per second.
  double request_ratio() const;
  double ratio_of_medians() const;
  std::vector<double> pair_ratios(bool requests = false) const;
};

// The cases for a standard with `stack_pcs` pseudo-channels (the stack cases use up to 32
// of them). `scale` multiplies every request count and the GEMV's rows (tests use 0.01);
// at 1 each run lasts a few seconds on this machine at today's speed.
std::vector<SpeedCase> speed_cases(const std::string& standard, unsigned stack_pcs,
                                   double scale);

// "yes", or "NO" with `difference` saying which of cycles and command counts differ.
std::string compare_results(const SpeedRun& a, const SpeedRun& b, std::string& difference);

// Geometric mean of a ratio (&SpeedRow::ratio, ...) over the rows where both binaries
// ran; 0 if none.
double geomean_ratio(const std::vector<SpeedRow>& rows,
                     double (SpeedRow::*ratio)() const = &SpeedRow::ratio);

// The table (stdout) and the --json document; `standard` is the loaded standard's name.
void print_speed_table(const std::vector<SpeedRow>& rows, const BenchOptions& o,
                       const std::string& standard, const std::string& program);
nlohmann::json speed_json(const std::vector<SpeedRow>& rows, const BenchOptions& o,
                          const std::string& standard, const std::string& program,
                          const std::string& load_at_start);

// Runs the cases. Exit code: 0 every run passed its checks (a result that differs from
// the baseline's is printed loudly but is not a failure: a change may be deliberate),
// 1 a run failed, 2 bad input.
int run_speed_bench(const BenchOptions& o);

}  // namespace hbmsim
