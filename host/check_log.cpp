// Reading a DRAM command log (the CSV `hbmsim run --cmd-log` writes) and re-checking it
// against a standard with the device model's timing checker: what `hbmsim check-log` runs,
// at the Release build's full optimization (a log has a line per command; a decode token's
// has millions).
#include "host/check_log.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/reread_file.h"
#include "common/excerpt.h"
#include "host/run_limits.h"

namespace hbmsim {
namespace {

constexpr const char* kHeader = "cycle,ch,pc,sid,cmd,bg,bank,row,col";
constexpr std::array<const char*, 9> kFields = {"cycle", "ch",   "pc",  "sid", "cmd",
                                                 "bg",    "bank", "row", "col"};
enum Field { kCycle, kCh, kPc, kSid, kCmd, kBg, kBank, kRow, kCol };

// Limits of a log (docs/limits.md). A line of nine numbers fits in 200 bytes; the last
// cycle (kMaxCycle, as for `run`) is far beyond any run (2^48 tCK is 49 hours of HBM3)
// and keeps every cycle sum the checker forms far from overflowing.
constexpr size_t kMaxLineBytes = 1024;

// Parses one line of the log; throws ConfigError naming file, line and field.
class LineParser {
 public:
  LineParser(const std::string& path, uint64_t line) : path_(path), line_(line) {}

