// The run as a time series: per window of N tCK and per PC, what the DRAM moved and did,
// counted where commands are already observed (RunObserver), written as CSV
// (--timeseries) and kept, summed over PCs and coarsened, for the HTML report.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "cosim/run_observer.h"
#include "host/report/coarse_series.h"

namespace hbmsim {

// A kernel's span, as the workload reported it.
struct KernelSpan {
  std::string label;
  uint64_t start = 0, end = 0;
};

class TimeSeries : public RunObserver {
 public:
  static constexpr uint64_t kDefaultWindow = 256;   // tCK, the HTML report's base window
  // window: tCK per window; csv: file to stream rows to ("" for none).
  TimeSeries(uint64_t window, const std::string& csv);
  ~TimeSeries() override;

  void attach(CosimTop& top) override;
  void on_command(const Command& c, unsigned pc, bool row_hit) override;
  void on_traffic_start(uint64_t cycle) override;
  void on_cycle_end(uint64_t cycle) override;
  void on_kernels_start(uint64_t cycle) override;
  void on_kernel_done(const std::string& label, uint64_t start, uint64_t end) override;
  // After the run: closes the last (partial) window and the CSV; returns a message if
  // writing the CSV failed ("" otherwise).
  // `stopped_in_kernel`: the run ended inside a transformer's kernel (--max-cycles, a
  // failure); the windows since the last kernel ended are then labelled "unfinished" (a
  // kernel that never ended). A run stopped after its last kernel, while the controllers
  // drained its writes, is not: those windows are outside kernels, as in a run that ends.
  std::string finish(bool stopped_in_kernel = false);

  uint64_t window() const { return window_; }
  const CoarseSeries& stack() const { return stack_; }
  // Per PC, the traffic phase's commands only (the report's cycles): without a tile's
  // --tile-load axi load phase.
  const std::vector<WindowCounts>& pc_traffic_totals() const { return traffic_; }
  const std::vector<KernelSpan>& kernels() const { return kernels_; }
  double tck_ns() const { return tck_ns_; }

  static const char* csv_header();

 private:
  struct Row {                 // a closed window whose kernel may not be known yet
    Window w;
    unsigned pc = 0;
    std::string kernel;
  };
  void close_window(uint64_t end);
  void label_rows(const KernelSpan& k);
  void flush_rows(uint64_t upto);

  CosimTop* top_ = nullptr;
  uint64_t window_;
  uint64_t start_ = 0;         // current window's first tCK
  uint64_t next_close_;        // current window ends before this tCK
  uint64_t last_cycle_ = 0;
  bool any_cycle_ = false, kernels_on_ = false, finished_ = false;
  uint64_t kernels_from_ = 0;   // the cycle the first kernel started
  double tck_ns_ = 1;
  std::vector<WindowCounts> now_;      // current window, per PC
  std::vector<WindowCounts> traffic_;  // since the traffic phase started, per PC
  std::string now_kernel_;             // kernels that ended in the open window
  std::vector<Row> pending_;           // waiting for the kernel that covers them
  std::vector<KernelSpan> kernels_;
  CoarseSeries stack_;
  std::string csv_path_;
  std::unique_ptr<std::ofstream> csv_;
};

}  // namespace hbmsim
