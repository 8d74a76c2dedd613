#include "host/trace/trace_cli.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/errors.h"

namespace hbmsim {

void add_trace_options(CLI::App& run, TraceSpec& t) {
  run.add_option("--trace", t.file,
                 "Replay this trace (DRAMsim3, Ramulator 2 / 1, DRAMSys .stl / .rstl) instead of "
                 "a workload; every line is checked before the run");
  run.add_option("--trace-format", t.format,
                 fmt::format("The trace's format: {} (default: .stl / .rstl by extension, "
                             "else from its first record line)",
                             fmt::join(trace_format_names(), ", ")));
  run.add_option("--trace-timing", t.timing,
                 "trace: issue no request before its cycle (default for formats with cycles); "
                 "asap: as fast as the controller accepts")
      ->check(CLI::IsMember({"trace", "asap"}));
  run.add_option("--trace-clock-ratio", t.clock_ratio,
                 "tCK per cycle of the trace's clock (decimal, at most 6 places)")
      ->capture_default_str();
}

void check_trace_flags(const CLI::App& run, TraceSpec& t) {
  if (t.file.empty()) {
    for (const char* flag : {"--trace-format", "--trace-timing", "--trace-clock-ratio"}) {
      if (run.count(flag)) throw UsageError(fmt::format("{} is for --trace FILE", flag));
    }
    return;
  }
  for (const char* flag : {"--workload", "--requests", "--read-ratio", "--footprint",
                           "--stride"}) {
    if (run.count(flag)) {
      throw UsageError(fmt::format("{} is for a workload; --trace replays the trace's own "
                                   "requests", flag));
    }
  }
  t.clock_ratio_given = run.count("--trace-clock-ratio") > 0;
  if (t.timing == "asap" && t.clock_ratio_given) {
    throw UsageError("--trace-clock-ratio times a trace; --trace-timing asap ignores its cycles");
  }
  parse_clock_ratio(t.clock_ratio);
}

}  // namespace hbmsim
