// `hbmsim bench --speed`: its table and its JSON (the keys of `hbmsim bench --json`'s
// rows where they mean the same: cycles, commands, cycles_per_s_median, ...).
#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "host/bench/bench_proc.h"
#include "host/bench/bench_speed.h"

namespace hbmsim {

namespace {

using nlohmann::json;

// The figures of one binary on one case, or why there are none.
std::string side_cells(const SpeedSide& s) {
  if (!s.skip.empty()) return fmt::format("{:<34}", "skipped");
  if (!s.ran()) return fmt::format("{:<34}", "FAILED");
  return fmt::format("{:9.1f} {:8.1f} {:7.2f} {:7.2f}", s.cycles_per_s() / 1000.0,
                     s.requests_per_s() / 1000.0, s.loop_s(), s.process_s());
}

std::string times(double ratio) { return ratio > 0 ? fmt::format("{:.2f}x", ratio) : "-"; }

const SpeedRun* first_run(const SpeedRow& r) {
  if (r.self.ran()) return &r.self.runs.front();
  if (r.base.ran()) return &r.base.runs.front();
  return nullptr;
}

std::string counts_text(const std::vector<unsigned>& counts) {
  std::string s;
  for (size_t i = 0; i < counts.size(); ++i) {
    s += (i == 0 ? "" : i + 1 == counts.size() ? " and " : ", ") + std::to_string(counts[i]);
  }
  return s;
}

// A run without --threads picks its own count from the cores idle at its start, so on a
// shared machine runs of one case can evaluate on different counts (seen: 6.6 against 9.2
// ktCK/s for the same RTL on 1 and 2 threads), and their speeds then compare the counts
// rather than the builds.
void print_thread_note(const SpeedRow& r) {
  const auto self = r.self.thread_counts(), base = r.base.thread_counts();
  std::string what;
  if (self.size() > 1) what = "this build's runs used " + counts_text(self) + " threads";
  if (base.size() > 1) {
    what += (what.empty() ? "" : "; ") + ("the baseline's runs used " + counts_text(base) +
                                         " threads");
  }
  if (what.empty() && self.size() == 1 && base.size() == 1 && self != base) {
    what = fmt::format("this build ran on {} thread(s), the baseline on {}", self[0], base[0]);
  }
  if (what.empty()) return;
  std::printf("THREADS %s: %s (speeds on different counts compare the counts, not the "
              "builds; a run without --threads picks its own from the idle cores)\n",
              r.c.name.c_str(), what.c_str());
}

void print_notes(const std::vector<SpeedRow>& rows) {
  for (const auto& r : rows) {
    for (const auto* s : {&r.self, &r.base}) {
      if (!s->skip.empty()) std::printf("skipped %s: %s\n", r.c.name.c_str(), s->skip.c_str());
      for (const auto& f : s->failures) std::printf("FAILED %s: %s\n", r.c.name.c_str(), f.c_str());
    }
    if (r.same == "NO") {
      std::printf("DIFFERENT RESULT %s: this build and the baseline disagree: %s (this vs "
                  "baseline)\n", r.c.name.c_str(), r.difference.c_str());
    }
    print_thread_note(r);
  }
}

// The geometric mean covers the cases with a ratio (both binaries ran): with none it was
// printed as 0.00x, as if this build were infinitely slower, and over some as if over all.
void print_geomean(const std::vector<SpeedRow>& rows) {
  const auto covered = static_cast<size_t>(
      std::count_if(rows.begin(), rows.end(), [](const SpeedRow& r) { return r.ratio() > 0; }));
  const char* head = "geometric mean of the ratios (this / baseline)";
  if (covered == 0) {
    std::printf("%s: none (no case ran on both binaries)\n", head);
    return;
  }
  const std::string over =
      covered < rows.size() ? fmt::format(" over {} of {} cases", covered, rows.size()) : "";
  std::printf("%s%s: %.2fx of simulated tCK per second, %.2fx of requests per second (req: "
              "they differ only where the results do)\n",
              head, over.c_str(), geomean_ratio(rows),
              geomean_ratio(rows, &SpeedRow::request_ratio));
}

json side_json(const SpeedSide& s, const BenchOptions& o, const std::string& program,
               const SpeedCase& c) {
  json j;
  j["command"] = run_command_line(o, program, c.args);
  j["skipped"] = s.skip;
  j["failures"] = s.failures;
  if (!s.ran()) return j;
  const SpeedRun& first = s.runs.front();
  j["cycles"] = first.cycles;
  j["requests"] = first.requests;
  j["commands"] = first.commands;
  j["cycles_per_s_median"] = s.cycles_per_s();
  j["requests_per_s_median"] = s.requests_per_s();
  json cps = json::array(), wall = json::array(), proc = json::array();
  for (const auto& r : s.runs) {
    cps.push_back(r.loop_s > 0 ? r.cycles / r.loop_s : 0.0);
    wall.push_back(r.loop_s);
    proc.push_back(r.process_s);
  }
  j["cycles_per_s_runs"] = cps;
  j["wall_s_runs"] = wall;
  j["process_wall_s_runs"] = proc;
  json threads = json::array();   // 0: the binary did not say
  for (const auto& r : s.runs) threads.push_back(r.threads);
  j["threads_runs"] = threads;
  return j;
}

}  // namespace

void print_speed_table(const std::vector<SpeedRow>& rows, const BenchOptions& o,
                       const std::string& standard, const std::string& program) {
  const bool vs = !o.baseline.empty();
  const unsigned repeat = o.repeat ? o.repeat : 3;
  std::printf("\nsimulation speed, %s, median of %u run(s) per case%s\n", standard.c_str(),
              repeat, vs ? ", the two binaries run alternately" : "");
  std::printf("this:     %s\n", program.c_str());
  if (vs) std::printf("baseline: %s\n", o.baseline.c_str());
  const std::string figures = fmt::format("{:>9} {:>8} {:>7} {:>7}", "ktCK/s", "kreq/s",
                                           "loop s", "proc s");
  std::printf("%-14s %3s %9s %9s | %-34s", "", "", "", "", "this build");
  if (vs) std::printf(" | %-34s |", "baseline");
  std::printf("\n%-14s %3s %9s %9s | %s", "case", "PCs", "tCK", "requests", figures.c_str());
  if (vs) {
    std::printf(" | %s | %6s %6s  %s", figures.c_str(), "ratio", "req", "same result");
  }
  std::printf("\n");
  for (const auto& r : rows) {
    const SpeedRun* f = first_run(r);
    std::printf("%-14s %3u %9s %9s | %s", r.c.name.c_str(), r.c.pcs,
                f ? std::to_string(f->cycles).c_str() : "-",
                f ? std::to_string(f->requests).c_str() : "-", side_cells(r.self).c_str());
    if (vs) {
      std::printf(" | %s | %6s %6s  %s", side_cells(r.base).c_str(), times(r.ratio()).c_str(),
                  times(r.request_ratio()).c_str(), r.same.empty() ? "-" : r.same.c_str());
    }
    std::printf("\n");
  }
  if (vs) print_geomean(rows);
  // The loop's seconds are the report's wall_s: from reset to the last tCK, so they hold
  // the reset and CSR programming (about 0.2 s on 32 PCs) but not the process start-up,
  // elaboration or the report; `cycles` counts the traffic's tCK only.
  if (vs) {
    std::printf("ratio, req: this / baseline in tCK and in requests per second, the median "
                "of the run pairs (each pair ran back to back)\n");
  }
  std::printf("ktCK/s: traffic tCK per second of the simulation loop (the report's cycles / "
              "wall_s: process start-up and elaboration excluded); kreq/s: 32-byte requests "
              "(bytes moved / 32) per second of the loop; loop s / proc s: median seconds of "
              "the loop and of the whole child process\n");
  for (const auto& r : rows) std::printf("  %-14s %s\n", r.c.name.c_str(), r.c.what.c_str());
  print_notes(rows);
  std::fflush(stdout);
}

json speed_json(const std::vector<SpeedRow>& rows, const BenchOptions& o,
                const std::string& standard, const std::string& program,
                const std::string& load_at_start) {
  json out = json::array();
  for (const auto& r : rows) {
    json row = side_json(r.self, o, program, r.c);
    row["case"] = r.c.name;
    row["what"] = r.c.what;
    row["pcs"] = r.c.pcs;
    if (!o.baseline.empty()) {
      row["baseline"] = side_json(r.base, o, o.baseline, r.c);
      row["ratio"] = r.ratio();
      row["request_ratio"] = r.request_ratio();
      row["ratio_pairs"] = r.pair_ratios();
      row["ratio_of_medians"] = r.ratio_of_medians();
      row["same_result"] = r.same;
      row["difference"] = r.difference;
    }
    out.push_back(row);
  }
  json j;
  j["standard"] = standard;
  j["speed"] = true;
  j["program"] = program;
  j["baseline"] = o.baseline;
  j["repeat"] = o.repeat ? o.repeat : 3;
  j["scale"] = o.scale;
  j["load_average_at_start"] = load_at_start;
  j["load_average_at_end"] = load_average();
  if (!o.baseline.empty()) {
    j["geomean_ratio"] = geomean_ratio(rows);
    j["geomean_request_ratio"] = geomean_ratio(rows, &SpeedRow::request_ratio);
  }
  j["rows"] = out;
  return j;
}

}  // namespace hbmsim
