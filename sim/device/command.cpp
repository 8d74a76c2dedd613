#include "device/command.h"

#include <array>

#include <fmt/format.h>

namespace hbmsim {
namespace {
constexpr std::array<const char*, kNumCmdKinds> kNames = {
    "ACT", "PRE", "PREA", "RD", "RDA", "WR", "WRA", "REFab", "REFpb"};
}

const char* cmd_name(CmdKind kind) { return kNames[static_cast<unsigned>(kind)]; }

std::optional<CmdKind> parse_cmd(std::string_view name) {
  for (unsigned i = 0; i < kNumCmdKinds; ++i) {
    if (name == kNames[i]) return static_cast<CmdKind>(i);
  }
  return std::nullopt;
}

std::string describe(const Command& c) {
  std::string s = fmt::format("{} ch{} pc{}", cmd_name(c.kind), c.ch, c.pc);
  if (targets_bank(c.kind)) s += fmt::format(" sid{} bg{} ba{}", c.sid, c.bg, c.bank);
  if (c.kind == CmdKind::ACT) s += fmt::format(" row {}", c.row);
  if (is_column(c.kind)) s += fmt::format(" col {}", c.col);
  return s;
}

}  // namespace hbmsim
