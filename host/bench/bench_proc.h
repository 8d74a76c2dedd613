// Child processes for the benchmarks (`hbmsim bench`): each configuration runs as its own
// `hbmsim run` (SystemC elaborates once per process); these start, wait for and read them.
#pragma once

#include <sys/types.h>

#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/cli/signal_cleanup.h"

namespace hbmsim {

// This program's path (the hbmsim a bench runs by default).
std::string self_exe();
// The command as one line a person can paste.
std::string shell_line(const std::string& program, const std::vector<std::string>& args);
// Starts program with args, its output (stdout and stderr) to the file log.
pid_t spawn(const std::string& program, const std::vector<std::string>& args,
            const std::string& log);
std::string slurp(const std::string& path);
// Runs the program once and waits: its exit code (-1 if a signal ended it) and output.
int run_and_wait(const std::string& program, const std::vector<std::string>& args,
                 const std::string& log, std::string& out);
double median(std::vector<double> v);
std::string load_average();
// The folder a bench keeps its children's reports and output in: `wanted` (created), or
// with `wanted` empty a new temporary folder named after `stem` (temporary set to true).
// From here on SIGINT, SIGTERM and SIGHUP end the running children, remove a temporary
// folder and then end the bench by the same signal (exit 128 + N to a shell;
// host/cli/signal_cleanup.h). Call child_reaped() for each child spawn() started once reaped.
std::string bench_work_dir(const std::string& wanted, const std::string& stem, bool& temporary);
// Throws UsageError "--json PATH: the same file as a run's output in --work-dir DIR/NAME
// (...)" if bench --json is a run's report or log (STEM.json, STEM.log for each of `stems`)
// or one of `others` (`run --help`'s output) in the --work-dir `work_dir`: the bench read
// that run's report, then replaced it with its own JSON. Nothing to check without
// --work-dir (the folder is then a new temporary one).
void check_json_apart_from_runs(const std::string& json, const std::string& work_dir,
                                const std::vector<std::string>& stems,
                                const std::vector<std::string>& others = {});
// The temporary folder is the bench's to remove or keep from here on (it removes it, or
// keeps it and names it, a run having failed): a signal no longer removes it.
void release_work_dir();
// What `program run --help` prints (log: where its output goes), so a bench can leave out
// what an older hbmsim lacks instead of failing on it.
std::string run_help(const std::string& program, const std::string& log);
// --only's regular expression (empty: everything), or UsageError naming it.
std::regex only_regex(const std::string& only);
// A child run's report at `path` into `report`, and what is wrong with it: "" if it is a
// JSON object whose status is "pass"; else "wrote no report (PATH)", "its report PATH is
// not a JSON object", "its report says status 'fail'". A program that exits 0 without a
// report (--baseline /bin/true, an hbmsim of another kind) ended --speed and --tile as an
// internal error (a JSON type_error) instead of a failed run. `needs` names what the
// caller reads of it: a report without one of those is a failed run too ("its report PATH
// has no number 'checks'"), not a read of a missing key (bench --tile crashed on one).
struct ReportNeeds {
  std::vector<const char*> numbers;   // keys that must hold a number
  std::vector<const char*> objects;   // keys that must hold an object
};
std::string read_child_report(const std::string& path, nlohmann::json& report,
                              const ReportNeeds& needs);

}  // namespace hbmsim
