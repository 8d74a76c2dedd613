// `hbmsim bench` as a user runs it: a small matrix, its table and JSON, bad input, and a
// child run that fails.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_bench {

using namespace cli_test;

std::string artefact(const std::string& name) { return cli_test::artefact("bench", name); }

TEST(Bench, HelpListsEveryFlag) {
  const Result r = hbmsim("bench --help");
  EXPECT_EQ(r.code, 0);
  for (const char* flag : {"--standard", "--pcs", "--requests", "--repeat", "--only", "--json",
                           "--jobs", "--refresh-postpone", "--work-dir", "--speed", "--baseline",
                           "--scale", "--threads", "--clock-ratio"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
}

// --clock-ratio reaches every child run, and the JSON says it; --speed, whose cases are
// fixed, refuses it.
TEST(Bench, ClockRatioReachesEveryRun) {
  const std::string json = artefact("clock_ratio_bench.json");
  const std::string dir = artefact("clock_ratio_runs");
  std::remove(json.c_str());
  std::filesystem::remove_all(dir);
  const Result r = hbmsim("bench --only '^seq-read$' --pcs 2 --requests 200 --repeat 1 "
                          "--clock-ratio 2 --json " + json + " --work-dir " + dir);
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = load_json(json);
  EXPECT_EQ(j["clock_ratio"], 2);
  unsigned children = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    EXPECT_EQ(load_json(e.path().string())["controller"]["clock_ratio"], 2) << e.path();
    ++children;
  }
  EXPECT_EQ(children, 2u);   // FR-FCFS and FCFS
  const Result speed = hbmsim("bench --speed --clock-ratio 2");
  EXPECT_EQ(speed.code, 2) << speed.out;
  EXPECT_NE(speed.out.find("--clock-ratio is not for --speed"), std::string::npos) << speed.out;
}

// The PC count of each row of a bench --json report, in order.
std::vector<unsigned> row_pcs(const std::string& json) {
  std::vector<unsigned> pcs;
  const nlohmann::json j = load_json(json);
  for (const auto& row : j["rows"]) pcs.push_back(row["pcs"].get<unsigned>());
  return pcs;
}

// The default --pcs 1,32 is one PC and the stack: on HBM2 (16 PCs) the matrix refused
// "--pcs 32", a flag the user never gave, where --tile already took the stack's 16. An
// explicit list is taken as given (and refused past the stack).
TEST(Bench, DefaultPcsFitTheStandardsStack) {
  const std::string json = artefact("hbm2_default_pcs.json");
  std::remove(json.c_str());
  const Result r = hbmsim("bench --standard hbm2 --only '^seq-read$' --requests 20 --repeat 1 "
                          "--json " + json);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(row_pcs(json), (std::vector<unsigned>{1, 1, 16, 16})) << r.out;
  const Result given = hbmsim("bench --standard hbm2 --only '^seq-read$' --pcs 1,32");
  EXPECT_EQ(given.code, 2) << given.out;
  EXPECT_NE(given.out.find("--pcs 32: HBM2 has 1 to 16 pseudo-channels"), std::string::npos)
      << given.out;
}

TEST(Bench, SmallMatrixPrintsTableAndJson) {
  const std::string json = artefact("small.json");
  std::remove(json.c_str());
  const Result r = hbmsim("bench --only '^rand-32$' --pcs 1,2 --requests 300 --repeat 2 "
                          "--jobs 2 --json " + json);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("FR-FCFS >= FCFS"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rand-32"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[  8/8]"), std::string::npos) << "progress of 8 runs:\n" << r.out;
  EXPECT_NE(r.out.find("tFAW"), std::string::npos) << "the bound says where it comes from";

  const auto j = load_json(json);
  EXPECT_EQ(j["standard"], "HBM3");
  ASSERT_EQ(j["rows"].size(), 4u);   // 1 and 2 PCs x FR-FCFS and FCFS
  for (const auto& row : j["rows"]) {
    SCOPED_TRACE(row.dump());
    EXPECT_EQ(row["workload"], "rand-32");
    EXPECT_EQ(row["burst_bytes"], 32);
    EXPECT_EQ(row["requests_per_pc"], 300);
    EXPECT_TRUE(row["failures"].empty());
    EXPECT_EQ(row["checks"]["timing_violations"], 0);
    EXPECT_EQ(row["checks"]["data_mismatches"], 0);
    const double eff = row["efficiency"].get<double>();
    EXPECT_GT(eff, 0.0);
    EXPECT_LE(eff, row["bound"].get<double>() + 1e-9) << "above the DRAM's bound";
    EXPECT_NEAR(row["bound"].get<double>(), 2.0 / 6.0, 1e-9);   // BL 2 / (tFAW 24 / 4)
    EXPECT_EQ(row["cycles_per_s_runs"].size(), 2u);
    EXPECT_NE(row["command"].get<std::string>().find("run --standard hbm3"), std::string::npos);
    if (row["scheduler"] == "frfcfs") {
      EXPECT_TRUE(row["target_result"] == "PASS" || row["target_result"] == "MISS");
      EXPECT_FALSE(row["frfcfs_vs_fcfs"].get<std::string>().empty());
    }
  }
}

