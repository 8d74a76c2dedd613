// ParallelEval, the evaluation of channel models on several threads: every index of a
// job runs exactly once per job, on one of the threads, each share prepared by the caller
// before it runs when asked, and a worker that has just
// started never runs a job it was not given; its ShareBalancer's choice of shares and its
// LateGuard's fall-back to one thread; the idle cores the default thread count is taken
// from (spare_cores.h).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cosim/threads/parallel_eval.h"
#include "cosim/threads/spare_cores.h"

namespace hbmsim {
namespace test_parallel_eval {

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
    auto* pe = new (memory) ParallelEval(2 + round % 3);
    const ParallelEval::Work work = [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) runs[i].fetch_add(1);
    };
    pe->run(kModels, work);
    pe->run(kModels, work);
    pe->~ParallelEval();
    for (size_t i = 0; i < kModels; ++i) ASSERT_EQ(runs[i].load(), 2) << "round " << round;
  }
}

// Any thread count over any model count: each index once per job, over many jobs (the
// shares are uneven when the threads do not divide the models; threads beyond the
// models get nothing).
TEST(ParallelEval, EveryIndexOncePerJobForAnyThreadCount) {
  for (unsigned threads : {2u, 3u, 4u, 5u}) {
    ParallelEval pe(threads);
    EXPECT_EQ(pe.threads(), threads);
    for (size_t n : {size_t(1), size_t(2), size_t(3), size_t(4), size_t(7), size_t(16)}) {
      std::vector<std::atomic<int>> runs(n);
      const ParallelEval::Work work = [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) runs[i].fetch_add(1);
      };
      for (int job = 0; job < 200; ++job) pe.run(n, work);
      for (size_t i = 0; i < n; ++i) {
        ASSERT_EQ(runs[i].load(), 200) << threads << " threads, " << n << " models, index " << i;
      }
    }
  }
}

// With prepare: the caller prepares every share, in item order from 0 to n, each before
// any thread runs an item of it; its own share is the last (the only one alone).
TEST(ParallelEval, PrepareCoversEveryShareInOrderOnTheCallerBeforeItRuns) {
  const auto caller = std::this_thread::get_id();
  for (unsigned threads : {2u, 3u, 4u}) {
    ParallelEval pe(threads);
    for (size_t n : {size_t(1), size_t(2), size_t(3), size_t(7), size_t(16)}) {
      for (int job = 0; job < 200; ++job) {
        std::vector<std::atomic<int>> prepared(n), ran_unprepared(n);
        std::vector<std::pair<size_t, size_t>> shares;
        bool off_caller = false;
        size_t lasts = 0, marked_end = 0;
        const ParallelEval::Prepare prepare = [&](size_t begin, size_t end, bool last) {
          off_caller = off_caller || std::this_thread::get_id() != caller;
          shares.emplace_back(begin, end);
          lasts += last;
          if (last) marked_end = end;
          for (size_t i = begin; i < end; ++i) prepared[i].store(1);
        };
        const ParallelEval::Work work = [&](size_t begin, size_t end) {
          for (size_t i = begin; i < end; ++i) {
            if (prepared[i].load() != 1) ran_unprepared[i].fetch_add(1);
          }
        };
        pe.run(n, work, &prepare);
        ASSERT_FALSE(off_caller);
        ASSERT_FALSE(shares.empty());
        size_t next = 0;
        for (const auto& [begin, end] : shares) {
          ASSERT_EQ(begin, next) << threads << " threads, " << n << " items";
          ASSERT_GT(end, begin);
          next = end;
        }
        ASSERT_EQ(next, n);
        ASSERT_EQ(lasts, 1u) << "only the caller's own share, the last, is marked";
        ASSERT_EQ(marked_end, n);
        for (size_t i = 0; i < n; ++i) ASSERT_EQ(ran_unprepared[i].load(), 0) << "item " << i;
      }
    }
  }
}

