// Parses a configuration file's JSON (a standard, a model) with the limits every such
// file shares: at most kMaxJsonBytes read, nesting at most kMaxJsonDepth (refused while
// parsing: a deep structure would only cost stack later), numbers within a double, no
// key given twice in one object, no NUL byte, read errors named. Problems come out as
// ConfigError "FILE: reason".
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <istream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/excerpt.h"
#include "common/iequals.h"

namespace hbmsim {

// Objects or arrays one inside another; the presets nest 2 (the file's object and its
// `timing`, say).
inline constexpr int kMaxJsonDepth = 16;
// The standards' and models' size limit; their loaders name it for a regular file, this
// stops a stream that is not one (a pipe, /dev/zero) from being read without end.
inline constexpr size_t kMaxJsonBytes = size_t(1) << 20;

namespace json_file_detail {

// Where the parser is: one frame per open object or array, so a key can be checked
// against its object's other keys and named by its whole path ("timing.RC").
class KeyTracker {
 public:
  using json = nlohmann::json;

  // nlohmann's parser_callback_t; throws ConfigError (the caller adds the file).
  bool operator()(int depth, json::parse_event_t event, json& parsed) {
    using E = json::parse_event_t;
    // `depth` counts the containers around the event, so a container's start is one level
    // more: checked on the depth alone, 17 empty arrays one inside another passed.
    const bool opens = event == E::object_start || event == E::array_start;
    if (depth + (opens ? 1 : 0) > kMaxJsonDepth) {
      throw ConfigError(fmt::format("nested deeper than {} levels", kMaxJsonDepth));
    }
    switch (event) {
      case E::object_start:
      case E::array_start: {
        std::string path = open_.empty() ? "" : child_path(open_.back());
        open_.push_back({event == E::object_start, std::move(path), {}, {}, 0});
        break;
      }
      case E::key: {
        // nlohmann keeps the last of two equal keys: the first would be lost unseen.
        Frame& f = open_.back();
        f.key = parsed.get<std::string>();
        for (const std::string& k : f.keys) {
          if (k == f.key) {
            throw ConfigError(fmt::format("field '{}': given twice (a key may appear "
                                          "once per object)", excerpt(join(f.path, f.key), 80)));
          }
        }
        f.keys.push_back(f.key);
        break;
      }
      case E::value:
        if (!open_.empty() && !open_.back().object) child_path(open_.back());  // count it
        break;
      case E::object_end:
      case E::array_end: open_.pop_back(); break;
    }
    return true;
  }

 private:
  struct Frame {
    bool object;
    std::string path;
    std::vector<std::string> keys;   // a config object has a few dozen: a scan is enough
    std::string key;                 // the key whose value comes next
    size_t index;                    // the next element's index, in an array
  };

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  // The path of the next value in `f` (an array counts it).
  static std::string child_path(Frame& f) {
    if (f.object) return join(f.path, f.key);
    return fmt::format("{}[{}]", f.path, f.index++);
  }

  std::vector<Frame> open_;
};

// "line L, column C" of byte `at` of `text`, 1-based as nlohmann counts them.
inline std::string position(const std::string& text, size_t at) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  return fmt::format("line {}, column {}", line, column);
}

}  // namespace json_file_detail

// The file a configuration flag names: a name without a slash or a .json extension is a
// preset in `dir` (--standard hbm3, --model llama2-7b), anything else a path.
inline std::string config_file(const std::string& dir, const std::string& name_or_path) {
  const bool json_ext = name_or_path.size() > 5 &&
                        name_or_path.compare(name_or_path.size() - 5, 5, ".json") == 0;
  if (name_or_path.find('/') != std::string::npos || json_ext) return name_or_path;
  return dir + "/" + name_or_path + ".json";
}

// What follows "cannot open <kind> 'NAME'" when a path was given (not a preset's name):
// the OS's reason (`err`, errno of the open), as a missing --trace gets; "cannot open
// standard './nope.json'" alone did not say that the file is not there.
inline std::string unopened_reason(const std::string& name_or_path, const std::string& file,
                                   int err) {
  return file == name_or_path && err ? fmt::format(": {}", std::strerror(err)) : "";
}

