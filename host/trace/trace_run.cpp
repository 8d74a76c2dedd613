// `hbmsim run --trace FILE`: a peer trace checked line by line, then replayed through
// the host masters like any host traffic, with its reads' data checked when it has some.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/errors.h"
#include "common/excerpt.h"
#include "cosim/models/rtl_xbar.h"
#include "host/run.h"
#include "host/trace/trace_check.h"
#include "host/trace/trace_source.h"

namespace hbmsim {
namespace {

bool timed(const TraceSpec& spec, TraceFormat f) {
  // A trace without cycles replays asap, which --trace-clock-ratio cannot time: refused
  // as with an explicit --trace-timing asap, not ignored.
  if (spec.timing.empty() && !trace_has_cycles(f) && spec.clock_ratio_given) {
    throw UsageError(fmt::format("--trace-clock-ratio {}: a {} trace carries no cycles to "
                                 "time (it replays asap)", excerpt(spec.clock_ratio),
                                 trace_format_name(f)));
  }
  if (spec.timing.empty()) return trace_has_cycles(f);
  if (spec.timing == "asap") return false;
  if (!trace_has_cycles(f)) {
    throw UsageError(fmt::format("--trace-timing trace: a {} trace carries no cycles; replay it "
                                 "with --trace-timing asap", trace_format_name(f)));
  }
  return true;
}

TracePlacement placement(const RunOptions& opt, TraceFormat f) {
  TracePlacement p;
  p.ports = opt.cosim.xbar ? 1 : opt.cosim.pcs;
  p.burst_bytes = opt.workload.beats * AxiTxn::kBusBytes;
  p.seed = opt.workload.seed;
  p.timed = timed(opt.trace, f);
  const ClockRatio ratio = parse_clock_ratio(opt.trace.clock_ratio);
  p.ratio_num = ratio.num;
  p.ratio_den = ratio.den;
  const auto beats_log2 = exact_log2(opt.workload.beats);
  if (!beats_log2 || opt.workload.beats > 128) {
    throw UsageError(fmt::format("--beats {}: expected a power of two from 1 to 128 (a record "
                                 "without a length moves one aligned burst)", opt.workload.beats));
  }
  if (p.ports == 1) return p;
  const auto pcs_log2 = exact_log2(p.ports);
  if (!pcs_log2) {
    throw UsageError(fmt::format("--pcs {} with --trace: a trace is spread over a power of two "
                                 "of PCs (as the crossbar interleaves them)", p.ports));
  }
  // Spread over ports, a trace's bytes land where the crossbar would put them: its granule.
  RtlXbar::check_granule(opt.cosim.xbar_granule);
  p.spread = Interleave{*pcs_log2, *exact_log2(opt.cosim.xbar_granule)};
  return p;
}

// Every tCK up to a timed trace's last record is simulated, idle ones too (the
// controller refreshes; the RTL has no way to skip time), at about 0.5 M tCK/s on one PC
// and a thirtieth of that on 32. So a record far out (a cycle of 2^48 is a valid one)
// would be a run of years that looks like a hang: past about half an hour's work
// (tCK x PCs below), a run needs --max-cycles, which says how far to go.
constexpr uint64_t kWorkWithoutLimit = 1'000'000'000;

// Below the limit, a replay may still be many minutes of idle tCK (two records, the second
// at tCK 10^9 on one PC: half an hour) with nothing printed but a progress line on a
// terminal: past about a minute's work it is said before the run, with the way out.
constexpr uint64_t kWorkNoted = 40'000'000;
constexpr double kSecondsPerTckAndPc = 1.5e-6;   // measured: 1.75 us on 1 PC, 1.2 on 32

void check_span(const TraceSummary& s, const TracePlacement& p, const RunOptions& opt) {
  if (!p.timed || opt.cosim.max_cycles != 0) return;
  const uint64_t pcs = std::max(1u, opt.cosim.pcs);
  const uint64_t last = trace_tck(s.last_cycle, p);
  if (last > kWorkNoted / pcs && last <= kWorkWithoutLimit / pcs) {
    const auto minutes = static_cast<unsigned long long>(
        std::max(1.0, std::round(double(last) * double(pcs) * kSecondsPerTckAndPc / 60)));
    std::fprintf(stderr, "%s",
                 fmt::format("hbmsim: note: {}:{}: the last record is at tCK {} of the replay: "
                             "every tCK up to it is simulated, idle ones too, about {} on {} "
                             "(--max-cycles N stops the run N tCK after reset)\n",
                             s.shown, s.last_cycle_line, last, count_of(minutes, "minute"),
                             count_of(pcs, "PC"))
                     .c_str());
  }
  if (last <= kWorkWithoutLimit / pcs) return;
  // The replay's tCK 0 follows the controllers' set-up; --max-cycles counts from reset.
  const uint64_t setup = setup_cycles(opt);
  throw ConfigError(fmt::format(
      "{}:{}: cycle {} is tCK {} of the replay: every tCK up to it is simulated, on {} "
      "past the {} tCK a run goes without a limit (about half an hour); give --max-cycles N "
      "to replay up to its tCK N - {} (the limit counts from reset, the controllers' {}-tCK "
      "set-up included; the whole trace needs more than {})",
      s.shown, s.last_cycle_line, s.last_cycle, last, count_of(pcs, "PC"),
      kWorkWithoutLimit / pcs, setup, setup, last + setup));
}

// A DRAMsim3 trace whose cycles go back is taken, as DRAMsim3 takes it (its trace CPU reads
// the file in order and issues a record once the clock has reached its cycle, so a record
// whose cycle is already past goes out at once), but said once: replayed in silence, such
// records were issued later than their cycles with nothing to tell the run from a sorted
// trace's. Only a timed replay: asap ignores every cycle.
void warn_out_of_order(const TraceSummary& s, const TracePlacement& p) {
  if (!p.timed || s.out_of_order == 0) return;
  const std::string others =
      s.out_of_order == 1 ? "the only such record"
                          : fmt::format("{} such records in all", s.out_of_order);
  std::fprintf(stderr, "%s",
               fmt::format("hbmsim: warning: {}:{}: cycle {} is below cycle {} of line {} "
                           "before it ({}): records are issued in file order (each port its "
                           "own), as DRAMsim3 issues them, so such a record goes out when its "
                           "turn comes, not at its cycle; sort the trace by cycle to time "
                           "each by its own\n",
                           s.shown, s.out_of_order_line, s.out_of_order_cycle,
                           s.out_of_order_after, s.out_of_order_after_line, others)
                   .c_str());
}

// A trace whose last record has no line end is taken (the tools take it, and a trace
// written by hand often ends so), but said: a trace cut while being written ends so too,
// and its last record was replayed cut short without a word ('0x2000 READ 12' of
// '0x2000 READ 1234': a cycle, an address or a length with fewer digits than written).
void warn_unended(const TraceSummary& s) {
  if (s.unended_line == 0) return;
  std::fprintf(stderr, "%s",
               fmt::format("hbmsim: warning: {}:{}: the last line has no line end, as a trace "
                           "cut while being written has: its record is replayed as it reads "
                           "(a number cut short reads as a smaller one); end the line with a "
                           "line feed if it is whole, or remove it\n",
                           s.shown, s.unended_line)
                   .c_str());
}

void add_trace_results(const TraceDealer& dealer, const TraceReadCheck& check, RunResult& r) {
  TraceFigures& f = r.trace;
  // What was issued: a run stopped early (--max-cycles) read records it never issued.
  f.records = dealer.records_issued();
  f.bursts = dealer.bursts_issued();
  if (dealer.min_beats() == dealer.max_beats()) {
    f.burst_bytes = uint64_t(dealer.max_beats()) * AxiTxn::kBusBytes;
  }
  f.data_bytes_checked = check.bytes_checked();
  f.data_mismatches = check.mismatches();
  // The same bytes the scoreboard compared: counted once in checks.bytes_checked.
  r.data_mismatches += check.mismatches();
  for (const auto& s : check.reports()) r.problems.push_back(s);
  if (!dealer.error().empty()) {
    r.problems.push_back("the trace changed after it was checked, the replay stopped: " +
                         dealer.error());
  } else if (r.outcome.reason == StopReason::Done && dealer.records() != f.summary.records) {
    r.problems.push_back(fmt::format("{} records replayed of the {} the trace held when checked "
                                     "(it changed during the run)", dealer.records(),
                                     f.summary.records));
  }
}

}  // namespace

RunResult run_trace(const RunOptions& opt) {
  const TraceSpec& spec = opt.trace;
  const TraceFormat format = trace_format_of(spec.file, spec.format);
  const TracePlacement place = placement(opt, format);
  run_standard(opt);   // a bad standard is refused before a long validating pass

  TraceFigures figures;
  figures.present = true;
  figures.format = trace_format_name(format);
  figures.timing = place.timed ? "trace" : "asap";
  figures.clock_ratio = spec.clock_ratio;
  figures.summary = validate_trace(spec.file, format, place.burst_bytes);
  check_span(figures.summary, place, opt);
  warn_out_of_order(figures.summary, place);
  warn_unended(figures.summary);

  TraceDealer dealer(spec.file, format, place);
  TraceReadCheck check(place.ports, place.spread);
  HostTraffic traffic;
  traffic.source = [&dealer](unsigned port, uint64_t) { return dealer.source(port); };
  traffic.observers = {&check, &dealer};   // the dealer counts what was issued
  RunOptions run_opt = opt;
  run_opt.workload.pattern = "trace";   // what the report names
  RunResult r = run_host_traffic(run_opt, traffic);
  r.trace = figures;
  add_trace_results(dealer, check, r);
  return r;
}

}  // namespace hbmsim
