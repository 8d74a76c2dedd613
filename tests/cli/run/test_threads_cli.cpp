// Channel models evaluated on several threads (--threads N) give the same run as on one:
// the same commands at the same tCK, the same report figures; only the wall time may
// differ. Several channels, all traffic kinds that reach them (per-PC ports with reads
// and writes, the crossbar, the tile), and uneven shares (3 threads over 4 channels).
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_threads_cli {

using namespace cli_test;

struct Outputs {
  std::string log;
  nlohmann::json report;
};

Outputs run_with(const std::string& name, const std::string& args, unsigned threads) {
  const std::string log = artefact("threads", name + std::to_string(threads) + ".csv");
  const std::string report = artefact("threads", name + std::to_string(threads) + ".json");
  std::remove(log.c_str());
  std::remove(report.c_str());
  const Result r = hbmsim("run " + args + " --quiet --threads " + std::to_string(threads) +
                          " --cmd-log " + log + " --report " + report);
  EXPECT_EQ(r.code, 0) << args << ": " << r.out;
  if (r.code != 0) return {};
  return {slurp(log), load_json(report)};
}

// The report minus what measures the host rather than the simulation (`threads` too: the
// one thing that must differ here).
nlohmann::json simulated(nlohmann::json j) {
  for (const char* k : {"cycles_per_s", "wall_s", "threads"}) j.erase(k);
  // A trace's validating pass, timed on the host's clock (docs/trace-replay.md).
  if (j.contains("trace")) j["trace"].erase("validate_s");
  return j;
}

void expect_same(const std::string& name, const std::string& args, unsigned threads = 2) {
  const Outputs one = run_with(name, args, 1);
  const Outputs more = run_with(name, args, threads);
  ASSERT_FALSE(one.log.empty());
  EXPECT_TRUE(one.log == more.log) << name << ": the command logs differ, " << threads
                                   << " threads against 1";
  EXPECT_EQ(simulated(one.report), simulated(more.report)) << name << ", " << threads;
}

TEST(ThreadsCli, TwoThreadsGiveTheSameRunAsOne) {
  // Short runs: with --threads 2 forced on a machine whose cores are busy (the test
  // suite runs two tests at a time) every hand-over waits for the scheduler.
  expect_same("mix", "--pcs 8 --read-ratio 0.6667 --requests 400");
  expect_same("random", "--pcs 6 --workload random --read-ratio 0.5 --requests 200 --seed 3");
  expect_same("xbar", "--pcs 8 --xbar --read-ratio 0.75 --requests 1200");
  expect_same("tile", "--pcs 8 --workload gemv --m 256 --k 512");
}

// A trace replay (its records spread over the PCs by address, each port reading ahead of
// the others) and a transformer's decode layer (kernels one after another on the tile).
TEST(ThreadsCli, ATraceReplayAndADecodeLayerGiveTheSameRunOnTwoThreads) {
  std::string trace;
  uint64_t x = 12345, cycle = 0;
  for (int i = 0; i < 600; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    cycle += (x >> 60) & 3;
    char line[64];
    std::snprintf(line, sizeof line, "0x%llx %s %llu\n",
                  static_cast<unsigned long long>((x >> 20) & 0xfffffc0),
                  (x >> 58) == 0 ? "WRITE" : "READ", static_cast<unsigned long long>(cycle));
    trace += line;
  }
  const std::string file = write_artefact("threads", "replay.trace", trace);
  expect_same("trace", "--pcs 8 --trace " + file);
  expect_same("decode", "--pcs 8 --workload decode --model tiny --context 16");
}

// More threads than this 2-core machine has: slower here (each hand-over waits for a
// core), the same run. 8 PCs are 4 channel models: 3 threads take 1, 1 and 2 of them;
// 6 threads are cut to 4, one model each.
TEST(ThreadsCli, ThreeToSixThreadsGiveTheSameRunAsOne) {
  expect_same("uneven", "--pcs 8 --read-ratio 0.6667 --requests 150", 3);
  expect_same("four", "--pcs 8 --workload random --read-ratio 0.5 --requests 100 --seed 5", 4);
  expect_same("capped", "--pcs 8 --read-ratio 0.5 --requests 100", 6);
}

// More threads than cores run (same results) but say that they are slower.
TEST(ThreadsCli, MoreThreadsThanCoresAreNoted) {
  const unsigned threads = std::thread::hardware_concurrency() + 1;
  if (threads < 2 || threads > 16) GTEST_SKIP() << "cores unknown or above 15";
  // One channel model (2 PCs) per thread, so that every thread is used.
  const std::string pcs = std::to_string(2 * threads);
  const Result r = hbmsim("run --pcs " + pcs + " --requests 20 --quiet --threads " +
                          std::to_string(threads));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("note: --threads " + std::to_string(threads)), std::string::npos) << r.out;
  const Result fits = hbmsim("run --pcs 4 --requests 20 --quiet --threads 1");
  EXPECT_EQ(fits.out.find("note:"), std::string::npos) << fits.out;
  // More threads than models: only one per model is used, which fits the cores.
  const Result capped = hbmsim("run --pcs 2 --requests 20 --quiet --threads " +
                               std::to_string(threads));
  EXPECT_EQ(capped.code, 0) << capped.out;
  EXPECT_EQ(capped.out.find("note:"), std::string::npos) << capped.out;
}

