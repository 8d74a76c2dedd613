// Issue 11, classes 5 and 6, as users meet them. Outputs are never lost silently: a
// --report, --cmd-log, --wave or bench --json that cannot be written fails before the run
// (exit 2, one line naming flag and path), a write that fails later fails the run, and a
// --wave-scope that selects nothing is refused. Nothing is counted that was not served:
// bursts answered DECERR are counted apart (axi_errors) and left out of the bandwidth.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_outputs_cli {

using namespace cli_test;

std::string artefact(const std::string& name) { return cli_test::artefact("outputs", name); }

uint64_t u(const nlohmann::json& j, const char* key) { return j.at(key).get<uint64_t>(); }
double d(const nlohmann::json& j, const char* key) { return j.at(key).get<double>(); }

bool is_char_device(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}

// `hbmsim ARGS` under /bin/sh with the file size limit at `blocks` 512-byte blocks and
// SIGXFSZ ignored (`trap_xfsz`): a write past the limit fails with EFBIG, as on a full disk.
// Without the trap the signal's action is the shell's default, as after a user's ulimit -f.
Result hbmsim_with_file_limit(unsigned blocks, const std::string& args, bool trap_xfsz = true) {
  Result r;
  const std::string inner = std::string(trap_xfsz ? "trap '' XFSZ; " : "") + "ulimit -f " +
                            std::to_string(blocks) + "; exec " + std::string(HBMSIM_BINARY) +
                            " " + args + " 2>&1";
  const std::string cmd = "/bin/sh -c \"" + inner + "\"";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A refused output: exit 2, one line naming the flag and the path, and no run (no
// summary) however long the run would have been.
void expect_refused_before_run(const Result& r, const std::string& flag, const std::string& path,
                               const std::string& why = "") {
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(lines_of(r.out).size(), 1u) << r.out;
  EXPECT_NE(r.out.find(flag + " " + path + ": cannot write"), std::string::npos) << r.out;
  if (!why.empty()) EXPECT_NE(r.out.find(why), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("hbmsim run:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("simulated"), std::string::npos) << r.out;
}

// Long enough (a million bursts) that a refusal after the run would time the test out.
const std::string kLongRun = "run --requests 1000000 --quiet";

// ---------------------------------------------------------------------------------------
// Class 5: outputs are never lost silently.

TEST(OutputsCli, ReportToAFullDeviceFailsBeforeTheRun) {
  if (!is_char_device("/dev/full")) GTEST_SKIP() << "/dev/full is not a device here";
  // The example: /dev/full opens fine and refuses every byte; the run used to
  // exit 0 having written nothing.
  for (const char* flag : {"--report", "--cmd-log", "--wave"}) {
    SCOPED_TRACE(flag);
    const Result r = hbmsim(kLongRun + " " + flag + " /dev/full");
    expect_refused_before_run(r, flag, "/dev/full", "No space left on device");
  }
}

// Standard output on a full disk (`hbmsim run > out.txt`): the summary, check-log's
// violations and bench's table were lost and the exit code was still 0. Said on stderr,
// exit 2, as for a report that cannot be written after the run.
TEST(OutputsCli, StandardOutputThatCannotBeWrittenIsAnError) {
  if (!is_char_device("/dev/full")) GTEST_SKIP() << "/dev/full is not a device here";
  const std::string log = artefact("stdout_full.csv");
  ASSERT_EQ(hbmsim("run --requests 10 --quiet --cmd-log " + log).code, 0);
  // The reason is known when the last flush fails (run); check-log and bench flush as
  // they go, and the stream keeps only that a write failed.
  const std::string said = "hbmsim: standard output: cannot write: ";
  const std::string tail = " (what the command printed is incomplete)\n";
  // --help too: its text lost exited 0, as if printed.
  for (const std::string& args : {std::string("run --requests 10"), "check-log " + log,
                                  std::string("bench --only '^seq-read$' --pcs 1 --requests 5 "
                                              "--repeat 1"),
                                  std::string("--help"), std::string("run --help")}) {
    SCOPED_TRACE(args);
    // stderr to the pipe the test reads, stdout to /dev/full.
    const Result r = shell(std::string(HBMSIM_BINARY) + " " + args + " 2>&1 >/dev/full");
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find(said), std::string::npos) << r.out;
    EXPECT_EQ(r.out.substr(r.out.size() - std::min(r.out.size(), tail.size())), tail) << r.out;
  }
  const Result run = shell(std::string(HBMSIM_BINARY) + " run --requests 10 2>&1 >/dev/full");
  EXPECT_EQ(run.out, said + "No space left on device" + tail);
  // Violations past stdio's buffer: fmt::print threw on the failed write, SystemC's wrapper
  // caught it, printed it to the same full stdout and returned 1, check-log's "violations
  // found"; the reason is the write's own.
  std::string lines = "cycle,ch,pc,sid,cmd,bg,bank,row,col\n";
  for (int i = 0; i < 300; ++i) lines += std::to_string(100 + i) + ",0,0,0,RD,0,0,,0\n";
  const std::string bad = write_artefact("outputs", "stdout_full_violations.csv", lines);
  const Result many = shell(std::string(HBMSIM_BINARY) + " check-log " + bad +
                            " 2>&1 >/dev/full");
  EXPECT_EQ(many.code, 2) << many.out;
  EXPECT_EQ(many.out, said + "No space left on device" + tail);
  const Result quiet = shell(std::string(HBMSIM_BINARY) +
                             " run --requests 10 --quiet 2>&1 >/dev/full");
  EXPECT_EQ(quiet.code, 0) << "nothing printed, nothing lost: " << quiet.out;
}

TEST(OutputsCli, UnwritablePlacesFailBeforeTheRunNamingFlagAndPath) {
  const std::string dir = artefact("a_directory");
  std::filesystem::create_directories(dir);
  const std::string missing = artefact("no_such_dir") + "/out";
  std::filesystem::remove_all(artefact("no_such_dir"));
  for (const char* flag : {"--report", "--cmd-log", "--wave"}) {
    SCOPED_TRACE(flag);
    expect_refused_before_run(hbmsim(kLongRun + " " + flag + " " + missing), flag, missing,
                              "No such file or directory");
    expect_refused_before_run(hbmsim(kLongRun + " " + flag + " " + dir), flag, dir,
                              "Is a directory");
    // Read-only even for root: the kernel's files under /proc.
    expect_refused_before_run(hbmsim(kLongRun + " " + flag + " /proc/version"), flag,
                              "/proc/version");
    EXPECT_FALSE(std::filesystem::exists(missing));
  }
}

TEST(OutputsCli, ACheckThatFailsLeavesTheOtherOutputsUntouched) {
  // --report names a file that exists; --cmd-log a missing directory. The refusal comes
  // before anything is written: the existing file keeps its contents, no file is left.
  const std::string report = artefact("keep.json");
  {
    std::ofstream(report) << "{\"mine\": 1}\n";
  }
  const std::string missing = artefact("no_such_dir2") + "/c.csv";
  const std::string wave = artefact("not_created.fst");
  std::filesystem::remove(wave);
  const Result r = hbmsim(kLongRun + " --report " + report + " --wave " + wave + " --cmd-log " +
                          missing);
  expect_refused_before_run(r, "--cmd-log", missing);
  EXPECT_EQ(slurp(report), "{\"mine\": 1}\n");
  EXPECT_FALSE(std::filesystem::exists(wave)) << "the check must not leave an empty file";
}

TEST(OutputsCli, BenchJsonToAnUnwritablePlaceFailsBeforeAnyRun) {
  const std::string missing = artefact("no_such_dir3") + "/bench.json";
  // Each would run for minutes (--tile takes no --requests: its shapes are fixed).
  for (const std::string args : {"--requests 100000", "--tile --pcs 32"}) {
    SCOPED_TRACE(args);
    const Result r = hbmsim("bench --json " + missing + " " + args);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(lines_of(r.out).size(), 1u) << r.out;
    EXPECT_NE(r.out.find("--json " + missing + ": cannot write: No such file or directory"),
              std::string::npos) << r.out;
  }
  if (is_char_device("/dev/full")) {
    const Result r = hbmsim("bench --json /dev/full --only seq-read --requests 100");
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("--json /dev/full: cannot write: No space left on device"),
              std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("seq-read "), std::string::npos) << "no run before the refusal";
  }
}

// An output that is the file the standard output or error is redirected to (`hbmsim run
// --report /dev/stdout > out.txt`): two writers, each at its own offset, one file. The
// summary overwrote the report's first lines (or the command log's header), bench's JSON
// truncated its table away, and the waveform writer replaced the file: exit 0 each time.
// Refused before the run, naming the flag, the path and the stream; a pipe is still shared.
TEST(OutputsCli, AnOutputOnTheFileOfStdoutOrStderrIsRefused) {
  const std::string file = artefact("redirected.txt");
  const std::string hbm = std::string(HBMSIM_BINARY) + " ";
  const std::string short_run = "run --requests 10";
  const struct {
    std::string args, redirect, stream;
  } cases[] = {
      {short_run + " --report /dev/stdout", "2>&1 >" + file, "standard output"},
      {short_run + " --cmd-log /dev/stdout", "2>&1 >" + file, "standard output"},
      {short_run + " --wave /dev/stdout", "2>&1 >" + file, "standard output"},
      {short_run + " --html " + file, "2>&1 >" + file, "standard output"},
      {short_run + " --timeseries " + file, "2>" + file, "standard error"},
      {"bench --only '^seq-read$' --pcs 1 --requests 5 --repeat 1 --json /dev/stdout",
       "2>&1 >" + file, "standard output"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args + " " + c.redirect);
    std::filesystem::remove(file);
    const Result r = shell(hbm + c.args + " " + c.redirect);
    const std::string said = c.stream == "standard error" ? slurp(file) : r.out;
    const std::string flag = c.args.substr(c.args.rfind(" --") + 1);
    EXPECT_EQ(r.code, 2) << said;
    EXPECT_NE(said.find(flag + ": the same file as the " + c.stream + " (" + file + ")"),
              std::string::npos) << said;
    EXPECT_EQ(lines_of(said).size(), 1u) << said;
  }
  // A pipe on stdout is not a file: the report reaches it as before.
  const Result piped = shell(hbm + "run --requests 10 --quiet --report /dev/stdout | cat");
  EXPECT_EQ(piped.code, 0) << piped.out;
  EXPECT_EQ(nlohmann::json::parse(piped.out, nullptr, false)["status"], "pass") << piped.out;
}

TEST(OutputsCli, ACommandLogThatFillsTheDiskFailsTheRun) {
  // The file opens; writing stops at 4 KiB (a full disk). The run must not exit 0: it
  // fails with a problem naming the log, and the report (small enough) says so too.
  const std::string log = artefact("full.csv");
  const std::string report = artefact("full.json");
  std::filesystem::remove(log);
  std::filesystem::remove(report);
  const Result r = hbmsim_with_file_limit(
      8, "run --requests 2000 --quiet --cmd-log " + log + " --report " + report);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("--cmd-log " + log + ": cannot write: File too large"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL"), std::string::npos) << r.out;
  ASSERT_TRUE(std::filesystem::exists(report));
  const nlohmann::json j = load_json(report);
  EXPECT_EQ(j["status"], "fail");
  ASSERT_FALSE(j["problems"].empty());
  EXPECT_NE(j["problems"][0].get<std::string>().find("--cmd-log"), std::string::npos);
  EXPECT_LE(std::filesystem::file_size(log), 4096u);
}

// Under a user's ulimit -f (SIGXFSZ at its default action) a write past the limit ended
// the run on the signal, silently: no summary, no report, exit 153 from the shell.
TEST(OutputsCli, AFileSizeLimitFailsTheRunWithAMessageNotASignal) {
  const std::string log = artefact("xfsz.csv"), report = artefact("xfsz.json");
  std::filesystem::remove(log);
  std::filesystem::remove(report);
  const Result r = hbmsim_with_file_limit(
      8, "run --requests 2000 --quiet --cmd-log " + log + " --report " + report, false);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("--cmd-log " + log + ": cannot write: File too large"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(report));
}

// A named pipe's reader (mkfifo F; cat F > out &) saw the output check's open and close as
// the whole output and left; the report, written after the run, then waited on open for a
// reader that never came: the run hung after its summary.
// A pipe whose reader leaves: SIGPIPE's default action ended the run without a word (no
// summary, no report; exit 141 from the shell), as SIGXFSZ did. Ignored, the write fails
// with EPIPE and is reported as a full disk is: the command log's failure fails the run
// (exit 1, a problem line), the report is still written; stdout's, exit 2 and a line.
TEST(OutputsCli, AReaderThatLeavesAPipeFailsTheWriteNotTheProcess) {
  const std::string fifo = artefact("leaving.fifo"), report = artefact("leaving.json");
  std::filesystem::remove(fifo);
  std::filesystem::remove(report);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const Result r = shell("head -c 100 " + fifo + " > /dev/null & timeout 60 " +
                         std::string(HBMSIM_BINARY) + " run --requests 20000 --cmd-log " + fifo +
                         " --report " + report + " 2>&1; code=$?; wait; exit $code");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("  problem       --cmd-log " + fifo + ": cannot write: Broken pipe"),
            std::string::npos) << r.out;
  EXPECT_EQ(load_json(report)["status"], "fail");
  std::filesystem::remove(fifo);
  // stdout to `head -1`: exit 2 (its line goes to the pipe too), not 141. Every violation
  // printed (2 MB, past a pipe's 64 KiB): the default's 19 KB could all be in the pipe
  // before head left, and the test then saw exit 1 (once, in a CI run on 2 busy cores).
  std::string lines = "cycle,ch,pc,sid,cmd,bg,bank,row,col\n";
  for (int i = 0; i < 3000; ++i) lines += std::to_string(100 + i) + ",0,0,0,RD,0,0,,0\n";
  const std::string bad = write_artefact("outputs", "leaving_violations.csv", lines);
  const std::string code = artefact("leaving_code");
  const Result head = shell("{ " + std::string(HBMSIM_BINARY) + " check-log --max-violations 0 " +
                            bad + " 2>&1 >&3; echo $? > " + code + "; } 3>&1 | "
                            "head -1 >/dev/null; cat " + code);
  EXPECT_EQ(head.out, "2\n") << "141: killed by SIGPIPE";
}

TEST(OutputsCli, AReportToANamedPipeReachesItsReader) {
  const std::string fifo = artefact("report.fifo"), got = artefact("from_fifo.json");
  std::filesystem::remove(fifo);
  std::filesystem::remove(got);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const Result r = shell("cat " + fifo + " > " + got + " & timeout 60 " +
                         std::string(HBMSIM_BINARY) + " run --requests 10 --quiet --report " +
                         fifo + "; code=$?; wait; exit $code");
  EXPECT_EQ(r.code, 0) << "124: the run hung on the pipe; " << r.out;
  EXPECT_EQ(load_json(got)["status"], "pass");
  std::filesystem::remove(fifo);
}

// An output path of thousands of characters was echoed whole, and the line (cut at 1000
// characters) lost the reason: '--report d/d/d/...d...' without 'File name too long'. The
// path is cut to 200 bytes, so the reason is read.
TEST(OutputsCli, AVeryLongOutputPathLeavesRoomForTheReason) {
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += "d/";
  const std::string name(300, 'a');
  for (const std::string& path : {deep + "x.json", name}) {
    const Result r = hbmsim("run --requests 5 --quiet --report " + path);
    EXPECT_EQ(r.code, 2) << r.out.substr(0, 300);
    EXPECT_EQ(r.out, "hbmsim: --report " + path.substr(0, 200) + "...: cannot write: File name "
                     "too long\n");
  }
}

// A named pipe nobody reads is refused before the run (it would block the run's write),
// but as 'cannot write: No such device or address' (ENXIO), which said nothing of the pipe.
TEST(OutputsCli, ANamedPipeWithNoReaderIsNamedSo) {
  const std::string fifo = artefact("unread.fifo");
  std::filesystem::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const char* flag : {"--report", "--cmd-log", "--timeseries"}) {
    const Result r = hbmsim(std::string("run --requests 10 --quiet ") + flag + " " + fifo);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.out, std::string("hbmsim: ") + flag + " " + fifo + ": cannot write: a named "
                     "pipe with no reader (start its reader first, e.g. 'cat PIPE &', or give "
                     "a file)\n");
  }
  std::filesystem::remove(fifo);
}

