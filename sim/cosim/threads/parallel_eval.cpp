#include "cosim/threads/parallel_eval.h"

#include <algorithm>
#include <chrono>
#include <exception>

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

size_t ShareBalancer::caller_share(size_t n) {
  const size_t w = workers_for(n);
  if (w == 0) return n;
  if (n != n_) {   // a new job size: start from equal shares
    n_ = n;
    share_ = n / (w + 1);
    caller_per_item_ = worker_per_item_ = 0;
    jobs_ = 0;
  }
  return share_;
}

void ShareBalancer::record(size_t n, uint64_t caller_ns, uint64_t worker_ns) {
  const size_t w = workers_for(n);
  if (w == 0 || n != n_) return;
  const size_t per_worker = (n - share_ + w - 1) / w;   // the largest worker share
  caller_per_item_ += double(caller_ns) / double(share_);
  worker_per_item_ += double(worker_ns) / double(per_worker);
  if (++jobs_ < kWindow) return;
  // Equal times: share * c = (n - share) / w * p, so share = n * p / (w * c + p).
  const double c = caller_per_item_, p = worker_per_item_;
  caller_per_item_ = worker_per_item_ = 0;
  jobs_ = 0;
  if (c <= 0 || p <= 0) return;
  const double ideal = double(n) * p / (double(w) * c + p);
  if (ideal > double(share_) + 0.5 && share_ + w < n) ++share_;
  else if (ideal < double(share_) - 0.5 && share_ > 1) --share_;
}

bool LateGuard::serial_now() {
  if (serial_left_ == 0) return false;
  --serial_left_;
  ++serial_total_;
  return true;
}

void LateGuard::record(uint64_t caller_ns, uint64_t waited_ns, uint64_t worker_ns) {
  // The worker finished at hand-over + start delay + worker_ns; the caller stopped waiting
  // then, caller_ns + waited_ns after the hand-over.
  if (caller_ns + waited_ns > worker_ns + kLateNs) ++late_;
  if (++jobs_ < kWindow) return;
  if (late_ * kLateShare > kWindow) {
    serial_left_ = next_serial_;
    next_serial_ = std::min(2 * next_serial_, kMaxSerialJobs);
  } else {
    next_serial_ = kSerialJobs;
  }
  jobs_ = late_ = 0;
}

