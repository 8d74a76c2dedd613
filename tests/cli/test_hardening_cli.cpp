// Hostile input to `hbmsim run` and `hbmsim check-log` (issue 11, classes 1, 2 and 4):
// nothing ends in a signal, nothing hangs or grows with a gap, and bad input is exit 2
// with one short line naming the file, line or flag and the limit.
#include <cstdio>
#include <fstream>
#include <regex>

#include <sys/wait.h>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

#ifndef HBMSIM_BINARY
#error "HBMSIM_BINARY must name the hbmsim program"
#endif
#ifndef HBMSIM_SOURCE_DIR
#error "HBMSIM_SOURCE_DIR must name the source tree"
#endif

namespace test_hardening_cli {

using namespace cli_test;

std::string artefact(const std::string& name) { return cli_test::artefact("hardening", name); }

std::string write(const std::string& name, const std::string& body) {
  return write_artefact("hardening", name, body);
}

const std::string kHeader = "cycle,ch,pc,sid,cmd,bg,bank,row,col\n";

// Runs hbmsim under a 20 s time limit and a 400 MB address-space limit (its normal
// check-log needs about 12 MB resident): a hang ends as 124 from timeout, runaway memory
// as a failed allocation, both far from the exit code the tests expect.
// Under AddressSanitizer (the `make sanitize` build: this test and hbmsim are built with
// the same flags) the address-space limit cannot hold: ASan reserves terabytes of shadow
// address space at start-up. There the time limit alone applies; the normal build keeps
// checking memory.
#if defined(__SANITIZE_ADDRESS__)
const char* const kMemoryLimit = "";
#else
const char* const kMemoryLimit = "ulimit -v 400000; ";
#endif

Result bounded(const std::string& args) {
  Result r;
  const std::string cmd = std::string(kMemoryLimit) + "timeout 20 " +
                          std::string(HBMSIM_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Exit 2 with one line that holds `part`, no control characters and no dump.
void expect_usage(const Result& r, const std::string& part, const std::string& args) {
  EXPECT_EQ(r.code, 2) << args << ": " << r.out.substr(0, 500);
  EXPECT_EQ(lines_of(r.out).size(), 1u) << args << ": " << r.out.substr(0, 500);
  EXPECT_LE(r.out.size(), 400u) << args;
  EXPECT_NE(r.out.find(part), std::string::npos) << args << ": " << r.out.substr(0, 500);
  for (const char ch : r.out) {
    if (ch != '\n') {
      EXPECT_FALSE(static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) << args << ": " << r.out;
    }
  }
}

nlohmann::json hbm3() {
  std::ifstream in(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  return nlohmann::json::parse(in);
}

// Class 1: a footprint smaller than one burst divided by zero (SIGFPE); with the
// random and strided patterns too, and for any burst length.
TEST(HardeningCli, FootprintSmallerThanABurstIsRefusedNotACrash) {
  for (const std::string args :
       {"run --footprint 32 --requests 10 --quiet",
        "run --footprint 1 --workload random --requests 10 --quiet",
        "run --footprint 100 --beats 4 --workload random --requests 10 --quiet",
        "run --footprint 32 --workload strided --stride 64 --requests 10 --quiet",
        "run --footprint 512 --beats 32 --xbar --pcs 2 --requests 10 --quiet"}) {
    expect_usage(bounded(args), "smaller than one burst", args);
  }
  // Exactly one burst is a footprint the workload can use.
  const Result r = bounded("run --footprint 64 --workload random --requests 20 --quiet");
  EXPECT_EQ(r.code, 0) << r.out;
}

// Class 1: a standard whose field is an array nested 100 000 deep segfaulted while its
// message echoed the array; any structure is described, never dumped.
TEST(HardeningCli, DeeplyNestedStandardIsRefusedWithAShortMessage) {
  std::string text = hbm3().dump();
  const size_t at = text.find("\"RL\":20");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 7, "\"RL\":" + std::string(100000, '[') + std::string(100000, ']'));
  const std::string path = write("deep.json", text);
  const std::string log = write("one.csv", kHeader + "0,0,0,0,ACT,0,0,5,\n");
  for (const std::string cmd : {"check-log --standard " + path + " " + log,
                                "run --requests 10 --standard " + path}) {
    expect_usage(bounded(cmd), path + ": nested deeper than 16 levels", cmd);
  }
  auto doc = hbm3();
  doc["timing"]["RL"] = nlohmann::json::parse("[[[[\"" + std::string(2000, '7') + "\"]]]]");
  const std::string shallow = write("array.json", doc.dump());
  expect_usage(bounded("check-log --standard " + shallow + " " + log),
               "'timing.RL' = an array of 1: expected a non-negative integer", shallow);
}

// Class 2: granules above 2^63 hung before the watchdog could run; any granule is
// refused at once with the real limit (2^25 said only "a power of two"), as it is parsed.
TEST(HardeningCli, CrossbarGranuleIsRefusedAtOnceWithItsLimit) {
  for (const std::string g : {"9223372036854775808", "9223372036854775809",
                              "18446744073709551615", "33554432", "256", "1000"}) {
    const std::string args = "run --xbar --pcs 2 --requests 10 --quiet --xbar-granule " + g;
    expect_usage(bounded(args), "--xbar-granule: " + g + ": expected a power of two from 512 "
                 "to 16777216", args);
  }
  for (const std::string g : {"18446744073709551616", "-512"}) {   // not a uint64 at all
    const std::string args = "run --xbar --pcs 2 --requests 10 --quiet --xbar-granule " + g;
    expect_usage(bounded(args), "--xbar-granule: ", args);
  }
  const Result r = bounded("run --xbar --pcs 2 --requests 50 --quiet --xbar-granule 16777216");
  EXPECT_EQ(r.code, 0) << r.out;
}

// Class 2: a log whose cycle jumps to 10^12 kept one violation per missed tREFI (many
// GB); it now ends in 400 MB of address space with one report per PC, counting the
// intervals. A cycle of 2^64 - 1 is past the stated maximum.
TEST(HardeningCli, CheckLogGapsCostNothingAndCyclesHaveAMaximum) {
  const std::string jump = write("jump.csv", kHeader +
                                                 "0,0,0,0,ACT,0,0,5,\n"
                                                 "100,0,0,0,PRE,0,0,,\n"
                                                 "200,0,1,0,ACT,0,0,5,\n"
                                                 "1000000000000,0,0,0,ACT,0,0,5,\n");
  Result r = bounded("check-log --standard hbm3 " + jump);
  ASSERT_EQ(r.code, 1) << r.out.substr(0, 2000);
  // One refresh-debt line per PC, counting the intervals; other refresh rules may add at
  // most a line per bank, never one per interval.
  const auto lines = lines_of(r.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_LE(lines.size(), 2u * 65 + 1) << r.out.substr(0, 2000);
  std::vector<std::string> debt;
  for (const std::string& l : lines) {
    if (l.find("violates tREFI:") != std::string::npos) debt.push_back(l);
  }
  ASSERT_EQ(debt.size(), 2u) << r.out.substr(0, 2000);   // PC 0 and PC 1
  EXPECT_NE(debt[0].find("ch0 pc0 sid0 bg0 ba0 violates tREFI"), std::string::npos) << r.out;
  EXPECT_NE(debt[0].find("160256402 intervals missed in all up to cycle 999999998400"),
            std::string::npos) << r.out;
  EXPECT_NE(debt[1].find("ch0 pc1"), std::string::npos) << r.out;
  EXPECT_EQ(lines.back(), std::to_string(lines.size() - 1) + " violations in 4 commands");

  // The largest cycle allowed still runs in bounded memory and time.
  const std::string far = write("far.csv", kHeader + "0,0,0,0,ACT,0,0,5,\n"
                                                     "281474976710655,0,0,0,PRE,0,0,,\n");
  r = bounded("check-log --standard hbm2 " + far);
  EXPECT_EQ(r.code, 1) << r.out.substr(0, 2000);
  EXPECT_LE(lines_of(r.out).size(), 65u + 1) << r.out.substr(0, 2000);
  EXPECT_NE(r.out.find("intervals missed"), std::string::npos) << r.out.substr(0, 2000);

  for (const std::string cycle : {"18446744073709551615", "281474976710656",
                                  "99999999999999999999999"}) {
    const std::string path = write("max.csv", kHeader + "0,0,0,0,ACT,0,0,5,\n" + cycle +
                                                  ",0,0,0,PRE,0,0,,\n");
    expect_usage(bounded("check-log " + path),
                 path + ":3: field 'cycle' = '" + cycle.substr(0, 40), cycle);
    expect_usage(bounded("check-log " + path), "too large (at most 281474976710655)", cycle);
  }
}

// Class 2: a line with no end (or CR-only line ends) is refused at the stated length,
// not read whole into memory.
TEST(HardeningCli, CheckLogLinesHaveAMaximumLength) {
  std::string body = kHeader;
  for (int i = 0; i < 200; ++i) body += std::to_string(i * 10) + ",0,0,0,RD,0,0,,0\r";
  const std::string path = write("cr_only.csv", body);
  expect_usage(bounded("check-log " + path), path + ":2: line longer than 1024 bytes", path);
  expect_usage(bounded("check-log " + path), "CR alone", path);
  const std::string digits = write("digits.csv", kHeader + std::string(8u << 20, '7'));
  expect_usage(bounded("check-log " + digits), digits + ":2: line longer than 1024 bytes",
               digits);
}

// A line of exactly 1024 bytes ending in CRLF was refused as 'line longer than 1024
// bytes': the CR was counted. It is the line end's (as the LF is); a byte more of the
// line is still refused.
TEST(HardeningCli, CheckLogTakesALineAtTheLimitEndingInCrlf) {
  const std::string head = "5,0,0,0,ACT,0,0,";
  const std::string line = head + std::string(1024 - head.size() - 1, '0') + ",";
  ASSERT_EQ(line.size(), 1024u);
  std::string crlf_header = kHeader;
  crlf_header.insert(crlf_header.size() - 1, "\r");
  const std::string path = write("crlf_1024.csv", crlf_header + line + "\r\n");
  const Result r = bounded("check-log " + path);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out, "0 violations in 1 command\n");
  const std::string longer = write("crlf_1025.csv", crlf_header + "0" + line + "\r\n");
  expect_usage(bounded("check-log " + longer), longer + ":2: line longer than 1024 bytes",
               longer);
}

// Class 2: 2^16 channels made a three-command check-log take 2.5 GB; the standard is
// refused at load (64 channels, the most, runs in the same bounded memory).
TEST(HardeningCli, StandardChannelsHaveAMaximum) {
  const std::string log = write("three.csv", kHeader +
                                                 "0,0,0,0,ACT,0,0,5,\n"
                                                 "100,0,0,0,PRE,0,0,,\n"
                                                 "200,0,0,0,ACT,0,0,5,\n");
  auto doc = hbm3();
  doc["organisation"]["channels"] = 65536;
  const std::string wide = write("wide.json", doc.dump());
  expect_usage(bounded("check-log --standard " + wide + " " + log),
               "field 'organisation.channels' = 65536: at most 64", wide);
  doc["organisation"]["channels"] = 64;
  const std::string most = write("most.json", doc.dump());
  const Result r = bounded("check-log --standard " + most + " " + log);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out, "0 violations in 3 commands\n");
}

// Class 4: a directory or an overflowing number where a standard is expected was an
// uncaught exception with exit 1.
TEST(HardeningCli, DirectoryAndOverflowingStandardsAreBadInput) {
  const std::string dir = std::string(HBMSIM_SOURCE_DIR) + "/configs";
  const std::string log = write("one.csv", kHeader + "0,0,0,0,ACT,0,0,5,\n");
  expect_usage(bounded("run --requests 10 --standard " + dir), dir + ": is a directory", dir);
  expect_usage(bounded("check-log --standard " + dir + " " + log), dir + ": is a directory",
               dir);
  expect_usage(bounded("check-log " + dir), dir + ": is a directory, expected a command log",
               dir);
  std::string text = hbm3().dump();
  text.replace(text.find("\"data_rate_gbps\":6.4"), 20, "\"data_rate_gbps\":1e400");
  const std::string big = write("e400.json", text);
  expect_usage(bounded("check-log --standard " + big + " " + log),
               big + ": not valid JSON: number overflow parsing '1e400'", big);
  expect_usage(bounded("run --requests 10 --standard " + big), big + ": not valid JSON", big);
}

// Class 4: numbers on the command line: nan accepted, -1 wrapped to 2^64 - 1, range
// errors printed a 309-digit bound and claimed 0 was allowed.
TEST(HardeningCli, CommandLineNumbersAreCheckedWithTheirRealRange) {
  const struct {
    const char* args;
    const char* part;
  } cases[] = {
      {"--read-ratio nan", "--read-ratio: 'nan': expected a number from 0 to 1"},
      {"--read-ratio inf", "'inf': expected a number from 0 to 1"},
      {"--read-ratio -0.5", "expected a number from 0 to 1"},
      {"--footprint -1", "--footprint: '-1': expected a whole number from 0 to"},
      {"--seed -1", "--seed: '-1': expected a whole number from 0 to 18446744073709551615"},
      {"--seed 18446744073709551616", "--seed: 18446744073709551616 is too large"},
      {"--stride -64 --workload strided", "--stride: '-64': expected a whole number"},
      {"--max-cycles -5", "--max-cycles: '-5': expected a whole number from 0 to "
                          "281474976710655"},
      {"--requests 0", "--requests: 0 is too small: expected a whole number from 1 to "
                       "1099511627776"},
      {"--pcs 0", "--pcs: 0 is too small: expected a whole number from 1 to 127"},
      {"--pcs 1e3", "--pcs: '1e3': expected a whole number from 1 to 127"},
      {"--watchdog 0", "--watchdog: 0 is too small: expected a whole number from 1 to"},
      {"--refresh-postpone 9", "--refresh-postpone: 9 is too large: expected a whole number "
                               "from 0 to 8"},
      {"--wave-start -1", "--wave-start: '-1'"},
      {"--workload gemv --m -8 --k 64", "--m: '-8': expected a whole number"},
  };
  for (const auto& c : cases) {
    const std::string args = std::string("run --requests 10 --quiet ") + c.args;
    const Result r = bounded(args);
    expect_usage(r, c.part, args);
    EXPECT_EQ(r.out.find("179769313486"), std::string::npos) << r.out;   // DBL_MAX
  }
  expect_usage(bounded("bench --requests -1"), "--requests: '-1': expected a whole number",
               "bench --requests -1");
  // The seed's whole range is usable.
  EXPECT_EQ(bounded("run --requests 10 --quiet --seed 18446744073709551615").code, 0);
}

// The tile's and the transformer's numbers were checked against their C++ type alone when
// parsed: '--layers -1' said 'expected a whole number from 0 to 4294967295', though 0 is
// refused as soon as the model is read. Each flag states the range it takes.
TEST(HardeningCli, TileAndTransformerNumbersStateTheRangeTheyTake) {
  const std::string d = "--workload decode --model tiny ", g = "--workload gemv --m 64 --k 64 ";
  const ArgsSays cases[] = {
      {d + "--layers -1", "hbmsim: --layers: '-1': expected a whole number from 1 to the "
                          "model's layer count (at most 1024)"},
      {d + "--layers 0", "--layers: 0 is too small: expected a whole number from 1 to the "
                         "model's layer count (at most 1024)"},
      {d + "--tokens -1", "--tokens: '-1': expected a whole number from 1 to 4096"},
      {d + "--context 131073", "--context: 131073 is too large: expected a whole number from 0 "
                               "to 131072"},
      {d + "--batch -1", "--batch: '-1': expected a whole number from 1 to 64"},
      {"--workload gemv --m -1 --k 64", "--m: '-1': expected a whole number from 1 to "},
      {"--workload gemv --m 64 --k 16385", "--k: 16385 is too large: expected a whole number "
                                           "from 1 to 16384"},
      {"--workload gemm --m 64 --k 64 --n -1", "--n: '-1': expected a whole number from 1 to "},
      {g + "--int8-out --shift 32", "--shift: 32 is too large: expected a whole number from 0 "
                                    "to 31"},
      {g + "--tile-granule -1", "--tile-granule: '-1': expected a power of two from 512 to "
                                "16777216"},
      {"--xbar --pcs 2 --xbar-granule 1000", "--xbar-granule: 1000: expected a power of two "
                                             "from 512 to 16777216"},
  };
  for (const auto& c : cases) {
    const std::string args = "run --quiet " + c.args;
    expect_usage(bounded(args), c.says, args);
  }
  // The help states the same ranges.
  const Result help = bounded("run --help");
  EXPECT_EQ(help.out.find("0..4294967295"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--layers UINT:1..1024"), std::string::npos) << help.out;
}

// Class 4: a BOM or a CR made a header mismatch invisible; a name with control
// characters was printed raw.
TEST(HardeningCli, InvisibleCharactersAreShownEscaped) {
  const std::string body = "0,0,0,0,ACT,0,0,5,\n";
  const std::string bom = write("bom.csv", "\xef\xbb\xbf" + kHeader + body);
  expect_usage(bounded("check-log " + bom),
               "found '\\xef\\xbb\\xbfcycle,ch,pc,sid,cmd,bg,bank,row,col' (the file starts "
               "with a UTF-8 byte-order mark)", bom);
  const std::string cr = write("cr.csv", "cycle,ch,pc,sid,cmd,bg,bank,row,col\r\r\n" + body);
  expect_usage(bounded("check-log " + cr),
               "found 'cycle,ch,pc,sid,cmd,bg,bank,row,col\\r' (the line holds a carriage "
               "return)", cr);
  // A UTF-16 log showed its bytes escaped and 'invisible or non-ASCII characters' only.
  std::string utf16 = "\xff\xfe";
  for (const char c : kHeader + body) utf16 += std::string(1, c) + '\0';
  const std::string u16 = write("u16.csv", utf16);
  const Result r16 = bounded("check-log " + u16);   // its header escaped is long: no 400 cap
  EXPECT_EQ(r16.code, 2) << r16.out;
  EXPECT_EQ(lines_of(r16.out).size(), 1u) << r16.out;
  EXPECT_NE(r16.out.find("(the file is UTF-16; a command log is ASCII: iconv -f UTF-16 -t "
                         "UTF-8)"), std::string::npos) << r16.out;
  // CRLF files are still read.
  const std::string crlf = write("crlf.csv", "cycle,ch,pc,sid,cmd,bg,bank,row,col\r\n"
                                             "0,0,0,0,ACT,0,0,5,\r\n");
  EXPECT_EQ(bounded("check-log " + crlf).code, 0);

  const std::string esc = write("esc.csv", kHeader + "0,0,0,0,AC\x1b[2JT,0,0,5,\n");
  expect_usage(bounded("check-log " + esc), "field 'cmd' = 'AC\\x1b[2JT': unknown command", esc);

  auto doc = hbm3();
  doc["name"] = "HBM3\x1b]0;owned\x07";
  const std::string named = write("named.json", doc.dump());
  expect_usage(bounded("check-log --standard " + named + " " + bom),
               "field 'name' = \"HBM3\\x1b]0;owned\\x07\": control characters are not allowed",
               named);
  // A standard's name on the command line is echoed escaped and cut short.
  expect_usage(bounded("run --requests 10 --standard \"$(printf 'x\\033[31m')\""),
               "cannot open standard 'x\\x1b[31m'", "escape in --standard");
  // What the command-line parser refuses is echoed escaped too.
  expect_usage(bounded("run --workload \"$(printf 'a\\033[31mb')\""), "a\\x1b[31mb",
               "escape in --workload");
  expect_usage(bounded("run --no-such-\"$(printf '\\007')\""), "\\x07", "bell in a flag");
}

// The deadlock report's refresh debt went negative when refreshes were pulled in ahead
// ("-3 refreshes owed"); this test reached the report with --watchdog 1, a false deadlock
// that is now refused (InputErrorsCli.WatchdogBelowWhatRefreshesAndAReadTakeIsRefused), so
// a working controller gives no deadlock report from the command line any more (the
// report's wording is checked on a genuine deadlock:
// CosimTest.DeadlockReportCountsRefreshesPulledInAhead).
TEST(HardeningCli, WatchdogOfOneIsRefusedNotAFalseDeadlock) {
  const Result r = bounded("run --requests 10 --watchdog 1");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out.find("deadlock"), std::string::npos) << r.out;
  EXPECT_FALSE(std::regex_search(r.out, std::regex("-[0-9]+ refreshes"))) << r.out;
}

// hbmsim's own failure is not a finding: a gemm whose golden model and tensors (gigabytes)
// outgrow the 400 MB address-space limit ran out of memory, and SystemC's wrapper printed
// "Error: (E549) uncaught exception: std::bad_alloc" to stdout with exit 1, "a check
// failed". It is exit 3, one line on stderr saying what failed.
TEST(HardeningCli, RunningOutOfMemoryIsAnInternalErrorNotAFailedCheck) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "no address-space limit under AddressSanitizer";
#endif
  const Result r = bounded("run --workload gemm --m 65536 --k 16384 --n 4096 --pcs 32");
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_EQ(lines_of(r.out).size(), 1u) << r.out;
  EXPECT_EQ(r.out.rfind("hbmsim: internal error, not a finding of the run (exit 3): ", 0), 0u)
      << r.out;
  EXPECT_NE(r.out.find("out of memory"), std::string::npos) << r.out;
}

}  // namespace test_hardening_cli
