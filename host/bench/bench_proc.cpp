#include "host/bench/bench_proc.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "host/output_files.h"
#include "host/cli/signal_cleanup.h"

namespace hbmsim {

namespace fs = std::filesystem;

std::string self_exe() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("/proc/self/exe") : p.string();
}

std::string shell_line(const std::string& program, const std::vector<std::string>& args) {
  std::string s = program;
  for (const auto& a : args) s += " " + a;
  return s;
}

namespace {

int g_work_dir_entry = -1;   // the temporary folder's, listed for removal on a signal

}  // namespace

void release_work_dir() {
  keep_on_signal(g_work_dir_entry);
  g_work_dir_entry = -1;
}

pid_t spawn(const std::string& program, const std::vector<std::string>& args,
            const std::string& log) {
  std::vector<std::string> all{program};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  // Blocked until the child is listed, so the handler cannot miss it; the child takes the
  // bench's dispositions back before it unblocks them.
  SignalsBlocked blocked;
  const pid_t pid = fork();
  if (pid < 0) throw SimulationError(fmt::format("bench: fork: {}", std::strerror(errno)));
  if (pid > 0) end_on_signal(pid);
  if (pid == 0) {
    restore_signal_dispositions();
    ::sigprocmask(SIG_SETMASK, &blocked.before(), nullptr);
    // A bench ended by a signal to its own process (kill PID; a CI runner's timeout) left
    // its running child to simulate on for minutes, orphaned, its result read by no one:
    // the child now ends with its parent.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) _exit(143);   // the parent ended before prctl took effect
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      ::close(fd);
    }
    execv(program.c_str(), argv.data());
    std::fprintf(stderr, "cannot run %s: %s\n", program.c_str(), std::strerror(errno));
    _exit(127);
  }
  return pid;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int run_and_wait(const std::string& program, const std::vector<std::string>& args,
                 const std::string& log, std::string& out) {
  const pid_t pid = spawn(program, args, log);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  child_reaped(pid);
  out = slurp(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a.empty() ? "unknown" : a + " " + b + " " + c;
}

namespace {

// Every run's report and output go into the folder: one it cannot write (/proc, a
// read-only mount) let every run fail on its own line, "output: DIR/RUN.log" naming a log
// that was never made, and the bench end with "their reports and output are in DIR".
// A file made in it, one byte written, and removed, as the outputs' check does.
void check_writable_dir(const std::string& flag, const std::string& dir) {
  std::string probe = (fs::path(dir) / ".hbmsim-probe-XXXXXX").string();
  const int fd = mkstemp(probe.data());
  int err = fd < 0 ? errno : 0;
  if (fd >= 0) {
    errno = 0;
    if (::write(fd, "\n", 1) != 1) err = errno ? errno : EIO;
    ::close(fd);
    ::unlink(probe.c_str());
  }
  if (err) {
    throw UsageError(fmt::format("{} {}: cannot write a file in it: {}", flag,
                                 excerpt(dir, 200), std::strerror(err)));
  }
}

}  // namespace

std::string bench_work_dir(const std::string& wanted, const std::string& stem, bool& temporary) {
  temporary = wanted.empty();
  if (!temporary) {
    std::error_code ec;
    fs::create_directories(wanted, ec);
    if (ec) throw ConfigError(fmt::format("--work-dir {}: {}", wanted, ec.message()));
    check_writable_dir("--work-dir", wanted);
    return wanted;   // the user's, kept; a signal still ends the children (spawn)
  }
  // temp_directory_path() throws on a TMPDIR that is no directory: an uncaught exception.
  std::error_code ec;
  const fs::path tmp = fs::temp_directory_path(ec);
  if (ec) {
    const char* env = std::getenv("TMPDIR");
    throw ConfigError(fmt::format("bench: no temporary directory (TMPDIR={}: {}); set TMPDIR "
                                  "to a directory or give --work-dir", env ? excerpt(env, 200)
                                  : std::string("unset"), ec.message()));
  }
  std::string tmpl = (tmp / (stem + "-XXXXXX")).string();
  // Made and listed for the handler with the signals blocked: one between the two would
  // leave the folder behind.
  SignalsBlocked blocked;
  if (!mkdtemp(tmpl.data())) {
    throw ConfigError(fmt::format("bench: cannot make a temporary directory: {}",
                                  std::strerror(errno)));
  }
  g_work_dir_entry = remove_on_signal(tmpl, true, "hbmsim bench: stopped by a signal; removed "
                                                  "its temporary folder ");
  return tmpl;
}

void check_json_apart_from_runs(const std::string& json, const std::string& work_dir,
                                const std::vector<std::string>& stems,
                                const std::vector<std::string>& others) {
  if (json.empty() || work_dir.empty()) return;
  std::vector<FlagPath> runs;
  auto add = [&](const std::string& name) {
    runs.push_back({"a run's output in --work-dir", (fs::path(work_dir) / name).string()});
  };
  for (const std::string& stem : stems) {
    add(stem + ".json");
    add(stem + ".log");
  }
  for (const std::string& name : others) add(name);
  check_outputs_apart({{"--json", json}}, runs);
}

std::string run_help(const std::string& program, const std::string& log) {
  std::string out;
  run_and_wait(program, {"run", "--help"}, log, out);
  return out;
}

std::regex only_regex(const std::string& only) {
  // std::regex compiles a pattern by recursion: 30 000 nested groups (1 000 under a 512 KiB
  // stack) overflowed the stack, a segmentation fault. The names it picks are short.
  constexpr size_t kMaxOnly = 256;
  if (only.size() > kMaxOnly) {
    throw UsageError(fmt::format("--only '{}': {} characters, at most {} (it picks among "
                                 "workload names of a few characters)", excerpt(only),
                                 only.size(), kMaxOnly));
  }
  try {
    return std::regex(only.empty() ? std::string(".*") : only);
  } catch (const std::regex_error& e) {
    throw UsageError(fmt::format("--only '{}': not a regular expression: {}", excerpt(only),
                                 e.what()));
  }
}

std::string read_child_report(const std::string& path, nlohmann::json& report,
                              const ReportNeeds& needs) {
  report = nlohmann::json::object();
  std::error_code ec;
  if (!fs::exists(path, ec)) return fmt::format("wrote no report ({})", path);
  nlohmann::json parsed = nlohmann::json::parse(slurp(path), nullptr, false);
  if (!parsed.is_object()) return fmt::format("its report {} is not a JSON object", path);
  report = std::move(parsed);
  const auto status = report.find("status");
  if (status == report.end() || !status->is_string()) {
    return fmt::format("its report {} has no status", path);
  }
  if (*status != "pass") return fmt::format("its report says status '{}'", status->get<std::string>());
  for (const char* key : needs.numbers) {
    const auto it = report.find(key);
    if (it == report.end() || !it->is_number()) {
      return fmt::format("its report {} has no number '{}'", path, key);
    }
  }
  for (const char* key : needs.objects) {
    const auto it = report.find(key);
    if (it == report.end() || !it->is_object()) {
      return fmt::format("its report {} has no object '{}'", path, key);
    }
  }
  return "";
}

}  // namespace hbmsim
