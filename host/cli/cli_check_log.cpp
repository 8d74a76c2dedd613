// `hbmsim check-log`: reads a command log, runs it through the timing checker, prints
// the first violations (one line each; --max-violations), how many more there were by
// rule, and a count of all. Exit 0 clean, 1 any violation, 2 bad input.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "host/check_log.h"
#include "host/cli/cli_numbers.h"
#include "host/cli/cli_run.h"
#include "host/cli/config_input.h"

namespace hbmsim {
namespace {

// Violations printed in full by default. A log checked against the wrong standard breaks
// a rule at nearly every command (134 000 lines for one run): the first hundred show the
// pattern, the rest are counted by rule.
constexpr uint64_t kDefaultMaxViolations = 100;

// The violations past the limit, counted by rule: "602 more violations not shown (...):
// ROW_BUS_ACT 101, tFAW 101, BANK_OPEN 100, ...", the most frequent rule first, ties in the
// order of their names.
std::string not_shown_line(const std::map<std::string, uint64_t>& by_rule, uint64_t shown) {
  std::vector<std::pair<std::string, uint64_t>> rules(by_rule.begin(), by_rule.end());
  std::stable_sort(rules.begin(), rules.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  uint64_t more = 0;
  std::string list;
  for (const auto& [rule, n] : rules) {
    more += n;
    list += fmt::format("{}{} {}", list.empty() ? "" : ", ", rule, n);
  }
  return fmt::format("{} more violation{} not shown (--max-violations {}; 0 shows all): {}",
                     more, more == 1 ? "" : "s", shown, list);
}

int do_check_log(const std::string& standard, const std::string& path, uint64_t max_shown) {
  const Standard s = read_standard(standard);
  const std::string shown = excerpt(path, 200);
  uint64_t printed = 0;
  std::map<std::string, uint64_t> hidden;   // by rule: a standard has a few dozen rules
  // Each line ends with where it is in the log: the offending command's line, or for a
  // missed refresh (no command at fault) the line whose cycle reached the deadline.
  const LogCount r = check_command_log(s, path, [&](const Violation& v, uint64_t line) {
    if (max_shown != 0 && printed == max_shown) {
      ++hidden[v.rule];
      return;
    }
    ++printed;
    fmt::print("{} [{}{}:{}]\n", v.message(), v.subject.empty() ? "" : "found at ", shown, line);
  });
  if (!hidden.empty()) fmt::print("{}\n", not_shown_line(hidden, max_shown));
  // The count is of every violation, shown or not.
  fmt::print("{} violation{} in {} command{}\n", r.violations, r.violations == 1 ? "" : "s",
             r.commands, r.commands == 1 ? "" : "s");
  std::fflush(stdout);
  return r.violations == 0 ? kExitPass : kExitFail;
}

}  // namespace

std::function<int()> add_check_log_command(CLI::App& app) {
  auto standard = std::make_shared<std::string>("hbm3");
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "check-log", "Re-check a DRAM command log (CSV: cycle,ch,pc,sid,cmd,bg,bank,row,col) "
                   "against a standard's timing rules; exit 1 on any violation");
  cmd->add_option("--standard", *standard, "Standard by name (see configs/standards) or JSON path")
      ->capture_default_str()->check(non_empty("name or path"));
  cmd->add_option("file", *file, "Command log, as `hbmsim run --cmd-log` writes it")
      ->required()->check(non_empty("path"));
  auto max_shown = std::make_shared<uint64_t>(kDefaultMaxViolations);
  cmd->add_option("--max-violations", *max_shown,
                  "Violations printed in full, the rest counted by rule on one line; the "
                  "count and the exit code take them all (0: print all)")
      ->capture_default_str()->check(whole(0, 0xffffffffu));
  return [cmd, standard, file, max_shown]() {
    return *cmd ? do_check_log(*standard, *file, *max_shown) : -1;
  };
}

}  // namespace hbmsim
