// Parses a configuration file's JSON (a standard, a model) with the limits every such
// file shares: nesting at most kMaxJsonDepth (refused while parsing: a deep structure
// would only cost stack later), numbers within a double, read errors named. Problems
// come out as ConfigError "FILE: reason".
#pragma once

#include <istream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/excerpt.h"

namespace hbmsim {

inline constexpr int kMaxJsonDepth = 16;   // the presets nest 3 levels

inline nlohmann::json parse_config_json(std::istream& in, const std::string& file_shown) {
  using json = nlohmann::json;
  try {
    const json::parser_callback_t depth_limit = [](int depth, json::parse_event_t, json&) {
      if (depth > kMaxJsonDepth) {
        throw ConfigError(fmt::format("nested deeper than {} levels", kMaxJsonDepth));
      }
      return true;
    };
    return json::parse(in, depth_limit);
  } catch (const ConfigError& e) {
    throw ConfigError(fmt::format("{}: {}", file_shown, e.what()));
  } catch (const json::exception& e) {   // syntax, and numbers beyond a double (1e400)
    throw ConfigError(fmt::format("{}: not valid JSON: {}", file_shown, excerpt(e.what(), 160)));
  } catch (const std::exception& e) {    // e.g. a read error
    throw ConfigError(fmt::format("{}: cannot read: {}", file_shown, excerpt(e.what(), 160)));
  }
}

}  // namespace hbmsim