// A pipe whose read end hbmsim itself holds: `--cmd-log <(cmd)` (for '>(cmd)'), or
// /dev/stdin when the input is a pipe. The check's open found a reader (hbmsim) and let it
// by; the run then wrote into its own pipe, which nothing read: the command log of 2000
// bursts filled it and the run waited forever (killed by timeout here, 124), and a short
// report went nowhere with exit 0. Refused before the run, naming the descriptor.
TEST(OutputsCli, APipeHbmsimItselfReadsIsNoOutput) {
  for (const char* flag : {"--cmd-log", "--report", "--timeseries", "--html"}) {
    for (const auto& [path, fd] : {std::pair<std::string, int>{"/dev/stdin", 0},
                                   std::pair<std::string, int>{"/dev/fd/3", 3}}) {
      const Result r = shell("true | timeout 60 " + std::string(HBMSIM_BINARY) +
                             " run --requests 2000 --quiet " + flag + " " + path +
                             (fd == 3 ? " 3<&0 </dev/null" : "") + " 2>&1");
      EXPECT_EQ(r.code, 2) << flag << " " << path << ": " << r.out;
      EXPECT_EQ(r.out, std::string("hbmsim: ") + flag + " " + path + ": cannot write: a pipe "
                       "whose read end is hbmsim's own (its fd " + std::to_string(fd) +
                       "), so nothing reads what the run writes there and the run would wait "
                       "forever once it is full (an output sent to a command is '>(CMD)', not "
                       "'<(CMD)'; or give a file)\n");
    }
  }
}

