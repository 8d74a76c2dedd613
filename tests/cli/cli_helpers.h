// What every test of the hbmsim program needs: run it as a user would, and read back
// the files it writes. Each test file names its artefacts with its own prefix.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cli_test {

// One row of a table of cases: a command line's arguments and what its output must say.
struct ArgsSays {
  std::string args, says;
};

struct Result {
  int code = -1;
  std::string out;   // stdout and stderr
};

// Runs a shell command line, capturing what it writes to stdout (add 2>&1 for stderr)
// and its exit code (-1 if it did not exit).
Result shell(const std::string& command);
// Runs `hbmsim ARGS` through the shell, capturing both streams and the exit code.
Result hbmsim(const std::string& args);

// What `hbmsim ARGS` writes on stderr with HBMSIM_PROGRESS_AFTER=0 (a note of a slow step
// at once), its stdout dropped; expects it to pass, and --quiet to write nothing there.
std::string stderr_at_once(const std::string& args);

// A path in the test artefact directory: PREFIX_NAME.
std::string artefact(const std::string& prefix, const std::string& name);
// Writes `text` (bytes as they are) to artefact(prefix, name), replacing what was there (a
// link left by an earlier test is replaced, not followed); returns the path.
std::string write_artefact(const std::string& prefix, const std::string& name,
                           const std::string& text);
// A dense model file's shape (one expert), for write_model.
struct ModelShape {
  const char* name;
  unsigned d_model, heads, kv_heads, head_dim, ffn;
  const char* ffn_activation = "swiglu";
  unsigned layers = 1;
};
// The model file of `shape` (vocab 100, its source "a test's") written as
// artefact(prefix, file); returns the path.
std::string write_model(const std::string& prefix, const std::string& file,
                        const ModelShape& shape);
// A 32-wide model (d_model 32, one head of 32, ffn 1), the smallest shape the tile runs,
// written as artefact(prefix, name); returns the path.
std::string write_narrow_model(const std::string& prefix, const std::string& name);

// Runs `hbmsim ARGS LINK`, LINK a symbolic link made here to `target`, a file not yet made
// (both removed first), and expects the run to pass writing `target` through the link,
// which stays a link.
void expect_written_through_new_link(const std::string& args, const std::string& link,
                                     const std::string& target);

std::string slurp(const std::string& path);
nlohmann::json load_json(const std::string& path);
// Runs `hbmsim run ARGS --report PATH`, PATH = artefact(prefix, name + ".json") (removed
// first), and returns the report. A run that fails (or writes no report) fails the test
// and returns null. `out`, when given, receives what the run printed.
nlohmann::json run_report(const std::string& prefix, const std::string& name,
                          const std::string& args, std::string* out = nullptr);
// A run expected to stop early (exit 1, as at --max-cycles): `hbmsim run ARGS --report
// P.json --html P.html`, P = artefact(prefix, name) (both removed first); what it printed,
// the report (null if none) and the HTML page ("" if none).
struct StoppedRun {
  Result r;
  nlohmann::json report;
  std::string html;
};
StoppedRun run_stopped(const std::string& prefix, const std::string& name,
                       const std::string& args);
std::vector<std::string> lines_of(const std::string& text);

}  // namespace cli_test
