// What `hbmsim run --trace` is asked (its flags), and what the replay found.
#pragma once

#include <cstdint>
#include <string>

#include "host/trace/read/trace_file.h"

namespace hbmsim {

struct TraceSpec {
  std::string file;              // --trace; empty: no trace
  std::string format;            // --trace-format; empty: from the extension or the content
  std::string timing;            // --trace-timing trace|asap; empty: trace if it has cycles
  std::string clock_ratio = "1"; // --trace-clock-ratio: tCK per cycle of the trace's clock
  bool clock_ratio_given = false; // --trace-clock-ratio on the command line
};

struct TraceFigures {
  bool present = false;
  std::string format, timing, clock_ratio;
  TraceSummary summary;          // the validating pass
  uint64_t records = 0;          // replayed
  uint64_t bursts = 0;           // AXI bursts they were cut into
  uint64_t burst_bytes = 0;      // bytes of each of them; 0: not all the same
  uint64_t data_bytes_checked = 0, data_mismatches = 0;   // reads the trace gave data for
};

// A clock ratio as a fraction: a decimal from 0.000001 to 1000 with at most 6 places
// (exact: 1.6 tCK per cycle is 16/10, so a cycle lands on the tCK it names).
struct ClockRatio {
  uint64_t num = 1, den = 1;
};
ClockRatio parse_clock_ratio(const std::string& text);   // UsageError naming the flag

}  // namespace hbmsim
