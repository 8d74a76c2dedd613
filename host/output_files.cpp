#include "host/output_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"

namespace hbmsim {
namespace {

[[noreturn]] void refuse(const std::string& flag, const std::string& path, const char* why) {
  // The path cut to an excerpt: a path of thousands of characters left no room for the
  // reason in the line ("File name too long" was cut off).
  throw UsageError(fmt::format("{} {}: cannot write: {}", flag, path_excerpt(path), why));
}

// Keeps a named pipe's write end open until the process ends. Closed, it was the pipe's
// only writer: its reader (`cat FIFO`) took the close for the end of the output and left,
// and the run's own open of the pipe, at the end of the run, waited for a reader forever.
void hold_open(int fd) {
  static std::vector<int> held;   // closed by the process's exit, never earlier
  held.push_back(fd);
}

// The file writing `path` creates when nothing is there: `path`, or the file a dangling
// symbolic link leads to (open follows the link and creates its target; the kernel
// follows at most 40 links).
std::string created_path(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path p = path;
  std::error_code ec;
  for (int hop = 0; hop < 40 && fs::is_symlink(fs::symlink_status(p, ec)); ++hop) {
    const fs::path target = fs::read_symlink(p, ec);
    if (ec) break;
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
  return p.string();
}

// What makes two paths one file: device and inode if it exists, else where the path
// leads once its existing directories' symlinks, and a dangling link's own, are resolved.
struct FileId {
  bool exists = false;
  bool shareable = false;   // a device or a pipe: writers may share it
  dev_t dev = 0;
  ino_t ino = 0;
  std::string canonical;
};

FileId file_id(const std::string& path) {
  namespace fs = std::filesystem;
  FileId id;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    id.exists = true;
    id.shareable = S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
    id.dev = st.st_dev;
    id.ino = st.st_ino;
  }
  std::error_code ec;
  const fs::path abs = fs::absolute(id.exists ? path : created_path(path), ec);
  const fs::path canonical = ec ? fs::path(path) : fs::weakly_canonical(abs, ec);
  id.canonical = (ec ? abs.lexically_normal() : canonical).string();
  return id;
}

bool same_file(const FileId& a, const FileId& b) {
  if (a.shareable || b.shareable) return false;
  if (a.exists && b.exists) return a.dev == b.dev && a.ino == b.ino;
  return a.canonical == b.canonical;
}

// The standard output and error, when redirected to a file: the summary (bench's table)
// and the notes and problems are written there at the stream's own offset, and an output
// of the same file at its own. `run --report /dev/stdout > out.txt` had the summary
// overwrite the report's first lines, bench's JSON truncated its table away, and the
// waveform writer replaced the file, each with exit 0. A pipe or a terminal is no file:
// shared as before (`--report /dev/stdout --quiet | jq`).
void check_apart_from_streams(const FlagPath& out, const FileId& id) {
  if (!id.exists) return;   // the streams' files exist
  for (const auto& [fd, stream] : {std::pair<int, const char*>{1, "standard output"},
                                   std::pair<int, const char*>{2, "standard error"}}) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (st.st_dev != id.dev || st.st_ino != id.ino) continue;
    std::error_code ec;
    const std::string file =
        std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd), ec).string();
    throw UsageError(fmt::format("{} {}: the same file as the {} ({}), which hbmsim writes to "
                                 "as well (one would overwrite the other); give {} another "
                                 "path, or redirect the {} elsewhere", out.flag,
                                 path_excerpt(out.path), stream,
                                 ec ? "fd " + std::to_string(fd) : path_excerpt(file), out.flag,
                                 stream));
  }
}

// The descriptor by which this process reads the pipe `st` names, or -1. Such a pipe
// has a reader, so the check's open below lets it by; but the reader is hbmsim, which
// never reads it: `--cmd-log <(cmd)` (for '>(cmd)') or /dev/stdin on a piped input filled
// the pipe with the command log and the run waited forever.
int own_read_end(const struct stat& st) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const int fd = std::stoi(name);
    struct stat fd_st {};
    if (::fstat(fd, &fd_st) != 0 || fd_st.st_dev != st.st_dev || fd_st.st_ino != st.st_ino) {
      continue;
    }
    const int mode = ::fcntl(fd, F_GETFL);
    if (mode >= 0 && (mode & O_ACCMODE) == O_RDONLY) return fd;
  }
  return -1;
}