// Verilator's FST writer removes its path and makes a new file there: as root, --wave
// /dev/null replaced /dev/null with the waveform, and --wave LINK replaced the link with a
// file, its target untouched. A device (here through a link, harmless to the old writer)
// is refused; a link is followed, and stays.
TEST(OutputsCli, AWaveformNeverReplacesADeviceOrALink) {
  const std::string to_null = artefact("wave_null.fst");
  std::filesystem::remove(to_null);
  ASSERT_EQ(::symlink("/dev/null", to_null.c_str()), 0);
  const Result r = hbmsim("run --requests 10 --quiet --wave " + to_null);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out, "hbmsim: --wave " + to_null + ": not a regular file: the waveform writer "
                   "removes the file and makes a new one in its place, which a device or a pipe "
                   "must not be; give a file's path, or leave out --wave\n");
  EXPECT_TRUE(std::filesystem::is_symlink(to_null));
  const std::string target = artefact("wave_target.fst"), link = artefact("wave_link.fst");
  expect_written_through_new_link("run --requests 10 --quiet --wave", link, target);
  EXPECT_GT(std::filesystem::file_size(target), 0u);
}

// The models are traced in FST only: '--wave w.vcd' wrote an FST file under the VCD name
// without a word, which a VCD reader then refused as garbage. Refused before the run, with
// the name to give and the converter; another name (or none) is written as before.
TEST(OutputsCli, AWaveformNamedVcdIsRefusedAsTheFstItWouldBe) {
  for (const char* name : {"named.vcd", "NAMED.VCD"}) {
    const std::string wave = artefact(name);
    std::filesystem::remove(wave);
    const std::string fst = wave.substr(0, wave.size() - 4) + ".fst";
    const Result r = hbmsim("run --requests 10 --quiet --wave " + wave);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.out, "hbmsim: --wave " + wave + ": the waveform is FST, not VCD (the models "
                     "are traced in FST only): name it " + fst + "; fst2vcd, from gtkwave, "
                     "converts it to VCD\n");
    EXPECT_FALSE(std::filesystem::exists(wave)) << wave;
  }
  const std::string plain = artefact("named_wave");
  std::filesystem::remove(plain);
  const Result r = hbmsim("run --requests 10 --quiet --wave " + plain);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_GT(std::filesystem::file_size(plain), 0u);
}

