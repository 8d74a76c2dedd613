#include "host/report/html_report.h"

#include <set>

#include <fmt/format.h>

#include "common/excerpt.h"
#include "host/output_files.h"
#include "host/report.h"
#include "host/report/probe_report.h"
#include "host/report/svg_plot.h"

namespace hbmsim {
namespace {

using nlohmann::json;
using svg::escape;

constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:24px;color:#222;max-width:820px}"
    "h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ccc}"
    "h3{font-size:14px}"
    "table{border-collapse:collapse;font-size:13px}td,th{padding:2px 10px;text-align:right}"
    "th{background:#eee}td:first-child,th:first-child{text-align:left}"
    ".pass{color:#070;font-weight:bold}.fail{color:#b00;font-weight:bold}"
    "p.note{font-size:12px;color:#555}table.kv td{text-align:left}";

std::string cell(const json& v) {
  if (v.is_null()) return "n/a";   // a figure that does not apply to the run
  if (v.is_number_float()) return fmt::format("{:.4g}", v.get<double>());
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// A two-column table of an object's scalar members.
std::string kv_table(const json& obj) {
  std::string s = "<table class=\"kv\">\n";
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (it->is_structured()) continue;
    s += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", escape(it.key()),
                     escape(cell(*it)));
  }
  return s + "</table>\n";
}

std::string row(const std::vector<std::string>& cells, const char* tag = "td") {
  std::string s = "<tr>";
  for (const auto& c : cells) s += fmt::format("<{0}>{1}</{0}>", tag, escape(c));
  return s + "</tr>\n";
}

std::string summary(const json& j, const RunResult& r) {
  const bool pass = j["status"] == "pass";
  std::string s = "<table class=\"kv\">\n";
  auto add = [&s](const std::string& k, const std::string& v) { s += row({k, v}); };
  add("standard", fmt::format("{} ({} Gb/s), {} PC{}", standard_label(r), r.std.data_rate_gbps,
                              r.opt.cosim.pcs, r.opt.cosim.pcs == 1 ? "" : "s"));
  add("workload", r.opt.workload.pattern);
  add("simulated", fmt::format("{} tCK ({}) in {:.2f} s wall",
                               j["cycles"].get<uint64_t>(),
                               microseconds_text(j["cycles"].get<uint64_t>(), r.std.t.tck_ns),
                               j["wall_s"].get<double>()));
  add("bandwidth", bandwidth_text(j));
  if (const std::string x = xbar_port_text(j); !x.empty()) add("crossbar", x);
  // Bursts past the memory (a trace's addresses) are out of every figure: said here too.
  if (const std::string e = axi_errors_text(j); !e.empty()) add("axi errors", e);
  if (j.contains("tile")) {
    add("tile", tile_busy_text(j["tile"]));
    add("tile MACs", tile_macs_text(j["tile"]));
  }
  if (j.contains("model")) add("projected", projection_text(j));
  add("row hit rate", percent_text(j["row_hit_rate"], "no column command"));
  const json& l = j["read_latency_ns"];
  if (!r.tile.present) {   // null: no sample (the report's rule)
    add("read latency", l["mean"].is_null()
                            ? std::string("n/a (no read was served)")
                            : fmt::format("mean {:.1f} ns, p99 {:.1f} ns, max {:.1f} ns",
                                          l["mean"].get<double>(), l["p99"].get<double>(),
                                          l["max"].get<double>()));
  }
  add("energy", energy_text(j));
  const json& c = j["checks"];
  add("checks", count_of(c["timing_violations"].get<uint64_t>(), "timing violation") + ", " +
                    count_of(c["data_mismatches"].get<uint64_t>(), "data mismatch",
                             "data mismatches"));
  s += fmt::format("<tr><td>result</td><td class=\"{}\">{}</td></tr>\n</table>\n",
                   pass ? "pass" : "fail", pass ? "PASS" : "FAIL");
  for (const auto& p : j["problems"]) {
    s += "<p class=\"note\">" + escape(p.get<std::string>()) + "</p>\n";
  }
  return s;
}

std::string kernel_table(const json& j) {
  std::string s = "<table>\n" + row({"kernel", "runs", "bytes", "tCK", "GB/s", "% peak",
                                     "row hit %", "pJ/bit"}, "th");
  for (const auto& k : j["kernels"]) s += row(kernel_row(k));
  s += row(kernel_row(j["layer"]));
  return s + "</table>\n";
}

std::string probe_section(const json& p) {
  std::string s = "<h2>Latency probe</h2>\n<table>\n" +
                  row({"case", "page policy", "samples", "min ns", "mean ns", "max ns",
                       "min tCK", "mean tCK", "max tCK"}, "th");
  for (const char* c : {"hit", "closed", "miss"}) {
    const json& l = p[c];
    s += row({c, l["page_policy"].get<std::string>(), cell(l["samples"]), fixed(l["ns_min"], 2),
              fixed(l["ns_mean"], 2), fixed(l["ns_max"], 2), cell(l["tck_min"]),
              fixed(l["tck_mean"], 1), cell(l["tck_max"])});
  }
  s += "</table>\n";
  s += fmt::format("<p class=\"note\">closed - hit = {} tCK (tRCD {}); miss - closed = "
                   "{} tCK (tRP {}).</p>\n", fixed(p["closed_minus_hit_tck"], 1),
                   p["trcd_tck"].get<unsigned>(), fixed(p["miss_minus_closed_tck"], 1),
                   p["trp_tck"].get<unsigned>());
  for (const std::string& note : probe_shortfalls(p)) {
    s += "<p class=\"note\">" + escape(note) + ".</p>\n";
  }
  svg::Plot plot({"Stride sweep: read bandwidth against stride (PC 0)", "stride (bytes, log scale)",
                  "GB/s"}, true);
  svg::Series bw{"bandwidth", "#1f77b4", {}};
  for (const auto& pt : p["stride_sweep"]) {
    if (pt["bandwidth_gbps"].is_null()) continue;   // a stride the run did not finish
    bw.points.emplace_back(pt["stride"].get<double>(), pt["bandwidth_gbps"].get<double>());
  }
  plot.add(std::move(bw));
  return s + plot.render();
}

// Stack-wide bandwidth per window, reads and writes, with a marker where each kernel
// starts. Each window's figure sits at its middle, and the first and last windows' also
// at the run's two ends: the line spans the whole run. With midpoints alone a run of one
// window was a lone point, no line, on an axis 1 us long whatever the run's length, and
// a kernel starting in the first half window had its marker left of the plot.
std::string bandwidth_plot(const TimeSeries& ts) {
  svg::Plot plot({"Bandwidth over time (all PCs)", "simulated time (us)", "GB/s"});
  svg::Series rd{"read", "#1f77b4", {}}, wr{"write", "#d62728", {}};
  const double tck = ts.tck_ns();
  const auto add = [&](double at_tck, const Window& w) {
    const double ns = double(w.end - w.start) * tck;
    rd.points.emplace_back(at_tck * tck / 1000, double(w.n.read_bursts) * 32 / ns);
    wr.points.emplace_back(at_tck * tck / 1000, double(w.n.write_bursts) * 32 / ns);
  };
  const std::vector<Window>& windows = ts.stack().windows();
  if (!windows.empty()) add(double(windows.front().start), windows.front());
  for (const Window& w : windows) add((double(w.start) + double(w.end)) / 2, w);
  if (!windows.empty()) add(double(windows.back().end), windows.back());
  plot.add(std::move(rd));
  plot.add(std::move(wr));
  std::string last;
  for (const KernelSpan& k : ts.kernels()) {
    // Only where the kernel changes: a long run has many instances of each.
    if (k.label != last) plot.add(svg::Marker{double(k.start) * tck / 1000, k.label});
    last = k.label;
  }
  return plot.render();
}

std::string latency_plot(const RunResult& r) {
  svg::Plot plot({"Read latency (AR to last R beat)", "latency (ns)", "reads"});
  svg::Series h{"reads", "#2ca02c", {}, true, r.std.t.tck_ns};
  for (size_t l = 0; l < r.latency_histogram.size(); ++l) {
    if (r.latency_histogram[l]) {
      h.points.emplace_back(double(l) * r.std.t.tck_ns, double(r.latency_histogram[l]));
    }
  }
  plot.add(std::move(h));
  return plot.render();
}

// `traffic`: the traffic phase began. A tile run stopped in its --tile-load axi load phase
// has none, and the series' totals then hold the load's writes: drawn, they showed 23.6
// GB/s "over the traffic phase" beside a reported bandwidth of 0.
std::string pc_bars(const TimeSeries& ts, const json& j, bool traffic) {
  const double ns = double(j["cycles"].get<uint64_t>()) * j["tck_ns"].get<double>();
  std::vector<svg::Bar> bars;
  const auto& pcs = ts.pc_traffic_totals();   // the bytes of j's cycles, not a load phase's
  for (size_t pc = 0; pc < pcs.size(); ++pc) {
    const double bytes =
        traffic ? double(pcs[pc].read_bursts + pcs[pc].write_bursts) * 32 : 0.0;
    bars.push_back({std::to_string(pc), ns > 0 ? bytes / ns : 0.0});
  }
  return svg::bar_chart({"Bandwidth per PC (over the traffic phase)", "pseudo-channel", "GB/s"},
                        bars, "#9467bd");
}

std::string kernel_bars(const json& j) {
  std::vector<svg::Bar> bars;
  for (const auto& k : j["kernels"]) {
    bars.push_back({k["name"].get<std::string>(), k["bandwidth_gbps"].get<double>()});
  }
  return svg::bar_chart({"Bandwidth per kernel", "kernel", "GB/s"}, bars, "#ff7f0e");
}

std::string configuration(const json& j) {
  std::string s = "<h2>Configuration</h2>\n";
  json top = {{"standard", j["standard"]}, {"standard_file", j["standard_file"]},
              {"pcs", j["pcs"]}, {"tck_ns", j["tck_ns"]}, {"peak_gbps", j["peak_gbps"]}};
  s += kv_table(top);
  // A trace's file, format and timing (and what it held) are its workload's description.
  for (const char* part : {"workload", "trace", "controller", "model"}) {
    if (!j.contains(part)) continue;
    s += fmt::format("<h3>{}</h3>\n", part) + kv_table(j[part]);
  }
  return s;
}

}  // namespace

