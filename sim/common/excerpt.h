// Cuts and escapes text taken from the user's input before it goes into a message: a
// message stays one short line whatever the input holds (control characters, a BOM,
// a megabyte of digits).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace hbmsim {

// At most `max` characters of `s`, then "...": control characters, DEL and bytes above
// 0x7e are written as \r, \n, \t or \xNN so nothing invisible or terminal-changing
// reaches a message.
inline std::string excerpt(std::string_view s, size_t max = 40) {
  std::string out;
  size_t shown = 0;
  for (const char ch : s) {
    if (shown == max) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '\r') out += "\\r";
    else if (ch == '\n') out += "\\n";
    else if (ch == '\t') out += "\\t";
    else if (ch == '\\') out += "\\\\";
    else if (u < 0x20 || u >= 0x7f) out += fmt::format("\\x{:02x}", u);
    else out += ch;
    ++shown;
  }
  return out;
}

// A whole message made safe for a terminal, the last guard before it is printed: its
// control characters escaped as \xNN (backslashes left alone, the message's own escapes
// stay readable), at most `max` bytes.
inline std::string printable(std::string_view s, size_t max = 1000) {
  std::string out;
  for (const char ch : s) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u == 0x7f) out += fmt::format("\\x{:02x}", u);
    else out += ch;
  }
  return out;
}

// Whether text opens with a UTF-16 byte-order mark (an editor's "Unicode" save): every
// other byte of ASCII is then NUL, and the inputs here are ASCII or UTF-8.
inline bool starts_utf16(std::string_view text) {
  return text.substr(0, 2) == "\xff\xfe" || text.substr(0, 2) == "\xfe\xff";
}

// A path as a message shows it: whole up to `max` bytes (UTF-8 kept, control characters
// escaped, as printable() does), else its first `max` bytes, cut at a character, and
// "...": a path of thousands of characters left no room for the reason after it.
inline std::string path_excerpt(std::string_view path, size_t max = 200) {
  if (path.size() <= max) return printable(path, max + 1);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(path[cut]) & 0xc0) == 0x80) --cut;
  return printable(path.substr(0, cut), cut + 1) + "...";
}

// True if `s` holds a control character (below 0x20, or DEL).
inline bool has_control_chars(std::string_view s) {
  for (const char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

// "1 timing violation", "2 timing violations": a count and its noun, singular for one
// (`plural` where adding 's' is wrong: "data mismatches").
inline std::string count_of(unsigned long long n, std::string_view noun,
                            std::string_view plural = {}) {
  if (n == 1) return fmt::format("1 {}", noun);
  if (plural.empty()) return fmt::format("{} {}s", n, noun);
  return fmt::format("{} {}", n, plural);
}

}  // namespace hbmsim
