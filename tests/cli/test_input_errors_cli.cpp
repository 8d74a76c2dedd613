// Bad or extreme input refused as it is read (exit 2, one line naming the file and line,
// or the flag, the value and the limit), never a false failure, a hang or a wrong figure.
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cli_helpers.h"   // HBMSIM_BINARY and HBMSIM_SOURCE_DIR come from CMake

namespace test_input_errors_cli {

using namespace cli_test;

std::string write(const std::string& name, const std::string& body) {
  return write_artefact("input_errors", name, body);
}

// A preset's text as the repository holds it (one field or a few per line).
std::string preset(const std::string& kind, const std::string& name) {
  return slurp(std::string(HBMSIM_SOURCE_DIR) + "/configs/" + kind + "/" + name + ".json");
}

// `text` with its one `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The 1-based line of the first `needle` in `text`.
size_t line_of(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  size_t line = 1;
  for (size_t i = 0; i < at && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// Exit 2 and exactly the one line `expected`.
void expect_refused(const Result& r, const std::string& expected) {
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out, "hbmsim: " + expected + "\n");
}

std::string line_prefix(const std::string& file, size_t line) {
  return file + ":" + std::to_string(line) + ": ";
}

// Writes `text` as the artefact `name`, runs `hbmsim ARGS FILE REST` and expects exactly
// "FILE:LINE: MESSAGE", LINE that of the first `at` in `text`.
void expect_field_error(const std::string& name, const std::string& text,
                        const std::string& args, const std::string& rest, const std::string& at,
                        const std::string& message) {
  const std::string file = write(name, text);
  expect_refused(hbmsim(args + " " + file + rest), line_prefix(file, line_of(text, at)) + message);
}

// A field error of a standard names the field's line: the file has a field or a few per
// line, and "field 'timing.WR'" alone left the user to search for it.
TEST(InputErrorsCli, StandardFieldErrorsNameTheirLine) {
  const std::string hbm3 = preset("standards", "hbm3");
  const std::string wr = replaced(hbm3, "\"WR\": 33", "\"WR\": 4294967295");
  const std::string wr_file = write("wr.json", wr);
  const std::string wr_error = "field 'timing.WR' = 4294967295: too large (at most 65535)";
  expect_refused(hbmsim("run --requests 10 --standard " + wr_file),
                 line_prefix(wr_file, line_of(wr, "\"WR\"")) + wr_error);
  // check-log reads it the same way, and a pipe keeps its line (named as given).
  expect_refused(shell("cat " + wr_file + " | " + HBMSIM_BINARY +
                       " check-log --standard /dev/stdin /dev/null 2>&1"),
                 line_prefix("/dev/stdin", line_of(wr, "\"WR\"")) + wr_error);

  // A missing field: the line of the object it is missing from.
  expect_field_error("missing.json", replaced(hbm3, "\"WR\": 33, ", ""),
                     "check-log --standard", " /dev/null", "\"timing\": {",
                     "field 'timing.WR': missing");
  // A key given twice: the second.
  expect_field_error("twice.json", replaced(hbm3, "\"PPD\": 2,", "\"PPD\": 2,\n    \"WR\": 4,"),
                     "check-log --standard", " /dev/null", "\"WR\": 4",
                     "field 'timing.WR': given twice (a key may appear once per object)");
  // What the RTL controller cannot hold is a field error too; bench refuses it before its
  // first run (each run failed with it, and the bench exited 1 as if a check had failed).
  for (const char* command : {"run --requests 10", "bench --only '^seq-read$' --pcs 1"}) {
    expect_field_error("faw.json", replaced(hbm3, "\"FAW\": 24", "\"FAW\": 5000"),
                       std::string(command) + " --standard", "", "\"FAW\"",
                       "field 'timing.FAW' = 5000: the RTL controller's timers hold at most 4095 "
                       "tCK");
  }
}

TEST(InputErrorsCli, ModelFieldErrorsNameTheirLine) {
  const std::string tiny = preset("models", "tiny");
  expect_field_error("kv.json", replaced(tiny, "\"kv_heads\": 2", "\"kv_heads\": 3"),
                     "run --pcs 2 --workload decode --model", "", "\"kv_heads\"",
                     "field 'kv_heads' = 3: must divide heads (4): each KV head serves a whole "
                     "group");
  const std::string unknown =
      replaced(tiny, "\"vocab\": 256,", "\"vocab\": 256,\n  \"vocabs\": 1,");
  const std::string unknown_file = write("unknown.json", unknown);
  expect_refused(shell("cat " + unknown_file + " | " + HBMSIM_BINARY +
                       " run --pcs 2 --workload decode --model /dev/stdin 2>&1"),
                 line_prefix("/dev/stdin", line_of(unknown, "\"vocabs\"")) +
                     "field 'vocabs': unknown field");
}

// Per-bank refresh refreshes each bank once per tREFIpb x banks: beyond tREFI the debt
// grows until the run fails on tREFI (cycle 56160 here), after loading without a word.
TEST(InputErrorsCli, PerBankRefreshThatFallsBehindIsRefused) {
  expect_field_error("slow_refresh.json",
                     replaced(preset("standards", "hbm3"), "\"REFIpb\": 195", "\"REFIpb\": 6000"),
                     "run --pcs 1 --refresh allbank --requests 10 --standard", "",
                     "\"REFIpb\": 6000",
                     "field 'timing.REFIpb' = 6000: REFIpb x banks per PC = 6000 x 32 = 192000 "
                     "tCK exceeds timing.REFI = 6240: per-bank refresh would refresh each bank "
                     "less than once per tREFI (the device model's tREFI rule); at most REFI / "
                     "banks = 195");
  // One tCK more per bank than REFI / banks is refused too: the rule is exact.
  const std::string just = replaced(preset("standards", "hbm3"), "\"REFIpb\": 195",
                                    "\"REFIpb\": 196");
  const Result r = hbmsim("check-log --standard " + write("just.json", just) + " /dev/null");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("196 x 32 = 6272 tCK exceeds timing.REFI = 6240"), std::string::npos)
      << r.out;
}

// Every preset keeps the rule (HBM3's tREFIpb x 32 banks is exactly tREFI).
TEST(InputErrorsCli, EveryPresetStandardLoads) {
  const std::string log = write("header.csv", "cycle,ch,pc,sid,cmd,bg,bank,row,col\n");
  unsigned presets = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(HBMSIM_SOURCE_DIR) +
                                                           "/configs/standards")) {
    if (e.path().extension() != ".json") continue;
    ++presets;
    const Result r = hbmsim("check-log --standard " + e.path().stem().string() + " " + log);
    EXPECT_EQ(r.code, 0) << e.path() << ": " << r.out;
  }
  EXPECT_GE(presets, 5u);
}

