// The robustness probe's input findings (notes/robustness-stop34.md V4, V5, V7, V9, V11,
// V12) as users meet them: an output never replaces an input or another output, an empty
// path is an error, a flag that does not apply is refused (exit 2, one line, before any
// run), and figures that do not exist are null in the report, not 0.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

#ifndef HBMSIM_SOURCE_DIR
#error "HBMSIM_SOURCE_DIR must name the source tree"
#endif

namespace test_flag_checks_cli {

using namespace cli_test;

std::string artefact(const std::string& name) { return cli_test::artefact("flagchk", name); }

std::string write_file(const std::string& name, const std::string& text) {
  return write_artefact("flagchk", name, text);
}

std::string copy_config(const std::string& rel, const std::string& name) {
  return write_file(name, slurp(std::string(HBMSIM_SOURCE_DIR) + "/configs/" + rel));
}

// Refused before anything ran: exit 2, one line holding `what`, no summary.
void expect_refused(const Result& r, const std::string& what) {
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(lines_of(r.out).size(), 1u) << r.out;
  EXPECT_NE(r.out.find(what), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("hbmsim run:"), std::string::npos) << r.out;
}

const std::string kTrace = "0x0 WRITE 0\n0x40 READ 5\n0x80 READ 9\n";

// V4: an output naming an input file is refused, and the input is left as it was.
TEST(OutputsApartCli, AnOutputNeverOverwritesAnInput) {
  const std::string trace = write_file("victim.trace", kTrace);
  expect_refused(hbmsim("run --trace " + trace + " --cmd-log " + trace),
                 "--cmd-log " + trace + ": the same file as --trace " + trace);
  expect_refused(hbmsim("run --trace " + trace + " --report " + trace), "--trace");
  EXPECT_EQ(slurp(trace), kTrace);

  const std::string std_file = copy_config("standards/hbm3.json", "mystd.json");
  const std::string std_text = slurp(std_file);
  expect_refused(hbmsim("run --requests 10 --standard " + std_file + " --cmd-log " + std_file),
                 "the same file as --standard");
  EXPECT_EQ(slurp(std_file), std_text);

  const std::string model = copy_config("models/tiny.json", "mymodel.json");
  const std::string model_text = slurp(model);
  expect_refused(hbmsim("run --workload decode --context 4 --model " + model + " --report " +
                        model),
                 "the same file as --model");
  EXPECT_EQ(slurp(model), model_text);
}

// V4: a standard named as a preset is the file the loader reads for it (here in a
// configs folder of the test's own, never the source tree's: a regression would
// overwrite it).
TEST(OutputsApartCli, APresetByNameIsTheFileItNames) {
  const std::string dir = artefact("configs");
  std::filesystem::create_directories(dir + "/standards");
  const std::string preset = dir + "/standards/mine.json";
  std::filesystem::copy_file(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json",
                             preset, std::filesystem::copy_options::overwrite_existing);
  const std::string text = slurp(preset);
  ::setenv("HBMSIM_CONFIG_DIR", dir.c_str(), 1);   // where standards are looked up by name
  const Result r = hbmsim("run --requests 10 --standard mine --report " + preset);
  ::unsetenv("HBMSIM_CONFIG_DIR");
  expect_refused(r, "the same file as --standard " + preset);
  EXPECT_EQ(slurp(preset), text);
}

// $HBMSIM_CONFIG_DIR names the configs folder: standards came from its standards/ but
// models still from the source tree's models/, so a model preset there was "cannot open".
// Both kinds come from it now (and the preset by name is the file an output may not be).
TEST(OutputsApartCli, ModelPresetsComeFromTheConfigDirAsStandardsDo) {
  const std::string dir = artefact("configs_models");
  std::filesystem::create_directories(dir + "/models");
  std::filesystem::create_directories(dir + "/standards");
  const std::string preset = dir + "/models/mine.json";
  std::filesystem::copy_file(std::string(HBMSIM_SOURCE_DIR) + "/configs/models/tiny.json",
                             preset, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json",
                             dir + "/standards/hbm3.json",
                             std::filesystem::copy_options::overwrite_existing);
  const std::string text = slurp(preset);
  ::setenv("HBMSIM_CONFIG_DIR", dir.c_str(), 1);
  const Result ok = hbmsim("run --workload decode --model mine --context 4 --quiet");
  const Result same = hbmsim("run --workload decode --model mine --context 4 --report " + preset);
  const Result unknown = hbmsim("run --workload decode --model nope --context 4");
  ::unsetenv("HBMSIM_CONFIG_DIR");
  EXPECT_EQ(ok.code, 0) << ok.out;
  expect_refused(same, "the same file as --model " + preset);
  EXPECT_EQ(slurp(preset), text);
  expect_refused(unknown, "cannot open model 'nope' (known: mine; $HBMSIM_CONFIG_DIR is " + dir +
                             ": presets are read from its models/)");
}

// $HBMSIM_CONFIG_DIR set but empty (HBMSIM_CONFIG_DIR=$CFG, CFG unset) looked for presets
// in /standards and /models: "/standards/hbm3.json: cannot open standard 'hbm3' (known:
// none)", the variable never named. Refused as such; and a preset missing from the folder
// it names says where the search went.
TEST(OutputsApartCli, AnEmptyOrMisdirectedConfigDirIsNamed) {
  const std::string bin = std::string(HBMSIM_BINARY);
  expect_refused(shell("HBMSIM_CONFIG_DIR= " + bin + " run --requests 5 2>&1"),
                 "$HBMSIM_CONFIG_DIR is set but empty: unset it for the presets in configs/, or "
                 "set it to a folder holding standards/ and models/");
  expect_refused(shell("HBMSIM_CONFIG_DIR= " + bin + " check-log x.csv 2>&1"),
                 "$HBMSIM_CONFIG_DIR is set but empty");
  const std::string dir = artefact("configs_empty");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/standards");
  const Result r = shell("HBMSIM_CONFIG_DIR=" + dir + " " + bin + " run --requests 5 2>&1");
  expect_refused(r, dir + "/standards/hbm3.json: cannot open standard 'hbm3' (known: none; "
                          "$HBMSIM_CONFIG_DIR is " + dir + ": presets are read from its "
                          "standards/)");
  const Result unset = shell("env -u HBMSIM_CONFIG_DIR " + bin + " run --requests 5 --quiet");
  EXPECT_EQ(unset.code, 0) << unset.out;
}

// V4: symlinks and hard links name the same file; so do two spellings of one path.
TEST(OutputsApartCli, LinksAndSpellingsAreTheSameFile) {
  const std::string trace = write_file("linked.trace", kTrace);
  const std::string sym = artefact("sym.trace"), hard = artefact("hard.trace");
  std::filesystem::remove(sym);
  std::filesystem::remove(hard);
  ASSERT_EQ(::symlink(trace.c_str(), sym.c_str()), 0);
  ASSERT_EQ(::link(trace.c_str(), hard.c_str()), 0);
  expect_refused(hbmsim("run --trace " + trace + " --report " + sym), "the same file as --trace");
  expect_refused(hbmsim("run --trace " + sym + " --cmd-log " + hard), "the same file as --trace");
  EXPECT_EQ(slurp(trace), kTrace);
  const std::string dir = std::filesystem::path(trace).parent_path().string();
  const std::string twice = dir + "/./flagchk_twice.x";
  std::filesystem::remove(artefact("twice.x"));
  expect_refused(hbmsim("run --requests 10 --timeseries " + artefact("twice.x") + " --html " +
                        twice),
                 "one output would overwrite the other");
  EXPECT_FALSE(std::filesystem::exists(artefact("twice.x")));
}

// An output named by a symlink to a file not yet made (ln -s results/run.json latest.json)
// was refused, "cannot write: File exists" (the probe's O_EXCL met the link), though the
// run's write follows the link and makes its target; and the link is the same file as
// its target, which another output may name.
TEST(OutputsApartCli, ADanglingSymlinkIsWrittenThroughAndIsItsTarget) {
  const std::string target = artefact("dangling_target.json"), link = artefact("dangling.json");
  expect_written_through_new_link("run --requests 10 --quiet --report", link, target);
  EXPECT_EQ(load_json(target)["status"], "pass");
  std::filesystem::remove(target);
  expect_refused(hbmsim("run --requests 10 --report " + target + " --html " + link),
                 "--html " + link + ": the same file as --report " + target);
  EXPECT_FALSE(std::filesystem::exists(target));
}

// V4: two outputs on one file; devices such as /dev/null may be shared.
TEST(OutputsApartCli, TwoOutputsNeverShareAFile) {
  const std::string same = artefact("same.x");
  std::filesystem::remove(same);
  expect_refused(hbmsim("run --requests 10 --report " + same + " --cmd-log " + same),
                 "--cmd-log " + same + ": the same file as --report " + same);
  expect_refused(hbmsim("run --requests 10 --wave " + same + " --timeseries " + same),
                 "--timeseries " + same + ": the same file as --wave " + same);
  const Result ok = hbmsim("run --requests 10 --quiet --report /dev/null --cmd-log /dev/null");
  EXPECT_EQ(ok.code, 0) << ok.out;
}

// V4: bench --json must not replace the standard (or a program) it reads.
TEST(OutputsApartCli, BenchJsonNeverOverwritesAnInput) {
  const std::string std_file = copy_config("standards/hbm3.json", "benchstd.json");
  const std::string std_text = slurp(std_file);
  expect_refused(hbmsim("bench --only zzz --standard " + std_file + " --json " + std_file),
                 "--json " + std_file + ": the same file as --standard");
  EXPECT_EQ(slurp(std_file), std_text);
  const std::string prog = write_file("prog.sh", "#!/bin/sh\nexit 1\n");
  expect_refused(hbmsim("bench --only zzz --program " + prog + " --json " + prog),
                 "the same file as --program");
}

// V9: an empty path (or name, mapping, scope) is an error, never "not given".
TEST(EmptyPathCli, EveryPathFlagRefusesTheEmptyString) {
  for (const char* flag : {"--trace", "--report", "--cmd-log", "--wave", "--html",
                           "--timeseries", "--standard"}) {
    expect_refused(hbmsim(std::string("run --requests 10 ") + flag + " ''"),
                   std::string(flag) + ": empty");
  }
  expect_refused(hbmsim("run --requests 10 --trace ''"), "--trace: empty path");
  expect_refused(hbmsim("run --workload decode --context 4 --model ''"), "--model: empty");
  expect_refused(hbmsim("run --requests 10 --mapping ''"), "--mapping: empty mapping");
  expect_refused(hbmsim("run --requests 10 --wave " + artefact("w.fst") + " --wave-scope ''"),
                 "--wave-scope: empty scope");
}

// V9: bench's paths likewise (--only zzz would refuse the bench, should one slip through).
TEST(EmptyPathCli, BenchRefusesTheEmptyString) {
  for (const char* flag : {"--json", "--work-dir", "--program", "--standard"}) {
    expect_refused(hbmsim(std::string("bench --only zzz ") + flag + " ''"),
                   std::string(flag) + ": empty");
  }
  expect_refused(hbmsim("bench --speed --only zzz --baseline ''"), "--baseline: empty path");
}

// V9: check-log's command log and standard likewise.
TEST(EmptyPathCli, CheckLogRefusesTheEmptyString) {
  expect_refused(hbmsim("check-log ''"), "file: empty path");
  expect_refused(hbmsim("check-log --standard '' x.csv"), "--standard: empty");
}

// V7: the waveform's window and options.
TEST(WaveFlagsCli, WindowEndingBeforeItStartsIsRefused) {
  expect_refused(hbmsim("run --requests 20 --wave " + artefact("w1.fst") +
                        " --wave-start 500 --wave-end 100"),
                 "--wave-end 100 is before --wave-start 500");
}

TEST(WaveFlagsCli, WaveOptionsNeedWave) {
  for (const char* args : {"--wave-start 10", "--wave-end 10", "--wave-scope ch0",
                           "--wave-depth 3"}) {
    const std::string flag = std::string(args).substr(0, std::string(args).find(' '));
    expect_refused(hbmsim(std::string("run --requests 20 ") + args), flag + " is for --wave");
  }
}

// --wave-depth counts levels from --wave-scope down: alone it was ignored, the waveform holding every
// level. Depth 0 (all, the default) alone is what the waveform holds anyway.
TEST(WaveFlagsCli, WaveDepthNeedsWaveScope) {
  expect_refused(hbmsim("run --requests 20 --wave " + artefact("depth.fst") + " --wave-depth 1"),
                 "--wave-depth 1 counts levels from --wave-scope down");
  const Result all = hbmsim("run --requests 20 --quiet --wave " + artefact("depth.fst") +
                            " --wave-depth 0");
  EXPECT_EQ(all.code, 0) << all.out;
}

TEST(WaveFlagsCli, WindowPastTheRunIsNoted) {
  const std::string wave = artefact("late.fst");
  const Result r = hbmsim("run --requests 20 --quiet --wave " + wave +
                          " --wave-start 1000000 --wave-end 2000000");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("note: --wave-start 1000000 is past the run's last tCK"),
            std::string::npos) << r.out;
  const Result in = hbmsim("run --requests 20 --quiet --wave " + wave + " --wave-start 10");
  EXPECT_EQ(in.code, 0) << in.out;
  EXPECT_EQ(in.out.find("note:"), std::string::npos) << in.out;
}

