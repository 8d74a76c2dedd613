// Output files (--report, --cmd-log, --wave, bench --json) checked before a run starts,
// so that a path that cannot be written fails in a second instead of after the run.
#pragma once

#include <string>

namespace hbmsim {

// Throws UsageError "FLAG PATH: cannot write: REASON" if PATH (not empty) is a directory,
// lies in a missing or unwritable directory, cannot be opened for writing, or is a
// device or kernel file that refuses data (/dev/full, /proc/version), or a new file on a
// full disk. Leaves an existing file as it was and creates no file.
void check_output_path(const std::string& flag, const std::string& path);

// Throws UsageError "FLAG PATH: cannot write: REASON" if the stream failed.
void check_written(const std::string& flag, const std::string& path, bool ok, int err);

}  // namespace hbmsim
