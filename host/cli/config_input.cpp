#include "host/cli/config_input.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/excerpt.h"
#include "common/field_lines.h"
#include "common/field_reader.h"
#include "common/json_file.h"
#include "common/temp_dir.h"
#include "host/cli/signal_cleanup.h"

namespace hbmsim {
namespace {

namespace fs = std::filesystem;

// A copy of `text` in the temporary directory (a regular file any process can open),
// listed for removal on SIGINT, SIGTERM or SIGHUP (`entry`): a run or bench stopped by one
// left it behind.
std::string temporary_copy(const std::string& file, const std::string& text, int& entry) {
  std::string path = (temporary_directory(fmt::format("a copy of {} (a pipe or a device)",
                                                     excerpt(file, 200))) /
                      "hbmsim-config-XXXXXX.json").string();
  {
    const SignalsBlocked blocked;   // made and listed with no signal between the two
    const int fd = mkstemps(path.data(), 5);
    if (fd < 0) {
      throw ConfigError(fmt::format("{}: cannot copy it to {}: {}", excerpt(file, 200),
                                    excerpt(path, 200), std::strerror(errno)));
    }
    ::close(fd);
    entry = remove_on_signal(path, false, nullptr);
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) {
    keep_on_signal(entry);
    std::remove(path.c_str());
    throw ConfigError(fmt::format("{}: cannot copy it to {}: write failed", excerpt(file, 200),
                                  excerpt(path, 200)));
  }
  return path;
}

// How long a named pipe may have no writer before it is refused: a writer started just
// before hbmsim ('cat FILE > PIPE &') may not have opened it yet.
constexpr auto kPipeWriterWait = std::chrono::seconds(2);

// Up to `max` bytes of the pipe `file`. open() of a named pipe (mkfifo) waits until a
// writer opens it, and `--standard PIPE` with none never ended (no message, no exit): it
// is opened without waiting, and read once a writer has it open (a read that finds no
// writer returns 0 at once; one that finds a writer but no data yet, EAGAIN). An
// anonymous pipe ('<(CMD)', /dev/stdin) that reads 0 is empty: no writer can come.
std::string read_pipe(const std::string& file, size_t max) {
  const std::string shown = excerpt(file, 200);
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    throw ConfigError(fmt::format("{}: cannot read it: {}", shown, std::strerror(errno)));
  }
  std::string text(max, '\0');
  size_t got = 0;
  auto fail = [&](const std::string& why) {
    ::close(fd);
    throw ConfigError(fmt::format("{}: {}", shown, why));
  };
  struct statfs fs_info {};
  const bool anonymous = ::fstatfs(fd, &fs_info) == 0 && fs_info.f_type == PIPEFS_MAGIC;
  const auto give_up = std::chrono::steady_clock::now() + kPipeWriterWait;
  for (;;) {
    const ssize_t n = ::read(fd, text.data(), max);
    if (n > 0) got = size_t(n);
    if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))) break;
    if (n < 0 && errno != EINTR) fail(fmt::format("cannot read it: {}", std::strerror(errno)));
    if (n == 0 && anonymous) break;
    if (n == 0 && std::chrono::steady_clock::now() >= give_up) {
      fail(fmt::format("a named pipe with no writer (none opened it within {} s, so nothing "
                       "would ever be read from it; start its writer first, e.g. 'cat FILE > "
                       "PIPE &', or give the file)", kPipeWriterWait.count()));
    }
    if (n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // A writer has it: read the rest as any pipe is read, to its end or past the limit.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  while (got < max) {
    const ssize_t n = ::read(fd, text.data() + got, max - got);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(fmt::format("cannot read it: {}", std::strerror(errno)));
    got += size_t(n);
  }
  ::close(fd);
  text.resize(got);
  return text;
}

// What a loader read from a copy, named after the file the user gave.
template <class Loaded>
Loaded named_as_given(Loaded v, const ConfigInput& in) {
  if (in.copied()) {
    v.file = in.file();
    v.key = fs::path(in.file()).stem().string();
  }
  return v;
}

}  // namespace

void refuse_field(const std::string& file, const std::string& field, const std::string& value,
                  const std::string& why) {
  static const nlohmann::json kNoFields = nlohmann::json::object();
  FieldReader(file, kNoFields, "").fail(field, value, why);
}

ConfigInput::ConfigInput(std::string name_or_path, std::string file)
    : file_(std::move(file)), source_(std::move(name_or_path)) {
  std::error_code ec;
  const auto status = fs::status(file_, ec);
  if (ec || fs::is_directory(status)) return;
  if (fs::is_fifo(status)) {
    text_ = read_pipe(file_, kMaxJsonBytes + 1);
  } else {
    std::ifstream in(file_, std::ios::binary);
    if (!in) return;
    text_.resize(kMaxJsonBytes + 1);
    in.read(text_.data(), std::streamsize(text_.size()));
    text_.resize(size_t(in.gcount()));
  }
  lf_line_ends(text_);   // its lines counted as the loaders count them
  // A pipe or a device is read up to one byte past the limit; the loader, given that copy,
  // said "/dev/zero: 1048577 bytes", a size the input never had.
  if (!fs::is_regular_file(status) && text_.size() > kMaxJsonBytes) {
    throw ConfigError(fmt::format("{}: more than {} bytes (a pipe or a device, read until it "
                                  "passed the limit); a standard or model file may have at "
                                  "most {}", excerpt(file_, 200), kMaxJsonBytes, kMaxJsonBytes));
  }
  // A pipe is empty once read: the loader (and a bench's child processes) read a copy.
  if (!fs::is_regular_file(status)) {
    source_ = temporary_copy(file_, text_, signal_entry_);
    copied_ = true;
  }
}

ConfigInput::~ConfigInput() {
  if (!copied_) return;
  keep_on_signal(signal_entry_);   // before it goes: the entry may be listed again
  std::remove(source_.c_str());
}

std::string ConfigInput::located(const std::string& what) const {
  // The loader read the copy and named it, lines included: the user gave file().
  const std::string copy_shown = excerpt(source_, 200);
  if (copied_ && what.rfind(copy_shown, 0) == 0) {
    return excerpt(file_, 200) + what.substr(copy_shown.size());
  }
  // A check of what was loaded (the RTL's limits, the tile's shapes) names no line.
  return with_field_line(what, file_, text_);
}

Standard read_standard(const ConfigInput& in) {
  return named_as_given(in.read([](const std::string& source) { return load_standard(source); }),
                        in);
}

Standard read_standard(const std::string& name_or_path) {
  return read_standard(ConfigInput(name_or_path, standard_file(name_or_path)));
}

ModelPreset read_model(const ConfigInput& in) {
  return named_as_given(in.read([](const std::string& source) { return load_model(source); }),
                        in);
}

}  // namespace hbmsim
