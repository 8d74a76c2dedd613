#include "host/trace/trace_report.h"

#include <fmt/format.h>

#include "common/excerpt.h"
#include "host/report.h"

namespace hbmsim {

nlohmann::json trace_json(const RunResult& r) {
  const TraceFigures& f = r.trace;
  const TraceSummary& s = f.summary;
  return {{"file", r.opt.trace.file},
          {"format", f.format},
          {"timing", f.timing},
          {"clock_ratio", f.clock_ratio},
          {"lines", s.lines},
          {"records", s.records},
          {"reads", s.reads},
          {"writes", s.writes},
          {"records_with_data", s.with_data},
          {"last_cycle", s.last_cycle},
          {"records_out_of_order", s.out_of_order},
          {"validate_s", s.seconds},
          {"records_replayed", f.records},
          {"bursts", f.bursts},
          {"data_bytes_checked", f.data_bytes_checked},
          {"data_mismatches", f.data_mismatches}};
}

void update_trace_workload(const RunResult& r, nlohmann::json& workload) {
  const TraceSummary& s = r.trace.summary;
  // Through the crossbar or not, the trace's addresses spread its bursts over the PCs.
  workload["requests"] = r.trace.bursts;
  workload["requests_per_pc"] = requests_per_pc(r.trace.bursts, r.opt.cosim.pcs);
  workload["read_ratio"] = double(s.reads) / double(s.records);
  // The bursts the records became: a DRAMSys (len) or a 4 KiB or granule cut makes them
  // other than --beats x 32 bytes; null when they are not all the same size.
  workload["burst_bytes"] = r.trace.burst_bytes ? nlohmann::json(r.trace.burst_bytes)
                                                : nlohmann::json(nullptr);
}

std::string trace_headline(const RunResult& r) {
  const TraceFigures& f = r.trace;
  const std::string timing =
      f.timing == "trace" ? fmt::format("at its cycles x {} tCK", f.clock_ratio) : "asap";
  return fmt::format("hbmsim run: {} ({} Gb/s), {} PC{}{}, trace {} ({}, {} record{}, {}), "
                     "seed {}\n",
                     standard_label(r), r.std.data_rate_gbps, r.opt.cosim.pcs,
                     r.opt.cosim.pcs == 1 ? "" : "s", r.opt.cosim.xbar ? " through the crossbar" : "",
                     excerpt(r.opt.trace.file, 120), f.format, f.summary.records,
                     f.summary.records == 1 ? "" : "s", timing, r.opt.workload.seed);
}

std::string trace_summary(const RunResult& r) {
  const TraceFigures& f = r.trace;
  std::string s = fmt::format(
      "  trace         {} checked in {:.2f} s: {}, {}; {} replayed as {}\n",
      count_of(f.summary.lines, "line"), f.summary.seconds, count_of(f.summary.reads, "read"),
      count_of(f.summary.writes, "write"), count_of(f.records, "record"),
      count_of(f.bursts, "burst"));
  if (f.summary.with_data) {
    s += fmt::format("  trace data    {} {} data; {} read compared with it, {} differ\n",
                     count_of(f.summary.with_data, "record"),
                     f.summary.with_data == 1 ? "carries" : "carry",
                     count_of(f.data_bytes_checked, "byte"), f.data_mismatches);
  }
  return s;
}

}  // namespace hbmsim
