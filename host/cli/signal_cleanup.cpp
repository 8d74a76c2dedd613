#include "host/cli/signal_cleanup.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>

namespace hbmsim {
namespace {

// The handler does the cleaning itself: a flag the program checked would be seen only
// when a wait returns, and not at all while a run simulates, reads reports or prints.
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr size_t kNumSignals = sizeof kSignals / sizeof kSignals[0];
constexpr size_t kMaxChildren = 8;   // bench --jobs 2 at most, and a `run --help` probe
// A bench's folder, a piped standard's and model's copies, a waveform's FILE.hier.
constexpr size_t kMaxPaths = 4;

struct Listed {
  char path[4096];
  bool folder;
  const char* said;
  std::atomic<int> set;   // 1 once path, folder and said are written
};

std::atomic<pid_t> g_children[kMaxChildren];
Listed g_paths[kMaxPaths];
struct sigaction g_old[kNumSignals];   // as the process found them (SIG_IGN stays)
std::atomic<bool> g_installed{false};
char g_line[8192];                     // SaidOnSignal's line, NUL-terminated
std::atomic<bool> g_line_set{false};

void say(const char* s) {
  const ssize_t ignored = ::write(2, s, std::strlen(s));
  (void)ignored;
}

// Removes what the folder open as `fd` holds (a run's reports and logs; folders inside it
// too, 4 levels deep at most), with no allocation: readdir and std::filesystem are not
// async-signal-safe.
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

// SIGTERM to every child still running, then SIGKILL to one still there after 2 s. A
// child the program has reaped is no longer listed.
void end_children() {
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
}

bool remove_listed(const Listed& l) {
  if (!l.folder) return ::unlink(l.path) == 0;
  const int fd = ::open(l.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    empty_dir(fd, 0);
    ::close(fd);
  }
  return ::rmdir(l.path) == 0;
}

void on_signal(int sig) {
  // Children first, so none writes into a folder as it goes.
  end_children();
  for (auto& l : g_paths) {
    if (l.set.load(std::memory_order_acquire) != 1 || !remove_listed(l) || !l.said) continue;
    say(l.said);
    say(l.path);
    say("\n");
  }
  if (g_line_set.load(std::memory_order_acquire)) say(g_line);
  // Ended by the same signal, as without the handler (a shell sees 128 + the signal).
  ::signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
  _exit(128 + sig);
}

// Installs the handler (once, with the signals blocked by the caller).
void install_handler() {
  if (g_installed.exchange(true)) return;
  for (size_t i = 0; i < kNumSignals; ++i) {
    ::sigaction(kSignals[i], nullptr, &g_old[i]);
    if (g_old[i].sa_handler == SIG_IGN) continue;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int s : kSignals) sigaddset(&sa.sa_mask, s);
    sa.sa_flags = SA_RESTART;
    ::sigaction(kSignals[i], &sa, nullptr);
  }
}

}  // namespace

SignalsBlocked::SignalsBlocked() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : kSignals) sigaddset(&set, sig);
  ::pthread_sigmask(SIG_BLOCK, &set, &old_);
}

SignalsBlocked::~SignalsBlocked() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

int remove_on_signal(const std::string& path, bool folder, const char* said) {
  if (path.size() >= sizeof g_paths[0].path) return -1;
  const SignalsBlocked blocked;
  install_handler();
  for (size_t i = 0; i < kMaxPaths; ++i) {
    int free = 0;
    if (!g_paths[i].set.compare_exchange_strong(free, 2)) continue;   // 2: being written
    std::memcpy(g_paths[i].path, path.c_str(), path.size() + 1);
    g_paths[i].folder = folder;
    g_paths[i].said = said;
    g_paths[i].set.store(1, std::memory_order_release);
    return int(i);
  }
  return -1;
}

void keep_on_signal(int entry) {
  if (entry >= 0 && size_t(entry) < kMaxPaths) g_paths[entry].set.store(0);
}

SaidOnSignal::SaidOnSignal(const std::string& line) {
  if (line.empty()) return;   // nothing to say: the signals' dispositions stay as they are
  const SignalsBlocked blocked;
  install_handler();
  const size_t n = std::min(line.size(), sizeof g_line - 1);
  std::memcpy(g_line, line.data(), n);
  g_line[n] = 0;
  g_line_set.store(n > 0, std::memory_order_release);
}

SaidOnSignal::~SaidOnSignal() { g_line_set.store(false, std::memory_order_release); }

void end_on_signal(pid_t pid) {
  install_handler();
  for (auto& c : g_children) {
    pid_t none = 0;
    if (c.compare_exchange_strong(none, pid)) return;
  }
}

void child_reaped(pid_t pid) {
  for (auto& c : g_children) {
    pid_t was = pid;
    if (c.compare_exchange_strong(was, 0)) return;
  }
}

void restore_signal_dispositions() {
  if (!g_installed) return;
  for (size_t i = 0; i < kNumSignals; ++i) ::sigaction(kSignals[i], &g_old[i], nullptr);
}

}  // namespace hbmsim
