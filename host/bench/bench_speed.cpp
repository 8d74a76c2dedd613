#include "host/bench/bench_speed.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <regex>

#include <fmt/format.h>

#include "common/errors.h"
#include "host/bench/bench_proc.h"
#include "host/output_files.h"
#include "standard/standard.h"

namespace hbmsim {

namespace {

using nlohmann::json;

uint64_t scaled(double n, double scale) {
  return std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(n * scale)));
}

// Only flags that hbmsim had at 9000085 (issue 12's reference build), so an older
// binary runs the very same command.
std::vector<std::string> traffic_args(const std::string& standard, unsigned pcs,
                                      const char* pattern, uint64_t requests, unsigned beats,
                                      const char* read_ratio) {
  return {"run", "--standard", standard, "--pcs", std::to_string(pcs), "--workload", pattern,
          "--requests", std::to_string(requests), "--beats", std::to_string(beats),
          "--read-ratio", read_ratio, "--seed", "1", "--quiet"};
}

}  // namespace

double SpeedSide::cycles_per_s() const {
  std::vector<double> v;
  for (const auto& r : runs) v.push_back(r.loop_s > 0 ? r.cycles / r.loop_s : 0.0);
  return median(v);
}

double SpeedSide::requests_per_s() const {
  std::vector<double> v;
  for (const auto& r : runs) v.push_back(r.loop_s > 0 ? r.requests / r.loop_s : 0.0);
  return median(v);
}

double SpeedSide::loop_s() const {
  std::vector<double> v;
  for (const auto& r : runs) v.push_back(r.loop_s);
  return median(v);
}

double SpeedSide::process_s() const {
  std::vector<double> v;
  for (const auto& r : runs) v.push_back(r.process_s);
  return median(v);
}

std::vector<unsigned> SpeedSide::thread_counts() const {
  std::vector<unsigned> out;
  for (const auto& r : runs) {
    if (r.threads != 0 && std::find(out.begin(), out.end(), r.threads) == out.end()) {
      out.push_back(r.threads);
    }
  }
  return out;
}

double SpeedRow::ratio() const { return median(pair_ratios()); }

double SpeedRow::request_ratio() const { return median(pair_ratios(true)); }

double SpeedRow::ratio_of_medians() const {
  if (!self.ran() || !base.ran() || base.cycles_per_s() <= 0) return 0;
  return self.cycles_per_s() / base.cycles_per_s();
}

std::vector<double> SpeedRow::pair_ratios(bool requests) const {
  std::vector<double> v;
  if (!self.ran() || !base.ran()) return v;
  for (size_t i = 0; i < self.runs.size() && i < base.runs.size(); ++i) {
    const SpeedRun &a = self.runs[i], &b = base.runs[i];
    const double work_a = requests ? a.requests : a.cycles;
    const double work_b = requests ? b.requests : b.cycles;
    if (a.loop_s <= 0 || b.loop_s <= 0 || work_b <= 0) continue;
    v.push_back((work_a / a.loop_s) / (work_b / b.loop_s));
  }
  return v;
}

std::vector<SpeedCase> speed_cases(const std::string& standard, unsigned stack_pcs,
                                   double scale) {
  // Request counts: about 3 s of simulation loop each on this repository's 2-core machine
  // at 9000085's speed (1 PC about 150 k tCK/s, 32 PCs about 6 k tCK/s).
  const unsigned stack = std::min(32u, stack_pcs);
  std::vector<SpeedCase> v;
  v.push_back({"1pc-seq-read", "1 PC, sequential 64 B reads", 1, false,
               traffic_args(standard, 1, "seq", scaled(120000, scale), 2, "1")});
  v.push_back({"1pc-rand-32", "1 PC, random 32 B reads", 1, false,
               traffic_args(standard, 1, "random", scaled(75000, scale), 1, "1")});
  v.push_back({fmt::format("{}pc-seq-read", stack),
               fmt::format("{} PCs, sequential 64 B reads", stack), stack, false,
               traffic_args(standard, stack, "seq", scaled(5000, scale), 2, "1")});
  v.push_back({fmt::format("{}pc-rand-mix", stack),
               fmt::format("{} PCs, random 64 B, 2 reads : 1 write", stack), stack, false,
               traffic_args(standard, stack, "random", scaled(3000, scale), 2, "0.666667")});
  // The tile's rows in steps of 32 (one burst of int8 per row block), k as Llama-2-7B's.
  const uint64_t m = std::max<uint64_t>(32, scaled(4096.0 / 32, scale) * 32);
  v.push_back({fmt::format("{}pc-gemv", stack),
               fmt::format("{} PCs, tile int8 GEMV {}x4096, batch 1", stack, m), stack, true,
               {"run", "--standard", standard, "--pcs", std::to_string(stack), "--workload",
                "gemv", "--m", std::to_string(m), "--k", "4096", "--seed", "1", "--quiet"}});
  return v;
}