TEST(Bench, BadInputIsOneLineAndExitCode2) {
  for (const char* args : {"bench --jobs 3", "bench --only zzz", "bench --pcs 0",
                           "bench --pcs 33", "bench --standard no_such_standard",
                           "bench --only '('", "bench --speed --scale 0",
                           "bench --speed --scale -1", "bench --speed --only zzz",
                           // strtod alone took hexadecimal and blanks; --read-ratio does not
                           "bench --speed --scale 0x1p-7", "bench --speed --scale ' 0.01'",
                           "bench --speed --baseline /no/such/hbmsim", "bench --speed --tile",
                           "bench --speed --threads 65", "bench --speed --threads 0", "bench --threads 1"}) {
    const Result r = hbmsim(args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << args << ": " << r.out;
    EXPECT_EQ(r.out.rfind("hbmsim: ", 0), 0u) << args << ": " << r.out;
  }
}

// Without --work-dir each kind of bench keeps its children's outputs in a temporary
// folder under TMPDIR: one that is no directory threw std::filesystem's exception out of
// the bench, uncaught. Refused with one line, exit 2, naming TMPDIR and --work-dir.
TEST(Bench, ATmpdirThatIsNoDirectoryIsOneLine) {
  const char* was = std::getenv("TMPDIR");
  const std::string saved = was ? was : "";
  for (const char* kind : {"--only '^seq-read$' --pcs 1 --requests 5 --repeat 1",
                           "--tile --pcs 1 --repeat 1",
                           "--speed --scale 0.01 --only 1pc-seq-read --repeat 1"}) {
    SCOPED_TRACE(kind);
    ::setenv("TMPDIR", "/no/such/dir", 1);
    const Result bad = hbmsim(std::string("bench ") + kind);
    if (was) ::setenv("TMPDIR", saved.c_str(), 1); else ::unsetenv("TMPDIR");
    EXPECT_EQ(bad.code, 2) << bad.out;
    EXPECT_EQ(std::count(bad.out.begin(), bad.out.end(), '\n'), 1) << bad.out;
    EXPECT_NE(bad.out.find("TMPDIR=/no/such/dir"), std::string::npos) << bad.out;
    EXPECT_NE(bad.out.find("--work-dir"), std::string::npos) << bad.out;
  }
}

// A --work-dir no file can be made in (/proc, even for root) let every run fail on a
// line of its own naming a log that was never written ("output: /proc/RUN.log"), and the
// bench ended with "their reports and output are in /proc", exit 1, as if a check had
// failed. Refused before any run, for each kind of bench.
TEST(Bench, AWorkDirThatCannotBeWrittenIsRefusedFirst) {
  for (const char* kind : {"--only '^seq-read$' --pcs 1 --requests 5 --repeat 1",
                           "--tile --pcs 1 --repeat 1",
                           "--speed --scale 0.01 --only 1pc-seq-read --repeat 1"}) {
    SCOPED_TRACE(kind);
    const Result r = hbmsim(std::string("bench --work-dir /proc ") + kind);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_EQ(r.out.rfind("hbmsim: --work-dir /proc: cannot write a file in it: ", 0), 0u)
        << r.out;
  }
  const std::string dir = artefact("writable_workdir");
  std::filesystem::remove_all(dir);
  const Result ok = hbmsim("bench --only '^seq-read$' --pcs 1 --requests 5 --repeat 1 "
                           "--work-dir " + dir);
  EXPECT_EQ(ok.code, 0) << ok.out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(e.path().filename().string().rfind(".hbmsim-probe", 0), std::string::npos)
        << "the probe file is removed: " << e.path();
  }
}

