// What hbmsim must not leave behind when SIGINT, SIGTERM or SIGHUP ends it (Ctrl-C, a CI
// runner's timeout, a closed terminal): the child processes a bench started, its
// temporary folder, the temporary copy of a piped --standard or --model. The handler ends
// the children, removes what is listed, then ends the process by the same signal (exit
// 128 + N to a shell), with async-signal-safe calls only. A signal the process was
// started ignoring (SIGINT of a script's background job, nohup's SIGHUP) stays ignored.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <string>

namespace hbmsim {

// Blocks the three signals in this thread while it lives: what the handler reads is
// listed (or a child forked and listed) with them blocked, so it never sees half of it.
class SignalsBlocked {
 public:
  SignalsBlocked();
  ~SignalsBlocked();
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;
  const sigset_t& before() const { return old_; }

 private:
  sigset_t old_;
};

// Lists `path` (a file, or with `folder` a folder and what it holds, four levels deep) for
// removal on a signal; `said` (a string literal, or nullptr for nothing) is printed on
// stderr before the path once it is removed. Returns the entry for keep_on_signal(), or
// -1 when the list is full (the path is then left, as before). Call it with the signals
// blocked when the path was just made, so that no signal falls between the two.
int remove_on_signal(const std::string& path, bool folder, const char* said);
// The entry is its owner's to remove or keep from here on: a signal no longer removes it.
void keep_on_signal(int entry);

// A child process started (list it with the signals blocked, as it is forked): a signal
// ends it first (SIGTERM, then SIGKILL after 2 s), so that none writes into what is
// removed. child_reaped() once waitpid() has reaped it: its ID may be given to another.
void end_on_signal(pid_t pid);
void child_reaped(pid_t pid);

// While it lives, a signal that ends the process writes `line` on stderr (cut at 8 KiB):
// what the signal leaves incomplete, as a run's outputs. One at a time; "" says nothing.
class SaidOnSignal {
 public:
  explicit SaidOnSignal(const std::string& line);
  ~SaidOnSignal();
  SaidOnSignal(const SaidOnSignal&) = delete;
  SaidOnSignal& operator=(const SaidOnSignal&) = delete;
};

// In a child just forked: the dispositions the process was started with, before exec.
void restore_signal_dispositions();

}  // namespace hbmsim