// Each bench run is a child `hbmsim run`: given a pipe, every child read it again and
// found it empty ("/dev/stdin: not valid JSON: ... unexpected end of input").
// A standard or model on a pipe or a device is read up to one byte past the 1 MiB limit:
// "/dev/zero: 1048577 bytes; a standard file may have at most 1048576" gave a size the
// input never had. A regular file keeps its exact size in the message.
TEST(InputErrorsCli, AnInputOnAPipePastTheLimitIsNotGivenASize) {
  const std::string said = "more than 1048576 bytes (a pipe or a device, read until it passed "
                           "the limit); a standard or model file may have at most 1048576";
  expect_refused(hbmsim("run --requests 1 --standard /dev/zero"), "/dev/zero: " + said);
  expect_refused(hbmsim("run --workload decode --model /dev/zero --context 4"),
                 "/dev/zero: " + said);
  expect_refused(shell("head -c 2000000 /dev/zero | " + std::string(HBMSIM_BINARY) +
                       " check-log --standard /dev/stdin x.csv 2>&1"),
                 "/dev/stdin: " + said);
  const std::string big = write("big_standard.json", std::string(1048577, ' '));
  expect_refused(hbmsim("run --requests 1 --standard " + big),
                 big + ": 1048577 bytes; a standard file may have at most 1048576");
}

TEST(InputErrorsCli, BenchReadsAStandardOnAPipeOnce) {
  const std::string hbm3 = std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json";
  const Result r = shell("cat " + hbm3 + " | " + HBMSIM_BINARY + " bench --standard /dev/stdin "
                         "--only '^seq-read$' --pcs 1 --requests 200 --repeat 1 2>&1");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAILED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("seq-read"), std::string::npos) << r.out;
  // A field error is the parent's, with its line, before any run.
  const std::string wr = replaced(preset("standards", "hbm3"), "\"WR\": 33", "\"WR\": 0");
  expect_refused(shell("cat " + write("bench_wr.json", wr) + " | " + HBMSIM_BINARY +
                       " bench --standard /dev/stdin --only '^seq-read$' --pcs 1 2>&1"),
                 line_prefix("/dev/stdin", line_of(wr, "\"WR\": 0")) +
                     "field 'timing.WR' = 0: must be at least 1 tCK (no JEDEC HBM standard has "
                     "a zero tWR)");
}

// --standard and --model on one pipe: the standard's read emptied it, and the model was
// refused as "/dev/stdin: an empty file, expected a JSON object", as if it had been empty.
// Two pipes of their own are read each once.
TEST(InputErrorsCli, TwoInputsOnOnePipeAreRefusedAsSuch) {
  const std::string hbm3 = std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json";
  const std::string tiny = std::string(HBMSIM_SOURCE_DIR) + "/configs/models/tiny.json";
  expect_refused(shell("cat " + hbm3 + " | " + HBMSIM_BINARY + " run --standard /dev/stdin "
                       "--model /dev/stdin --workload decode --pcs 2 --context 8 2>&1"),
                 "--model /dev/stdin: the same pipe as --standard /dev/stdin, which reads it "
                 "first and leaves it empty; give one of them as a file");
  const Result two = shell("bash -c '" + std::string(HBMSIM_BINARY) + " run --standard <(cat " +
                           hbm3 + ") --model <(cat " + tiny + ") --workload decode --pcs 2 "
                           "--context 8 --quiet' 2>&1");
  EXPECT_EQ(two.code, 0) << two.out;
}