std::string html_report(const json& j, const RunResult& r, const TimeSeries& ts) {
  const std::string title = fmt::format("hbmsim run: {}, {}", r.std.name, r.opt.workload.pattern);
  std::string s = "<!DOCTYPE html>\n<html>\n<head>\n"
                  "<meta charset=\"utf-8\"/>\n<title>" + escape(title) + "</title>\n<style>" +
                  kStyle + "</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n";
  s += "<h2>Summary</h2>\n" + summary(j, r);
  if (j.contains("kernels")) {
    s += "<h2>Kernels</h2>\n" + kernel_table(j);
    const std::string stopped = stopped_kernel_text(r.transformer);
    if (!stopped.empty()) s += "<p class=\"note\">Stopped in " + escape(stopped) + ".</p>\n";
  }
  if (j.contains("probe")) s += probe_section(j["probe"]);
  s += "<h2>Bandwidth over time</h2>\n" + bandwidth_plot(ts);
  s += fmt::format("<p class=\"note\">Windows of {} tCK or wider (at most {} points); dashed "
                   "lines: where a kernel starts (one too close to the line before is left "
                   "out).</p>\n", ts.window(), CoarseSeries::kMaxPoints);
  s += "<h2>Read latency</h2>\n";
  if (r.latency_histogram.empty()) {
    s += "<p class=\"note\">No host reads were timed in this run (the tile's own reads are "
         "not).</p>\n";
  } else {
    s += latency_plot(r);
  }
  s += "<h2>Bandwidth per PC</h2>\n" + pc_bars(ts, j, !r.tile.stopped_loading);
  if (j.contains("kernels")) s += "<h2>Bandwidth per kernel</h2>\n" + kernel_bars(j);
  s += configuration(j);
  return s + "</body>\n</html>\n";
}

void write_html_report(const std::string& path, const json& report, const RunResult& r,
                       const TimeSeries& ts) {
  write_text_file("--html", path, html_report(report, r, ts));
}

}  // namespace hbmsim
