#include "host/report/probe_report.h"

#include <fmt/format.h>

#include "host/report.h"

namespace hbmsim {
namespace {

// A figure of a case without a sample, or of a stride the run did not finish (stopped by
// --max-cycles), is null ("n/a" in the summary and HTML): 0 ns would read as measured.
template <typename T>
nlohmann::json if_measured(bool measured, T v) {
  return measured ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json case_json(const LatencyFigures& l, double tck, const char* policy) {
  const bool m = l.samples > 0;
  return {{"samples", l.samples},
          {"samples_asked", l.asked},
          {"reads_tried", l.tried},
          {"left_out_other_commands", l.other_commands},
          {"left_out_refresh", l.refresh_nearby},
          {"page_policy", policy},
          {"tck_min", if_measured(m, l.min)},
          {"tck_mean", if_measured(m, l.mean)},
          {"tck_max", if_measured(m, l.max)},
          {"ns_min", if_measured(m, double(l.min) * tck)},
          {"ns_mean", if_measured(m, l.mean * tck)},
          {"ns_max", if_measured(m, double(l.max) * tck)}};
}

nlohmann::json stride_json(const StridePoint& p, const RunResult& r) {
  const double tck = r.std.t.tck_ns;
  const double gbps = p.cycles ? double(p.reads) * 32 / (double(p.cycles) * tck) : 0.0;
  const bool m = p.done;
  return {{"stride", p.stride},
          {"reads", if_measured(m, p.reads)},
          {"cycles", if_measured(m, p.cycles)},
          {"bandwidth_gbps", if_measured(m, gbps)},
          {"efficiency", if_measured(m, gbps / r.std.peak_gbps_per_pc())},
          {"row_hit_rate", if_measured(m, p.reads ? double(p.row_hits) / double(p.reads) : 0.0)},
          {"acts", if_measured(m, p.acts)}};
}

// The difference of two cases' means, null unless both have samples.
nlohmann::json difference(const LatencyFigures& a, const LatencyFigures& b) {
  return if_measured(a.samples && b.samples, a.mean - b.mean);
}

std::string count_text(const nlohmann::json& v) {
  return v.is_null() ? std::string("n/a") : std::to_string(v.get<uint64_t>());
}

}  // namespace

std::vector<std::string> probe_shortfalls(const nlohmann::json& probe) {
  std::vector<std::string> notes;
  for (const char* c : {"hit", "closed", "miss"}) {
    const auto& l = probe[c];
    const uint64_t got = l["samples"].get<uint64_t>(), asked = l["samples_asked"].get<uint64_t>();
    const uint64_t tried = l["reads_tried"].get<uint64_t>();
    if (got >= asked || tried < kProbeMaxTries * asked) continue;   // or a run stopped early
    notes.push_back(fmt::format(
        "{}: {} of {} samples counted in {} reads, the most tried ({} per sample): {} left out "
        "for a refresh nearby, {} for other commands on the bank", c, got, asked, tried,
        kProbeMaxTries, l["left_out_refresh"].get<uint64_t>(),
        l["left_out_other_commands"].get<uint64_t>()));
  }
  return notes;
}

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
                      {"closed_minus_hit_tck", difference(closed, hit)},
                      {"miss_minus_closed_tck", difference(miss, closed)},
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
    s += fmt::format("  {:<12} {:>7} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}\n", c,
                     l["samples"].get<uint64_t>(), fixed(l["ns_min"], 2), fixed(l["ns_mean"], 2),
                     fixed(l["ns_max"], 2), count_text(l["tck_min"]), fixed(l["tck_mean"], 1),
                     count_text(l["tck_max"]));
  }
  s += fmt::format("  closed - hit  {} tCK (tRCD {}), miss - closed {} tCK (tRP {})\n",
                   fixed(j["closed_minus_hit_tck"], 1), j["trcd_tck"].get<unsigned>(),
                   fixed(j["miss_minus_closed_tck"], 1), j["trp_tck"].get<unsigned>());
  for (const std::string& note : probe_shortfalls(j)) s += "  short         " + note + "\n";
  s += fmt::format("  {:<12} {:>7} {:>9} {:>9} {:>8}\n", "stride", "reads", "GB/s", "% peak",
                   "row hit");
  for (const auto& p : j["stride_sweep"]) {
    const uint64_t b = p["stride"].get<uint64_t>();
    const std::string stride = b >= (1u << 20) ? fmt::format("{} MiB", b >> 20)
                               : b >= 1024     ? fmt::format("{} KiB", b >> 10)
                                               : fmt::format("{} B", b);
    s += fmt::format("  {:<12} {:>7} {:>9} {:>9} {:>8}\n", stride, count_text(p["reads"]),
                     fixed(p["bandwidth_gbps"], 2), fixed(p["efficiency"], 1, 100),
                     fixed(p["row_hit_rate"], 1, 100));
  }
  return s;
}

}  // namespace hbmsim
