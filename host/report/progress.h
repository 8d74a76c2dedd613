// A progress line on stderr for long runs: percent (when the total is known), simulated
// tCK, tCK per wall second, ETA; refreshed about once a second with '\r'. Only attached
// when stderr is a terminal, so logs and tests never see it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "cosim/run_observer.h"

namespace hbmsim {

// Seconds of wall time before a progress line or note appears: 2, or
// HBMSIM_PROGRESS_AFTER's value (a test sets it, so it does not depend on the machine).
double progress_after_seconds();

class Progress : public RunObserver {
 public:
  // expected_bytes: what the DRAM will move (0: unknown, no percent); max_cycles: the
  // run's --max-cycles (0: none).
  Progress(uint64_t expected_bytes, uint64_t max_cycles);

  void on_command(const Command& c, unsigned pc, bool row_hit) override;
  void on_expected_bytes(uint64_t bytes) override;
  void on_cycle_end(uint64_t cycle) override;
  // Clears the line if one is shown (a SlowStepNote clears it too).
  void finish();

  // The line itself: fraction < 0 when unknown.
  static std::string format(double fraction, uint64_t cycle, double tck_per_s,
                            double elapsed_s);

 private:
  static constexpr uint64_t kCheckEvery = 4096;   // tCK between looks at the clock
  using Clock = std::chrono::steady_clock;
  double fraction(uint64_t cycle) const;

  uint64_t expected_bytes_, max_cycles_;
  uint64_t bytes_ = 0, countdown_ = kCheckEvery;
  Clock::time_point start_, last_print_;
  double quiet_s_ = progress_after_seconds();
  size_t width_ = 0;
};

// The standard, run-wide flag: attach a Progress only if stderr is a terminal.
bool stderr_is_terminal();

// A long step on the host before or after the simulation (a large transformer's golden
// model took 20 s and more with nothing on stderr, as if hbmsim hung): once it has taken
// progress_after_seconds(), `what()` is printed as a note on stderr, and when it ends how
// long it took. Unlike the progress line it goes to logs too: one line, not refreshed.
// what() is called on another thread: it may read only what is safe to read there.
class SlowStepNote {
 public:
  SlowStepNote(bool enabled, std::function<std::string()> what);
  ~SlowStepNote();
  SlowStepNote(const SlowStepNote&) = delete;
  SlowStepNote& operator=(const SlowStepNote&) = delete;

 private:
  void note();

  std::function<std::string()> what_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::mutex mutex_;
  std::condition_variable cv_;
  bool ended_ = false, noted_ = false;
  std::thread waiter_;
};

}  // namespace hbmsim
