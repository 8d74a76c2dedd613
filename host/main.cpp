// hbmsim: the command line. Exit codes: 0 pass, 1 a check failed, 2 bad input.
#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <systemc>

#include "common/errors.h"
#include "host/report.h"
#include "host/run.h"

namespace hbmsim {
namespace {

constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;

void add_run_options(CLI::App& run, RunOptions& o, std::string& page_policy) {
  run.add_option("--standard", o.standard, "Standard by name (see configs/standards) or JSON path")
      ->capture_default_str();
  run.add_option("--pcs", o.cosim.pcs, "Pseudo-channels to simulate, each with its own AXI port")
      ->capture_default_str()->check(CLI::PositiveNumber);
  run.add_option("--workload", o.workload.pattern, "Traffic pattern")
      ->capture_default_str()->check(CLI::IsMember({"seq", "random"}));
  run.add_option("--requests", o.workload.requests, "AXI bursts per PC")
      ->capture_default_str()->check(CLI::PositiveNumber);
  run.add_option("--read-ratio", o.workload.read_ratio, "Fraction of bursts that read, 0 to 1")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  run.add_option("--beats", o.workload.beats, "32-byte beats per burst (power of two, <= 128)")
      ->capture_default_str();
  run.add_option("--footprint", o.workload.footprint, "Bytes the traffic spans per PC (0: all)")
      ->capture_default_str();
  run.add_option("--seed", o.workload.seed, "Seed of the traffic and of unwritten DRAM contents")
      ->capture_default_str();
  run.add_option("--mapping", o.cosim.mapping,
                 "Address bit order, most significant field first, e.g. RoSiBaCoBg "
                 "(default: the standard's)");
  run.add_option("--page-policy", page_policy, "Row buffer policy")
      ->capture_default_str()->check(CLI::IsMember({"open", "closed"}));
  run.add_option("--max-reads", o.max_reads, "Outstanding read bursts per port")
      ->capture_default_str()->check(CLI::Range(1u, 1024u));
  run.add_option("--max-writes", o.max_writes, "Outstanding write bursts per port")
      ->capture_default_str()->check(CLI::Range(1u, 1024u));
  run.add_option("--report", o.report, "Write the JSON report to this file");
  run.add_option("--cmd-log", o.cosim.cmd_log, "Write every DRAM command to this CSV file");
  run.add_option("--wave", o.cosim.wave.file, "Write an FST waveform to this file");
  run.add_option("--wave-start", o.cosim.wave.start, "First tCK in the waveform");
  run.add_option("--wave-end", o.cosim.wave.end, "Last tCK in the waveform");
  run.add_option("--wave-scope", o.cosim.wave.scope,
                 "Only this scope in the waveform, e.g. TOP.hbm_sim_top.u_stack");
  run.add_option("--wave-depth", o.cosim.wave.depth, "Levels below --wave-scope (0: all)");
  run.add_option("--max-cycles", o.cosim.max_cycles, "Stop after this many tCK (0: no limit)")
      ->capture_default_str();
  run.add_option("--watchdog", o.cosim.watchdog_cycles,
                 "tCK without any AXI handshake before the run is declared deadlocked")
      ->capture_default_str()->check(CLI::PositiveNumber);
  run.add_flag("--quiet", o.quiet, "Print nothing but problems");
}

int do_run(RunOptions& o, const std::string& page_policy) {
  o.cosim.close_page = (page_policy == "closed");
  o.cosim.seed = o.workload.seed;
  const RunResult r = run_synthetic(o);
  const nlohmann::json report = make_report(r);
  if (!o.report.empty()) write_report(report, o.report);
  if (!o.quiet || !r.passed()) std::fputs(format_summary(r, report).c_str(), stdout);
  return r.passed() ? 0 : kExitFail;
}

int main_impl(int argc, char** argv) {
  CLI::App app{"hbmsim: cycle-accurate co-simulation of an RTL HBM controller and a JEDEC "
               "HBM device model"};
  app.require_subcommand(1);
  RunOptions run_opt;
  std::string page_policy = "open";
  CLI::App* run = app.add_subcommand("run", "Run synthetic traffic through the controller and "
                                            "device, check every command and byte, report");
  add_run_options(*run, run_opt, page_policy);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "hbmsim: %s (see hbmsim --help)\n", e.what());
    return kExitUsage;
  }
  try {
    if (*run) return do_run(run_opt, page_policy);
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "hbmsim: %s\n", e.what());
    return kExitUsage;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "hbmsim: %s\n", e.what());
    return kExitUsage;
  } catch (const SimulationError& e) {
    std::fprintf(stderr, "hbmsim: %s\n", e.what());
    return kExitFail;
  }
  return kExitUsage;
}

}  // namespace
}  // namespace hbmsim

extern "C" int sc_main(int argc, char** argv) {
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  return hbmsim::main_impl(argc, argv);
}

// Our own main (libsystemc's would run first and print its banner before sc_main).
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
