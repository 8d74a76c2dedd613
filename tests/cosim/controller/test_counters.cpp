// The controller's CSR performance counters equal what the command log says happened in
// the window they counted: each counter recomputed from its definition (hbm_pkg.sv
// Cnt*), from the log alone, per PC.
#include <array>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cosim_fixture.h"
#include "host/check_log.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim::test {
namespace test_counters {

enum Cnt : unsigned {
  kCycles, kReads, kWrites, kRowHits, kRowMisses, kRowConflicts, kActs, kPres, kRefab,
  kRefpb, kTurnarounds, kQueueSum, kNumCnt
};
using Counts = std::array<uint64_t, kNumCnt>;

// Counts one PC's commands in [first, last] as the counters define them. Bank state
// (used since ACT, last closed by an explicit PRE, last column direction) is followed
// from cycle 0, so the window starts with the state the controller had.
class Recount {
 public:
  Recount(uint64_t first, uint64_t last) : first_(first), last_(last) {}

  void add(const Command& c) {
    const bool in = c.cycle >= first_ && c.cycle <= last_;
    auto inc = [&](Cnt k) { n_[k] += in; };
    const unsigned b = bank(c);
    switch (c.kind) {
      case CmdKind::ACT:
        inc(kActs);
        if (by_pre_[b]) inc(kRowConflicts);
        used_[b] = false;
        by_pre_[b] = false;
        break;
      case CmdKind::PRE:
        inc(kPres);
        by_pre_[b] = true;
        break;
      case CmdKind::PREA:
        inc(kPres);
        by_pre_.clear();
        break;
      case CmdKind::REFab:
        inc(kRefab);
        by_pre_.clear();
        break;
      case CmdKind::REFpb:
        inc(kRefpb);
        by_pre_[b] = false;
        break;
      default: {   // column command
        const bool wr = is_write(c.kind);
        inc(wr ? kWrites : kReads);
        inc(used_[b] ? kRowHits : kRowMisses);
        if (any_col_ && last_wr_ != wr) inc(kTurnarounds);
        used_[b] = true;
        if (auto_precharges(c.kind)) by_pre_[b] = false;
        last_wr_ = wr;
        any_col_ = true;
      }
    }
  }
  const Counts& counts() const { return n_; }

 private:
  static unsigned bank(const Command& c) { return (c.sid * 8 + c.bg) * 8 + c.bank; }

  uint64_t first_, last_;
  Counts n_{};
  std::map<unsigned, bool> used_, by_pre_;
  bool last_wr_ = false, any_col_ = false;
};

struct Case {
  PagePolicy page;
  RefreshPolicy refresh;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << name(c.page) << " pages, " << name(c.refresh) << " refresh";
}

class CounterCheck : public CosimTest {
 protected:
  // Runs random traffic on every PC and compares each PC's CSR counters with the
  // counts the command log gives for the window they counted.
  std::vector<Counts> run_and_compare(unsigned requests) {
    opt_.wave.file.clear();
    SyntheticSpec spec;
    spec.pattern = "random";
    spec.requests = requests;
    spec.read_ratio = 0.6;
    spec.seed = 21;
    spec.footprint = 128 << 10;   // hits, misses and conflicts
    std::vector<std::unique_ptr<TrafficSource>> src;
    for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
      src.push_back(make_synthetic(spec, pc, std_.org.pc_bytes()));
    }
    const CosimResult r = run(std::move(src));
    expect_clean(r);
    EXPECT_EQ(r.outcome.counters.size(), opt_.pcs);
    if (r.outcome.counters.size() != opt_.pcs) return {};

    // The clear is the last set-up write: it takes effect at the end of the tCK before
    // traffic_start, so traffic_start is the first tCK counted. The freeze write's access
    // tCK is counters_frozen; the freeze is registered, so that tCK still counts.
    const uint64_t first = r.outcome.traffic_start, last = r.outcome.counters_frozen;
    std::vector<Recount> recount(opt_.pcs, Recount(first, last));
    read_command_log(opt_.cmd_log, [&](const Command& c, uint64_t) {
      const unsigned pc = c.ch * std_.org.pcs_per_channel + c.pc;
      ASSERT_LT(pc, opt_.pcs);
      recount[pc].add(c);
    });
    std::vector<Counts> out;
    for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
      const auto& csr = r.outcome.counters[pc];
      const Counts& log = recount[pc].counts();
      SCOPED_TRACE(fmt::format("PC {}, window [{}, {}]", pc, first, last));
      EXPECT_EQ(csr[kCycles], last - first + 1) << "cycles: the window's length";
      for (unsigned k = kReads; k < kQueueSum; ++k) {
        EXPECT_EQ(csr[k], log[k]) << csr::kCounterNames[k] << ": CSR " << csr[k]
                                  << ", command log " << log[k];
      }
      EXPECT_GT(csr[kQueueSum], 0u);
      out.push_back(log);
    }
    return out;
  }
};

class CounterTest : public CounterCheck, public ::testing::WithParamInterface<Case> {};

TEST_P(CounterTest, CsrCountersEqualTheCommandLog) {
  const auto [page, refresh] = GetParam();
  opt_.pcs = 2;                 // both PCs of channel 0: each counts only its own commands
  opt_.ctrl.page = page;
  opt_.ctrl.refresh = refresh;
  opt_.ctrl.page_idle = 32;     // adaptive: idle closes happen too
  opt_.ctrl.postpone = 2;       // refreshes go out under load within this short run
  // 4000 bursts per PC last about 25 000 tCK: past the third tREFI (18 720), by which
  // a refresh postponed twice must have gone out.
  for (const Counts& log : run_and_compare(4000)) {
    // Every counter had something to count (else the check proves little).
    EXPECT_GT(log[kReads], 1000u);
    EXPECT_GT(log[kWrites], 500u);
    EXPECT_GT(log[kRowHits], 0u);
    EXPECT_GT(log[kRowMisses], 0u);
    EXPECT_GT(log[kTurnarounds], 0u);
    EXPECT_GT(log[kRowConflicts], 0u);
    EXPECT_GT(log[refresh == RefreshPolicy::AllBank ? kRefab : kRefpb], 0u);
  }
}

// The whole HBM4 stack: 64 PCs, the most the CSR address space has (PC field 7 bits,
// 127 broadcasts). Every PC, the last above all, is programmed and read back.
TEST_F(CounterCheck, EveryPcOfAWholeHbm4StackCounts) {
  std_ = load_standard("hbm4");
  opt_.pcs = std_.org.pcs();
  ASSERT_EQ(opt_.pcs, 64u);
  const std::vector<Counts> logs = run_and_compare(150);
  ASSERT_EQ(logs.size(), opt_.pcs);
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    EXPECT_GT(logs[pc][kReads], 60u) << "PC " << pc;
    EXPECT_GT(logs[pc][kWrites], 30u) << "PC " << pc;
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return fmt::format("{}_{}", name(info.param.page), name(info.param.refresh));
}

INSTANTIATE_TEST_SUITE_P(Counters, CounterTest,
                         ::testing::Values(Case{PagePolicy::Open, RefreshPolicy::AllBank},
                                           Case{PagePolicy::Open, RefreshPolicy::PerBank},
                                           Case{PagePolicy::Adaptive, RefreshPolicy::AllBank},
                                           Case{PagePolicy::Adaptive, RefreshPolicy::PerBank}),
                         case_name);

}  // namespace test_counters
}  // namespace hbmsim::test