// --work-dir is made before the runs, --json written after them: naming one folder (however
// spelled) ran the whole bench and then refused its JSON as a directory. Refused first.
TEST(Bench, JsonAndWorkDirAreNotOnePath) {
  const std::string dir = artefact("json_is_workdir");
  std::filesystem::remove_all(dir);
  for (const std::string json : {dir, dir + "/", dir + "/."}) {
    SCOPED_TRACE(json);
    const Result r = hbmsim("bench --only '^seq-read$' --pcs 1 --requests 5 --repeat 1 "
                            "--work-dir " + dir + " --json " + json);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_NE(r.out.find("the same path as --work-dir"), std::string::npos) << r.out;
  }
  std::filesystem::create_directories(dir);   // a --json is checked writable before the runs
  const Result ok = hbmsim("bench --only '^seq-read$' --pcs 1 --requests 5 --repeat 1 "
                           "--work-dir " + dir + " --json " + dir + "/bench.json");
  EXPECT_EQ(ok.code, 0) << ok.out;
}

// A --json in --work-dir named as a run's report or log there (or the `run --help` output):
// the bench read the run's report, then replaced it with its own JSON, exit 0, and the
// kept run's report was gone. Refused before the runs.
TEST(Bench, JsonIsNotARunsOutputInTheWorkDir) {
  const std::string dir = artefact("json_in_workdir");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);   // or --json is refused for a missing folder
  for (const char* name : {"seq-read-1pc-frfcfs-1.json", "seq-read-1pc-fcfs-1.log",
                           "run-help.txt"}) {
    SCOPED_TRACE(name);
    const std::string json = dir + "/" + name;
    const Result r = hbmsim("bench --only '^seq-read$' --pcs 1 --requests 5 --repeat 1 "
                            "--work-dir " + dir + " --json " + json);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.out, "hbmsim: --json " + json + ": the same file as a run's output in "
                     "--work-dir " + json + " (the output would overwrite the input)\n");
  }
  // Spelled through a '..', the same file.
  const Result r = hbmsim("bench --only '^seq-read$' --pcs 1 --requests 5 --repeat 1 "
                          "--work-dir " + dir + " --json " + dir + "/../json_in_workdir/"
                          "seq-read-1pc-frfcfs-1.json");
  EXPECT_EQ(r.code, 2) << r.out;
}

// The bench's counts were CLI11 ranges: "--pcs 0x10" ran 16 PCs, "--jobs ' 1'" one job,
// and "--pcs 1,1" ran the 1-PC matrix twice. Now decimal digits only, as for `run`, and
// each PC count once.
TEST(Bench, CountsAreDecimalAndPcsAreNotRepeated) {
  const std::string tail = " --only '^seq-read$' --requests 10 --repeat 1";
  const struct {
    std::string args, says;
  } cases[] = {
      {"--pcs 0x10", "--pcs: '0x10': expected a whole number from 1 to 64"},
      {"--pcs 1 --jobs ' 1'", "--jobs: ' 1': expected a whole number from 1 to 2"},
      {"--pcs 1 --trefi-one 1e3", "--trefi-one: '1e3': expected a whole number from 1 to 10000"},
      {"--pcs 1,2,1", "--pcs 1: given twice"},
  };
  for (const auto& c : cases) {
    const Result r = hbmsim("bench " + c.args + tail);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(r.out.rfind("hbmsim: " + c.says, 0), 0u) << c.args << ": " << r.out;
  }
}

