// `hbmsim bench --speed` as a user runs it, on tiny cases (--scale 0.01): every case
// printed and written with a positive speed; against a baseline that is the same binary
// (same results, the ratio as its runs give it) and one that is not (the difference said loudly). Bad
// input: test_bench.cpp.
#include <sys/stat.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_bench_speed {

using namespace cli_test;

std::string artefact(const std::string& name) { return cli_test::artefact("bench_speed", name); }

const char* const kCases[] = {"1pc-seq-read", "1pc-rand-32", "32pc-seq-read", "32pc-rand-mix",
                              "32pc-gemv"};

// A "baseline": a shell script of `body` (it ends by running this hbmsim), made executable.
std::string baseline_script(const std::string& name, const std::string& body) {
  const std::string script = artefact(name);
  std::ofstream(script) << "#!/bin/sh\n" << body;
  EXPECT_EQ(chmod(script.c_str(), 0755), 0) << script;
  return script;
}

// `hbmsim bench --speed --scale 0.01 ARGS --json <artefact json_name>`; the JSON it wrote
// (none: an empty object) comes back in `json`.
Result bench_speed(const std::string& args, const std::string& json_name, nlohmann::json& json) {
  const std::string path = artefact(json_name);
  std::remove(path.c_str());
  const Result r = hbmsim("bench --speed --scale 0.01 " + args + " --json " + path);
  json = r.code == 0 ? load_json(path) : nlohmann::json::object();
  return r;
}

void expect_positive_speed(const nlohmann::json& side) {
  EXPECT_TRUE(side["failures"].empty()) << side.dump();
  EXPECT_GT(side["cycles"].get<double>(), 0);
  EXPECT_GT(side["requests"].get<double>(), 0);
  EXPECT_GT(side["cycles_per_s_median"].get<double>(), 0);
  EXPECT_GT(side["requests_per_s_median"].get<double>(), 0);
  EXPECT_GT(side["commands"]["RD"].get<double>() + side["commands"]["RDA"].get<double>(), 0);
}

TEST(BenchSpeed, PrintsEveryCaseAndWritesJson) {
  const std::string json = artefact("speed.json");
  std::remove(json.c_str());
  const Result r = hbmsim("bench --speed --scale 0.01 --repeat 1 --json " + json);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("ktCK/s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kreq/s"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("geometric mean"), std::string::npos) << "no baseline, no ratio:\n"
                                                             << r.out;

  const auto j = load_json(json);
  EXPECT_EQ(j["speed"], true);
  EXPECT_EQ(j["standard"], "HBM3");
  ASSERT_EQ(j["rows"].size(), std::size(kCases));
  for (size_t i = 0; i < std::size(kCases); ++i) {
    SCOPED_TRACE(kCases[i]);
    EXPECT_NE(r.out.find(kCases[i]), std::string::npos) << r.out;
    const auto& row = j["rows"][i];
    EXPECT_EQ(row["case"], kCases[i]);
    EXPECT_EQ(row["cycles_per_s_runs"].size(), 1u);
    ASSERT_EQ(row["threads_runs"].size(), 1u);
    EXPECT_GE(row["threads_runs"][0].get<unsigned>(), 1u) << "every run says its threads";
    EXPECT_FALSE(row.contains("baseline"));
    expect_positive_speed(row);
  }
}

