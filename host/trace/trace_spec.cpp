#include "host/trace/trace_spec.h"

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"

namespace hbmsim {
namespace {
constexpr unsigned kPlaces = 6;
constexpr uint64_t kScale = 1000000;           // 10^kPlaces
constexpr uint64_t kMaxRatio = 1000 * kScale;  // keeps a cycle of 2^48 x ratio in 64 bits
}  // namespace

ClockRatio parse_clock_ratio(const std::string& text) {
  const auto bad = [&](const char* why) {
    return UsageError(fmt::format("--trace-clock-ratio {}: {} (tCK per cycle of the trace's "
                                  "clock: a decimal from 0.000001 to 1000, at most {} places)",
                                  excerpt(text), why, kPlaces));
  };
  uint64_t scaled = 0;
  unsigned places = 0;
  bool point = false, digits = false;
  for (const char ch : text) {
    if (ch == '.' && !point) {
      point = true;
      continue;
    }
    if (ch < '0' || ch > '9') throw bad("not a decimal number");
    // Zeros past the last place change nothing ("1.6000000", a printf's %.7f): only a
    // digit that would be lost is refused.
    if (point && ++places > kPlaces) {
      if (ch != '0') throw bad("too many decimal places");
      continue;
    }
    scaled = scaled * 10 + uint64_t(ch - '0');
    digits = true;
    if (scaled > kMaxRatio * 10) throw bad("too large");
  }
  if (!digits) throw bad("not a decimal number");
  for (unsigned i = places; i < kPlaces; ++i) scaled *= 10;
  if (scaled == 0) throw bad("must be above 0");
  if (scaled > kMaxRatio) throw bad("too large");
  return ClockRatio{scaled, kScale};
}

}  // namespace hbmsim
