// Report figures recomputed from first principles (scripts/check/report_figures.py does
// it over many configurations; these are the cases it found wrong): a figure must agree
// with the bytes, tCKs and commands it is made of.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_report_figures_cli {

using namespace cli_test;

std::string artefact(const std::string& name) { return cli_test::artefact("figures", name); }

uint64_t u(const nlohmann::json& j, const char* key) { return j.at(key).get<uint64_t>(); }

// Runs `hbmsim run ARGS --quiet --report <name>.json` (and `extra`) and returns the report.
nlohmann::json run_report(const std::string& name, const std::string& args,
                          const std::string& extra = "") {
  return cli_test::run_report("figures", name, args + " --quiet " + extra);
}

// The bars of the HTML report's "Bandwidth per PC" chart: <title>PC: GB/s</title>.
double sum_of_pc_bars(const std::string& html) {
  const std::regex bar("<title>([0-9]+): ([0-9.]+)</title>");
  double sum = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), bar), end; it != end; ++it) {
    sum += std::stod((*it)[2].str());
  }
  return sum;
}

// --tile-load axi writes X over the PCs' ports in a load phase before the tile runs, which
// `cycles` leaves out. The traffic figures must leave its bytes out too: the report said
// 136192 B, 45.54 GB/s for a GEMV whose tile phase moved 134144 B (44.85 GB/s), the 2048
// bytes of X divided by tCKs they were not moved in; the HTML's per-PC bars likewise.
TEST(ReportFiguresCli, TileLoadOverAxiIsNotCountedInTheTrafficPhase) {
  const std::string html = artefact("gemv_axi.html");
  const auto j = run_report("gemv_axi", "--workload gemv --m 128 --k 1024 --batch 2 --pcs 2 "
                                        "--tile-load axi", "--html " + html);
  ASSERT_TRUE(j.contains("tile")) << j.dump();
  const auto& t = j["tile"];
  const uint64_t tile_bytes = u(t, "bytes_read") + u(t, "bytes_written");
  EXPECT_EQ(u(j, "bytes"), tile_bytes);
  EXPECT_EQ(u(j, "reads") * 32, u(t, "bytes_read"));
  EXPECT_EQ(u(j, "writes") * 32, u(t, "bytes_written"));
  const double tck = j["tck_ns"].get<double>();
  const double gbps = double(tile_bytes) / (double(u(j, "cycles")) * tck);
  EXPECT_NEAR(j["bandwidth_gbps"].get<double>(), gbps, 1e-9);
  EXPECT_NEAR(j["efficiency"].get<double>(), gbps / j["peak_gbps"].get<double>(), 1e-12);
  // X: 2 rows of 1024 bytes, written by the load; in the DRAM's counts, not the traffic's.
  EXPECT_EQ(j["workload"]["load_bytes"], 2048);
  const auto& c = j["commands"];
  EXPECT_EQ(32 * (u(c, "WR") + u(c, "WRA")), u(t, "bytes_written") + 2048);
  // The bars are two decimals each.
  EXPECT_NEAR(sum_of_pc_bars(slurp(html)), gbps, 0.011);
  // A run without the load reports the same traffic (only X's way into memory differs).
  const auto b = run_report("gemv_backdoor", "--workload gemv --m 128 --k 1024 --batch 2 "
                                             "--pcs 2");
  EXPECT_EQ(u(b, "bytes"), tile_bytes);
  EXPECT_EQ(b["workload"]["load_bytes"], 0);
  // Stopped in the load phase (--max-cycles 100), no traffic phase began: the bars showed
  // the load's writes as traffic (23.6 GB/s in all) beside a bandwidth of 0.
  const std::string stopped = artefact("gemv_axi_stopped.html");
  std::remove(stopped.c_str());
  const Result r = hbmsim("run --workload gemv --m 128 --k 1024 --batch 2 --pcs 2 --tile-load "
                          "axi --max-cycles 100 --quiet --html " + stopped);
  ASSERT_EQ(r.code, 1) << r.out;
  const std::string page = slurp(stopped);
  EXPECT_NE(page.find("<title>0: 0</title>"), std::string::npos) << "no bar for PC 0";
  EXPECT_EQ(sum_of_pc_bars(page), 0.0);
}