// A named pipe (mkfifo) as --standard or --model with no process writing it: open() waited
// for a writer forever, without a word (run, check-log and bench alike). It is refused after
// a short wait; one whose writer starts in the background just before hbmsim is read.
TEST(InputErrorsCli, ANamedPipeWithNoWriterIsRefusedNotWaitedFor) {
  const std::string hbm3 = std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json";
  const std::string fifo = artefact("input_errors", "no_writer.fifo");
  std::remove(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0) << fifo;
  const std::string log = write("no_writer.csv", "cycle,ch,pc,sid,cmd,bg,bank,row,col\n");
  // timeout: before the fix each of these never ended.
  const std::string hbmsim_bounded = "timeout 30 " + std::string(HBMSIM_BINARY) + " ";
  for (const std::string& args :
       {"run --requests 10 --standard " + fifo, "check-log --standard " + fifo + " " + log,
        "bench --only '^seq-read$' --pcs 1 --requests 10 --repeat 1 --standard " + fifo,
        "run --workload decode --pcs 2 --context 8 --model " + fifo}) {
    expect_refused(shell(hbmsim_bounded + args + " 2>&1"),
                   fifo + ": a named pipe with no writer (none opened it within 2 s, so nothing "
                          "would ever be read from it; start its writer first, e.g. 'cat FILE "
                          "> PIPE &', or give the file)");
  }
  const Result fed = shell("cat " + hbm3 + " > " + fifo + " & " + hbmsim_bounded +
                           "run --requests 10 --quiet --standard " + fifo + " 2>&1");
  EXPECT_EQ(fed.code, 0) << fed.out;
  EXPECT_EQ(fed.out, "");
  std::remove(fifo.c_str());
}

// A standard on a pipe is copied to TMPDIR (hbmsim-config-*.json) for the loader and a
// bench's child runs; a run or a bench stopped by SIGINT, SIGTERM or SIGHUP left the copy
// behind (a bench removed its own folder, not the copy). Each signal: nothing is left, and
// the process ends by the signal (128 + N to the shell).
TEST(InputErrorsCli, ASignalRemovesAPipedStandardsCopy) {
  namespace fs = std::filesystem;
  const std::string hbm3 = std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json";
  const std::string pid = artefact("input_errors", "signal_child.pid");
  const std::string sleeper = write("signal_child.sh", "#!/bin/sh\necho $$ > " + pid +
                                                       "\nexec sleep 30\n");
  fs::permissions(sleeper, fs::perms::owner_all);
  const struct {
    std::string args, started;   // started: a file whose presence says the run is under way
  } commands[] = {
      {"run --standard /dev/stdin --requests 100000000 --quiet", ""},
      {"bench --standard /dev/stdin --program " + sleeper + " --only '^seq-read$' --pcs 1 "
       "--requests 1 --repeat 1", pid},
  };
  const struct {
    const char* name;
    int code;
  } signals[] = {{"TERM", 143}, {"INT", 130}, {"HUP", 129}};
  for (const auto& c : commands) {
    for (const auto& sig : signals) {
      const std::string what = c.args + ", SIG" + sig.name;
      const std::string tmp = artefact("input_errors", "signal_tmp");
      fs::remove_all(tmp);
      fs::create_directories(tmp);
      std::remove(pid.c_str());
      const std::string wait_for = c.started.empty() ? "ls " + tmp + " | grep -q config"
                                                     : "[ -s " + c.started + " ]";
      // A background job of a script starts with SIGINT ignored: env gives it back.
      const Result r = shell(
          "cat " + hbm3 + " | TMPDIR=" + tmp + " env --default-signal=INT " + HBMSIM_BINARY +
          " " + c.args + " >/dev/null 2>&1 & b=$!; "
          "for i in $(seq 100); do " + wait_for + " && break; sleep 0.1; done; "
          "ls " + tmp + "; kill -" + sig.name + " $b; wait $b; echo \"exit $?\"");
      EXPECT_NE(r.out.find("hbmsim-config-"), std::string::npos) << what << ": no copy: " << r.out;
      EXPECT_NE(r.out.find("exit " + std::to_string(sig.code)), std::string::npos)
          << what << ": " << r.out;
      std::vector<std::string> left;
      for (const auto& e : fs::directory_iterator(tmp)) left.push_back(e.path().string());
      EXPECT_TRUE(left.empty()) << what << ": left " << (left.empty() ? "" : left.front());
    }
  }
}

// A failed run's command named the standard's temporary copy (/tmp/hbmsim-config-*.json),
// removed when the bench ends: it names what was given and says it was a pipe.
TEST(InputErrorsCli, BenchNamesAPipedStandardInTheCommandsItPrints) {
  const std::string hbm3 = std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json";
  // A child that fails every run (its run --help is hbmsim's, which the bench reads).
  const std::string child = write("failing_child.sh", std::string("#!/bin/sh\n"
      "if [ \"$2\" = --help ]; then exec ") + HBMSIM_BINARY + " \"$@\"; fi\n"
      "echo child refused; exit 3\n");
  std::filesystem::permissions(child, std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  const std::string json = artefact("input_errors", "bench_pipe.json");
  std::remove(json.c_str());
  const Result r = shell("cat " + hbm3 + " | " + HBMSIM_BINARY + " bench --standard /dev/stdin "
                         "--program " + child + " --only '^seq-read$' --pcs 1 --requests 200 "
                         "--repeat 1 --work-dir " + artefact("input_errors", "bench_pipe_work") +
                         " --json " + json + " 2>&1");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("FAILED seq-read-1pc-frfcfs: run 1: exit 3: child refused (command: " +
                       child + " run --standard /dev/stdin --pcs 1 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  # --standard /dev/stdin was a pipe the bench read once: give the "
                       "standard again on it, or its file; output: "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("hbmsim-config-"), std::string::npos) << r.out;
  const std::string written = slurp(json);
  EXPECT_NE(written.find("--standard /dev/stdin"), std::string::npos) << written;
  EXPECT_EQ(written.find("hbmsim-config-"), std::string::npos) << written;
}

// The watchdog counts tCK without any AXI handshake; a read waits for refreshes and its
// own latency, so --watchdog 10 called the first reads a deadlock ("no AXI handshake for
// 10 tCK"). The floor is named; at it a run with all-bank refreshes passes.
TEST(InputErrorsCli, WatchdogBelowWhatRefreshesAndAReadTakeIsRefused) {
  expect_refused(hbmsim("run --pcs 1 --requests 100 --watchdog 10"),
                 "--watchdog 10: below 5165 tCK, which a working controller may spend without "
                 "an AXI handshake on HBM3: (refresh_postpone_max 8 + 1) refreshes back to back "
                 "x tRFC 560 + a read behind them (tRC 72 + tRCDRD 31 + RL 20 + BL 2); give 5165 "
                 "or more");
  // Each standard its own floor; at it, runs long enough for all-bank refreshes pass.
  for (const auto& [standard, floor] : {std::pair<std::string, unsigned>{"hbm3", 5165},
                                        {"hbm2", 2418}}) {
    const std::string args = "run --pcs 1 --refresh allbank --requests 30000 --standard " +
                             standard + " --watchdog ";
    EXPECT_EQ(hbmsim(args + std::to_string(floor - 1)).code, 2) << standard;
    const Result r = hbmsim(args + std::to_string(floor));
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("REFab"), std::string::npos) << r.out;
  }
}

