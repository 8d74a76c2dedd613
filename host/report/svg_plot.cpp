#include "host/report/svg_plot.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace hbmsim::svg {
namespace {

// Margins inside the frame: room for the title, tick labels and axis labels.
constexpr int kLeft = 64, kRight = 16, kTop = 28, kBottom = 44;
// Pixels between two markers drawn (their labels step down over 3 rows of about 45 px).
constexpr double kMarkerGap = 15;

struct Scale {
  double lo = 0, hi = 1;
  double from = 0, to = 1;   // pixels
  double operator()(double v) const { return from + (v - lo) / (hi - lo) * (to - from); }
};

std::string text(double x, double y, const std::string& s, const char* anchor = "middle",
                 const char* extra = "") {
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\"{}>{}</text>\n", x, y,
                     anchor, extra, escape(s));
}

std::string open_svg(const Frame& f) {
  std::string s = fmt::format("<svg class=\"plot\" width=\"{}\" height=\"{}\" "
                              "viewBox=\"0 0 {} {}\" font-family=\"sans-serif\" "
                              "font-size=\"11\">\n",
                              f.width, f.height, f.width, f.height);
  s += text(f.width / 2.0, 16, f.title, "middle", " font-size=\"13\" font-weight=\"bold\"");
  s += text(f.width / 2.0, f.height - 6.0, f.x_label);
  s += fmt::format("<text transform=\"translate(14,{:.1f}) rotate(-90)\" text-anchor=\"middle\">"
                   "{}</text>\n", (kTop + f.height - kBottom) / 2.0, escape(f.y_label));
  return s;
}

// Horizontal grid lines and y tick labels; the plot area's frame.
std::string y_axis(const Frame& f, const Scale& y, const std::vector<double>& ticks) {
  std::string s;
  for (double t : ticks) {
    s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>\n",
                     kLeft, y(t), f.width - kRight, y(t));
    s += text(kLeft - 4, y(t) + 4, tick_label(t), "end");
  }
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" "
                   "stroke=\"#888\"/>\n", kLeft, kTop, f.width - kLeft - kRight,
                   f.height - kTop - kBottom);
  return s;
}

std::pair<double, double> y_range(const std::vector<Series>& series) {
  double hi = 0;
  for (const Series& s : series) {
    for (const auto& p : s.points) hi = std::max(hi, p.second);
  }
  return {0.0, hi > 0 ? hi * 1.05 : 1.0};
}

}  // namespace

std::string escape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default:
        // Control characters are not XML; a name never needs them.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') o += c;
    }
  }
  return o;
}

std::vector<double> nice_ticks(double lo, double hi, int want) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / want;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {   // the finest step giving at most 1.5x `want`
    step = m * mag;
    if ((hi - lo) / step <= 1.5 * want) break;
  }
  // Each tick a whole number of steps: adding the step up drifted (4.6 + 2 x 0.2 gave
  // 5.000000000000001, which a log2 axis took for no power of two and left unlabelled).
  std::vector<double> t;
  for (double i = std::ceil(lo / step); i * step <= hi + step * 1e-9; ++i) {
    t.push_back(i == 0 ? 0.0 : i * step);
  }
  return t;
}