// With prepare, a worker's share is handed over before it is prepared, and the worker runs
// each item as soon as the caller has prepared it: the caller's preparing of item i + 1
// sees item i already run (it waits for that, up to a limit that only a worker held until
// its whole share is prepared would reach).
TEST(ParallelEval, AWorkerRunsEachItemAsSoonAsItIsPrepared) {
  constexpr size_t kItems = 8;
  ParallelEval pe(2);
  for (int job = 0; job < 20; ++job) {
    std::vector<std::atomic<int>> ran(kItems);
    size_t waited_in_vain = 0, worker_items = 0;
    const ParallelEval::Prepare prepare = [&](size_t begin, size_t end, bool last) {
      if (last) return;
      worker_items += end - begin;
      for (size_t i = std::max<size_t>(begin, 1); i < end; ++i) {
        const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (ran[i - 1].load() == 0 && std::chrono::steady_clock::now() < limit) {
          std::this_thread::yield();
        }
        waited_in_vain += ran[i - 1].load() == 0;
      }
    };
    const ParallelEval::Work work = [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) ran[i].fetch_add(1);
    };
    pe.run(kItems, work, &prepare);
    ASSERT_GE(worker_items, 2u) << "the worker's share spans several items";
    ASSERT_EQ(waited_in_vain, 0u) << "job " << job;
    for (size_t i = 0; i < kItems; ++i) ASSERT_EQ(ran[i].load(), 1) << "item " << i;
  }
}

// A prepare that throws in a worker's share: the worker runs what was prepared, stops at
// the first item that was not, and the exception leaves run() after it is done. The next
// job runs every item.
TEST(ParallelEval, APrepareThatThrowsInAWorkersShareStopsItThere) {
  constexpr size_t kItems = 8;
  ParallelEval pe(2);
  std::vector<std::atomic<int>> ran(kItems);
  const ParallelEval::Work work = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) ran[i].fetch_add(1);
  };
  const ParallelEval::Prepare throws_at_2 = [&](size_t begin, size_t, bool) {
    if (begin == 2) throw std::runtime_error("from the worker's share");
  };
  EXPECT_THROW(pe.run(kItems, work, &throws_at_2), std::runtime_error);
  EXPECT_EQ(ran[0].load(), 1);
  EXPECT_EQ(ran[1].load(), 1);
  for (size_t i = 2; i < kItems; ++i) EXPECT_EQ(ran[i].load(), 0) << "item " << i;
  for (auto& r : ran) r = 0;
  pe.run(kItems, work);
  for (size_t i = 0; i < kItems; ++i) EXPECT_EQ(ran[i].load(), 1) << "item " << i;
}

// What a worker's share throws reaches the caller after the join (it used to end the
// process: a worker may run the host's work now, a port's agent); what the caller's own
// prepare throws leaves only after the workers it handed over to are done (their job
// refers to its frames). Either way the next job runs normally.
TEST(ParallelEval, ExceptionsReachTheCallerAfterEveryWorkerIsDone) {
  constexpr size_t kItems = 8;
  ParallelEval pe(2);
  std::atomic<int> finished{0};
  const ParallelEval::Work throw_high = [&](size_t begin, size_t end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    finished.fetch_add(static_cast<int>(end - begin));
    if (end == kItems) throw std::runtime_error("from the last share");
  };
  // Without prepare the workers hold the last items.
  EXPECT_THROW(pe.run(kItems, throw_high), std::runtime_error);
  EXPECT_EQ(finished.load(), int(kItems));
  // Every item prepared before the throw runs, and before the throw leaves run(): also
  // when the worker read its ready count before the caller raised it and was descheduled
  // until after the cancel (a loaded machine), which once let it skip them.
  finished = 0;
  int prepared = 0;
  const ParallelEval::Prepare prepare_throws = [&](size_t begin, size_t end, bool last) {
    if (last) throw std::runtime_error("from the caller's prepare");
    prepared += static_cast<int>(end - begin);
  };
  const ParallelEval::Work slow = [&](size_t begin, size_t end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    finished.fetch_add(static_cast<int>(end - begin));
  };
  EXPECT_THROW(pe.run(kItems, slow, &prepare_throws), std::runtime_error);
  EXPECT_GT(prepared, 0);
  EXPECT_EQ(finished.load(), prepared)
      << "the worker's prepared items finished before the throw left run()";
  std::atomic<int> runs{0};
  pe.run(kItems, [&](size_t begin, size_t end) { runs.fetch_add(int(end - begin)); });
  EXPECT_EQ(runs.load(), int(kItems));
}