// A pipe reached through a descriptor's link (/dev/stdout, /dev/stderr, /dev/fd/N: here
// the test's pipe) was followed to the link's text, 'pipe:[INODE]', as if it were a path:
// refused after the model was built as 'hbmsim: --wave /proc/self/fd/pipe:[170192]: cannot
// write: the waveform writer could not open it, /proc/self/fd/pipe:[170192].hier or its 4
// temporary files: No such file or directory', a path the user never gave. Refused as the
// pipe it is, under the path given.
TEST(OutputsCli, AWaveformToAPipeThroughAnFdLinkIsNamedAsGiven) {
  for (const char* path : {"/dev/stdout", "/dev/fd/1"}) {
    const Result r = hbmsim(std::string("run --requests 10 --quiet --wave ") + path);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.out, std::string("hbmsim: --wave ") + path + ": not a regular file: the "
                     "waveform writer removes the file and makes a new one in its place, which "
                     "a device or a pipe must not be; give a file's path, or leave out --wave\n");
  }
}

// Verilator's FST writer keeps the hierarchy in WAVE.hier while it writes: it unlinks
// whatever is there first and the file at the end. A user's file of that name was deleted
// by a passing run, a --cmd-log named so was gone after a run that passed, and a
// directory there left the waveform empty, reported after the run as "incomplete (...
// was the disk full?)". Each is refused before the run, and the file stays.
TEST(OutputsCli, TheWaveformWritersHierarchyFileIsNeverSomeoneElses) {
  const std::string wave = artefact("hier.fst"), hier = wave + ".hier";
  std::filesystem::remove_all(hier);
  write_artefact("outputs", "hier.fst.hier", "precious\n");
  Result r = hbmsim("run --requests 10 --quiet --wave " + wave);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out, "hbmsim: --wave " + wave + ": " + hier + " exists: the waveform writer keeps "
                   "the hierarchy there while it writes, removing what is there first and the "
                   "file at the end; move it away or give --wave another path\n");
  EXPECT_EQ(slurp(hier), "precious\n");
  std::filesystem::remove(hier);
  std::filesystem::create_directory(hier);
  r = hbmsim("run --requests 10 --quiet --wave " + wave);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find(hier + " exists"), std::string::npos) << r.out;
  std::filesystem::remove(hier);
  for (const char* flag : {"--cmd-log", "--timeseries", "--report"}) {
    r = hbmsim("run --requests 10 --quiet --wave " + wave + " " + flag + " " + hier);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.out, "hbmsim: " + std::string(flag) + " " + hier + ": the waveform writer keeps "
                     "--wave " + wave + "'s hierarchy in " + hier + " while it writes and "
                     "removes it at the end; give " + flag + " another path\n");
    EXPECT_FALSE(std::filesystem::exists(hier));
  }
  r = hbmsim("run --requests 10 --quiet --wave " + wave);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_GT(std::filesystem::file_size(wave), 0u);
  EXPECT_FALSE(std::filesystem::exists(hier));
}

