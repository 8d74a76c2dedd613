#include "host/report/timeseries.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "common/errors.h"
#include "cosim/cosim_top.h"

namespace hbmsim {

TimeSeries::TimeSeries(uint64_t window, const std::string& csv)
    : window_(window), next_close_(window), csv_path_(csv) {
  if (window_ == 0) throw UsageError("--window 0: expected at least 1 tCK");
}

TimeSeries::~TimeSeries() = default;

const char* TimeSeries::csv_header() {
  return "start,end,pc,bytes_read,bytes_written,row_hits,acts,refreshes,queue_mean,kernel";
}

// The file is created once the run is set up: a workload refused before leaves none.
void TimeSeries::attach(CosimTop& top) {
  if (!csv_path_.empty()) {
    errno = 0;
    csv_ = std::make_unique<std::ofstream>(csv_path_);
    if (!*csv_) {
      throw ConfigError(fmt::format("--timeseries {}: cannot write: {}", csv_path_,
                                    std::strerror(errno)));
    }
    *csv_ << csv_header() << "\n";
  }
  top_ = &top;
  tck_ns_ = top.standard().t.tck_ns;
  now_.assign(top.pcs(), {});
  traffic_.assign(top.pcs(), {});
}

void TimeSeries::on_traffic_start(uint64_t) { traffic_.assign(traffic_.size(), {}); }

void TimeSeries::on_command(const Command& c, unsigned pc, bool row_hit) {
  if (pc >= now_.size()) return;   // a command to a PC that does not exist: reported
  WindowCounts& n = now_[pc];
  switch (c.kind) {
    case CmdKind::ACT: ++n.acts; break;
    case CmdKind::REFab:
    case CmdKind::REFpb: ++n.refreshes; break;
    default: break;
  }
  if (is_read(c.kind)) ++n.read_bursts;
  if (is_write(c.kind)) ++n.write_bursts;
  n.row_hits += row_hit;
  WindowCounts& t = traffic_[pc];
  t.read_bursts += is_read(c.kind);
  t.write_bursts += is_write(c.kind);
}

void TimeSeries::on_cycle_end(uint64_t cycle) {
  for (unsigned pc = 0; pc < now_.size(); ++pc) now_[pc].queue_sum += top_->queue_count(pc);
  last_cycle_ = cycle;
  any_cycle_ = true;
  if (cycle + 1 >= next_close_) close_window(cycle + 1);
}

void TimeSeries::close_window(uint64_t end) {
  Window all{start_, end, {}};
  for (unsigned pc = 0; pc < now_.size(); ++pc) {
    all.n.add(now_[pc]);
    if (csv_) pending_.push_back({{start_, end, now_[pc]}, pc, now_kernel_});
    now_[pc] = {};
  }
  stack_.add(all);
  now_kernel_.clear();
  start_ = end;
  next_close_ = end + window_;
  // Before the kernels start every window is final; after, a window waits for the
  // kernel covering it to end (a kernel is named when its last interrupt is read).
  if (!kernels_on_) flush_rows(end);
}

void TimeSeries::on_kernels_start(uint64_t cycle) {
  kernels_on_ = true;
  kernels_from_ = cycle;
}

void TimeSeries::on_kernel_done(const std::string& label, uint64_t start, uint64_t end) {
  kernels_.push_back({label, start, end});
  label_rows(kernels_.back());   // closed windows it covered
  if (end > start_) now_kernel_ += (now_kernel_.empty() ? "" : "+") + label;   // the open one
  // Kernels follow each other: a window that ended by now meets no later one.
  flush_rows(end);
}

void TimeSeries::label_rows(const KernelSpan& k) {
  for (Row& r : pending_) {
    if (r.w.start >= k.end || r.w.end <= k.start) continue;
    if (!r.kernel.empty()) r.kernel += '+';
    r.kernel += k.label;
  }
}

// Writes the pending rows of windows that ended by `upto`, in order.
void TimeSeries::flush_rows(uint64_t upto) {
  size_t done = 0;
  while (done < pending_.size() && pending_[done].w.end <= upto) {
    const Row& r = pending_[done++];
    const WindowCounts& n = r.w.n;
    *csv_ << fmt::format("{},{},{},{},{},{},{},{},{:.3f},{}\n", r.w.start, r.w.end, r.pc,
                         n.read_bursts * 32, n.write_bursts * 32, n.row_hits, n.acts,
                         n.refreshes, double(n.queue_sum) / double(r.w.end - r.w.start),
                         r.kernel);
  }
  pending_.erase(pending_.begin(), pending_.begin() + long(done));
}

std::string TimeSeries::finish(bool stopped_in_kernel) {
  if (finished_) return {};
  finished_ = true;
  if (any_cycle_ && last_cycle_ + 1 > start_) close_window(last_cycle_ + 1);
  // Stopped inside a kernel, its windows would read as outside kernels: it never reported.
  if (stopped_in_kernel && kernels_on_ && any_cycle_) {
    const uint64_t from = kernels_.empty() ? kernels_from_ : kernels_.back().end;
    if (last_cycle_ + 1 > from) label_rows({"unfinished", from, last_cycle_ + 1});
  }
  stack_.flush();
  if (!csv_) return {};
  flush_rows(~0ull);
  csv_->close();
  if (csv_->fail()) {
    return fmt::format("--timeseries {}: the time series was not written completely: {}",
                       csv_path_, std::strerror(errno));
  }
  return {};
}

}  // namespace hbmsim