// --requests 0 (as a script's "--requests $N" with N unset to 0) was taken as no --requests:
// every run sized to 50 tREFI (8 on more PCs), minutes for the whole matrix, where `hbmsim
// run --requests 0` is refused. Refused too, before any run.
TEST(Bench, ZeroRequestsIsRefusedNotTakenAsSizedRuns) {
  const Result r = hbmsim("bench --requests 0 --pcs 1 --only '^seq-read$' --repeat 1");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out.rfind("hbmsim: --requests: 0 is too small: expected a whole number from 1", 0),
            0u) << r.out;
  EXPECT_EQ(r.out.find("seq-read "), std::string::npos) << "no run before the refusal";
}

// CLI11 dropped the empty items of --pcs's comma list: "--pcs 1,,2" ran 1 and 2 and
// "--pcs 1," ran 1, whatever the script's list had lost. Refused, naming the item.
TEST(Bench, AnEmptyPcsItemIsRefused) {
  const std::string tail = " --only '^seq-read$' --requests 10 --repeat 1";
  const ArgsSays cases[] = {
      {"--pcs 1,,2", "--pcs: '1,,2': item 2 is empty (expected whole numbers from 1 to 64, "
                     "comma separated)"},
      {"--pcs 1,", "--pcs: '1,': item 2 is empty"},
      {"--pcs ,1", "--pcs: ',1': item 1 is empty"},
      {"--pcs 1,2,,", "--pcs: '1,2,,': item 3 is empty"},
      {"--tile --pcs 1,,2 --repeat 1 --work-dir /nonexistent", "--pcs: '1,,2': item 2 is empty"},
      {"--pcs 1,0x2", "--pcs: '0x2': expected a whole number from 1 to 64"},
      {"--pcs 1,65", "--pcs: 65 is too large: expected a whole number from 1 to 64"},
      // the lists of two arguments are one list
      {"--pcs 1 2,1", "--pcs 1: given twice"},
  };
  for (const auto& c : cases) {
    const bool tile = c.args.rfind("--tile", 0) == 0;
    const Result r = hbmsim("bench " + c.args + (tile ? "" : tail));
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(r.out.rfind("hbmsim: " + c.says, 0), 0u) << c.args << ": " << r.out;
  }
  // Lists still parse as they did, the help still shows the default.
  const Result help = hbmsim("bench --help");
  EXPECT_NE(help.out.find("--pcs UINT:1..64=[1,32]"), std::string::npos) << help.out;
  const std::string json = artefact("pcs_list.json");
  std::remove(json.c_str());
  const Result ok = hbmsim("bench --pcs 2 --pcs 1 --only '^seq-read$' --requests 4 --repeat 1 "
                           "--json " + json);
  ASSERT_EQ(ok.code, 0) << ok.out;
  EXPECT_EQ(row_pcs(json), (std::vector<unsigned>{2, 2, 1, 1})) << ok.out;
}

// The help gave --scale as 0..100 while the run refused 0 ("--scale 0: expected above 0,
// at most 100"): the help and the check now give one range, and the flag's check refuses 0.
TEST(Bench, TheScaleRangeInTheHelpIsTheOneChecked) {
  const Result help = hbmsim("bench --help");
  EXPECT_NE(help.out.find("--scale FLOAT:(0..100]=1"), std::string::npos) << help.out;
  const ArgsSays cases[] = {
      {"--scale 0", "--scale: 0: expected a number above 0, at most 100"},
      {"--scale 0.0", "--scale: 0.0: expected a number above 0, at most 100"},
      {"--scale -0", "--scale: -0: expected a number above 0, at most 100"},
      {"--scale 100.5", "--scale: 100.5: expected a number above 0, at most 100"},
      {"--scale nan", "--scale: 'nan': expected a number above 0, at most 100"},
  };
  for (const auto& c : cases) {
    const Result r = hbmsim("bench --speed --repeat 1 " + c.args);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(r.out.rfind("hbmsim: " + c.says + " (see hbmsim --help)", 0), 0u)
        << c.args << ": " << r.out;
  }
}