// Out of file descriptors (ulimit -n), the waveform writer opened none of its files and
// said nothing: the run went on, and its end said the empty file it left was "incomplete
// (0 bytes, not a readable FST file; was the disk full?)". Refused before the run with
// the reason, and no file left. (A full disk keeps its message; it is not simulated here:
// under ulimit -f the writer itself dies of SIGBUS or spins.)
TEST(OutputsCli, AWaveformOutOfFileDescriptorsSaysSoNotAFullDisk) {
  const std::string wave = artefact("no_fds.fst");
  bool refused = false;
  for (int n = 4; n <= 16; ++n) {
    std::filesystem::remove(wave);
    // Redirected before the limit: the shell's own redirection needs descriptors from 10.
    const Result r = shell("(ulimit -n " + std::to_string(n) + " && exec " + HBMSIM_BINARY +
                           " run --requests 4 --quiet --wave " + wave + ") 2>&1");
    EXPECT_EQ(r.out.find("was the disk full?"), std::string::npos) << n << ": " << r.out;
    if (r.out.find("--wave " + wave + ": cannot write:") == std::string::npos) continue;
    refused = true;
    EXPECT_EQ(r.code, 2) << n << ": " << r.out;
    EXPECT_EQ(r.out, "hbmsim: --wave " + wave + ": cannot write: the waveform writer could not "
                     "open it, " + wave + ".hier or its 4 temporary files: Too many open "
                     "files\n") << n;
    EXPECT_FALSE(std::filesystem::exists(wave)) << n;
    EXPECT_FALSE(std::filesystem::exists(wave + ".hier")) << n;
  }
  EXPECT_TRUE(refused) << "no ulimit -n from 4 to 16 left the writer short of descriptors";
}

// Under a file-size limit the FST writer crashed (SIGBUS) or spun for ever on a write the
// limit refused: a waveform is refused before the run, naming the limit.
TEST(OutputsCli, AWaveformUnderAFileSizeLimitIsRefusedNotAHang) {
  const std::string wave = artefact("limited.fst");
  std::filesystem::remove(wave);
  const Result r = hbmsim_with_file_limit(200, "run --requests 20000 --quiet --wave " + wave);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--wave " + wave + ": a file-size limit is set (ulimit -f: 102400 bytes)"),
            std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(wave));
  // The other outputs still run under the limit (their writes report EFBIG).
  const Result log = hbmsim_with_file_limit(200, "run --requests 20 --quiet --cmd-log " +
                                                     artefact("limited.csv"));
  EXPECT_EQ(log.code, 0) << log.out;
}

