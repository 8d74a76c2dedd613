#include "controller/clock_ratio.h"

#include <fmt/format.h>

#include "common/errors.h"

namespace hbmsim {
namespace {

unsigned up(unsigned tck, unsigned ratio) { return (tck + ratio - 1) / ratio; }

// What the bank state adds to WL + BL (in clocks) for a distance of wl + bl + x tCK.
unsigned after_write(const Timing& t, const Timing& c, unsigned x, unsigned ratio) {
  const unsigned total = up(t.WL + t.BL + x, ratio);
  return total - c.WL - c.BL;
}

}  // namespace

Timing controller_timing(const Timing& t, unsigned ratio) {
  if (ratio != 1 && ratio != kMaxClockRatio) {
    throw ConfigError(fmt::format("clock ratio 1:{} is not supported (1:1 or 1:2)", ratio));
  }
  if (ratio == 1) return t;
  if (t.BL != ratio) {
    throw ConfigError(fmt::format("clock ratio 1:{} needs a burst of {} tCK; this standard's "
                                  "takes {}", ratio, ratio, t.BL));
  }
  Timing c = t;
  c.tck_ns = t.tck_ns * ratio;
  for (unsigned* f : {&c.RL, &c.RCDRD, &c.RCDWR, &c.RP, &c.RPab, &c.RAS, &c.RC, &c.RRDS,
                      &c.RRDL, &c.FAW, &c.CCDS, &c.CCDL, &c.CCDR, &c.RTW, &c.RTPS, &c.RTPL,
                      &c.PPD, &c.RFC, &c.RFCpb, &c.RREFD, &c.act_bus_cycles}) {
    *f = up(*f, ratio);
  }
  c.BL = 1;
  c.WL = t.WL / ratio;
  c.WR = after_write(t, c, t.WR, ratio);
  c.WTRS = after_write(t, c, t.WTRS, ratio);
  c.WTRL = after_write(t, c, t.WTRL, ratio);
  c.REFI = t.REFI / ratio;
  c.REFIpb = t.REFIpb / ratio;
  return c;
}

ControllerConfig controller_policy(const ControllerConfig& c, unsigned ratio) {
  ControllerConfig out = c;
  out.starve = up(c.starve, ratio);
  out.page_idle = up(c.page_idle, ratio);
  return out;
}

}  // namespace hbmsim
