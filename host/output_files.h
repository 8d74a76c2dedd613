// Output files (--report, --cmd-log, --wave, bench --json) checked before a run starts,
// so that a path that cannot be written fails in a second instead of after the run.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hbmsim {

// Throws UsageError "FLAG PATH: cannot write: REASON" if PATH (not empty) is a directory,
// lies in a missing or unwritable directory, cannot be opened for writing, or is a
// device or kernel file that refuses data (/dev/full, /proc/version), a new file on a
// full disk, or a pipe this process itself reads (`<(cmd)`, a piped /dev/stdin). Leaves an existing file as it was and creates no file.
void check_output_path(const std::string& flag, const std::string& path);

// A file named on the command line, with the flag that named it.
struct FlagPath {
  std::string flag;
  std::string path;   // empty: not given
};

// The file an FST waveform is written to for `path` (--wave): Verilator's FST writer
// removes its path and makes a new file there, so a symbolic link is followed here (the
// link stays, its target gets the waveform), and anything but a regular file or a new one
// is refused with UsageError (as root the writer replaced /dev/null with the waveform).
// The writer also keeps the hierarchy in FILE.hier while it writes, removing whatever is
// there first and the file at the end: refused if anything is there, or if it is one of
// `others` (the run's other outputs and inputs), which would be lost.
std::string waveform_file(const std::string& flag, const std::string& path,
                          const std::vector<FlagPath>& others);

// Throws UsageError "FLAG PATH: the same file as FLAG2 PATH2 (...)" if two outputs name
// one file (one would replace the other) or an output names an input (the run would
// destroy it, or read what it writes). Same file: the same device and inode for files
// that exist (symlinks, hard links), else the same canonical path. Devices and pipes
// (/dev/null, a FIFO) may be shared. Also refused: an output that is the regular file the
// standard output or error goes to (`--report /dev/stdout > out.txt`), which hbmsim writes
// too.
void check_outputs_apart(const std::vector<FlagPath>& outputs,
                         const std::vector<FlagPath>& inputs);

// Throws UsageError "FLAG PATH: the same pipe as FLAG2 PATH2 ..." if two inputs are one
// pipe (--standard /dev/stdin --model /dev/stdin): the first read empties it, and the
// second was refused as "/dev/stdin: an empty file", as if the input had been empty.
void check_pipes_apart(const std::vector<FlagPath>& inputs);

// A JSON document as a file's text (indented, newline-ended). Paths are bytes, not always
// UTF-8 (a trace, standard or model file named in Latin-1): such a byte is U+FFFD, where
// dump() threw out of the run uncaught.
std::string json_text(const nlohmann::json& j);

// Throws UsageError "FLAG PATH: cannot write: REASON" if the stream failed.
void check_written(const std::string& flag, const std::string& path, bool ok, int err);

// Writes text to path (--report, --html, bench --json), or throws UsageError "FLAG PATH:
// cannot write: REASON", named by its flag as every output's refusal is. A regular file
// whose write failed part-way is removed ("REASON; the part written is removed").
void write_text_file(const std::string& flag, const std::string& path, const std::string& text);

}  // namespace hbmsim