// --max-cycles counts from reset; the CSR set-up takes the first 28 tCK (HBM3's default
// map). A limit within it was passed before the first tCK of traffic, which still ran:
// "stopped at the cycle limit (10 tCK)" beside "simulated 1 tCK".
TEST(InputErrorsCli, MaxCyclesWithinTheSetUpIsRefused) {
  expect_refused(hbmsim("run --pcs 1 --requests 100 --max-cycles 10"),
                 "--max-cycles 10: the controllers' set-up (programming their CSRs) takes the "
                 "first 28 tCK, and the limit counts from reset; give at least 29 for one tCK of "
                 "traffic (0: no limit)");
  // The floor is exact: one tCK past the set-up is one tCK of traffic.
  const Result r = hbmsim("run --pcs 1 --requests 100 --max-cycles 29");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("simulated     1 tCK"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stopped at the cycle limit (29 tCK)"), std::string::npos) << r.out;
}

// A --mapping the standard's organisation cannot take named the value, not the flag.
TEST(InputErrorsCli, MappingThatDoesNotFitNamesTheFlag) {
  expect_refused(hbmsim("run --requests 10 --mapping RoSi"),
                 "--mapping RoSi: address map 'RoSi': at character 4: field 'Ba' needs 2 bits, "
                 "the map gives 0 (fields: Ro Si Ba Bg Co, most significant first, optional "
                 "widths)");
}

// A tile run stopped (--max-cycles) in its --tile-load axi load phase never began the
// traffic phase: the load's writes were reported as the tile's traffic (bytes 640,
// 14.2 GB/s, 27.8 % of peak) and load_bytes 0; and its energy per bit, the load's writes'
// alone, as the workload's (2.97 pJ/bit): now none, the summary saying why.
TEST(InputErrorsCli, TileStoppedInItsLoadPhaseReportsNoTraffic) {
  const std::string rep = artefact("input_errors", "load_phase.json");
  std::remove(rep.c_str());
  const Result r = hbmsim("run --pcs 2 --workload gemv --m 256 --k 1024 --tile-load axi "
                          "--max-cycles 100 --report " + rep);
  ASSERT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("stopped at the cycle limit (100 tCK)"), std::string::npos) << r.out;
  // Its tCKs are the load's: the summary says so beside them ("simulated 72 tCK" alone
  // read as the workload's, beside a bandwidth of 0).
  EXPECT_NE(r.out.find(", all in the --tile-load axi load phase: the workload never started\n"),
            std::string::npos) << r.out;
  const nlohmann::json j = load_json(rep);
  EXPECT_EQ(j["bytes"], 0) << j.dump();
  EXPECT_EQ(j["efficiency"], 0.0) << j.dump();
  const uint64_t written = j["dram"]["write_bursts"].get<uint64_t>() * 32;
  EXPECT_GT(written, 0u) << j.dump();
  EXPECT_EQ(j["workload"]["load_bytes"], written) << j.dump();
  EXPECT_TRUE(j["pj_per_bit"].is_null()) << j.dump();
  EXPECT_GT(j["energy_pj"].get<double>(), 0) << j.dump();   // the device's, as ever
  EXPECT_NE(r.out.find("energy        n/a pJ/bit (the run stopped in the --tile-load axi load "
                       "phase: its " + std::to_string(written) + " bytes were the load's, not "
                       "the workload's), "), std::string::npos) << r.out;
  // Stopped once the tile ran, the figure is the run's, as for any run stopped early.
  const Result later = hbmsim("run --pcs 2 --workload gemv --m 256 --k 1024 --tile-load axi "
                              "--max-cycles 2000 --report " + rep);
  ASSERT_EQ(later.code, 1) << later.out;
  EXPECT_TRUE(load_json(rep)["pj_per_bit"].is_number()) << later.out;
  EXPECT_EQ(later.out.find("load phase: the workload never started"), std::string::npos)
      << later.out;
}

