// A trace file read record by record in bounded memory (a 30 GB trace needs a 64 KiB
// buffer), and the validating pass that reads it all before a run starts.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/trace/read/trace_format.h"

namespace hbmsim {

// Lines of a file: at most kTraceMaxLineBytes each, a CR before the LF dropped, a UTF-8
// byte-order mark before the first one skipped. Refuses a directory and anything but a
// regular file (a trace is read twice: once to check it, once to replay it). Problems
// throw ConfigError naming the file and line.
class TraceLines {
 public:
  explicit TraceLines(const std::string& path);

  bool next(std::string_view& line);
  uint64_t line() const { return line_; }
  const std::string& shown() const { return shown_; }   // the path, escaped for messages
  // The line last read ended at the end of the file, without a line feed.
  bool unended() const { return unended_; }

 private:
  bool fill();

  std::string shown_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::vector<char> buf_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false, unended_ = false;
  uint64_t line_ = 0;
};

// The records of a trace in order; a malformed line throws ConfigError
// "FILE:LINE:COLUMN: expected ..., found ...".
class TraceFile {
 public:
  TraceFile(const std::string& path, TraceFormat f, uint32_t burst_bytes)
      : lines_(path), parser_(f, burst_bytes) {}

  bool next(TraceRecord& r);
  uint64_t line() const { return lines_.line(); }
  const std::string& shown() const { return lines_.shown(); }
  bool unended() const { return lines_.unended(); }

 private:
  TraceLines lines_;
  TraceLineParser parser_;
};

// The format --trace-format names, else the extension's (.stl, .rstl), else the shape of
// the file's first record line; UsageError when none says.
TraceFormat trace_format_of(const std::string& path, const std::string& format_flag);

// What the validating pass found.
struct TraceSummary {
  uint64_t lines = 0, records = 0, reads = 0, writes = 0;
  uint64_t with_data = 0;        // records carrying data (.stl / .rstl)
  uint64_t last_cycle = 0;       // the largest cycle (trace clock)
  uint64_t last_cycle_line = 0;  // the line of its first record
  // Records whose cycle is below one before them: a DRAMsim3 trace may hold them (DRAMsim3
  // reads a trace in file order and issues such a record as soon as it reaches it); .stl
  // refuses them and .rstl cannot hold them. The first one's line and cycle, and the
  // largest cycle before it and its line.
  uint64_t out_of_order = 0;
  uint64_t out_of_order_line = 0, out_of_order_cycle = 0;
  uint64_t out_of_order_after = 0, out_of_order_after_line = 0;
  // The line of a last record that has no line end (0: none), perhaps cut while written.
  uint64_t unended_line = 0;
  std::string shown;             // the path, escaped for messages
  double seconds = 0;            // wall time of the pass
};

// Reads the whole trace and refuses it (ConfigError) at its first malformed line, or if
// it holds no record: nothing is simulated of a trace that would stop half-way.
TraceSummary validate_trace(const std::string& path, TraceFormat f, uint32_t burst_bytes);

}  // namespace hbmsim
