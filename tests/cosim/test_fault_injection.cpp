// The device model is the judge: a controller configured to break a rule must be caught
// with the rule named. The RTL gets the faulty timing; the device keeps the standard's.
#include "cosim_fixture.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim::test {
namespace test_fault_injection {

struct Fault {
  const char* name;
  const char* rule;              // what the device must report
  void (*apply)(Timing&);
};

void PrintTo(const Fault& f, std::ostream* os) { *os << f.name; }

class FaultTest : public CosimTest, public ::testing::WithParamInterface<Fault> {};

TEST_P(FaultTest, DeviceReportsTheBrokenRule) {
  const Fault& f = GetParam();
  opt_.rtl_timing_fault = f.apply;
  // Open pages: rows close with explicit PREs, so tRP and tRAS are exercised.
  opt_.ctrl.page = PagePolicy::Open;
  // Long enough for nine tREFI (the refresh fault; the others stop at their first
  // violation): about 65 000 tCK at this traffic's 50 % of peak.
  const CosimResult r = run(synthetic_traffic("random", 12000, 0.5, 1 << 20));
  ASSERT_EQ(r.outcome.reason, StopReason::Violation) << r.outcome.message;
  ASSERT_FALSE(r.violations.empty());
  EXPECT_EQ(r.violations.front().rule, f.rule) << r.violations.front().message();
}

const Fault kFaults[] = {
    {"RcdrdShort", "tRCDRD", [](Timing& t) { t.RCDRD -= 1; }},
    {"RpShort", "tRP", [](Timing& t) { t.RP -= 1; }},
    {"RasShort", "tRAS", [](Timing& t) { t.RAS -= 1; }},
    {"FawShort", "tFAW", [](Timing& t) { t.FAW = t.RRDS; }},
    {"RtwShort", "tRTW", [](Timing& t) { t.RTW -= 1; }},
    {"WtrsShort", "tWTRS", [](Timing& t) { t.WTRS -= 1; }},
    {"RrdlShort", "tRRDL", [](Timing& t) { t.RRDL = t.RRDS - 1; }},
    // Both intervals: the default refresh is per-bank, timed by tREFIpb alone (this case
    // passed by a controller defect that timed per-bank's first interval by tREFI).
    {"RefreshTooRare", "tREFI", [](Timing& t) { t.REFI *= 10; t.REFIpb *= 10; }},
    {"WriteLatencyWrong", "WRITE_DATA", [](Timing& t) { t.WL += 1; }},
};

INSTANTIATE_TEST_SUITE_P(Rtl, FaultTest, ::testing::ValuesIn(kFaults),
                         [](const auto& info) { return std::string(info.param.name); });

// The RTL checks itself too: a tRCDWR above tRC (refused by the host: rtl_limits.cpp)
// leaves a bank's write countdown running at the bank's next ACT after a visit that only
// read, and the bank state loads that countdown at an ACT as run out; a_idle_at_act
// stops the run there rather than let it go on from a shortened count.
TEST_F(CosimTest, AnActFindingItsTrcdCountdownRunningStopsOnTheRtlAssertion) {
  opt_.rtl_timing_fault = [](Timing& t) { t.RCDWR = t.RC + 8; };
  opt_.ctrl.page = PagePolicy::Closed;   // each read's row closes: the next ACT at tRC
  const CosimResult r = run(synthetic_traffic("random", 2000, 1.0, 1 << 16));
  EXPECT_EQ(r.outcome.reason, StopReason::RtlAssertion) << r.outcome.message;
}

}  // namespace test_fault_injection
}  // namespace hbmsim::test