// V11: --xbar-granule only where a crossbar spreads addresses, checked whenever given (its
// range as it is parsed: 0, 1 and 2^63 are refused as no granule of 512 B to 16 MiB).
TEST(FlagsApplyCli, XbarGranuleNeedsTheCrossbar) {
  for (const char* args : {"--requests 10 --xbar-granule 4096", "--requests 10 --pcs 2 "
                           "--xbar-granule 512", "--workload gemv --m 64 --k 64 --xbar-granule "
                           "16777216", "--workload probe --xbar-granule 1024"}) {
    expect_refused(hbmsim(std::string("run ") + args), "--xbar-granule is the crossbar's");
  }
  const std::string trace = write_file("granule.trace", kTrace);
  expect_refused(hbmsim("run --trace " + trace + " --xbar-granule 4096"),
                 "--xbar-granule is the crossbar's");
  expect_refused(hbmsim("run --trace " + trace + " --pcs 2 --xbar-granule 3"),
                 "--xbar-granule: 3: expected a power of two from 512 to 16777216");
  for (const char* granule : {"0", "1", "9223372036854775808"}) {
    expect_refused(hbmsim(std::string("run --requests 10 --xbar-granule ") + granule),
                   std::string("--xbar-granule: ") + granule + ": expected a power of two");
  }
  const Result ok = hbmsim("run --quiet --trace " + trace + " --pcs 2 --xbar-granule 4096");
  EXPECT_EQ(ok.code, 0) << ok.out;
}