// Said after the known presets when a preset's name opened nothing. A bare name (no '/',
// no .json) is a preset's name, so a file of that name in the working directory
// ("--standard mystd") was refused as an unknown preset without a word about it: the note
// says how to give it. A directory of that name is called one: it was "./d is a file here,
// ... give it as ./d", which then failed as a directory; the flag is named, as the kind's
// (--standard, --model). A preset's file that exists but could not be opened gets the reason.
inline std::string unopened_note(const std::string& kind, const std::string& name_or_path,
                                 const std::string& file, int err) {
  if (file == name_or_path) return "";   // a path: unopened_reason said why
  std::error_code ec;
  if (std::filesystem::is_directory(name_or_path, ec)) {
    return fmt::format("; ./{} is a directory here, which --{} cannot read: it takes a "
                       "preset's name or a {}'s JSON file", excerpt(name_or_path, 200), kind,
                       kind);
  }
  if (std::filesystem::exists(name_or_path, ec)) {
    return fmt::format("; ./{} is a file here, but a name without '/' or .json names a "
                       "preset: give it as ./{} to read it", excerpt(name_or_path, 200),
                       excerpt(name_or_path, 200));
  }
  if (err && err != ENOENT) return fmt::format("; {}", std::strerror(err));
  return "";
}

// The folder the presets of `kind` ("standards", "models") come from: $HBMSIM_CONFIG_DIR's
// if it is set, else `source_dir`'s. Set but empty (a script's HBMSIM_CONFIG_DIR=$CFG with
// CFG unset) it named "/standards", and every preset was refused as "(known: none)".
inline std::string preset_dir(const std::string& source_dir, const char* kind) {
  const char* dir = std::getenv("HBMSIM_CONFIG_DIR");
  if (dir && !*dir) {
    throw ConfigError("$HBMSIM_CONFIG_DIR is set but empty: unset it for the presets in "
                      "configs/, or set it to a folder holding standards/ and models/");
  }
  return std::string(dir ? dir : source_dir.c_str()) + "/" + kind;
}

// Said after "(known: ...)" when no preset is found: where $HBMSIM_CONFIG_DIR sent the
// search, or nothing if it is not set.
inline std::string preset_dir_note(const char* kind) {
  const char* dir = std::getenv("HBMSIM_CONFIG_DIR");
  if (!dir) return "";
  return fmt::format("; $HBMSIM_CONFIG_DIR is {}: presets are read from its {}/",
                     excerpt(dir, 200), kind);
}

// The refusal of a --standard or --model that opened nothing, one text for both kinds
// ("standard", "model"; their presets' folder is the kind's plural): "FILE: cannot open
// KIND 'NAME'[: reason] (known: a, b, ...[notes])", and for a preset's name that is a
// known one in another case ('--model TINY') "; did you mean tiny?": the list alone left
// the user to spot the difference.
inline std::string unopened_message(const std::string& kind, const std::string& name_or_path,
                                    const std::string& file, int err,
                                    const std::vector<std::string>& known) {
  std::string list, hint;
  for (const auto& n : known) {
    list += (list.empty() ? "" : ", ") + n;
    if (file != name_or_path && hint.empty() && n != name_or_path && iequals(n, name_or_path)) {
      hint = "; did you mean " + n + "?";
    }
  }
  return fmt::format("{}: cannot open {} '{}'{} (known: {}{}{}){}", excerpt(file, 200), kind,
                     excerpt(name_or_path, 200), unopened_reason(name_or_path, file, err),
                     list.empty() ? "none" : list, preset_dir_note((kind + "s").c_str()),
                     unopened_note(kind, name_or_path, file, err), hint);
}

namespace json_file_detail {

// A JSON library error as the user reads it: "FILE:LINE: not valid JSON (line L, column C):
// what" for a syntax error, "FILE: not valid JSON: what" otherwise, without the library's
// "[json.exception.parse_error.101] " tag (the fuzz of stop 72 found it in every message).
inline std::string json_error_message(const std::string& file_shown, const char* what) {
  std::string_view w(what);
  if (w.rfind("[json.exception.", 0) == 0 && w.find("] ") != std::string_view::npos) {
    w.remove_prefix(w.find("] ") + 2);
  }
  unsigned line = 0, column = 0;
  int used = 0;
  const std::string head(w.substr(0, 64));
  if (std::sscanf(head.c_str(), "parse error at line %u, column %u: %n", &line, &column,
                  &used) == 2 && used > 0) {
    return fmt::format("{}:{}: not valid JSON (line {}, column {}): {}", file_shown, line, line,
                       column, excerpt(w.substr(size_t(used)), 160));
  }
  return fmt::format("{}: not valid JSON: {}", file_shown, excerpt(w, 160));
}

// Runs f(); its errors come out as ConfigError "FILE: reason".
template <class F>
auto named_errors(const std::string& file_shown, F&& f) -> decltype(f()) {
  using json = nlohmann::json;
  try {
    return f();
  } catch (const ConfigError& e) {
    throw ConfigError(fmt::format("{}: {}", file_shown, e.what()));
  } catch (const json::exception& e) {   // syntax, and numbers beyond a double (1e400)
    throw ConfigError(json_error_message(file_shown, e.what()));
  } catch (const std::exception& e) {    // e.g. a read error
    throw ConfigError(fmt::format("{}: cannot read: {}", file_shown, excerpt(e.what(), 160)));
  }
}

}  // namespace json_file_detail

