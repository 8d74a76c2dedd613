// `hbmsim bench`: the benchmark matrix of issue 5 (sequential, mixed, random and strided
// traffic, FR-FCFS against FCFS, 1 and 32 pseudo-channels), each configuration run as a
// child `hbmsim run` process (SystemC elaborates once per process), with the DRAM's
// bound and the target for each.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "controller/address_map.h"
#include "standard/standard.h"

namespace hbmsim {

struct BenchOptions {
  std::string standard = "hbm3";
  // --standard as given when it was a pipe: `standard` is then a regular copy the child runs
  // read, removed when the bench ends, and the commands the bench prints name this instead.
  std::string standard_piped;
  std::vector<unsigned> pcs = {1, 32};
  bool pcs_given = false;        // --pcs on the command line; else 32 is the standard's PCs if fewer
  uint64_t requests = 0;         // bursts per PC; 0: sized from the workload's bound
  unsigned repeat = 0;           // runs per configuration; 0: 3 for 1 PC, 1 for more
  std::string only;              // regular expression on the workload name; empty: all
  std::string json;              // all results to this file; empty: none
  unsigned jobs = 1;             // child simulations at once (1 or 2)
  unsigned postpone = 0;         // --refresh-postpone of every run (0: no refresh debt)
  unsigned trefi_one = 50;       // each 1-PC run lasts at least this many tREFI
  unsigned trefi_many = 8;       // ... a run of more PCs
  std::string work_dir;          // keep every child's report and output here
  std::string program;           // the hbmsim to run; empty: this one (/proc/self/exe)
  bool tile = false;             // the tile's GEMV matrix instead of the controller's
  bool speed = false;            // the simulator's own speed (host/bench/bench_speed.h)
  std::string baseline;          // --speed: a second hbmsim, run alternately with this one
  double scale = 1.0;            // --speed: multiplies every case's length
  unsigned threads = 0;          // --speed: --threads of every child; 0: not passed
  unsigned clock_ratio = 1;      // --clock-ratio of every run (the matrix, --tile)
};

// One traffic pattern of the matrix, with what the DRAM allows it.
struct BenchWorkload {
  std::string name;              // seq-read, rand-32, ...
  std::string pattern;           // --workload
  double read_ratio = 1.0;
  unsigned beats = 2;            // 32-byte beats per burst
  uint64_t stride = 0;           // strided only
  std::string refresh = "perbank";
  std::string page;              // --page-policy; empty: the controller's default
  double bound = 1.0;            // best efficiency the standard allows (fraction of peak)
  std::string bound_why;         // how the bound follows from the standard
  double target = 0;             // the target on efficiency; 0: none
  std::string target_text;
};

// Appends the flags every child run shares with the bench's own options: --clock-ratio, only
// when not 1 (a --program built before the flag then runs the default).
void append_shared_run_flags(const BenchOptions& o, std::vector<std::string>& args);

// A child run's command as a person can paste it. A standard the bench read from a pipe is
// named as given, with a note that it was one: the copy the child read is gone by then.
std::string run_command_line(const BenchOptions& o, const std::string& program,
                             std::vector<std::string> args);

// The matrix for a standard and its default address map. Bounds and the strided
// workload's stride are derived from the timings and the map, so another preset or map
// gets its own.
std::vector<BenchWorkload> bench_workloads(const Standard& s, const AddressMap& map);

// --pcs as given: "1,2,32".
std::string pcs_text(const std::vector<unsigned>& pcs);

// Smallest power-of-two stride of at least `min_bytes` (the burst: the strided workload
// takes a whole number of them) that moves to another row of the same bank under `map`
// (every other field unchanged), so a strided stream never leaves one bank; 0 if the map
// has none (bank XOR hashing moves the bank with the row).
uint64_t bank_conflict_stride(const AddressMap& map, unsigned rows, uint64_t min_bytes = 32);

// 32-byte accesses of one aligned burst of `beats` that share one ACT (same bank and row).
unsigned accesses_per_act(const AddressMap& map, unsigned beats);

// Runs the matrix, prints progress (stderr) and the table (stdout). Exit code: 0 every
// run passed its checks (targets missed do not fail), 1 a run failed, 2 bad input.
int run_bench(const BenchOptions& o);

// The accelerator tile's benchmark (issue 9): int8 GEMV at batch 1 on the Llama-2-7B
// shapes, on each --pcs (a power of two), checked like any run; prints % of the stack's
// peak, MAC utilization and simulated tCK per wall second. Same exit codes.
int run_tile_bench(const BenchOptions& o);

}  // namespace hbmsim