// Controller settings the chosen policy never reads: --page-idle under --page-policy open
// or closed, --starve, --wr-high and --wr-low under --scheduler fcfs. The RTL ignored them
// and so did hbmsim, without a word (--page-idle 1 and 65535 gave the same commands). A
// note on stderr names each; the run goes on (a sweep over the policies keeps one set of
// flags), with the same figures. Where the policy reads it, no note.
TEST(FlagsApplyCli, ControllerFlagsThePolicyNeverReadsAreNoted) {
  const ArgsSays cases[] = {
      {"--page-policy open --page-idle 1",
       "hbmsim: note: --page-idle has no effect here: it is the adaptive page policy's idle "
       "time; --page-policy open keeps a row open until another row or a refresh needs its "
       "bank\n"},
      {"--page-idle 5 --page-policy closed",
       "hbmsim: note: --page-idle has no effect here: it is the adaptive page policy's idle "
       "time; --page-policy closed auto-precharges each request's last access to its row\n"},
      {"--scheduler fcfs --starve 1",
       "hbmsim: note: --starve has no effect here: it is for --scheduler frfcfs; under fcfs "
       "only the oldest request may use the column bus, so nothing overtakes it and reads and "
       "writes are not served in phases\n"},
      {"--scheduler fcfs --wr-high 2 --wr-low 1",
       "hbmsim: note: --wr-high has no effect here: it is for --scheduler frfcfs; under fcfs "
       "only the oldest request may use the column bus, so nothing overtakes it and reads and "
       "writes are not served in phases\nhbmsim: note: --wr-low has no effect here"},
  };
  for (const auto& c : cases) {
    const Result r = shell(std::string(HBMSIM_BINARY) + " run --quiet --requests 10 " + c.args +
                           " 2>&1 >/dev/null");
    EXPECT_EQ(r.code, 0) << c.args << ": " << r.out;
    EXPECT_EQ(r.out.rfind(c.says, 0), 0u) << c.args << ": " << r.out;
  }
  for (const char* used : {"--page-idle 1", "--page-policy adaptive --page-idle 1",
                           "--starve 1 --wr-high 2 --wr-low 1", "--page-policy open",
                           "--scheduler fcfs"}) {
    const Result r = shell(std::string(HBMSIM_BINARY) + " run --quiet --requests 10 " + used +
                           " 2>&1 >/dev/null");
    EXPECT_EQ(r.code, 0) << used << ": " << r.out;
    EXPECT_EQ(r.out, "") << used;
  }
}

