// What every fuzz target shares: the input as a file (the loaders read paths), and the
// rule that bad input may only end as a ConfigError — any other exception, a crash, a
// sanitizer report, a hang or runaway memory is a finding.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace fuzz {

// A file holding `data`, one per process, rewritten for each input.
inline std::string as_file(const uint8_t* data, size_t size, const char* ext) {
  static const std::string path =
      std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/hbmsim_fuzz_" +
      std::to_string(getpid()) + ext;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size) std::fwrite(data, 1, size, f);
  std::fclose(f);
  return path;
}

}  // namespace fuzz
