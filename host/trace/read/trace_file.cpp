#include "host/trace/read/trace_file.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "common/reread_file.h"

namespace hbmsim {
namespace {

constexpr size_t kBufferBytes = size_t(1) << 16;   // four of the longest lines
constexpr uint64_t kSniffLines = 1000;              // lines looked at to tell the format

// A line is read up to LF (a CRLF's CR is dropped): a file with CR-only line ends (classic
// Mac OS) is one long line whose records run together, its CRs shown as \r. Say so.
// Why a refused line may not be text at all. A NUL byte: a binary file, or UTF-16 (every
// other byte of ASCII text is NUL, the file opens with FF FE or FE FF), which a trace's
// tools never read; the refusal showed '\xff\xfe0\x00' and no more.
std::string cr_note(std::string_view line) {
  if (line.find('\0') != std::string_view::npos) {
    const bool utf16 = starts_utf16(line);
    return utf16 ? " (the file is UTF-16: a trace is ASCII or UTF-8 text; convert it, e.g. "
                   "iconv -f UTF-16 -t UTF-8)"
                 : " (the line holds NUL bytes: the file is binary, not a text trace)";
  }
  return line.find('\r') == std::string_view::npos
             ? ""
             : " (the line holds carriage returns: lines must end in LF or CRLF, not CR alone)";
}

// A trace with no record: refused whatever its format (none was needed to find that out).
// An empty file was "(0 lines, all blank or comments)", one line "(1 lines, ...)".
[[noreturn]] void no_transaction(const std::string& shown, uint64_t lines) {
  const std::string what = lines == 0   ? "an empty file"
                           : lines == 1 ? "1 line, blank or a comment"
                                        : fmt::format("{} lines, all blank or comments", lines);
  throw ConfigError(fmt::format("{}: holds no transaction ({})", shown, what));
}

std::FILE* open_trace(const std::string& path, const std::string& shown) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (fs::is_directory(st)) {
    throw ConfigError(fmt::format("{}: is a directory, expected a trace (--trace takes a trace "
                                  "file)", shown));
  }
  require_rereadable(path, shown, "a trace is read twice: once to check every line before "
                                  "the run, once to replay it");
  errno = 0;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw ConfigError(fmt::format("{}: cannot read trace: {}", shown, std::strerror(errno)));
  return f;
}

}  // namespace

TraceLines::TraceLines(const std::string& path)
    : shown_(excerpt(path, 200)), file_(open_trace(path, shown_), &std::fclose),
      buf_(kBufferBytes) {}

// Moves what is left to the front and reads after it; false at the end of the file.
bool TraceLines::fill() {
  if (eof_) return false;
  std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
  end_ -= begin_;
  begin_ = 0;
  const size_t n = std::fread(buf_.data() + end_, 1, buf_.size() - end_, file_.get());
  if (n == 0 && std::ferror(file_.get())) {
    throw ConfigError(fmt::format("{}:{}: cannot read: {}", shown_, line_ + 1, std::strerror(errno)));
  }
  end_ += n;
  eof_ = n == 0;
  return n != 0;
}

bool TraceLines::next(std::string_view& line) {
  for (;;) {
    const char* from = buf_.data() + begin_;
    const auto* nl = static_cast<const char*>(std::memchr(from, '\n', end_ - begin_));
    const size_t len = nl ? size_t(nl - from) : end_ - begin_;
    auto too_long = [&] {
      const std::string_view text(from, len);
      throw ConfigError(fmt::format("{}:{}:{}: expected a line of at most {} bytes, found a "
                                    "longer one ('{}'){}", shown_, line_ + 1,
                                    kTraceMaxLineBytes + 1, kTraceMaxLineBytes, excerpt(text),
                                    cr_note(text)));
    };
    // A CRLF's CR and the first line's byte-order mark are not the line's: a line of
    // 16384 bytes ending in CRLF was refused as longer, with a note to end lines in CRLF.
    if (len > kTraceMaxLineBytes + 1 + (line_ == 0 ? 3 : 0)) too_long();
    if (nl || (eof_ && len > 0)) {
      line = std::string_view(from, len);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line_ == 0 && line.substr(0, 3) == "\xef\xbb\xbf") line.remove_prefix(3);
      if (line.size() > kTraceMaxLineBytes) too_long();
      begin_ += len + (nl ? 1 : 0);
      unended_ = !nl;
      ++line_;
      return true;
    }
    if (!fill() && end_ == begin_) return false;
  }
}

bool TraceFile::next(TraceRecord& r) {
  std::string_view text;
  TraceLineError err;
  while (lines_.next(text)) {
    switch (parser_.parse(text, r, err)) {
      case TraceLineParser::Result::Record: return true;
      case TraceLineParser::Result::Skip: break;
      case TraceLineParser::Result::Error:
        throw ConfigError(fmt::format("{}:{}:{}: {}{}", shown(), line(), err.column,
                                      err.message, cr_note(text)));
    }
  }
  return false;
}

TraceFormat trace_format_of(const std::string& path, const std::string& format_flag) {
  const std::string choices = fmt::format("{}", fmt::join(trace_format_names(), ", "));
  if (!format_flag.empty()) {
    if (auto f = trace_format_from_name(format_flag)) return *f;
    throw UsageError(fmt::format("--trace-format {}: unknown format, expected one of {}",
                                 excerpt(format_flag), choices));
  }
  if (auto f = trace_format_from_extension(path)) return *f;
  TraceLines lines(path);
  std::string_view text;
  while (lines.line() < kSniffLines) {
    if (!lines.next(text)) no_transaction(lines.shown(), lines.line());
    const size_t start = text.find_first_not_of(" \t");
    if (start == std::string_view::npos || text[start] == '#') continue;
    if (auto f = sniff_trace_format(text)) return *f;
    throw UsageError(fmt::format("{}:{}: cannot tell the trace's format from '{}'{}; give "
                                 "--trace-format ({})", lines.shown(), lines.line(),
                                 excerpt(text), cr_note(text), choices));
  }
  // A file of exactly kSniffLines blank or comment lines holds no transaction at all.
  if (!lines.next(text)) no_transaction(lines.shown(), lines.line());
  throw UsageError(fmt::format("{}: no record in its first {} lines to tell the format from; "
                               "give --trace-format ({})", lines.shown(), kSniffLines, choices));
}

TraceSummary validate_trace(const std::string& path, TraceFormat f, uint32_t burst_bytes) {
  const auto start = std::chrono::steady_clock::now();
  TraceSummary s;
  TraceFile file(path, f, burst_bytes);
  TraceRecord r;
  while (file.next(r)) {
    ++s.records;
    ++(r.write ? s.writes : s.reads);
    s.with_data += !r.data.empty();
    if (r.cycle < s.last_cycle && s.out_of_order++ == 0) {
      s.out_of_order_line = file.line();
      s.out_of_order_cycle = r.cycle;
      s.out_of_order_after = s.last_cycle;
      s.out_of_order_after_line = s.last_cycle_line;
    }
    if (r.cycle > s.last_cycle || s.records == 1) {
      s.last_cycle = r.cycle;
      s.last_cycle_line = file.line();
    }
    if (file.unended()) s.unended_line = file.line();
  }
  s.lines = file.line();
  s.shown = file.shown();
  if (s.records == 0) no_transaction(file.shown(), s.lines);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

}  // namespace hbmsim