// Stopped after the load phase but before the tile's first burst reached the DRAM, every
// bit was still the load's: `--max-cycles 200` on this GEMV printed 'bandwidth 0.00 GB/s'
// and 'energy 6.42 pJ/bit' (the 672 load bytes' energy per bit) as the workload's, and
// the report's pj_per_bit 6.42 beside bytes 0. Now none, the summary saying why.
TEST(InputErrorsCli, TileStoppedBeforeItsFirstBurstGivesNoEnergyPerBit) {
  const std::string rep = artefact("input_errors", "after_load.json");
  std::remove(rep.c_str());
  const Result r = hbmsim("run --pcs 2 --workload gemv --m 100 --k 200 --batch 3 "
                          "--tile-load axi --max-cycles 200 --report " + rep);
  ASSERT_EQ(r.code, 1) << r.out;
  const nlohmann::json j = load_json(rep);
  // The case this tests: the load phase ended (the summary does not say the run stopped
  // in it), the traffic phase began, and the DRAM took none of the tile's bursts.
  ASSERT_EQ(r.out.find("load phase: the workload never started"), std::string::npos) << r.out;
  ASSERT_GT(j["cycles"].get<uint64_t>(), 0u) << j.dump();
  ASSERT_EQ(j["bytes"], 0) << j.dump();
  const uint64_t load = j["workload"]["load_bytes"].get<uint64_t>();
  ASSERT_GT(load, 0u) << j.dump();
  EXPECT_TRUE(j["pj_per_bit"].is_null()) << j.dump();
  EXPECT_GT(j["energy_pj"].get<double>(), 0) << j.dump();   // the device's, as ever
  EXPECT_NE(r.out.find("energy        n/a pJ/bit (the run stopped before the tile moved a "
                       "byte: the " + std::to_string(load) + " bytes were the --tile-load axi "
                       "load's, not the workload's), "), std::string::npos) << r.out;
}

// A timed trace too long to run without a limit is refused, asking for --max-cycles N "to
// replay up to tCK N"; but the replay's tCK 0 follows the 28-tCK set-up and the limit
// counts from reset, so the record at tCK N - 1 was not replayed.
TEST(InputErrorsCli, TraceLimitAdviceCountsTheSetUp) {
  const std::string trace =
      write("edge.trace", "0x0 READ 0\n0x40 READ 990\n0x80 READ 2000000000\n");
  const Result far = hbmsim("run --trace " + trace);
  EXPECT_EQ(far.code, 2) << far.out;
  EXPECT_NE(far.out.find("give --max-cycles N to replay up to its tCK N - 28 (the limit counts "
                         "from reset, the controllers' 28-tCK set-up included; the whole trace "
                         "needs more than 2000000028)"), std::string::npos) << far.out;
  // The record at tCK 990 is replayed from --max-cycles 990 + 28 + 1 on.
  EXPECT_NE(hbmsim("run --trace " + trace + " --max-cycles 1018").out.find("1 record replayed"),
            std::string::npos);
  EXPECT_NE(hbmsim("run --trace " + trace + " --max-cycles 1019").out.find("2 records replayed"),
            std::string::npos);
}

// What the tile takes of a model's shapes is a field error of the model file too: it was
// "FILE: head_dim 16: ..." with no line and not in the loader's form.
TEST(InputErrorsCli, ModelShapesTheTileCannotTakeNameTheirLine) {
  const std::string tiny = preset("models", "tiny");
  expect_field_error("narrow.json",
                     replaced(replaced(tiny, "\"heads\": 4", "\"heads\": 8"),
                              "\"head_dim\": 32", "\"head_dim\": 16"),
                     "run --pcs 2 --workload decode --model", "", "\"head_dim\"",
                     "field 'head_dim' = 16: the tile reads each head's slice of Q as a row of X, "
                     "which must start on 32 bytes");
}

// What every child run of a bench refuses (a --refresh-postpone past the standard's; the
// RTL's limits: StandardFieldErrorsNameTheirLine) failed each run, exit 1 as if a check had
// failed.
TEST(InputErrorsCli, BenchRefusesWhatEveryRunWouldBeforeTheFirst) {
  const std::string hbm3 = preset("standards", "hbm3");
  const std::string four = write("bench_postpone4.json",
                                 replaced(hbm3, "\"refresh_postpone_max\": 8",
                                          "\"refresh_postpone_max\": 4"));
  expect_refused(hbmsim("bench --only '^seq-read$' --pcs 1 --refresh-postpone 8 --standard " +
                        four),
                 "--refresh-postpone 8: HBM3 allows at most 4 postponed refreshes "
                 "(timing.refresh_postpone_max in " + four + ")");
}

// An empty standard or model file was "not valid JSON: [json.exception.parse_error.101]
// parse error at line 1, column 1: syntax error ... unexpected end of input", as if cut
// short.
TEST(InputErrorsCli, AnEmptyConfigurationFileIsCalledEmpty) {
  const std::string empty = write("empty.json", "");
  const std::string blank = write("blank.json", " \n\t\r\n");
  expect_refused(hbmsim("check-log --standard " + empty + " /dev/null"),
                 empty + ": an empty file, expected a JSON object");
  expect_refused(hbmsim("run --requests 10 --standard " + blank),
                 blank + ": only blanks, no JSON text, expected a JSON object");
  expect_refused(hbmsim("run --pcs 2 --workload decode --model " + empty),
                 empty + ": an empty file, expected a JSON object");
}