// The speed bench's first line counted "1 cases, 1 runs each"; singular now, plural kept.
TEST(Bench, TheSpeedHeaderCountsInTheRightNumber) {
  const Result one = hbmsim("bench --speed --scale 0.01 --only 1pc-rand --repeat 1");
  ASSERT_EQ(one.code, 0) << one.out;
  EXPECT_NE(one.out.find(", 1 case, 1 run each;"), std::string::npos) << one.out;
  const Result two = hbmsim("bench --speed --scale 0.01 --only 1pc --repeat 2");
  ASSERT_EQ(two.code, 0) << two.out;
  EXPECT_NE(two.out.find(", 2 cases, 2 runs each;"), std::string::npos) << two.out;
}

// A run of one tREFI can miss its refreshes and land above a bound that counts tRFC every
// tREFI (seq-read-refab at 98.7 % against 91.0 %, with no word on it): a note says why.
// A row within its bound gets none.
TEST(Bench, ARunAboveItsRefreshBoundIsExplained) {
  const Result r = hbmsim("bench --pcs 1 --trefi-one 1 --only '^seq-read' --repeat 1");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("note: seq-read-refab on 1 PC (frfcfs) ran above its bound ("),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("is too short for it; give a longer --trefi-one"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("note: seq-read on"), std::string::npos) << r.out;
}

// A standard whose default map puts the row lowest (CoBgBaSiRo) moves the row at 32 B:
// the strided workload's stride came out as 32 B, below the 64-B burst, and every strided
// run was refused by the child ('--stride 32: ... a non-zero multiple of the burst'), the
// bench reporting FAILED and exit 1. The stride starts at the burst.
TEST(Bench, TheStridedStrideIsAtLeastTheBurstUnderAnyMap) {
  nlohmann::json s = load_json(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  s["default_mapping"] = "CoBgBaSiRo";
  const std::string standard = artefact("row_lowest.json");
  std::ofstream(standard) << s.dump(2);
  const std::string json = artefact("row_lowest_bench.json");
  std::remove(json.c_str());
  const Result r = hbmsim("bench --standard " + standard + " --pcs 1 --requests 20 --repeat 1 "
                          "--only '^strided$' --json " + json);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("stride 64 B: one bank, a new row per burst"), std::string::npos)
      << r.out;
  for (const auto& row : load_json(json)["rows"]) EXPECT_EQ(row["stride"], 64) << row.dump();
}

// std::regex compiles --only by recursion: 30 000 nested groups overflowed the stack (a
// segmentation fault, exit 139). --only is at most 256 characters.
TEST(Bench, AnOnlyPatternTooLongToCompileIsRefused) {
  const std::string deep = std::string(30000, '(') + "zzz" + std::string(30000, ')');
  for (const char* kind : {"", "--speed "}) {
    const Result r = hbmsim(std::string("bench ") + kind + "--only '" + deep + "'");
    EXPECT_EQ(r.code, 2) << kind << r.out.substr(0, 300);
    EXPECT_EQ(r.out.rfind("hbmsim: --only '((((", 0), 0u) << r.out.substr(0, 300);
    EXPECT_NE(r.out.find("': 60003 characters, at most 256 (it picks among workload names"),
              std::string::npos) << r.out.substr(0, 300);
  }
  const Result ok = hbmsim("bench --pcs 1 --requests 2 --repeat 1 --only '" +
                           std::string(100, '(') + "^seq-read$" + std::string(100, ')') + "'");
  EXPECT_EQ(ok.code, 0) << ok.out;
}

