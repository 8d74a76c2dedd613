// Channel models evaluated on two threads (--threads 2) give the same run as on one:
// the same commands at the same tCK, the same report figures; only the wall time may
// differ. Several channels, all traffic kinds that reach them (per-PC ports with reads
// and writes, the crossbar, the tile).
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace {

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

// The report minus what measures the host rather than the simulation.
nlohmann::json simulated(nlohmann::json j) {
  for (const char* k : {"cycles_per_s", "wall_s"}) j.erase(k);
  return j;
}

void expect_same(const std::string& name, const std::string& args) {
  const Outputs one = run_with(name, args, 1);
  const Outputs two = run_with(name, args, 2);
  ASSERT_FALSE(one.log.empty());
  EXPECT_TRUE(one.log == two.log) << name << ": the command logs differ";
  EXPECT_EQ(simulated(one.report), simulated(two.report)) << name;
}

TEST(ThreadsCli, TwoThreadsGiveTheSameRunAsOne) {
  // Short runs: with --threads 2 forced on a machine whose cores are busy (the test
  // suite runs two tests at a time) every hand-over waits for the scheduler.
  expect_same("mix", "--pcs 8 --read-ratio 0.6667 --requests 400");
  expect_same("random", "--pcs 6 --workload random --read-ratio 0.5 --requests 200 --seed 3");
  expect_same("xbar", "--pcs 8 --xbar --read-ratio 0.75 --requests 1200");
  expect_same("tile", "--pcs 8 --workload gemv --m 256 --k 512");
}

TEST(ThreadsCli, ThreadsOutsideOneToTwoAreRefused) {
  const Result r = hbmsim("run --threads 3 --requests 10");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--threads"), std::string::npos) << r.out;
}

}  // namespace
