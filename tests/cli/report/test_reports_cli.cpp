// The run's time series (--timeseries), HTML report (--html) and progress line: the CSV
// windows add up exactly to the JSON report's totals (a synthetic run, a transformer
// decode whose kernel column follows the kernels, the probe); the HTML page is
// well-formed XML with no script and no network reference, one SVG per plot, every plot
// with data; the progress line only on a terminal.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"
#include "xml_check.h"

namespace test_reports_cli {

using namespace cli_test;

struct Row {
  uint64_t start = 0, end = 0, pc = 0;
  std::map<std::string, uint64_t> n;
  double queue_mean = 0;
  std::string kernel;
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> f;
  std::stringstream ss(line);
  for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
  if (!line.empty() && line.back() == ',') f.emplace_back();
  return f;
}

std::vector<Row> read_csv(const std::string& path) {
  const auto lines = lines_of(slurp(path));
  EXPECT_FALSE(lines.empty());
  if (lines.empty()) return {};
  EXPECT_EQ(lines[0],
            "start,end,pc,bytes_read,bytes_written,row_hits,acts,refreshes,queue_mean,kernel");
  std::vector<Row> rows;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto f = split(lines[i]);
    EXPECT_EQ(f.size(), 10u) << lines[i];
    if (f.size() != 10) continue;
    Row r;
    r.start = std::stoull(f[0]);
    r.end = std::stoull(f[1]);
    r.pc = std::stoull(f[2]);
    const char* keys[] = {"bytes_read", "bytes_written", "row_hits", "acts", "refreshes"};
    for (int k = 0; k < 5; ++k) r.n[keys[k]] = std::stoull(f[3 + k]);
    r.queue_mean = std::stod(f[8]);
    r.kernel = f[9];
    rows.push_back(r);
  }
  return rows;
}

struct Outputs {
  nlohmann::json report;
  std::vector<Row> rows;
  std::string html;
  std::string out;
};

Outputs run(const std::string& name, const std::string& args, uint64_t window) {
  const std::string json = artefact("reports", name + ".json");
  const std::string csv = artefact("reports", name + ".csv");
  const std::string html = artefact("reports", name + ".html");
  for (const auto& p : {json, csv, html}) std::remove(p.c_str());
  const Result r = hbmsim("run " + args + " --report " + json + " --timeseries " + csv +
                          " --window " + std::to_string(window) + " --html " + html);
  EXPECT_EQ(r.code, 0) << args << ": " << r.out;
  if (r.code != 0) return {};
  return {load_json(json), read_csv(csv), slurp(html), r.out};
}

// Windows tile the run from tCK 0, one row per PC each; their counts add up to the
// report's command counts, bursts and row hits exactly, their queue occupancy to the
// controllers' counters.
void expect_windows_add_up(const Outputs& o, uint64_t window) {
  const auto& j = o.report;
  const unsigned pcs = j["pcs"];
  ASSERT_FALSE(o.rows.empty());
  ASSERT_EQ(o.rows.size() % pcs, 0u);
  std::map<std::string, uint64_t> sum;
  for (size_t i = 0; i < o.rows.size(); ++i) {
    const Row& r = o.rows[i];
    const size_t w = i / pcs;
    EXPECT_EQ(r.pc, i % pcs);
    EXPECT_EQ(r.start, w * window);
    if (i + pcs < o.rows.size()) EXPECT_EQ(r.end, r.start + window);
    EXPECT_GT(r.end, r.start);
    EXPECT_GE(r.queue_mean, 0.0);
    for (const auto& [k, v] : r.n) sum[k] += v;
  }
  const auto& c = j["commands"];
  auto cmd = [&c](const char* k) { return c[k].get<uint64_t>(); };
  EXPECT_EQ(sum["bytes_read"], 32 * (cmd("RD") + cmd("RDA")));
  EXPECT_EQ(sum["bytes_written"], 32 * (cmd("WR") + cmd("WRA")));
  EXPECT_EQ(sum["bytes_read"], 32 * j["dram"]["read_bursts"].get<uint64_t>());
  EXPECT_EQ(sum["bytes_written"], 32 * j["dram"]["write_bursts"].get<uint64_t>());
  EXPECT_EQ(sum["acts"], cmd("ACT"));
  EXPECT_EQ(sum["refreshes"], cmd("REFab") + cmd("REFpb"));
  EXPECT_EQ(sum["row_hits"], j["dram"]["row_hits"].get<uint64_t>());
  // Queue occupancy, summed per tCK, is what each controller's own counter sums (it counts
  // only the traffic phase; the queues are empty outside it). queue_mean has 3 decimals.
  for (unsigned pc = 0; pc < pcs; ++pc) {
    double q = 0, rounding = 1;
    for (const Row& r : o.rows) {
      if (r.pc != pc) continue;
      q += r.queue_mean * double(r.end - r.start);
      rounding += 0.0005 * double(r.end - r.start);
    }
    const auto& counters = j["controller_counters_per_pc"][pc];
    EXPECT_NEAR(q, counters["queue_occupancy_sum"].get<double>(), rounding) << "pc " << pc;
  }
}

