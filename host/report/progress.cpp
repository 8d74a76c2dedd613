#include "host/report/progress.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <system_error>

#include <fmt/format.h>

namespace hbmsim {
namespace {

// The width of the progress line on the terminal now (0: none). A note printed while one
// was there was glued to its end ("ETA 0:01hbmsim: computing the C++ reference ..."),
// and the line, at its last percent, stayed above the summary: a note clears it first.
std::atomic<size_t> g_line_width{0};

void clear_progress_line() {
  const size_t width = g_line_width.exchange(0);
  if (width == 0) return;
  std::fprintf(stderr, "\r%s\r", std::string(width, ' ').c_str());
  std::fflush(stderr);
}

}  // namespace

bool stderr_is_terminal() { return ::isatty(2) == 1; }

Progress::Progress(uint64_t expected_bytes, uint64_t max_cycles)
    : expected_bytes_(expected_bytes), max_cycles_(max_cycles), start_(Clock::now()),
      last_print_(start_) {}

// A value that is not a non-negative number keeps the default: the variable only tunes
// when a cosmetic line appears.
double progress_after_seconds() {
  const char* v = std::getenv("HBMSIM_PROGRESS_AFTER");
  if (v == nullptr) return 2.0;
  char* end = nullptr;
  const double s = std::strtod(v, &end);
  return (end != v && *end == '\0' && s >= 0) ? s : 2.0;
}

void Progress::on_command(const Command& c, unsigned, bool) {
  if (is_column(c.kind)) bytes_ += 32;
}

void Progress::on_expected_bytes(uint64_t bytes) {
  if (!expected_bytes_) expected_bytes_ = bytes;
}

// Below 100 % until the run ends: a tile workload's total is an estimate.
double Progress::fraction(uint64_t cycle) const {
  double f = -1;
  if (expected_bytes_) f = std::min(0.999, double(bytes_) / double(expected_bytes_));
  if (max_cycles_) f = std::max(f, std::min(1.0, double(cycle) / double(max_cycles_)));
  return f;
}

std::string Progress::format(double fraction, uint64_t cycle, double tck_per_s,
                             double elapsed_s) {
  std::string s = fraction >= 0 ? fmt::format("  {:5.1f} %  ", 100 * fraction) : "  ";
  s += fmt::format("{} tCK  {:.0f} tCK/s", cycle, tck_per_s);
  if (fraction > 0.001) {
    const auto eta = uint64_t(elapsed_s * (1 - fraction) / fraction + 0.5);
    s += fmt::format("  ETA {}:{:02}", eta / 60, eta % 60);
  }
  return s;
}

void Progress::on_cycle_end(uint64_t cycle) {
  if (--countdown_) return;
  countdown_ = kCheckEvery;
  const auto now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < quiet_s_ || now - last_print_ < std::chrono::seconds(1)) return;
  last_print_ = now;
  std::string line = format(fraction(cycle), cycle, double(cycle) / elapsed, elapsed);
  const size_t len = line.size();
  line.resize(std::max(len, width_), ' ');   // cover a longer previous line
  width_ = len;
  std::fprintf(stderr, "\r%s", line.c_str());
  std::fflush(stderr);
  g_line_width = line.size();
}

void Progress::finish() { clear_progress_line(); }

SlowStepNote::SlowStepNote(bool enabled, std::function<std::string()> what)
    : what_(std::move(what)) {
  if (!enabled) return;
  const double after = progress_after_seconds();
  if (after <= 0) {   // at once, on this thread: a test sees it whatever the machine's speed
    note();
    return;
  }
  try {
    waiter_ = std::thread([this, after] {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!cv_.wait_for(lock, std::chrono::duration<double>(after), [this] { return ended_; })) {
        note();
      }
    });
  } catch (const std::system_error&) {
    // No thread to spare (ulimit -u, -v): the note is a courtesy, the run goes on without.
  }
}

void SlowStepNote::note() {
  clear_progress_line();
  std::fprintf(stderr, "hbmsim: %s ...\n", what_().c_str());
  std::fflush(stderr);
  noted_ = true;
}

SlowStepNote::~SlowStepNote() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ended_ = true;
  }
  cv_.notify_one();
  if (waiter_.joinable()) waiter_.join();
  if (!noted_) return;
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "hbmsim: ... done in %.1f s\n", s);
  std::fflush(stderr);
}

}  // namespace hbmsim
