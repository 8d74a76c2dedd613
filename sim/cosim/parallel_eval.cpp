#include "cosim/parallel_eval.h"

namespace hbmsim {
namespace {

// The worker spins this many pauses (a few hundred microseconds: longer than the host's
// work between two rising edges) before it sleeps on the condition variable; it never
// yields, since a yield hands the core to any other runnable process for a whole time
// slice. The caller spins on the worker's half the same way, then sleeps until the
// worker wakes it.
constexpr unsigned kWorkerSpins = 20000;
constexpr unsigned kCallerSpins = 20000;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

}  // namespace

ParallelEval::ParallelEval() : thread_([this] { worker_loop(); }) {}

ParallelEval::~ParallelEval() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
  }
  wake_.notify_one();
  thread_.join();
}

void ParallelEval::run(size_t n, const Work& work) {
  const size_t split = n / 2;
  if (split == 0) {
    work(0, n);
    return;
  }
  work_ = &work;
  begin_ = split;
  end_ = n;
  const uint64_t job = posted_.load(std::memory_order_relaxed) + 1;
  posted_.store(job);   // seq_cst: ordered before the sleeping_ load below
  if (sleeping_.load()) {
    std::lock_guard<std::mutex> lock(mutex_);
    wake_.notify_one();
  }
  work(0, split);
  for (unsigned i = 0; i < kCallerSpins; ++i) {
    if (done_.load(std::memory_order_acquire) == job) return;
    cpu_relax();
  }
  // The worker is late (its core is busy with another process): sleep until it is done.
  std::unique_lock<std::mutex> lock(mutex_);
  caller_sleeping_.store(true);   // seq_cst: ordered before the done_ load below
  finished_.wait(lock, [&] { return done_.load() == job; });
  caller_sleeping_.store(false);
}

// True when a job newer than `seen` is posted, false when asked to stop.
bool ParallelEval::wait_for_job(uint64_t seen) {
  for (unsigned i = 0; i < kWorkerSpins; ++i) {
    if (posted_.load(std::memory_order_acquire) != seen) return true;
    if (stop_.load(std::memory_order_relaxed)) return false;
    cpu_relax();
  }
  std::unique_lock<std::mutex> lock(mutex_);
  sleeping_.store(true);   // seq_cst: ordered before the posted_ load in the predicate
  wake_.wait(lock, [&] {
    return stop_.load() || posted_.load() != seen;
  });
  sleeping_.store(false, std::memory_order_release);
  return !stop_.load();
}

void ParallelEval::worker_loop() {
  uint64_t seen = 0;
  while (wait_for_job(seen)) {
    seen = posted_.load(std::memory_order_acquire);
    (*work_)(begin_, end_);
    done_.store(seen);   // seq_cst: ordered before the caller_sleeping_ load below
    if (caller_sleeping_.load()) {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_.notify_one();
    }
  }
}

}  // namespace hbmsim