// Well-formed, self-contained, and every plot drawn from data: a line with points, a dot
// (a line of one point) or bars with height.
void expect_html_plots(const std::string& html, size_t plots) {
  XmlNode root;
  std::string error;
  ASSERT_TRUE(parse_xml(html, root, error)) << error;
  EXPECT_EQ(root.name, "html");
  EXPECT_TRUE(root.all("script").empty());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos) << "a network reference";
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  const auto svgs = root.all("svg");
  ASSERT_EQ(svgs.size(), plots);
  for (const XmlNode* svg : svgs) {
    size_t data = 0;
    for (const XmlNode* p : svg->all("path")) {
      if (p->attrs.count("class") && p->attrs.at("class") == "series" &&
          p->attrs.at("d").find(" L") != std::string::npos) {
        ++data;
      }
    }
    for (const XmlNode* c : svg->all("circle")) {
      data += c->attrs.count("class") && c->attrs.at("class") == "series";
    }
    for (const XmlNode* r : svg->all("rect")) {
      if (r->attrs.count("class") && r->attrs.at("class") == "bar" &&
          std::stod(r->attrs.at("height")) > 0) {
        ++data;
      }
    }
    EXPECT_GT(data, 0u) << "an empty plot: " << svg->all("text").at(0)->text;
  }
}

// Every kernel marker of the bandwidth-over-time plot within its frame (the rect without
// a class, drawn before the data).
void expect_markers_inside_the_plot(const std::string& html) {
  XmlNode root;
  std::string error;
  ASSERT_TRUE(parse_xml(html, root, error)) << error;
  size_t markers = 0;
  for (const XmlNode* svg : root.all("svg")) {
    const auto rects = svg->all("rect");
    ASSERT_FALSE(rects.empty());
    const double x0 = std::stod(rects[0]->attrs.at("x"));
    const double x1 = x0 + std::stod(rects[0]->attrs.at("width"));
    for (const XmlNode* line : svg->all("line")) {
      if (!line->attrs.count("class") || line->attrs.at("class") != "marker") continue;
      ++markers;
      const double x = std::stod(line->attrs.at("x1"));
      EXPECT_GE(x, x0) << "a kernel marker left of the plot";
      EXPECT_LE(x, x1) << "a kernel marker right of the plot";
    }
  }
  EXPECT_GT(markers, 0u);
}

TEST(TimeSeriesCli, WindowsAddUpToTheReportOnASyntheticRun) {
  const Outputs o = run("random", "--workload random --pcs 2 --requests 1500 --read-ratio 0.7 "
                        "--quiet", 400);
  expect_windows_add_up(o, 400);
  EXPECT_EQ(o.report["bytes"].get<uint64_t>(),
            32 * (o.report["dram"]["read_bursts"].get<uint64_t>() +
                  o.report["dram"]["write_bursts"].get<uint64_t>()));
  for (const Row& r : o.rows) EXPECT_EQ(r.kernel, "");
  // Bandwidth over time, read latency, bandwidth per PC.
  expect_html_plots(o.html, 3);
}

TEST(TimeSeriesCli, TheKernelColumnFollowsATinyDecode) {
  const Outputs o = run("decode", "--workload decode --model tiny --context 8 --pcs 2 --quiet",
                        200);
  expect_windows_add_up(o, 200);
  // The tile's bytes are the DRAM's (no AXI load phase).
  uint64_t bytes = 0;
  for (const Row& r : o.rows) bytes += r.n.at("bytes_read") + r.n.at("bytes_written");
  EXPECT_EQ(bytes, o.report["bytes"].get<uint64_t>());
  // Every kernel appears, in the report's order, and changes along the run.
  std::vector<std::string> seen;
  for (const Row& r : o.rows) {
    if (r.pc != 0 || r.kernel.empty() || r.kernel.find('+') != std::string::npos) continue;
    if (seen.empty() || seen.back() != r.kernel) seen.push_back(r.kernel);
  }
  std::vector<std::string> kernels;
  for (const auto& k : o.report["kernels"]) kernels.push_back(k["name"]);
  EXPECT_EQ(seen, kernels);
  // Bandwidth over time, bandwidth per PC, per kernel (the tile's reads are not timed).
  expect_html_plots(o.html, 3);
  EXPECT_NE(o.html.find("class=\"marker\""), std::string::npos);
  for (const auto& k : kernels) EXPECT_NE(o.html.find(">" + k + "<"), std::string::npos) << k;
  // qkv starts in the first window, before its middle, where the line used to begin.
  expect_markers_inside_the_plot(o.html);
}