// A CR alone (classic Mac line ends) made an LF, a CRLF left as it is: JSON takes a CR as a
// blank, so the document is the same, and every count of lines (nlohmann's positions, a
// field's line, a NUL byte's) sees the lines an editor shows. Such a file's syntax error
// was "at line 1, column 2823" and its every field on line 1. Byte offsets do not move.
inline void lf_line_ends(std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) text[i] = '\n';
  }
}

// The text of a configuration file: at most kMaxJsonBytes, no NUL byte, its line ends as
// lf_line_ends makes them. Kept apart from parsing so that a field error can be given its
// line in it (common/field_lines.h).
inline std::string read_config_text(std::istream& in, const std::string& file_shown) {
  return json_file_detail::named_errors(file_shown, [&in] {
    std::string text(kMaxJsonBytes + 1, '\0');
    in.read(text.data(), std::streamsize(text.size()));
    if (in.bad()) throw std::runtime_error("read error");
    text.resize(size_t(in.gcount()));
    lf_line_ends(text);
    // nlohmann takes a NUL byte for the end of the input: a binary file would read as
    // "unexpected end of input", and text after a NUL would be ignored.
    const size_t nul = text.find('\0');
    if (nul != std::string::npos) {
      // UTF-16 (an editor's "Unicode" save) is every other byte NUL: said as such, not
      // "binary".
      const bool utf16 = starts_utf16(text);
      throw ConfigError(fmt::format("not valid JSON: {}: expected JSON text, found '{}' ({})",
                                    json_file_detail::position(text, nul),
                                    excerpt(std::string_view(text).substr(nul), 16),
                                    utf16 ? "the file is UTF-16; JSON here is UTF-8: iconv -f "
                                            "UTF-16 -t UTF-8"
                                          : "a NUL byte: the file is binary"));
    }
    if (text.size() > kMaxJsonBytes) {
      throw ConfigError(fmt::format("more than {} bytes; a configuration file may have at "
                                    "most {}", kMaxJsonBytes, kMaxJsonBytes));
    }
    // nlohmann's word for it was "syntax error ... unexpected end of input", as if the
    // text were cut short.
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      throw ConfigError(fmt::format("{}, expected a JSON object", text.empty()
                                        ? "an empty file" : "only blanks, no JSON text"));
    }
    return text;
  });
}

// `text`, as read_config_text gives it, parsed.
// The two kinds of configuration file, by the key only that kind has: a standard's
// 'organisation', a transformer model's 'd_model'.
struct ConfigKind {
  const char* key;    // present in every file of this kind, in none of the other
  const char* name;   // "standard", "transformer model"
  const char* noun;   // what the flag takes: "a standard", "a model"
  const char* flag;
};
inline constexpr ConfigKind kStandardKind{"organisation", "standard", "a standard", "--standard"};
inline constexpr ConfigKind kModelKind{"d_model", "transformer model", "a model", "--model"};

// ConfigError when `doc`, read as a file of kind `self`, is plainly the `other` kind's: it
// was refused for the first field it lacked ("field 'd_model': missing"), which did not
// say that it was the other kind of file. `known` lists this kind's presets.
inline void refuse_other_kind(const nlohmann::json& doc, const std::string& file_shown,
                              const ConfigKind& self, const ConfigKind& other,
                              const std::string& known) {
  if (!doc.is_object() || !doc.contains(other.key) || doc.contains(self.key)) return;
  throw ConfigError(fmt::format("{}: a {}'s file (it has '{}' and no '{}'), not a {}'s: give "
                                "it to {}, and {} {} ({})", file_shown, other.name, other.key,
                                self.key, self.name, other.flag, self.flag, self.noun, known));
}

inline nlohmann::json parse_config_json(const std::string& text, const std::string& file_shown) {
  return json_file_detail::named_errors(file_shown, [&text] {
    json_file_detail::KeyTracker keys;
    return nlohmann::json::parse(text, nlohmann::json::parser_callback_t(std::ref(keys)));
  });
}

}  // namespace hbmsim