std::string compare_results(const SpeedRun& a, const SpeedRun& b, std::string& difference) {
  std::vector<std::string> diffs;
  if (a.cycles != b.cycles) diffs.push_back(fmt::format("cycles {} vs {}", a.cycles, b.cycles));
  if (a.requests != b.requests) {
    diffs.push_back(fmt::format("requests {} vs {}", a.requests, b.requests));
  }
  // A command kind one build counts and the other does not counts as 0 there.
  json keys = a.commands;
  keys.update(b.commands);
  for (const auto& [k, unused] : keys.items()) {
    const uint64_t x = a.commands.value(k, uint64_t(0)), y = b.commands.value(k, uint64_t(0));
    if (x != y) diffs.push_back(fmt::format("{} {} vs {}", k, x, y));
  }
  difference.clear();
  for (const auto& d : diffs) difference += (difference.empty() ? "" : ", ") + d;
  return diffs.empty() ? "yes" : "NO";
}

double geomean_ratio(const std::vector<SpeedRow>& rows, double (SpeedRow::*ratio)() const) {
  double log_sum = 0;
  unsigned n = 0;
  for (const auto& r : rows) {
    const double x = (r.*ratio)();
    if (x <= 0) continue;
    log_sum += std::log(x);
    ++n;
  }
  return n ? std::exp(log_sum / n) : 0.0;
}

namespace {

class SpeedBench {
 public:
  explicit SpeedBench(const BenchOptions& o) : o_(o) {}

  int run() {
    setup();
    plan();
    check_json_apart_from_runs(o_.json, o_.work_dir, run_stems(),
                               {"run-help.txt", "baseline-run-help.txt"});
    dir_ = bench_work_dir(o_.work_dir, "hbmsim-speed", temporary_dir_);
    skip_missing_workloads();
    load_at_start_ = load_average();
    execute();
    judge();
    print_speed_table(rows_, o_, std_.name, program_);
    if (!o_.json.empty()) {
      const json j = speed_json(rows_, o_, std_.name, program_, load_at_start_);
      write_text_file("--json", o_.json, json_text(j));
    }
    return finish();
  }

 private:
  void setup() {
    if (!(o_.scale > 0 && o_.scale <= 100)) {
      throw UsageError(fmt::format("--scale {}: expected above 0, at most 100", o_.scale));
    }
    std_ = load_standard(o_.standard);
    program_ = o_.program.empty() ? self_exe() : o_.program;
    check_output_path("--json", o_.json);
  }

  void plan() {
    const std::regex only = only_regex(o_.only);
    std::string names;
    for (auto& c : speed_cases(o_.standard, std_.org.pcs(), o_.scale)) {
      names += (names.empty() ? "" : ", ") + c.name;
      if (std::regex_search(c.name, only)) rows_.push_back({c, {}, {}, {}, {}});
    }
    if (rows_.empty()) {
      throw UsageError(fmt::format("--only '{}': matches no speed case (there are {})", o_.only,
                                   names));
    }
  }

  // A binary from before the tile has no GEMV: its column says so. One from before
  // --threads (9000085) runs with its own choice of threads, and the summary says so.
  void skip_missing_workloads() {
    const bool self_gemv = run_help(program_, dir_ + "/run-help.txt").find("gemv") !=
                           std::string::npos;
    const std::string base_help =
        o_.baseline.empty() ? "" : run_help(o_.baseline, dir_ + "/baseline-run-help.txt");
    const bool base_gemv = o_.baseline.empty() || base_help.find("gemv") != std::string::npos;
    base_threads_ = o_.baseline.empty() || base_help.find("--threads") != std::string::npos;
    if (o_.threads != 0 && !base_threads_) {
      std::fprintf(stderr,
                   "hbmsim bench --speed: the baseline has no --threads; it runs without it\n");
    }
    for (auto& r : rows_) {
      if (!r.c.tile) continue;
      if (!self_gemv) r.self.skip = "this hbmsim has no --workload gemv";
      if (!base_gemv) r.base.skip = "the baseline has no --workload gemv";
    }
  }

  unsigned repeat() const { return o_.repeat ? o_.repeat : 3; }

  // A run's report and log in the folder: STEM.json, STEM.log; `who` "this" or "baseline".
  static std::string run_stem(const SpeedRow& row, const char* who, unsigned rep) {
    return fmt::format("{}-{}-{}", row.c.name, who, rep + 1);
  }

  // Every run's stem, for the --json check.
  std::vector<std::string> run_stems() const {
    std::vector<std::string> stems;
    for (const SpeedRow& row : rows_) {
      for (const char* who : {"this", "baseline"}) {
        for (unsigned r = 0; r < repeat(); ++r) stems.push_back(run_stem(row, who, r));
      }
    }
    return stems;
  }

