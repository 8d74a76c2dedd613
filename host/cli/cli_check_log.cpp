// `hbmsim check-log`: reads a command log, runs it through the timing checker, prints
// each violation (one line) and a count. Exit 0 clean, 1 any violation, 2 bad input.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "host/check_log.h"
#include "host/cli/cli_numbers.h"
#include "host/cli/cli_run.h"
#include "host/cli/config_input.h"

namespace hbmsim {
namespace {

int do_check_log(const std::string& standard, const std::string& path) {
  const Standard s = read_standard(standard);
  const std::string shown = excerpt(path, 200);
  // Each line ends with where it is in the log: the offending command's line, or for a
  // missed refresh (no command at fault) the line whose cycle reached the deadline.
  const LogCount r = check_command_log(s, path, [&](const Violation& v, uint64_t line) {
    fmt::print("{} [{}{}:{}]\n", v.message(), v.subject.empty() ? "" : "found at ", shown, line);
  });
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
  return [cmd, standard, file]() { return *cmd ? do_check_log(*standard, *file) : -1; };
}

}  // namespace hbmsim