// A trace's bursts are its records cut at 4 KiB and PC boundaries, of the records' own
// length for DRAMSys' (len): workload.burst_bytes said --beats x 32 (64) for a trace of
// 32-byte records, so that bytes (1280) were not (reads + writes) x burst_bytes (2560).
TEST(ReportFiguresCli, TraceBurstBytesAreTheBurstsTheTraceBecame) {
  std::string stl, mixed;
  for (int i = 0; i < 8; ++i) {
    stl += std::to_string(4 * i) + ": (32) " + (i % 2 ? "read" : "write") + " 0x" +
           std::to_string(1000 + i) + "00\n";
    mixed += std::to_string(4 * i) + ": (" + (i % 2 ? "32" : "128") + ") read 0x" +
             std::to_string(2000 + i) + "00\n";
  }
  const std::string p32 = write_artefact("figures", "len32.stl", stl);
  const std::string pmixed = write_artefact("figures", "mixed.stl", mixed);
  const auto j = run_report("trace32", "--trace " + p32);
  EXPECT_EQ(j["workload"]["burst_bytes"], 32) << j["workload"].dump();
  EXPECT_EQ(u(j, "bytes"), (u(j, "reads") + u(j, "writes")) * 32);
  // Bursts of two sizes: no one burst size (as requests_per_pc when not whole).
  const auto m = run_report("trace_mixed", "--trace " + pmixed);
  EXPECT_TRUE(m["workload"]["burst_bytes"].is_null()) << m["workload"].dump();
  EXPECT_EQ(u(m, "bytes"), 4u * 32 + 4u * 128);
  // A bare address moves --beats x 32 bytes, unless the PC granule cuts it: 4 KiB records
  // spread over 2 PCs at 512-byte granules become 512-byte bursts.
  const std::string bare = write_artefact("figures", "bare.trace",
                                          "0x0 READ 0\n0x1000 WRITE 4\n0x2000 READ 8\n");
  const auto a = run_report("trace_bare", "--trace " + bare + " --beats 4");
  EXPECT_EQ(a["workload"]["burst_bytes"], 128);
  const auto s = run_report("trace_split", "--trace " + bare + " --beats 128 --pcs 2");
  EXPECT_EQ(s["workload"]["burst_bytes"], 512) << s["workload"].dump();
  EXPECT_EQ(u(s, "bytes"), 3u * 4096);
  EXPECT_EQ(u(s, "bytes"), (u(s, "reads") + u(s, "writes")) * 512);
}

// The projection's energy per token, printed with three decimals: "0.000 J per token" for
// a tiny model that spends 3.8 uJ (its JSON said 3.805e-06) read as no energy at all, and
// "0.049 uJ" for a prefill of 18 tokens through a 32-wide model, 49.5 nJ each (two
// digits). The summary and the HTML now give it in a unit that keeps three significant
// decimals.
TEST(ReportFiguresCli, ProjectedEnergyPerTokenIsNotPrintedAsZero) {
  const std::string narrow = write_narrow_model("figures", "narrow.json");
  for (const std::string& run : {std::string("decode --model tiny --context 64"),
                                 "prefill --model " + narrow + " --context 9 --batch 2"}) {
    SCOPED_TRACE(run);
    const std::string path = artefact("energy.json"), html = artefact("energy.html");
    const Result r = hbmsim("run --pcs 2 --workload " + run + " --report " + path + " --html " +
                            html);
    ASSERT_EQ(r.code, 0) << r.out;
    const double joules = load_json(path)["model"]["joules_per_token_projected"].get<double>();
    ASSERT_GT(joules, 0.0);
    for (const std::string& text : {r.out, slurp(html)}) {
      std::smatch m;
      ASSERT_TRUE(std::regex_search(text, m, std::regex(" ([0-9.]+) (J|mJ|uJ|nJ) per token")))
          << text;
      const double scale = m[2] == "J" ? 1 : m[2] == "mJ" ? 1e-3 : m[2] == "uJ" ? 1e-6 : 1e-9;
      const double shown = std::stod(m[1].str()) * scale;
      EXPECT_NEAR(shown, joules, joules * 1e-3) << m[0];
      EXPECT_GE(std::stod(m[1].str()), 0.1) << m[0] << ": fewer than three significant digits";
    }
  }
}

