#include "host/trace/read/trace_format.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "common/excerpt.h"
#include "common/iequals.h"

namespace hbmsim {
namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

// A refused field: where it starts and what should have been there.
struct Refusal {
  size_t column;
  std::string message;
};

[[noreturn]] void refuse(size_t column, std::string_view expected, std::string_view found) {
  throw Refusal{column, fmt::format("expected {}, found {}", expected,
                                    found.empty() ? std::string("the end of the line")
                                                  : "'" + excerpt(found) + "'")};
}

// Walks one line field by field; a field ends at a blank or one of the caller's stop
// characters. A '#' where a field would start begins a comment, which runs to the end of
// the line; inside a field it is part of it (as in a shell word), so that '0x10#00' is
// refused as no number instead of being read as 0x10 and a comment.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool at_end() {
    skip_blanks();
    return pos_ == s_.size() || s_[pos_] == '#';
  }
  std::string_view field(std::string_view stops = {}) {
    skip_blanks();
    start_ = pos_;
    if (pos_ < s_.size() && s_[pos_] == '#') return {};   // a comment: no field here
    while (pos_ < s_.size() && !blank(s_[pos_]) &&
           stops.find(s_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
    return s_.substr(start_, pos_ - start_);
  }
  bool take(char c) {
    skip_blanks();
    if (pos_ == s_.size() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  size_t field_column() const { return start_ + 1; }
  size_t column() const { return pos_ + 1; }
  // What stands at the cursor, for a refusal: the rest of the field.
  std::string_view peek() {
    const size_t at = pos_;
    const std::string_view f = field();
    pos_ = at;
    return f.empty() && pos_ < s_.size() ? s_.substr(pos_, 1) : f;
  }
  void expect_end(std::string_view what) {
    if (!at_end()) refuse(column(), fmt::format("the end of the line after {}", what), peek());
  }

 private:
  void skip_blanks() {
    while (pos_ < s_.size() && blank(s_[pos_])) ++pos_;
  }

  std::string_view s_;
  size_t pos_ = 0, start_ = 0;
};

enum class Digits { Ok, Bad, TooLarge };

Digits parse_digits(std::string_view d, unsigned base, uint64_t max, uint64_t& v) {
  if (d.empty()) return Digits::Bad;
  v = 0;
  for (const char ch : d) {
    const int x = std::isdigit(static_cast<unsigned char>(ch))
                      ? ch - '0'
                      : (base == 16 && std::isxdigit(static_cast<unsigned char>(ch))
                             ? std::tolower(static_cast<unsigned char>(ch)) - 'a' + 10
                             : -1);
    if (x < 0) return Digits::Bad;
    if (unsigned(x) > max || v > (max - unsigned(x)) / base) return Digits::TooLarge;
    v = v * base + unsigned(x);
  }
  return Digits::Ok;
}

bool hex_prefix(std::string_view f) { return f.size() >= 2 && f[0] == '0' && (f[1] | 0x20) == 'x'; }

// How each tool reads an address: hex with or without 0x (DRAMsim3's std::hex, DRAMSys'
// and Ramulator 1's base-16 stoull), or Ramulator 2's hex after 0x, else decimal.
enum class AddrStyle { Hex, HexOrDecimal };

uint64_t number(Cursor& c, std::string_view f, unsigned base, uint64_t max,
                std::string_view what, std::string_view why_max = {}) {
  uint64_t v = 0;
  const std::string_view digits = base == 16 && hex_prefix(f) ? f.substr(2) : f;
  switch (parse_digits(digits, base, max, v)) {
    case Digits::Ok: return v;
    case Digits::TooLarge:
      refuse(c.field_column(),
             fmt::format("{} of at most {}{}", what,
                         base == 16 ? fmt::format("{:#x}", max) : std::to_string(max), why_max),
             f);
    case Digits::Bad: break;
  }
  // An empty field that a stop character ended (': read', '() read') is no end of the
  // line: what stands there is shown.
  refuse(c.field_column(), what, f.empty() && !c.at_end() ? c.peek() : f);
}

uint64_t address(Cursor& c, AddrStyle style) {
  const std::string_view f = c.field();
  const bool hex = style == AddrStyle::Hex || hex_prefix(f);
  return number(c, f, hex ? 16 : 10, kTraceMaxAddress,
                hex ? "a hex address" : "an address (0x and hex, or decimal)",
                " (the AXI bus's 40 bits)");
}

uint64_t cycle(Cursor& c, std::string_view stops = {}) {
  return number(c, c.field(stops), 10, kTraceMaxCycle, "a cycle (decimal)");
}

// DRAMsim3: `0x2000D5C0 READ 30`. DRAMsim3 takes any word as the operation and writes
// only for these; `write` in any case is taken as a write too (DRAMsim3 would read
// `Write` as a read, which no trace's author means).
void dramsim3(Cursor& c, TraceRecord& r) {
  r.addr = address(c, AddrStyle::Hex);
  const std::string_view op = c.field();
  if (op.empty() || !std::isalpha(static_cast<unsigned char>(op[0]))) {
    refuse(c.field_column(), "an operation (READ, WRITE, P_MEM_WR, BOFF, ...)", op);
  }
  r.write = op == "P_MEM_WR" || op == "BOFF" || iequals(op, "write");
  r.cycle = cycle(c);
  c.expect_end("address, operation and cycle");
}

// Ramulator 2's load/store trace: `LD 0x12340` / `ST 4096`.
void ramulator2(Cursor& c, TraceRecord& r) {
  const std::string_view op = c.field();
  if (!iequals(op, "LD") && !iequals(op, "ST")) refuse(c.field_column(), "LD or ST", op);
  r.write = iequals(op, "ST");
  r.addr = address(c, AddrStyle::HexOrDecimal);
  c.expect_end("operation and address");
}

// Ramulator 1's memory trace: `0x12345680 R`; no operation reads, as in Ramulator 1.
void ramulator1(Cursor& c, TraceRecord& r) {
  r.addr = address(c, AddrStyle::Hex);
  if (c.at_end()) return;
  const std::string_view op = c.field();
  const bool read = iequals(op, "R") || iequals(op, "READ");
  if (!read && !iequals(op, "W") && !iequals(op, "WRITE")) {
    refuse(c.field_column(), "R or W", op);
  }
  r.write = !read;
  c.expect_end("address and operation");
}

// `0x` and two hex digits per byte, the byte at the address first (as DRAMSys reads it).
std::vector<uint8_t> stl_data(Cursor& c, uint32_t bytes) {
  const std::string_view f = c.field();
  const std::string expected =
      fmt::format("data of {} bytes (0x and {} hex digits)", bytes, 2 * uint64_t(bytes));
  if (!hex_prefix(f) || f.size() != 2 + 2 * size_t(bytes)) refuse(c.field_column(), expected, f);
  std::vector<uint8_t> out(bytes);
  for (uint32_t i = 0; i < bytes; ++i) {
    uint64_t v = 0;
    if (parse_digits(f.substr(2 + 2 * i, 2), 16, 0xff, v) != Digits::Ok) {
      refuse(c.field_column() + 2 + 2 * i, "hex digits of data", f.substr(2 + 2 * i, 2));
    }
    out[i] = uint8_t(v);
  }
  return out;
}

// DRAMSys: `31: (64) write 0x400140 0x00ff...`; the cycle is parsed by the caller.
void stl_fields(Cursor& c, TraceRecord& r, uint32_t burst_bytes) {
  if (!c.take(':')) refuse(c.column(), "':' after the cycle", c.peek());
  if (c.take('(')) {
    const std::string_view f = c.field(")");
    r.length = uint32_t(number(c, f, 10, kTraceMaxLength, "a length in bytes (decimal)"));
    if (r.length == 0) refuse(c.field_column(), "a length of at least 1 byte", f);
    if (!c.take(')')) refuse(c.column(), "')' after the length", c.peek());
  }
  const std::string_view op = c.field();
  if (!iequals(op, "read") && !iequals(op, "write")) refuse(c.field_column(), "read or write", op);
  r.write = iequals(op, "write");
  r.addr = address(c, AddrStyle::Hex);
  const size_t addr_column = c.field_column();
  if (!c.at_end()) r.data = stl_data(c, r.length ? r.length : burst_bytes);
  c.expect_end("cycle, operation, address and data");
  // Bytes from the address on: (len), or data without it (one burst's worth).
  const uint64_t bytes = r.length ? r.length : r.data.size();
  if (bytes && kTraceMaxAddress - r.addr < bytes - 1) {
    refuse(addr_column, fmt::format("an address whose {} bytes end by {:#x} (the AXI bus "
                                    "has 40 bits)", bytes, kTraceMaxAddress),
           fmt::format("{:#x}", r.addr));
  }
}

}  // namespace

const std::vector<std::string>& trace_format_names() {
  static const std::vector<std::string> names{"dramsim3", "ramulator2", "ramulator1", "stl",
                                              "rstl"};
  return names;
}

const std::string& trace_format_name(TraceFormat f) {
  return trace_format_names()[static_cast<size_t>(f)];
}

std::optional<TraceFormat> trace_format_from_name(std::string_view name) {
  const auto& names = trace_format_names();
  for (size_t i = 0; i < names.size(); ++i) {
    if (iequals(name, names[i])) return static_cast<TraceFormat>(i);
  }
  return std::nullopt;
}

std::optional<TraceFormat> trace_format_from_extension(std::string_view path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view ext = path.substr(dot + 1);
  if (iequals(ext, "stl")) return TraceFormat::Stl;
  if (iequals(ext, "rstl")) return TraceFormat::Rstl;
  return std::nullopt;
}

std::optional<TraceFormat> sniff_trace_format(std::string_view line) {
  Cursor c(line);
  const std::string_view first = c.field(":");
  // A first field followed by ':' is DRAMSys' cycle, whatever it holds (no other format
  // has a colon): one past 2^48 - 1 or not decimal was "cannot tell the trace's format",
  // where the .stl parser names the field, its column and the limit.
  if (c.take(':')) return TraceFormat::Stl;
  if (iequals(first, "LD") || iequals(first, "ST")) return TraceFormat::Ramulator2;
  size_t fields = first.empty() ? 0 : 1;
  while (!c.at_end()) fields += !c.field().empty();
  if (fields == 3) return TraceFormat::DramSim3;
  if (fields == 1 || fields == 2) return TraceFormat::Ramulator1;
  return std::nullopt;
}

bool trace_has_cycles(TraceFormat f) {
  return f == TraceFormat::DramSim3 || f == TraceFormat::Stl || f == TraceFormat::Rstl;
}

TraceLineParser::Result TraceLineParser::parse(std::string_view line, TraceRecord& out,
                                               TraceLineError& err) {
  Cursor c(line);
  if (c.at_end()) return Result::Skip;
  out = TraceRecord{};
  try {
    switch (format_) {
      case TraceFormat::DramSim3: dramsim3(c, out); break;
      case TraceFormat::Ramulator2: ramulator2(c, out); break;
      case TraceFormat::Ramulator1: ramulator1(c, out); break;
      case TraceFormat::Stl:
      case TraceFormat::Rstl: {
        out.cycle = cycle(c, ":");
        const size_t at = c.field_column();
        const std::string_view shown = line.substr(at - 1, c.column() - at);
        if (format_ == TraceFormat::Stl && out.cycle < last_cycle_) {
          refuse(at, fmt::format("a cycle of at least {}, the line before's (.stl cycles are "
                                 "absolute; .rstl takes relative ones)", last_cycle_), shown);
        }
        if (format_ == TraceFormat::Rstl) {
          if (out.cycle > kTraceMaxCycle - last_cycle_) {
            refuse(at, fmt::format("a relative cycle that keeps the sum at most {} (it is "
                                   "{} so far)", kTraceMaxCycle, last_cycle_), shown);
          }
          out.cycle += last_cycle_;
        }
        stl_fields(c, out, burst_bytes_);
        last_cycle_ = out.cycle;
        break;
      }
    }
  } catch (const Refusal& r) {
    err = TraceLineError{r.column, r.message};
    return Result::Error;
  }
  return Result::Record;
}

}  // namespace hbmsim