// --trefi-one / --trefi-many size the runs --requests leaves unsized, each for its own PC
// counts. Where they sized nothing (beside --requests N, or --trefi-many with --pcs 1)
// they were ignored without a word, and the bench's first line said 'runs of >= 3 tREFI'
// of runs of 5 bursts (the JSON's trefi_per_run too). Refused; the line says what sizes
// the runs.
TEST(Bench, TrefiFlagsThatSizeNoRunAreRefused) {
  const std::string tail = " --only '^seq-read$' --repeat 1";
  for (const ArgsSays& c : std::vector<ArgsSays>{
           {"--pcs 1 --requests 5 --trefi-one 3",
            "--trefi-one sizes the runs when --requests does not: with --requests 5 every run "
            "has 5 bursts per PC"},
           {"--pcs 1,2 --requests 5 --trefi-many 3", "--trefi-many sizes the runs when"},
           {"--pcs 1 --trefi-many 3", "--trefi-many sizes the runs of more than 1 PC, and "
                                      "--pcs 1 has none"},
           {"--pcs 2,4 --trefi-one 3", "--trefi-one sizes the runs of 1 PC, and --pcs 2,4 "
                                       "has none"}}) {
    const Result r = hbmsim("bench " + c.args + tail);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(r.out.rfind("hbmsim: " + c.says, 0), 0u) << c.args << ": " << r.out;
  }
  const std::string json = artefact("requests_sized.json");
  std::remove(json.c_str());
  const Result r = hbmsim("bench --pcs 1 --requests 5 --json " + json + tail);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("runs of 5 bursts per PC (--requests)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("tREFI (1 PC)"), std::string::npos) << r.out;
  EXPECT_TRUE(load_json(json)["trefi_per_run"].is_null());
  const Result sized = hbmsim("bench --pcs 1 --trefi-one 1 --json " + json + tail);
  ASSERT_EQ(sized.code, 0) << sized.out;
  EXPECT_NE(sized.out.find("runs of >= 1 tREFI (1 PC)"), std::string::npos) << sized.out;
  EXPECT_EQ(load_json(json)["trefi_per_run"]["one_pc"], 1);
}

TEST(Bench, FailingRunIsReportedWithItsCommandAndExitCode1) {
  const Result r = hbmsim("bench --program /bin/false --only '^seq-read$' --pcs 1 --repeat 1 "
                          "--work-dir " + artefact("failing"));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("FAILED seq-read-1pc-frfcfs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/bin/false run --standard hbm3"), std::string::npos) << r.out;
}

// A bench ended by a signal to its own process (kill PID, as a CI runner's timeout may do)
// left its running child to go on, orphaned, for as long as its run took. The child ends
// with the bench. The child here is a program that sleeps (its 'run --help' probe).
TEST(Bench, AChildEndsWithTheBenchThatStartedIt) {
  const std::string sleeper = artefact("sleeper.sh"), pid = artefact("sleeper.pid");
  std::remove(pid.c_str());
  std::ofstream(sleeper) << "#!/bin/sh\necho $$ > " << pid << "\nexec sleep 30\n";
  std::filesystem::permissions(sleeper, std::filesystem::perms::owner_all);
  const Result r = shell(std::string(HBMSIM_BINARY) + " bench --program " + sleeper +
                         " --pcs 1 --only '^seq-read$' --repeat 1 --requests 1 --work-dir " +
                         artefact("orphans") + " >/dev/null 2>&1 & b=$!; sleep 1; "
                         "kill -TERM $b; wait $b; sleep 0.5; c=$(cat " + pid + "); "
                         // Gone, or a zombie no one reaps (PID 1 of a container may not).
                         "s=$(ps -o stat= -p $c); case \"$s\" in ''|Z*) exit 0;; esac; "
                         "kill $c; exit 1");
  EXPECT_EQ(r.code, 0) << "the bench's child outlived it: " << r.out;
}

