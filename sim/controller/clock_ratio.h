// The controller-to-DRAM clock ratio (DFI's frequency ratio): at 1:2 the controller's
// clock is two tCK, it issues at most one row and one column command a clock (in the
// clock's first tCK, phase 0) and moves a whole burst a clock; the DRAM and its model
// keep tCK (docs/architecture.md, "Clock ratio").
#pragma once

#include "controller/controller_config.h"
#include "standard/standard.h"

namespace hbmsim {

constexpr unsigned kMaxClockRatio = 2;

// The timings the controller is configured with, in its clocks: every minimum distance
// rounded up, so that a distance of n clocks (2n tCK) is never shorter than the
// standard's; the refresh intervals rounded down, so that refresh is never late. WL is
// rounded down (the write data path's latency; the PHY adds WL % 2 tCK), and what the
// bank state adds to it (WL + BL + tWR, WL + BL + tWTR) is given so that the sum still
// rounds up. At 1:1 the standard's own. Throws ConfigError for a ratio not 1 or 2, or a
// standard whose burst does not take 2 tCK.
Timing controller_timing(const Timing& t, unsigned ratio);

// The policies' times (the starvation cap, the adaptive idle time), given in tCK, in the
// controller's clocks (rounded up, a nonzero time staying nonzero).
ControllerConfig controller_policy(const ControllerConfig& c, unsigned ratio);

}  // namespace hbmsim