// A timed trace stopped by --max-cycles before a record's cycle never issued it: the
// report said "3 records replayed as 3 bursts" (requests 3) for a run stopped at tCK 1500
// whose records at trace cycles 0 and 1000 were the only ones issued (2 reads served;
// the master had taken the one at 2000 and held it for its cycle).
TEST(ReportFiguresCli, StoppedTraceCountsOnlyTheRecordsIssued) {
  const std::string trace = write_artefact("figures", "far.trace",
                                           "0x0 READ 0\n0x1000 READ 1000\n0x2000 READ 2000\n"
                                           "0x3000 READ 3000\n");
  const std::string path = artefact("far.json");
  std::remove(path.c_str());
  const Result r = hbmsim("run --trace " + trace + " --max-cycles 1500 --report " + path);
  ASSERT_EQ(r.code, 1) << r.out;   // stopped at the limit
  const auto j = load_json(path);
  EXPECT_EQ(u(j, "reads"), 2u);
  EXPECT_EQ(u(j["trace"], "records_replayed"), 2u) << j["trace"].dump();
  EXPECT_EQ(u(j["trace"], "bursts"), 2u);
  EXPECT_EQ(u(j["workload"], "requests"), 2u);
  EXPECT_NE(r.out.find("2 records replayed as 2 bursts"), std::string::npos) << r.out;
  // The whole trace: every record issued.
  const auto all = run_report("far_all", "--trace " + trace);
  EXPECT_EQ(u(all["trace"], "records_replayed"), 4u);
  EXPECT_EQ(u(all["trace"], "bursts"), 4u);
  EXPECT_EQ(u(all, "reads"), 4u);
}