// A new output path ending in '/' was refused as "cannot write: Is a directory", of a
// directory that does not exist.
TEST(InputErrorsCli, AnOutputPathEndingInASlashIsNamedSo) {
  const std::string path = artefact("input_errors", "new_report.json") + "/";
  for (const char* flag : {"--report", "--cmd-log", "--html"}) {
    expect_refused(hbmsim(std::string("run --requests 10 ") + flag + " " + path),
                   std::string(flag) + " " + path + ": cannot write: the path ends in '/', "
                   "which names a directory; expected a file's path");
  }
}

// One of a thing was counted in the plural: "1 records replayed as 1 bursts", "1 data
// mismatches".
TEST(InputErrorsCli, OneOfAThingIsCountedInTheSingular) {
  const std::string trace = write("one_each.stl", "0: (1) write 0x0 0x05\n"
                                                  "100: (1) read 0x0 0x06\n");
  const Result r = hbmsim("run --trace " + trace);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("  trace         2 lines checked in "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" s: 1 read, 1 write; 2 records replayed as 2 bursts\n"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  trace data    2 records carry data; 1 byte read compared with it, "
                       "1 differ\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  checks        0 timing violations, 1 data mismatch ("),
            std::string::npos) << r.out;
  const std::string one = write("one.stl", "0: read 0x0\n");
  EXPECT_NE(hbmsim("run --trace " + one).out.find("1 line checked in"), std::string::npos);
  EXPECT_NE(hbmsim("run --trace " + one).out.find(" s: 1 read, 0 writes; 1 record replayed as "
                                                   "1 burst\n"), std::string::npos);
}

// The counts 6f854b9 left: 'latency probe (1 reads per case ...', '1 bursts answered
// DECERR', '1 descriptors, 1 tile outputs compared', a one-layer model's '1 of 1 layers' and
// '(1 layers)'. Each takes the singular for one.
TEST(InputErrorsCli, EveryCountOfOneInTheSummaryIsSingular) {
  const Result probe = hbmsim("run --workload probe --probe-samples 1 --sweep-reads 1 "
                              "--sweep-max-stride 32");
  EXPECT_EQ(probe.code, 0) << probe.out;
  EXPECT_NE(probe.out.find("latency probe (1 read per case, one outstanding) and stride sweep "
                           "(1 read per stride, "), std::string::npos) << probe.out;
  const Result decerr = hbmsim("run --trace " + write("one_decerr.stl", "0: read 0xffffffff00\n"));
  EXPECT_NE(decerr.out.find("  axi errors    1 burst answered DECERR and 0 SLVERR,"),
            std::string::npos) << decerr.out;
  const Result gemv = hbmsim("run --workload gemv --m 1 --k 1");
  EXPECT_EQ(gemv.code, 0) << gemv.out;
  EXPECT_NE(gemv.out.find("% of the array while busy; 1 descriptor, 0 errors\n"),
            std::string::npos) << gemv.out;
  EXPECT_NE(gemv.out.find("(1 tile output compared with the golden model)"), std::string::npos)
      << gemv.out;
  const std::string model = replaced(preset("models", "tiny"), "\"layers\": 2", "\"layers\": 1");
  const std::string report = cli_test::artefact("input_errors", "one_layer.json");
  const Result layer = hbmsim("run --workload decode --context 1 --model " +
                              write("one_layer_model.json", model) + " --report " + report);
  EXPECT_EQ(layer.code, 0) << layer.out;
  EXPECT_NE(layer.out.find(", 1 of 1 layer, batch 1,"), std::string::npos) << layer.out;
  EXPECT_NE(layer.out.find(" (1 layer): "), std::string::npos) << layer.out;
  EXPECT_EQ(load_json(report)["model"]["projection"].get<std::string>().rfind(
                "the one layer at the simulated layers' average", 0), 0u);
}

// A bare name is a preset's: '--standard mystd' with a file mystd in the working directory
// was refused as 'cannot open standard 'mystd' (known: hbm2, ...)', the file never named.
// The refusal says how to give it (and the preset still wins over a file of its name).
TEST(InputErrorsCli, AFileNamedLikeAPresetIsPointedOut) {
  const std::string dir = cli_test::artefact("input_errors", "bare_names");
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm2.json",
                             dir + "/mystd", std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(std::string(HBMSIM_SOURCE_DIR) + "/configs/models/tiny.json",
                             dir + "/mymodel", std::filesystem::copy_options::overwrite_existing);
  const std::string run = "cd " + dir + " && " + HBMSIM_BINARY + " run ";
  const Result std_r = shell(run + "--requests 5 --standard mystd 2>&1");
  EXPECT_EQ(std_r.code, 2) << std_r.out;
  EXPECT_NE(std_r.out.find("cannot open standard 'mystd' (known: hbm2, "), std::string::npos)
      << std_r.out;
  EXPECT_NE(std_r.out.find("; ./mystd is a file here, but a name without '/' or .json names a "
                           "preset: give it as ./mystd to read it)"), std::string::npos)
      << std_r.out;
  EXPECT_EQ(shell(run + "--requests 5 --standard ./mystd --quiet 2>&1").code, 0);
  const Result model_r = shell(run + "--workload decode --context 1 --model mymodel 2>&1");
  EXPECT_EQ(model_r.code, 2) << model_r.out;
  EXPECT_NE(model_r.out.find("give it as ./mymodel to read it)"), std::string::npos)
      << model_r.out;
  // No such file here: the refusal is as it was.
  const Result none = shell(run + "--requests 5 --standard nostd 2>&1");
  EXPECT_EQ(none.out.find("is a file here"), std::string::npos) << none.out;
}

