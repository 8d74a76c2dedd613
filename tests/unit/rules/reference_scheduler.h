// A tiny command scheduler for tests: random traffic (ACT, RD, WR, auto-precharge,
// PRE, PREA, REFab, REFpb) over many banks, each command placed at the earliest cycle
// its own bookkeeping allows. The bookkeeping is written from the JEDEC meaning of the
// Timing fields, not from make_timing_rules: the checker is what it is tested against.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "device/command.h"
#include "standard/standard.h"

namespace hbmsim::test {

struct ScheduledCommand {
  Command cmd;
  // Constraints, by their JEDEC name, that put the command exactly where it is: one
  // tCK earlier each would be broken. Empty when only cycle order or a constraint
  // this scheduler applies more strictly than JEDEC held it back.
  std::vector<std::string> binding;
};

// Generates `count` commands for `channels` channels of `s`, starting at cycle 0.
// Even PCs refresh all banks (PREA / PRE, then REFab) once per tREFI; odd PCs refresh
// one bank per tREFI / banks (PRE, then REFpb), so every bank is refreshed each tREFI.
std::vector<ScheduledCommand> random_legal_stream(const Standard& s, unsigned channels,
                                                  uint64_t seed, size_t count);

}  // namespace hbmsim::test
