// `hbmsim bench`: its flags (host/bench/bench.h does the work).
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "controller/clock_ratio.h"
#include "controller/controller_config.h"
#include "controller/rtl_limits.h"
#include "host/bench/bench.h"
#include "host/bench/bench_speed.h"
#include "host/cli/cli_numbers.h"
#include "host/cli/cli_run.h"
#include "host/cli/config_input.h"
#include "host/output_files.h"
#include "standard/standard.h"

namespace hbmsim {
namespace {

// Each kind of bench takes its own flags; one it would ignore is refused. The matrix
// (the default) takes all but the --speed ones; --tile runs fixed shapes, each once per
// --pcs; --speed runs fixed cases picked by --only.
// A program the bench runs must be one before the first run: a missing one failed every
// run of the matrix, each with its own line, and exit 1 as if a check had failed.
void check_program(const char* flag, const std::string& path) {
  if (path.empty()) return;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || ::access(path.c_str(), X_OK) != 0) {
    throw UsageError(fmt::format("{} {}: not an executable file", flag, excerpt(path, 200)));
  }
}

// Where a path leads, spelled one way: absolute, symlinks of its existing part resolved,
// no trailing separator.
std::filesystem::path resolved(const std::string& p) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path r = fs::weakly_canonical(fs::absolute(p, ec), ec).lexically_normal();
  if (r.filename().empty()) r = r.parent_path();
  return r;
}

// --pcs as given: one argument or more, each a comma-separated list of PC counts. CLI11's
// delimiter dropped empty items without a word ("--pcs 1,,2" ran 1 and 2, "--pcs 1,"
// ran 1, whatever was missing from the script's list); the items are split here, and an
// empty one refused. Splits one argument into `pcs` (if given); returns what is wrong.
constexpr unsigned kMaxPcs = 64;   // --pcs items (HBM4's stack)

std::string split_pcs(const std::string& text, unsigned max, std::vector<unsigned>* pcs) {
  const CLI::Validator count = whole(1, max);
  const bool list = text.find(',') != std::string::npos;
  size_t start = 0;
  for (unsigned n = 1;; ++n) {
    const size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma - start);
    if (item.empty() && list) {
      return fmt::format("'{}': item {} is empty (expected whole numbers from 1 to {}, "
                         "comma separated)", excerpt(text), n, max);
    }
    const std::string bad = count(item);
    if (!bad.empty()) return bad;
    if (pcs) pcs->push_back(unsigned(std::stoul(item)));
    if (comma == std::string::npos) return "";
    start = comma + 1;
  }
}

CLI::Validator pcs_list(unsigned max) {
  return CLI::Validator(
      [max](std::string& text) { return split_pcs(text, max, nullptr); },
      fmt::format("1..{}", max));
}

std::vector<unsigned> pcs_of(const std::vector<std::string>& given, unsigned max) {
  std::vector<unsigned> pcs;
  for (const std::string& list : given) split_pcs(list, max, &pcs);   // checked when parsed
  return pcs;
}

// --scale multiplies the cases' sizes and bench_speed.cpp refuses 0 (a case of no size):
// the help said 0..100, so the range is checked, and shown, as above 0, at most 100.
CLI::Validator scale_range() {
  const CLI::Validator number = real(0, 100);
  return CLI::Validator(
      [number](std::string& text) -> std::string {
        const std::string range = "expected a number above 0, at most 100";
        const std::string bad = number(text);   // "'x': ..." if no number, "x: ..." if out of range
        if (!bad.empty() && bad[0] == '\'') return fmt::format("'{}': {}", excerpt(text), range);
        if (!bad.empty() || !(std::strtod(text.c_str(), nullptr) > 0)) {
          return fmt::format("{}: {}", excerpt(text), range);
        }
        return "";
      },
      "(0..100]");
}

