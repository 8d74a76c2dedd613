#include "host/cli/config_input.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
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
  std::ifstream in(file_, std::ios::binary);
  if (!in) return;
  text_.resize(kMaxJsonBytes + 1);
  in.read(text_.data(), std::streamsize(text_.size()));
  text_.resize(size_t(in.gcount()));
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
