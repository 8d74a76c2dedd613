#include "host/report/probe_report.h"

#include <fmt/format.h>

namespace hbmsim {
namespace {

nlohmann::json case_json(const LatencyFigures& l, double tck, const char* policy) {
  return {{"samples", l.samples},
          {"left_out_other_commands", l.other_commands},
          {"left_out_refresh", l.refresh_nearby},
          {"page_policy", policy},
          {"tck_min", l.min},
          {"tck_mean", l.mean},
          {"tck_max", l.max},
          {"ns_min", double(l.min) * tck},
          {"ns_mean", l.mean * tck},
          {"ns_max", double(l.max) * tck}};
}

nlohmann::json stride_json(const StridePoint& p, const RunResult& r) {
  const double tck = r.std.t.tck_ns;
  const double gbps = p.cycles ? double(p.reads) * 32 / (double(p.cycles) * tck) : 0.0;
  return {{"stride", p.stride},
          {"reads", p.reads},
          {"cycles", p.cycles},
          {"bandwidth_gbps", gbps},
          {"efficiency", gbps / r.std.peak_gbps_per_pc()},
          {"row_hit_rate", p.reads ? double(p.row_hits) / double(p.reads) : 0.0},
          {"acts", p.acts}};
}

}  // namespace

nlohmann::json probe_json(const RunResult& r) {
  const ProbeFigures& f = r.probe;
  const double tck = r.std.t.tck_ns;
  const auto& hit = f.latency[size_t(ProbeCase::Hit)];
  const auto& closed = f.latency[size_t(ProbeCase::Closed)];
  const auto& miss = f.latency[size_t(ProbeCase::Miss)];
  nlohmann::json j = {{"hit", case_json(hit, tck, "open")},
                      {"closed", case_json(closed, tck, "closed")},
                      {"miss", case_json(miss, tck, "open")},
                      {"trcd_tck", r.std.t.RCDRD},
                      {"trp_tck", r.std.t.RP},
                      {"closed_minus_hit_tck", closed.mean - hit.mean},
                      {"miss_minus_closed_tck", miss.mean - closed.mean},
                      {"latency_measured", "AR handshake to the R beat of one 32-byte read, "
                                           "one read outstanding"},
                      {"sweep_page_policy", f.sweep_page_policy},
                      {"sweep_burst_bytes", 32}};
  nlohmann::json sweep = nlohmann::json::array();
  for (const StridePoint& p : f.sweep) sweep.push_back(stride_json(p, r));
  j["stride_sweep"] = sweep;
  return j;
}

std::string probe_summary(const nlohmann::json& j) {
  std::string s = fmt::format("  {:<12} {:>7} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}\n", "latency",
                              "samples", "min ns", "mean ns", "max ns", "min tCK", "mean", "max");
  for (const char* c : {"hit", "closed", "miss"}) {
    const auto& l = j[c];
    s += fmt::format("  {:<12} {:>7} {:>9.2f} {:>9.2f} {:>9.2f} {:>7} {:>7.1f} {:>7}\n", c,
                     l["samples"].get<uint64_t>(), l["ns_min"].get<double>(),
                     l["ns_mean"].get<double>(), l["ns_max"].get<double>(),
                     l["tck_min"].get<uint64_t>(), l["tck_mean"].get<double>(),
                     l["tck_max"].get<uint64_t>());
  }
  s += fmt::format("  closed - hit  {:.1f} tCK (tRCD {}), miss - closed {:.1f} tCK (tRP {})\n",
                   j["closed_minus_hit_tck"].get<double>(), j["trcd_tck"].get<unsigned>(),
                   j["miss_minus_closed_tck"].get<double>(), j["trp_tck"].get<unsigned>());
  s += fmt::format("  {:<12} {:>7} {:>9} {:>9} {:>8}\n", "stride", "reads", "GB/s", "% peak",
                   "row hit");
  for (const auto& p : j["stride_sweep"]) {
    const uint64_t b = p["stride"].get<uint64_t>();
    const std::string stride = b >= (1u << 20) ? fmt::format("{} MiB", b >> 20)
                               : b >= 1024     ? fmt::format("{} KiB", b >> 10)
                                               : fmt::format("{} B", b);
    s += fmt::format("  {:<12} {:>7} {:>9.2f} {:>9.1f} {:>8.1f}\n", stride,
                     p["reads"].get<uint64_t>(), p["bandwidth_gbps"].get<double>(),
                     100 * p["efficiency"].get<double>(), 100 * p["row_hit_rate"].get<double>());
  }
  return s;
}

}  // namespace hbmsim