void check_bench_flags(const CLI::App& bench, const BenchOptions& o) {
  for (const char* flag : {"--baseline", "--scale", "--threads"}) {
    if (!o.speed && bench.count(flag)) {
      throw UsageError(fmt::format("{} is only for --speed", flag));
    }
  }
  if (o.speed && o.tile) {
    throw UsageError("--speed and --tile: choose one (--speed already times a tile GEMV)");
  }
  for (const char* flag : {"--only", "--requests", "--jobs", "--trefi-one", "--trefi-many"}) {
    if (o.tile && bench.count(flag)) {
      throw UsageError(fmt::format("{} is not for --tile (it runs the fixed GEMV shapes on each "
                                   "--pcs)", flag));
    }
  }
  for (const char* flag : {"--pcs", "--requests", "--jobs", "--trefi-one", "--trefi-many",
                           "--refresh-postpone", "--clock-ratio"}) {
    if (o.speed && bench.count(flag)) {
      throw UsageError(fmt::format("{} is not for --speed (its cases are fixed; --only picks "
                                   "them, --scale sizes them)", flag));
    }
  }
  // --trefi-one / --trefi-many size the matrix's runs that --requests leaves unsized, each
  // for its own PC counts: given where they size nothing, they were ignored without a word
  // while the bench's first line (and its JSON) named them as the runs' length.
  if (!o.speed && !o.tile) {
    const bool one = std::find(o.pcs.begin(), o.pcs.end(), 1u) != o.pcs.end();
    const bool many = std::any_of(o.pcs.begin(), o.pcs.end(), [](unsigned p) { return p > 1; });
    for (const char* flag : {"--trefi-one", "--trefi-many"}) {
      if (!bench.count(flag)) continue;
      const bool for_one = flag == std::string("--trefi-one");
      if (o.requests) {
        throw UsageError(fmt::format("{} sizes the runs when --requests does not: with "
                                     "--requests {} every run has {} bursts per PC (give one "
                                     "or the other)", flag, o.requests, o.requests));
      }
      if (for_one ? !one : !many) {
        throw UsageError(fmt::format("{} sizes the runs of {}, and --pcs {} has none",
                                     flag, for_one ? "1 PC" : "more than 1 PC",
                                     pcs_text(o.pcs)));
      }
    }
  }
  // A PC count given twice would run its whole matrix twice, its rows twice in the table.
  for (size_t i = 0; i < o.pcs.size(); ++i) {
    if (std::find(o.pcs.begin(), o.pcs.begin() + i, o.pcs[i]) != o.pcs.begin() + i) {
      throw UsageError(fmt::format("--pcs {}: given twice", o.pcs[i]));
    }
  }
  // --json must not replace a file the bench reads: the programs it runs, the standard.
  check_outputs_apart({{"--json", o.json}},
                      {{"--standard", standard_file(o.standard)},
                       {"--program", o.program},
                       {"--baseline", o.baseline}});
  // --work-dir is made before the runs and --json written after them: naming one folder,
  // a whole bench ran before its JSON was refused ("cannot write: Is a directory").
  if (!o.json.empty() && !o.work_dir.empty() && resolved(o.json) == resolved(o.work_dir)) {
    throw UsageError(fmt::format("--json {}: the same path as --work-dir {} (the folder of the "
                                 "runs' outputs)", excerpt(o.json, 200),
                                 excerpt(o.work_dir, 200)));
  }
  check_program("--program", o.program);
  check_program("--baseline", o.baseline);
}

}  // namespace

