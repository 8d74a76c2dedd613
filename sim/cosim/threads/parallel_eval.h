// Evaluates independent Verilated models on several threads: the calling thread takes
// the first share, one persistent worker each of the others. Models never read each
// other's state inside eval(), so the split changes nothing but the wall time: results
// stay bit for bit the same (tests compare command logs of 1, 2, 3 and 4 threads).
//
// A tCK is ~100-200 us of model evaluation at 32 PCs, so the hand-over must cost far
// less than a condition variable's wake-up: a worker spins, then sleeps on its condition
// variable once it has been idle for a while (set-up, CSR phases), so an idle worker
// costs no CPU.
//
// The shares are not equal: at 32 PCs a model has taken a worker up to 1.9x as long as
// the caller (timed per share; likely cache lines: between two edges the caller's host
// work writes every model's inputs and reads its outputs, and it runs the falling edge
// of all of them), and another tenant can slow either core. A ShareBalancer moves
// models to whichever side finishes first. Evaluating the falling edge on the workers
// too was tried: its hand-over cost more than it saved (0.94x).
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace hbmsim {

// Chooses the caller's share of a job of n items so that the caller and the workers
// finish together, from the times they took: every kWindow jobs it compares the cost of
// an item on the caller and on a worker and moves the caller's share one item towards
// the split where both would take as long (one step a window, so a noisy window cannot
// swing it). Only the wall time depends on it.
class ShareBalancer {
 public:
  static constexpr unsigned kWindow = 128;

  explicit ShareBalancer(unsigned workers) : workers_(workers) {}

  // Items [0, share) go to the caller; the workers split the rest evenly.
  size_t caller_share(size_t n);
  // One job of n items: the caller's share took caller_ns, the slowest worker worker_ns.
  void record(size_t n, uint64_t caller_ns, uint64_t worker_ns);
  // How many workers a job of n items uses (none for one item).
  size_t workers_for(size_t n) const { return n <= 1 ? 0 : std::min<size_t>(workers_, n - 1); }

 private:
  size_t workers_;
  size_t n_ = 0;
  size_t share_ = 0;
  double caller_per_item_ = 0;   // sums over the window, ns per item
  double worker_per_item_ = 0;
  unsigned jobs_ = 0;
};

// Falls back to the caller alone while hand-overs are late. With another process on a
// core the worker waits for the scheduler at every hand-over, and a run on two threads
// went 12x slower than on one (32-PC GEMV: 14 s against 1.15 s). A job is late when a
// worker started more than kLateNs after it was handed over: the caller's wait for the
// workers beyond what their shares took after its own (an uneven split is the balancer's
// business, not lateness); when more than one job in kLateShare of a window of kWindow was late,
// the next jobs run on the caller alone, kSerialJobs of them at first, twice as many each
// time the next try is late again (up to kMaxSerialJobs), back to kSerialJobs after a
// window that was not. Only the wall time depends on it.
class LateGuard {
 public:
  static constexpr unsigned kWindow = 64;
  static constexpr unsigned kLateShare = 8;
  static constexpr uint64_t kLateNs = 100000;
  static constexpr uint64_t kSerialJobs = 4096;
  static constexpr uint64_t kMaxSerialJobs = uint64_t(1) << 18;

  // Whether this job runs on the caller alone (and counts it).
  bool serial_now();
  // A job run on the threads: the caller's share took caller_ns, then it waited waited_ns
  // for the workers, the slowest of whose shares took worker_ns.
  void record(uint64_t caller_ns, uint64_t waited_ns, uint64_t worker_ns);
  uint64_t serial_jobs() const { return serial_total_; }   // jobs run alone so far

 private:
  unsigned jobs_ = 0, late_ = 0;
  uint64_t serial_left_ = 0;
  uint64_t next_serial_ = kSerialJobs;
  uint64_t serial_total_ = 0;
};

class ParallelEval {
 public:
  using Work = std::function<void(size_t begin, size_t end)>;

  // threads: the caller and threads - 1 workers (at least 2 in all).
  explicit ParallelEval(unsigned threads = 2);
  ~ParallelEval();
  ParallelEval(const ParallelEval&) = delete;
  ParallelEval& operator=(const ParallelEval&) = delete;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }
  // Jobs run on the caller alone because hand-overs were late (LateGuard).
  uint64_t serial_jobs() const { return guard_.serial_jobs(); }

  // Runs work over [0, n) cut into shares, at most one per thread and none empty: the
  // first on the caller (its size from the balancer), the rest in equal parts on the
  // workers; returns when all are done.
  //
  // With `prepare`: the workers' shares come first and the caller's last. The caller
  // hands each worker its share at once and then prepares it item by item, and the worker
  // runs each item as soon as it is prepared: the host's work for a share overlaps the
  // share's evaluation instead of coming before it (32 PCs: about 7 of 43 us a tCK). The
  // caller prepares its own share last, then runs it.
  // prepare runs on the caller alone, over the shares in order, so what it does happens
  // in item order whatever the split; `last` marks the caller's own share, which ends at n.
  // Alone (no worker, or late hand-overs) it is prepare(0, n, true) then work(0, n).
  using Prepare = std::function<void(size_t begin, size_t end, bool last)>;
  void run(size_t n, const Work& work, const Prepare* prepare = nullptr);

 private:
  // One worker: its job counters and its wake-up, on cache lines of its own.
  struct alignas(64) Worker {
    std::atomic<uint64_t> posted{0};   // jobs handed to it
    std::atomic<uint64_t> done{0};     // jobs it finished
    std::atomic<bool> sleeping{false}; // it waits on wake
    std::mutex mutex;
    std::condition_variable wake;
    size_t begin = 0, end = 0;
    std::atomic<size_t> ready{0};      // its items below this are prepared
    std::atomic<bool> cancelled{false};  // the caller stopped preparing (it threw)
    uint64_t took_ns = 0;              // its last job's work, written before done
    int64_t finished_ns = 0;           // when its last job ended (steady clock)
    std::exception_ptr failed;         // what its last job threw, written before done
    std::thread thread;                // started once everything else is set
  };

  void worker_loop(Worker& w);
  void run_share(Worker& w);
  void post(Worker& w, bool& woke);
  bool wait_for_job(Worker& w, uint64_t seen);
  void wait_for(Worker& w, uint64_t job);

  std::vector<std::unique_ptr<Worker>> workers_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> caller_sleeping_{false};   // the caller waits on finished_
  std::mutex mutex_;
  std::condition_variable finished_;
  const Work* work_ = nullptr;
  ShareBalancer balancer_;
  LateGuard guard_;
};

}  // namespace hbmsim