// A run shorter than one window: its bandwidth over time was a lone point (no line) on
// an axis 1 us long; a line now spans the run.
TEST(TimeSeriesCli, ARunShorterThanAWindowStillPlotsALine) {
  const Outputs o = run("one_window", "--requests 20 --pcs 2 --quiet", 100000);
  expect_windows_add_up(o, 100000);
  EXPECT_EQ(o.rows.size(), 2u);
  expect_html_plots(o.html, 3);
}

// A run stopped inside a kernel (--max-cycles): the windows of the kernel that never ended
// were written with an empty kernel, which reads as "outside kernels"; they say
// "unfinished" now, and every window since the kernels began names one.
TEST(TimeSeriesCli, AKernelTheRunStoppedInIsUnfinished) {
  const std::string csv = artefact("reports", "stopped.csv");
  std::remove(csv.c_str());
  const Result r = hbmsim("run --workload decode --model tiny --context 4 --max-cycles 6000 "
                          "--window 500 --quiet --timeseries " + csv);
  EXPECT_EQ(r.code, 1) << r.out;   // stopped before the end: FAIL
  const std::vector<Row> rows = read_csv(csv);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.back().kernel, "unfinished");
  bool begun = false;
  for (const Row& row : rows) {
    begun = begun || !row.kernel.empty();
    if (begun) EXPECT_FALSE(row.kernel.empty()) << row.start;
  }
}

// A run stopped after its last kernel's interrupt, while the controllers drain its
// writes: every kernel finished, yet the windows since were labelled "unfinished" (the
// report, rightly, named no kernel in progress). They are outside kernels, as in a run
// that ends.
TEST(TimeSeriesCli, ARunStoppedWhileTheLastWritesDrainHasNoUnfinishedKernel) {
  const std::string args = "run --workload decode --model tiny --context 1 --pcs 2 --quiet "
                           "--window 1 --timeseries ";
  const std::string full = artefact("reports", "drain_full.csv");
  ASSERT_EQ(hbmsim(args + full).code, 0);
  uint64_t last_kernel_end = 0;   // where the last kernel's interrupt was read
  for (const Row& r : read_csv(full)) {
    if (!r.kernel.empty()) last_kernel_end = r.end;
  }
  ASSERT_GT(last_kernel_end, 0u);
  const std::string csv = artefact("reports", "drain_stopped.csv");
  const Result r = hbmsim(args + csv + " --max-cycles " + std::to_string(last_kernel_end + 2));
  ASSERT_EQ(r.code, 1) << r.out;   // stopped before the writes reached the DRAM
  for (const Row& row : read_csv(csv)) {
    EXPECT_NE(row.kernel, "unfinished") << row.start;
    if (row.start >= last_kernel_end) EXPECT_EQ(row.kernel, "") << row.start;
  }
}

TEST(TimeSeriesCli, TheProbeAddsUpAndPlotsItsSweep) {
  const Outputs o = run("probe", "--workload probe --standard hbm2 --probe-samples 30 "
                        "--sweep-reads 64 --quiet", 1000);
  expect_windows_add_up(o, 1000);
  // Bandwidth over time, read latency, stride sweep, bandwidth per PC.
  expect_html_plots(o.html, 4);
}

// A sweep of one stride (--sweep-max-stride 32) was an empty plot: a line of one point.
TEST(TimeSeriesCli, AProbeSweepOfOneStrideIsPlotted) {
  const Outputs o = run("probe_one_stride", "--workload probe --probe-samples 2 "
                        "--sweep-reads 16 --sweep-max-stride 32 --quiet", 1000);
  expect_html_plots(o.html, 4);
}