// A directory named like a preset ('--model d', ./d a folder) was pointed out as './d is a
// file here, ... give it as ./d to read it', which then failed as a directory. Every flag
// that takes a preset's name or a JSON path says it is a directory, naming it and the flag.
TEST(InputErrorsCli, ADirectoryNamedLikeAPresetIsCalledADirectory) {
  const std::string dir = cli_test::artefact("input_errors", "bare_dirs");
  std::filesystem::create_directories(dir + "/d");
  const std::string log = write("bare_dirs_one.csv", "cycle,ch,pc,sid,cmd,bg,bank,row,col\n"
                                                     "0,0,0,0,ACT,0,0,5,\n");
  const struct {
    std::string args, flag, kind;
  } cases[] = {
      {"run --requests 5 --standard d", "--standard", "standard"},
      {"run --workload decode --context 1 --model d", "--model", "model"},
      {"check-log --standard d " + log, "--standard", "standard"},
      {"bench --standard d", "--standard", "standard"},
  };
  for (const auto& c : cases) {
    const Result r = shell("cd " + dir + " && " + HBMSIM_BINARY + " " + c.args + " 2>&1");
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(lines_of(r.out).size(), 1u) << c.args << ": " << r.out;
    EXPECT_NE(r.out.find("; ./d is a directory here, which " + c.flag + " cannot read: it "
                         "takes a preset's name or a " + c.kind + "'s JSON file)"),
              std::string::npos) << c.args << ": " << r.out;
    EXPECT_EQ(r.out.find("is a file here"), std::string::npos) << c.args << ": " << r.out;
  }
}

// Given as a path, a directory was refused as one ('./d: is a directory, expected a
// trace') without the flag that named it: it is named too.
TEST(InputErrorsCli, ADirectoryGivenAsAPathNamesItsFlag) {
  const std::string dir = cli_test::artefact("input_errors", "bare_dirs");
  std::filesystem::create_directories(dir + "/d");
  const ArgsSays cases[] = {
      {"run --requests 5 --standard ./d", "hbmsim: ./d: is a directory, expected a standard's "
                                          "JSON file (--standard takes one or a preset's name)"},
      {"run --workload decode --context 1 --model ./d", "hbmsim: ./d: is a directory, expected "
       "a model's JSON file (--model takes one or a preset's name)"},
      {"bench --standard ./d", "hbmsim: ./d: is a directory, expected a standard's JSON file "
                               "(--standard takes one or a preset's name)"},
      {"run --trace ./d", "hbmsim: ./d: is a directory, expected a trace (--trace takes a "
                          "trace file)"},
  };
  for (const auto& c : cases) {
    const Result r = shell("cd " + dir + " && " + HBMSIM_BINARY + " " + c.args + " 2>&1");
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(r.out, c.says + "\n") << c.args;
  }
}

// A standard or model on a pipe is copied to $TMPDIR, and --wave-scope lists the scopes in
// a file there: with TMPDIR no directory, std::filesystem's exception ended the run as an
// internal error (exit 3, 'filesystem error: temp_directory_path: No such file or
// directory'). Refused naming TMPDIR (exit 2).
TEST(InputErrorsCli, ATmpdirThatIsNoDirectoryIsNamed) {
  const std::string bin = HBMSIM_BINARY;
  const std::string hbm3 = std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json";
  const Result piped = shell("cat " + hbm3 + " | TMPDIR=/no/such/dir " + bin +
                             " run --requests 5 --quiet --standard /dev/stdin 2>&1");
  EXPECT_EQ(piped.code, 2) << piped.out;
  EXPECT_EQ(piped.out.rfind("hbmsim: no temporary directory for a copy of /dev/stdin (a pipe or "
                            "a device) (TMPDIR=/no/such/dir: ", 0), 0u) << piped.out;
  EXPECT_NE(piped.out.find("set TMPDIR to a directory\n"), std::string::npos) << piped.out;
  const std::string wave = cli_test::artefact("input_errors", "tmpdir.fst");
  const Result scope = shell("TMPDIR=/no/such/dir " + bin + " run --requests 5 --quiet --wave " +
                             wave + " --wave-scope ch0 2>&1");
  EXPECT_EQ(scope.code, 2) << scope.out;
  EXPECT_EQ(scope.out.rfind("hbmsim: no temporary directory for --wave-scope's list of the "
                            "scopes (TMPDIR=/no/such/dir: ", 0), 0u) << scope.out;
}

// A timed trace within the limit but long (two records, the second at tCK 10^8 of one PC:
// minutes of idle tCK) ran without a word, like a hang. A note says so before the run.
TEST(InputErrorsCli, ALongIdleTraceIsNotedBeforeTheRun) {
  const std::string trace = write("far.stl", "0: read 0x0\n1000000: read 0x40\n");
  const Result r = shell("timeout 2 " + std::string(HBMSIM_BINARY) + " run --trace " + trace +
                         " --trace-clock-ratio 100 2>&1 >/dev/null");
  EXPECT_EQ(r.code, 124) << r.out;   // still running: the note came before the run
  EXPECT_EQ(r.out.rfind("hbmsim: note: " + trace + ":2: the last record is at tCK 100000000 "
                        "of the replay: every tCK up to it is simulated, idle ones too, about ",
                        0), 0u) << r.out;
  // A short one, or one --max-cycles bounds, is not noted.
  EXPECT_EQ(shell(std::string(HBMSIM_BINARY) + " run --trace " + trace + " --max-cycles 2000 "
                  "--trace-clock-ratio 100 2>&1 >/dev/null").out, "");
  EXPECT_EQ(shell(std::string(HBMSIM_BINARY) + " run --trace " + trace + " --trace-clock-ratio "
                  "0.01 2>&1 >/dev/null").out, "");
}