  void execute() {
    const unsigned repeat = this->repeat();
    const unsigned sides = o_.baseline.empty() ? 1 : 2;
    std::fprintf(stderr,
                 "hbmsim bench --speed: %s, %zu case%s, %u run%s each%s; load average %s; "
                 "child outputs in %s\n",
                 std_.name.c_str(), rows_.size(), rows_.size() == 1 ? "" : "s", repeat,
                 repeat == 1 ? "" : "s",
                 sides == 2 ? ", alternating with the baseline" : "", load_at_start_.c_str(),
                 dir_.c_str());
    // A B A B ... within each case: both binaries see the same moments of the machine.
    for (auto& r : rows_) {
      for (unsigned rep = 0; rep < repeat; ++rep) {
        run_side(r, r.self, program_, "this", rep, repeat);
        if (sides == 2) run_side(r, r.base, o_.baseline, "baseline", rep, repeat);
      }
    }
  }

  void run_side(SpeedRow& row, SpeedSide& side, const std::string& program, const char* who,
                unsigned rep, unsigned repeat) {
    if (!side.skip.empty()) return;
    const std::string stem = dir_ + "/" + run_stem(row, who, rep);
    std::vector<std::string> args = row.c.args;
    args.insert(args.end(), {"--report", stem + ".json"});
    if (o_.threads != 0 && (&side == &row.self || base_threads_)) {
      args.insert(args.end(), {"--threads", std::to_string(o_.threads)});
    }
    std::string out;
    const auto t0 = std::chrono::steady_clock::now();
    const int code = run_and_wait(program, args, stem + ".log", out);
    const double process_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    json rep_json;
    const std::string bad =
        read_child_report(stem + ".json", rep_json, {{"cycles", "bytes", "wall_s"}, {"commands"}});
    std::string line = fmt::format("  {:<14} {:<8} run {}/{}: ", row.c.name, who, rep + 1,
                                   repeat);
    if (code != 0 || !bad.empty()) {
      const std::string first = out.substr(0, out.find('\n'));
      side.failures.push_back(fmt::format("{} run {}: exit {}: {} (command: {}; output: {})", who,
                                          rep + 1, code, code != 0 && !first.empty() ? first : bad,
                                          run_command_line(o_, program, args), stem + ".log"));
      std::fprintf(stderr, "%sFAILED (exit %d)\n", line.c_str(), code);
      return;
    }
    SpeedRun run;
    run.cycles = rep_json["cycles"].get<uint64_t>();
    run.requests = rep_json["bytes"].get<uint64_t>() / 32;
    run.loop_s = rep_json["wall_s"].get<double>();
    run.process_s = process_s;
    run.commands = rep_json["commands"];
    if (const auto t = rep_json.find("threads"); t != rep_json.end() && t->is_number_unsigned()) {
      run.threads = t->get<unsigned>();
    }
    if (!side.runs.empty() && side.runs.front().cycles != run.cycles) {
      side.failures.push_back(fmt::format("{} run {} took {} tCK, run 1 {}: not deterministic",
                                          who, rep + 1, run.cycles, side.runs.front().cycles));
    }
    side.runs.push_back(run);
    std::fprintf(stderr, "%s%llu tCK in %.2f s loop (%.2f s process) = %.1f ktCK/s\n",
                 line.c_str(), static_cast<unsigned long long>(run.cycles), run.loop_s,
                 process_s, run.loop_s > 0 ? run.cycles / run.loop_s / 1000.0 : 0.0);
    std::fflush(stderr);
  }

  void judge() {
    for (auto& r : rows_) {
      if (r.self.ran() && r.base.ran()) {
        r.same = compare_results(r.self.runs.front(), r.base.runs.front(), r.difference);
      }
    }
  }

  int finish() {
    bool failed = false;
    for (const auto& r : rows_) {
      failed = failed || !r.self.failures.empty() || !r.base.failures.empty();
    }
    if (failed) {
      release_work_dir();   // kept: a signal now must not remove what this line names
      std::fprintf(stderr, "hbmsim bench --speed: some runs failed; their reports and output "
                   "are in %s\n", dir_.c_str());
      return 1;
    }
    if (temporary_dir_) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
    release_work_dir();
    return 0;
  }

  BenchOptions o_;
  Standard std_;
  std::string program_, dir_, load_at_start_;
  bool base_threads_ = true;   // the baseline takes --threads
  bool temporary_dir_ = false;
  std::vector<SpeedRow> rows_;
};

}  // namespace

int run_speed_bench(const BenchOptions& o) { return SpeedBench(o).run(); }

}  // namespace hbmsim
