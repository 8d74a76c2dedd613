// The peer trace formats hbmsim replays (DRAMsim3, Ramulator 2, Ramulator 1, DRAMSys .stl
// and .rstl), read one line at a time as their own tools read them; a refusal names the
// column of the character at fault and what was expected there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hbmsim {

enum class TraceFormat { DramSim3, Ramulator2, Ramulator1, Stl, Rstl };

// Limits of a trace (docs/limits.md).
constexpr uint64_t kTraceMaxAddress = (uint64_t(1) << 40) - 1;   // the AXI bus's 40 bits
constexpr uint64_t kTraceMaxCycle = (uint64_t(1) << 48) - 1;     // as every cycle hbmsim takes
constexpr uint32_t kTraceMaxLength = 4096;                       // bytes of one (len)
// A line of the longest (len) with its data fits with room for blanks and a comment.
constexpr size_t kTraceMaxLineBytes = 16384;

// Names as --trace-format takes them, in TraceFormat order.
const std::vector<std::string>& trace_format_names();
const std::string& trace_format_name(TraceFormat f);
std::optional<TraceFormat> trace_format_from_name(std::string_view name);
// .stl and .rstl say what they hold; other extensions (.trace, .txt) do not.
std::optional<TraceFormat> trace_format_from_extension(std::string_view path);
// The format a record line has the shape of (the first record line of a file).
std::optional<TraceFormat> sniff_trace_format(std::string_view line);
// Only DRAMsim3 and DRAMSys traces carry cycles; Ramulator's are orders only.
bool trace_has_cycles(TraceFormat f);

// One transaction of a trace.
struct TraceRecord {
  bool write = false;
  uint64_t addr = 0;
  uint32_t length = 0;           // bytes from an .stl (len); 0: one burst (data without
                                 // (len): its bytes from addr on; else the aligned burst)
  uint64_t cycle = 0;            // in the trace's clock; .rstl: summed up to this line
  std::vector<uint8_t> data;     // .stl / .rstl data, the byte at addr first; empty: none
};

struct TraceLineError {
  size_t column = 0;             // 1-based
  std::string message;           // "expected ..., found ..."
};

// Parses the lines of one trace in order (an .stl cycle may not go back; an .rstl cycle
// adds to the one before).
class TraceLineParser {
 public:
  enum class Result { Record, Skip, Error };   // Skip: a blank or comment line

  // burst_bytes: what a record without (len) moves (its data has that many bytes).
  TraceLineParser(TraceFormat f, uint32_t burst_bytes) : format_(f), burst_bytes_(burst_bytes) {}

  Result parse(std::string_view line, TraceRecord& out, TraceLineError& err);

 private:
  TraceFormat format_;
  uint32_t burst_bytes_;
  uint64_t last_cycle_ = 0;
};

}  // namespace hbmsim
