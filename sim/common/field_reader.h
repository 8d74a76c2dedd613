// Reads the fields of one JSON object of a configuration file (a standard, a model) and
// refuses what is missing, mistyped or unknown, naming the file and the field.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/excerpt.h"

namespace hbmsim {

// Reads fields of one JSON object and reports problems with the file and field named.
class FieldReader {
  using json = nlohmann::json;


 public:
  FieldReader(const std::string& file, const json& obj, std::string section)
      : file_(file), obj_(obj), section_(std::move(section)) {
    if (!obj_.is_object()) {
      // The file's top level has no field name to give.
      if (section_.empty()) {
        throw ConfigError(fmt::format("{}: expected a JSON object at the top level, found {}",
                                      excerpt(file_, 200), obj_.type_name()));
      }
      fail(section_, "", "expected an object");
    }
  }

  // Longest string field read (names, mappings, sources); longer is refused.
  static constexpr size_t kMaxText = 4096;

  // A whole number from 0 to `max` (at most 2^32 - 1).
  unsigned uint(const std::string& key, unsigned max = 0xffffffffu) {
    return uint(key, max, fmt::format("too large (at most {})", max));
  }

  // The same, saying `past_max` of a value above `max`: a field whose own limit is below
  // 2^32 - 1 names that limit for any value past it (2^32 included), not the reader's.
  unsigned uint(const std::string& key, unsigned max, const std::string& past_max) {
    const json& v = get(key);
    // A whole number written past 2^64 - 1 is parsed as a double (1.8446744073709552e+19):
    // it is past the limit, not "not an integer" (below 2^64 a double is a fraction or an
    // exponent the file wrote).
    if (v.is_number_float() && v.get<double>() >= 0x1p64) fail(path(key), shown(v), past_max);
    // A whole value written with an exponent or a fraction ("2e1", "20.0") is shown as the
    // double it parsed to (20.0): say why 20.0 is not taken.
    if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>()) {
      fail(path(key), shown(v), "expected a non-negative integer, written without a fraction "
                                "or an exponent");
    }
    if (!v.is_number_integer()) fail(path(key), shown(v), "expected a non-negative integer");
    if (v.is_number_unsigned() ? v.get<uint64_t>() > max : v.get<int64_t>() > int64_t(max)) {
      fail(path(key), shown(v), past_max);
    }
    if (!v.is_number_unsigned() && v.get<int64_t>() < 0) {
      fail(path(key), shown(v), "expected a non-negative integer");
    }
    return static_cast<unsigned>(v.get<uint64_t>());
  }

  // A finite number from 0 to `max`.
  double number(const std::string& key, double max = 1e9) {
    const json& v = get(key);
    if (!v.is_number()) fail(path(key), shown(v), "expected a number");
    const double d = v.get<double>();
    if (!std::isfinite(d)) fail(path(key), shown(v), "expected a finite number");
    if (d < 0) fail(path(key), shown(v), "must not be negative");
    if (d > max) fail(path(key), shown(v), fmt::format("too large (at most {:g})", max));
    return d;
  }

  // A string of printable characters, at most kMaxText bytes.
  std::string text(const std::string& key) {
    const json& v = get(key);
    if (!v.is_string()) fail(path(key), shown(v), "expected a string");
    check_text(path(key), v.get_ref<const std::string&>());
    return v.get<std::string>();
  }

  // A name a summary shows (a model's, a standard's): text, not blank.
  std::string name(const std::string& key) {
    std::string v = text(key);
    if (v.find_first_not_of(' ') == std::string::npos) {
      fail(path(key), '"' + v + '"', "must not be empty");
    }
    return v;
  }

  // A value as a message may show it: a short excerpt, never a whole structure.
  static std::string shown(const json& v) {
    switch (v.type()) {
      case json::value_t::array: return fmt::format("an array of {}", v.size());
      case json::value_t::object: return fmt::format("an object of {} fields", v.size());
      case json::value_t::string:
        return '"' + excerpt(v.get_ref<const std::string&>()) + '"';
      default: return excerpt(v.dump());   // numbers, true/false, null: short already
    }
  }

  // Every field must be one the reader asked for: a misspelt field is an error.
  void no_others() const {
    for (auto it = obj_.begin(); it != obj_.end(); ++it) {
      if (!seen_.count(it.key())) fail(path(it.key()), "", "unknown field");
    }
  }

  [[noreturn]] void fail(const std::string& field, const std::string& value,
                         const std::string& why) const {
    const std::string value_shown = value.empty() ? "" : fmt::format(" = {}", value);
    throw ConfigError(fmt::format("{}: field '{}'{}: {}", excerpt(file_, 200),
                                  excerpt(field, 80), value_shown, why));
  }

  // A field that may be present and is not interpreted (e.g. notes for people).
  void optional(const std::string& key) { seen_.insert(key); }

  // A nested object, read by its own reader.
  FieldReader section(const std::string& key) {
    const json& v = get(key);
    return FieldReader(file_, v, path(key));
  }

  // A nested object of strings (e.g. sources).
  std::map<std::string, std::string> strings(const std::string& key) {
    std::map<std::string, std::string> out;
    const json& v = get(key);
    if (!v.is_object()) fail(path(key), "", "expected an object of strings");
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!it->is_string()) fail(path(key) + "." + it.key(), shown(*it), "expected a string");
      check_text(path(key) + "." + it.key(), it->get_ref<const std::string&>());
      out[it.key()] = it->get<std::string>();
    }
    return out;
  }

  std::string path(const std::string& key) const {
    return section_.empty() ? key : section_ + "." + key;
  }

 private:
  void check_text(const std::string& field, const std::string& t) const {
    if (t.size() > kMaxText) {
      fail(field, '"' + excerpt(t) + '"', fmt::format("{} bytes, at most {}", t.size(), kMaxText));
    }
    if (has_control_chars(t)) {
      fail(field, '"' + excerpt(t) + '"', "control characters are not allowed");
    }
  }

  const json& get(const std::string& key) {
    seen_.insert(key);
    auto it = obj_.find(key);
    if (it == obj_.end()) fail(path(key), "", "missing");
    return *it;
  }

  std::string file_;
  const json& obj_;
  std::string section_;
  std::set<std::string> seen_;
};

}  // namespace hbmsim