// A probe stopped by --max-cycles after its closed-page case: the hit and miss cases had
// no sample and the sweep had not started, yet the report gave them 0 ns and 0 GB/s as
// measurements, "closed - hit" 57.0 tCK and "miss - closed" -57.0 tCK, and every stride
// as 0 B. Now what did not run is null ("n/a"), and each stride keeps its size.
TEST(ReportFiguresCli, ProbeStoppedEarlyReportsNothingItDidNotMeasure) {
  const std::string path = artefact("probe_stopped.json"), html = artefact("probe_stopped.html");
  std::remove(path.c_str());
  const Result r = hbmsim("run --workload probe --probe-samples 20 --sweep-reads 64 "
                          "--sweep-max-stride 4096 --max-cycles 4500 --report " + path +
                          " --html " + html);
  ASSERT_EQ(r.code, 1) << r.out;   // stopped at the limit
  const auto j = load_json(path);
  const auto& p = j["probe"];
  EXPECT_EQ(u(p["closed"], "samples"), 20u) << p.dump();
  // Measured: 57 tCK with the single-cycle pick, 58 with Pipe=1 (the pick registered).
  EXPECT_GE(u(p["closed"], "tck_min"), 57u);
  EXPECT_LE(u(p["closed"], "tck_min"), 58u);
  for (const char* c : {"hit", "miss"}) {
    EXPECT_EQ(u(p[c], "samples"), 0u) << c;
    for (const char* k : {"tck_min", "tck_mean", "tck_max", "ns_min", "ns_mean", "ns_max"}) {
      EXPECT_TRUE(p[c][k].is_null()) << c << "." << k << " = " << p[c][k];
    }
  }
  EXPECT_TRUE(p["closed_minus_hit_tck"].is_null()) << p["closed_minus_hit_tck"];
  EXPECT_TRUE(p["miss_minus_closed_tck"].is_null()) << p["miss_minus_closed_tck"];
  ASSERT_EQ(p["stride_sweep"].size(), 8u);
  uint64_t stride = 32;
  for (const auto& s : p["stride_sweep"]) {
    EXPECT_EQ(u(s, "stride"), stride);
    stride *= 2;
    for (const char* k : {"reads", "cycles", "bandwidth_gbps", "efficiency", "row_hit_rate",
                          "acts"}) {
      EXPECT_TRUE(s[k].is_null()) << s.dump();
    }
  }
  EXPECT_EQ(r.out.find("-57.0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("closed - hit  n/a tCK"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(" 0 B "), std::string::npos) << r.out;
  EXPECT_NE(slurp(html).find("closed - hit = n/a tCK"), std::string::npos);
}

// Writes are answered when the controller has posted them. A run stopped by --max-cycles
// 87 tCK into its traffic had 32 writes answered and none in the DRAM: the report counted
// their bytes, 40.02 GB/s of a 25.6 GB/s peak, 156.3 % efficiency. A stopped run's bytes
// are the DRAM's (the command log's bursts x 32).
TEST(ReportFiguresCli, StoppedRunCountsNoWriteTheDramDidNotTake) {
  const auto j = [] {
    const std::string path = artefact("posted.json");
    std::remove(path.c_str());
    const Result r = hbmsim("run --standard hbm2e --workload random --requests 1200 "
                            "--read-ratio 0.3 --seed 547482920 --max-cycles 115 --quiet "
                            "--report " + path);
    EXPECT_EQ(r.code, 1) << r.out;   // stopped at the limit
    return load_json(path);
  }();
  ASSERT_TRUE(j.contains("bytes")) << j.dump();
  EXPECT_GT(u(j, "writes"), 0u);   // answered: posted in the controller
  const auto& c = j["commands"];
  const uint64_t dram = 32 * (u(c, "RD") + u(c, "RDA") + u(c, "WR") + u(c, "WRA"));
  EXPECT_EQ(u(j, "bytes"), dram);
  EXPECT_LE(j["efficiency"].get<double>(), 1.0);
  EXPECT_NEAR(j["bandwidth_gbps"].get<double>(),
              double(dram) / (double(u(j, "cycles")) * j["tck_ns"].get<double>()), 1e-9);
}

// A run of a few tCK printed 'simulated 12 tCK (0.0 us)' in the summary and the HTML
// report: a time that is not zero shown as none. More decimals when one would not show it,
// as the bandwidth has.
TEST(ReportFiguresCli, AShortRunsTimeIsNotPrintedAsZero) {
  const std::string html = artefact("short_run.html");
  std::filesystem::remove(html);
  const Result r = hbmsim("run --standard hbm3 --pcs 1 --workload seq --requests 1 "
                          "--max-cycles 40 --html " + html);
  ASSERT_EQ(r.code, 1) << r.out;   // stopped at the cycle limit: a FAIL with its report
  ASSERT_NE(r.out.find("stopped at the cycle limit"), std::string::npos) << r.out;
  const std::regex simulated("([0-9]+) tCK \\(([0-9.]+) us\\)");
  for (const std::string& text : {r.out, slurp(html)}) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(text, m, simulated)) << text;
    ASSERT_GT(std::stoull(m[1].str()), 0u) << m[0];
    EXPECT_GT(std::stod(m[2].str()), 0.0) << m[0] << " shows a non-zero time as zero";
  }
  // A longer run keeps its one decimal.
  const Result longer = hbmsim("run --standard hbm3 --pcs 1 --workload seq --requests 2000");
  ASSERT_EQ(longer.code, 0) << longer.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(longer.out, m, simulated)) << longer.out;
  EXPECT_TRUE(std::regex_match(m[2].str(), std::regex("[0-9]+\\.[0-9]"))) << m[0];
}

}  // namespace test_report_figures_cli