TEST(OutputsCli, AReportThatCannotBeWrittenAfterTheRunIsAnError) {
  // The report (over 2 KiB) does not fit in 1 KiB: the run finishes, then writing the
  // report fails; the exit code and a message say so.
  const std::string report = artefact("truncated.json");
  std::filesystem::remove(report);
  const Result r = hbmsim_with_file_limit(2, "run --requests 50 --report " + report);
  EXPECT_NE(r.code, 0) << r.out;
  EXPECT_NE(r.code, -1) << "no signal: " << r.out;
  EXPECT_NE(r.out.find("--report " + report + ": cannot write: File too large"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hbmsim run:"), std::string::npos) << "the summary is still printed";
}

// A report or HTML page whose write failed part-way (a full disk; here a file-size limit)
// was left as far as it got: an 8 KiB head of a 40 KiB page, a JSON report cut mid-key,
// in place of the earlier run's complete file, for the next reader to take as this run's.
// What was written is removed, and the message says so.
TEST(OutputsCli, AReportOrPageCutShortIsRemovedNotLeftHalfWritten) {
  const std::string html = artefact("cut.html"), report = artefact("cut_small.json");
  std::filesystem::remove(report);
  { std::ofstream(html) << "an earlier run's page\n"; }
  const Result r = hbmsim_with_file_limit(16, "run --requests 50 --quiet --html " + html +
                                                  " --report " + report);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--html " + html + ": cannot write: File too large; the part written "
                       "is removed"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(html)) << slurp(html).size() << " bytes left";
  // The report, written before the page and within the limit, is whole.
  EXPECT_EQ(load_json(report)["status"], "pass");

  const std::string big = artefact("cut_big.json");
  { std::ofstream(big) << "{}\n"; }
  const Result j = hbmsim_with_file_limit(2, "run --requests 50 --quiet --report " + big);
  EXPECT_EQ(j.code, 2) << j.out;
  EXPECT_NE(j.out.find("--report " + big + ": cannot write: File too large; the part written "
                       "is removed"), std::string::npos) << j.out;
  EXPECT_FALSE(std::filesystem::exists(big)) << slurp(big);
}

// A report whose folder went away during the run (checked before it, written after):
// refused as 'DIR/r.json: cannot write report: ...', not naming --report as every other
// output's refusal does, and the --html page, written after the report, was then not
// written at all, without a word. Now each output is tried and each failure named.
TEST(OutputsCli, AReportThatCannotBeOpenedAfterTheRunNamesItsFlagAndTheHtmlIsStillWritten) {
  const std::string dir = artefact("vanishing_dir"), html = artefact("vanishing.html");
  std::filesystem::remove_all(dir);
  std::filesystem::remove(html);
  std::filesystem::create_directories(dir);
  const std::string report = dir + "/r.json";
  // The command log shows the run has started; then the folder goes.
  const Result r = shell(std::string(HBMSIM_BINARY) + " run --requests 100000 --quiet --cmd-log " +
                         dir + "/c.csv --report " + report + " --html " + html +
                         " 2>&1 & b=$!; for i in $(seq 100); do [ -s " + dir +
                         "/c.csv ] && break; sleep 0.05; done; rm -rf " + dir +
                         "; wait $b; echo \"exit $?\"");
  EXPECT_NE(r.out.find("hbmsim: --report " + report + ": cannot write: No such file or directory"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("exit 2"), std::string::npos) << r.out;
  EXPECT_NE(slurp(html).find("</html>"), std::string::npos) << r.out;
}

// A workload refused as it is built (exit 2: tensors that do not fit the PCs, a model too
// large for them) had already made the command log (its header), the waveform (59 KB)
// and the time series, and left them with nothing run. Those the run made are removed; a
// file that was there before is left as it was.
TEST(OutputsCli, ARunRefusedAsItIsBuiltLeavesNoOutputBehind) {
  namespace fs = std::filesystem;
  const std::string dir = artefact("refused");
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir + "/r.json") << "before\n";
  const std::string outputs = " --cmd-log " + dir + "/c.csv --wave " + dir + "/w.fst "
                              "--timeseries " + dir + "/t.csv --html " + dir + "/h.html "
                              "--report " + dir + "/r.json";
  for (const std::string args : {"--pcs 2 --workload gemv --m 4000000 --k 16384",
                                 "--pcs 1 --workload decode --model llama2-70b --context 8"}) {
    const Result r = hbmsim("run " + args + outputs);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    EXPECT_NE(r.out.find("does not fit"), std::string::npos) << args << ": " << r.out;
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(dir)) left.push_back(e.path().filename());
    EXPECT_EQ(left, std::vector<std::string>{"r.json"}) << args;
    EXPECT_EQ(slurp(dir + "/r.json"), "before\n") << args;
  }
}

// The FST writer keeps the hierarchy in FILE.hier while it writes: a run with --wave ended
// by SIGTERM, SIGINT or SIGHUP left it, and the next run with that --wave was refused
// ("w.fst.hier exists"). Each signal: it is removed, and the next run starts.
TEST(OutputsCli, ASignalLeavesNoWaveformHierarchyBehind) {
  const std::string wave = artefact("signal.fst");
  const std::pair<const char*, int> signals[] = {{"TERM", 143}, {"INT", 130}, {"HUP", 129}};
  for (const auto& [sig, code] : signals) {
    std::remove(wave.c_str());
    std::remove((wave + ".hier").c_str());
    // A background job of a script starts with SIGINT ignored: env gives it back.
    const Result r = shell("env --default-signal=INT " + std::string(HBMSIM_BINARY) +
                           " run --requests 100000000 --quiet --wave " + wave +
                           " >/dev/null 2>&1 & b=$!; for i in $(seq 100); do [ -e " + wave +
                           ".hier ] && break; sleep 0.1; done; ls " + wave + ".hier; kill -" +
                           sig + " $b; wait $b; echo \"exit $?\"");
    EXPECT_NE(r.out.find(wave + ".hier"), std::string::npos) << sig << ": never made: " << r.out;
    EXPECT_NE(r.out.find("exit " + std::to_string(code)), std::string::npos) << sig << ": " << r.out;
    EXPECT_FALSE(std::filesystem::exists(wave + ".hier")) << sig;
    const Result next = hbmsim("run --requests 10 --quiet --wave " + wave);
    EXPECT_EQ(next.code, 0) << sig << ": " << next.out;
  }
}

