// ParallelEval, the two-thread evaluation of channel models: every index of a job runs
// exactly once per job, on either thread, and a worker that has just started never runs
// a job it was not given.
#include <atomic>
#include <cstring>
#include <new>
#include <vector>

#include <gtest/gtest.h>

#include "cosim/parallel_eval.h"

namespace hbmsim {
namespace {

// Each run of a fresh object counts every index once. The object is built on memory
// filled with ones, as the heap hands out: a worker that read its state before the
// constructor had initialized it (the thread was its first member) saw a job posted and
// ran a Work that did not exist (it crashed 2 runs in 12 of a 32-PC simulation).
TEST(ParallelEval, FreshObjectsRunOnlyTheirOwnJobs) {
  constexpr size_t kModels = 16;
  alignas(ParallelEval) unsigned char memory[sizeof(ParallelEval)];
  for (int round = 0; round < 3000; ++round) {
    std::vector<std::atomic<int>> runs(kModels);
    std::memset(memory, 0xff, sizeof memory);
    auto* pe = new (memory) ParallelEval;
    const ParallelEval::Work work = [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) runs[i].fetch_add(1);
    };
    pe->run(kModels, work);
    pe->run(kModels, work);
    pe->~ParallelEval();
    for (size_t i = 0; i < kModels; ++i) ASSERT_EQ(runs[i].load(), 2) << "round " << round;
  }
}

// One model: no hand-over, the caller does it all.
TEST(ParallelEval, OneModelRunsOnTheCaller) {
  ParallelEval pe;
  int runs = 0;
  pe.run(1, [&](size_t begin, size_t end) { runs += static_cast<int>(end - begin); });
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace hbmsim