// The policies' flags take their names, in any case. CLI11's CheckedTransformer also took
// the enums' numbers, given nowhere: "--refresh 0" ran all-bank refresh (a user meaning
// "no refresh" got it silently), "--page-policy 1" closed pages, "--tile-load 1" the AXI
// load; and a typo was refused with the map ("Check 3 value in {adaptive->2,closed->1,
// open->0} OR {2,1,0} FAILED").
TEST(FlagsApplyCli, PolicyFlagsTakeTheirNamesNotNumbers) {
  const ArgsSays refused[] = {
      {"--refresh 0", "--refresh: '0': expected allbank or perbank"},
      {"--page-policy 1", "--page-policy: '1': expected open, closed or adaptive"},
      {"--page-policy 3", "--page-policy: '3': expected open, closed or adaptive"},
      {"--scheduler 1", "--scheduler: '1': expected frfcfs or fcfs"},
      {"--scheduler ''", "--scheduler: '': expected frfcfs or fcfs"},
      {"--workload gemv --m 32 --k 32 --tile-load 1",
       "--tile-load: '1': expected backdoor or axi"},
  };
  for (const auto& c : refused) {
    const Result r = hbmsim("run --requests 10 " + c.args);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(r.out, "hbmsim: " + c.says + " (see hbmsim --help)\n") << c.args;
  }
  const std::string report = artefact("policy_names.json");
  const Result ok = hbmsim("run --quiet --requests 10 --refresh AllBank --page-policy Closed "
                           "--scheduler FCFS --report " + report);
  ASSERT_EQ(ok.code, 0) << ok.out;
  const nlohmann::json c = load_json(report).at("controller");
  EXPECT_EQ(c.at("refresh"), "allbank");
  EXPECT_EQ(c.at("page_policy"), "closed");
  EXPECT_EQ(c.at("scheduler"), "fcfs");
  const Result tile = hbmsim("run --quiet --workload gemv --m 32 --k 32 --tile-load AXI");
  EXPECT_EQ(tile.code, 0) << tile.out;
}