// One model: no hand-over, the caller does it all.
TEST(ParallelEval, OneModelRunsOnTheCaller) {
  ParallelEval pe;
  int runs = 0;
  pe.run(1, [&](size_t begin, size_t end) { runs += static_cast<int>(end - begin); });
  EXPECT_EQ(runs, 1);
}

// The balancer on made-up costs: it moves the caller's share to where the caller and the
// slowest worker take as long, one item a window, and starts again on a new job size.
size_t settle(ShareBalancer& b, size_t n, size_t workers, double caller_cost,
              double worker_cost, unsigned windows) {
  for (unsigned j = 0; j < windows * ShareBalancer::kWindow; ++j) {
    const size_t share = b.caller_share(n);
    const size_t per_worker = (n - share + workers - 1) / workers;
    b.record(n, uint64_t(double(share) * caller_cost), uint64_t(double(per_worker) * worker_cost));
  }
  return b.caller_share(n);
}

TEST(ShareBalancer, EqualCostsKeepEqualShares) {
  ShareBalancer b(1);
  EXPECT_EQ(b.caller_share(16), 8u);
  EXPECT_EQ(settle(b, 16, 1, 1000, 1000, 20), 8u);
}

TEST(ShareBalancer, ASlowerWorkerGetsFewerItems) {
  ShareBalancer b(1);
  // 16 x 1.4 / 2.4 = 9.33: nine on the caller, seven on the worker.
  EXPECT_EQ(settle(b, 16, 1, 1000, 1400, 1), 9u);   // one step a window
  EXPECT_EQ(settle(b, 16, 1, 1000, 1400, 20), 9u);
  // A slower caller hands items over, down to one of its own.
  EXPECT_EQ(settle(b, 16, 1, 1000, 100, 40), 1u);
  // A new job size starts again from equal shares.
  EXPECT_EQ(b.caller_share(6), 3u);
}

TEST(ShareBalancer, EveryWorkerKeepsAnItem) {
  ShareBalancer b(3);
  EXPECT_EQ(b.caller_share(16), 4u);
  // The workers are far slower: the caller takes all but one item each.
  EXPECT_EQ(settle(b, 16, 3, 1, 1000000, 40), 13u);
  EXPECT_EQ(b.workers_for(16), 3u);
  EXPECT_EQ(b.workers_for(2), 1u);
  EXPECT_EQ(b.caller_share(1), 1u);
}

// Runs `windows` windows of LateGuard jobs, each late or not; returns the jobs it then runs
// alone before it tries the threads again.
uint64_t serial_after(LateGuard& g, unsigned windows, bool late) {
  for (unsigned w = 0; w < windows; ++w) {
    for (unsigned j = 0; j < LateGuard::kWindow; ++j) {
      EXPECT_FALSE(g.serial_now());
      g.record(1000, late ? 200000 : 1000, 2000);
    }
  }
  uint64_t n = 0;
  while (g.serial_now()) ++n;
  return n;
}

TEST(LateGuard, PromptHandOversKeepTheThreads) {
  LateGuard g;
  EXPECT_EQ(serial_after(g, 10, false), 0u);
  // A few late jobs in a window (one in 32) are a preempted worker, not a busy machine.
  for (unsigned j = 0; j < LateGuard::kWindow; ++j) g.record(1000, j % 32 == 0 ? 200000 : 1000, 2000);
  EXPECT_FALSE(g.serial_now());
  EXPECT_EQ(g.serial_jobs(), 0u);
}