// A bench stopped by SIGINT or SIGTERM (Ctrl-C; a CI runner's timeout) left its temporary
// folder (hbmsim-bench-*, hbmsim-tile-bench-*, hbmsim-speed-*) behind under TMPDIR. Each
// kind, each signal: the folder is removed, with what the child wrote in it (a file and a
// folder), the child ends, and the bench ends by the signal (128 + N to the shell). A
// --work-dir is the user's: kept.
TEST(Bench, ASignalRemovesTheTemporaryFolder) {
  namespace fs = std::filesystem;
  const std::string sleeper = artefact("signal_sleeper.sh"), pid = artefact("signal_sleeper.pid");
  // Its log is its stdout, in the bench's folder: it writes beside it, then sleeps.
  std::ofstream(sleeper) << "#!/bin/sh\nd=$(dirname \"$(readlink /proc/$$/fd/1)\")\n"
                            "mkdir \"$d/sub\" && echo x > \"$d/sub/file\"\n"
                            "echo $$ > " << pid << "\nexec sleep 30\n";
  fs::permissions(sleeper, fs::perms::owner_all);
  const struct {
    std::string args, stem;
  } kinds[] = {
      {"--pcs 1 --only '^seq-read$' --repeat 1 --requests 1", "hbmsim-bench-"},
      {"--tile --pcs 1 --repeat 1", "hbmsim-tile-bench-"},
      {"--speed --scale 0.01 --only 1pc-seq-read --repeat 1", "hbmsim-speed-"},
  };
  const struct {
    const char* name;
    int code;
  } signals[] = {{"TERM", 143}, {"INT", 130}};
  for (const auto& k : kinds) {
    for (const auto& sig : signals) {
      const std::string what = k.args + ", SIG" + sig.name;
      const std::string tmp = artefact("signal_tmp");
      fs::remove_all(tmp);
      fs::create_directories(tmp);
      std::remove(pid.c_str());
      // A background job of a script starts with SIGINT ignored: env gives it back.
      const Result r = shell(
          "TMPDIR=" + tmp + " env --default-signal=INT " + HBMSIM_BINARY + " bench --program " +
          sleeper + " " + k.args + " >/dev/null 2>" + tmp + ".err & b=$!; "
          "for i in $(seq 100); do [ -s " + pid + " ] && break; sleep 0.1; done; "
          "ls " + tmp + "; kill -" + sig.name + " $b; wait $b; echo \"exit $?\"; "
          "c=$(cat " + pid + "); s=$(ps -o stat= -p $c); case \"$s\" in ''|Z*) ;; "
          "*) kill $c; echo 'child left running';; esac");
      EXPECT_NE(r.out.find(k.stem), std::string::npos) << what << ": never started: " << r.out;
      EXPECT_NE(r.out.find("exit " + std::to_string(sig.code)), std::string::npos)
          << what << ": " << r.out;
      EXPECT_EQ(r.out.find("child left running"), std::string::npos) << what << ": " << r.out;
      std::vector<std::string> left;
      for (const auto& e : fs::directory_iterator(tmp)) left.push_back(e.path().string());
      EXPECT_TRUE(left.empty()) << what << ": left " << (left.empty() ? "" : left.front());
      const std::string err = slurp(tmp + ".err");
      EXPECT_NE(err.find("hbmsim bench: stopped by a signal; removed its temporary folder " +
                         tmp + "/" + k.stem), std::string::npos) << what << ": " << err;
    }
  }
  const std::string work = artefact("signal_work_dir");
  fs::remove_all(work);
  std::remove(pid.c_str());
  const Result r = shell(std::string(HBMSIM_BINARY) + " bench --program " + sleeper +
                         " --pcs 1 --only '^seq-read$' --repeat 1 --requests 1 --work-dir " +
                         work + " >/dev/null 2>&1 & b=$!; "
                         "for i in $(seq 100); do [ -s " + pid + " ] && break; sleep 0.1; done; "
                         "kill -TERM $b; wait $b; echo \"exit $?\"");
  EXPECT_NE(r.out.find("exit 143"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(work + "/sub/file")) << r.out;
}

// A program that exits 0 and writes no report (--baseline /bin/true, a wrong binary) ended
// --speed and --tile as 'internal error (exit 3): [json.exception.type_error.306] cannot
// use value() with null', and the matrix's FAILED line said only 'exit 0'. Each is a
// failed run (exit 1) that says it wrote no report.
TEST(Bench, AProgramThatWritesNoReportIsAFailedRunThatSaysSo) {
  const struct {
    std::string args, says;
  } cases[] = {
      {"--speed --baseline /bin/true --scale 0.01 --only 1pc-seq --repeat 1",
       "FAILED 1pc-seq-read: baseline run 1: exit 0: wrote no report ("},
      {"--tile --program /bin/true --pcs 1 --repeat 1", "FAILED: exit 0: wrote no report ("},
      {"--program /bin/true --only '^seq-read$' --pcs 1 --requests 2 --repeat 1",
       "FAILED seq-read-1pc-frfcfs: run 1: exit 0: wrote no report ("},
  };
  int n = 0;
  for (const auto& c : cases) {
    // Failed runs keep their folder: an artefact's, not a temporary one left behind.
    const Result r = hbmsim("bench " + c.args + " --work-dir " +
                            artefact("no_report_" + std::to_string(++n)));
    EXPECT_EQ(r.code, 1) << c.args << ": " << r.out;
    EXPECT_NE(r.out.find(c.says), std::string::npos) << c.args << ": " << r.out;
    EXPECT_EQ(r.out.find("internal error"), std::string::npos) << r.out;
  }
}

// A stand-in for `hbmsim run` that writes `report` (JSON) wherever --report says: a bench
// over it takes no co-simulation's time.
std::string fake_run_program(const std::string& name, const std::string& report) {
  const std::string program = write_artefact("bench", name, R"(#!/bin/sh
while [ $# -gt 0 ]; do
  if [ "$1" = --report ]; then
    printf '%s' ')" + report + R"(' > "$2"
  fi
  shift
done
)");
  EXPECT_EQ(::chmod(program.c_str(), 0755), 0);
  return program;
}

const char kTileReportHead[] = R"({"status":"pass","efficiency":0.95,"cycles_per_s":1000,)"
                               R"("cycles":100,"bandwidth_gbps":24.3,"peak_gbps":25.6,)"
                               R"("tile":{"mac_utilization":0.1})";

// bench --tile's progress lines said 'gemv  4096 x  4096 on  1 PCs' (two spaces, and "PCs"
// for one).
TEST(Bench, TileProgressSaysOnePcAndNPcs) {
  const std::string program =
      fake_run_program("fake_run.sh", std::string(kTileReportHead) + R"(,"checks":{}})");
  const Result r = hbmsim("bench --tile --pcs 1,2 --repeat 1 --program " + program);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("gemv  4096 x  4096 on 1 PC, run 1/1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gemv  4096 x  4096 on 2 PCs, run 1/1"), std::string::npos) << r.out;
  for (const std::string& line : lines_of(r.out)) {
    if (line.rfind("  gemv ", 0) != 0) continue;
    EXPECT_EQ(line.find("on  "), std::string::npos) << line;
    EXPECT_EQ(line.find(" 1 PCs"), std::string::npos) << line;
  }
}

// A child whose report passes but lacks what the bench reads ('checks' here) crashed
// bench --tile (exit 139: a read of a missing key); the bench and --speed read others. Each
// is now a failed run that names the key, and the bench exits 1.
TEST(Bench, AChildReportWithoutWhatTheBenchReadsIsAFailedRun) {
  const std::string program =
      fake_run_program("fake_run_no_checks.sh", std::string(kTileReportHead) + "}");
  // Failed runs keep their folder: an artefact's, not a temporary one left behind.
  const Result tile = hbmsim("bench --tile --pcs 1 --repeat 1 --program " + program +
                             " --work-dir " + artefact("no_checks_tile"));
  EXPECT_EQ(tile.code, 1) << tile.out;
  EXPECT_NE(tile.out.find("has no object 'checks'"), std::string::npos) << tile.out;
  const Result plain = hbmsim("bench --pcs 1 --requests 50 --only '^seq-read$' --program " +
                              program + " --work-dir " + artefact("no_commands"));
  EXPECT_EQ(plain.code, 1) << plain.out;
  EXPECT_NE(plain.out.find("has no object 'commands'"), std::string::npos) << plain.out;
}

}  // namespace test_bench
