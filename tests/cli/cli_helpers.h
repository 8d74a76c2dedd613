// What every test of the hbmsim program needs: run it as a user would, and read back
// the files it writes. Each test file names its artefacts with its own prefix.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cli_test {

struct Result {
  int code = -1;
  std::string out;   // stdout and stderr
};

// Runs a shell command line, capturing what it writes to stdout (add 2>&1 for stderr)
// and its exit code (-1 if it did not exit).
Result shell(const std::string& command);
// Runs `hbmsim ARGS` through the shell, capturing both streams and the exit code.
Result hbmsim(const std::string& args);

// A path in the test artefact directory: PREFIX_NAME.
std::string artefact(const std::string& prefix, const std::string& name);
// Writes `text` (bytes as they are) to artefact(prefix, name), replacing what was there (a
// link left by an earlier test is replaced, not followed); returns the path.
std::string write_artefact(const std::string& prefix, const std::string& name,
                           const std::string& text);

std::string slurp(const std::string& path);
nlohmann::json load_json(const std::string& path);
std::vector<std::string> lines_of(const std::string& text);

}  // namespace cli_test
