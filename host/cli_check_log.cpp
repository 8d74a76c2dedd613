// `hbmsim check-log`: reads a command log, runs it through the timing checker, prints
// each violation (one line) and a count. Exit 0 clean, 1 any violation, 2 bad input.
#include "host/cli_check_log.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "common/errors.h"
#include "host/cli_run.h"

namespace hbmsim {
namespace {

constexpr const char* kHeader = "cycle,ch,pc,sid,cmd,bg,bank,row,col";
constexpr std::array<const char*, 9> kFields = {"cycle", "ch",   "pc",  "sid", "cmd",
                                                 "bg",    "bank", "row", "col"};
enum Field { kCycle, kCh, kPc, kSid, kCmd, kBg, kBank, kRow, kCol };

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
    if (f.size() < kFields.size()) fail(kFields[f.size()], "", "missing (9 fields expected)");
    if (f.size() > kFields.size()) {
      throw ConfigError(fmt::format("{}:{}: {} fields, expected 9 ({})", path_, line_, f.size(),
                                    kHeader));
    }
    Command c;
    const auto kind = parse_cmd(f[kCmd]);
    if (!kind) {
      fail(kFields[kCmd], f[kCmd], "unknown command (ACT PRE PREA RD RDA WR WRA REFab REFpb)");
    }
    c.kind = *kind;
    c.cycle = number(f, kCycle, true, ~uint64_t(0));
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
      if (n > (max - d) / 10) fail(kFields[i], v, "too large");
      n = n * 10 + d;
    }
    return n;
  }

  [[noreturn]] void fail(const char* field, const std::string& value, const std::string& why) {
    const std::string shown = value.empty() ? "" : fmt::format(" = '{}'", value);
    throw ConfigError(fmt::format("{}:{}: field '{}'{}: {}", path_, line_, field, shown, why));
  }

  const std::string& path_;
  uint64_t line_;
};

int do_check_log(const std::string& standard, const std::string& path) {
  const Standard s = load_standard(standard);
  const LogCheck r = check_command_log(s, path);
  for (const Violation& v : r.violations) fmt::print("{}\n", v.message());
  fmt::print("{} violation{} in {} commands\n", r.violations.size(),
             r.violations.size() == 1 ? "" : "s", r.commands);
  std::fflush(stdout);
  return r.violations.empty() ? kExitPass : kExitFail;
}

}  // namespace

void read_command_log(const std::string& path,
                      const std::function<void(const Command&, uint64_t line)>& fn) {
  std::ifstream in(path);
  if (!in) {
    throw ConfigError(fmt::format("{}: cannot read command log: {}", path, std::strerror(errno)));
  }
  std::string text;
  uint64_t line = 0;
  auto next = [&]() {
    if (!std::getline(in, text)) return false;
    ++line;
    if (!text.empty() && text.back() == '\r') text.pop_back();   // CRLF files
    return true;
  };
  if (!next() || text != kHeader) {
    throw ConfigError(fmt::format("{}:1: header: expected '{}', found '{}'", path, kHeader,
                                  line ? text : std::string("(empty file)")));
  }
  while (next()) {
    if (text.empty()) continue;
    fn(LineParser(path, line).parse(text), line);
  }
}

LogCheck check_command_log(const Standard& s, const std::string& path) {
  // First pass: the whole file is well formed (a parse error stops before any report),
  // and which PCs it names.
  std::vector<bool> named(s.org.pcs(), false);
  read_command_log(path, [&](const Command& c, uint64_t) {
    const uint64_t pc = uint64_t(c.ch) * s.org.pcs_per_channel + c.pc;
    if (c.pc < s.org.pcs_per_channel && pc < named.size()) named[pc] = true;
  });

  LogCheck r;
  TimingChecker checker(s, s.org.pcs());
  checker.watch_refresh(named);
  // Refresh deadlines that passed up to `cycle`, each missed interval once.
  auto advance_to = [&](uint64_t cycle) {
    while (auto v = checker.advance(cycle)) r.violations.push_back(std::move(*v));
  };
  uint64_t last = 0;
  read_command_log(path, [&](const Command& c, uint64_t) {
    if (c.cycle > 0) advance_to(c.cycle - 1);
    if (auto v = checker.check(c)) r.violations.push_back(std::move(*v));
    last = std::max(last, c.cycle);
    ++r.commands;
  });
  advance_to(last);
  return r;
}

std::function<int()> add_check_log_command(CLI::App& app) {
  auto standard = std::make_shared<std::string>("hbm3");
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "check-log", "Re-check a DRAM command log (CSV: cycle,ch,pc,sid,cmd,bg,bank,row,col) "
                   "against a standard's timing rules; exit 1 on any violation");
  cmd->add_option("--standard", *standard, "Standard by name (see configs/standards) or JSON path")
      ->capture_default_str();
  cmd->add_option("file", *file, "Command log, as `hbmsim run --cmd-log` writes it")->required();
  return [cmd, standard, file]() { return *cmd ? do_check_log(*standard, *file) : -1; };
}

}  // namespace hbmsim