TEST(LateGuard, LateHandOversRunOnTheCallerForLongerEachTime) {
  LateGuard g;
  EXPECT_EQ(serial_after(g, 1, true), LateGuard::kSerialJobs);
  EXPECT_EQ(serial_after(g, 1, true), 2 * LateGuard::kSerialJobs);
  EXPECT_EQ(serial_after(g, 1, true), 4 * LateGuard::kSerialJobs);
  // A window that was not late starts the back-off again.
  EXPECT_EQ(serial_after(g, 1, false), 0u);
  EXPECT_EQ(serial_after(g, 1, true), LateGuard::kSerialJobs);
  EXPECT_EQ(g.serial_jobs(), 8 * LateGuard::kSerialJobs);
  for (int i = 0; i < 20; ++i) serial_after(g, 1, true);
  EXPECT_EQ(serial_after(g, 1, true), LateGuard::kMaxSerialJobs);   // capped
}

// An uneven split is not lateness: the caller waits while a worker works its longer share.
TEST(LateGuard, AWorkerBusyWithALargerShareIsNotLate) {
  LateGuard g;
  for (unsigned j = 0; j < 4 * LateGuard::kWindow; ++j) g.record(1000, 500000, 501000);
  EXPECT_FALSE(g.serial_now());
  // The same wait with a short worker share is a worker that started late.
  for (unsigned j = 0; j < LateGuard::kWindow; ++j) g.record(1000, 500000, 1000);
  EXPECT_TRUE(g.serial_now());
}

// /proc/stat's aggregate line: idle is idle + iowait, the total every field but the guest
// ones (already inside user and nice); the cores are the cpuN lines.
TEST(SpareCores, ParsesTheAggregateCpuLine) {
  const auto t = parse_cpu_ticks(
      "cpu  100 5 20 300 7 0 3 0 50 0\ncpu0 50 2 10 150 3 0 1 0 25 0\n"
      "cpu1 50 3 10 150 4 0 2 0 25 0\nintr 1 2 3\nprocs_running 1\n");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->idle, 307u);
  EXPECT_EQ(t->total, 435u);
  EXPECT_EQ(t->cpus, 2u);
  EXPECT_FALSE(parse_cpu_ticks("intr 1 2 3\n").has_value());
  EXPECT_FALSE(parse_cpu_ticks("cpu  1 2 3\ncpu0 1 2 3\n").has_value());   // too few fields
  EXPECT_FALSE(parse_cpu_ticks("cpu  1 2 3 4 5 6 7 8\n").has_value());      // no cpuN line
}

// Between two readings: the share of ticks spent idle, times the cores.
TEST(SpareCores, IdleCoresFromTwoReadings) {
  const CpuTicks a{1000, 4000, 2};
  EXPECT_DOUBLE_EQ(*idle_cores(a, CpuTicks{1020, 4020, 2}), 2.0);   // all idle
  EXPECT_DOUBLE_EQ(*idle_cores(a, CpuTicks{1010, 4020, 2}), 1.0);   // one core busy
  EXPECT_DOUBLE_EQ(*idle_cores(a, CpuTicks{1000, 4020, 2}), 0.0);   // both busy
  EXPECT_FALSE(idle_cores(a, a).has_value());                        // no tick went by
  EXPECT_FALSE(idle_cores(a, CpuTicks{990, 4020, 2}).has_value());   // counters went back
}

// This machine's reading is a number of cores between none and all of them.
TEST(SpareCores, MeasuredIdleCoresAreInRange) {
  const auto idle = measure_idle_cores(std::chrono::milliseconds(50));
  ASSERT_TRUE(idle.has_value());
  EXPECT_GE(*idle, 0.0);
  std::ifstream in("/proc/stat");
  std::stringstream text;
  text << in.rdbuf();
  const auto now = parse_cpu_ticks(text.str());
  ASSERT_TRUE(now.has_value());
  EXPECT_LE(*idle, double(now->cpus));
}

}  // namespace test_parallel_eval
}  // namespace hbmsim