// A run ended by SIGTERM (a CI runner's timeout, kill PID) left its command log cut in
// the middle of a line, the time series' first windows and a waveform that does not open,
// with a previous run's report still there, and said nothing: exit 143 alone. It says on
// stderr which outputs are incomplete and which were not written.
TEST(OutputsCli, ASignalSaysWhichOutputsItLeftIncomplete) {
  const std::string log = artefact("signal_cut.csv"), series = artefact("signal_cut_series.csv");
  const std::string report = artefact("signal_cut.json"), err = artefact("signal_cut.err");
  for (const std::string& f : {log, series, report}) std::remove(f.c_str());
  const Result r = shell(std::string(HBMSIM_BINARY) + " run --requests 100000000 --quiet "
                         "--cmd-log " + log + " --timeseries " + series + " --report " + report +
                         " >/dev/null 2>" + err + " & b=$!; for i in $(seq 100); do [ -s " + log +
                         " ] && break; sleep 0.1; done; kill -TERM $b; wait $b; echo \"exit $?\"");
  EXPECT_NE(r.out.find("exit 143"), std::string::npos) << r.out;
  EXPECT_EQ(slurp(err), "hbmsim run: ended by a signal before its outputs were complete: "
                        "incomplete --cmd-log " + log + ", --timeseries " + series +
                        "; not written --report " + report + "\n");
  // Nothing listed once the outputs are written: a quick run says nothing.
  const Result done = hbmsim("run --requests 10 --quiet --cmd-log " + log + " --report " + report);
  EXPECT_EQ(done.code, 0) << done.out;
  EXPECT_EQ(done.out, "");
}

