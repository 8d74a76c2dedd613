#include "controller/rtl_limits.h"

#include <string>
#include <utility>

#include <fmt/format.h>

#include "common/errors.h"
#include "controller/clock_ratio.h"

#ifndef HBMSIM_WDEPTH
#define HBMSIM_WDEPTH 32
#endif
#ifndef HBMSIM_WSTAGE
#define HBMSIM_WSTAGE 32
#endif
#ifndef HBMSIM_LISTS
#define HBMSIM_LISTS 0
#endif
#ifndef HBMSIM_PIPE
#define HBMSIM_PIPE 1
#endif

namespace hbmsim {
namespace {

[[noreturn]] void refuse(const Standard& s, const std::string& field, uint64_t value,
                         const std::string& why) {
  throw ConfigError(fmt::format("{}: field '{}' = {}: {}", s.file, field, value, why));
}

// The per-bank countdowns are narrower than the others (32 or 64 of each), and so are the
// group, stack-ID, tFAW and PC countdowns but tRFC's: each distance that loads one, a field
// or a sum, must fit it.
void check_countdown_loads(const Standard& s, const RtlLimits& lim) {
  const Timing& t = s.t;
  struct Load {
    const char* field;   // the field named (a sum's last addend)
    unsigned value;
    uint64_t distance;
    const char* what;    // the distance, as the message names it
    unsigned max;
    const char* countdown;
  };
  const uint64_t wr_end = uint64_t(t.WL) + t.BL;
  const char* act = "per-bank ACT / REFpb countdown";
  const char* pre = "per-bank PRE countdown";
  const char* rcd = "per-bank RD / WR-after-ACT countdown";
  const char* grp = "bank-group countdown";
  const char* sid = "stack-ID countdown";
  const char* faw = "tFAW countdown";
  const char* pc = "pseudo-channel countdown";
  const Load loads[] = {
      {"RC", t.RC, t.RC, "tRC", lim.bank_act_max, act},
      {"RP", t.RP, t.RP, "tRP", lim.bank_act_max, act},
      {"RFCpb", t.RFCpb, t.RFCpb, "tRFCpb", lim.bank_act_max, act},
      {"RTPL", t.RTPL, uint64_t(t.RTPL) + t.RP, "RTPL + RP", lim.bank_act_max, act},
      {"RP", t.RP, wr_end + t.WR + t.RP, "WL + BL + WR + RP", lim.bank_act_max, act},
      {"RAS", t.RAS, t.RAS, "tRAS", lim.bank_pre_max, pre},
      {"WR", t.WR, wr_end + t.WR, "WL + BL + WR", lim.bank_pre_max, pre},
      {"RTPL", t.RTPL, t.RTPL, "tRTPL", lim.bank_pre_max, pre},
      {"RCDRD", t.RCDRD, t.RCDRD, "tRCDRD", lim.bank_rcd_max, rcd},
      {"RCDWR", t.RCDWR, t.RCDWR, "tRCDWR", lim.bank_rcd_max, rcd},
      {"RRDL", t.RRDL, t.RRDL, "tRRDL", lim.short_max, grp},
      {"CCDL", t.CCDL, t.CCDL, "tCCDL", lim.short_max, grp},
      {"WTRL", t.WTRL, wr_end + t.WTRL, "WL + BL + WTRL", lim.short_max, grp},
      {"CCDR", t.CCDR, t.CCDR, "tCCDR", lim.short_max, sid},
      {"FAW", t.FAW, t.FAW, "tFAW", lim.short_max, faw},
      {"RRDS", t.RRDS, t.RRDS, "tRRDS", lim.short_max, pc},
      {"RREFD", t.RREFD, t.RREFD, "tRREFD", lim.short_max, pc},
      {"CCDS", t.CCDS, t.CCDS, "tCCDS", lim.short_max, pc},
      {"WTRS", t.WTRS, wr_end + t.WTRS, "WL + BL + WTRS", lim.short_max, pc},
      {"RTW", t.RTW, t.RTW, "tRTW", lim.short_max, pc},
      {"PPD", t.PPD, t.PPD, "tPPD", lim.short_max, pc},
      {"RPab", t.RPab, t.RPab, "tRPab", lim.short_max, pc}};
  for (const Load& l : loads) {
    if (l.distance > l.max) {
      refuse(s, fmt::format("timing.{}", l.field), l.value,
             fmt::format("{} = {} exceeds the RTL controller's {}, which holds at "
                         "most {} tCK", l.what, l.distance, l.countdown, l.max));
    }
  }
}

// An ACT loads its bank's tRCD countdowns without comparing them with what is left of
// them (hbm_bank_state): it comes tRC or more after the bank's last ACT, so they have run
// out, as long as neither tRCD exceeds tRC.
void check_rcd_within_rc(const Standard& s) {
  const Timing& t = s.t;
  for (const auto& [name, v] : {std::pair<const char*, unsigned>{"RCDRD", t.RCDRD},
                                {"RCDWR", t.RCDWR}}) {
    if (v > t.RC) {
      refuse(s, fmt::format("timing.{}", name), v,
             fmt::format("exceeds tRC ({}): the RTL controller reloads a bank's tRCD "
                         "countdown at its next ACT, tRC or more later, as run out", t.RC));
    }
  }
}

// The pipelined pick (hbm_pc_ctrl's Pipe) decides from the queue's row hits and open-bank
// bits of this clock, a clock before its command goes out: a bank that this clock's command
// opens or closes must stay out of the next pick, which the standard's own distances do
// as long as each is at least two controller clocks (tRCD before a column command, tRAS
// and tRTP before a PRE, tRP, tRFC and tRFCpb before an ACT). At one clock the RTL picked a
// PRE for a bank it had just opened (hbm_scheduler's a_row_open; tRAS 1 at 1:1, 2 at 1:2),
// and a tRFC of one clock let its refreshes fall behind (tREFI violations: tRFC 1 at 1:1,
// 2 at 1:2; 2 and 3 ran clean).
void check_pipelined_pick(const Standard& s, unsigned ratio) {
  if (!rtl_form().pipe) return;
  const Timing& t = s.t;
  const std::pair<const char*, unsigned> fields[] = {
      {"RCDRD", t.RCDRD}, {"RCDWR", t.RCDWR}, {"RAS", t.RAS}, {"RTPL", t.RTPL}, {"RP", t.RP},
      {"RFC", t.RFC},     {"RFCpb", t.RFCpb}};
  for (const auto& [name, v] : fields) {
    if (v <= ratio) {
      refuse(s, fmt::format("timing.{}", name), v,
             fmt::format("must be at least {} tCK (two controller clocks at 1:{}): the RTL "
                         "controller's pipelined pick leaves a bank a command opens or "
                         "closes out of its next pick only for that long", ratio + 1, ratio));
    }
  }
}

// An ACT loads its bank's PRE countdown (tRAS) without a compare, taking it as run out
// (hbm_bank_state's a_idle_at_act): a bank closed by a PRE waited for it, and one closed
// by an auto-precharge waits on its ACT countdown, which must then outlast what a column
// command before it left on the PRE countdown. Two pairs can fail that: a WR, then a RDA
// (the RDA WL + BL + tWTRL after it at the earliest, its ACT tRTPL + tRP later, the WR's
// recovery WL + BL + tWR: HBM3 with tRP 9 and tRC 54 broke the assertion), and a RD, then
// a WRA (tRTW apart, its ACT WL + BL + tWR + tRP later, the RD's tRTPL: HBM3 with tRTPL
// 92). (RD then RDA and WR then WRA always wait longer.) Checked in controller clocks, as
// the RTL counts; without auto-precharges (open pages) neither pair occurs.
void check_auto_precharge_outlasts_column(const Standard& s, const ControllerConfig& c,
                                          unsigned ratio) {
  if (c.page == PagePolicy::Open) return;
  const Timing ct = controller_timing(s.t, ratio);
  const uint64_t wr_pre = uint64_t(ct.WL) + ct.BL + ct.WR;   // a WR's PRE countdown
  if (uint64_t(ct.WL) + ct.BL + ct.WTRL + ct.RTPL + ct.RP < wr_pre) {
    refuse(s, "timing.WR", s.t.WR,
           fmt::format("exceeds tWTRL + tRTPL + tRP ({} + {} + {} controller clocks at 1:{}): "
                       "a read with auto-precharge after a write to its bank would let the "
                       "RTL controller open the bank again before the write's recovery ended "
                       "(the open page policy, --page-policy open, has no auto-precharge)",
                       ct.WTRL, ct.RTPL, ct.RP, ratio));
  }
  if (uint64_t(ct.RTW) + wr_pre + ct.RP < ct.RTPL) {
    refuse(s, "timing.RTPL", s.t.RTPL,
           fmt::format("exceeds tRTW + WL + BL + tWR + tRP ({} controller clocks at 1:{}): a "
                       "write with auto-precharge after a read to its bank would let the RTL "
                       "controller open the bank again before the read's tRTP ended (the open "
                       "page policy, --page-policy open, has no auto-precharge)",
                       uint64_t(ct.RTW) + wr_pre + ct.RP, ratio));
  }
}

// A refresh interval must leave room for traffic. A tREFI of 18 tCK (tRFC 9) ran, and the
// RTL's refresh fell behind (9 owed where 8 may be); one of 100 (tRFC 9, tRC 78, all-bank)
// deadlocked: between two refreshes no row cycle fit. So a refresh, the precharge before
// it and a row cycle take at most half of it: 2 x (tRPab + tRFC + tRC) <= tREFI (the
// presets: 1 316 of 6 240 tCK on HBM3, 2 454 of 9 360 on HBM3E).
void check_refresh_fits(const Standard& s) {
  const Timing& t = s.t;
  const uint64_t need = 2 * (uint64_t(t.RPab) + t.RFC + t.RC);
  if (need > t.REFI) {
    refuse(s, "timing.REFI", t.REFI,
           fmt::format("must be at least 2 x (tRPab + tRFC + tRC) = {}: a refresh interval "
                       "that a refresh and a row cycle took more than half of left the RTL "
                       "controller's refreshes behind, or no row cycle between them", need));
  }
}

}  // namespace

RtlForm rtl_form() { return {HBMSIM_LISTS != 0, HBMSIM_PIPE != 0}; }

void check_rtl_limits(const Standard& s, const ControllerConfig& c, unsigned clock_ratio,
                      const RtlLimits& lim_in) {
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
  // The sums the RTL loads into one timer (write data to PRE or ACT, a read's
  // auto-precharge to ACT, a write's turnaround) are checked against the countdown each
  // loads, which is narrower than these timers: check_countdown_loads, after the per-bank
  // refresh checks (whose message names the refresh interval a sum must fit).
  for (const auto& [name, v] : {std::pair<const char*, unsigned>{"REFI", t.REFI},
                                {"REFIpb", t.REFIpb}}) {
    if (v == 0 || v > lim.refi_max) {
      refuse(s, fmt::format("timing.{}", name), v,
             fmt::format("the RTL controller's refresh interval counter takes 1 to {} tCK",
                         lim.refi_max));
    }
  }
  // Per-bank refresh: one REFpb falls due every tREFIpb, and each waits for its bank's row
  // cycle (tRC after its ACT) and tRRDL after an ACT in its group, then holds every ACT of
  // the PC for tRREFD. Past these the RTL's refresh manager fell behind and the run failed
  // with a false finding (HBM3, random traffic: tREFI violations from tRC 499, tRRDL 353,
  // tRREFD 194 with tREFIpb 195, a deadlock at tRREFD 200; HBM4 alike at tREFIpb 121).
  // Each limit leaves margin (every preset is well within: tRC 90 of tREFIpb 121 on HBM4
  // is the closest); all-bank refresh needs none of them.
  if (c.refresh == RefreshPolicy::PerBank && t.REFIpb > 0) {
    for (const auto& [name, v] : {std::pair<const char*, unsigned>{"RC", t.RC},
                                  {"RRDL", t.RRDL}}) {
      if (v > t.REFIpb) {
        refuse(s, fmt::format("timing.{}", name), v,
               fmt::format("t{} must be at most tREFIpb = {} for per-bank refresh: a REFpb "
                           "falls due every tREFIpb and waits t{} after an ACT {}, so the RTL "
                           "controller's refreshes fall behind (all-bank refresh, --refresh "
                           "allbank, does not need it)", name, t.REFIpb, name,
                           name == std::string("RC") ? "to its bank" : "in its bank group"));
      }
    }
    // A bank's REFpb waits for its write recovery (WL + BL + tWR + tRP after a WRA) and a
    // read's auto-precharge (tRTPL + tRP after an RDA) as for tRC: past tREFIpb the RTL's
    // refreshes fell behind the same way (HBM3, random traffic: tREFI violations from
    // tWR 600 on writes and tRTPL 1000 on reads, both accepted before).
    struct Recovery {
      const char* field;
      uint64_t value, wait;
      const char* sum;
      const char* after;
    };
    const Recovery recoveries[] = {
        {"WR", t.WR, uint64_t(t.WL) + t.BL + t.WR + t.RP, "WL + BL + tWR + tRP",
         "a WRA (write, auto-precharge)"},
        {"RTPL", t.RTPL, uint64_t(t.RTPL) + t.RP, "tRTPL + tRP", "an RDA (read, auto-precharge)"}};
    for (const Recovery& rec : recoveries) {
      if (rec.wait > t.REFIpb) {
        refuse(s, fmt::format("timing.{}", rec.field), rec.value,
               fmt::format("{} = {} must be at most tREFIpb = {} for per-bank refresh: a REFpb "
                           "falls due every tREFIpb and waits that long after {} to its bank, "
                           "so the RTL controller's refreshes fall behind (all-bank refresh, "
                           "--refresh allbank, does not need it)",
                           rec.sum, rec.wait, t.REFIpb, rec.after));
      }
    }
    // Each REFpb, one every tREFIpb, holds every ACT of the PC for tRREFD, and needs its
    // bank precharged, a PRE waiting tPPD after the last: tPPD 127 with tREFIpb 32 or 60
    // (HBM2) fell behind (tREFI violations). Each at most half the interval.
    struct Hold {
      const char* field;
      unsigned value;
      const char* what;
    };
    const Hold holds[] = {{"RREFD", t.RREFD, "holds every ACT of the PC for tRREFD"},
                          {"PPD", t.PPD, "may wait tPPD for its bank's PRE"}};
    for (const Hold& h : holds) {
      if (2ull * h.value > t.REFIpb) {
        refuse(s, fmt::format("timing.{}", h.field), h.value,
               fmt::format("t{} must be at most tREFIpb / 2 = {} / 2 for per-bank refresh: "
                           "each REFpb, one every tREFIpb, {}, which may take at most half "
                           "the time (all-bank refresh, --refresh allbank, does not need it)",
                           h.field, t.REFIpb, h.what));
      }
    }
  }
  check_countdown_loads(s, lim);
  check_rcd_within_rc(s);
  check_pipelined_pick(s, clock_ratio);
  check_auto_precharge_outlasts_column(s, c, clock_ratio);
  check_refresh_fits(s);
  if (t.act_bus_cycles > lim.act_bus_cycles) {
    refuse(s, "timing.act_bus_cycles", t.act_bus_cycles,
           fmt::format("the RTL controller holds the row bus {} tCK per ACT", lim.act_bus_cycles));
  }
  // The RTL's refresh falls due at the end of its interval (tREFI, or a per-bank round)
  // and goes out only then, while the device model wants interval k refreshed by the end
  // of interval k + refresh_postpone_max: at 0 every refresh is late by that rule, and the
  // first loaded tREFI failed (HBM3, any traffic: "bank owes 1 refreshes at cycle 6240").
  if (t.refresh_postpone_max == 0) {
    refuse(s, "timing.refresh_postpone_max", 0,
           "the RTL controller issues a refresh when its interval ends, which a standard "
           "that lets none be postponed already counts as late: at least 1 (JEDEC allows 8; "
           "check-log takes 0)");
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