std::string tick_label(double v) {
  const double a = std::abs(v);
  if (a >= 1e9) return fmt::format("{:g}G", v / 1e9);
  if (a >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (a >= 1e4) return fmt::format("{:g}k", v / 1e3);
  return fmt::format("{:g}", v);
}

std::string size_label(double b) {
  if (b >= 1 << 30) return fmt::format("{:g}Gi", b / (1 << 30));
  if (b >= 1 << 20) return fmt::format("{:g}Mi", b / (1 << 20));
  if (b >= 1 << 10) return fmt::format("{:g}Ki", b / (1 << 10));
  return fmt::format("{:g}", b);
}

std::string Plot::render() const {
  auto fx = [this](double x) { return x_log2_ ? std::log2(std::max(x, 1e-300)) : x; };
  double xlo = 0, xhi = 1;
  bool first = true;
  for (const Series& s : series_) {
    for (const auto& p : s.points) {
      const double a = fx(p.first), b = fx(p.first + (s.columns ? s.column_width : 0));
      xlo = first ? a : std::min(xlo, a);
      xhi = first ? b : std::max(xhi, b);
      first = false;
    }
  }
  if (!(xhi > xlo)) {   // one x (a sweep of one stride): centred, not on the frame's edge
    xlo -= 0.5;
    xhi += 0.5;
  }
  const auto [ylo, yhi] = y_range(series_);
  const Scale x{xlo, xhi, double(kLeft), double(f_.width - kRight)};
  const Scale y{ylo, yhi, double(f_.height - kBottom), double(kTop)};
  std::string s = open_svg(f_) + y_axis(f_, y, nice_ticks(ylo, yhi, 5));
  for (double t : nice_ticks(xlo, xhi, 8)) {
    // A log2 axis labels powers of two only (a tick of 30 x 0.1 is 3.0000000000000004).
    if (x_log2_ && std::abs(t - std::round(t)) > 1e-9) continue;
    const double at = x_log2_ ? std::round(t) : t;
    s += text(x(at), f_.height - kBottom + 14,
              x_log2_ ? size_label(std::exp2(at)) : tick_label(at));
  }
  // A marker closer than kMarkerGap px to the last one drawn is left out: a decode of
  // 4096 tokens x 32 layers has 786432 kernel starts, which drew as many lines and labels
  // on one another (a grey block, 190 MB of page). At most width / kMarkerGap remain.
  size_t drawn = 0;
  double last_px = -kMarkerGap;
  for (const Marker& m : markers_) {
    const double px = x(fx(m.x));
    if (px < last_px + kMarkerGap) continue;
    last_px = px;
    s += fmt::format("<line class=\"marker\" x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" "
                     "stroke=\"#999\" stroke-dasharray=\"3,3\"/>\n",
                     px, kTop, px, f_.height - kBottom);
    // Labels of neighbouring markers step down so they do not overwrite each other.
    s += text(px + 2, kTop + 10 + 10.0 * double(drawn++ % 3), m.label, "start",
              " font-size=\"9\" fill=\"#555\"");
  }
  int legend = 0;
  for (const Series& ser : series_) {
    if (ser.columns) {
      for (const auto& [px, py] : ser.points) {
        const double x0 = x(fx(px)), x1 = x(fx(px + ser.column_width));
        s += fmt::format("<rect class=\"bar\" x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" "
                         "height=\"{:.2f}\" fill=\"{}\"/>\n", x0, y(py),
                         std::max(0.5, x1 - x0), y(0) - y(py), ser.color);
      }
    } else if (ser.points.size() == 1) {   // a path of one point draws nothing
      s += fmt::format("<circle class=\"series\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" "
                       "fill=\"{}\"/>\n", x(fx(ser.points[0].first)), y(ser.points[0].second),
                       ser.color);
    } else {
      std::string d;
      for (const auto& [px, py] : ser.points) {
        d += fmt::format("{}{:.1f},{:.1f}", d.empty() ? "M" : " L", x(fx(px)), y(py));
      }
      s += fmt::format("<path class=\"series\" d=\"{}\" fill=\"none\" stroke=\"{}\" "
                       "stroke-width=\"1.5\"/>\n", d, ser.color);
    }
    // The legend sits above the plot area, right of the title, clear of the data.
    const double lx = f_.width - kRight - 70.0 * double(series_.size() - legend++), ly = 16;
    s += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"10\" fill=\"{}\"/>\n",
                     lx, ly - 9, ser.color);
    s += text(lx + 14, ly, ser.name, "start");
  }
  return s + "</svg>\n";
}

std::string bar_chart(const Frame& f, const std::vector<Bar>& bars, const std::string& color) {
  double hi = 0;
  for (const Bar& b : bars) hi = std::max(hi, b.value);
  hi = hi > 0 ? hi * 1.1 : 1.0;
  const Scale y{0, hi, double(f.height - kBottom), double(kTop)};
  std::string s = open_svg(f) + y_axis(f, y, nice_ticks(0, hi, 5));
  const double slot = double(f.width - kLeft - kRight) / double(std::max<size_t>(bars.size(), 1));
  for (size_t i = 0; i < bars.size(); ++i) {
    const double x0 = kLeft + slot * double(i) + slot * 0.15;
    s += fmt::format("<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
                     "height=\"{:.1f}\" fill=\"{}\"><title>{}: {:.4g}</title></rect>\n",
                     x0, y(bars[i].value), slot * 0.7, y(0) - y(bars[i].value), color,
                     escape(bars[i].label), bars[i].value);
    // Every label when they fit, else every few.
    const size_t every = slot >= 40 ? 1 : size_t(std::ceil(40 / slot));
    if (i % every == 0) s += text(x0 + slot * 0.35, f.height - kBottom + 14, bars[i].label);
  }
  return s + "</svg>\n";
}

}  // namespace hbmsim::svg
