#include "cosim/threads/spare_cores.h"

#include <fstream>
#include <sstream>
#include <thread>

namespace hbmsim {
namespace {

std::optional<CpuTicks> read_cpu_ticks() {
  std::ifstream in("/proc/stat");
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return parse_cpu_ticks(text.str());
}

}  // namespace

// The "cpu" line: user nice system idle iowait irq softirq steal [guest guest_nice]; guest
// time is already inside user and nice, so it is not added again.
std::optional<CpuTicks> parse_cpu_ticks(const std::string& proc_stat) {
  std::istringstream in(proc_stat);
  std::string line;
  std::optional<CpuTicks> t;
  unsigned cpus = 0;
  while (std::getline(in, line)) {
    if (line.compare(0, 4, "cpu ") == 0) {
      std::istringstream f(line.substr(4));
      unsigned long long v[8] = {};
      for (auto& x : v) {
        if (!(f >> x)) return std::nullopt;
      }
      t = CpuTicks{v[3] + v[4], 0, 0};
      for (unsigned long long x : v) t->total += x;
    } else if (line.compare(0, 3, "cpu") == 0 && line.size() > 3 &&
               line[3] >= '0' && line[3] <= '9') {
      ++cpus;
    }
  }
  if (!t || cpus == 0) return std::nullopt;
  t->cpus = cpus;
  return t;
}

std::optional<double> idle_cores(const CpuTicks& a, const CpuTicks& b) {
  if (b.total <= a.total || b.idle < a.idle || b.cpus == 0) return std::nullopt;
  const double idle = double(b.idle - a.idle) / double(b.total - a.total);
  return idle > 1.0 ? double(b.cpus) : idle * double(b.cpus);
}

std::optional<double> measure_idle_cores(std::chrono::milliseconds window) {
  const auto a = read_cpu_ticks();
  if (!a) return std::nullopt;
  std::this_thread::sleep_for(window);
  const auto b = read_cpu_ticks();
  if (!b) return std::nullopt;
  return idle_cores(*a, *b);
}

}  // namespace hbmsim