// Removes the regular file `path` leads to (through a symbolic link: the file written, not
// the link); a device or a pipe is left. True if a file was removed.
bool remove_written_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::canonical(path, ec);
  return !ec && ::unlink(file.c_str()) == 0;
}

}  // namespace

void check_outputs_apart(const std::vector<FlagPath>& outputs,
                         const std::vector<FlagPath>& inputs) {
  std::vector<std::pair<const FlagPath*, FileId>> seen;   // outputs checked so far
  for (const FlagPath& out : outputs) {
    if (out.path.empty()) continue;
    const FileId id = file_id(out.path);
    check_apart_from_streams(out, id);
    for (const FlagPath& in : inputs) {
      if (!in.path.empty() && same_file(id, file_id(in.path))) {
        throw UsageError(fmt::format("{} {}: the same file as {} {} (the output would "
                                     "overwrite the input)", out.flag, path_excerpt(out.path),
                                     in.flag, path_excerpt(in.path)));
      }
    }
    for (const auto& [other, other_id] : seen) {
      if (same_file(id, other_id)) {
        throw UsageError(fmt::format("{} {}: the same file as {} {} (one output would "
                                     "overwrite the other)", out.flag, path_excerpt(out.path),
                                     other->flag, path_excerpt(other->path)));
      }
    }
    seen.emplace_back(&out, id);
  }
}

void check_pipes_apart(const std::vector<FlagPath>& inputs) {
  std::vector<std::pair<const FlagPath*, struct stat>> pipes;
  for (const FlagPath& in : inputs) {
    struct stat st {};
    if (in.path.empty() || ::stat(in.path.c_str(), &st) != 0) continue;
    if (!S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode)) continue;
    for (const auto& [other, other_st] : pipes) {
      if (other_st.st_dev == st.st_dev && other_st.st_ino == st.st_ino) {
        throw UsageError(fmt::format("{} {}: the same pipe as {} {}, which reads it first and "
                                     "leaves it empty; give one of them as a file",
                                     in.flag, path_excerpt(in.path), other->flag,
                                     path_excerpt(other->path)));
      }
    }
    pipes.emplace_back(&in, st);
  }
}

void check_output_path(const std::string& flag, const std::string& path) {
  if (path.empty()) return;
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && errno == ELOOP) refuse(flag, path, std::strerror(ELOOP));
  if (exists && S_ISDIR(st.st_mode)) refuse(flag, path, std::strerror(EISDIR));
  const int own = exists && S_ISFIFO(st.st_mode) ? own_read_end(st) : -1;
  if (own >= 0) {
    refuse(flag, path, fmt::format("a pipe whose read end is hbmsim's own (its fd {}), so "
                                   "nothing reads what the run writes there and the run would "
                                   "wait forever once it is full (an output sent to a command "
                                   "is '>(CMD)', not '<(CMD)'; or give a file)", own).c_str());
  }
  // open() says "Is a directory" of a new name ending in '/' (report.json/): there is none.
  if (!exists && errno == ENOENT && path.back() == '/') {
    refuse(flag, path, "the path ends in '/', which names a directory; expected a file's path");
  }
  // A new file is made where a dangling symlink points: O_EXCL refuses the link itself
  // ("File exists"), though the run's write would follow it and create its target.
  const std::string file = exists ? path : created_path(path);
  // O_APPEND: an existing file keeps its contents until the run writes it; O_NONBLOCK: a
  // FIFO without a reader is refused (ENXIO) rather than waited for.
  const int flags = O_WRONLY | O_APPEND | O_NONBLOCK | O_CLOEXEC | (exists ? 0 : O_CREAT | O_EXCL);
  const int fd = ::open(file.c_str(), flags, 0644);
  // ENXIO alone ("No such device or address") did not say what to do.
  if (fd < 0 && errno == ENXIO && exists && S_ISFIFO(st.st_mode)) {
    refuse(flag, path, "a named pipe with no reader (start its reader first, e.g. 'cat PIPE &', "
                       "or give a file)");
  }
  if (fd < 0) refuse(flag, path, std::strerror(errno));
  // One byte as a probe where it leaves no trace: a new file (a full disk refuses it), an
  // empty one (truncated again; kernel files under /proc are empty and refuse writes),
  // a device that is not a terminal (/dev/full refuses it, /dev/null takes it). Other
  // files and pipes are not written until the run does.
  const bool empty_file = exists && S_ISREG(st.st_mode) && st.st_size == 0;
  const bool device = exists && S_ISCHR(st.st_mode) && !::isatty(fd);
  int err = 0;
  if (!exists || empty_file || device) {
    errno = 0;
    if (::write(fd, "\n", 1) != 1) err = errno ? errno : EIO;
    if (empty_file && !err && ::ftruncate(fd, 0) != 0) err = errno;
  }
  if (exists && S_ISFIFO(st.st_mode)) {
    hold_open(fd);
    return;
  }
  ::close(fd);
  if (!exists) ::unlink(file.c_str());
  if (err) refuse(flag, path, std::strerror(err));
}

