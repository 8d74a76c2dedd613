#include "cosim/parallel_eval.h"

#include <algorithm>

namespace hbmsim {
namespace {

// A worker spins this many pauses (a few hundred microseconds: longer than the host's
// work between two rising edges) before it sleeps on its condition variable; it never
// yields, since a yield hands the core to any other runnable process for a whole time
// slice. The caller spins on each worker's share the same way, then sleeps until that
// worker wakes it.
constexpr unsigned kWorkerSpins = 20000;
constexpr unsigned kCallerSpins = 20000;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

}  // namespace

// Every worker is complete before any thread starts: a thread that ran while its
// counters were still being initialized once saw a job posted that did not exist.
ParallelEval::ParallelEval(unsigned threads) {
  for (unsigned i = 1; i < std::max(threads, 2u); ++i) workers_.push_back(std::make_unique<Worker>());
  for (auto& w : workers_) {
    Worker* worker = w.get();
    w->thread = std::thread([this, worker] { worker_loop(*worker); });
  }
}

ParallelEval::~ParallelEval() {
  stop_.store(true);
  for (auto& w : workers_) {
    { std::lock_guard<std::mutex> lock(w->mutex); }   // a worker going to sleep sees stop_
    w->wake.notify_one();
  }
  for (auto& w : workers_) w->thread.join();
}

void ParallelEval::run(size_t n, const Work& work) {
  const size_t shares = std::min(n, workers_.size() + 1);
  if (shares <= 1) {
    work(0, n);
    return;
  }
  work_ = &work;
  for (size_t s = 1; s < shares; ++s) {
    Worker& w = *workers_[s - 1];
    w.begin = n * s / shares;
    w.end = n * (s + 1) / shares;
    w.posted.store(w.posted.load(std::memory_order_relaxed) + 1);   // seq_cst: ordered
                                                                    // before the load below
    if (w.sleeping.load()) {
      std::lock_guard<std::mutex> lock(w.mutex);
      w.wake.notify_one();
    }
  }
  work(0, n / shares);
  // The caller alone writes posted: it is the job just handed over.
  for (size_t s = 1; s < shares; ++s) {
    Worker& w = *workers_[s - 1];
    wait_for(w, w.posted.load(std::memory_order_relaxed));
  }
}

// Returns once w has finished job `job`.
void ParallelEval::wait_for(Worker& w, uint64_t job) {
  for (unsigned i = 0; i < kCallerSpins; ++i) {
    if (w.done.load(std::memory_order_acquire) == job) return;
    cpu_relax();
  }
  // The worker is late (its core is busy with another process): sleep until it is done.
  std::unique_lock<std::mutex> lock(mutex_);
  caller_sleeping_.store(true);   // seq_cst: ordered before the done load below
  finished_.wait(lock, [&] { return w.done.load() == job; });
  caller_sleeping_.store(false);
}

// True when a job newer than `seen` is posted to w, false when asked to stop.
bool ParallelEval::wait_for_job(Worker& w, uint64_t seen) {
  for (unsigned i = 0; i < kWorkerSpins; ++i) {
    if (w.posted.load(std::memory_order_acquire) != seen) return true;
    if (stop_.load(std::memory_order_relaxed)) return false;
    cpu_relax();
  }
  std::unique_lock<std::mutex> lock(w.mutex);
  w.sleeping.store(true);   // seq_cst: ordered before the posted load in the predicate
  w.wake.wait(lock, [&] { return stop_.load() || w.posted.load() != seen; });
  w.sleeping.store(false, std::memory_order_release);
  return !stop_.load();
}

void ParallelEval::worker_loop(Worker& w) {
  uint64_t seen = 0;
  while (wait_for_job(w, seen)) {
    seen = w.posted.load(std::memory_order_acquire);
    (*work_)(w.begin, w.end);
    w.done.store(seen);   // seq_cst: ordered before the caller_sleeping_ load below
    if (caller_sleeping_.load()) {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_.notify_one();
    }
  }
}

}  // namespace hbmsim
