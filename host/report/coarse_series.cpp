#include "host/report/coarse_series.h"

#include <utility>

namespace hbmsim {

void WindowCounts::add(const WindowCounts& o) {
  read_bursts += o.read_bursts;
  write_bursts += o.write_bursts;
  row_hits += o.row_hits;
  acts += o.acts;
  refreshes += o.refreshes;
  queue_sum += o.queue_sum;
}

void CoarseSeries::add(const Window& w) {
  if (pending_count_ == 0) pending_ = Window{w.start, w.end, {}};
  pending_.end = w.end;
  pending_.n.add(w.n);
  if (++pending_count_ < merge_) return;
  windows_.push_back(pending_);
  pending_count_ = 0;
  if (windows_.size() >= kMaxPoints) halve();
}

void CoarseSeries::flush() {
  if (pending_count_ == 0) return;
  windows_.push_back(pending_);
  pending_count_ = 0;
}

// Neighbours merge pairwise; later input windows are grouped twice as wide.
void CoarseSeries::halve() {
  std::vector<Window> merged;
  merged.reserve(windows_.size() / 2 + 1);
  for (size_t i = 0; i < windows_.size(); i += 2) {
    Window w = windows_[i];
    if (i + 1 < windows_.size()) {
      w.end = windows_[i + 1].end;
      w.n.add(windows_[i + 1].n);
    }
    merged.push_back(w);
  }
  windows_ = std::move(merged);
  merge_ *= 2;
}

}  // namespace hbmsim
