// A DRAM command as it crosses the HBM command buses, and the names the logs use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hbmsim {

enum class CmdKind : uint8_t { ACT, PRE, PREA, RD, RDA, WR, WRA, REFab, REFpb };
constexpr unsigned kNumCmdKinds = 9;

const char* cmd_name(CmdKind kind);
std::optional<CmdKind> parse_cmd(std::string_view name);

constexpr uint32_t bit(CmdKind k) { return 1u << static_cast<unsigned>(k); }
constexpr bool is_read(CmdKind k) { return k == CmdKind::RD || k == CmdKind::RDA; }
constexpr bool is_write(CmdKind k) { return k == CmdKind::WR || k == CmdKind::WRA; }
constexpr bool is_column(CmdKind k) { return is_read(k) || is_write(k); }
constexpr bool is_row(CmdKind k) { return !is_column(k); }
// Does the command name one bank (as opposed to all banks of the PC)?
constexpr bool targets_bank(CmdKind k) { return k != CmdKind::PREA && k != CmdKind::REFab; }
constexpr bool auto_precharges(CmdKind k) { return k == CmdKind::RDA || k == CmdKind::WRA; }

struct Command {
  uint64_t cycle = 0;   // tCK since reset
  unsigned ch = 0;      // channel
  unsigned pc = 0;      // pseudo-channel within the channel
  unsigned sid = 0;     // stack ID
  unsigned bg = 0;      // bank group within the SID
  unsigned bank = 0;    // bank within the group
  unsigned row = 0;     // ACT only
  unsigned col = 0;     // RD / WR only
  CmdKind kind = CmdKind::ACT;
};

// "RD ch0 pc1 sid0 bg2 ba3 col 17": what a person needs to find the command.
std::string describe(const Command& c);

}  // namespace hbmsim
