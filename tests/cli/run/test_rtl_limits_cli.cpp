// A standard or a setting beyond what the RTL controller was built for is refused before
// the run with exit 2, naming the field (or flag), the value and the limit — not run and
// then reported as a timing violation or an RTL assertion.
#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_rtl_limits_cli {

using namespace cli_test;

// HBM3's file with one timing changed, written as NAME.json (default: the field's name).
// CTest runs the tests of this file in parallel: a test that writes a field another test
// also writes names its file, or one may read the other's file half written.
// HBM3's file with the timings of `fields` (an object) changed, written as NAME.json.
std::string standard_with_timings(const nlohmann::json& fields, const std::string& name) {
  nlohmann::json s = load_json(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  for (const auto& [field, value] : fields.items()) s["timing"][field] = value;
  const std::string path = artefact("rtl_limits", name + ".json");
  std::ofstream(path) << s.dump(2);
  return path;
}

std::string standard_with(const std::string& field, const nlohmann::json& value,
                          const std::string& name = "") {
  return standard_with_timings({{field, value}}, name.empty() ? field : name);
}

void expect_refused(const std::string& args, const std::string& want) {
  const Result r = hbmsim("run --requests 50 " + args);
  EXPECT_EQ(r.code, 2) << args << ": " << r.out;
  EXPECT_NE(r.out.find(want), std::string::npos) << args << ": " << r.out;
  EXPECT_EQ(r.out.find("violation"), std::string::npos) << r.out;
}

TEST(RtlLimitsCli, StandardsBeyondTheControllersTimersAndBusesAreRefused) {
  expect_refused("--standard " + standard_with("FAW", 5000),
                 "'timing.FAW' = 5000: the RTL controller's timers hold at most 4095 tCK");
  expect_refused("--standard " + standard_with("RRDL", 4100), "'timing.RRDL' = 4100");
  // tRP 4096 (with tRC and tRPab to match) is named as tRP, not as a derived timer.
  const std::string rp = standard_with_timings({{"RP", 4096}, {"RPab", 4096}, {"RC", 5000}}, "RP");
  expect_refused("--standard " + rp, "'timing.RP' = 4096");
  expect_refused("--standard " + standard_with("act_bus_cycles", 3),
                 "'timing.act_bus_cycles' = 3: the RTL controller holds the row bus 2 tCK");
  expect_refused("--standard " + standard_with("REFIpb", 0), "'timing.REFIpb' = 0");
  // A sum loaded into one timer (tRTPL 4070 + tRP 26), and a read-to-write turnaround the
  // device would flag as DATA_BUS, are refused too, not reported as controller violations.
  // (With all-bank refresh: per-bank refresh refuses that tRTPL + tRP past tREFIpb first.)
  expect_refused("--refresh allbank --standard " + standard_with("RTPL", 4070),
                 "'timing.RTPL' = 4070: RTPL + RP = 4096 exceeds the RTL controller's per-bank "
                 "ACT / REFpb countdown");
  expect_refused("--standard " + standard_with("RTW", 0), "'timing.RTW' = 0");
  // A bank's countdowns are narrower (hbm_pkg::BankRcdW: 127 tCK for tRCDRD / tRCDWR).
  expect_refused("--standard " + standard_with("RCDRD", 128),
                 "'timing.RCDRD' = 128: tRCDRD = 128 exceeds the RTL controller's per-bank "
                 "RD / WR-after-ACT countdown, which holds at most 127 tCK");
}

// A per-bank refresh the RTL cannot keep up with ran into a false finding: tRREFD 200 on
// HBM3 (tREFIpb 195) reported a deadlock, tRC 1000 a tREFI violation. Refused before the
// run, naming the field; with --refresh allbank, which needs none of it, the run passes.
TEST(RtlLimitsCli, PerBankRefreshThatCannotKeepUpIsRefusedNotRunIntoAFinding) {
  const std::string rrefd = standard_with("RREFD", 200, "perbank_RREFD");
  expect_refused("--standard " + rrefd, "'timing.RREFD' = 200: tRREFD must be at most "
                                        "tREFIpb / 2 = 195 / 2 for per-bank refresh");
  const std::string rc = standard_with("RC", 1000, "perbank_RC");
  expect_refused("--standard " + rc, "'timing.RC' = 1000: tRC must be at most tREFIpb = 195 "
                                     "for per-bank refresh");
  expect_refused("--standard " + standard_with("RRDL", 400, "perbank_RRDL"),
                 "'timing.RRDL' = 400");
  // A REFpb waits for its bank's write recovery and a read's auto-precharge too: tWR 600
  // (writes) and tRTPL 1000 (reads) ran into tREFI violations, both accepted. (tWR 600 is
  // now past the bank's PRE countdown, 255 tCK for WL + BL + tWR: tWR 200 here.)
  const std::string wr = standard_with("WR", 200, "perbank_WR");
  expect_refused("--standard " + wr, "'timing.WR' = 200: WL + BL + tWR + tRP = 238 must be at "
                                     "most tREFIpb = 195 for per-bank refresh");
  expect_refused("--standard " + standard_with("RTPL", 1000, "perbank_RTPL"),
                 "'timing.RTPL' = 1000: tRTPL + tRP = 1026 must be at most tREFIpb = 195");
  // (Open pages: with auto-precharges a tWR this long is refused, AutoPrecharge... below.)
  EXPECT_EQ(hbmsim("run --requests 50 --read-ratio 0 --refresh allbank --page-policy open "
                   "--quiet --standard " + wr).code, 0);
  const Result allbank = hbmsim("run --requests 50 --refresh allbank --standard " + rc);
  EXPECT_EQ(allbank.code, 0) << allbank.out;
  const Result bench = hbmsim("bench --pcs 1 --requests 5 --repeat 1 --only '^seq-read$' "
                              "--standard " + rrefd);
  EXPECT_EQ(bench.code, 2) << bench.out;
  EXPECT_NE(bench.out.find("'timing.RREFD' = 200"), std::string::npos) << bench.out;
}

// The RTL's channel pairs two PCs: with a standard of one PC per channel (the loader takes
// 1 or 2), every command of PC 1 was checked as ch0 pc1, outside the organisation, and the
// run failed with ADDRESS violations blamed on the controller. Refused before the run;
// check-log still re-checks a log in that organisation.
// Distances the RTL's pipelined pick and its loads without a compare rely on: tRAS 1 (at
// 1:2, 2) ran and failed hbm_scheduler's a_row_open; tRP 9 with tRC = tRAS + tRP under
// closed pages failed hbm_bank_state's a_idle_at_act (a RDA's ACT before the recovery of
// the write ahead of it). Both are refused with the field; open pages take the second.
TEST(RtlLimitsCli, DistancesThePickAndTheLoadsRelyOnAreRefusedNotRunIntoAnAssertion) {
  expect_refused("--standard " + standard_with("RAS", 1, "pick_RAS1"),
                 "'timing.RAS' = 1: must be at least 2 tCK (two controller clocks at 1:1)");
  expect_refused("--clock-ratio 2 --standard " + standard_with("RAS", 2, "pick_RAS2"),
                 "'timing.RAS' = 2: must be at least 3 tCK (two controller clocks at 1:2)");
  const std::string rp9 = standard_with_timings({{"RP", 9}, {"RC", 54}}, "rda_RP9");
  expect_refused("--page-policy closed --refresh allbank --standard " + rp9,
                 "'timing.WR' = 33: exceeds tWTRL + tRTPL + tRP (10 + 9 + 9 controller clocks");
  const Result open = hbmsim("run --requests 200 --read-ratio 0.3 --page-policy open "
                             "--refresh allbank --seed 2 --quiet --standard " + rp9);
  EXPECT_EQ(open.code, 0) << open.out;
}

// At 1:2 a long RL or WL filled a DQ path while the pick, a clock behind, let one command
// more in: RL 62 lost a read's tag (256 data mismatches, hbm_rdata_path's
// a_data_expected), RL 61 on a channel's PC 1, WL 32 a write's data. The paths keep an
// entry back for it now: both PCs of a channel run clean, every byte read back.
TEST(RtlLimitsCli, LongDqLatenciesRunCleanAtOneToTwo) {
  const std::string path =
      standard_with_timings({{"RL", 100}, {"RTW", 100}, {"WL", 40}}, "dq_latency_1to2");
  for (const char* mix : {"--read-ratio 1", "--read-ratio 0", "--read-ratio 0.5"}) {
    const Result r = hbmsim(std::string("run --clock-ratio 2 --pcs 2 --requests 400 --quiet ") +
                            mix + " --standard " + path);
    EXPECT_EQ(r.code, 0) << mix << ": " << r.out;
  }
}

TEST(RtlLimitsCli, OnePcPerChannelIsRefusedBeforeTheRun) {
  nlohmann::json s = load_json(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  s["organisation"]["pcs_per_channel"] = 1;
  const std::string path = artefact("rtl_limits", "pcs_per_channel.json");
  std::ofstream(path) << s.dump(2);
  for (const char* pcs : {"1", "2", "4"}) {
    SCOPED_TRACE(pcs);
    expect_refused(std::string("--pcs ") + pcs + " --standard " + path,
                   "'organisation.pcs_per_channel' = 1: the RTL channel has 2 pseudo-channels");
  }
  const std::string log = artefact("rtl_limits", "pcs_per_channel.csv");
  std::ofstream(log) << "cycle,ch,pc,sid,cmd,bg,bank,row,col\n5,0,0,0,REFpb,0,0,,\n"
                        "6,1,0,0,REFpb,0,0,,\n";
  const Result r = hbmsim("check-log --standard " + path + " " + log);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("0 violations in 2 commands"), std::string::npos) << r.out;
}

// The controllers' CSR window 127 is the broadcast one: with a standard of 64 channels
// (128 PCs, which the loader takes) a 128-PC run simulated its traffic and then failed,
// exit 1, reading PC 127's counters ("no such PC"). --pcs stops at 127, which runs.
TEST(RtlLimitsCli, PcsBeyondTheCsrMapAreRefusedBeforeTheRun) {
  nlohmann::json s = load_json(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  s["organisation"]["channels"] = 64;
  const std::string path = artefact("rtl_limits", "channels64.json");
  std::ofstream(path) << s.dump(2);
  const Result r = hbmsim("run --requests 1 --pcs 128 --standard " + path);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(lines_of(r.out).size(), 1u) << r.out;
  EXPECT_NE(r.out.find("--pcs: 128 is too large: expected a whole number from 1 to 127"),
            std::string::npos) << r.out;
  const Result ok = hbmsim("run --requests 1 --pcs 127 --quiet --standard " + path);
  EXPECT_EQ(ok.code, 0) << ok.out;
}

// Without --refresh-postpone the controller may owe what the standard allows: a standard
// of at most 4 was refused for a "--refresh-postpone 8" the user never gave.
TEST(RtlLimitsCli, TheDefaultPostponementIsTheStandards) {
  const std::string report = artefact("rtl_limits", "postpone_default.json");
  std::remove(report.c_str());
  const Result r = hbmsim("run --requests 50 --quiet --report " + report + " --standard " +
                          standard_with("refresh_postpone_max", 4, "default_postpone_max4"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(load_json(report)["controller"]["refresh_postpone"], 4);
  const Result preset = hbmsim("run --requests 50 --quiet --report " + report);
  ASSERT_EQ(preset.code, 0) << preset.out;
  EXPECT_EQ(load_json(report)["controller"]["refresh_postpone"], 8);
}

// The RTL issues a refresh when its interval ends; a standard whose refresh_postpone_max
// is 0 counts that as late, so every run failed at the first tREFI ("bank owes 1
// refreshes at cycle 6240", HBM3, per-bank or all-bank). Refused before the run, naming
// the field; check-log, the device model alone, still takes it.
TEST(RtlLimitsCli, AStandardThatLetsNoRefreshBePostponedIsRefused) {
  // Files of their own: every test names its files, since CTest runs them in parallel.
  const std::string none = standard_with("refresh_postpone_max", 0, "postpone_max_0");
  for (const char* refresh : {"perbank", "allbank"}) {
    SCOPED_TRACE(refresh);
    expect_refused(std::string("--refresh ") + refresh + " --standard " + none,
                   "field 'timing.refresh_postpone_max' = 0: the RTL controller issues a "
                   "refresh when its interval ends");
  }
  const std::string log = artefact("rtl_limits", "postpone0.csv");
  std::ofstream(log) << "cycle,ch,pc,sid,cmd,bg,bank,row,col\n5,0,0,,REFab,,,,\n";
  const Result r = hbmsim("check-log --standard " + none + " " + log);
  EXPECT_EQ(r.code, 0) << r.out;
}

// A standard that lets one refresh be postponed, under every refresh policy. Per-bank
// refresh with pull-in pulled a whole round in there: a bank refreshed last in one round
// and first in the next, both in one tREFI, had the second refresh not counted (a bank
// may be one ahead) and fell a refresh behind later (seeds 1, 3 and 4 of these runs:
// "bank owes 2 refreshes at cycle 68640"). The RTL now knows what the standard lets be
// done ahead and below 2 starts a round only when its first REFpb is due; the runs check
// every refresh against the standard.
TEST(RtlLimitsCli, OnePostponableRefreshRunsUnderEveryPolicy) {
  const std::string one = standard_with("refresh_postpone_max", 1, "postpone_max_1");
  for (const char* how : {"", "--refresh allbank", "--pull-in false"}) {
    for (int seed : {1, 3, 4}) {
      const Result r = hbmsim("run --requests 20000 --read-ratio 0.5 --workload random "
                              "--quiet --seed " + std::to_string(seed) + " " + how +
                              " --standard " + one);
      EXPECT_EQ(r.code, 0) << how << " seed " << seed << ": " << r.out;
    }
  }
}

TEST(RtlLimitsCli, SettingsTheControllerCannotHonourAreRefused) {
  const std::string max4 = standard_with("refresh_postpone_max", 4, "settings_postpone_max4");
  expect_refused("--refresh-postpone 8 --standard " + max4,
                 "--refresh-postpone 8: HBM3 allows at most 4 postponed refreshes");
  expect_refused("--wr-high 65", "--wr-high 65: the controller holds 64 posted writes");
  expect_refused("--wr-high 8 --wr-low 8", "--wr-low 8: must be below --wr-high 8");
  // At the limits it runs.
  const Result ok = hbmsim("run --requests 50 --quiet --wr-high 64 --wr-low 63 --standard " +
                           max4 + " --refresh-postpone 4");
  EXPECT_EQ(ok.code, 0) << ok.out;
}

}  // namespace test_rtl_limits_cli