// V11: bench's kinds take their own flags. --standard no_such_standard makes each case
// fail fast should the flag be let through (the standard is loaded after the flag checks).
TEST(FlagsApplyCli, BenchRefusesFlagsItsKindIgnores) {
  const std::string bad = " --standard no_such_standard";
  expect_refused(hbmsim("bench --baseline /bin/true --only seq-read" + bad),
                 "--baseline is only for --speed");
  expect_refused(hbmsim("bench --scale 2" + bad), "--scale is only for --speed");
  expect_refused(hbmsim("bench --tile --only x" + bad), "--only is not for --tile");
  expect_refused(hbmsim("bench --tile --requests 100" + bad), "--requests is not for --tile");
  expect_refused(hbmsim("bench --speed --pcs 1" + bad), "--pcs is not for --speed");
  expect_refused(hbmsim("bench --speed --requests 100" + bad), "--requests is not for --speed");
}

// A program bench cannot run is refused before any run, for each kind of bench: a
// missing --program made every run of the matrix fail on a line of its own and the
// bench exit 1, as if a check had failed; a directory passed the --baseline check
// (access(X_OK) holds for a directory one may search). --standard no_such_standard keeps
// a regression from running anything.
TEST(FlagsApplyCli, BenchRefusesAProgramItCannotRun) {
  const std::string bad = " --standard no_such_standard";
  const std::string dir = std::filesystem::path(artefact("x")).parent_path().string();
  const std::string missing = dir + "/no_such_hbmsim";
  const std::string text = write_file("not_a_program.txt", "hbmsim\n");
  for (const std::string kind : {"--only seq-read --pcs 1", "--tile --pcs 1", "--speed"}) {
    SCOPED_TRACE(kind);
    expect_refused(hbmsim("bench " + kind + " --program " + missing + bad),
                   "--program " + missing + ": not an executable file");
    expect_refused(hbmsim("bench " + kind + " --program " + dir + bad),
                   "--program " + dir + ": not an executable file");
    expect_refused(hbmsim("bench " + kind + " --program " + text + bad),
                   "--program " + text + ": not an executable file");
  }
  expect_refused(hbmsim("bench --speed --baseline " + dir + bad),
                 "--baseline " + dir + ": not an executable file");
  expect_refused(hbmsim("bench --speed --baseline " + missing + bad),
                 "--baseline " + missing + ": not an executable file");
}