TEST(OutputsCli, WaveScopeNamingNothingIsAnErrorListingTheScopes) {
  const std::string wave = artefact("scope_nosuch.fst");
  // The example: a scope that does not exist dumped everything (here: crashed).
  Result r = hbmsim(kLongRun + " --wave " + wave + " --wave-scope nosuch");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(lines_of(r.out).size(), 1u) << r.out;
  EXPECT_NE(r.out.find("--wave-scope nosuch: no such scope"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("scopes at the top: ch0"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("hbmsim run:"), std::string::npos) << r.out;

  // A typo deep down: the top-level scopes (channels and crossbar) and what exists under
  // the part that is right.
  r = hbmsim("run --pcs 4 --xbar --requests 1000000 --quiet --wave " + wave +
             " --wave-scope ch1.hbm_sim_top.u_stak");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("scopes at the top: ch0, ch1, xbar"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("under ch1.hbm_sim_top: u_stack"), std::string::npos) << r.out;

  // A scope that exists but holds no signal within --wave-depth levels.
  r = hbmsim(kLongRun + " --wave " + wave +
             " --wave-scope ch0.hbm_sim_top.u_stack.g_ch[0].u_ch.g_pc[0] --wave-depth 1");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("no signal within 1 level"), std::string::npos) << r.out;

  // A name that only starts like a scope is not that scope ("ch" is not "ch0").
  r = hbmsim(kLongRun + " --wave " + wave + " --wave-scope ch");
  EXPECT_EQ(r.code, 2) << r.out;
}

TEST(OutputsCli, WaveScopeOnManyChannelsHoldsOnlyThatScope) {
  // Was a segfault: a scope in one of 16 channel models.
  const std::string wave = artefact("scope32.fst");
  std::filesystem::remove(wave);
  const Result r = hbmsim("run --pcs 32 --requests 20 --quiet --wave " + wave +
                          " --wave-scope ch3.hbm_sim_top.u_stack.g_ch[0].u_ch.g_pc[0].u_pc."
                          "u_csr");
  ASSERT_EQ(r.code, 0) << r.out;
  ASSERT_TRUE(std::filesystem::exists(wave));
  EXPECT_GT(std::filesystem::file_size(wave), 0u);
  // If fst2vcd is there, every scope in the file is on the path to u_csr or under it.
  const Result vcd = [&] {
    Result x;
    FILE* p = popen(("fst2vcd " + wave + " 2>/dev/null").c_str(), "r");
    if (!p) return x;
    std::array<char, 4096> buf;
    while (size_t n = fread(buf.data(), 1, buf.size(), p)) x.out.append(buf.data(), n);
    x.code = WEXITSTATUS(pclose(p));
    return x;
  }();
  if (vcd.code != 0 || vcd.out.empty()) GTEST_SKIP() << "no fst2vcd to read the file back";
  EXPECT_NE(vcd.out.find("$scope module ch3 $end"), std::string::npos);
  EXPECT_EQ(vcd.out.find("$scope module ch0 $end"), std::string::npos);
  EXPECT_EQ(vcd.out.find("u_queue"), std::string::npos);
  EXPECT_NE(vcd.out.find("$scope module u_csr $end"), std::string::npos);
}

// ---------------------------------------------------------------------------------------
// Class 6: never count what was not served.

// Runs `hbmsim run ARGS --report` and returns the report and the summary.
nlohmann::json run_report(const std::string& name, const std::string& args, std::string& out) {
  return cli_test::run_report("outputs", name, args, &out);
}

// What every report must satisfy: bytes are what the DRAM served, bandwidth is those
// bytes over the run's time, efficiency that over the peak, and every burst issued is
// either served or an error.
void expect_served_only(const nlohmann::json& j, uint64_t bursts_issued, unsigned beats) {
  ASSERT_TRUE(j.contains("axi_errors")) << j.dump();
  const uint64_t decerr = u(j["axi_errors"], "decerr"), slverr = u(j["axi_errors"], "slverr");
  EXPECT_EQ(u(j, "reads") + u(j, "writes") + decerr + slverr, bursts_issued);
  const uint64_t dram_bytes = 32 * (u(j["dram"], "read_bursts") + u(j["dram"], "write_bursts"));
  EXPECT_EQ(u(j, "bytes"), dram_bytes);
  EXPECT_EQ(u(j, "bytes"), (u(j, "reads") + u(j, "writes")) * beats * 32);
  const double ns = double(u(j, "cycles")) * d(j, "tck_ns");
  EXPECT_NEAR(d(j, "bandwidth_gbps"), double(dram_bytes) / ns, 1e-9);
  EXPECT_NEAR(d(j, "efficiency"), d(j, "bandwidth_gbps") / d(j, "peak_gbps"), 1e-12);
  EXPECT_LE(d(j, "efficiency"), 1.0);
  EXPECT_EQ(j["status"], "pass");
}

TEST(ErrorResponsesCli, BurstsInTheMissingStackIdAreCountedApartNotAsBandwidth) {
  // The example: HBM3E (3 stack IDs, a 2-bit field) with the stack ID above the
  // banks: a quarter of the addresses fall in the missing ID and are answered DECERR.
  std::string out;
  const nlohmann::json j =
      run_report("hole_seq", "--standard hbm3e --mapping RoSiBaCoBg --requests 10000", out);
  ASSERT_FALSE(j.empty());
  expect_served_only(j, 10000, 2);
  const uint64_t decerr = u(j["axi_errors"], "decerr");
  // The bursts in the hole are exactly those the DRAM never saw.
  EXPECT_EQ(decerr, 10000 - u(j["dram"], "read_bursts") / 2);
  EXPECT_GT(decerr, 10000u / 5);
  EXPECT_LT(decerr, 10000u / 3);
  EXPECT_EQ(u(j["axi_errors"], "slverr"), 0u);
  // Every served byte was read back and compared; none of the DECERR bursts was.
  EXPECT_EQ(u(j["checks"], "bytes_checked"), u(j, "bytes"));
  EXPECT_NE(out.find("axi errors    " + std::to_string(decerr) + " bursts answered DECERR"),
            std::string::npos) << out;
  // Read latency is that of served reads only: the DECERR answers come back early.
  EXPECT_GT(d(j["read_latency_ns"], "p50"), 20.0);
}

TEST(ErrorResponsesCli, RandomReadsAndWritesInTheHoleAreLeftOutOfBothCounts) {
  std::string out;
  const nlohmann::json j = run_report(
      "hole_mix", "--standard hbm3e --mapping RoSiBaCoBg --workload random --read-ratio 0.5 "
                  "--requests 4000 --quiet", out);
  ASSERT_FALSE(j.empty());
  expect_served_only(j, 4000, 2);
  const uint64_t decerr = u(j["axi_errors"], "decerr");
  EXPECT_GT(decerr, 4000u / 6);
  EXPECT_GT(u(j, "reads"), 0u);
  EXPECT_GT(u(j, "writes"), 0u);
  // Every served write reached the DRAM as 2 bursts, every served read as 2.
  EXPECT_EQ(u(j["dram"], "write_bursts"), 2 * u(j, "writes"));
  EXPECT_EQ(u(j["dram"], "read_bursts"), 2 * u(j, "reads"));
}

TEST(ErrorResponsesCli, TheCrossbarsHolesAreCountedToo) {
  std::string out;
  const nlohmann::json j = run_report(
      "hole_xbar", "--standard hbm3e --mapping RoSiBaCoBg --pcs 4 --xbar --requests 4000 --quiet",
      out);
  ASSERT_FALSE(j.empty());
  expect_served_only(j, 4000, 2);
  EXPECT_GT(u(j["axi_errors"], "decerr"), 0u);
}

TEST(ErrorResponsesCli, AStackWithoutHolesReportsNoErrorsAndNoErrorLine) {
  std::string out;
  const nlohmann::json j = run_report("no_hole", "--standard hbm3e --requests 2000", out);
  ASSERT_FALSE(j.empty());
  expect_served_only(j, 2000, 2);
  EXPECT_EQ(u(j["axi_errors"], "decerr"), 0u);
  EXPECT_EQ(u(j["axi_errors"], "slverr"), 0u);
  EXPECT_EQ(u(j, "reads"), 2000u);
  EXPECT_EQ(out.find("axi errors"), std::string::npos) << out;
}

}  // namespace test_outputs_cli
