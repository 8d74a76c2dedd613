// hbmsim's command line: the subcommands parsed and run, and what each outcome exits
// with (0 pass, 1 a check failed, 2 bad input, 3 an internal error: hbmsim could not do
// its work, out of memory, a bug). main.cpp only sets up the process and SystemC.
//
// The CLI11 header (2.1, header-only) costs about 8 s of compile time in every file that
// includes it, so its users are compiled together: host/CMakeLists.txt lists them first,
// one batch of the unity build.
#include "host/cli/cli_main.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <regex>
#include <string>
#include <system_error>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <systemc>

#include "common/errors.h"
#include "common/excerpt.h"
#include "host/cli/cli_run.h"

namespace hbmsim {
namespace {

// What the command printed reached its standard output: on a full disk
// (`hbmsim run > out.txt`) the summary, or check-log's violations, were lost while the
// exit code said all was well. Said on stderr, exit 2, as for a report that cannot be
// written after the run.
int check_stdout(int code, int err = 0) {
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  if (flushed && !std::ferror(stdout)) return code;
  if (!err) err = errno;
  std::fprintf(stderr, "hbmsim: standard output: cannot write: %s (what the command printed "
                       "is incomplete)\n", err ? std::strerror(err) : "write failed");
  return kExitUsage;
}

// Any other exception is hbmsim's own failure, not the run's finding: uncaught, SystemC's
// wrapper printed it to stdout and returned 1, "a check failed" (a gemm whose golden model
// outgrew `ulimit -v` read as a failed check, and so did a thread that could not start).
int internal_error(const std::string& what) {
  const bool oom = what.find("bad_alloc") != std::string::npos;
  std::fprintf(stderr, "hbmsim: internal error, not a finding of the run (exit %d): %s%s\n",
               kExitInternal, printable(what).c_str(),
               oom ? " (out of memory: the run needs more than the process may have; see "
                     "ulimit -v, or a smaller run)" : "");
  return kExitInternal;
}

// CLI11's words for a flag given twice or without its value ("--requests: At Most 1
// required but received 2", "--requests: 1 required UINT:1..1099511627776 missing") and
// for a value given to a switch ("Could not convert: --xbar = maybe"), said plainly.
std::string parse_error_text(const CLI::ParseError& e) {
  static const std::regex twice(R"(^(\S+): At Most 1 required but received (\d+)$)");
  static const std::regex missing(R"(^(\S+): (\d+) required (\S+) missing$)");
  static const std::regex flag_value(R"(^Could not convert: (-\S+) = (.*)$)");
  const std::string what = e.what();
  std::smatch m;
  if (std::regex_match(what, m, twice)) {
    return fmt::format("{}: given {} times; give it once", m[1].str(), m[2].str());
  }
  if (std::regex_match(what, m, missing)) {
    return fmt::format("{}: no value given (expected {})", m[1].str(), m[3].str());
  }
  if (std::regex_match(what, m, flag_value)) {
    return fmt::format("{}: '{}': a switch is given alone ({}), or as {}=true / {}=false",
                       m[1].str(), m[2].str(), m[1].str(), m[1].str(), m[1].str());
  }
  return what;
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{"hbmsim: cycle-accurate co-simulation of an RTL HBM controller and a JEDEC "
               "HBM device model"};
  app.require_subcommand(1);
  const std::vector<std::function<int()>> commands = {
      add_run_command(app),
      add_check_log_command(app),
      add_bench_command(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help: its text lost to a full disk or a closed stdout exited 0, as if printed.
    if (e.get_exit_code() == 0) return check_stdout(app.exit(e));
    // The first word that is no option names the command: CLI11 refused a misspelt one
    // ("hbmsim checklog x.csv") with "A subcommand is required", as if none was given.
    for (int i = 1; dynamic_cast<const CLI::RequiredError*>(&e) && i < argc; ++i) {
      if (argv[i][0] == '-') continue;
      try {
        app.get_subcommand(argv[i]);
      } catch (const CLI::OptionNotFound&) {
        std::fprintf(stderr, "hbmsim: '%s': not a command (run, check-log or bench; see "
                             "hbmsim --help)\n", excerpt(argv[i], 80).c_str());
        return kExitUsage;
      }
      break;
    }
    // CLI11 echoes the argument it refuses as given: escape what a terminal would act on.
    std::fprintf(stderr, "hbmsim: %s (see hbmsim --help)\n",
                 printable(parse_error_text(e)).c_str());
    return kExitUsage;
  }
  try {
    for (const auto& command : commands) {
      const int code = command();
      if (code >= 0) return check_stdout(code);
    }
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "hbmsim: %s\n", printable(e.what()).c_str());
    return kExitUsage;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "hbmsim: %s\n", printable(e.what()).c_str());
    return kExitUsage;
  } catch (const SimulationError& e) {
    std::fprintf(stderr, "hbmsim: %s\n", e.what());
    return kExitFail;
  } catch (const std::system_error& e) {
    // fmt::print throws when stdout refuses a write (check-log's violations, bench's table
    // on a full disk or a pipe whose reader left). Uncaught, SystemC's wrapper printed it to
    // that same stdout and returned 1: check-log's "violations found".
    if (std::ferror(stdout)) return check_stdout(kExitUsage, e.code().value());
    return internal_error(e.what());
  } catch (const sc_core::sc_report& e) {
    // An exception inside the simulation reaches here as SystemC's report of it (E549
    // "uncaught exception: std::bad_alloc"); what() would add "In file: ..." lines.
    return internal_error(fmt::format("{}: {}", e.get_msg_type(), e.get_msg()));
  } catch (const std::exception& e) {
    return internal_error(e.what());
  } catch (...) {
    return internal_error("an exception of unknown type");
  }
  return kExitUsage;
}

}  // namespace hbmsim
