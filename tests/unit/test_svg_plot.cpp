// The HTML report's chart module, its coarsened series and the progress line: ticks at
// 1/2/5 x 10^k that cover the range, escaping, a line plot's path and a bar chart's bars,
// merged windows that keep every count, and the progress text with and without a known
// total.
#include <gtest/gtest.h>

#include "host/report/coarse_series.h"
#include "host/report/progress.h"
#include "host/report/svg_plot.h"

namespace hbmsim::svg {
namespace test_svg_plot {

TEST(SvgPlot, NiceTicksCoverTheRangeInRoundSteps) {
  const auto t = nice_ticks(0, 47.3, 5);
  ASSERT_GE(t.size(), 3u);
  EXPECT_EQ(t.front(), 0);
  EXPECT_LE(t.back(), 47.3);
  EXPECT_GT(t.back() + (t[1] - t[0]), 47.3);
  EXPECT_DOUBLE_EQ(t[1] - t[0], 10);
  EXPECT_DOUBLE_EQ(nice_ticks(0, 0.9, 4)[1], 0.2);
  EXPECT_EQ(nice_ticks(3, 3).size(), 1u);   // an empty range gives one tick, no loop
}

TEST(SvgPlot, TickLabelsAreShort) {
  EXPECT_EQ(tick_label(0), "0");
  EXPECT_EQ(tick_label(2.5), "2.5");
  EXPECT_EQ(tick_label(20000), "20k");
  EXPECT_EQ(tick_label(3e6), "3M");
  EXPECT_EQ(size_label(512), "512");
  EXPECT_EQ(size_label(16384), "16Ki");
  EXPECT_EQ(size_label(1 << 20), "1Mi");
}

TEST(SvgPlot, EscapeMakesTextSafeForXml) {
  EXPECT_EQ(escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
  EXPECT_EQ(escape(std::string("x\x01y")), "xy");
}

TEST(SvgPlot, ALinePlotDrawsEveryPointAndItsMarkers) {
  Plot p({"title <t>", "x", "y"});
  p.add(Series{"s", "#000", {{0, 1}, {1, 2}, {2, 0.5}}});
  p.add(Marker{1, "k1"});
  const std::string s = p.render();
  EXPECT_EQ(s.rfind("<svg ", 0), 0u);
  EXPECT_NE(s.find("class=\"series\" d=\"M"), std::string::npos);
  size_t l = 0;
  for (size_t at = s.find(" L"); at != std::string::npos; at = s.find(" L", at + 1)) ++l;
  EXPECT_EQ(l, 2u);
  EXPECT_NE(s.find("class=\"marker\""), std::string::npos);
  EXPECT_NE(s.find("title &lt;t&gt;"), std::string::npos);
  EXPECT_EQ(s.find("http"), std::string::npos);
}

// A line of one point (a stride sweep of one stride) was a path "M x,y": nothing drawn,
// at the frame's left edge. It is a dot now, in the middle.
TEST(SvgPlot, ALineOfOnePointIsADotInTheMiddle) {
  Plot p({"t", "x", "y"}, true);
  p.add(Series{"s", "#000", {{32, 5}}});
  const std::string s = p.render();
  EXPECT_NE(s.find("<circle class=\"series\" cx=\"404.0\""), std::string::npos) << s;
  EXPECT_EQ(s.find("<path class=\"series\""), std::string::npos) << s;
  EXPECT_NE(s.find(">32</text>"), std::string::npos) << "the stride's tick";
}

// A decode of many tokens and layers starts a kernel every few pixels: every marker drew
// a line and a label over the others (786432 for 4096 tokens x 32 layers). Those within
// 15 px of the last drawn are left out; the first is always drawn.
TEST(SvgPlot, MarkersCloserThanTheGapAreLeftOut) {
  Plot p({"t", "x", "y"});
  p.add(Series{"s", "#000", {{0, 1}, {1000, 1}}});
  for (int i = 0; i < 1000; ++i) p.add(Marker{double(i), "k" + std::to_string(i)});
  const std::string s = p.render();
  size_t n = 0;
  for (size_t at = s.find("class=\"marker\""); at != std::string::npos;
       at = s.find("class=\"marker\"", at + 1)) {
    ++n;
  }
  EXPECT_LE(n, 680u / 15 + 1);   // the plot area is 680 px wide
  EXPECT_GE(n, 680u / 16);
  EXPECT_NE(s.find(">k0<"), std::string::npos);
  EXPECT_EQ(s.find(">k1<"), std::string::npos);
}

TEST(SvgPlot, ABarChartHasABarPerValue) {
  const std::string s = bar_chart({"t", "x", "y"}, {{"a", 1}, {"b", 2}, {"c", 0}}, "#123");
  size_t bars = 0;
  for (size_t at = s.find("class=\"bar\""); at != std::string::npos;
       at = s.find("class=\"bar\"", at + 1)) {
    ++bars;
  }
  EXPECT_EQ(bars, 3u);
}

TEST(ProgressLine, PercentAndEtaOnlyWhenTheTotalIsKnown) {
  const std::string known = Progress::format(0.25, 1000, 500.4, 10);
  EXPECT_NE(known.find("25.0 %"), std::string::npos) << known;
  EXPECT_NE(known.find("1000 tCK"), std::string::npos) << known;
  EXPECT_NE(known.find("500 tCK/s"), std::string::npos) << known;
  EXPECT_NE(known.find("ETA 0:30"), std::string::npos) << known;
  const std::string unknown = Progress::format(-1, 1000, 500, 10);
  EXPECT_EQ(unknown.find('%'), std::string::npos) << unknown;
  EXPECT_EQ(unknown.find("ETA"), std::string::npos) << unknown;
}

}  // namespace test_svg_plot
}  // namespace hbmsim::svg

namespace hbmsim {
namespace test_svg_plot {

// A long run's windows merge pairwise as the series fills: never more than kMaxPoints,
// contiguous, and every count kept.
TEST(CoarseSeries, MergesNeighboursAndKeepsEveryCount) {
  CoarseSeries s;
  const uint64_t n = 3 * CoarseSeries::kMaxPoints + 5;
  for (uint64_t i = 0; i < n; ++i) {
    Window w{i, i + 1, {}};
    w.n.read_bursts = i % 7;
    w.n.refreshes = 1;
    s.add(w);
  }
  s.flush();
  const auto& v = s.windows();
  ASSERT_LE(v.size(), CoarseSeries::kMaxPoints);
  ASSERT_GE(v.size(), CoarseSeries::kMaxPoints / 4);
  uint64_t reads = 0, refreshes = 0, want = 0;
  for (size_t k = 0; k < v.size(); ++k) {
    EXPECT_EQ(v[k].start, k ? v[k - 1].end : 0u);
    reads += v[k].n.read_bursts;
    refreshes += v[k].n.refreshes;
  }
  for (uint64_t i = 0; i < n; ++i) want += i % 7;
  EXPECT_EQ(v.back().end, n);
  EXPECT_EQ(reads, want);
  EXPECT_EQ(refreshes, n);
}

}  // namespace test_svg_plot
}  // namespace hbmsim
