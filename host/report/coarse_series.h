// Counts of a stretch of the run (a window), and the stack-wide series the HTML report
// plots: at most kMaxPoints windows, neighbours merged as the run grows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hbmsim {

// One window's counts for one PC (or summed over PCs).
struct WindowCounts {
  uint64_t read_bursts = 0, write_bursts = 0, row_hits = 0, acts = 0, refreshes = 0;
  uint64_t queue_sum = 0;   // queue_count_o summed over the window's tCKs
  void add(const WindowCounts& o);
};

// A stretch of tCK with its counts: [start, end).
struct Window {
  uint64_t start = 0, end = 0;
  WindowCounts n;
};

// Stack-wide windows kept in memory, at most kMaxPoints: when full, neighbours merge
// (the window doubles), so a long run still plots as a few thousand points.
class CoarseSeries {
 public:
  static constexpr size_t kMaxPoints = 4096;
  void add(const Window& w);
  // At the end of the run: keeps the last, incomplete group too.
  void flush();
  const std::vector<Window>& windows() const { return windows_; }

 private:
  void halve();
  std::vector<Window> windows_;
  Window pending_;            // windows_ holds whole groups of `merge_` input windows
  unsigned merge_ = 1, pending_count_ = 0;
};

}  // namespace hbmsim