// The note names --threads as given: '--threads 16' on 8 PCs (4 channel models, so 4 used)
// was noted as '--threads 4 on a machine with 2 cores', a value the user had not given.
TEST(ThreadsCli, TheOversubscribedNoteNamesTheThreadsGiven) {
  const unsigned used = std::thread::hardware_concurrency() + 1;
  if (used < 2 || used > 16) GTEST_SKIP() << "cores unknown or above 15";
  const std::string given = std::to_string(4 * used);
  const Result r = hbmsim("run --pcs " + std::to_string(2 * used) +
                          " --requests 20 --quiet --threads " + given);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("note: --threads " + given + " (" + std::to_string(used) +
                       " used: at most one per channel model of 2 PCs) on a machine with"),
            std::string::npos) << r.out;
}

TEST(ThreadsCli, ThreadsOutsideOneTo64AreRefused) {
  for (const char* n : {"65", "-1", "2.5"}) {
    const Result r = hbmsim(std::string("run --threads ") + n + " --requests 10");
    EXPECT_EQ(r.code, 2) << n << ": " << r.out;
    EXPECT_NE(r.out.find("--threads"), std::string::npos) << n << ": " << r.out;
  }
}

// The summary says how many threads evaluated the models: the ones asked for, at most one
// per channel model (2 PCs), and one below 8 PCs by default.
TEST(ThreadsCli, TheSummarySaysTheThreadsUsed) {
  const Result two = hbmsim("run --pcs 8 --requests 20 --threads 2");
  EXPECT_EQ(two.code, 0) << two.out;
  // (Under a busy machine's load it may add that it ran on one for a while.)
  EXPECT_NE(two.out.find("cycles/s (2 threads"), std::string::npos) << two.out;
  const Result capped = hbmsim("run --pcs 2 --requests 20 --threads 2");
  EXPECT_EQ(capped.code, 0) << capped.out;
  EXPECT_NE(capped.out.find("cycles/s (1 thread)"), std::string::npos) << capped.out;
  const Result small = hbmsim("run --pcs 4 --requests 20");
  EXPECT_EQ(small.code, 0) << small.out;
  EXPECT_NE(small.out.find("cycles/s (1 thread)"), std::string::npos) << small.out;
}

// The JSON report gives the threads too (key `threads`, as the summary's "(N threads)"): a
// tool reading reports could not tell how a run's wall time was made.
TEST(ThreadsCli, TheReportSaysTheThreadsUsed) {
  const struct {
    std::string args;
    unsigned threads;
  } cases[] = {{"--pcs 8 --threads 2", 2}, {"--pcs 2 --threads 2", 1}, {"--pcs 4", 1}};
  for (const auto& c : cases) {
    const std::string report = artefact("threads", "key.json");
    std::remove(report.c_str());
    const Result r = hbmsim("run --requests 20 --quiet --report " + report + " " + c.args);
    ASSERT_EQ(r.code, 0) << c.args << ": " << r.out;
    const nlohmann::json j = load_json(report);
    ASSERT_TRUE(j.contains("threads")) << c.args;
    EXPECT_EQ(j["threads"], c.threads) << c.args;
  }
}

// Both edges of a tCK evaluated after the host's work (CosimTop::step) give the same run as
// the falling edge evaluated before it (HBMSIM_SPLIT_EDGES=1, as with a waveform): the
// models' outputs the host reads come from registers, and the falling edge recorded
// without an evaluation (clock_fell, every model: both channel builds, the tile) triggers
// the rising one's registers as the evaluated one does. Policies, refresh modes, reads and
// writes, the probe's CSR writes between phases, the crossbar, the tile, and a waveform
// of a window (both edges inside it, after the host's work outside).
TEST(ThreadsCli, BothEdgesAfterTheHostGiveTheSameRunAsSplitEdges) {
  const std::pair<std::string, std::string> cases[] = {
      {"fmix", "--pcs 4 --read-ratio 0.6667 --requests 800"},
      {"frandom", "--pcs 2 --workload random --read-ratio 0.5 --requests 600 --seed 3 "
                  "--page-policy adaptive --refresh allbank"},
      {"fclosed", "--pcs 1 --workload random --read-ratio 0.7 --requests 600 --seed 4 "
                  "--page-policy closed --scheduler fcfs"},
      {"fprobe", "--pcs 1 --workload probe --probe-samples 20 --sweep-reads 200"},
      {"fxbar", "--pcs 4 --xbar --read-ratio 0.75 --requests 600"},
      {"fhbm4", "--standard hbm4 --pcs 2 --read-ratio 0.6667 --requests 600"},   // 64 banks
      {"ftile", "--pcs 4 --workload gemv --m 64 --k 512"},
      {"fwave", "--pcs 4 --workload gemv --m 64 --k 512 --wave-start 200 --wave-end 400 "
                "--wave-scope tile --wave " + artefact("threads", "fwave.fst")},
  };
  for (const auto& [name, args] : cases) {
    const std::string base = artefact("threads", name);
    const std::string run = "run " + std::string(args) + " --quiet --cmd-log ";
    const Result fused = hbmsim(run + base + "-f.csv --report " + base + "-f.json");
    const Result split = shell("HBMSIM_SPLIT_EDGES=1 " + std::string(HBMSIM_BINARY) + " " + run +
                               base + "-s.csv --report " + base + "-s.json 2>&1");
    ASSERT_EQ(fused.code, 0) << name << ": " << fused.out;
    ASSERT_EQ(split.code, 0) << name << ": " << split.out;
    EXPECT_TRUE(slurp(base + "-f.csv") == slurp(base + "-s.csv")) << name << ": command logs differ";
    EXPECT_EQ(simulated(load_json(base + "-f.json")), simulated(load_json(base + "-s.json")))
        << name;
  }
}

}  // namespace test_threads_cli
