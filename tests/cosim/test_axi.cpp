// AXI4 port behaviour: error responses, burst types, narrow writes, back-pressure, the
// deadlock watchdog, and masters that hold their observers' calls back for the threads.
#include <random>
#include <regex>
#include <string>
#include <unordered_map>
#include <utility>

#include "cosim_fixture.h"
#include "host/workloads/synthetic_workload.h"
#include "tb/line_counts.h"

namespace hbmsim::test {
namespace test_axi {

constexpr uint64_t kPcBytes = 512ull << 20;

// The byte lanes of every beat, for every size, burst type, length and start in a 64-byte
// span, against the rule spelled out byte by byte (AXI4 A3.4.1: a beat covers its address
// up to the next boundary of its size, within the bus's 32 lanes).
TEST(AxiTxnLanes, EveryBeatCoversItsAddressToTheNextSizeBoundary) {
  const AxiBurst bursts[] = {AxiBurst::Fixed, AxiBurst::Incr, AxiBurst::Wrap};
  unsigned checked = 0;
  for (AxiBurst burst : bursts) {
    for (unsigned size = 0; size <= 5; ++size) {
      for (unsigned beats : {1u, 2u, 4u, 8u}) {
        for (uint64_t addr = 0x1000; addr < 0x1040; ++addr) {
          AxiTxn t;
          t.addr = addr;
          t.size = size;
          t.beats = beats;
          t.burst = burst;
          for (unsigned i = 0; i < beats; ++i) {
            const uint64_t a = t.beat_addr(i);
            const uint64_t next = (a & ~((1ull << size) - 1)) + (1ull << size);
            uint32_t want = 0;
            for (uint64_t b = a; b < next; ++b) {
              if (b / AxiTxn::kBusBytes == a / AxiTxn::kBusBytes) want |= 1u << (b % AxiTxn::kBusBytes);
            }
            ASSERT_EQ(t.beat_lanes(i), want) << "size " << size << " addr " << addr << " beat " << i;
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 3u * 6u * 15u * 64u);
}

// The master's line counts against std::unordered_map doing the same (count += delta,
// erased at zero): random adds and removes over a few hundred lines in flight, with runs
// of neighbouring lines and lines that differ only in high bits (collisions), through the
// table's growth; every membership and the size agree after every step.
TEST(LineCountsTest, AgreesWithAMapThroughGrowthAndCollisions) {
  std::mt19937_64 rng(7);
  LineCounts counts;
  std::unordered_map<uint64_t, int> want;
  std::vector<uint64_t> held;   // one entry per +1 not yet taken back
  const auto line_of = [&](uint64_t r) {
    switch (r % 3) {
      case 0: return r >> 40;                  // small, neighbouring
      case 1: return (r >> 50) << 40;          // equal low bits
      default: return r >> 8;                  // anywhere
    }
  };
  uint64_t checked = 0;
  for (int step = 0; step < 200000; ++step) {
    const uint64_t r = rng();
    const bool add = held.empty() || (held.size() < 600 && (r & 0x100) != 0);
    uint64_t line;
    if (add) {
      line = line_of(rng());
      held.push_back(line);
    } else {
      const size_t k = r % held.size();
      line = held[k];
      held[k] = held.back();
      held.pop_back();
    }
    const int delta = add ? 1 : -1;
    counts.add(line, delta);
    if ((want[line] += delta) == 0) want.erase(line);
    ASSERT_EQ(counts.size(), want.size()) << "step " << step;
    ASSERT_EQ(counts.contains(line), want.count(line) == 1) << "step " << step;
    const uint64_t probe = line_of(rng());
    ASSERT_EQ(counts.contains(probe), want.count(probe) == 1) << "step " << step;
    checked += 2;
  }
  for (const auto& [line, n] : want) EXPECT_TRUE(counts.contains(line)) << line << " x" << n;
  EXPECT_EQ(checked, 400000u);
}

TEST_F(CosimTest, OutOfRangeAddressesGetDecerrAndTouchNothing) {
  std::vector<AxiTxn> txns = {make_write(kPcBytes, 2, 1, 1), make_read(kPcBytes + 4096, 4, 2),
                              make_write(0x1000, 1, 2, 3), make_read(0x1000, 1, 3)};
  const CosimResult r = run_list(txns);
  expect_clean(r);   // the scoreboard expects DECERR beyond the PC's capacity
  ASSERT_EQ(r.done.size(), 4u);
  for (const AxiTxn& t : r.done) {
    if (t.addr >= kPcBytes) {
      if (t.write) EXPECT_EQ(t.bresp, AxiResp::DecErr);
      for (AxiResp resp : t.rresp) EXPECT_EQ(resp, AxiResp::DecErr);
    }
  }
  EXPECT_EQ(r.device.write_bursts, 1u);
  EXPECT_EQ(r.device.read_bursts, 1u);
}

TEST_F(CosimTest, BurstCrossing4KibGetsSlverr) {
  AxiTxn w = make_write(4096 - 64, 4, 9, 1);   // 64 bytes before the boundary, 128 long
  AxiTxn rd = make_read(8192 - 32, 2, 2);
  // 256 beats of 32 bytes span 8 KiB: past the page from anywhere, from its start too.
  AxiTxn whole = make_read(0x4000, 256, 3);
  AxiTxn narrow = make_write(0x5000 - 8, 3, 4, 4);   // three 4-byte beats, the last past
  narrow.size = 2;
  const CosimResult r = run_list({w, rd, whole, narrow});
  expect_clean(r);   // the scoreboard expects SLVERR on every beat (AxiTxn::refused)
  ASSERT_EQ(r.done.size(), 4u);
  for (const AxiTxn& t : r.done) {
    if (t.write) EXPECT_EQ(t.bresp, AxiResp::SlvErr);
    for (AxiResp resp : t.rresp) EXPECT_EQ(resp, AxiResp::SlvErr);
    EXPECT_EQ(t.rresp.size(), t.write ? 0u : t.beats);
  }
  EXPECT_EQ(r.device.bursts(), 0u) << "an erroneous burst must not reach the DRAM";
}

// Only the bytes a burst covers count: an unaligned start covers less of its first beat.
TEST_F(CosimTest, BurstsEndingAtThePageEndAreServed) {
  AxiTxn last_byte = make_write(4096 - 1, 1, 5, 1);     // covers the last 32-byte beat
  AxiTxn tail = make_write(2 * 4096 - 40, 2, 6, 2);     // from mid-beat to the page end
  AxiTxn narrow = make_write(3 * 4096 - 6, 3, 7, 3);    // 2-byte beats up to the end
  narrow.size = 1;
  AxiTxn whole = make_write(4 * 4096, 128, 8, 4);       // all of one page
  const CosimResult r = run_list({last_byte, tail, narrow, whole, make_read(4096 - 32, 1, 5),
                                  make_read(2 * 4096 - 64, 2, 6), make_read(3 * 4096 - 32, 1, 7),
                                  make_read(4 * 4096, 128, 0)});
  expect_clean(r);
  for (const AxiTxn& t : r.done) EXPECT_FALSE(t.refused()) << std::hex << t.addr;
  EXPECT_EQ(r.bytes_checked, 32u + 64 + 32 + 4096);   // the reads, every byte
}

// Bursts of every kind, legal and not, a few beyond the PC: the scoreboard checks each
// response against the AXI4 rules (SLVERR first, then DECERR) and every byte moved.
TEST_F(CosimTest, RandomBurstsGetTheResponsesTheAxiRulesGive) {
  std::vector<AxiTxn> txns = random_bursts(11, 600, 16);
  for (size_t i = 0; i < txns.size(); i += 25) txns[i].addr += kPcBytes;
  const CosimResult r = run_list(txns);
  expect_clean(r);
  ASSERT_EQ(r.done.size(), txns.size());
  unsigned refused = 0;
  for (const AxiTxn& t : r.done) refused += t.refused();
  EXPECT_GT(refused, 60u);    // enough of both kinds for the check to mean something
  EXPECT_GT(600 - refused, 300u);
  EXPECT_GT(r.bytes_checked, 20000u);
}

TEST_F(CosimTest, WrapAndFixedBurstsMoveTheRightBytes) {
  AxiTxn wrap = make_write(0x2040, 4, 5, 1);   // wraps within 0x2000..0x207f
  wrap.burst = AxiBurst::Wrap;
  AxiTxn fixed = make_write(0x3000, 4, 6, 2);  // four beats to one address: last one wins
  fixed.burst = AxiBurst::Fixed;
  AxiTxn wrap_read = make_read(0x2060, 4, 3);
  wrap_read.burst = AxiBurst::Wrap;
  const CosimResult r = run_list({wrap, fixed, make_read(0x2000, 4, 4), make_read(0x3000, 1, 5),
                                  wrap_read});
  expect_clean(r);
  EXPECT_EQ(r.bytes_checked, (4 + 1 + 4) * 32u);
}

TEST_F(CosimTest, NarrowAndStrobedWritesMergeIntoTheLine) {
  AxiTxn narrow = make_write(0x4004, 4, 11, 1);  // 4-byte beats from 0x4004
  narrow.size = 2;
  AxiTxn strobed = make_write(0x4020, 1, 12, 2);
  strobed.wstrb[0] = 0x0f0f00ffu;
  const CosimResult r = run_list({narrow, strobed, make_read(0x4000, 2, 3)});
  expect_clean(r);
  EXPECT_EQ(r.bytes_checked, 64u);
}

TEST_F(CosimTest, BackPressureOnRAndBWhileRefreshIsDue) {
  opt_.wave.file.clear();
  SyntheticSpec spec;
  spec.pattern = "random";
  spec.requests = 6000;
  spec.read_ratio = 0.5;
  spec.footprint = 256 << 10;
  AxiMasterOptions m;
  // Long stalls (hundreds of tCK) several times per tREFI, and short random ones.
  m.r_ready = [](uint64_t c) { return (c % 2000) > 700 && (splitmix64(c) & 3) != 0; };
  m.b_ready = [](uint64_t c) { return (c % 3100) > 1200 && (splitmix64(c + 7) & 1); };
  std::vector<std::unique_ptr<TrafficSource>> src;
  src.push_back(make_synthetic(spec, 0, kPcBytes));
  const CosimResult r = run(std::move(src), m);
  expect_clean(r);
  EXPECT_GT(r.outcome.cycles, 2 * uint64_t(std_.t.REFI));
  // Refresh went on while the host stalled (the device saw none late: expect_clean).
  const auto refreshes = r.device.commands[static_cast<unsigned>(CmdKind::REFab)] +
                         r.device.commands[static_cast<unsigned>(CmdKind::REFpb)];
  EXPECT_GT(refreshes, 0u);
}

TEST_F(CosimTest, WatchdogNamesTheStuckQueue) {
  opt_.watchdog_cycles = 3000;
  std::vector<AxiTxn> txns;
  for (unsigned i = 0; i < 200; ++i) txns.push_back(make_read(i * 64, 2, i % 4));
  AxiMasterOptions m;
  m.r_ready = [](uint64_t) { return false; };   // the host never takes read data
  const CosimResult r = run_list(txns, m);
  ASSERT_EQ(r.outcome.reason, StopReason::Deadlock);
  EXPECT_NE(r.outcome.message.find("reads"), std::string::npos) << r.outcome.message;
  EXPECT_NE(r.outcome.message.find("read reorder buffer holds 64 beats (read data waits for the "
                                   "host to take R)"), std::string::npos) << r.outcome.message;
  EXPECT_TRUE(r.violations.empty()) << "refresh must go on while the host is stuck";
}

// A genuine deadlock (the host never takes read data) with the controller's queues empty
// behind the full read reorder buffer: the refresh manager pulls refreshes in ahead, so
// its debt is negative, and the report says so in words ("N refreshes pulled in ahead"),
// never "-N refreshes owed". hbmsim run cannot reach this report with a working host any
// more (--watchdog is refused below what refreshes and a read take), so it is checked here.
TEST_F(CosimTest, DeadlockReportCountsRefreshesPulledInAhead) {
  // All-bank: the debt counts REFab, at most `postpone` pulled in (per-bank counts REFpb).
  opt_.ctrl.refresh = RefreshPolicy::AllBank;
  opt_.ctrl.pull_in = true;
  opt_.watchdog_cycles = 4 * std_.t.REFI;   // long enough to pull in every refresh allowed
  std::vector<AxiTxn> txns;
  for (unsigned i = 0; i < 200; ++i) txns.push_back(make_read(i * 64, 2, i % 4));
  AxiMasterOptions m;
  m.r_ready = [](uint64_t) { return false; };
  const CosimResult r = run_list(txns, m);
  ASSERT_EQ(r.outcome.reason, StopReason::Deadlock) << r.outcome.message;
  const std::string& msg = r.outcome.message;
  std::smatch ahead;
  ASSERT_TRUE(std::regex_search(msg, ahead, std::regex(
      "\\[pc 0: controller queue holds 0 requests; read reorder buffer holds 64 beats \\(read "
      "data waits for the host to take R\\); write buffer holds 0 beats; ([0-9]+) refreshes "
      "pulled in ahead\\]"))) << msg;
  const unsigned n = std::stoul(ahead[1]);
  EXPECT_GE(n, 1u) << msg;
  EXPECT_LE(n, opt_.ctrl.postpone) << msg;
  EXPECT_FALSE(std::regex_search(msg, std::regex("-[0-9]+ refreshes"))) << msg;
  EXPECT_TRUE(r.violations.empty()) << "pulled-in refreshes keep to the standard";
}

// Masters that hold their observers' calls back (defer_events), on 8 PCs whose host work
// runs share by share beside two threads' evaluation (CosimTop::step): every burst is
// reported, once, and within each tCK in port order, as one pass over the ports gives
// them. (The waveform covers the first 200 tCK only: the staged order is the one for
// tCKs that dump nothing.)
TEST_F(CosimTest, HeldObserverCallsComeInPortOrderEveryTck) {
  constexpr unsigned kPcs = 8, kRequests = 400;
  opt_.pcs = kPcs;
  opt_.threads = 2;
  opt_.wave.end = 200;
  AxiMasterOptions m;
  m.defer_events = true;
  std::vector<std::unique_ptr<TrafficSource>> src;
  for (unsigned pc = 0; pc < kPcs; ++pc) {
    SyntheticSpec spec;
    spec.pattern = "random";
    spec.requests = kRequests;
    spec.read_ratio = 0.5;
    spec.footprint = 1 << 20;
    src.push_back(make_synthetic(spec, pc, kPcBytes));
  }
  const CosimResult r = run(std::move(src), m);
  expect_clean(r);
  EXPECT_EQ(r.outcome.eval_threads, 2u);
  ASSERT_EQ(r.done.size(), size_t(kPcs) * kRequests);
  ASSERT_EQ(r.done_ports.size(), r.done.size());
  for (size_t i = 1; i < r.done.size(); ++i) {
    const auto before = std::make_pair(r.done[i - 1].done_cycle, r.done_ports[i - 1]);
    const auto now = std::make_pair(r.done[i].done_cycle, r.done_ports[i]);
    ASSERT_LE(before, now) << "report " << i << ": port " << now.second << " at cycle "
                           << now.first << " after port " << before.second << " at "
                           << before.first;
  }
}

}  // namespace test_axi
}  // namespace hbmsim::test
