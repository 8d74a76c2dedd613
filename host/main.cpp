// hbmsim: the process. The command line itself is host/cli/cli_main.cpp. Exit codes: 0 pass,
// 1 a check failed, 2 bad input, 3 an internal error (hbmsim could not do its work: out of
// memory, a bug).
#include <csignal>
#include <cstdlib>

#include <systemc>

#include "host/cli/cli_main.h"

extern "C" int sc_main(int argc, char** argv) {
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  return hbmsim::cli_main(argc, argv);
}

// Our own main (libsystemc's would run first and print its banner before sc_main).
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  // A write past the file-size limit (ulimit -f) raises SIGXFSZ, whose default action ends
  // the process without a word (no summary, no report, a truncated log). Ignored, the write
  // fails with EFBIG, which every output's writer reports as it reports a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
  // Likewise SIGPIPE: an output on a pipe whose reader left (--cmd-log FIFO, a
  // `| head`) ended the run without a word, no summary, no report (exit 141 from the
  // shell). Ignored, the write fails with EPIPE and is reported as any failed write.
  std::signal(SIGPIPE, SIG_IGN);
  return sc_core::sc_elab_and_sim(argc, argv);
}
