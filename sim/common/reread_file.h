// Inputs read twice (a trace: every line checked, then replayed; a command log: every
// line checked, then its commands) must be regular files: a pipe's second read finds
// nothing, and the input was refused as an empty one it was not.
#pragma once

#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "common/errors.h"

namespace hbmsim {

// `why` says what reads the input twice. '-', the usual name of standard input, is said
// to be one (it was "-: cannot read trace: No such file or directory"), unless a file of
// that name exists.
inline void require_rereadable(const std::string& path, const std::string& shown,
                               const std::string& why) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (path == "-" && !std::filesystem::exists(st)) {
    throw ConfigError(fmt::format("-: standard input is not taken ({})", why));
  }
  if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    throw ConfigError(fmt::format("{}: not a regular file ({})", shown, why));
  }
}

}  // namespace hbmsim
