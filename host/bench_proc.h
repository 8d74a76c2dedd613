// Child processes for the benchmarks (`hbmsim bench`): each configuration runs as its own
// `hbmsim run` (SystemC elaborates once per process); these start, wait for and read them.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

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

}  // namespace hbmsim
