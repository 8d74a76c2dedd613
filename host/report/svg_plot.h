// Small SVG charts for the HTML report: numeric axes with "nice" ticks, line and column
// series, vertical markers, and a bar chart of named values. Plain SVG 1.1 elements
// (no script, no fonts but the browser's sans-serif), well-formed XML, embedded inline.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace hbmsim::svg {

// Text for XML content or an attribute value.
std::string escape(const std::string& s);

struct Series {
  std::string name;
  std::string color;
  std::vector<std::pair<double, double>> points;   // (x, y), x ascending
  bool columns = false;   // bars from y = 0 at each x, `column_width` wide, else a line
  double column_width = 1;
};

// A vertical line at x with a label (a kernel boundary). Added in ascending x; one that
// would be drawn within 15 px of the last drawn is left out.
struct Marker {
  double x = 0;
  std::string label;
};

struct Frame {
  std::string title, x_label, y_label;
  int width = 760, height = 300;
};

// A chart with numeric axes. x_log2: x is plotted on a log2 scale (a stride sweep).
class Plot {
 public:
  explicit Plot(Frame f, bool x_log2 = false) : f_(std::move(f)), x_log2_(x_log2) {}
  void add(Series s) { series_.push_back(std::move(s)); }
  void add(Marker m) { markers_.push_back(std::move(m)); }
  std::string render() const;

 private:
  Frame f_;
  bool x_log2_;
  std::vector<Series> series_;
  std::vector<Marker> markers_;
};

struct Bar {
  std::string label;
  double value = 0;
};

// Vertical bars, one per named value, labels under them.
std::string bar_chart(const Frame& f, const std::vector<Bar>& bars, const std::string& color);

// Tick positions for [lo, hi]: steps of 1, 2 or 5 x 10^k, about `want` of them.
std::vector<double> nice_ticks(double lo, double hi, int want = 6);
// A tick label without trailing zeros (1.5, 20, 3e+06 as 3M).
std::string tick_label(double v);
// A power-of-two size as a log2 axis shows it: 512, 4Ki, 1Mi.
std::string size_label(double bytes);

}  // namespace hbmsim::svg