  Command parse(const std::string& text) {
    std::vector<std::string> f;
    size_t start = 0;
    for (;;) {
      const size_t comma = text.find(',', start);
      f.push_back(text.substr(start, comma == std::string::npos ? comma : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (f.size() < kFields.size()) {   // the line is shown: a comment, say, is not a log line
      fail(kFields[f.size()], "",
           fmt::format("missing (9 fields expected; the line reads '{}')", excerpt(text, 80)));
    }
    if (f.size() > kFields.size()) {
      throw ConfigError(fmt::format("{}:{}: {} fields, expected 9 ({})", excerpt(path_, 200),
                                    line_, f.size(), kHeader));
    }
    Command c;
    const auto kind = parse_cmd(f[kCmd]);
    if (!kind) {
      fail(kFields[kCmd], f[kCmd], "unknown command (ACT PRE PREA RD RDA WR WRA REFab REFpb)");
    }
    c.kind = *kind;
    c.cycle = number(f, kCycle, true, kMaxCycle);
    c.ch = unsigned(number(f, kCh, true));
    c.pc = unsigned(number(f, kPc, true));
    const bool bank = targets_bank(c.kind);
    c.sid = unsigned(number(f, kSid, bank));
    c.bg = unsigned(number(f, kBg, bank));
    c.bank = unsigned(number(f, kBank, bank));
    c.row = unsigned(number(f, kRow, c.kind == CmdKind::ACT));
    c.col = unsigned(number(f, kCol, is_column(c.kind)));
    return c;
  }

 private:
  // A field the command uses must hold a number; one it does not use must be empty.
  uint64_t number(const std::vector<std::string>& f, Field i, bool used,
                  uint64_t max = 0xffffffffull) {
    const std::string& v = f[i];
    if (!used) {
      if (!v.empty()) {
        fail(kFields[i], v, fmt::format("{} does not use this field (leave it empty)", f[kCmd]));
      }
      return 0;
    }
    if (v.empty()) fail(kFields[i], v, fmt::format("missing ({} needs it)", f[kCmd]));
    uint64_t n = 0;
    for (char ch : v) {
      if (ch < '0' || ch > '9') fail(kFields[i], v, "expected a non-negative integer");
      const uint64_t d = uint64_t(ch - '0');
      if (d > max || n > (max - d) / 10) {
        fail(kFields[i], v, fmt::format("too large (at most {})", max));
      }
      n = n * 10 + d;
    }
    return n;
  }

  [[noreturn]] void fail(const char* field, const std::string& value, const std::string& why) {
    const std::string shown = value.empty() ? "" : fmt::format(" = '{}'", excerpt(value));
    throw ConfigError(fmt::format("{}:{}: field '{}'{}: {}", excerpt(path_, 200), line_, field,
                                  shown, why));
  }

  const std::string& path_;
  uint64_t line_;
};

// Reads a file line by line, no line longer than kMaxLineBytes (memory stays bounded
// whatever the file holds); a CR before the LF is dropped (CRLF files).
class LineReader {
 public:
  explicit LineReader(const std::string& path) : path_(path), shown_(excerpt(path, 200)) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (fs::is_directory(st)) {
      throw ConfigError(fmt::format("{}: is a directory, expected a command log (CSV)", shown_));
    }
    require_rereadable(path, shown_, "check-log reads the log twice: once to check every "
                                     "line, once to check the commands; write it to a file "
                                     "first");
    in_.open(path, std::ios::binary);
    if (!in_) {
      throw ConfigError(fmt::format("{}: cannot read command log: {}", shown_,
                                    std::strerror(errno)));
    }
  }

  const std::string& shown() const { return shown_; }
  uint64_t line() const { return line_; }
  // The line last read ended at the end of the file, without a line feed.
  bool unended() const { return unended_; }

  bool next(std::string& text) {
    text.clear();
    std::streambuf& buf = *in_.rdbuf();
    try {
      for (;;) {
        const int ch = buf.sbumpc();
        if (ch == std::char_traits<char>::eof()) {
          if (text.empty()) return false;
          unended_ = true;
          break;
        }
        if (ch == '\n') break;
        // A CR past the limit may be a CRLF's, which is not the line's: a line of 1024
        // bytes ending in CRLF was refused as longer.
        if (text.size() > kMaxLineBytes || (text.size() == kMaxLineBytes && ch != '\r')) {
          too_long(text);
        }
        text.push_back(char(ch));
      }
    } catch (const std::ios_base::failure& e) {
      throw ConfigError(fmt::format("{}:{}: cannot read: {}", shown_, line_ + 1,
                                    excerpt(e.what(), 120)));
    }
    ++line_;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    return true;
  }

 private:
  [[noreturn]] void too_long(const std::string& text) const {
    const bool cr = text.find('\r') != std::string::npos;
    throw ConfigError(fmt::format("{}:{}: line longer than {} bytes ('{}'){}", shown_, line_ + 1,
                                  kMaxLineBytes, excerpt(text),
                                  cr ? " (it holds carriage returns: lines must end in LF or "
                                       "CRLF, not CR alone)" : ""));
  }

  std::ifstream in_;
  std::string path_, shown_;
  uint64_t line_ = 0;
  bool unended_ = false;
};

// Why a header that is not ours may look like ours on a terminal.
std::string header_hint(const std::string& text) {
  if (text.rfind("\xef\xbb\xbf", 0) == 0) return " (the file starts with a UTF-8 byte-order mark)";
  if (starts_utf16(text)) {
    return " (the file is UTF-16; a command log is ASCII: iconv -f UTF-16 -t UTF-8)";
  }
  if (text.find('\0') != std::string::npos) return " (the line holds NUL bytes: a binary file)";
  if (text.find('\r') != std::string::npos) return " (the line holds a carriage return)";
  for (const char ch : text) {
    if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7f) {
      return " (the line holds invisible or non-ASCII characters, shown escaped)";
    }
  }
  return "";
}

}  // namespace

void read_command_log(const std::string& path,
                      const std::function<void(const Command&, uint64_t line)>& fn) {
  LineReader in(path);
  std::string text;
  if (!in.next(text) || text != kHeader) {
    const bool empty = in.line() == 0;
    throw ConfigError(fmt::format("{}:1: header: expected '{}', found '{}'{}", in.shown(),
                                  kHeader, empty ? std::string("(empty file)") : excerpt(text, 80),
                                  empty ? "" : header_hint(text)));
  }
  while (in.next(text)) {
    if (text.empty()) continue;
    // `run --cmd-log` ends every line with a line feed: a last line without one is a log
    // cut mid-line (a run killed while writing it), whose last field may be cut short yet
    // read as a number ('79,0,0,1,RDA,1,0,,3' of col 31 was checked as col 3).
    if (in.unended()) {
      throw ConfigError(fmt::format(
          "{}:{}: the last line has no line end ('{}'): every line run --cmd-log writes ends "
          "with one, so the log looks cut in the middle of this line (a run stopped while "
          "writing it?); remove the line, or end it with a line feed if it is whole",
          in.shown(), in.line(), excerpt(text, 80)));
    }
    fn(LineParser(path, in.line()).parse(text), in.line());
  }
}

LogCount check_command_log(const Standard& s, const std::string& path,
                           const std::function<void(const Violation&, uint64_t line)>& sink) {
  // First pass: the whole file is well formed (a parse error stops before any report),
  // and which PCs it names.
  std::vector<bool> named(s.org.pcs(), false);
  read_command_log(path, [&](const Command& c, uint64_t) {
    const uint64_t pc = uint64_t(c.ch) * s.org.pcs_per_channel + c.pc;
    if (c.pc < s.org.pcs_per_channel && pc < named.size()) named[pc] = true;
  });

  LogCount r;
  TimingChecker checker(s, s.org.pcs());
  checker.watch_refresh(named);
  uint64_t line = 0;   // the log line being checked (after the last: the last one read)
  auto report = [&](const Violation& v) {
    ++r.violations;
    sink(v, line);
  };
  // Refresh deadlines that passed up to `cycle`: one report per PC however long the gap.
  auto advance_to = [&](uint64_t cycle) {
    while (auto v = checker.advance(cycle)) report(*v);
  };
  uint64_t last = 0;
  read_command_log(path, [&](const Command& c, uint64_t at) {
    line = at;
    if (c.cycle > 0) advance_to(c.cycle - 1);
    for (const Violation& v : checker.check_all(c)) report(v);   // every rule it breaks
    last = std::max(last, c.cycle);
    ++r.commands;
  });
  advance_to(last);
  return r;
}

LogCheck check_command_log(const Standard& s, const std::string& path) {
  LogCheck r;
  const LogCount n = check_command_log(s, path, [&](const Violation& v, uint64_t) {
    r.violations.push_back(v);
  });
  r.commands = n.commands;
  return r;
}

}  // namespace hbmsim