TEST(BenchSpeed, SameBinaryAsBaselineGivesTheSameResultsAndTheRatioOfItsRuns) {
  const std::string json = artefact("same.json");
  std::remove(json.c_str());
  const Result r = hbmsim(std::string("bench --speed --scale 0.01 --repeat 2 --baseline ") +
                          HBMSIM_BINARY + " --json " + json);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("geometric mean"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("DIFFERENT RESULT"), std::string::npos) << r.out;

  const auto j = load_json(json);
  ASSERT_EQ(j["rows"].size(), std::size(kCases));
  double log_sum = 0;
  for (const auto& row : j["rows"]) {
    SCOPED_TRACE(row["case"].get<std::string>());
    EXPECT_EQ(row["same_result"], "yes");
    EXPECT_EQ(row["cycles"], row["baseline"]["cycles"]);
    EXPECT_EQ(row["baseline"]["cycles_per_s_runs"].size(), 2u);
    expect_positive_speed(row["baseline"]);
    // The ratio is the pairs' median, each pair this run's speed over the baseline's run
    // beside it. Not a bound on its value: tiny runs beside other tests moved it past 4x
    // (a timed assertion fails on a busy machine; the bench's numbers are for people).
    EXPECT_DOUBLE_EQ(row["request_ratio"].get<double>(), row["ratio"].get<double>())
        << "the same results: the same work per tCK";
    ASSERT_EQ(row["ratio_pairs"].size(), 2u);
    double pairs_sum = 0;
    for (size_t i = 0; i < 2; ++i) {
      const double self = row["cycles_per_s_runs"][i].get<double>();
      const double base = row["baseline"]["cycles_per_s_runs"][i].get<double>();
      EXPECT_NEAR(row["ratio_pairs"][i].get<double>(), self / base, 1e-9 * self / base);
      pairs_sum += row["ratio_pairs"][i].get<double>();
    }
    EXPECT_NEAR(row["ratio"].get<double>(), pairs_sum / 2, 1e-9 * pairs_sum);
    log_sum += std::log(row["ratio"].get<double>());
  }
  EXPECT_NEAR(j["geomean_ratio"].get<double>(), std::exp(log_sum / std::size(kCases)), 1e-9);
}

TEST(BenchSpeed, ABaselineWithOtherResultsIsSaidLoudly) {
  // A "baseline" that runs this hbmsim with FCFS: the same commands, other cycles.
  const std::string script = baseline_script(
      "fcfs-baseline.sh", "exec " + std::string(HBMSIM_BINARY) + " \"$@\" --scheduler fcfs\n");
  nlohmann::json j;
  const Result r =
      bench_speed("--repeat 1 --only '^1pc-seq' --baseline " + script, "differs.json", j);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("DIFFERENT RESULT 1pc-seq-read: this build and the baseline disagree: "
                       "cycles"),
            std::string::npos)
      << r.out;
  ASSERT_EQ(j["rows"].size(), 1u);
  EXPECT_EQ(j["rows"][0]["same_result"], "NO");
  EXPECT_NE(j["rows"][0]["difference"].get<std::string>().find("cycles"), std::string::npos);
}

TEST(BenchSpeed, ThreadsReachEveryRunOfBothBinaries) {
  // A baseline that writes down the arguments it was given, then runs this hbmsim.
  const std::string args_file = artefact("threads-args.txt");
  std::remove(args_file.c_str());
  const std::string script = artefact("recording-baseline.sh");
  std::ofstream(script) << "#!/bin/sh\necho \"$@\" >> " << args_file << "\nexec "
                        << HBMSIM_BINARY << " \"$@\"\n";
  ASSERT_EQ(chmod(script.c_str(), 0755), 0);
  const std::string json = artefact("threads.json");
  std::remove(json.c_str());
  const Result r = hbmsim("bench --speed --scale 0.01 --repeat 1 --only '^32pc-seq|^1pc-seq' "
                          "--threads 2 --baseline " + script + " --json " + json);
  ASSERT_EQ(r.code, 0) << r.out;
  std::ifstream in(args_file);
  std::string line;
  unsigned runs = 0;
  while (std::getline(in, line)) {
    if (line.find("--report") == std::string::npos) continue;   // the bench's --help probe
    ++runs;
    EXPECT_NE(line.find("--threads 2"), std::string::npos) << line;
  }
  EXPECT_EQ(runs, 2u) << "one baseline run per case";
  const auto j = load_json(json);
  ASSERT_EQ(j["rows"].size(), 2u);
  for (const auto& row : j["rows"]) EXPECT_EQ(row["same_result"], "yes") << row.dump();
}

