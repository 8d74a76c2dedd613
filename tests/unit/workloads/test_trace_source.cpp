// Trace records as AXI bursts: alignment, splitting at 4 KiB and at granules, strobes,
// expected read data, trace timing and the clock ratio; the dealer's bounded read-ahead.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "common/errors.h"
#include "host/trace/trace_source.h"
#include "host/trace/trace_spec.h"

namespace hbmsim {
namespace test_trace_source {

struct Cut {
  unsigned port;
  AxiTxn t;
};

std::vector<Cut> cut(const TraceRecord& r, const TracePlacement& p) {
  std::vector<Cut> out;
  cut_record(r, 0, p, [&](unsigned port, AxiTxn&& t) { out.push_back({port, std::move(t)}); });
  return out;
}

TEST(TraceCut, RecordWithoutLengthIsOneAlignedBurst) {
  TracePlacement p;
  p.burst_bytes = 64;
  TraceRecord r;
  r.addr = 0x1234;
  r.write = true;
  const auto bursts = cut(r, p);
  ASSERT_EQ(bursts.size(), 1u);
  EXPECT_EQ(bursts[0].t.addr, 0x1200u);   // the 64-byte burst that holds the address
  EXPECT_EQ(bursts[0].t.beats, 2u);
  EXPECT_EQ(bursts[0].t.wstrb, (std::vector<uint32_t>{0xffffffffu, 0xffffffffu}));
  EXPECT_EQ(bursts[0].t.wdata.size(), 64u);
  r.write = false;
  const auto reads = cut(r, p);
  EXPECT_TRUE(reads[0].t.wdata.empty());
  EXPECT_TRUE(reads[0].t.expect.empty());   // no data in the trace: nothing to expect
}

TEST(TraceCut, LengthStrobesOnlyItsBytesAndSplitsAt4KiB) {
  TracePlacement p;
  TraceRecord r;
  r.write = true;
  r.addr = 0xff0;   // 40 bytes: 16 before the 4 KiB boundary, 24 after
  r.length = 40;
  for (uint8_t i = 0; i < 40; ++i) r.data.push_back(i);
  const auto bursts = cut(r, p);
  ASSERT_EQ(bursts.size(), 2u);
  EXPECT_EQ(bursts[0].t.addr, 0xfe0u);
  EXPECT_EQ(bursts[0].t.beats, 1u);
  EXPECT_EQ(bursts[0].t.wstrb[0], 0xffff0000u);
  EXPECT_EQ(bursts[0].t.wdata[16], 0u);
  EXPECT_EQ(bursts[1].t.addr, 0x1000u);
  EXPECT_EQ(bursts[1].t.beats, 1u);
  EXPECT_EQ(bursts[1].t.wstrb[0], 0x00ffffffu);
  EXPECT_EQ(bursts[1].t.wdata[0], 16u);
  EXPECT_EQ(bursts[1].t.wdata[23], 39u);
}

TEST(TraceCut, ReadWithDataExpectsIt) {
  TracePlacement p;
  TraceRecord r;
  r.addr = 0x44;
  r.length = 8;
  r.data = {1, 2, 3, 4, 5, 6, 7, 8};
  const auto bursts = cut(r, p);
  ASSERT_EQ(bursts.size(), 1u);
  const AxiTxn& t = bursts[0].t;
  EXPECT_EQ(t.addr, 0x40u);
  EXPECT_EQ(t.expect_strb, (std::vector<uint32_t>{0xff0u}));
  EXPECT_EQ(t.expect[4], 1u);
  EXPECT_EQ(t.expect[11], 8u);
  EXPECT_TRUE(t.wdata.empty());
}

// fuzz_trace found it: data without (len) at an address off the burst's alignment read
// before the data (the burst was aligned, the data was not). The data's bytes say where.
TEST(TraceCut, DataWithoutLengthCoversItsBytesFromTheAddress) {
  TracePlacement p;
  p.burst_bytes = 32;
  TraceRecord r;
  r.write = true;
  r.addr = 0x10;
  for (uint8_t i = 0; i < 32; ++i) r.data.push_back(i);
  const auto bursts = cut(r, p);
  ASSERT_EQ(bursts.size(), 1u);
  EXPECT_EQ(bursts[0].t.addr, 0x0u);
  EXPECT_EQ(bursts[0].t.beats, 2u);
  EXPECT_EQ(bursts[0].t.wstrb, (std::vector<uint32_t>{0xffff0000u, 0x0000ffffu}));
  EXPECT_EQ(bursts[0].t.wdata[0x10], 0u);
  EXPECT_EQ(bursts[0].t.wdata[0x2f], 31u);
}

TEST(TraceCut, SpreadOverPortsByTheInterleave) {
  TracePlacement p;
  p.ports = 4;
  p.spread = Interleave{2, 9};   // 4 PCs, 512-byte granules
  TraceRecord r;
  r.addr = 0x1e00;               // granule 15: PC 3, local 0x600
  r.length = 1024;               // granules 15 and 16 (PC 0, local 0x800)
  const auto bursts = cut(r, p);
  ASSERT_EQ(bursts.size(), 2u);
  EXPECT_EQ(bursts[0].port, 3u);
  EXPECT_EQ(bursts[0].t.addr, 0x600u);
  EXPECT_EQ(bursts[0].t.beats, 16u);
  EXPECT_EQ(bursts[1].port, 0u);
  EXPECT_EQ(bursts[1].t.addr, 0x800u);
}

TEST(TraceCut, TimingAndClockRatio) {
  TracePlacement p;
  TraceRecord r;
  r.cycle = 5;
  EXPECT_EQ(cut(r, p)[0].t.not_before, 0u);   // asap
  p.timed = true;
  EXPECT_EQ(cut(r, p)[0].t.not_before, 5u);
  const ClockRatio ratio = parse_clock_ratio("1.6");
  p.ratio_num = ratio.num;
  p.ratio_den = ratio.den;
  EXPECT_EQ(trace_tck(5, p), 8u);   // exact: 5 x 1.6
  EXPECT_EQ(trace_tck(1, p), 2u);   // 1.6 rounds up: never before the trace's time
  EXPECT_EQ(trace_tck((uint64_t(1) << 48) - 1, p), 450359962737048u);   // no overflow
}

TEST(TraceSpec, ClockRatioRefusals) {
  EXPECT_EQ(parse_clock_ratio("2").num, 2000000u);
  EXPECT_EQ(parse_clock_ratio("0.000001").num, 1u);
  EXPECT_EQ(parse_clock_ratio("1000").num, 1000000000u);
  // Zeros past the sixth place are no places: "0.000001000" was "too many decimal places".
  EXPECT_EQ(parse_clock_ratio("0.000001000").num, 1u);
  EXPECT_EQ(parse_clock_ratio("1.600000000000").num, 1600000u);
  EXPECT_EQ(parse_clock_ratio("1000.0000000").num, 1000000000u);
  for (const char* bad : {"", ".", "0", "0.0000001", "1000.000001", "-1", "1e3", "nan",
                          "1.2.3", "99999999999999999999999", "1.6000001", "0.0000000",
                          "1000.0000001"}) {
    EXPECT_THROW(parse_clock_ratio(bad), UsageError) << bad;
  }
}

TEST(TraceDealer, EachPortGetsItsBurstsInOrderAndReadAheadIsBounded) {
  const std::string path = testing::TempDir() + "deal.trace";
  {
    std::ofstream out(path);
    // 3000 records on PC 0 (granule 0), then one on PC 1.
    for (int i = 0; i < 3000; ++i) out << "LD " << (i % 8) * 64 << "\n";
    out << "ST 512\n";
  }
  TracePlacement p;
  p.ports = 2;
  p.spread = Interleave{1, 9};
  TraceDealer d(path, TraceFormat::Ramulator2, p);
  AxiTxn t;
  bool waiting = false;
  // Port 1 asks first: the dealer reads ahead for port 0 only up to its limit, then waits.
  EXPECT_FALSE(d.next(1, t, waiting));
  EXPECT_TRUE(waiting);
  EXPECT_EQ(d.records(), TraceDealer::kReadAhead);
  for (int i = 0; i < 3000; ++i) {
    ASSERT_TRUE(d.next(0, t, waiting)) << i;
    EXPECT_EQ(t.addr, uint64_t(i % 8) * 64);
    EXPECT_EQ(t.id, unsigned(i) % TraceDealer::kIds);
  }
  ASSERT_TRUE(d.next(1, t, waiting));
  EXPECT_TRUE(t.write);
  EXPECT_EQ(t.addr, 0u);
  EXPECT_FALSE(d.next(0, t, waiting));
  EXPECT_FALSE(waiting);
  EXPECT_FALSE(d.next(1, t, waiting));
  EXPECT_FALSE(waiting);
  EXPECT_TRUE(d.error().empty());
}

TEST(TraceDealer, AFileThatChangedStopsWithTheError) {
  const std::string path = testing::TempDir() + "changed.trace";
  std::ofstream(path) << "LD 0x40\nLD oops\n";
  TraceDealer d(path, TraceFormat::Ramulator2, TracePlacement{});
  AxiTxn t;
  bool waiting = false;
  EXPECT_TRUE(d.next(0, t, waiting));
  EXPECT_FALSE(d.next(0, t, waiting));
  EXPECT_FALSE(waiting);
  EXPECT_NE(d.error().find("changed.trace:2:4"), std::string::npos) << d.error();
}

}  // namespace test_trace_source
}  // namespace hbmsim
