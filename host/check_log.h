// Re-checking a DRAM command log (ours, or any tool's in our CSV
// format) against a standard with the device model's timing checker, no simulation.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "device/command.h"
#include "device/rules/timing_checker.h"
#include "standard/standard.h"

namespace hbmsim {

// Reads a command log: header `cycle,ch,pc,sid,cmd,bg,bank,row,col`, one command per
// line, a field empty where the command does not use it (as sim/cosim/command_log.h
// writes it). Calls `fn` with each command and its line number. Malformed input throws
// ConfigError "FILE:LINE: field 'x' = 'value': reason". Limits: lines of at most 1024
// bytes, cycles of at most 2^48 - 1 (docs/limits.md).
void read_command_log(const std::string& path,
                      const std::function<void(const Command&, uint64_t line)>& fn);

struct LogCheck {
  uint64_t commands = 0;
  std::vector<Violation> violations;   // in the order they are found
};

// Checks every command of the log in order. Refresh deadlines are checked only for
// the PCs the log names, up to the cycle of its last command.
LogCheck check_command_log(const Standard& s, const std::string& path);

// The same, handing each violation to `sink` as it is found, with the log line being
// checked (the command's; for a missed refresh the line whose cycle reached the deadline),
// keeping none: memory stays flat whatever the log's length or the gaps between cycles.
struct LogCount {
  uint64_t commands = 0;
  uint64_t violations = 0;
};
LogCount check_command_log(const Standard& s, const std::string& path,
                           const std::function<void(const Violation&, uint64_t line)>& sink);

}  // namespace hbmsim
