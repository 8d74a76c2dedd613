// `hbmsim run --workload probe`: unloaded read latency ordered hit < closed < miss with
// the differences the standard's tRCD and tRP predict (read from the standard's file,
// not written here), each case's samples all alike, the stride sweep present, the
// flags the probe does not take refused, and the probe's own flags refused without it.
#include <cmath>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

#ifndef HBMSIM_SOURCE_DIR
#error "HBMSIM_SOURCE_DIR must name the source tree"
#endif

namespace test_probe_cli {

using namespace cli_test;

// Latencies may carry a fixed pipeline offset; the differences must be the DRAM's.
constexpr double kToleranceTck = 1.0;

nlohmann::json probe(const std::string& standard) {
  const std::string path = artefact("probe", standard + ".json");
  std::remove(path.c_str());
  // 256 reads a stride: at 128 (256 tCK of reads) one per-bank refresh on the stream's bank
  // moved a sequential stride's efficiency by 8 points either way (0.74 to 0.82 on HBM3).
  const Result r = hbmsim("run --workload probe --standard " + standard +
                          " --probe-samples 100 --sweep-reads 256 --quiet --report " + path);
  EXPECT_EQ(r.code, 0) << r.out;
  return r.code == 0 ? load_json(path) : nlohmann::json{};
}

void expect_latencies_follow_the_standard(const std::string& standard) {
  const nlohmann::json j = probe(standard);
  ASSERT_TRUE(j.contains("probe")) << j.dump();
  const auto& p = j["probe"];
  const auto timing = load_json(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/" +
                                standard + ".json")["timing"];
  const double trcd = timing["RCDRD"].get<double>(), trp = timing["RP"].get<double>();
  const double tck = timing["tck_ns"].get<double>();
  for (const char* c : {"hit", "closed", "miss"}) {
    SCOPED_TRACE(c);
    // Reads go on until as many passed the command check as were asked for.
    EXPECT_EQ(p[c]["samples"].get<unsigned>(), 100u);
    // Unloaded: every sample of a case takes the same path through the controller.
    EXPECT_EQ(p[c]["tck_min"], p[c]["tck_max"]);
    EXPECT_NEAR(p[c]["ns_mean"].get<double>(), p[c]["tck_mean"].get<double>() * tck, 1e-9);
  }
  const double hit = p["hit"]["tck_mean"], closed = p["closed"]["tck_mean"],
               miss = p["miss"]["tck_mean"];
  EXPECT_LT(hit, closed);
  EXPECT_LT(closed, miss);
  EXPECT_NEAR(closed - hit, trcd, kToleranceTck) << "closed - hit should be tRCD";
  EXPECT_NEAR(miss - closed, trp, kToleranceTck) << "miss - closed should be tRP";
  EXPECT_EQ(p["trcd_tck"].get<double>(), trcd);
  EXPECT_EQ(p["trp_tck"].get<double>(), trp);

  // 32 B to 1 MiB in powers of two; sequential reads run near peak, and a stride that
  // keeps hitting one bank's rows runs far below it.
  const auto& sweep = p["stride_sweep"];
  ASSERT_EQ(sweep.size(), 16u);
  EXPECT_EQ(sweep[0]["stride"], 32);
  EXPECT_EQ(sweep[15]["stride"], 1 << 20);
  EXPECT_GT(sweep[0]["efficiency"].get<double>(), 0.8);
  EXPECT_LT(sweep[15]["efficiency"].get<double>(), 0.2);
  for (const auto& s : sweep) EXPECT_EQ(s["reads"], 256);
  EXPECT_EQ(j["status"], "pass");
  EXPECT_EQ(j["checks"]["timing_violations"], 0);
}

TEST(ProbeCli, Hbm3LatenciesDifferByTrcdAndTrp) { expect_latencies_follow_the_standard("hbm3"); }
TEST(ProbeCli, Hbm2LatenciesDifferByTrcdAndTrp) { expect_latencies_follow_the_standard("hbm2"); }

// With all-bank refresh and pull-in, the refresh manager closes every bank with PREA
// whenever the controller idles between the probe's reads. That PREA is not a miss's own
// PRE: counted as one, misses whose bank the PREA had already closed passed the check
// and the report gave miss - closed 13 tCK against HBM3's tRP of 26. Whatever is
// measured must be the DRAM's difference, or nothing (null, "n/a").
TEST(ProbeCli, AllBankRefreshPreaIsNotAMissPrecharge) {
  const std::string path = artefact("probe", "allbank.json");
  std::remove(path.c_str());
  const Result r = hbmsim("run --workload probe --standard hbm3 --refresh allbank "
                          "--probe-samples 20 --sweep-reads 4 --sweep-max-stride 64 --quiet "
                          "--report " + path);
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json p = load_json(path)["probe"];
  const auto timing = load_json(std::string(HBMSIM_SOURCE_DIR) +
                                "/configs/standards/hbm3.json")["timing"];
  EXPECT_EQ(p["closed"]["samples"], 20) << p.dump();
  for (const char* c : {"hit", "closed", "miss"}) {
    SCOPED_TRACE(c);
    EXPECT_EQ(p[c]["tck_min"], p[c]["tck_max"]) << p.dump();
  }
  if (!p["miss_minus_closed_tck"].is_null()) {
    EXPECT_NEAR(p["miss_minus_closed_tck"].get<double>(), timing["RP"].get<double>(),
                kToleranceTck) << p.dump();
  }
  if (!p["closed_minus_hit_tck"].is_null()) {
    EXPECT_NEAR(p["closed_minus_hit_tck"].get<double>(), timing["RCDRD"].get<double>(),
                kToleranceTck) << p.dump();
  }
  // Without pull-in, nothing closes the rows between reads: every case is measured.
  const Result np = hbmsim("run --workload probe --standard hbm3 --refresh allbank "
                           "--pull-in false --probe-samples 20 --sweep-reads 4 "
                           "--sweep-max-stride 64 --quiet --report " + path);
  ASSERT_EQ(np.code, 0) << np.out;
  const nlohmann::json q = load_json(path)["probe"];
  ASSERT_FALSE(q["miss_minus_closed_tck"].is_null()) << q.dump();
  EXPECT_NEAR(q["miss_minus_closed_tck"].get<double>(), timing["RP"].get<double>(),
              kToleranceTck);
}

// A case that counts fewer samples than asked after every read it may try said nothing:
// on HBM3 with 64 banks per PC (tREFIpb 97, which the loader takes) a refresh is near
// every miss, all 500 tried were left out, and the summary read 'miss 0 n/a ... n/a',
// exit 0, as a run stopped early does. It says how many were counted and why not more;
// the report gives samples_asked and reads_tried.
TEST(ProbeCli, ACaseShortOfSamplesAfterEveryTrySaysWhy) {
  nlohmann::json s = load_json(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  s["organisation"]["sids"] = 1;
  s["organisation"]["bankgroups"] = 8;
  s["organisation"]["banks_per_group"] = 8;
  s["default_mapping"] = "RoBaCo4BgCo1";
  s["timing"]["REFIpb"] = 97;   // tREFI / 64 banks
  const std::string standard = write_artefact("probe", "banks64.json", s.dump(2));
  const std::string path = artefact("probe", "banks64_report.json");
  std::remove(path.c_str());
  const Result r = hbmsim("run --workload probe --standard " + standard + " --probe-samples 10 "
                          "--sweep-reads 4 --sweep-max-stride 64 --html " +
                          artefact("probe", "banks64.html") + " --report " + path);
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json miss = load_json(path)["probe"]["miss"];
  ASSERT_LT(miss["samples"].get<uint64_t>(), 10u) << miss.dump();
  EXPECT_EQ(miss["samples_asked"], 10) << miss.dump();
  EXPECT_EQ(miss["reads_tried"], 500) << miss.dump();
  const std::string said =
      "  short         miss: " + std::to_string(miss["samples"].get<uint64_t>()) +
      " of 10 samples counted in 500 reads, the most tried (50 per sample): " +
      std::to_string(miss["left_out_refresh"].get<uint64_t>()) +
      " left out for a refresh nearby, " +
      std::to_string(miss["left_out_other_commands"].get<uint64_t>()) +
      " for other commands on the bank\n";
  EXPECT_NE(r.out.find(said), std::string::npos) << r.out;
  EXPECT_NE(slurp(artefact("probe", "banks64.html")).find(said.substr(16, 40)), std::string::npos);
  // The cases that counted every sample asked say nothing.
  EXPECT_EQ(r.out.find("short         hit"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("short         closed"), std::string::npos) << r.out;
}

TEST(ProbeCli, TheSummaryPrintsTheTable) {
  const Result r = hbmsim("run --workload probe --standard hbm2 --probe-samples 20 "
                          "--sweep-reads 32 --sweep-max-stride 1024");
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* s : {"latency probe", "hit ", "closed ", "miss ", "tRCD 14", "tRP 14",
                        "1 KiB", "PASS"}) {
    EXPECT_NE(r.out.find(s), std::string::npos) << s << " in\n" << r.out;
  }
}

// Each refused for its own reason, named (exit 2 alone passed whatever refused it). A
// --sweep-max-stride the probe cannot sweep: SweepStridesFromThePcsSizeOnAreRefused.
TEST(ProbeCli, FlagsTheProbeDoesNotTakeAreRefused) {
  const ArgsSays cases[] = {
      {"--workload probe --requests 10",
       "--requests: the probe issues its own reads (--probe-samples, --sweep-reads)"},
      {"--workload probe --pcs 2",
       "--workload probe measures one pseudo-channel's own port: --pcs 1, no --xbar"},
      {"--workload probe --xbar --pcs 2",
       "--workload probe measures one pseudo-channel's own port: --pcs 1, no --xbar"},
      {"--probe-samples 5", "--probe-samples is for --workload probe"},
      {"--workload seq --sweep-reads 5", "--sweep-reads is for --workload probe"},
  };
  for (const auto& c : cases) {
    const Result r = hbmsim("run " + c.args);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(r.out.rfind("hbmsim: " + c.says, 0), 0u) << c.args << ": " << r.out;
  }
}

// The sweep's reads wrap at the PC's size (512 MiB on HBM3): a stride of the size or more
// put every read on address 0 and printed that as the stride's bandwidth. Refused now,
// naming the flag (the message named a --sweep-strides that does not exist).
TEST(ProbeCli, SweepStridesFromThePcsSizeOnAreRefused) {
  const std::string args = "run --workload probe --probe-samples 5 --sweep-reads 5 ";
  for (const char* stride : {"536870912", "1073741824", "100"}) {
    const Result r = hbmsim(args + "--sweep-max-stride " + stride);
    EXPECT_EQ(r.code, 2) << stride << ": " << r.out;
    EXPECT_EQ(r.out.rfind(std::string("hbmsim: --sweep-max-stride ") + stride + ": expected a "
                          "power of two from 32 and below the PC's 536870912 bytes", 0), 0u)
        << r.out;
  }
  EXPECT_EQ(hbmsim(args + "--sweep-max-stride 268435456 --quiet").code, 0);
}

}  // namespace test_probe_cli
