#include "host/config_input.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/excerpt.h"
#include "common/field_reader.h"
#include "common/json_file.h"

namespace hbmsim {
namespace {

namespace fs = std::filesystem;

// Lines of each key of a JSON text, by the key's path as the loaders name fields
// ("timing.WR", "a[2].b", shown as excerpt() shows it); a key given twice has both
// lines; "" is the top-level object. The text may be invalid past a key given twice
// (the parser stops there): the scan never fails, it only finds fewer keys.
using KeyLines = std::map<std::string, std::vector<size_t>>;

// Index of the quote closing the string that opens at `open` (or the text's last byte).
size_t string_end(const std::string& text, size_t open) {
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i;
  }
  return text.size() - 1;
}

std::string decoded_key(const std::string& quoted) {
  try {
    return nlohmann::json::parse(quoted).get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return quoted.substr(1, quoted.size() - 2);
  }
}

KeyLines key_lines(const std::string& text) {
  struct Frame {
    bool object;
    std::string path;
    std::string key_path;    // the path of the key whose value comes next (object)
    size_t index = 0;        // the next element's index (array)
    bool expect_key = true;  // the next string is a key (object)
  };
  KeyLines lines;
  std::vector<Frame> open;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    switch (text[i]) {
      case '\n': ++line; break;
      case '{':
      case '[': {
        std::string path;
        if (open.empty()) {
          if (text[i] == '{') lines[""].push_back(line);
        } else {
          const Frame& f = open.back();
          path = f.object ? f.key_path : fmt::format("{}[{}]", f.path, f.index);
        }
        open.push_back({text[i] == '{', std::move(path), ""});
        break;
      }
      case '}':
      case ']':
        if (!open.empty()) open.pop_back();
        break;
      case ',':
        if (!open.empty() && open.back().object) open.back().expect_key = true;
        else if (!open.empty()) ++open.back().index;
        break;
      case '"': {
        const size_t end = string_end(text, i);
        if (!open.empty() && open.back().object && open.back().expect_key) {
          Frame& f = open.back();
          const std::string key = decoded_key(text.substr(i, end - i + 1));
          f.key_path = f.path.empty() ? key : f.path + "." + key;
          f.expect_key = false;
          lines[excerpt(f.key_path, 80)].push_back(line);
        }
        i = end;
        break;
      }
      default: break;
    }
  }
  return lines;
}

// The line of the field a message names after "field '" (`quoted`: the rest of the
// message): its key's (the second of a key given twice), else that of the object it
// is missing from; 0 if neither is in the text.
size_t field_line(const KeyLines& lines, const std::string& quoted) {
  // A key may hold a quote itself: try each quote as the closing one.
  for (size_t q = quoted.find('\''); q != std::string::npos; q = quoted.find('\'', q + 1)) {
    const auto it = lines.find(quoted.substr(0, q));
    if (it != lines.end()) return it->second.size() > 1 ? it->second[1] : it->second[0];
  }
  std::string path = quoted.substr(0, quoted.find('\''));
  while (!path.empty()) {
    const size_t cut = path.find_last_of(".[");
    path = cut == std::string::npos ? "" : path.substr(0, cut);
    const auto it = lines.find(path);
    if (it != lines.end()) return it->second[0];
  }
  return 0;
}

// A copy of `text` in the temporary directory (a regular file any process can open).
std::string temporary_copy(const std::string& file, const std::string& text) {
  std::string path = (fs::temp_directory_path() / "hbmsim-config-XXXXXX.json").string();
  const int fd = mkstemps(path.data(), 5);
  if (fd < 0) {
    throw ConfigError(fmt::format("{}: cannot copy it to {}: {}", excerpt(file, 200),
                                  excerpt(path, 200), std::strerror(errno)));
  }
  ::close(fd);
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) {
    std::remove(path.c_str());
    throw ConfigError(fmt::format("{}: cannot copy it to {}: write failed", excerpt(file, 200),
                                  excerpt(path, 200)));
  }
  return path;
}

// Per-bank refresh gives each bank one REFpb per round of tREFIpb x banks tCK (the RTL's
// refresh manager, rtl/ctrl/hbm_refresh.sv); the device model credits a refresh one
// tREFI and lets at most refresh_postpone_max be owed (sim/device/timing_checker.cpp). A
// round longer than tREFI leaves the debt growing until the run fails on tREFI.
void check_refresh_keeps_up(const Standard& s) {
  const Timing& t = s.t;
  const unsigned banks = s.org.banks_per_pc();
  const uint64_t round = uint64_t(t.REFIpb) * banks;
  if (round <= t.REFI) return;
  refuse_field(s.file, "timing.REFIpb", std::to_string(t.REFIpb),
               fmt::format("REFIpb x banks per PC = {} x {} = {} tCK exceeds timing.REFI = {}: "
                           "per-bank refresh would refresh each bank less than once per "
                           "tREFI (the device model's tREFI rule); at most REFI / banks = {}",
                           t.REFIpb, banks, round, t.REFI, t.REFI / banks));
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
  // A pipe is empty once read: the loader (and a bench's child processes) read a copy.
  if (!fs::is_regular_file(status)) {
    source_ = temporary_copy(file_, text_);
    copied_ = true;
  }
}

ConfigInput::~ConfigInput() {
  if (copied_) std::remove(source_.c_str());
}

std::string ConfigInput::located(const std::string& what) const {
  std::string msg = what;
  const std::string copy_shown = excerpt(source_, 200), file_shown = excerpt(file_, 200);
  if (copied_ && msg.rfind(copy_shown, 0) == 0) msg = file_shown + msg.substr(copy_shown.size());
  // The loaders name the file as excerpt() shows it; the RTL's limits as it is.
  for (const std::string& shown : {file_shown, file_}) {
    const std::string field = shown + ": field '";
    if (msg.rfind(field, 0) != 0) continue;
    const size_t line = field_line(key_lines(text_), msg.substr(field.size()));
    if (line == 0) break;
    return fmt::format("{}:{}{}", shown, line, msg.substr(shown.size()));
  }
  return msg;
}

Standard read_standard(const ConfigInput& in) {
  const Standard s =
      named_as_given(in.read([](const std::string& source) { return load_standard(source); }), in);
  in.read([&s](const std::string&) { check_refresh_keeps_up(s); });
  return s;
}

Standard read_standard(const std::string& name_or_path) {
  return read_standard(ConfigInput(name_or_path, standard_file(name_or_path)));
}

ModelPreset read_model(const ConfigInput& in) {
  return named_as_given(in.read([](const std::string& source) { return load_model(source); }),
                        in);
}

}  // namespace hbmsim
