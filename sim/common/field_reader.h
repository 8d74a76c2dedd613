// Reads the fields of one JSON object of a configuration file (a standard, a model) and
// refuses what is missing, mistyped or unknown, naming the file and the field.
#pragma once

#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/errors.h"

namespace hbmsim {

// Reads fields of one JSON object and reports problems with the file and field named.
class FieldReader {
  using json = nlohmann::json;


 public:
  FieldReader(const std::string& file, const json& obj, std::string section)
      : file_(file), obj_(obj), section_(std::move(section)) {
    if (!obj_.is_object()) fail(section_, "", "expected an object");
  }

  unsigned uint(const std::string& key) {
    const json& v = get(key);
    if (!v.is_number_integer() || v.get<long long>() < 0) {
      fail(path(key), v.dump(), "expected a non-negative integer");
    }
    if (v.get<long long>() > 0xffffffffLL) fail(path(key), v.dump(), "too large");
    return v.get<unsigned>();
  }

  double number(const std::string& key) {
    const json& v = get(key);
    if (!v.is_number()) fail(path(key), v.dump(), "expected a number");
    if (v.get<double>() < 0) fail(path(key), v.dump(), "must not be negative");
    return v.get<double>();
  }

  std::string text(const std::string& key) {
    const json& v = get(key);
    if (!v.is_string()) fail(path(key), v.dump(), "expected a string");
    return v.get<std::string>();
  }

  // Every field must be one the reader asked for: a misspelt field is an error.
  void no_others() const {
    for (auto it = obj_.begin(); it != obj_.end(); ++it) {
      if (!seen_.count(it.key())) fail(path(it.key()), "", "unknown field");
    }
  }

  [[noreturn]] void fail(const std::string& field, const std::string& value,
                         const std::string& why) const {
    std::string shown = value.empty() ? "" : fmt::format(" = {}", value);
    throw ConfigError(fmt::format("{}: field '{}'{}: {}", file_, field, shown, why));
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
      if (!it->is_string()) fail(path(key) + "." + it.key(), it->dump(), "expected a string");
      out[it.key()] = it->get<std::string>();
    }
    return out;
  }

  std::string path(const std::string& key) const {
    return section_.empty() ? key : section_ + "." + key;
  }

 private:
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