// Every worker is complete before any thread starts: a thread that ran while its
// counters were still being initialized once saw a job posted that did not exist.
ParallelEval::ParallelEval(unsigned threads) : balancer_(std::max(threads, 2u) - 1) {
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

// Hands w its job (its begin, end and mode set before).
void ParallelEval::post(Worker& w, bool& woke) {
  w.posted.store(w.posted.load(std::memory_order_relaxed) + 1);   // seq_cst: ordered
                                                                  // before the load below
  if (w.sleeping.load()) {
    woke = true;
    std::lock_guard<std::mutex> lock(w.mutex);
    w.wake.notify_one();
  }
}

void ParallelEval::run(size_t n, const Work& work, const Prepare* prepare) {
  using Clock = std::chrono::steady_clock;
  const size_t workers = balancer_.workers_for(n);
  const size_t mine = balancer_.caller_share(n);
  if (workers == 0 || guard_.serial_now()) {
    if (prepare) (*prepare)(0, n, true);
    work(0, n);
    return;
  }
  work_ = &work;
  // The caller's share: the first items, or with prepare the last.
  const size_t first = prepare ? 0 : mine, mine_begin = prepare ? n - mine : 0;
  bool woke = false;   // a worker slept (the host's work between jobs was long)
  size_t posted = 0;
  // What the caller's own work throws (the host's, with prepare) waits for the workers it
  // handed over to: their job refers to the caller's frames. A worker waiting for items
  // the caller will not prepare now stops at them.
  const auto join_posted = [&] {
    for (size_t s = 0; s < posted; ++s) {
      workers_[s]->cancelled.store(true, std::memory_order_release);
      wait_for(*workers_[s], workers_[s]->posted.load(std::memory_order_relaxed));
    }
  };
  Clock::time_point start;
  try {
    // Without prepare a share is ready whole; with it, item by item after the hand-over.
    while (posted < workers) {
      Worker& w = *workers_[posted];
      w.begin = first + (n - mine) * posted / workers;
      w.end = first + (n - mine) * (posted + 1) / workers;
      w.ready.store(prepare ? w.begin : w.end, std::memory_order_relaxed);
      w.cancelled.store(false, std::memory_order_relaxed);
      ++posted;
      post(w, woke);
      for (size_t i = w.begin; prepare && i < w.end; ++i) {
        (*prepare)(i, i + 1, false);
        w.ready.store(i + 1, std::memory_order_release);
      }
    }
    // Timed from the last hand-over, as the workers' ends are: the balancer evens out
    // when each side finishes from there (the caller's preparing of its own share
    // included).
    start = Clock::now();
    if (prepare) (*prepare)(mine_begin, mine_begin + mine, true);
    work(mine_begin, mine_begin + mine);
  } catch (...) {
    join_posted();
    throw;
  }
  const auto caller_ns = uint64_t(std::chrono::nanoseconds(Clock::now() - start).count());
  // The caller alone writes posted: it is the job just handed over.
  for (size_t s = 0; s < workers; ++s) {
    wait_for(*workers_[s], workers_[s]->posted.load(std::memory_order_relaxed));
  }
  uint64_t slowest_ns = 0, slowest_end_ns = 0;
  std::exception_ptr failed;
  const int64_t start_ns = std::chrono::nanoseconds(start.time_since_epoch()).count();
  for (size_t s = 0; s < workers; ++s) {
    Worker& w = *workers_[s];
    slowest_ns = std::max(slowest_ns, w.took_ns);
    slowest_end_ns = std::max(slowest_end_ns, uint64_t(std::max<int64_t>(0, w.finished_ns - start_ns)));
    if (w.failed && !failed) failed = w.failed;
    w.failed = nullptr;
  }
  if (failed) std::rethrow_exception(failed);
  const auto waited_ns =
      uint64_t(std::chrono::nanoseconds(Clock::now() - start).count()) - caller_ns;
  // With prepare a worker started before `start`: what matters is when it ended after it.
  balancer_.record(n, caller_ns, prepare ? slowest_end_ns : slowest_ns);
  // A worker woken from its sleep starts late for this process's own reasons (a long
  // stretch of host work, as a waveform's dumps), not for other work on the cores.
  if (!woke) guard_.record(caller_ns, waited_ns, slowest_ns);
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

// A worker's share, each run of items as soon as the caller has prepared it (a share
// without prepare is ready whole: one call; else the caller is busy with the next items,
// so the wait is a spin).
void ParallelEval::run_share(Worker& w) {
  for (size_t i = w.begin; i < w.end;) {
    size_t ready = w.ready.load(std::memory_order_acquire);
    while (ready <= i) {
      if (w.cancelled.load(std::memory_order_acquire)) {
        // The caller cancels after its last hand-over: what it prepared before is visible
        // now and still runs. (A worker that read `ready` before it was raised and was
        // then descheduled past the cancel skipped prepared items: 1 run in ~200 of
        // ParallelEval.ExceptionsReachTheCallerAfterEveryWorkerIsDone on a loaded machine.)
        ready = w.ready.load(std::memory_order_acquire);
        if (ready <= i) return;
        break;
      }
      cpu_relax();
      ready = w.ready.load(std::memory_order_acquire);
    }
    (*work_)(i, ready);
    i = ready;
  }
}

void ParallelEval::worker_loop(Worker& w) {
  uint64_t seen = 0;
  while (wait_for_job(w, seen)) {
    seen = w.posted.load(std::memory_order_acquire);
    const auto start = std::chrono::steady_clock::now();
    try {
      run_share(w);
    } catch (...) {   // passed to the caller, rethrown there after the join
      w.failed = std::current_exception();
    }
    const auto end = std::chrono::steady_clock::now();
    w.took_ns = uint64_t(std::chrono::nanoseconds(end - start).count());
    w.finished_ns = std::chrono::nanoseconds(end.time_since_epoch()).count();
    w.done.store(seen);   // seq_cst: ordered before the caller_sleeping_ load below
    if (caller_sleeping_.load()) {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_.notify_one();
    }
  }
}

}  // namespace hbmsim