// Every run's thread count is kept (the report's `threads`), and two sides that evaluated
// on different counts are named: their speeds compare the counts, not the builds. The
// baseline here is this hbmsim with --threads 2 turned into 1; 32 PCs take both.
TEST(BenchSpeed, RunsOnOtherThreadCountsAreNamed) {
  const std::string script = baseline_script(
      "one-thread-baseline.sh",
      "for a do\n  shift\n  if [ \"$p\" = --threads ]; then set -- \"$@\" 1; "
      "else set -- \"$@\" \"$a\"; fi\n  p=$a\ndone\nexec " + std::string(HBMSIM_BINARY) +
          " \"$@\"\n");
  nlohmann::json j;
  const Result r = bench_speed("--repeat 2 --only '^32pc-seq' --threads 2 --baseline " + script,
                               "thread-counts.json", j);
  ASSERT_EQ(r.code, 0) << r.out;
  ASSERT_EQ(j["rows"].size(), 1u);
  const auto& row = j["rows"][0];
  EXPECT_EQ(row["threads_runs"], nlohmann::json({2, 2})) << row.dump();
  EXPECT_EQ(row["baseline"]["threads_runs"], nlohmann::json({1, 1})) << row.dump();
  EXPECT_EQ(row["same_result"], "yes") << "threads change the wall time only";
  const std::string said = "THREADS 32pc-seq-read: this build ran on 2 thread(s), the baseline on 1";
  EXPECT_NE(r.out.find(said), std::string::npos) << r.out;
}

TEST(BenchSpeed, ABaselineWithoutThreadsRunsWithoutIt) {
  // A baseline from before --threads (as 9000085): its help does not name it, and it
  // refuses it as CLI11 does.
  const std::string script = artefact("no-threads-baseline.sh");
  std::ofstream(script) << "#!/bin/sh\nfor a in \"$@\"; do\n"
                        << "  if [ \"$a\" = --help ]; then " << HBMSIM_BINARY
                        << " \"$@\" | grep -v -e --threads; exit 0; fi\n"
                        << "  if [ \"$a\" = --threads ]; then echo 'not expected: --threads' >&2;"
                        << " exit 2; fi\ndone\nexec " << HBMSIM_BINARY << " \"$@\"\n";
  ASSERT_EQ(chmod(script.c_str(), 0755), 0);
  const Result r = hbmsim("bench --speed --scale 0.01 --repeat 1 --only '^1pc-seq' --threads 1 "
                          "--baseline " + script);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("the baseline has no --threads; it runs without it"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("FAILED"), std::string::npos) << r.out;
}


// The summary's geometric mean covers the cases with a ratio on both binaries. A baseline
// whose every run failed printed 'geometric mean of the ratios (this / baseline): 0.00x',
// as if this build were infinitely slower; one that failed some cases printed the mean of
// the others as the whole bench's. Now 'none (no case ran on both binaries)', and 'over
// N of M cases' when some are missing.
TEST(BenchSpeed, TheGeometricMeanSaysWhichCasesItCovers) {
  // Failed runs keep their folder: an artefact's, not a temporary one left behind.
  const std::string none = "bench --speed --scale 0.01 --repeat 1 --only '^1pc-seq' --baseline "
                           "/bin/true --work-dir " + artefact("mean_none");
  const Result r = hbmsim(none);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(r.out.find("0.00x"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("geometric mean of the ratios (this / baseline): none (no case ran on "
                       "both binaries)"), std::string::npos) << r.out;
  // A baseline that runs this hbmsim but fails the random case.
  const std::string script = artefact("no-random-baseline.sh");
  std::ofstream(script) << "#!/bin/sh\ncase \"$*\" in *random*) exit 1;; esac\nexec "
                        << HBMSIM_BINARY << " \"$@\"\n";
  ASSERT_EQ(chmod(script.c_str(), 0755), 0);
  const Result some = hbmsim("bench --speed --scale 0.01 --repeat 1 --only '^1pc' --baseline " +
                             script + " --work-dir " + artefact("mean_some"));
  EXPECT_EQ(some.code, 1) << some.out;
  EXPECT_NE(some.out.find("geometric mean of the ratios (this / baseline) over 1 of 2 cases: "),
            std::string::npos) << some.out;
}

}  // namespace test_bench_speed
