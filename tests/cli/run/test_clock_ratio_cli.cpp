// `hbmsim run --clock-ratio 2` from the command line: the report says the ratio, the
// command log passes `hbmsim check-log` (an independent pass over every rule) with each
// PC in its phase, a run on several threads is the same run, and a ratio other than 1
// or 2 is refused (the co-simulations of tests/cosim/test_clock_ratio.cpp check data).
#include <cstdio>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_clock_ratio_cli {

using namespace cli_test;

struct HalfRun {
  std::string log;
  nlohmann::json report;
};

HalfRun run_half(const std::string& name, const std::string& args) {
  const std::string log = artefact("clock_ratio", name + ".csv");
  const std::string report = artefact("clock_ratio", name + ".json");
  std::remove(log.c_str());
  std::remove(report.c_str());
  const Result r = hbmsim("run --clock-ratio 2 --quiet " + args + " --cmd-log " + log +
                          " --report " + report);
  EXPECT_EQ(r.code, 0) << args << ": " << r.out;
  if (r.code != 0) return {};
  return {log, load_json(report)};
}

TEST(ClockRatioCli, TheLogPassesCheckLogWithEachPcInItsPhase) {
  const HalfRun r = run_half("mix", "--standard hbm2 --pcs 2 --workload random --read-ratio 0.5 "
                                "--requests 400");
  ASSERT_FALSE(r.log.empty());
  EXPECT_EQ(r.report["controller"]["clock_ratio"], 2);
  EXPECT_EQ(r.report["checks"]["timing_violations"], 0);
  const Result check = hbmsim("check-log --standard hbm2 " + r.log);
  EXPECT_EQ(check.code, 0) << check.out;
  // cycle,ch,pc,...: PC 0 in even tCK, PC 1 in odd.
  std::istringstream lines(slurp(r.log));
  std::string line;
  std::getline(lines, line);   // the header
  unsigned rows = 0, odd = 0;
  while (std::getline(lines, line)) {
    unsigned long long cycle = 0;
    unsigned ch = 0, pc = 0;
    ASSERT_EQ(std::sscanf(line.c_str(), "%llu,%u,%u", &cycle, &ch, &pc), 3) << line;
    EXPECT_EQ(cycle % 2, pc) << line;
    ++rows;
    odd += pc;
  }
  EXPECT_GT(rows, 800u);
  EXPECT_GT(odd, 400u);
}

TEST(ClockRatioCli, SeveralThreadsGiveTheSameRunAtOneToTwo) {
  const std::string args = "--standard hbm3 --pcs 8 --workload random --read-ratio 0.67 "
                           "--requests 300 --threads ";
  const HalfRun one = run_half("threads1", args + "1");
  const HalfRun three = run_half("threads3", args + "3");
  ASSERT_FALSE(one.log.empty());
  EXPECT_TRUE(slurp(one.log) == slurp(three.log)) << "the command logs differ";
  EXPECT_EQ(one.report["cycles"], three.report["cycles"]);
}

TEST(ClockRatioCli, ARatioOtherThanOneOrTwoIsRefused) {
  for (const char* r : {"0", "3"}) {
    const Result res = hbmsim(std::string("run --requests 10 --clock-ratio ") + r);
    EXPECT_EQ(res.code, 2) << res.out;
    EXPECT_NE(res.out.find("--clock-ratio"), std::string::npos) << res.out;
  }
}

}  // namespace test_clock_ratio_cli