// V5: the tile's and the transformer's traffic is the tile DMA's: the host traffic's
// flags are refused.
TEST(FlagsApplyCli, TileWorkloadsRefuseSyntheticFlags) {
  for (const char* flag : {"--requests 5", "--read-ratio 0.25", "--beats 8", "--footprint 4096",
                           "--max-reads 4", "--max-writes 4"}) {
    const std::string name = std::string(flag).substr(0, std::string(flag).find(' '));
    expect_refused(hbmsim(std::string("run --workload gemv --m 64 --k 64 ") + flag),
                   name + " is for synthetic traffic; --workload gemv runs on the tile");
    expect_refused(hbmsim(std::string("run --workload decode --model tiny --context 4 ") + flag),
                   name + " is for synthetic traffic; --workload decode");
  }
  expect_refused(hbmsim("run --workload gemm --m 32 --k 32 --n 2 --beats 8"), "--beats is for");
  expect_refused(hbmsim("run --workload prefill --model tiny --context 4 --requests 5"),
                 "--requests is for");
}

// V5: the report's workload object holds no synthetic settings that did not apply.
// A footprint that is not a whole number of bursts was rounded down without a word
// (100 B spanned one 64-B burst); --read-ratio -0 was reported as -0.00 and -0.0.
TEST(FlagsApplyCli, FootprintIsWholeBurstsAndReadRatioHasNoNegativeZero) {
  expect_refused(hbmsim("run --requests 10 --footprint 100"),
                 "--footprint 100: not a whole number of bursts (64 B = --beats 2 x 32 B); "
                 "expected a multiple such as 64 or 128");
  expect_refused(hbmsim("run --requests 10 --beats 4 --footprint 1000000"),
                 "expected a multiple such as 999936 or 1000064");
  const std::string report = artefact("negzero.json");
  const Result r = hbmsim("run --requests 10 --footprint 128 --read-ratio -0 --report " +
                          report);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("read ratio 0.00,"), std::string::npos) << r.out;
  EXPECT_EQ(slurp(report).find("-0.0"), std::string::npos) << slurp(report);
}

// The headline gave the read ratio to two decimals: --read-ratio 0.999 read 'read ratio
// 1.00' and 0.001 'read ratio 0.00', as if the run had no write (no read). Two decimals
// when they are the ratio, else its shortest exact form.
TEST(FlagsApplyCli, TheReadRatioIsShownAsGivenNotRoundedToAnother) {
  for (const ArgsSays& c : std::vector<ArgsSays>{{"0.999", "read ratio 0.999, seed"},
                                                 {"0.001", "read ratio 0.001, seed"},
                                                 {"0.125", "read ratio 0.125, seed"},
                                                 {"0.67", "read ratio 0.67, seed"},
                                                 {"1", "read ratio 1.00, seed"},
                                                 {"0.5", "read ratio 0.50, seed"}}) {
    const Result r = hbmsim("run --requests 4 --read-ratio " + c.args);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find(c.says), std::string::npos) << c.args << ": " << r.out;
  }
}

// Without --stride the strided workload was refused as "--stride 0: ...", a value the
// user never wrote; the message names the flag missing. A stride not of whole bursts is
// named with its value.
TEST(FlagsApplyCli, StridedWithoutAStrideNamesTheFlag) {
  expect_refused(hbmsim("run --requests 10 --workload strided"),
                 "--workload strided needs --stride: the bytes from one burst to the next, a "
                 "non-zero multiple of the burst (64 B)");
  expect_refused(hbmsim("run --requests 10 --workload strided --stride 96"),
                 "--stride 96: the strided workload needs a stride that is a non-zero multiple "
                 "of the burst (64 B)");
}

// A stride that is a multiple of the span wrapped to address 0 on every burst and was
// reported as strided traffic (--footprint 4096 --stride 4096; --stride 2^48 on one PC).
TEST(FlagsApplyCli, StrideThatIsAMultipleOfTheSpanIsRefused) {
  expect_refused(hbmsim("run --requests 10 --workload strided --footprint 4096 --stride 8192"),
                 "--stride 8192: a multiple of the 4096 B the traffic spans (--footprint), so "
                 "every burst would go to address 0");
  expect_refused(hbmsim("run --requests 10 --workload strided --stride 281474976710656"),
                 "the traffic spans (the port's memory)");
  const Result r = hbmsim("run --requests 10 --workload strided --footprint 4096 --stride 4160");
  EXPECT_EQ(r.code, 0) << r.out;
  // A footprint past the port spans the port: the span refused is the port's, not the
  // footprint's (a 1 GiB --footprint was named as the 536870912 B the traffic spans).
  expect_refused(hbmsim("run --requests 10 --workload strided --footprint 1073741824 "
                        "--stride 536870912"),
                 "--stride 536870912: a multiple of the 536870912 B the traffic spans (the "
                 "port's memory: --footprint 1073741824 is larger), so every burst would go "
                 "to address 0");
}