std::string waveform_file(const std::string& flag, const std::string& path,
                          const std::vector<FlagPath>& others) {
  if (path.empty()) return path;
  const std::string file = created_path(path);
  struct stat st {};
  // The path given is what stat follows: a descriptor's link (/dev/stdout, /dev/fd/N) to a
  // pipe reads 'pipe:[INODE]', no path, and the file followed to it was found missing, so
  // the pipe was let by and the writer failed to open '/proc/self/fd/pipe:[INODE]'.
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    throw UsageError(fmt::format("{} {}: not a regular file: the waveform writer removes the "
                                 "file and makes a new one in its place, which a device or a "
                                 "pipe must not be; give a file's path, or leave out {}", flag,
                                 path_excerpt(path), flag));
  }
  // fstWriterCreate unlinks and reopens FILE.hier, and fstWriterClose unlinks it: a file
  // there was deleted without a word (another output named so was gone after a passing
  // run), and a directory there left the waveform empty, reported after the run as an
  // incomplete waveform ("was the disk full?").
  const std::string hier = file + ".hier";
  const FileId hier_id = file_id(hier);
  for (const FlagPath& other : others) {
    if (!other.path.empty() && same_file(hier_id, file_id(other.path))) {
      throw UsageError(fmt::format("{} {}: the waveform writer keeps {} {}'s hierarchy in {} "
                                   "while it writes and removes it at the end; give {} "
                                   "another path", other.flag, path_excerpt(other.path), flag,
                                   path_excerpt(path), path_excerpt(hier), other.flag));
    }
  }
  if (::lstat(hier.c_str(), &st) == 0) {
    throw UsageError(fmt::format("{} {}: {} exists: the waveform writer keeps the hierarchy "
                                 "there while it writes, removing what is there first and the "
                                 "file at the end; move it away or give {} another path", flag,
                                 path_excerpt(path), path_excerpt(hier), flag));
  }
  return file;
}

void check_written(const std::string& flag, const std::string& path, bool ok, int err) {
  if (!ok) refuse(flag, path, err ? std::strerror(err) : "write failed");
}

void write_text_file(const std::string& flag, const std::string& path, const std::string& text) {
  errno = 0;
  std::ofstream out(path);
  check_written(flag, path, bool(out), errno);
  out << text;
  out.close();   // a full device fails here, not at the open
  if (!out.fail()) return;
  const int err = errno;
  // A file cut short (a full disk: the head of a page, a report cut mid-key) was left in
  // place of the earlier run's, for the next reader to take as this run's whole output.
  if (remove_written_file(path)) {
    refuse(flag, path, fmt::format("{}; the part written is removed",
                                   err ? std::strerror(err) : "write failed").c_str());
  }
  check_written(flag, path, false, err);
}

std::string json_text(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace hbmsim
