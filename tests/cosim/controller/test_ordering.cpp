// AXI ordering through a reordering scheduler: responses overtake across IDs and never
// within one; a read after a write's B sees the write, and of two writes to one line the
// later one's data stays, even when the scheduler would rather serve row hits elsewhere.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cosim_fixture.h"
#include "host/check_log.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim::test {
namespace test_ordering {

class OrderingTest : public CosimTest {
 protected:
  void SetUp() override {
    CosimTest::SetUp();
    map_ = std::make_unique<AddressMap>(std_.default_mapping, std_.org);
  }
  uint64_t addr(unsigned bank, unsigned row, unsigned col) const {
    return bank_address(*map_, bank, row, col);
  }
  std::unique_ptr<AddressMap> map_;
};

// Per ID, bursts complete in the order they were issued; returns how many times a burst
// completed before one issued earlier with another ID (an overtake).
uint64_t check_order(const std::vector<AxiTxn>& done, bool writes) {
  std::map<unsigned, std::vector<const AxiTxn*>> by_id;
  std::vector<const AxiTxn*> all;
  for (const auto& t : done) {
    if (t.write != writes) continue;
    by_id[t.id].push_back(&t);
    all.push_back(&t);
  }
  for (auto& [id, v] : by_id) {
    std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
    for (size_t i = 1; i < v.size(); ++i) {
      EXPECT_LT(v[i - 1]->done_cycle, v[i]->done_cycle)
          << "ID " << id << ": burst " << v[i]->seq << " at " << fmt::format("{:#x}", v[i]->addr)
          << " completed no later than the earlier burst " << v[i - 1]->seq;
    }
  }
  std::sort(all.begin(), all.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
  uint64_t overtakes = 0, latest_done = 0;
  unsigned latest_id = 0;
  for (const AxiTxn* t : all) {
    // Some earlier burst (of another ID, by the check above) completed after this one.
    if (t->done_cycle < latest_done && t->id != latest_id) ++overtakes;
    if (t->done_cycle > latest_done) {
      latest_done = t->done_cycle;
      latest_id = t->id;
    }
  }
  return overtakes;
}

// Each of 8 IDs alternates a read that must open a row (another row of the busy bank)
// and a read that hits the row other IDs keep open: FR-FCFS serves hits first, so
// later reads of other IDs overtake, while each ID's hit waits for its own miss.
TEST_F(OrderingTest, ReadsOvertakeAcrossIdsNeverWithinOne) {
  Rng rng(31);
  std::vector<AxiTxn> txns;
  for (unsigned i = 0; i < 640; ++i) {
    const unsigned id = i % 8;
    const bool miss = (i / 8) % 2 == 0;
    const unsigned bank = unsigned(rng.below(2));
    const unsigned row = miss ? 100 + unsigned(rng.below(1000)) : 7;
    const unsigned beats = 1u << rng.below(2);
    const unsigned col = unsigned(rng.below(std_.org.columns / beats)) * beats;
    txns.push_back(make_read(addr(bank, row, col), beats, id));
  }
  const CosimResult r = run_list(txns);
  expect_clean(r);   // the master attributes R beats by ID: any reordering within one
                     // shows as wrong data or an RLAST/ID protocol error
  ASSERT_EQ(r.done.size(), txns.size());
  const uint64_t overtakes = check_order(r.done, false);
  std::printf("%llu reads completed before an earlier read of another ID\n",
              static_cast<unsigned long long>(overtakes));
  EXPECT_GT(overtakes, 10u) << "reads were served in order: the test shows nothing";
  EXPECT_GT(r.device.row_hits, 200u);
}

// Same-ID writes complete (B) in order too, across rows and banks.
TEST_F(OrderingTest, WriteResponsesInOrderWithinId) {
  Rng rng(37);
  std::vector<AxiTxn> txns;
  for (unsigned i = 0; i < 400; ++i) {
    const unsigned row = (i % 3 == 0) ? 100 + unsigned(rng.below(1000)) : 7;
    txns.push_back(make_write(addr(unsigned(rng.below(4)), row,
                                   unsigned(rng.below(std_.org.columns))),
                              1, i, i % 4));
  }
  const CosimResult r = run_list(txns);
  expect_clean(r);
  ASSERT_EQ(r.done.size(), txns.size());
  check_order(r.done, true);
}

// A sequential read stream through two stack IDs: while reads to one stack ID stream
// 2 tCK apart, each re-arms the other's tCCDR (3 tCK), so a hit left in the other stack
// ID never becomes legal unless the scheduler stops passing it. Before it did, the last
// half-burst of each stack ID's row waited for the whole stream of the other (over
// 1000 tCK; p99 321 ns, max 702 ns on the bench).
TEST_F(OrderingTest, SequentialReadsDoNotLockOutTheOtherStackId) {
  ASSERT_GT(std_.org.sids, 1u) << "the default preset must have stack IDs for this test";
  std::vector<AxiTxn> txns;
  const unsigned bursts = 6000;
  for (unsigned i = 0; i < bursts; ++i) txns.push_back(make_read(uint64_t(i) * 64, 2, i % 16));
  opt_.ctrl.pull_in = false;
  const CosimResult r = run_list(txns);
  expect_clean(r);
  ASSERT_EQ(r.done.size(), txns.size());
  uint64_t worst = 0, first = UINT64_MAX, last = 0;
  for (const auto& t : r.done) {
    worst = std::max(worst, t.done_cycle - t.addr_cycle);
    first = std::min(first, t.addr_cycle);
    last = std::max(last, t.done_cycle);
  }
  std::printf("worst read latency %llu tCK over %u bursts\n",
              static_cast<unsigned long long>(worst), bursts);
  // Queueing behind 64 outstanding bursts is about 256 tCK of data; a lockout is a
  // whole row of the other stack ID, 4 x 512 half-bursts x 2 tCK.
  EXPECT_LT(worst, 600u);
  // And the stream still fills the bus: 4 tCK of data per burst, per-bank refresh on.
  EXPECT_GT(4.0 * bursts / double(last - first), 0.95);
}

// Cycles of the column commands to one DRAM line, by kind, in log order.
struct LineLog {
  std::vector<uint64_t> writes, reads;
};
LineLog line_log(const std::string& log, const DramAddress& a) {
  LineLog l;
  std::map<unsigned, unsigned> open_row;
  read_command_log(log, [&](const Command& c, uint64_t) {
    const unsigned bank = (c.sid * 4 + c.bg) * 4 + c.bank;
    if (c.kind == CmdKind::ACT) open_row[bank] = c.row;
    if (!is_column(c.kind) || c.sid != a.sid || c.bg != a.bg || c.bank != a.bank ||
        c.col != a.col || open_row[bank] != a.row) {
      return;
    }
    (is_write(c.kind) ? l.writes : l.reads).push_back(c.cycle);
  });
  return l;
}

// A hot line in a row the scheduler keeps closing for hits to another row of its bank:
// writes to it back to back (the second is accepted while the first is still queued,
// since writes are posted), reads right after a write's B, partial writes. The
// scoreboard checks every read and, at the end, that each line holds the last write.
TEST_F(OrderingTest, ReadAfterWriteAndWriteAfterWriteStayOrdered) {
  Rng rng(41);
  const uint64_t hot = addr(0, 3, 5);
  std::vector<AxiTxn> txns;
  unsigned id = 0, seed = 1;
  auto hits_elsewhere = [&](unsigned n) {
    for (unsigned k = 0; k < n; ++k) {
      const uint64_t a = addr(0, 9, unsigned(rng.below(std_.org.columns)));
      txns.push_back(rng.below(3) ? make_read(a, 1, id++ % 16)
                                  : make_write(a, 1, seed++, id++ % 16));
    }
  };
  unsigned hot_writes = 0, hot_reads = 0;
  for (unsigned round = 0; round < 60; ++round) {
    hits_elsewhere(8);
    txns.push_back(make_write(hot, 1, seed++, id++ % 16));
    txns.push_back(make_write(hot, 1, seed++, id++ % 16));      // WAW
    hits_elsewhere(2);
    txns.push_back(make_read(hot, 1, id++ % 16));               // RAW
    AxiTxn partial = make_write(hot, 1, seed++, id++ % 16);
    partial.wstrb[0] = 0x0000ff0fu;                             // some bytes only
    txns.push_back(partial);
    txns.push_back(make_read(hot, 1, id++ % 16));               // RAW, merged bytes
    hot_writes += 3;
    hot_reads += 2;
  }
  const CosimResult r = run_list(txns);
  expect_clean(r);
  ASSERT_EQ(r.done.size(), txns.size());

  // The hazards were real: a hot-line request was accepted before the access it must
  // follow reached the DRAM (else the master's own serialising did all the work).
  const LineLog l = line_log(opt_.cmd_log, map_->decode(hot));
  ASSERT_EQ(l.writes.size(), hot_writes);
  ASSERT_EQ(l.reads.size(), hot_reads);
  std::vector<const AxiTxn*> hot_txns;
  for (const auto& t : r.done) {
    if (t.addr == hot) hot_txns.push_back(&t);
  }
  std::sort(hot_txns.begin(), hot_txns.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
  unsigned waw = 0, raw = 0;
  size_t wi = 0, ri = 0;
  uint64_t prev_write_dram = 0;   // WR cycle of the previous hot write
  for (const AxiTxn* t : hot_txns) {
    if (t->write) {
      if (wi > 0 && t->addr_cycle < prev_write_dram) ++waw;
      prev_write_dram = l.writes[wi++];
    } else {
      if (t->addr_cycle < prev_write_dram) ++raw;
      EXPECT_GT(l.reads[ri++], prev_write_dram) << "a read reached the DRAM before the write "
                                                   "it follows";
    }
  }
  std::printf("%u hot writes accepted while the previous one was queued, %u reads accepted "
              "while the write before them was queued\n", waw, raw);
  EXPECT_GT(waw, 0u) << "no write was queued behind another write to its line";
  EXPECT_GT(raw, 0u) << "no read was queued behind a write to its line";
}

// A read of a line with a write still queued, and nothing else to do: the controller
// must serve the write, then the read, promptly. (FR-FCFS keeps writes queued until a
// drain; a read that depends on one must not wait for the starvation cap, and with the
// cap off must not wait forever.)
class RawAloneTest : public OrderingTest, public ::testing::WithParamInterface<unsigned> {};

TEST_P(RawAloneTest, ReadBehindQueuedWriteIsServedPromptly) {
  opt_.ctrl.starve = GetParam();
  opt_.watchdog_cycles = 20000;
  // No refresh pulled in while the PC idles before the traffic: a bank just refreshed
  // per bank is busy for tRFCpb (320 tCK), which is not what this test measures.
  opt_.ctrl.pull_in = false;
  std::vector<AxiTxn> txns;
  for (unsigned k = 0; k < 4; ++k) {
    const uint64_t a = addr(k, 11, 2 * k);
    txns.push_back(make_write(a, 1, 100 + k, k));
    txns.push_back(make_read(a, 1, 8 + k));
  }
  const CosimResult r = run_list(txns);
  expect_clean(r);
  ASSERT_EQ(r.done.size(), txns.size());
  for (const auto& t : r.done) {
    if (t.write) continue;
    // Unloaded: write recovery is not needed before a read; a row miss plus WL, the
    // write burst, tWTR and RL is well under 200 tCK.
    EXPECT_LT(t.done_cycle - t.addr_cycle, 200u)
        << "read of " << fmt::format("{:#x}", t.addr) << " behind a queued write took "
        << (t.done_cycle - t.addr_cycle) << " tCK (starvation cap " << GetParam() << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(Starve, RawAloneTest, ::testing::Values(2000u, 0u),
                         [](const ::testing::TestParamInfo<unsigned>& info) {
                           return info.param ? "CapOn" : "CapOff";
                         });

// Posted writes beyond the write queue's 32 entries wait in the front end's staging
// FIFO, which the scheduler does not see. A read of a staged line must not reach the
// queue before the write: reads to another bank keep the read phase going while writes
// pile up past the queue, then a write and a read of one line come in.
TEST_F(OrderingTest, ReadOfAStagedWriteWaitsForIt) {
  std::vector<AxiTxn> txns;
  unsigned id = 0, seed = 1;
  const uint64_t hot = addr(2, 7, 3);
  size_t hot_read = 0;
  for (unsigned round = 0; round < 50; ++round) {
    txns.push_back(make_read(addr(1, 3, (2 * round) % std_.org.columns), 1, id++ % 16));
    txns.push_back(make_read(addr(1, 3, (2 * round + 1) % std_.org.columns), 1, id++ % 16));
    txns.push_back(make_write(addr(0, 9, round % std_.org.columns), 1, seed++, id++ % 16));
    if (round == 44) {
      txns.push_back(make_write(hot, 1, seed++, id++ % 16));
      hot_read = txns.size();
      txns.push_back(make_read(hot, 1, id++ % 16));
    }
  }
  const CosimResult r = run_list(txns);
  expect_clean(r);
  ASSERT_EQ(r.done.size(), txns.size());

  const AxiTxn* read = nullptr;
  for (const auto& t : r.done) {
    if (t.seq == hot_read) read = &t;
  }
  ASSERT_NE(read, nullptr);
  // Writes accepted by the time the read was, less those the DRAM had taken: more than
  // the queue holds, so the newest (the hot write) was staged.
  uint64_t accepted = 0, written = 0;
  for (const auto& t : r.done) accepted += t.write && t.addr_cycle <= read->addr_cycle;
  read_command_log(opt_.cmd_log, [&](const Command& c, uint64_t) {
    written += (c.kind == CmdKind::WR || c.kind == CmdKind::WRA) && c.cycle <= read->addr_cycle;
  });
  EXPECT_GT(accepted - written, 32u) << "the hot write was not staged when its read came";
  const LineLog l = line_log(opt_.cmd_log, map_->decode(hot));
  ASSERT_EQ(l.writes.size(), 1u);
  ASSERT_EQ(l.reads.size(), 1u);
  EXPECT_GT(l.reads[0], l.writes[0]) << "the read reached the DRAM before the staged write";
}

}  // namespace test_ordering
}  // namespace hbmsim::test
