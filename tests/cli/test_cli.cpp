// The hbmsim command line as users and other tools see it: help, errors and exit codes,
// the JSON report's fields, and bit-for-bit determinism.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_cli {

using namespace cli_test;

std::string artefact(const std::string& name) { return cli_test::artefact("cli", name); }

TEST(Cli, HelpDocumentsEveryRunFlag) {
  const Result top = hbmsim("--help");
  EXPECT_EQ(top.code, 0);
  EXPECT_NE(top.out.find("run"), std::string::npos);
  const Result run = hbmsim("run --help");
  EXPECT_EQ(run.code, 0);
  for (const char* flag : {"--standard", "--pcs", "--workload", "--requests", "--read-ratio",
                           "--beats", "--seed", "--report", "--cmd-log", "--wave",
                           "--wave-start", "--wave-end", "--wave-scope", "--mapping",
                           "--page-policy", "--max-cycles", "--watchdog"}) {
    EXPECT_NE(run.out.find(flag), std::string::npos) << flag;
  }
}

// What the help shows is what the program takes: --pull-in's default as the word it
// takes (it showed 'BOOLEAN:BOOL=1'), --tile-load as a choice, not a boolean, and
// --wave-scope's example a scope the waveform has (it gave 'TOP.hbm_sim_top.u_stack',
// which was refused: the scopes start at ch0).
TEST(Cli, HelpShowsDefaultsAndExamplesThatWork) {
  const Result run = hbmsim("run --help");
  ASSERT_EQ(run.code, 0);
  EXPECT_NE(run.out.find("--pull-in BOOL=true "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--tile-load ENUM:backdoor|axi=backdoor"), std::string::npos)
      << run.out;
  const std::string example = "ch0.hbm_sim_top.u_stack";
  EXPECT_NE(run.out.find("e.g. " + example), std::string::npos) << run.out;
  const Result wave = hbmsim("run --requests 5 --quiet --wave " + artefact("scope.fst") +
                             " --wave-scope " + example);
  EXPECT_EQ(wave.code, 0) << wave.out;
}

TEST(Cli, BadFlagOrValueIsOneLineAndExitCode2) {
  for (const char* args : {"run --no-such-flag", "run --workload zigzag", "run --read-ratio 1.5",
                           "run --requests -3", "run --standard no_such_standard",
                           "run --beats 3", "run --mapping RoXxBaCoBg", "frobnicate"}) {
    const Result r = hbmsim(args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << args << ": " << r.out;
    EXPECT_EQ(r.out.rfind("hbmsim: ", 0), 0u) << args << ": " << r.out;
  }
}

// A misspelt command ("checklog" for check-log) was refused as "A subcommand is required",
// as if none had been given; it is named, with the commands there are. No command at all
// keeps CLI11's message.
TEST(Cli, AnUnknownCommandIsNamed) {
  const struct {
    std::string args, word;
  } cases[] = {{"checklog out.csv", "checklog"}, {"Run --requests 5", "Run"},
               {"benchmark", "benchmark"}};
  for (const auto& c : cases) {
    const Result r = hbmsim(c.args);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(r.out, "hbmsim: '" + c.word + "': not a command (run, check-log or bench; see "
                     "hbmsim --help)\n") << c.args;
  }
  const Result none = hbmsim("");
  EXPECT_EQ(none.code, 2) << none.out;
  EXPECT_EQ(none.out, "hbmsim: A subcommand is required (see hbmsim --help)\n");
}

// CLI11's words for a flag given twice, a flag without its value and a value given to a
// switch ('--requests: At Most 1 required but received 2', '--requests: 1 required
// UINT:1..1099511627776 missing', 'Could not convert: --xbar = maybe') are said plainly.
TEST(Cli, ARepeatedOrEmptyFlagIsSaidPlainly) {
  const struct {
    std::string args, says;
  } cases[] = {
      {"run --requests 5 --requests 7", "--requests: given 2 times; give it once"},
      {"bench --json a.json --json b.json --json c.json", "--json: given 3 times; give it once"},
      {"run --requests", "--requests: no value given (expected UINT:1..1099511627776)"},
      {"check-log --standard", "--standard: no value given (expected TEXT)"},
      {"run --xbar=maybe", "--xbar: 'maybe': a switch is given alone (--xbar), or as "
                           "--xbar=true / --xbar=false"},
  };
  for (const auto& c : cases) {
    const Result r = hbmsim(c.args);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(r.out, "hbmsim: " + c.says + " (see hbmsim --help)\n") << c.args;
  }
}

TEST(Cli, ReportHasTheFieldsOtherToolsRead) {
  const std::string report = artefact("report.json");
  const Result r = hbmsim("run --requests 300 --workload random --read-ratio 0.5 --quiet "
                          "--report " + report);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(slurp(report));
  for (const char* key : {"standard", "pcs", "tck_ns", "cycles", "wall_s", "cycles_per_s",
                          "reads", "writes", "bytes", "bandwidth_gbps", "peak_gbps",
                          "efficiency", "read_latency_ns", "row_hit_rate", "commands",
                          "checks"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  for (const char* key : {"mean", "p50", "p99", "max"}) {
    EXPECT_TRUE(j["read_latency_ns"].contains(key)) << key;
  }
  for (const char* key : {"ACT", "PRE", "PREA", "RD", "RDA", "WR", "WRA", "REFab", "REFpb"}) {
    EXPECT_TRUE(j["commands"].contains(key)) << key;
  }
  EXPECT_EQ(j["checks"]["timing_violations"], 0);
  EXPECT_EQ(j["checks"]["data_mismatches"], 0);
  EXPECT_EQ(j["standard"], "HBM3");
  EXPECT_EQ(j["reads"].get<uint64_t>() + j["writes"].get<uint64_t>(), 300u);
  EXPECT_NEAR(j["efficiency"].get<double>(),
              j["bandwidth_gbps"].get<double>() / j["peak_gbps"].get<double>(), 1e-9);
  EXPECT_DOUBLE_EQ(j["peak_gbps"].get<double>(), 25.6);
}

TEST(Cli, SameSeedSameResultBitForBit) {
  auto run = [](const std::string& tag, int seed) {
    const std::string log = artefact("det_" + tag + ".csv");
    const std::string rep = artefact("det_" + tag + ".json");
    const Result r = hbmsim("run --workload random --read-ratio 0.5 --requests 800 --quiet "
                            "--seed " + std::to_string(seed) + " --cmd-log " + log +
                            " --report " + rep);
    EXPECT_EQ(r.code, 0) << r.out;
    auto j = nlohmann::json::parse(slurp(rep));
    j.erase("wall_s");
    j.erase("cycles_per_s");
    j.erase("threads");   // the host's, as the wall time
    return std::make_pair(slurp(log), j.dump());
  };
  const auto a = run("a", 5), b = run("b", 5), c = run("c", 6);
  EXPECT_GT(a.first.size(), 1000u);
  EXPECT_EQ(a.first, b.first) << "command logs differ for the same seed";
  EXPECT_EQ(a.second, b.second) << "reports differ for the same seed";
  EXPECT_NE(a.first, c.first) << "a different seed should give different traffic";
}

}  // namespace test_cli