// --model ./nope.json said './nope.json: cannot open model './nope.json' (known: ...)' with
// no reason, where a missing --trace says 'No such file or directory'; so did --standard
// ./nope.json. A path gets the OS's reason; a preset's name that is no preset is refused
// as before. One rule for both (sim/common/json_file.h, unopened_reason).
void expect_missing_file_says_why(const std::string& run, const std::string& flag,
                                  const std::string& kind) {
  const std::string missing = artefact("input_errors", "no_such_" + kind + ".json");
  std::filesystem::remove(missing);
  for (const std::string& given : {missing, "./no_such_" + kind + "_46.json"}) {
    SCOPED_TRACE(given);
    const Result r = hbmsim(run + " " + flag + " " + given);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find(given + ": cannot open " + kind + " '" + given +
                         "': No such file or directory (known: "), std::string::npos) << r.out;
  }
  const Result name = hbmsim(run + " " + flag + " nope");
  EXPECT_EQ(name.code, 2) << name.out;
  EXPECT_NE(name.out.find("cannot open " + kind + " 'nope' (known: "), std::string::npos)
      << name.out;
}

// A preset's name in another case ('--model TINY', '--standard HBM3') was refused with the
// list of presets and no word of which one was meant: the refusal now asks. A name that
// matches no preset in any case is refused as before.
TEST(InputErrorsCli, APresetNameInAnotherCaseIsSuggested) {
  const Result model = hbmsim("run --pcs 2 --workload decode --model TINY");
  EXPECT_EQ(model.code, 2) << model.out;
  EXPECT_NE(model.out.find("cannot open model 'TINY' (known: "), std::string::npos) << model.out;
  EXPECT_NE(model.out.find("); did you mean tiny?\n"), std::string::npos) << model.out;
  const Result standard = hbmsim("run --requests 5 --standard HBM3");
  EXPECT_EQ(standard.code, 2) << standard.out;
  EXPECT_NE(standard.out.find("); did you mean hbm3?\n"), std::string::npos) << standard.out;
  const Result none = hbmsim("run --pcs 2 --workload decode --model Tinyy");
  EXPECT_EQ(none.code, 2) << none.out;
  EXPECT_EQ(none.out.find("did you mean"), std::string::npos) << none.out;
}

// A standard file of the user's may keep a preset's name over another organisation: its
// PC count was told as "HBM3 has 2 pseudo-channels", the preset the name suggests.
TEST(InputErrorsCli, TooManyPcsForAStandardFileNameTheFile) {
  nlohmann::json s = load_json(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  s["organisation"]["channels"] = 1;
  const std::string path = write_artefact("input_errors", "two_pcs.json", s.dump(2));
  const Result file = hbmsim("run --requests 10 --pcs 4 --standard " + path);
  EXPECT_EQ(file.code, 2) << file.out;
  EXPECT_EQ(file.out, "hbmsim: --pcs 4: must be 1 to 2 (HBM3 of " + path +
                          " has 2 pseudo-channels)\n");
  const Result preset = hbmsim("run --requests 10 --pcs 40 --standard hbm3");
  EXPECT_EQ(preset.code, 2) << preset.out;
  EXPECT_EQ(preset.out, "hbmsim: --pcs 40: must be 1 to 32 (HBM3 has 32 pseudo-channels)\n");
}

TEST(InputErrorsCli, AMissingStandardFileSaysWhy) {
  expect_missing_file_says_why("run --pcs 1 --requests 10", "--standard", "standard");
}

TEST(InputErrorsCli, AMissingModelFileSaysWhy) {
  expect_missing_file_says_why("run --pcs 2 --workload decode", "--model", "model");
}

// A model's file given as --standard (or a standard's as --model) was refused for the first
// field it lacked ("tiny.json:1: field 'data_rate_gbps': missing"), which did not say that
// it was the other kind of file; run, check-log and bench read a standard alike.
TEST(InputErrorsCli, AModelGivenAsAStandardIsNamedSo) {
  const std::string hbm3 = std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json";
  const std::string tiny = std::string(HBMSIM_SOURCE_DIR) + "/configs/models/tiny.json";
  const std::string model_said = "hbmsim: " + tiny + ": a transformer model's file (it has "
                                 "'d_model' and no 'organisation'), not a standard's: give it "
                                 "to --model, and --standard a standard (hbm2, hbm2e, hbm3, ";
  for (const std::string& args : {"run --requests 1", "check-log x.csv",
                                  "bench --only '^seq-read$' --pcs 1 --repeat 1"}) {
    const Result r = hbmsim(args + " --standard " + tiny);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    EXPECT_EQ(r.out.rfind(model_said, 0), 0u) << args << ": " << r.out;
  }
  const Result r = hbmsim("run --workload decode --pcs 2 --context 4 --model " + hbm3);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out.rfind("hbmsim: " + hbm3 + ": a standard's file (it has 'organisation' and no "
                        "'d_model'), not a transformer model's: give it to --standard, and "
                        "--model a model (", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("tiny"), std::string::npos) << r.out;
}

}  // namespace test_input_errors_cli
