// Checks every DRAM command against the standard's rules and bank state.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "device/command.h"
#include "device/rules/timing_rules.h"
#include "standard/standard.h"

namespace hbmsim {

struct Violation {
  uint64_t cycle = 0;
  Command cmd;                  // the offending command (or the owing bank for tREFI)
  std::string rule;
  unsigned min = 0;             // the rule's minimum distance (tCK), or limit
  uint64_t actual = 0;          // what was found
  std::optional<Command> earlier{};
  std::string detail{};         // rule-specific explanation
  std::string subject{};        // overrides describe(cmd) when no command is at fault

  // One line: cycle, command, rule, its minimum and the earlier command.
  std::string message() const;
};

// Bank state and command history of a whole stack, checked command by command.
// Commands must arrive in non-decreasing cycle order.
class TimingChecker {
 public:
  TimingChecker(const Standard& std, unsigned num_pcs);

  // Checks and applies one command. Returns the first rule it breaks, if any; the
  // command is applied either way, so checking goes on after a violation. The refresh
  // deadline is not checked here: call advance() as time passes.
  std::optional<Violation> check(const Command& cmd);
  // The same, reporting every rule the command breaks (check-log), each once.
  std::vector<Violation> check_all(const Command& cmd);

  // Time has reached `cycle` (end of a tCK with or without commands): reports a bank
  // whose refresh became overdue, once for all the intervals it missed up to `cycle`
  // (the detail counts them), so a long gap costs one report per PC, not one per tREFI;
  // or a bank left more than 9 x tREFI since its last refresh (JEDEC's limit on the
  // interval, which pull-in followed by postponement could otherwise stretch).
  std::optional<Violation> advance(uint64_t cycle);

  // Which PCs (by pc_index) have their refresh deadline checked; all by default. A log
  // of a run that used one PC must not report the other PCs as never refreshed.
  void watch_refresh(const std::vector<bool>& pcs);

  // The command names a channel, PC and bank (and row or column) that exist.
  bool addressable(const Command& c) const { return !check_address(c); }

  const std::vector<TimingRule>& rules() const { return rules_; }
  uint64_t commands_checked() const { return checked_; }

  // Bank state, for the device's data path.
  bool is_open(unsigned pc_index, unsigned bank_index) const;
  unsigned open_row(unsigned pc_index, unsigned bank_index) const;
  // Refreshes the most behind bank of a PC owes at `cycle`.
  int64_t refreshes_owed(unsigned pc_index, uint64_t cycle) const;

  unsigned pc_index(const Command& c) const { return c.ch * pcs_per_channel_ + c.pc; }
  unsigned bank_index(const Command& c) const;
  unsigned group_index(const Command& c) const { return c.sid * org_.bankgroups + c.bg; }

 private:
  struct Stamp {
    bool valid = false;
    Command cmd;
  };
  using History = std::array<Stamp, kNumCmdKinds>;  // the last command of each kind
  // The first cycle each kind of command may come by the distance rules of one scope
  // instance: the largest earlier.cycle + min over its history. The histories name the
  // rule and the earlier command when a rule is broken; this answers "is any broken" in
  // a few loads, since a command at or after its ready cycle breaks none of them.
  using Ready = std::array<uint64_t, kNumCmdKinds>;

  struct Bank {
    bool open = false;
    unsigned row = 0;
  };

  struct Pc {
    std::vector<Bank> banks;
    std::vector<History> bank_hist, group_hist, sid_hist;
    History pc_hist;
    std::vector<Ready> bank_ready, group_ready, sid_ready;
    std::vector<Ready> other_sid_ready;   // by the new command's stack ID: the others' commands
    Ready pc_ready{};
    std::array<Stamp, 4> acts;     // last four ACTs, oldest at acts_next
    unsigned acts_next = 0;
    std::vector<int64_t> refreshed;  // refreshes credited per bank
    int64_t min_refreshed = 0;
    std::vector<uint64_t> last_ref;  // cycle of each bank's last refresh (0: power-up)
    uint64_t oldest_ref = 0;         // the smallest of them
    Stamp last_refresh;
    Stamp data_owner;              // column command whose burst ends last
    uint64_t data_end = 0;         // first tCK the PC's DQ is free
  };

  std::optional<Violation> check_address(const Command& c) const;
  std::optional<Violation> check_order(const Command& c) const;
  std::optional<Violation> check_refresh_late(const Command& c, const Pc& pc) const;
  Violation gap_violation(unsigned i, unsigned bank, uint64_t since, uint64_t at,
                          uint64_t gap, unsigned over) const;
  std::optional<Violation> check_state(const Command& c, const Pc& pc) const;
  std::optional<Violation> check_distances(const Command& c, const Pc& pc,
                                           std::vector<Violation>* all) const;
  bool distances_clear(const Command& c, const Pc& pc) const;
  void raise_ready(const Command& c, Pc& pc);
  std::optional<Violation> check_faw(const Command& c, const Pc& pc) const;
  std::optional<Violation> check_data_bus(const Command& c, const Pc& pc) const;
  const History* history(RuleScope scope, const Command& c, const Pc& pc, unsigned sid) const;
  void apply(const Command& c, Pc& pc);
  void credit_refresh(Pc& pc, unsigned bank, uint64_t cycle);
  uint64_t refresh_deadline(const Pc& pc) const;
  std::optional<Violation> refresh_debt(unsigned pc_index, uint64_t cycle);
  std::optional<Violation> refresh_gap(unsigned pc_index, uint64_t cycle);
  Command owing_bank(unsigned pc_index, unsigned bank, uint64_t cycle) const;
  uint64_t first_refresh_report() const;
  // JEDEC's limit on the tCK between two refreshes of a bank: 9 x tREFI.
  uint64_t refresh_gap_limit() const { return 9 * uint64_t(t_.REFI); }

  Organisation org_;
  Timing t_;
  unsigned pcs_per_channel_;
  std::vector<TimingRule> rules_;
  std::array<std::vector<const TimingRule*>, kNumCmdKinds> rules_for_;    // by next kind
  // What a command of each kind adds to the ready cycles, by scope: for each later kind
  // a rule of that scope names, the largest minimum of those rules.
  static constexpr unsigned kScopes = static_cast<unsigned>(RuleScope::Channel) + 1;
  struct Raise {
    struct Step {
      uint8_t kind;
      uint32_t min;
    };
    std::array<std::array<Step, kNumCmdKinds>, kScopes> steps{};
    std::array<uint8_t, kScopes> count{};

    void add(const TimingRule& r);   // a rule whose earlier kinds include this one
  };
  std::array<Raise, kNumCmdKinds> raise_after_;   // by the earlier command's kind
  std::vector<Pc> pcs_;
  std::vector<bool> refresh_watched_;
  std::vector<History> channel_hist_;
  std::vector<Ready> channel_ready_;
  uint64_t last_cycle_ = 0;
  // advance() has nothing to report before this cycle: the earliest refresh deadline or
  // gap limit of the watched PCs when it last looked. Only a refresh (or a report, or
  // another set of watched PCs) moves those, and it sets this back to 0.
  uint64_t refresh_quiet_until_ = 0;
  uint64_t checked_ = 0;
};

}  // namespace hbmsim
