// The line of a field a configuration file's error names: a field error ("FILE: field
// 'timing.WR' = ...") is only useful with the line to edit, and the reader that finds it
// has the parsed JSON, which keeps no positions. One scan of the text finds it for every
// caller: the loaders (standards, models) and the checks run on what they loaded (the
// RTL's limits, the tile's shapes).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/excerpt.h"

namespace hbmsim {
namespace field_lines_detail {

// Lines of each key of a JSON text, by the key's path as the loaders name fields
// ("timing.WR", "a[2].b", shown as excerpt() shows it); a key given twice has both
// lines; "" is the top-level object. The text may be invalid past a key given twice
// (the parser stops there): the scan never fails, it only finds fewer keys.
using KeyLines = std::map<std::string, std::vector<size_t>>;

// Index of the quote closing the string that opens at `open` (or the text's last byte).
inline size_t string_end(const std::string& text, size_t open) {
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i;
  }
  return text.size() - 1;
}

inline std::string decoded_key(const std::string& quoted) {
  try {
    return nlohmann::json::parse(quoted).get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return quoted.substr(1, quoted.size() - 2);
  }
}

inline KeyLines key_lines(const std::string& text) {
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
inline size_t field_line(const KeyLines& lines, const std::string& quoted) {
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

}  // namespace field_lines_detail

// `what` with the line of the field it names, when it is a field error of `file` (whose
// contents are `text`): "FILE: field 'timing.WR' ..." becomes "FILE:LINE: field ...".
// Anything else, a field error with its line already included, comes back as it is.
inline std::string with_field_line(const std::string& what, const std::string& file,
                                   const std::string& text) {
  // The loaders name the file as excerpt() shows it; the RTL's limits as it is.
  for (const std::string& shown : {excerpt(file, 200), file}) {
    const std::string field = shown + ": field '";
    if (what.rfind(field, 0) != 0) continue;
    const size_t line = field_lines_detail::field_line(field_lines_detail::key_lines(text),
                                                      what.substr(field.size()));
    if (line == 0) break;
    return fmt::format("{}:{}{}", shown, line, what.substr(shown.size()));
  }
  return what;
}

// Runs read() on `file`'s contents `text`; a field error it throws names the field's line.
template <class Read>
auto with_field_lines(const std::string& file, const std::string& text, Read&& read)
    -> decltype(read()) {
  try {
    return read();
  } catch (const ConfigError& e) {
    throw ConfigError(with_field_line(e.what(), file, text));
  }
}

}  // namespace hbmsim
