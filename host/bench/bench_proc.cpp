#include "host/bench/bench_proc.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <ctime>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "host/output_files.h"

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

// A bench ended by SIGINT or SIGTERM (Ctrl-C; a CI runner's timeout) left its temporary
// folder (hbmsim-bench-*, hbmsim-speed-*, hbmsim-tile-bench-*) behind, a run's reports and
// logs in each. The handler does the cleaning itself, with async-signal-safe calls only
// (kill, waitpid, open, getdents64, unlinkat, nanosleep): a flag the bench checked would
// be seen only when a wait returns, and not at all while it reads reports or prints.
// What it reads is set with the two signals blocked, or is atomic.
constexpr int kSignals[] = {SIGINT, SIGTERM};
constexpr size_t kMaxChildren = 8;   // --jobs 2 at most, and a `run --help` probe
std::atomic<pid_t> g_children[kMaxChildren];
char g_dir[4096];                                 // the temporary folder, if g_dir_set
volatile std::sig_atomic_t g_dir_set = 0;
struct sigaction g_old[2];                        // as the bench found them (SIG_IGN stays)
bool g_installed = false;

class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kSignals) sigaddset(&set, sig);
    ::sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsBlocked() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }
  const sigset_t& before() const { return old_; }
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;

 private:
  sigset_t old_;
};

void say(const char* s) {
  const ssize_t ignored = ::write(2, s, std::strlen(s));
  (void)ignored;
}

// Removes what the folder open as `fd` holds (a run's reports and logs; a level deeper at
// most, should a child make one), with no allocation: readdir and std::filesystem are
// not async-signal-safe.
void empty_dir(int fd, int depth) {
  struct Entry {   // struct linux_dirent64
    uint64_t ino;
    int64_t off;
    unsigned short reclen;
    unsigned char type;
    char name[1];
  };
  alignas(8) char buf[2048];
  // Entries removed may shift the others: scan again while a scan removed something.
  for (int pass = 0, removed = 1; removed && pass < 16; ++pass) {
    removed = 0;
    ::lseek(fd, 0, SEEK_SET);
    for (long n; (n = ::syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0;) {
      for (long off = 0; off < n;) {
        const auto* e = reinterpret_cast<const Entry*>(buf + off);
        off += e->reclen;
        const char* name = e->name;
        if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
        if (::unlinkat(fd, name, 0) == 0) {
          ++removed;
          continue;
        }
        if (errno != EISDIR || depth >= 4) continue;
        const int sub = ::openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) continue;
        empty_dir(sub, depth + 1);
        ::close(sub);
        if (::unlinkat(fd, name, AT_REMOVEDIR) == 0) ++removed;
      }
    }
  }
}

void on_signal(int sig) {
  // Children first, so none writes into the folder as it goes: SIGTERM, then SIGKILL to
  // one still there after 2 s. A child the bench has reaped is no longer listed.
  for (auto& c : g_children) {
    const pid_t pid = c.load();
    if (pid > 0 && ::waitpid(pid, nullptr, WNOHANG) == 0) ::kill(pid, SIGTERM);
  }
  for (auto& c : g_children) {
    const pid_t pid = c.load();
    if (pid <= 0) continue;
    for (int i = 0; i < 200 && ::waitpid(pid, nullptr, WNOHANG) == 0; ++i) {
      const timespec ten_ms{0, 10 * 1000 * 1000};
      ::nanosleep(&ten_ms, nullptr);
      if (i == 199) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
      }
    }
  }
  if (g_dir_set) {
    const int fd = ::open(g_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
      empty_dir(fd, 0);
      ::close(fd);
    }
    if (::rmdir(g_dir) == 0) {
      say("hbmsim bench: stopped by a signal; removed its temporary folder ");
      say(g_dir);
      say("\n");
    }
  }
  // Ended by the same signal, as without the handler (a shell sees 128 + the signal).
  ::signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
  _exit(128 + sig);
}

// Installs the handler (once); a signal the bench was started ignoring (SIGINT of a
// background job of a script) stays ignored.
void install_handler() {
  if (g_installed) return;
  g_installed = true;
  for (size_t i = 0; i < 2; ++i) {
    ::sigaction(kSignals[i], nullptr, &g_old[i]);
    if (g_old[i].sa_handler == SIG_IGN) continue;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int sig : kSignals) sigaddset(&sa.sa_mask, sig);
    sa.sa_flags = SA_RESTART;
    ::sigaction(kSignals[i], &sa, nullptr);
  }
}

void add_child(pid_t pid) {
  for (auto& c : g_children) {
    pid_t none = 0;
    if (c.compare_exchange_strong(none, pid)) return;
  }
}

}  // namespace

void child_reaped(pid_t pid) {
  for (auto& c : g_children) {
    pid_t was = pid;
    if (c.compare_exchange_strong(was, 0)) return;
  }
}

void release_work_dir() { g_dir_set = 0; }

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
  if (pid > 0) add_child(pid);
  if (pid == 0) {
    if (g_installed) {
      for (size_t i = 0; i < 2; ++i) ::sigaction(kSignals[i], &g_old[i], nullptr);
    }
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
    install_handler();   // to end the children; a --work-dir is the user's, kept
    return wanted;
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
  if (tmpl.size() >= sizeof g_dir || !mkdtemp(tmpl.data())) {
    throw ConfigError(fmt::format("bench: cannot make a temporary directory: {}",
                                  std::strerror(tmpl.size() >= sizeof g_dir ? ENAMETOOLONG
                                                                            : errno)));
  }
  std::memcpy(g_dir, tmpl.c_str(), tmpl.size() + 1);
  g_dir_set = 1;
  install_handler();
  return tmpl;
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

std::string read_child_report(const std::string& path, nlohmann::json& report) {
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
  return "";
}

void write_text_file(const std::string& flag, const std::string& path, const std::string& text) {
  errno = 0;
  std::ofstream out(path);
  check_written(flag, path, bool(out), errno);
  out << text;
  out.close();   // a full device fails here
  check_written(flag, path, !out.fail(), errno);
}

}  // namespace hbmsim
