// Evaluates independent Verilated models on several threads: the calling thread takes
// the first share, one persistent worker each of the others. Models never read each
// other's state inside eval(), so the split changes nothing but the wall time: results
// stay bit for bit the same (tests compare command logs of 1, 2, 3 and 4 threads).
//
// A tCK is ~100-200 us of model evaluation at 32 PCs, so the hand-over must cost far
// less than a condition variable's wake-up: a worker spins, then sleeps on its condition
// variable once it has been idle for a while (set-up, CSR phases), so an idle worker
// costs no CPU.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace hbmsim {

class ParallelEval {
 public:
  using Work = std::function<void(size_t begin, size_t end)>;

  // threads: the caller and threads - 1 workers (at least 2 in all).
  explicit ParallelEval(unsigned threads = 2);
  ~ParallelEval();
  ParallelEval(const ParallelEval&) = delete;
  ParallelEval& operator=(const ParallelEval&) = delete;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }

  // Runs work over [0, n) cut into equal shares, at most one per thread and none empty:
  // the first on the caller, the others on the workers; returns when all are done.
  void run(size_t n, const Work& work);

 private:
  // One worker: its job counters and its wake-up, on cache lines of its own.
  struct alignas(64) Worker {
    std::atomic<uint64_t> posted{0};   // jobs handed to it
    std::atomic<uint64_t> done{0};     // jobs it finished
    std::atomic<bool> sleeping{false}; // it waits on wake
    std::mutex mutex;
    std::condition_variable wake;
    size_t begin = 0, end = 0;
    std::thread thread;                // started once everything else is set
  };

  void worker_loop(Worker& w);
  bool wait_for_job(Worker& w, uint64_t seen);
  void wait_for(Worker& w, uint64_t job);

  std::vector<std::unique_ptr<Worker>> workers_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> caller_sleeping_{false};   // the caller waits on finished_
  std::mutex mutex_;
  std::condition_variable finished_;
  const Work* work_ = nullptr;
};

}  // namespace hbmsim
