// The device model's own table of JEDEC command-to-command rules.
//
// It is written from the standard's definitions, separately from the controller's
// timers in rtl/ctrl/sched/hbm_bank_state.sv: an oracle that shared the controller's table
// could not catch the controller's mistakes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "device/command.h"
#include "standard/standard.h"

namespace hbmsim {

// Which earlier commands a rule looks at, relative to the new command.
enum class RuleScope {
  Bank,      // the same bank
  Group,     // any bank of the same bank group (same SID)
  Sid,       // any bank of the same stack ID in the same PC
  OtherSid,  // any bank of another stack ID in the same PC
  Pc,        // any bank of the same pseudo-channel
  Channel,   // any pseudo-channel of the same channel (shared command buses)
};

const char* scope_name(RuleScope scope);

// "A command in `next` must come at least `min` tCK after the last command in `prev`
// within `scope`."
struct TimingRule {
  std::string name;     // as it appears in errors: "tRCDRD"
  uint32_t prev = 0;    // CmdKind bit mask
  uint32_t next = 0;    // CmdKind bit mask
  RuleScope scope = RuleScope::Bank;
  unsigned min = 0;     // tCK
  std::string formula;  // how min is derived, e.g. "WL + BL + tWR"
};

std::vector<TimingRule> make_timing_rules(const Timing& t);

// Rules the checker enforces beyond the distance table, by name.
inline constexpr const char* kRuleFaw = "tFAW";            // 5th ACT within tFAW of the 1st
inline constexpr const char* kRuleDataBus = "DATA_BUS";    // DQ bursts of a PC overlap
inline constexpr const char* kRuleRefresh = "tREFI";       // more refreshes owed than allowed
inline constexpr const char* kRuleRefreshGap = "9xtREFI";  // a bank unrefreshed too long
inline constexpr const char* kRuleBankOpen = "BANK_OPEN";  // ACT / REF to an open bank
inline constexpr const char* kRuleBankClosed = "BANK_CLOSED";  // RD / WR to a closed bank
inline constexpr const char* kRuleAddress = "ADDRESS";     // a field outside the organisation
inline constexpr const char* kRuleOrder = "ORDER";         // commands out of cycle order
inline constexpr const char* kRuleWriteData = "WRITE_DATA";  // write data missing or unasked

}  // namespace hbmsim
