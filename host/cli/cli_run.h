// Subcommands of the hbmsim program. Each adds itself to the command line and returns
// what to call after parsing: it runs the subcommand if it was chosen (exit code) or
// returns -1.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace hbmsim {

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;    // a check failed
constexpr int kExitUsage = 2;   // bad input
constexpr int kExitInternal = 3;   // hbmsim itself failed (out of memory, a bug): no finding

std::function<int()> add_run_command(CLI::App& app);
std::function<int()> add_check_log_command(CLI::App& app);
std::function<int()> add_bench_command(CLI::App& app);

}  // namespace hbmsim
