// Evaluates independent Verilated models on two threads: the calling thread takes the
// first half, one persistent worker the second. Models never read each other's state
// inside eval(), so the split changes nothing but the wall time: results stay bit for
// bit the same (tests compare command logs of both modes).
//
// A tCK is ~100-200 us of model evaluation at 32 PCs, so the hand-over must cost far
// less than a condition variable's wake-up: the worker spins, then sleeps on a
// condition variable once it has been idle for a while (set-up, CSR phases), so an idle
// worker costs no CPU.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>

namespace hbmsim {

class ParallelEval {
 public:
  using Work = std::function<void(size_t begin, size_t end)>;

  ParallelEval();
  ~ParallelEval();
  ParallelEval(const ParallelEval&) = delete;
  ParallelEval& operator=(const ParallelEval&) = delete;

  // Runs work over [0, n): [0, n/2) on the caller, [n/2, n) on the worker; returns when
  // both halves are done.
  void run(size_t n, const Work& work);

 private:
  void worker_loop();
  bool wait_for_job(uint64_t seen);

  std::atomic<uint64_t> posted_{0};   // jobs handed to the worker
  std::atomic<uint64_t> done_{0};     // jobs the worker finished
  std::atomic<bool> stop_{false};
  std::atomic<bool> sleeping_{false};          // the worker waits on wake_
  std::atomic<bool> caller_sleeping_{false};   // the caller waits on finished_
  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  const Work* work_ = nullptr;
  size_t begin_ = 0, end_ = 0;
  // Last: members are initialized in declaration order, and the worker reads the others
  // as soon as it starts (declared first, it once saw posted_ before its initializer ran
  // and ran a job that did not exist: a crash in 2 of 12 runs).
  std::thread thread_;
};

}  // namespace hbmsim
