// The interleaving crossbar: one AXI port for the whole stack, bursts split across PCs,
// responses in order, errors answered without reaching the DRAM.
#include "cosim_fixture.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim::test {
namespace test_xbar {

constexpr uint64_t kPcBytes = 512ull << 20;

TEST_F(CosimTest, XbarRandomTrafficOverFourPcsReadsBackEveryByte) {
  opt_.pcs = 4;
  opt_.xbar = true;
  SyntheticSpec spec;
  spec.pattern = "random";
  spec.requests = 3000;
  spec.read_ratio = 0.5;
  spec.beats = 4;
  spec.footprint = 1 << 20;
  std::vector<std::unique_ptr<TrafficSource>> src;
  src.push_back(make_synthetic(spec, 0, 4 * kPcBytes));
  const CosimResult r = run(std::move(src));
  expect_clean(r);
  // Every PC took part.
  for (unsigned pc = 0; pc < 4; ++pc) EXPECT_GT(r.outcome.counters[pc][1], 100u) << pc;
}

TEST_F(CosimTest, XbarSplitsBurstsAtGranulesAndKeepsOrder) {
  opt_.pcs = 2;
  opt_.xbar = true;
  opt_.xbar_granule = 512;
  // 32-beat bursts (1 KiB) starting mid-granule cross into the next PC and back (one
  // per 4 KiB page, so none crosses 4 KiB).
  std::vector<AxiTxn> txns;
  for (unsigned i = 0; i < 16; ++i) txns.push_back(make_write(0x100 + i * 4096, 32, i, i % 4));
  for (unsigned i = 0; i < 16; ++i) txns.push_back(make_read(0x100 + i * 4096, 32, i % 4));
  AxiTxn wrap = make_write(0x8040, 8, 99, 5);   // WRAP stays inside its 256 B
  wrap.burst = AxiBurst::Wrap;
  txns.push_back(wrap);
  txns.push_back(make_read(0x8000, 8, 6));
  const CosimResult r = run_list(txns);
  expect_clean(r);
  EXPECT_EQ(r.bytes_checked, (16 * 32 + 8) * 32u);
  EXPECT_GT(r.outcome.counters[0][2], 0u);   // both PCs written
  EXPECT_GT(r.outcome.counters[1][2], 0u);
}

// Bursts of every kind through the crossbar: it refuses some itself, passes WRAP bursts
// whole to a PC, which refuses the bad ones; the scoreboard checks each response.
TEST_F(CosimTest, XbarRandomBurstsGetTheResponsesTheAxiRulesGive) {
  opt_.pcs = 2;
  opt_.xbar = true;
  opt_.xbar_granule = 512;
  const std::vector<AxiTxn> txns = random_bursts(12, 500, 16);
  const CosimResult r = run_list(txns);
  expect_clean(r);
  ASSERT_EQ(r.done.size(), txns.size());
  unsigned refused = 0;
  for (const AxiTxn& t : r.done) refused += t.refused();
  EXPECT_GT(refused, 50u);
  EXPECT_GT(r.bytes_checked, 20000u);
  EXPECT_GT(r.outcome.counters[0][2], 0u);   // both PCs written
  EXPECT_GT(r.outcome.counters[1][2], 0u);
}

TEST_F(CosimTest, XbarAnswersErrorsItselfAndBeyondTheStackDecerr) {
  opt_.pcs = 2;
  opt_.xbar = true;
  AxiTxn crossing = make_write(4096 - 64, 4, 1, 1);   // INCR across 4 KiB: SLVERR
  AxiTxn beyond = make_read(2 * kPcBytes + 64, 2, 2);  // past both PCs: DECERR
  const CosimResult r = run_list({crossing, beyond, make_read(4096 - 64, 4, 3)},
                                 {}, /*scoreboard=*/false);
  EXPECT_EQ(r.outcome.reason, StopReason::Done) << r.outcome.message;
  ASSERT_EQ(r.done.size(), 3u);
  for (const AxiTxn& t : r.done) {   // in completion order; tell them apart by address
    if (t.write) {
      EXPECT_EQ(t.bresp, AxiResp::SlvErr);
    } else {
      const AxiResp want = t.addr >= 2 * kPcBytes ? AxiResp::DecErr : AxiResp::SlvErr;
      ASSERT_EQ(t.rresp.size(), t.beats);
      for (AxiResp resp : t.rresp) EXPECT_EQ(resp, want) << std::hex << t.addr;
    }
  }
  EXPECT_EQ(r.device.bursts(), 0u);
}

}  // namespace test_xbar
}  // namespace hbmsim::test
