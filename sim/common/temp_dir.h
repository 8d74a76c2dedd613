// The temporary directory hbmsim's scratch files go to ($TMPDIR, else /tmp), or a
// ConfigError naming $TMPDIR: std::filesystem::temp_directory_path() throws its own
// exception on a TMPDIR that is no directory, which reached the user as an internal error
// (exit 3, "filesystem error: temp_directory_path: No such file or directory").
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"

namespace hbmsim {

// `why`: what the directory is for, said in the refusal ("a piped standard's copy").
inline std::filesystem::path temporary_directory(const std::string& why) {
  std::error_code ec;
  const std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
  if (!ec) return tmp;
  const char* env = std::getenv("TMPDIR");
  throw ConfigError(fmt::format("no temporary directory for {} (TMPDIR={}: {}); set TMPDIR to "
                                "a directory", why,
                                env ? excerpt(env, 200) : std::string("unset"), ec.message()));
}

}  // namespace hbmsim
