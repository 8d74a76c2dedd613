// Small helpers the device-model unit tests share: making commands and comparing them.
#pragma once

#include <ostream>
#include <string>

#include "device/command.h"
#include "standard/standard.h"

namespace hbmsim::test {

// A command at a bank of PC (ch, pc); fields a kind does not use stay zero.
inline Command cmd(CmdKind kind, uint64_t cycle, unsigned sid = 0, unsigned bg = 0,
                   unsigned bank = 0, unsigned ch = 0, unsigned pc = 0) {
  Command c;
  c.kind = kind;
  c.cycle = cycle;
  c.ch = ch;
  c.pc = pc;
  if (targets_bank(kind)) {
    c.sid = sid;
    c.bg = bg;
    c.bank = bank;
  }
  return c;
}

inline bool same_command(const Command& a, const Command& b) {
  return a.cycle == b.cycle && a.ch == b.ch && a.pc == b.pc && a.sid == b.sid &&
         a.bg == b.bg && a.bank == b.bank && a.row == b.row && a.col == b.col &&
         a.kind == b.kind;
}

// Loads the HBM3 preset once per process (every test needs it; parsing is cheap, but
// a broken preset should fail loudly in one place: test_standard_loader).
inline const Standard& hbm3() {
  static const Standard s = load_standard("hbm3");
  return s;
}

}  // namespace hbmsim::test

namespace hbmsim {
// So that failed EXPECTs print commands readably.
inline void PrintTo(const Command& c, std::ostream* os) {
  *os << "cycle " << c.cycle << ": " << describe(c);
}
}  // namespace hbmsim
