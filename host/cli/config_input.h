// A configuration file named on the command line (--standard, --model), read once: a pipe
// (`<(...)`, /dev/stdin) can be read only once, and a check of what was loaded (the RTL's
// limits, the tile's shapes) names its field's line in the text the loader read.
#pragma once

#include <string>
#include <utility>

#include "common/errors.h"
#include "host/workloads/transformer/model_preset.h"
#include "standard/standard.h"

namespace hbmsim {

class ConfigInput {
 public:
  // Reads `file`, the file `name_or_path` names (at most the loaders' limit and one byte
  // more). A file that cannot be opened is left to the loader, whose message names it
  // and the known presets.
  ConfigInput(std::string name_or_path, std::string file);
  ~ConfigInput();
  ConfigInput(const ConfigInput&) = delete;
  ConfigInput& operator=(const ConfigInput&) = delete;

  const std::string& file() const { return file_; }
  // What a loader or a child process should be given: the name or path as given, or for
  // a pipe or a device a regular copy in the temporary directory, removed with this
  // object (or by SIGINT, SIGTERM or SIGHUP before).
  const std::string& source() const { return source_; }
  bool copied() const { return copied_; }

  // Runs check(source()); a ConfigError it throws names file() (not the copy) and, for a
  // field ("FILE: field 'timing.WR' ..."), the field's line: "FILE:LINE: field ..." (the
  // loaders give it themselves, common/field_lines.h).
  template <class Check>
  auto read(Check&& check) const -> decltype(check(std::string())) {
    try {
      return check(source_);
    } catch (const ConfigError& e) {
      throw ConfigError(located(e.what()));
    }
  }

 private:
  std::string located(const std::string& what) const;

  std::string file_, source_, text_;
  bool copied_ = false;
  int signal_entry_ = -1;   // the copy's, removed on a signal (host/cli/signal_cleanup.h)
};

// The standard in `in`, loaded and refused as load_standard does, named as given.
Standard read_standard(const ConfigInput& in);
Standard read_standard(const std::string& name_or_path);
// The model preset in `in`, as load_model reads it, named as given.
ModelPreset read_model(const ConfigInput& in);

// Throws a field error in the loaders' form ("FILE: field 'timing.REFIpb' = 6000: why"),
// for a rule checked after loading; run inside ConfigInput::read, it gets the line.
[[noreturn]] void refuse_field(const std::string& file, const std::string& field,
                               const std::string& value, const std::string& why);

}  // namespace hbmsim