// CLI11 took any number as a bool (--pull-in 2 ran as true) and strtod's leading blanks and
// hexadecimal as a read ratio (' 0.5', 0x1p-1 ran as 0.5).
TEST(FlagsApplyCli, YesOrNoAndDecimalValuesOnly) {
  expect_refused(hbmsim("run --requests 10 --pull-in 2"),
                 "--pull-in: '2': expected true or false (or 1/0, yes/no, on/off)");
  expect_refused(hbmsim("run --requests 10 --read-ratio ' 0.5'"),
                 "expected a number from 0 to 1");
  expect_refused(hbmsim("run --requests 10 --read-ratio 0x1p-1"),
                 "'0x1p-1': expected a number from 0 to 1");
  for (const char* ok : {"FALSE", "on", "0"}) {
    const Result r = hbmsim(std::string("run --quiet --requests 10 --pull-in ") + ok);
    EXPECT_EQ(r.code, 0) << ok << ": " << r.out;
  }
  const Result r = hbmsim("run --quiet --requests 10 --read-ratio 5e-1");
  EXPECT_EQ(r.code, 0) << r.out;
}

TEST(FlagsApplyCli, TileAndProbeReportsHoldNoSyntheticSettings) {
  const std::string tile = artefact("gemv.json");
  Result r = hbmsim("run --quiet --workload gemv --m 64 --k 64 --report " + tile);
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json w = load_json(tile)["workload"];
  for (const char* key : {"requests", "requests_per_pc", "read_ratio", "burst_bytes"}) {
    ASSERT_TRUE(w.contains(key)) << key;   // the keys stay: tools read them
    EXPECT_TRUE(w[key].is_null()) << key << " " << w.dump();
  }
  const std::string probe = artefact("probe.json");
  r = hbmsim("run --quiet --workload probe --probe-samples 5 --sweep-reads 64 --report " + probe);
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json p = load_json(probe);
  EXPECT_EQ(p["workload"]["requests_per_pc"], p["reads"]) << p["workload"].dump();
  EXPECT_EQ(p["workload"]["requests"], p["reads"]) << p["workload"].dump();
  EXPECT_EQ(p["workload"]["burst_bytes"], 32);
  EXPECT_EQ(p["workload"]["read_ratio"], 1.0);
}

// With --xbar, --requests counts bursts in all, which the crossbar spreads over the PCs:
// the summary said "4000 x 64 B bursts per PC" and workload.requests_per_pc was 4000,
// while each PC served 1000. requests_per_pc is now the per-PC figure (null when it is
// not whole), requests the total; without the crossbar --requests is per PC's port.
TEST(FlagsApplyCli, XbarRequestsAreCountedInAllAndPerPc) {
  const std::string rep = artefact("xbar_requests.json");
  Result r = hbmsim("run --pcs 4 --xbar --workload seq --requests 4000 --report " + rep);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("4000 x 64 B bursts through the crossbar (1000 per PC on average)"),
            std::string::npos) << r.out;
  nlohmann::json j = load_json(rep);
  EXPECT_EQ(j["workload"]["requests"], 4000);
  EXPECT_EQ(j["workload"]["requests_per_pc"], 1000);
  for (const auto& pc : j["controller_counters_per_pc"]) EXPECT_EQ(pc["reads"], 1000 * 2);
  r = hbmsim("run --pcs 4 --xbar --workload seq --requests 4002 --report " + rep);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("(1000.50 per PC on average)"), std::string::npos) << r.out;
  j = load_json(rep);
  EXPECT_EQ(j["workload"]["requests"], 4002);
  EXPECT_TRUE(j["workload"]["requests_per_pc"].is_null()) << j["workload"].dump();
  r = hbmsim("run --quiet --pcs 4 --workload seq --requests 300 --report " + rep);
  ASSERT_EQ(r.code, 0) << r.out;
  j = load_json(rep);
  EXPECT_EQ(j["workload"]["requests"], 1200);
  EXPECT_EQ(j["workload"]["requests_per_pc"], 300);
}

