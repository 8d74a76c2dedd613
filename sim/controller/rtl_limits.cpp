#include "controller/rtl_limits.h"

#include <fmt/format.h>

#include "common/errors.h"

#ifndef HBMSIM_WDEPTH
#define HBMSIM_WDEPTH 32
#endif
#ifndef HBMSIM_WSTAGE
#define HBMSIM_WSTAGE 32
#endif

namespace hbmsim {
namespace {

[[noreturn]] void refuse(const Standard& s, const std::string& field, uint64_t value,
                         const std::string& why) {
  throw ConfigError(fmt::format("{}: field '{}' = {}: {}", s.file, field, value, why));
}

}  // namespace

void check_rtl_limits(const Standard& s, const ControllerConfig& c, const RtlLimits& lim_in) {
  RtlLimits lim = lim_in;
  lim.write_buffer = std::min<unsigned>(lim.write_buffer, HBMSIM_WDEPTH + HBMSIM_WSTAGE);
  // The RTL's channel has two PCs on its command buses and names each command's PC as 0
  // or 1 of its channel: a standard of one PC per channel would take PC 1's commands as
  // another channel's and report every one as an ADDRESS violation.
  if (s.org.pcs_per_channel != lim.pcs_per_channel) {
    refuse(s, "organisation.pcs_per_channel", s.org.pcs_per_channel,
           fmt::format("the RTL channel has {} pseudo-channels on its command buses (hbmsim "
                       "check-log takes 1)", lim.pcs_per_channel));
  }
  const Timing& t = s.t;
  const std::pair<const char*, unsigned> timers[] = {
      {"RL", t.RL},       {"WL", t.WL},       {"BL", t.BL},       {"RCDRD", t.RCDRD},
      {"RCDWR", t.RCDWR}, {"RP", t.RP},       {"RPab", t.RPab},   {"RAS", t.RAS},
      {"RC", t.RC},       {"RRDS", t.RRDS},   {"RRDL", t.RRDL},   {"FAW", t.FAW},
      {"CCDS", t.CCDS},   {"CCDL", t.CCDL},   {"CCDR", t.CCDR},   {"WTRS", t.WTRS},
      {"WTRL", t.WTRL},   {"RTW", t.RTW},     {"RTPL", t.RTPL},   {"WR", t.WR},
      {"PPD", t.PPD},     {"RFC", t.RFC},     {"RFCpb", t.RFCpb}, {"RREFD", t.RREFD}};
  for (const auto& [name, v] : timers) {
    if (v > lim.timer_max) {
      refuse(s, fmt::format("timing.{}", name), v,
             fmt::format("the RTL controller's timers hold at most {} tCK", lim.timer_max));
    }
  }
  // Timers the RTL loads with a sum: write data to PRE or ACT, a read's auto-precharge to
  // ACT, and a write's turnaround.
  const uint64_t wr_to_pre = uint64_t(t.WL) + t.BL + t.WR;
  if (wr_to_pre > lim.timer_max) {
    refuse(s, "timing.WR", t.WR, fmt::format("WL + BL + WR = {} exceeds the RTL controller's "
                                             "{}-tCK timers", wr_to_pre, lim.timer_max));
  }
  const uint64_t wr_to_act = wr_to_pre + t.RP;
  if (wr_to_act > lim.timer_max) {
    refuse(s, "timing.RP", t.RP, fmt::format("WL + BL + WR + RP = {} exceeds the RTL "
                                             "controller's {}-tCK timers", wr_to_act,
                                             lim.timer_max));
  }
  // A read's auto-precharge to the next ACT (tRTPL + tRP; the RTL has no tRTPS timer).
  const uint64_t rda_to_act = uint64_t(t.RTPL) + t.RP;
  if (rda_to_act > lim.timer_max) {
    refuse(s, "timing.RTPL", t.RTPL, fmt::format("RTPL + RP = {} exceeds the RTL controller's "
                                                 "{}-tCK timers", rda_to_act, lim.timer_max));
  }
  const uint64_t wr_to_rd = uint64_t(t.WL) + t.BL + t.WTRL;
  if (wr_to_rd > lim.timer_max) {
    refuse(s, "timing.WTRL", t.WTRL, fmt::format("WL + BL + WTRL = {} exceeds the RTL "
                                                 "controller's {}-tCK timers", wr_to_rd,
                                                 lim.timer_max));
  }
  for (const auto& [name, v] : {std::pair<const char*, unsigned>{"REFI", t.REFI},
                                {"REFIpb", t.REFIpb}}) {
    if (v == 0 || v > lim.refi_max) {
      refuse(s, fmt::format("timing.{}", name), v,
             fmt::format("the RTL controller's refresh interval counter takes 1 to {} tCK",
                         lim.refi_max));
    }
  }
  if (t.act_bus_cycles > lim.act_bus_cycles) {
    refuse(s, "timing.act_bus_cycles", t.act_bus_cycles,
           fmt::format("the RTL controller holds the row bus {} tCK per ACT", lim.act_bus_cycles));
  }
  if (c.postpone > t.refresh_postpone_max) {
    throw ConfigError(fmt::format("--refresh-postpone {}: {} allows at most {} postponed "
                                  "refreshes (timing.refresh_postpone_max in {})", c.postpone,
                                  s.name, t.refresh_postpone_max, s.file));
  }
  if (c.postpone > lim.postpone_max) {
    throw ConfigError(fmt::format("--refresh-postpone {}: the RTL controller owes at most {}",
                                  c.postpone, lim.postpone_max));
  }
  if (c.wr_high > lim.write_buffer) {
    throw ConfigError(fmt::format("--wr-high {}: the controller holds {} posted writes (queued "
                                  "or staged), so a drain would never start there (1 to {})",
                                  c.wr_high, lim.write_buffer, lim.write_buffer));
  }
  if (c.wr_low >= c.wr_high) {
    throw ConfigError(fmt::format("--wr-low {}: must be below --wr-high {} (a drain stops "
                                  "below where it starts)", c.wr_low, c.wr_high));
  }
}

}  // namespace hbmsim