TEST(HtmlCli, WithoutATimeSeriesTheDefaultWindowKeepsPointsFew) {
  const std::string html = artefact("reports", "html_only.html");
  std::remove(html.c_str());
  const Result r = hbmsim("run --workload seq --requests 20000 --quiet --html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string doc = slurp(html);
  XmlNode root;
  std::string error;
  ASSERT_TRUE(parse_xml(doc, root, error)) << error;
  const auto svgs = root.all("svg");
  ASSERT_FALSE(svgs.empty());
  const auto paths = svgs[0]->all("path");
  ASSERT_FALSE(paths.empty());
  size_t points = 1;
  for (char c : paths[0]->attrs.at("d")) points += c == 'L';
  EXPECT_GT(points, 10u);
  EXPECT_LE(points, 4096u);
}

// Two trace requests outside the stack both answered DECERR: no bit moved and no column
// command ran, while refreshes spent energy. pJ/bit and the row-hit rate are undefined
// then: null in the JSON and "n/a" in the summary and HTML (they were 0.0, which reads as
// a measurement).
TEST(ReportsCli, PjPerBitAndRowHitRateAreNullWhenNothingMoved) {
  const std::string trace = write_artefact("reports", "decerr.trace",
                                           "0x20000000 READ 0\n0x30000000 WRITE 5\n");
  const std::string rep = artefact("reports", "decerr.json");
  const std::string html = artefact("reports", "decerr.html");
  std::remove(rep.c_str());
  const Result r = hbmsim("run --trace " + trace + " --report " + rep + " --html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = load_json(rep);
  EXPECT_EQ(j["bytes"], 0);
  EXPECT_GT(j["energy_pj"].get<double>(), 0.0);
  ASSERT_TRUE(j.contains("pj_per_bit") && j.contains("row_hit_rate"));
  EXPECT_TRUE(j["pj_per_bit"].is_null()) << j["pj_per_bit"];
  EXPECT_TRUE(j["row_hit_rate"].is_null()) << j["row_hit_rate"];
  EXPECT_NE(r.out.find("row hit rate  n/a (no column command)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("energy        n/a pJ/bit (no bit moved)"), std::string::npos) << r.out;
  const std::string doc = slurp(html);
  EXPECT_NE(doc.find("<td>row hit rate</td><td>n/a (no column command)</td>"), std::string::npos);
  EXPECT_NE(doc.find("<td>energy</td><td>n/a pJ/bit"), std::string::npos);
}

// A crossbar run's efficiency is against the PCs' peak, but every byte goes through the
// crossbar's one port, a 32-byte beat per tCK each way: 32 PCs of reads at 68 % of that
// port read '34.83 GB/s of 819.20 GB/s peak = 4.3 % efficiency' alone, and nothing in the
// JSON said the run had a crossbar. The report's `xbar` says so (null without), with the
// port's peak and each direction's share; the summary and HTML add a line when the port
// is the narrower (3 PCs on).
TEST(ReportsCli, ACrossbarRunSaysWhatItsOnePortCarries) {
  const std::string rep = artefact("reports", "xbar.json");
  const std::string html = artefact("reports", "xbar.html");
  std::remove(rep.c_str());
  const Result r = hbmsim("run --xbar --pcs 4 --requests 400 --read-ratio 0.5 --seed 3 "
                          "--report " + rep + " --html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = load_json(rep);
  ASSERT_TRUE(j.contains("xbar") && j["xbar"].is_object()) << j.dump();
  const auto& x = j["xbar"];
  EXPECT_EQ(x["granule_bytes"], 512);
  const double tck = j["tck_ns"].get<double>(), port = 32 / tck;   // 51.2 GB/s on HBM3
  EXPECT_DOUBLE_EQ(x["port_peak_gbps_each_way"].get<double>(), port);
  const double ns = j["cycles"].get<double>() * tck;
  const double rd = j["reads"].get<double>() * 64 / ns / port;
  const double wr = j["writes"].get<double>() * 64 / ns / port;
  EXPECT_NEAR(x["port_read_efficiency"].get<double>(), rd, 1e-12);
  EXPECT_NEAR(x["port_write_efficiency"].get<double>(), wr, 1e-12);
  char line[160];
  std::snprintf(line, sizeof line, "one AXI port for the 4 PCs: at most 51.20 GB/s each way; "
                "reads %.1f %%, writes %.1f %% of it", 100 * rd, 100 * wr);
  EXPECT_NE(r.out.find(std::string("\n  crossbar      ") + line + "\n"), std::string::npos)
      << r.out;
  EXPECT_NE(slurp(html).find(std::string("<td>crossbar</td><td>") + line + "</td>"),
            std::string::npos);
  // Two PCs: the port is as fast as they are, no line; no crossbar: null.
  const Result two = hbmsim("run --xbar --pcs 2 --requests 40 --quiet --report " + rep);
  ASSERT_EQ(two.code, 0) << two.out;
  EXPECT_TRUE(load_json(rep)["xbar"].is_object());
  EXPECT_EQ(hbmsim("run --xbar --pcs 2 --requests 40").out.find("crossbar      "),
            std::string::npos);
  const Result none = hbmsim("run --pcs 4 --requests 40 --quiet --report " + rep);
  ASSERT_EQ(none.code, 0) << none.out;
  const auto n = load_json(rep);
  EXPECT_TRUE(n.contains("xbar") && n["xbar"].is_null()) << n.dump();
}

// A row-hit rate or MAC utilization that is not zero is not printed as zero (as the
// bandwidth and efficiency, TraceCli.ATinyBandwidthIsNotPrintedAsZero): 1 row hit in 4000
// column commands printed 'row hit rate  0.0 %' in the summary and the HTML, and a GEMV
// of 1 x 1 (1 MAC in 333 busy tCK) 'tile MACs 1 = 0.0 % of the array'.
// The hit is made, not left to chance: 6000 random 32-B reads (a row hit among them only
// where a scheduler reorders a bank's requests) and one read repeated right after itself,
// which either queue form serves from the row its first opened.
std::string random_reads_with_one_repeat() {
  std::string trace;
  uint64_t x = 88172645463325252ull;  // xorshift64: the same trace on every machine
  uint64_t last = 0;
  for (int i = 0; i < 6000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    last = (x % (1ull << 28)) & ~uint64_t{31};
    trace += "LD " + std::to_string(last) + "\n";
    if (i == 2999) trace += "LD " + std::to_string(last) + "\n";
  }
  return write_artefact("reports", "one_repeat.trace", trace);
}

TEST(ReportsCli, ASmallRowHitRateOrMacUtilizationIsNotPrintedAsZero) {
  const std::string report = artefact("reports", "small_percent.json");
  const std::string html = artefact("reports", "small_percent.html");
  const Result r = hbmsim("run --trace " + random_reads_with_one_repeat() +
                          " --beats 1 --report " + report + " --html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  const double rate = 100 * load_json(report)["row_hit_rate"].get<double>();
  ASSERT_GT(rate, 0) << r.out;     // the case: a hit or two,
  ASSERT_LT(rate, 0.05) << r.out;  // fewer than one decimal shows
  const size_t at = r.out.find("  row hit rate  ");
  ASSERT_NE(at, std::string::npos) << r.out;
  double shown = 0;
  ASSERT_EQ(std::sscanf(r.out.c_str() + at, "  row hit rate %lf %%", &shown), 1) << r.out;
  EXPECT_NEAR(shown, rate, rate * 0.05) << r.out;
  const std::string text = r.out.substr(at + 16, r.out.find('\n', at) - at - 16);
  EXPECT_NE(slurp(html).find(">" + text + "<"), std::string::npos) << text;

  const std::string tile = artefact("reports", "small_macs.json");
  const Result g = hbmsim("run --workload gemv --m 1 --k 1 --report " + tile);
  ASSERT_EQ(g.code, 0) << g.out;
  const double util = 100 * load_json(tile)["tile"]["mac_utilization"].get<double>();
  ASSERT_GT(util, 0) << g.out;
  ASSERT_LT(util, 0.05) << g.out;
  const size_t macs = g.out.find("  tile MACs     ");
  ASSERT_NE(macs, std::string::npos) << g.out;
  double shown_util = 0;
  unsigned long long n = 0;
  ASSERT_EQ(std::sscanf(g.out.c_str() + macs, "  tile MACs %llu = %lf %%", &n, &shown_util), 2)
      << g.out;
  EXPECT_EQ(n, 1u) << g.out;
  EXPECT_NEAR(shown_util, util, util * 0.05) << g.out;
}

// The kernel table of a transformer run, summary and HTML, printed GB/s, % peak, row hit
// and pJ/bit with one fixed decimal (two for pJ/bit) in fixed widths: on an HBM2 whose tCK
// is 1000 ns (and ten times the currents) the layer row read '0.0 GB/s' beside '78.4' %
// of peak, and a pJ/bit of 20411.10 pushed the rows out of line. Now a figure that is not
// zero is not printed as zero, each is the report's to its last printed digit, every row
// lines up under the header, and the HTML cells read as the summary's; a typical run
// prints one decimal (two for pJ/bit) in the widths as before.
namespace {

// The summary's kernel table: the header line, then one line per kernel and the layer.
std::vector<std::string> kernel_table(const std::string& out) {
  std::vector<std::string> table;
  for (const std::string& l : lines_of(out)) {
    if (l.rfind("  kernel ", 0) == 0 || !table.empty()) table.push_back(l);
    if (l.rfind("  layer ", 0) == 0) break;
  }
  return table;
}

// Where each whitespace-separated word of `line` ends.
std::vector<size_t> word_ends(const std::string& line) {
  std::vector<size_t> ends;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] != ' ' && (i + 1 == line.size() || line[i + 1] == ' ')) ends.push_back(i + 1);
  }
  return ends;
}

// The text of each cell of the HTML table row that starts with `name`.
std::vector<std::string> html_row(const std::string& doc, const std::string& name) {
  std::vector<std::string> cells;
  const size_t at = doc.find("<tr><td>" + name + "</td>");
  if (at == std::string::npos) return cells;
  const std::string tr = doc.substr(at, doc.find("</tr>", at) - at);
  const std::regex td("<td>([^<]*)</td>");
  std::smatch m;
  for (auto it = tr.cbegin(); std::regex_search(it, tr.cend(), m, td); it = m[0].second) {
    cells.push_back(m[1].str());
  }
  return cells;
}

}  // namespace

TEST(ReportsCli, KernelTableFiguresAreNotZeroAndStayInLine) {
  nlohmann::json slow = load_json(std::string(HBMSIM_SOURCE_DIR) +
                                  "/configs/standards/hbm2.json");
  slow["timing"]["tck_ns"] = 1000.0;
  slow["data_rate_gbps"] = 0.002;   // as the tCK: a burst of 4 beats in 2 tCK
  // Ten times the currents: five-digit pJ/bit, wider than the column's 7 characters.
  for (auto& [name, v] : slow["energy"].items()) {
    if (name.rfind("idd", 0) == 0) v = 10 * v.get<double>();
  }
  const std::string std_file = write_artefact("reports", "slow_hbm2.json", slow.dump());
  const std::string rep = artefact("reports", "slow_kernels.json");
  const std::string html = artefact("reports", "slow_kernels.html");
  const Result r = hbmsim("run --standard " + std_file + " --pcs 2 --workload decode --model "
                          "tiny --layers 1 --report " + rep + " --html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = load_json(rep);
  const std::vector<std::string> table = kernel_table(r.out);
  ASSERT_EQ(table.size(), j["kernels"].size() + 2) << r.out;
  // Every row's columns end where the header's do (the name's column is left-aligned).
  const std::string& head = table[0];
  std::vector<size_t> head_ends{2};   // the kernel column: where it starts
  for (const char* h : {"runs", "bytes", "tCK", "GB/s", "% peak", "row hit", "pJ/bit"}) {
    head_ends.push_back(head.find(h) + std::string(h).size());
  }
  const std::string doc = slurp(html);
  nlohmann::json rows = j["kernels"];
  rows.push_back(j["layer"]);
  bool small_gbps = false, large_pj = false;
  for (size_t i = 0; i < rows.size(); ++i) {
    const nlohmann::json& k = rows[i];
    const std::string& line = table[i + 1];
    SCOPED_TRACE(line);
    std::vector<size_t> ends = word_ends(line);
    ASSERT_EQ(ends.size(), 8u);
    ends[0] = line.find_first_not_of(' ');
    EXPECT_EQ(ends, head_ends) << head;
    std::istringstream words(line);
    std::vector<std::string> cell(8);
    for (std::string& c : cell) words >> c;
    EXPECT_EQ(cell[0], k["name"].get<std::string>());
    const std::vector<std::pair<const char*, double>> figures = {
        {"bandwidth_gbps", 1}, {"efficiency", 100}, {"row_hit_rate", 100}, {"pj_per_bit", 1}};
    for (size_t f = 0; f < figures.size(); ++f) {
      const std::string& shown = cell[4 + f];
      const nlohmann::json& v = k[figures[f].first];
      if (v.is_null()) {
        EXPECT_EQ(shown, "n/a");
        continue;
      }
      const double want = figures[f].second * v.get<double>();
      const size_t dot = shown.find('.');
      ASSERT_NE(dot, std::string::npos) << shown;
      const double last_digit = std::pow(10.0, -double(shown.size() - dot - 1));
      EXPECT_NEAR(std::stod(shown), want, 0.5 * last_digit + 1e-9 * want)
          << figures[f].first;
      if (want > 0) EXPECT_GT(std::stod(shown), 0.0) << figures[f].first << " " << want;
    }
    const double gbps = k["bandwidth_gbps"].get<double>();
    small_gbps = small_gbps || (gbps > 0 && gbps < 0.05);
    large_pj = large_pj || (!k["pj_per_bit"].is_null() && k["pj_per_bit"].get<double>() >= 10000);
    const std::vector<std::string> tr = html_row(doc, k["name"].get<std::string>());
    ASSERT_EQ(tr.size(), 8u);
    EXPECT_EQ(std::vector<std::string>(tr.begin() + 4, tr.end()),
              std::vector<std::string>(cell.begin() + 4, cell.end()));
  }
  // The case: a kernel that moved bytes at under 0.05 GB/s, and a pJ/bit of five digits.
  EXPECT_TRUE(small_gbps);
  EXPECT_TRUE(large_pj);

  // A typical run: one decimal, two for pJ/bit, in the widths of old.
  const Result t = hbmsim("run --pcs 2 --workload decode --model tiny --layers 1");
  ASSERT_EQ(t.code, 0) << t.out;
  for (const std::string& line : kernel_table(t.out)) {
    EXPECT_TRUE(std::regex_match(line, std::regex("  kernel        runs        bytes        tCK"
                                                  "      GB/s  % peak  row hit  pJ/bit|"
                                                  "  [a-z_ ]{12} [ 0-9]{5} [ 0-9]{12} [ 0-9]{10} "
                                                  "[ 0-9]{7}\\.[0-9] [ 0-9]{5}\\.[0-9] "
                                                  "[ 0-9]{6}\\.[0-9] [ 0-9]{4}\\.[0-9]{2}")))
        << line;
  }
}

TEST(HtmlCli, UnwritablePathsAreRefusedBeforeTheRun) {
  for (const char* flag : {"--html", "--timeseries"}) {
    const Result r = hbmsim(std::string("run --requests 10 ") + flag + " /nonexistent/dir/x");
    EXPECT_EQ(r.code, 2) << flag << ": " << r.out;
    EXPECT_NE(r.out.find(flag), std::string::npos) << r.out;
  }
  const Result r = hbmsim("run --requests 10 --window 100");
  EXPECT_EQ(r.code, 2) << r.out;
}

// A run of about three seconds: on a terminal it would print a progress line; captured,
// as here and in CI, it must not.
TEST(ProgressCli, NothingOnStderrWhenItIsNotATerminal) {
  const Result r = hbmsim("run --workload seq --requests 120000");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.find('\r'), std::string::npos);
  EXPECT_EQ(r.out.find("tCK/s"), std::string::npos);
}

// The same run on a pseudo-terminal (script(1)) shows it (--quiet would hide it).
TEST(ProgressCli, ALineOnATerminal) {
  if (std::system("command -v script > /dev/null 2>&1") != 0) GTEST_SKIP() << "no script(1)";
  const std::string log = artefact("reports", "tty.txt");
  // From 0.5 s on: the 2-s default would make the test depend on the simulator's speed.
  // The run lasts about 1 M tCK (2 s at 500 k tCK/s): 120 000 requests took 0.5 s once the
  // simulator was fast enough, and the line then never came (seen failing in the CI set).
  const std::string cmd = "script -qec 'HBMSIM_PROGRESS_AFTER=0.5 " + std::string(HBMSIM_BINARY) +
                          " run --workload seq --requests 500000' " + log +
                          " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string out = slurp(log);
  EXPECT_NE(out.find('\r'), std::string::npos) << out;
  EXPECT_NE(out.find("tCK/s"), std::string::npos) << out;
  EXPECT_NE(out.find(" %"), std::string::npos) << out;
}

// A note after the simulation (the C++ reference of a decode) while the progress line was
// on the terminal was glued to it ("ETA 0:01hbmsim: computing the C++ reference ..."),
// the line left at its last percent. The note clears it and starts its own line.
TEST(ProgressCli, ANoteAfterTheRunClearsTheLine) {
  if (std::system("command -v script > /dev/null 2>&1") != 0) GTEST_SKIP() << "no script(1)";
  const std::string log = artefact("reports", "tty_note.txt");
  // About 3 s of simulation (the line appears after 1 s), then the note at once.
  const std::string cmd = "script -qec 'HBMSIM_PROGRESS_AFTER=0 " + std::string(HBMSIM_BINARY) +
                          " run --workload decode --model tiny --context 1 --tokens 40 --pcs 2' " +
                          log + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string out = slurp(log);
  ASSERT_NE(out.find("tCK/s"), std::string::npos) << "no progress line: " << out;
  const size_t note = out.find("hbmsim: computing the C++ reference");
  ASSERT_NE(note, std::string::npos) << out;
  ASSERT_GT(note, 0u);
  EXPECT_TRUE(out[note - 1] == '\r' || out[note - 1] == '\n')
      << "glued to: " << out.substr(note > 60 ? note - 60 : 0, 100);
}

// The summary's energy line printed "0.00 without I/O" for a figure that is not zero (a
// standard with a tiny VDD: 1.4e-9 pJ/bit without I/O); like the kernel table, it now gives
// such a figure the digits it needs, and a zero still reads 0.00.
TEST(ReportsCli, ATinyEnergyIsNotPrintedAsZero) {
  std::string text = slurp(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  const std::string field = "\"vdd\": 1.1";
  ASSERT_NE(text.find(field), std::string::npos);
  text.replace(text.find(field), field.size(), "\"vdd\": 1e-9");
  const std::string standard = write_artefact("reports", "tiny_vdd.json", text);
  const Result r = hbmsim("run --standard " + standard + " --requests 2000");
  ASSERT_EQ(r.code, 0) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m,
                                std::regex(R"(energy +(\S+) pJ/bit \((\S+) without I/O\))")))
      << r.out;
  EXPECT_GT(std::stod(m[2].str()), 0.0) << r.out;
  EXPECT_EQ(r.out.find("0.00 without I/O"), std::string::npos) << r.out;
}

// The HTML report's energy row printed pJ/bit with two fixed decimals and mW with one, so a
// figure the summary gives as 0.0011 pJ/bit read "0.00 pJ/bit" there (HBM3 at VDD 0.00005 V
// and 0.001 pJ/bit of I/O); it now prints both as the summary does, to the same string.
TEST(HtmlCli, ATinyEnergyIsNotPrintedAsZeroInTheHtmlEither) {
  std::string text = slurp(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  for (const auto& [field, value] : {std::pair<std::string, std::string>{"\"vdd\": 1.1",
                                                                         "\"vdd\": 0.00005"},
                                     {"\"io_pj_per_bit\": 0.22", "\"io_pj_per_bit\": 0.001"}}) {
    ASSERT_NE(text.find(field), std::string::npos) << field;
    text.replace(text.find(field), field.size(), value);
  }
  const std::string standard = write_artefact("reports", "low_energy.json", text);
  const std::string html = artefact("reports", "low_energy.html");
  std::remove(html.c_str());
  const Result r = hbmsim("run --standard " + standard + " --requests 200 --html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      r.out, m, std::regex(R"(energy +(\S+) pJ/bit \(\S+ without I/O\), (\S+) mW per PC)")))
      << r.out;
  EXPECT_GT(std::stod(m[1].str()), 0.0) << r.out;
  EXPECT_GT(std::stod(m[2].str()), 0.0) << r.out;
  const std::string row = "<td>energy</td><td>" + m[1].str() + " pJ/bit, " + m[2].str() +
                          " mW per PC</td>";
  const std::string page = slurp(html);
  const size_t at = page.find("<td>energy</td>");
  EXPECT_NE(page.find(row), std::string::npos)
      << "expected " << row << "\nfound "
      << (at == std::string::npos ? "no energy row" : page.substr(at, row.size() + 20));
}

// A modified copy of a preset read "hbmsim run: HBM3 (6.4 Gb/s)" as if it were the preset
// itself: the first line now names the file when --standard gave a path.
TEST(ReportsCli, TheFirstLineNamesAStandardGivenAsAFile) {
  const std::string text = slurp(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  const std::string standard = write_artefact("reports", "my_hbm3.json", text);
  const Result copy = hbmsim("run --standard " + standard + " --requests 200");
  ASSERT_EQ(copy.code, 0) << copy.out;
  EXPECT_EQ(copy.out.rfind("hbmsim run: HBM3 from " + standard + " (6.4 Gb/s), 1 PC,", 0), 0u)
      << copy.out;
  const Result preset = hbmsim("run --standard hbm3 --requests 200");
  ASSERT_EQ(preset.code, 0) << preset.out;
  EXPECT_EQ(preset.out.rfind("hbmsim run: HBM3 (6.4 Gb/s), 1 PC,", 0), 0u) << preset.out;
}

// The HTML report's standard row named a modified copy of a preset "HBM3 (6.4 Gb/s)", as
// if it were the preset, beside a summary that says which file it was: it now names it as
// the summary's first line does.
TEST(HtmlCli, TheStandardRowNamesAStandardGivenAsAFile) {
  const std::string text = slurp(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  const std::string standard = write_artefact("reports", "my_hbm3_html.json", text);
  const std::string html = artefact("reports", "my_hbm3.html");
  std::remove(html.c_str());
  const Result r = hbmsim("run --standard " + standard + " --requests 200 --html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string page = slurp(html);
  const std::string row = "<td>standard</td><td>HBM3 from " + standard + " (6.4 Gb/s), 1 PC</td>";
  const size_t at = page.find("<td>standard</td>");
  EXPECT_NE(page.find(row), std::string::npos)
      << "expected " << row << "\nfound "
      << (at == std::string::npos ? "no standard row" : page.substr(at, row.size() + 20));
}

}  // namespace test_reports_cli