// With --xbar the footprint is the crossbar port's span over every PC, as --requests
// counts in all: --pcs 4 --xbar --footprint 2048 (random) reads 512 B of each PC, while
// the help said "Bytes the traffic spans per PC".
TEST(FlagsApplyCli, XbarFootprintIsTheCrossbarsSpanAndTheHelpSaysSo) {
  const std::string log = artefact("xbar_footprint.csv");
  Result r = hbmsim("run --quiet --pcs 4 --xbar --workload random --requests 200 "
                    "--footprint 2048 --cmd-log " + log);
  ASSERT_EQ(r.code, 0) << r.out;
  // 512 B of a PC under RoSiBaCo4BgCo1: columns 0 to 3 of bank group 0 to 3, row 0.
  unsigned columns = 0;
  for (const std::string& line : lines_of(slurp(log))) {
    if (line.find(",RD") == std::string::npos) continue;
    const size_t col = line.rfind(',');
    EXPECT_LT(std::stoul(line.substr(col + 1)), 4u) << line;
    ++columns;
  }
  EXPECT_EQ(columns, 400u);
  r = hbmsim("run --help");
  const size_t at = r.out.find("--footprint");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string help = r.out.substr(at, r.out.find("--seed") - at);
  EXPECT_NE(help.find("with --xbar, in all"), std::string::npos) << help;
}

// Through the crossbar, --requests / PCs is what each PC serves on average, not what each
// served: random traffic over 4 PCs (200 bursts) put 56, 55, 46 and 43 on them while the
// summary said "200 x 64 B bursts through the crossbar (50 per PC)".
TEST(FlagsApplyCli, XbarPerPcRequestsAreSaidToBeAnAverage) {
  const std::string rep = artefact("xbar_random_requests.json");
  const Result r =
      hbmsim("run --pcs 4 --xbar --workload random --requests 200 --report " + rep);
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = load_json(rep);
  bool uneven = false;   // 64-byte bursts: two column reads each
  for (const auto& pc : j["controller_counters_per_pc"]) uneven |= pc["reads"] != 50 * 2;
  ASSERT_TRUE(uneven) << j["controller_counters_per_pc"].dump();
  EXPECT_NE(r.out.find("200 x 64 B bursts through the crossbar (50 per PC on average)"),
            std::string::npos) << r.out;
  EXPECT_EQ(j["workload"]["requests_per_pc"], 50);   // the JSON's figure: requests / PCs
}

// V12: no read timed, no latency: "n/a" in the summary and the HTML report, null in the
// JSON report (the keys stay), with the number of samples.
TEST(NoLatencyReportCli, NoReadsMeansNoLatencyFigure) {
  const std::string report = artefact("writes.json"), html = artefact("writes.html");
  Result r = hbmsim("run --requests 20 --read-ratio 0 --report " + report + " --html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("read latency  n/a"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("mean 0.0 ns"), std::string::npos) << r.out;
  const nlohmann::json lat = load_json(report)["read_latency_ns"];
  for (const char* key : {"mean", "p50", "p99", "max"}) {
    ASSERT_TRUE(lat.contains(key)) << key;
    EXPECT_TRUE(lat[key].is_null()) << key << " " << lat.dump();
  }
  EXPECT_EQ(lat["samples"], 0);
  EXPECT_NE(slurp(html).find("n/a (no read was served)"), std::string::npos);

  r = hbmsim("run --requests 20 --max-cycles 29 --report " + report);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("read latency  n/a"), std::string::npos) << r.out;
  EXPECT_TRUE(load_json(report)["read_latency_ns"]["mean"].is_null());

  r = hbmsim("run --requests 20 --read-ratio 1 --quiet --report " + report);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(load_json(report)["read_latency_ns"]["samples"], 20);
  EXPECT_GT(load_json(report)["read_latency_ns"]["mean"].get<double>(), 0.0);
}

// V12: bench reads the reports of write-only runs (null latency) and prints "-".
TEST(NoLatencyReportCli, BenchTakesAWriteOnlyRun) {
  const std::string json = artefact("bench.json");
  const Result r = hbmsim("bench --only '^seq-write$' --pcs 1 --requests 50 --repeat 1 --json " +
                          json);
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json rows = load_json(json)["rows"];
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) EXPECT_TRUE(row["read_latency_ns"]["mean"].is_null()) << row;
}

}  // namespace test_flag_checks_cli
