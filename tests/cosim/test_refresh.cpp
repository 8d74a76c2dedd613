// The controller refreshes every tREFI, under load, and the device would say otherwise.
#include <fstream>
#include <map>
#include <sstream>

#include "cosim_fixture.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim::test {
namespace test_refresh {

// The command log's commands in order: cycle, command name and bank as "sid/bg/bank"
// (cycle,ch,pc,sid,cmd,bg,bank,row,col; the bank is "//" where the log leaves it empty).
struct LoggedCmd {
  uint64_t cycle;
  std::string cmd, bank;
};
std::vector<LoggedCmd> logged_commands(const std::string& log) {
  std::vector<LoggedCmd> cmds;
  std::ifstream in(log);
  std::string line;
  std::getline(in, line);   // the header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string field, sid, bg;
    LoggedCmd c{0, "", ""};
    for (unsigned k = 0; k < 7 && std::getline(fields, field, ','); ++k) {
      if (k == 0) c.cycle = std::stoull(field);
      if (k == 3) sid = field;
      if (k == 4) c.cmd = field;
      if (k == 5) bg = field;
      if (k == 6) c.bank = sid + "/" + bg + "/" + field;
    }
    cmds.push_back(c);
  }
  return cmds;
}

std::vector<uint64_t> refab_cycles(const std::string& log) {
  std::vector<uint64_t> cycles;
  for (const LoggedCmd& c : logged_commands(log)) {
    if (c.cmd == "REFab") cycles.push_back(c.cycle);
  }
  return cycles;
}

// One PC's traffic under per-bank refresh with postpone 0 (a REFpb forced once due):
// sets `opt` for it (the command log is what the tests read, no waveform) and returns
// synthetic traffic of `pattern`.
std::vector<std::unique_ptr<TrafficSource>> per_bank_traffic(CosimOptions& opt,
                                                             const char* pattern,
                                                             uint64_t requests,
                                                             double read_ratio, bool pull_in) {
  opt.wave.file.clear();
  opt.ctrl.refresh = RefreshPolicy::PerBank;
  opt.ctrl.postpone = 0;
  opt.ctrl.pull_in = pull_in;
  return synthetic_traffic(pattern, requests, read_ratio);
}

TEST_F(CosimTest, RefreshIssuedWithinEveryTrefiUnderLoad) {
  opt_.wave.file.clear();   // long run: the command log is what this test reads
  opt_.ctrl.refresh = RefreshPolicy::AllBank;
  opt_.ctrl.postpone = 0;   // refresh as soon as one is due, never ahead
  opt_.ctrl.pull_in = false;
  SyntheticSpec spec;
  spec.pattern = "random";
  spec.requests = 9000;     // about a dozen tREFI of random traffic
  spec.read_ratio = 0.6;
  std::vector<std::unique_ptr<TrafficSource>> src;
  src.push_back(make_synthetic(spec, 0, 512ull << 20));
  const CosimResult r = run(std::move(src));
  expect_clean(r);
  const unsigned intervals = static_cast<unsigned>(r.outcome.cycles / std_.t.REFI);
  ASSERT_GE(intervals, 10u);

  const std::vector<uint64_t> refs = refab_cycles(opt_.cmd_log);
  // Interval k is [k*tREFI, (k+1)*tREFI); the first refresh falls due at its end.
  for (unsigned k = 1; k < intervals; ++k) {
    const uint64_t lo = uint64_t(k) * std_.t.REFI, hi = lo + std_.t.REFI;
    unsigned n = 0;
    for (uint64_t c : refs) n += (c >= lo && c < hi);
    EXPECT_EQ(n, 1u) << "interval " << k << " [" << lo << ", " << hi << ")";
  }
  EXPECT_GT(r.device.read_bursts, 10000u) << "the refreshes must happen under load";
}

// Per-bank refresh keeps tREFIpb from the start of the run: by every command, the REFpb
// issued are the intervals passed, less at most the one just due (no postponement, no
// pull-in). The refresh timer used to be loaded at reset, under the reset policy
// (all-bank), before the CSR write selecting per-bank: its first interval was a whole
// tREFI, and every REFpb of the run came a round late (none in the first 6240 tCK of
// HBM3, where 32 fall due).
TEST_F(CosimTest, PerBankRefreshKeepsTrefipbFromTheFirstInterval) {
  const CosimResult r = run(per_bank_traffic(opt_, "random", 3000, 0.6, false));
  expect_clean(r);
  const uint64_t refi = std_.t.REFIpb;
  ASSERT_GE(r.outcome.cycles / std_.t.REFI, 2u) << "the run must outlast the first tREFI";

  uint64_t issued = 0, late = 0, early = 0, last = 0;
  for (const LoggedCmd& c : logged_commands(opt_.cmd_log)) {
    const uint64_t due = c.cycle / refi;   // intervals ended by this cycle
    if (due > issued + 1) ++late;
    if (c.cmd == "REFpb") ++issued;
    if (issued > due) ++early;
    last = c.cycle;
  }
  EXPECT_EQ(late, 0u) << issued << " REFpb by cycle " << last << ", where "
                      << last / refi << " intervals of " << refi << " tCK ended";
  EXPECT_EQ(early, 0u) << "a REFpb went out before it was due, without pull-in";
  EXPECT_GE(issued + 1, last / refi);
}

