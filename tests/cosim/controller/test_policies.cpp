// Every page policy x refresh policy x scheduler with random read/write traffic, data
// checked and every command checked by the device; refresh postponement under load and
// pull-in when idle, judged from the command log.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "cosim_fixture.h"
#include "host/check_log.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim::test {
namespace test_policies {

constexpr uint64_t kPcBytes = 512ull << 20;   // HBM3 preset: 512 MiB per PC

struct Policies {
  PagePolicy page;
  RefreshPolicy refresh;
  SchedPolicy sched;
};

std::string policy_name(const ::testing::TestParamInfo<Policies>& info) {
  return fmt::format("{}_{}_{}", name(info.param.page), name(info.param.refresh),
                     name(info.param.sched));
}

void PrintTo(const Policies& p, std::ostream* os) {
  *os << name(p.page) << " pages, " << name(p.refresh) << " refresh, " << name(p.sched);
}

std::vector<Policies> all_policies() {
  std::vector<Policies> v;
  for (PagePolicy page : {PagePolicy::Open, PagePolicy::Closed, PagePolicy::Adaptive}) {
    for (RefreshPolicy refresh : {RefreshPolicy::AllBank, RefreshPolicy::PerBank}) {
      for (SchedPolicy sched : {SchedPolicy::FrFcfs, SchedPolicy::Fcfs}) {
        v.push_back({page, refresh, sched});
      }
    }
  }
  return v;
}
const auto kAllPolicies = ::testing::ValuesIn(all_policies());

uint64_t count(const CosimResult& r, CmdKind k) {
  return r.device.commands[static_cast<unsigned>(k)];
}

// Rows of any PC the log leaves open at its end.
uint64_t open_rows_at_end(const std::string& log) {
  std::set<std::tuple<unsigned, unsigned, unsigned, unsigned, unsigned>> open;
  read_command_log(log, [&](const Command& c, uint64_t) {
    const auto bank = std::make_tuple(c.ch, c.pc, c.sid, c.bg, c.bank);
    if (c.kind == CmdKind::ACT) open.insert(bank);
    if (c.kind == CmdKind::PRE || auto_precharges(c.kind)) open.erase(bank);
    if (c.kind == CmdKind::PREA) {
      for (auto it = open.begin(); it != open.end();) {
        const bool same_pc = std::get<0>(*it) == c.ch && std::get<1>(*it) == c.pc;
        it = same_pc ? open.erase(it) : std::next(it);
      }
    }
  });
  return open.size();
}

class PolicyTest : public CosimTest, public ::testing::WithParamInterface<Policies> {
 protected:
  // Random reads and writes over a small footprint, so rows are hit, missed and
  // conflicted and reads return earlier writes; long enough for several all-bank
  // refreshes on every PC.
  void run_random(unsigned pcs, uint64_t requests, uint64_t seed) {
    const auto [page, refresh, sched] = GetParam();
    opt_.pcs = pcs;
    opt_.ctrl.page = page;
    opt_.ctrl.refresh = refresh;
    opt_.ctrl.sched = sched;
    opt_.wave.file.clear();   // long run: keep the command log only
    SyntheticSpec spec;
    spec.pattern = "random";
    spec.requests = requests;
    spec.read_ratio = 0.6;
    spec.seed = seed;
    spec.footprint = 256 << 10;
    std::vector<std::unique_ptr<TrafficSource>> src;
    for (unsigned pc = 0; pc < pcs; ++pc) src.push_back(make_synthetic(spec, pc, kPcBytes));
    const CosimResult r = run(std::move(src));
    SCOPED_TRACE(fmt::format("seed {}, {} PCs, {} requests per PC", seed, pcs, requests));
    expect_clean(r);
    EXPECT_EQ(r.done.size(), pcs * requests);
    EXPECT_EQ(r.bytes_checked, r.device.read_bursts * 32);
    EXPECT_GT(r.device.write_bursts, pcs * requests / 4);

    // Refresh of the chosen kind, at least one per tREFI and PC (the device checks the
    // deadline; this checks the other kind is absent).
    const uint64_t intervals = r.outcome.total_cycles / std_.t.REFI;
    if (refresh == RefreshPolicy::AllBank) {
      EXPECT_EQ(count(r, CmdKind::REFpb), 0u);
      EXPECT_GE(count(r, CmdKind::REFab) + 8 * pcs, intervals * pcs);
      EXPECT_GE(intervals, 2u) << "the run must span all-bank refreshes";
    } else {
      EXPECT_EQ(count(r, CmdKind::REFab), 0u);
      EXPECT_GT(count(r, CmdKind::REFpb), 0u);
    }
    // The page policy is the one asked for. Closed pages auto-precharge each request's
    // last access to its row: a 64-byte burst is two 32-byte accesses to one row, the
    // second an RDA / WRA, whatever order the scheduler served the requests in.
    const uint64_t ap = count(r, CmdKind::RDA) + count(r, CmdKind::WRA);
    const uint64_t no_ap = count(r, CmdKind::RD) + count(r, CmdKind::WR);
    switch (page) {
      case PagePolicy::Open: EXPECT_EQ(ap, 0u) << "open pages never auto-precharge"; break;
      case PagePolicy::Closed: {
        // A last access that is a read within WL + BL + tWR - tRTPL of a write to its bank
        // goes as RD (the device's tWR-tRTP) and a PRE closes the row: a few a run.
        ASSERT_EQ(spec.beats, 2u);
        EXPECT_EQ(ap + no_ap, 2 * pcs * requests);
        EXPECT_LE(ap, pcs * requests) << "closed pages auto-precharge a request's last access";
        const uint64_t dropped = pcs * requests - std::min<uint64_t>(ap, pcs * requests);
        EXPECT_LE(dropped, pcs * requests / 100) << "reads held open for a write's recovery";
        EXPECT_GE(count(r, CmdKind::PRE), dropped) << "each such row is closed by a PRE";
        EXPECT_EQ(open_rows_at_end(opt_.cmd_log), 0u) << "closed pages left rows open";
        break;
      }
      case PagePolicy::Adaptive:
        EXPECT_GT(ap, 0u);
        EXPECT_GT(no_ap, 0u);
        break;
    }
  }
};

class PolicyOnePc : public PolicyTest {};
TEST_P(PolicyOnePc, RandomReadWriteCleanAndChecked) { run_random(1, 4000, 11); }
INSTANTIATE_TEST_SUITE_P(Policies, PolicyOnePc, kAllPolicies, policy_name);

// The same matrix on a whole HBM3 stack (long: label regression).
class PolicyRegression32Pc : public PolicyTest {};
TEST_P(PolicyRegression32Pc, RandomReadWriteCleanAndChecked) { run_random(32, 2000, 12); }
INSTANTIATE_TEST_SUITE_P(Policies, PolicyRegression32Pc, kAllPolicies, policy_name);

// One 32-PC case in CI: the default policies (adaptive pages, per-bank refresh, FR-FCFS).
class Policy32PcDefaults : public PolicyTest {};
TEST_P(Policy32PcDefaults, RandomReadWriteCleanAndChecked) { run_random(32, 250, 13); }
INSTANTIATE_TEST_SUITE_P(Policies, Policy32PcDefaults,
                         ::testing::Values(Policies{PagePolicy::Adaptive, RefreshPolicy::PerBank,
                                                    SchedPolicy::FrFcfs}),
                         policy_name);

// ---- Refresh postponement and pull-in (all-bank) ----------------------------------------

// (cycle, REFab issued up to and including it) for PC 0.
std::vector<uint64_t> refab_cycles(const std::string& log) {
  std::vector<uint64_t> v;
  read_command_log(log, [&](const Command& c, uint64_t) {
    if (c.kind == CmdKind::REFab && c.ch == 0 && c.pc == 0) v.push_back(c.cycle);
  });
  return v;
}

// Refreshes owed just before cycle `at` (one falls due at the end of each tREFI since
// cycle 0, as the device counts) minus those issued: > 0 postponed, < 0 pulled in.
int64_t owed_before(const std::vector<uint64_t>& refs, uint64_t at, uint64_t refi) {
  const int64_t due = static_cast<int64_t>(at / refi);
  const int64_t done = std::lower_bound(refs.begin(), refs.end(), at) - refs.begin();
  return due - done;
}

TEST_F(CosimTest, RefreshPostponedUnderLoadNeverLate) {
  opt_.wave.file.clear();
  opt_.ctrl.refresh = RefreshPolicy::AllBank;
  opt_.ctrl.postpone = 8;
  opt_.ctrl.pull_in = true;
  SyntheticSpec spec;        // continuous sequential reads: the queues never run empty
  spec.requests = 24000;     // about 15 tREFI
  std::vector<std::unique_ptr<TrafficSource>> src;
  src.push_back(make_synthetic(spec, 0, kPcBytes));
  const CosimResult r = run(std::move(src));
  expect_clean(r);   // includes: the device saw no late refresh
  const uint64_t refi = std_.t.REFI;
  const uint64_t end = r.outcome.traffic_start + r.outcome.cycles;
  ASSERT_GE(end / refi, 12u);
  const std::vector<uint64_t> refs = refab_cycles(opt_.cmd_log);

  // Some whole tREFI interval under load has no REFab at all.
  unsigned empty = 0;
  for (uint64_t k = r.outcome.traffic_start / refi + 1; (k + 1) * refi <= end; ++k) {
    const auto lo = std::lower_bound(refs.begin(), refs.end(), k * refi);
    empty += (lo == refs.end() || *lo >= (k + 1) * refi);
  }
  EXPECT_GT(empty, 0u) << "no tREFI interval without a REFab: nothing was postponed";

  // The debt reaches the allowance and never goes beyond it.
  int64_t most = 0;
  for (uint64_t c : refs) most = std::max(most, owed_before(refs, c, refi));
  most = std::max(most, owed_before(refs, end, refi));
  std::printf("%u of the tREFI intervals under load without a REFab; at most %lld owed\n",
              empty, static_cast<long long>(most));
  EXPECT_GE(most, 7) << "postponement never came near the 8 allowed";
  EXPECT_LE(most, 8) << "more than 8 refreshes owed";
  // Load kept on: refreshes went out while reads streamed.
  EXPECT_GE(refs.size() + 8, end / refi);
}

TEST_F(CosimTest, RefreshPulledInWhenIdle) {
  opt_.wave.file.clear();
  opt_.ctrl.refresh = RefreshPolicy::AllBank;
  opt_.ctrl.postpone = 8;
  opt_.ctrl.pull_in = true;
  const uint64_t refi = std_.t.REFI;
  // Reads, then a gap of 4 tREFI in which the host takes no read data (the controller's
  // queues run empty), then reads again.
  const uint64_t gap_start = 3 * refi, gap_end = gap_start + 4 * refi;
  opt_.watchdog_cycles = 6 * refi;
  AxiMasterOptions mopt;
  mopt.r_ready = [=](uint64_t cycle) { return cycle < gap_start || cycle >= gap_end; };
  SyntheticSpec spec;
  spec.requests = 9000;
  std::vector<std::unique_ptr<TrafficSource>> src;
  src.push_back(make_synthetic(spec, 0, kPcBytes));
  const CosimResult r = run(std::move(src), mopt);
  expect_clean(r);
  ASSERT_GT(r.outcome.traffic_start + r.outcome.cycles, gap_end + refi)
      << "traffic must go on after the gap";
  const std::vector<uint64_t> refs = refab_cycles(opt_.cmd_log);

  // Ahead of schedule at some point in the gap: more REFab than intervals so far.
  int64_t least = 0;
  for (uint64_t c = gap_start; c <= gap_end; c += 16) {
    least = std::min(least, owed_before(refs, c, refi));
  }
  std::printf("at most %lld refreshes ahead of schedule in the gap\n",
              static_cast<long long>(-least));
  EXPECT_LE(least, -1) << "no refresh was pulled in during " << (gap_end - gap_start)
                       << " idle tCK";
  EXPECT_GE(least, -8) << "more than 8 refreshes pulled in";
}

}  // namespace test_policies
}  // namespace hbmsim::test
