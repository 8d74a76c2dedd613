// What the RTL controller can do, checked before a run: a standard or a setting beyond
// it (a timer wider than the RTL's counters, an ACT that holds the row bus longer than
// the RTL assumes, a postponement the standard does not allow, a watermark the write
// buffer never reaches) is refused with the field, the value and the limit — never run
// and then blamed on the controller as a timing violation or an RTL assertion.
#pragma once

#include "controller/controller_config.h"
#include "standard/standard.h"

namespace hbmsim {

// Sizes of the RTL as built (hbm_pkg and the build's queue depths).
struct RtlLimits {
  unsigned timer_max = 4095;        // TimerW = 12 bits
  // The per-bank countdowns (hbm_pkg's BankActW, BankPreW, BankRcdW): what loads each.
  unsigned bank_act_max = 1023;     // tRC, tRP, tRFCpb, RTPL + RP, WL + BL + WR + RP
  unsigned bank_pre_max = 255;      // tRAS, WL + BL + WR, tRTPL
  unsigned bank_rcd_max = 127;      // tRCDRD, tRCDWR
  // The group, stack-ID, tFAW and PC countdowns but tRFC's (hbm_pkg's ShortW).
  unsigned short_max = 127;         // tRRDL tCCDL tCCDR tFAW tRRDS tRREFD tCCDS tRTW tPPD tRPab, WL + BL + tWTRL / tWTRS
  unsigned refi_max = 65535;        // RefiW = 16 bits
  unsigned act_bus_cycles = 2;      // an ACT holds the row bus into the next tCK
  unsigned write_buffer = 64;       // HBMSIM_WDEPTH queued + HBMSIM_WSTAGE staged writes
  unsigned postpone_max = 8;        // the refresh manager's debt limit
  unsigned pcs_per_channel = 2;     // hbm_channel: 2 PCs on one row and one column bus
};

// The controller's form as built (CMake's HBMSIM_LISTS and HBMSIM_PIPE; hbm_pc_ctrl's Lists
// and Pipe), which the report names: the two forms schedule differently.
struct RtlForm {
  bool lists = false;   // the queue as per-bank lists: within a bank and direction, in arrival order
  bool pipe = false;    // the pick a tCK ahead, commands from a register
  const char* queue() const { return lists ? "per-bank lists" : "pooled"; }
  const char* pick() const { return pipe ? "pipelined" : "single-cycle"; }
};
RtlForm rtl_form();

// Throws ConfigError naming the standard's file and field, or the flag, with the value
// and the limit. clock_ratio: tCK per controller clock (1 or 2).
void check_rtl_limits(const Standard& s, const ControllerConfig& c, unsigned clock_ratio = 1,
                      const RtlLimits& lim = {});

}  // namespace hbmsim