std::function<int()> add_bench_command(CLI::App& app) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* bench = app.add_subcommand(
      "bench", "Benchmark matrix: sequential, mixed, random and strided traffic, FR-FCFS and "
               "FCFS, on 1 and 32 PCs; efficiency against the DRAM's bound and the targets. "
               "Each run is a child `hbmsim run`");
  bench->add_option("--standard", o->standard, "Standard by name or JSON path")
      ->capture_default_str()->check(non_empty("name or path"));
  auto pcs_lists = std::make_shared<std::vector<std::string>>();
  bench->add_option("--pcs", *pcs_lists, "Pseudo-channel counts, comma separated")
      ->type_name("UINT")->default_str("[" + pcs_text(o->pcs) + "]")->check(pcs_list(kMaxPcs));
  bench->add_option("--requests", o->requests,
                    "Bursts per PC for every run (default: each run lasts --trefi-one / "
                    "--trefi-many tREFI at its workload's bound)")
      ->check(whole(1, kMaxRequests));   // 0 is "not given" inside: given, it sized every run
  bench->add_option("--repeat", o->repeat,
                    "Runs per configuration; the speed is their median (default: 3 for 1 "
                    "PC, 1 for more)")
      ->check(whole(1, 100));
  bench->add_option("--only", o->only, "Only workloads whose name matches this regular "
                                       "expression (seq-read, seq-read-refab, seq-write, "
                                       "mix-2r1w, rand-32, rand-64, rand-mix-refab, strided)");
  bench->add_option("--json", o->json, "Write every result to this JSON file")
      ->check(non_empty("path"));
  bench->add_option("--jobs", o->jobs, "Simulations at once (1 or 2)")
      ->capture_default_str()->check(whole(1, 2));
  bench->add_option("--refresh-postpone", o->postpone,
                    "Refreshes each run may owe; 0 leaves no refresh debt at the end to "
                    "flatter short runs")
      ->capture_default_str()->check(whole(0, 8));
  bench->add_option("--trefi-one", o->trefi_one, "tREFI a 1-PC run lasts at least")
      ->capture_default_str()->check(whole(1, 10000));
  bench->add_option("--trefi-many", o->trefi_many, "tREFI a run of more PCs lasts at least")
      ->capture_default_str()->check(whole(1, 10000));
  bench->add_option("--work-dir", o->work_dir,
                    "Keep every run's report and output here (default: a temporary folder, "
                    "kept only if a run fails)")
      ->check(non_empty("path"));
  bench->add_option("--program", o->program, "The hbmsim to run (default: this one)")
      ->check(non_empty("path"));
  bench->add_option("--clock-ratio", o->clock_ratio,
                    "tCK per controller clock of every run, as `hbmsim run --clock-ratio` (1 "
                    "or 2)")
      ->capture_default_str()->check(whole(1, kMaxClockRatio));
  bench->add_flag("--tile", o->tile,
                  "The accelerator tile instead: int8 GEMV at batch 1 on Llama-2-7B's shapes "
                  "(4096x4096, 11008x4096, 4096x11008, 32000x4096) on 32 PCs (or --pcs)");
  bench->add_flag("--speed", o->speed,
                  "The simulator's own speed instead: simulated tCK and 32-byte requests per "
                  "wall second on 1 PC sequential and random 32 B reads, 32 PCs sequential "
                  "reads and random 2:1 mix, and a 32-PC tile GEMV; median of --repeat runs "
                  "(default 3); --only picks cases by name");
  bench->add_option("--baseline", o->baseline,
                    "--speed: a second hbmsim binary, run alternately with this one on every "
                    "case; prints the ratio and whether both give the same cycles and commands")
      ->check(non_empty("path"));
  bench->add_option("--scale", o->scale,
                    "--speed: multiplies every case's request count and the GEMV's rows (at 1 "
                    "each run lasts a few seconds; tests use 0.01)")
      ->capture_default_str()->check(scale_range());   // decimal only, as --read-ratio
  bench->add_option("--threads", o->threads,
                    "--speed: pass --threads N (1 to 64) to every run of both binaries (default: "
                    "not passed, each run picks its own, by the load at its start, so a "
                    "32-PC ratio may pair one thread with two; a baseline without --threads, as "
                    "9000085, runs without it)")
      ->check(whole(1, kMaxThreads));
  auto run = [bench, o, pcs_lists]() {
    o->pcs_given = bench->count("--pcs") > 0;
    if (o->pcs_given) o->pcs = pcs_of(*pcs_lists, kMaxPcs);
    check_bench_flags(*bench, *o);
    // Every run is a child that reads the standard again, and a pipe (--standard <(...))
    // is empty after the first read: it is read (and checked) once here, and the
    // children read a regular copy.
    const ConfigInput standard(o->standard, standard_file(o->standard));
    const Standard s = read_standard(standard);
    // What every child would refuse (the RTL's limits, a --refresh-postpone past the
    // standard's) is refused once, here: each run failed with it, exit 1 as if a check had.
    ControllerConfig ctrl;
    ctrl.postpone = o->postpone;
    standard.read([&](const std::string&) { check_rtl_limits(s, ctrl, o->clock_ratio); });
    BenchOptions read_once = *o;
    read_once.standard = standard.source();
    if (standard.copied()) read_once.standard_piped = o->standard;
    if (read_once.speed) return run_speed_bench(read_once);
    return read_once.tile ? run_tile_bench(read_once) : run_bench(read_once);
  };
  return [bench, run]() { return *bench ? run() : -1; };
}

}  // namespace hbmsim
