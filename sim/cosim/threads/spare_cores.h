// How many cores are free now, for the default thread count of a run (cosim_top.cpp).
// The 1-minute load average, used before, still counted work that had just ended: a run
// started right after a build or another run took one thread on an idle machine (a
// Llama-2-7B decode layer on 32 PCs: 50.8 s, against 29.1 s with two). The kernel's
// CPU time counters over a short window say what the cores are doing now.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace hbmsim {

// One reading of /proc/stat's aggregate "cpu" line: ticks spent idle (idle + iowait) and
// in all, and the number of "cpuN" lines.
struct CpuTicks {
  unsigned long long idle = 0, total = 0;
  unsigned cpus = 0;
};

// Parses /proc/stat text; nullopt if its "cpu" line is missing or malformed.
std::optional<CpuTicks> parse_cpu_ticks(const std::string& proc_stat);

// The cores that were idle between two readings (0 to b.cpus; nullopt when no tick went by).
std::optional<double> idle_cores(const CpuTicks& a, const CpuTicks& b);

// The cores idle over the next `window` (this thread sleeps through it, so its own core
// counts as idle); nullopt when /proc/stat cannot be read.
std::optional<double> measure_idle_cores(std::chrono::milliseconds window);

}  // namespace hbmsim
