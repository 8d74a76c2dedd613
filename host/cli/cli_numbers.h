// Numbers on the command line: whole numbers and reals checked against a stated range
// before CLI11 converts them (it wraps "-1" to 2^64 - 1 for an unsigned option, accepts
// nan, and states ranges as 309-digit doubles); and paths that may not be empty.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "common/excerpt.h"
#include "common/iequals.h"
#include "host/run_limits.h"

namespace hbmsim {

// A whole number from `min` to `max` in decimal: no sign, fraction or exponent. CLI11
// alone turns "-1" into 2^64 - 1 for an unsigned option and saturates overflow. `upto`, if
// given, says what the real upper limit is when it is known only later ("the model's layer
// count"): `max` is then the most it can be.
inline CLI::Validator whole(uint64_t min, uint64_t max, const std::string& upto = "") {
  return CLI::Validator(
      [min, max, upto](std::string& text) -> std::string {
        const std::string range =
            upto.empty() ? fmt::format("expected a whole number from {} to {}", min, max)
                         : fmt::format("expected a whole number from {} to {} (at most {})",
                                       min, upto, max);
        if (text.empty()) return "empty: " + range;
        uint64_t n = 0;
        for (const char ch : text) {
          if (ch < '0' || ch > '9') return fmt::format("'{}': {}", excerpt(text), range);
          const uint64_t d = uint64_t(ch - '0');
          if (d > max || n > (max - d) / 10) {
            return fmt::format("{} is too large: {}", excerpt(text), range);
          }
          n = n * 10 + d;
        }
        if (n < min) return fmt::format("{} is too small: {}", n, range);
        return "";
      },
      fmt::format("{}..{}", min, max));
}

// Any value of an unsigned member (a seed), refusing what is not a whole number. A flag
// with a real range states it with whole(): one checked as whole_of said "from 0 to
// 4294967295" of a --layers whose 0 was refused once the model was read.
template <typename T>
CLI::Validator whole_of(const T&) {
  return whole(0, std::numeric_limits<T>::max());
}

// A power of two from `min` to `max` (both powers of two), in decimal: a granule.
inline CLI::Validator power_of_two(uint64_t min, uint64_t max) {
  const CLI::Validator number = whole(0, max);
  return CLI::Validator(
      [number, min, max](std::string& text) -> std::string {
        const std::string range = fmt::format("expected a power of two from {} to {}", min, max);
        if (text.empty()) return "empty: " + range;
        const std::string bad = number(text);   // "'x': ..." if no number, "x ...": too large
        if (!bad.empty() && bad[0] == '\'') return fmt::format("'{}': {}", excerpt(text), range);
        const uint64_t n = bad.empty() ? std::stoull(text) : 0;
        if (!bad.empty() || n < min || (n & (n - 1)) != 0) {
          return fmt::format("{}: {}", excerpt(text), range);
        }
        return "";
      },
      fmt::format("{}..{}", min, max));
}

// A finite decimal number from `min` to `max` (refuses nan and inf, which compare
// false with every bound, and what strtod alone would take: leading blanks, hexadecimal).
inline CLI::Validator real(double min, double max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        const std::string range = fmt::format("expected a number from {:g} to {:g}", min, max);
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        const bool decimal = text.find_first_not_of("0123456789.eE+-") == std::string::npos;
        if (text.empty() || !decimal || end != text.c_str() + text.size() || !std::isfinite(v)) {
          return fmt::format("'{}': {}", excerpt(text), range);
        }
        if (!(v >= min && v <= max)) return fmt::format("{}: {}", excerpt(text), range);
        return "";
      },
      fmt::format("{:g}..{:g}", min, max));
}

// A yes-or-no value: CLI11 alone takes any number as a bool ("--pull-in 2" was true).
inline CLI::Validator truth() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        for (const char* ok : {"true", "false", "1", "0", "yes", "no", "on", "off"}) {
          if (iequals(text, ok)) return "";
        }
        return fmt::format("'{}': expected true or false (or 1/0, yes/no, on/off)", excerpt(text));
      },
      "BOOL");
}

// One of `names` (any case), for an option whose value is the name's (an enum or a bool),
// used with transform(). CLI11's CheckedTransformer also took the values' numbers, which
// no help or document gives ("--refresh 0" was all-bank refresh, "--page-policy 1"
// closed pages), and refused a typo with its map ("Check 3 value in {adaptive->2, ...}
// OR {2,1,0} FAILED").
template <typename T>
CLI::Validator choice(const std::vector<std::pair<std::string, T>>& names) {
  std::string listed;
  for (size_t i = 0; i < names.size(); ++i) {
    listed += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i].first;
  }
  std::string shown;
  for (const auto& n : names) shown += (shown.empty() ? "" : "|") + n.first;
  return CLI::Validator(
      [names, listed](std::string& text) -> std::string {
        for (const auto& [name, value] : names) {
          if (iequals(text, name)) {
            text = std::to_string(static_cast<long long>(value));
            return "";
          }
        }
        return fmt::format("'{}': expected {}", excerpt(text), listed);
      },
      shown);
}

// A path or name that may not be empty: "" would mean "not given" to some flags and a
// name to others, so every such flag refuses it ("--report: empty path"); a script's
// unset variable is a mistake, not a choice.
inline CLI::Validator non_empty(const char* what) {
  return CLI::Validator(
      [what](std::string& text) { return text.empty() ? fmt::format("empty {}", what) : ""; },
      "", "non-empty");
}

}  // namespace hbmsim