// Per-bank refresh under a sequential stream, postpone 0 and pull-in: the refresh runs a few
// REFpb ahead of its ticks though the queue is never empty (DARP's pull-in under load), and
// every REFpb lands on a bank no ACT or column command used for the last 32 tCK: a bank the
// stream has left, not one it is in and has no request queued for this moment. Issued just
// when due and on the bank activated most lately, REFpbs fell on the stream's banks and
// stalled the PC for tRFCpb (a tile's 4096 x 4096 GEMV: 89.1 % of peak, now 93.6 %).
TEST_F(CosimTest, PerBankRefreshUnderLoadIsPulledInOnBanksAStreamLeft) {
  // About 4 tREFI of sequential reads.
  const CosimResult r = run(per_bank_traffic(opt_, "seq", 12000, 1.0, true));
  expect_clean(r);
  const uint64_t refi = std_.t.REFIpb;
  ASSERT_GE(r.outcome.cycles / std_.t.REFI, 3u) << "the run must outlast three tREFI";

  const std::vector<LoggedCmd> cmds = logged_commands(opt_.cmd_log);
  uint64_t stream_end = 0;   // the last column command: the queue drains after it
  for (const LoggedCmd& c : cmds) {
    if (c.cmd == "RD" || c.cmd == "RDA") stream_end = c.cycle;
  }
  // Each bank's last ACT or column command, at every REFpb while the stream runs.
  std::map<std::string, uint64_t> last_use;
  uint64_t issued = 0, on_busy = 0;
  int64_t ahead = 0;   // REFpb issued less intervals ended, at the stream's last REFpb
  for (const LoggedCmd& c : cmds) {
    if (c.cycle >= stream_end) break;
    if (c.cmd == "REFpb") {
      ++issued;
      const auto it = last_use.find(c.bank);
      if (it != last_use.end() && c.cycle < it->second + 32 && ++on_busy <= 3) {
        ADD_FAILURE() << "REFpb at " << c.cycle << " to bank " << c.bank << ", used at "
                      << it->second;
      }
      ahead = int64_t(issued) - int64_t(c.cycle / refi);
    } else if (c.cmd != "PRE") {
      last_use[c.bank] = c.cycle;
    }
  }
  EXPECT_EQ(on_busy, 0u);
  EXPECT_GT(issued, 3 * std_.t.REFI / refi);
  // Ahead by a few under load (four pulled in, less the tick just passed), not by a round.
  EXPECT_GE(ahead, 2);
  EXPECT_LE(ahead, 5);
  EXPECT_GT(r.device.read_bursts, 11000u) << "the refreshes must happen under load";
}

// On idle traffic (one read outstanding, the queue empty between reads) an all-bank
// refresh closes the rows with PREA and then refreshes: every PREA is followed by a REFab
// before the next ACT. The refresh manager used to take back a refresh wanted only because
// the queues were idle as soon as the next read arrived, within tRP of its PREA: one PREA
// per read, the row closed for nothing (3 004 PREA, 30 REFab, 3 004 ACT here; the run took
// twice as long).
TEST_F(CosimTest, AllBankRefreshOnIdleTrafficFollowsEveryPreaWithARefresh) {
  opt_.wave.file.clear();
  opt_.ctrl.refresh = RefreshPolicy::AllBank;
  opt_.ctrl.pull_in = true;
  opt_.ctrl.page = PagePolicy::Open;   // rows stay open after each read: PREA needed
  SyntheticSpec spec;
  spec.pattern = "seq";
  spec.requests = 3000;      // one at a time: several tREFI
  spec.read_ratio = 1.0;
  std::vector<std::unique_ptr<TrafficSource>> src;
  src.push_back(make_synthetic(spec, 0, 512ull << 20));
  AxiMasterOptions one;
  one.max_reads = 1;
  const CosimResult r = run(std::move(src), one);
  expect_clean(r);
  ASSERT_GE(r.outcome.cycles / std_.t.REFI, 4u);

  unsigned preas = 0, refs = 0, undone = 0;
  bool after_prea = false;
  for (const LoggedCmd& c : logged_commands(opt_.cmd_log)) {
    const bool prea = c.cmd == "PREA", ref = c.cmd == "REFab", act = c.cmd == "ACT";
    if (act && after_prea) ++undone;
    if (prea) ++preas;
    if (ref) ++refs;
    if (prea) after_prea = true;
    if (ref || act) after_prea = false;
  }
  EXPECT_GT(refs, 0u);
  EXPECT_EQ(undone, 0u) << preas << " PREA, " << refs << " REFab: an ACT followed a PREA "
                        << undone << " times before any refresh";
  EXPECT_LE(preas, refs + 1) << "rows closed for refreshes that did not follow";
}

}  // namespace test_refresh
}  // namespace hbmsim::test
