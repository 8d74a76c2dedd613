// `hbmsim check-log` as users run it: a clean log from `hbmsim run` passes, one command
// moved a tCK early is the one violation, a missing refresh is reported only for the
// PCs in the log, and malformed files are refused naming file and line (exit 2).
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cli_helpers.h"

namespace test_check_log {

std::string fmt_violations(size_t n) {
  return std::to_string(n) + (n == 1 ? " violation" : " violations");
}

using namespace cli_test;

std::string artefact(const std::string& name) { return cli_test::artefact("checklog", name); }

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> f;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    f.push_back(line.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) return f;
    start = comma + 1;
  }
}

void write_file(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const auto& l : lines) out << l << "\n";
}

// A log from a real run, read once per test binary run (each test runs in its own
// process under CTest, so each makes its own).
std::vector<std::string> run_log(const std::string& name, const std::string& args) {
  const std::string path = artefact(name + ".csv");
  const Result r = hbmsim("run --quiet --cmd-log " + path + " " + args);
  EXPECT_EQ(r.code, 0) << r.out;
  return lines_of(slurp(path));
}

TEST(CheckLog, CleanLogFromRunHasNoViolations) {
  const auto log = run_log("clean", "--standard hbm3 --workload random --read-ratio 0.5 "
                                    "--requests 2000 --seed 3");
  ASSERT_GT(log.size(), 1000u);
  const Result r = hbmsim("check-log --standard hbm3 " + artefact("clean.csv"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out, "0 violations in " + std::to_string(log.size() - 1) + " commands\n");
}

// A one-PC HBM2 run longer than 9 tREFI: the other 15 PCs never refresh, which is not
// a violation of this log; the PC in it is held to its deadline.
TEST(CheckLog, RefreshIsCheckedOnlyForThePcsInTheLog) {
  const auto log = run_log("refresh", "--standard hbm2 --workload seq --requests 10000");
  ASSERT_GT(std::stoull(split(log.back())[0]), 9ull * 3900) << "run too short";
  const Result clean = hbmsim("check-log --standard hbm2 " + artefact("refresh.csv"));
  EXPECT_EQ(clean.code, 0) << clean.out;

  std::vector<std::string> no_refresh;
  for (const auto& l : log) {
    if (l.find("REF") == std::string::npos) no_refresh.push_back(l);
  }
  write_file(artefact("norefresh.csv"), no_refresh);
  const Result r = hbmsim("check-log --standard hbm2 " + artefact("norefresh.csv"));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("cycle 35100: ch0 pc0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("violates tREFI"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("pc1"), std::string::npos) << "only PC 0 is in the log:\n" << r.out;
}

// A standard that lets no refresh be postponed (run refuses it; check-log takes it): the
// missed refresh read "bank owes 1 refreshes"; one is "1 refresh", more are "refreshes".
TEST(CheckLog, OneOwedRefreshIsSaidInTheSingular) {
  const std::string standard = artefact("postpone0.json");
  std::string text = slurp(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json");
  const std::string field = "\"refresh_postpone_max\": 8";
  ASSERT_NE(text.find(field), std::string::npos);
  text.replace(text.find(field), field.size(), "\"refresh_postpone_max\": 0");
  std::ofstream(standard) << text;
  write_file(artefact("owes_one.csv"), {"cycle,ch,pc,sid,cmd,bg,bank,row,col",
                                        "7000,0,0,0,ACT,0,0,5,"});
  const Result one = hbmsim("check-log --standard " + standard + " " + artefact("owes_one.csv"));
  EXPECT_EQ(one.code, 1) << one.out;
  EXPECT_NE(one.out.find("(bank owes 1 refresh at cycle 6240 (tREFI 6240 tCK, at most 0 may be "
                         "postponed))"), std::string::npos) << one.out;
  const Result nine = hbmsim("check-log --standard hbm3 " + artefact("owes_one.csv"));
  EXPECT_EQ(nine.code, 0) << nine.out;   // 7000 tCK: within HBM3's 9 x tREFI
}

// A read issued tCCDS after the previous read of its PC (sequential reads stream at
// that rate), moved one tCK earlier: exactly that read is reported.
TEST(CheckLog, CommandMovedOneTckEarlyIsTheOneViolation) {
  auto log = run_log("moved", "--standard hbm3 --workload seq --requests 2000");
  const unsigned ccds = 2;
  size_t pick = 0;
  uint64_t last_rd = 0;
  for (size_t i = 2; i < log.size() && !pick; ++i) {
    const auto f = split(log[i]);
    const uint64_t cycle = std::stoull(f[0]);
    if (f[4] == "RD") {
      const uint64_t before = std::stoull(split(log[i - 1])[0]);
      if (last_rd && cycle == last_rd + ccds && before <= cycle - 1 && i > 200) pick = i;
      last_rd = cycle;
    }
  }
  ASSERT_NE(pick, 0u) << "no read tCCDS after the previous one";
  auto f = split(log[pick]);
  const uint64_t moved_to = std::stoull(f[0]) - 1;
  f[0] = std::to_string(moved_to);
  std::string line = f[0];
  for (size_t k = 1; k < f.size(); ++k) line += "," + f[k];
  log[pick] = line;
  write_file(artefact("moved_early.csv"), log);

  const Result r = hbmsim("check-log --standard hbm3 " + artefact("moved_early.csv"));
  EXPECT_EQ(r.code, 1) << r.out;
  // Every rule the moved command breaks is its own line (check-log reports them all),
  // and no other command is reported.
  const auto out = lines_of(r.out);
  ASSERT_GE(out.size(), 2u) << r.out;
  const size_t broken = out.size() - 1;
  for (size_t i = 0; i < broken; ++i) {
    EXPECT_EQ(out[i].rfind("cycle " + std::to_string(moved_to) + ": RD ch0 pc0 sid" + f[3], 0),
              0u) << out[i];
    const bool rule = out[i].find("violates tCCDS") != std::string::npos ||
                      out[i].find("violates tCCDL") != std::string::npos ||
                      out[i].find("violates DATA_BUS") != std::string::npos;
    EXPECT_TRUE(rule) << out[i];
  }
  EXPECT_EQ(out[broken], fmt_violations(broken) + " in " + std::to_string(log.size() - 1) +
                             " commands");
}

TEST(CheckLog, CyclesGoingBackwardsIsAViolation) {
  write_file(artefact("backwards.csv"), {"cycle,ch,pc,sid,cmd,bg,bank,row,col",
                                         "100,0,0,0,ACT,0,0,5,", "99,0,0,0,ACT,1,0,5,"});
  const Result r = hbmsim("check-log " + artefact("backwards.csv"));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("cycle 99: ACT ch0 pc0 sid0 bg1 ba0 row 5 violates ORDER"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 violation in 2 commands"), std::string::npos) << r.out;
}

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// Each violation line names the log line it comes from, after the text it always had (a
// line still starts "cycle N:"): the offending command's line, blank lines counted; for a
// missed refresh, which no command caused, the line whose cycle reached the deadline.
TEST(CheckLog, ViolationsNameTheLogLine) {
  const std::string path = artefact("lines.csv");
  write_file(path, {"cycle,ch,pc,sid,cmd,bg,bank,row,col", "100,0,0,0,ACT,1,0,0,", "",
                    "101,0,0,0,ACT,2,0,0,", "60000,0,0,,REFab,,,,"});
  const Result r = hbmsim("check-log --standard hbm3 " + path);
  EXPECT_EQ(r.code, 1) << r.out;
  const auto out = lines_of(r.out);
  ASSERT_EQ(out.size(), 5u) << r.out;
  const std::string act = "cycle 101: ACT ch0 pc0 sid0 bg2 ba0 row 0 violates ";
  EXPECT_EQ(out[0].rfind(act + "tRRDS", 0), 0u) << r.out;
  EXPECT_EQ(out[1].rfind(act + "ROW_BUS_ACT", 0), 0u) << r.out;
  // HBM3: 9 refreshes owed at 9 x tREFI = 56160, reached by the REFab at cycle 60000,
  // which also finds two banks open.
  EXPECT_EQ(out[2].rfind("cycle 56160: ch0 pc0", 0), 0u) << r.out;
  EXPECT_EQ(out[3].rfind("cycle 60000: REFab ch0 pc0 violates BANK_OPEN", 0), 0u) << r.out;
  const std::vector<std::string> tails = {path + ":4]", path + ":4]", "found at " + path + ":5]",
                                          path + ":5]"};
  for (size_t i = 0; i < tails.size(); ++i) {
    EXPECT_TRUE(ends_with(out[i], " [" + tails[i])) << out[i];
  }
  EXPECT_EQ(out[4], "4 violations in 3 commands");
}

// Each kind of malformed input: exit 2, one line naming file, line, field and reason.
TEST(CheckLog, MalformedFilesNameFileLineAndField) {
  const std::string header = "cycle,ch,pc,sid,cmd,bg,bank,row,col";
  struct Case {
    std::string name;
    std::vector<std::string> lines;
    std::string expect;   // after "FILE:"
  };
  const std::vector<Case> cases = {
      {"header", {"cycle,ch,pc,cmd", "1,0,0,ACT"},
       "1: header: expected 'cycle,ch,pc,sid,cmd,bg,bank,row,col', found 'cycle,ch,pc,cmd'"},
      {"empty", {}, "1: header:"},
      {"command", {header, "1,0,0,0,ACT,0,0,1,", "9,0,0,0,NOP,0,0,,"},
       "3: field 'cmd' = 'NOP': unknown command"},
      {"number", {header, "1,0,0,0,ACT,0,0,1x,"},
       "2: field 'row' = '1x': expected a non-negative integer"},
      {"negative", {header, "-1,0,0,0,ACT,0,0,1,"},
       "2: field 'cycle' = '-1': expected a non-negative integer"},
      {"missing_field", {header, "1,0,0,0,ACT,0,0"}, "2: field 'row': missing"},
      // A comment is no log line: the message shows the line, not only "ch missing".
      {"comment", {header, "# a comment"},
       "2: field 'ch': missing (9 fields expected; the line reads '# a comment')"},
      {"missing_value", {header, "1,0,0,0,RD,0,0,,"}, "2: field 'col': missing (RD needs it)"},
      {"extra_value", {header, "1,0,0,,REFab,0,0,,"},
       "2: field 'bg' = '0': REFab does not use this field"},
      {"too_many", {header, "1,0,0,0,ACT,0,0,1,,7"}, "2: 10 fields, expected 9"},
  };
  for (const Case& c : cases) {
    const std::string path = artefact("bad_" + c.name + ".csv");
    write_file(path, c.lines);
    const Result r = hbmsim("check-log " + path);
    EXPECT_EQ(r.code, 2) << c.name << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << c.name << ": " << r.out;
    EXPECT_NE(r.out.find(path + ":" + c.expect), std::string::npos)
        << c.name << ": " << r.out;
  }
  const Result none = hbmsim("check-log " + artefact("no_such_file.csv"));
  EXPECT_EQ(none.code, 2) << none.out;
  EXPECT_NE(none.out.find("no_such_file.csv: cannot read command log"), std::string::npos)
      << none.out;
}

// A log cut in the middle of its last line (a run killed while writing it) was checked
// as if the cut field were whole: 'RDA,1,0,,3' of col 31 passed as col 3, exit 0. Every
// line the run writes ends in a line feed; a last line without one is refused.
TEST(CheckLog, ALogCutMidLineIsRefusedNotCheckedAsCut) {
  const std::string path = artefact("cut.csv");
  std::ofstream(path, std::ios::binary) << "cycle,ch,pc,sid,cmd,bg,bank,row,col\n"
                                           "40,0,0,0,ACT,1,0,7,\n"
                                           "80,0,0,0,RDA,1,0,,3";
  const Result r = hbmsim("check-log " + path);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  EXPECT_NE(r.out.find(path + ":3: the last line has no line end ('80,0,0,0,RDA,1,0,,3')"),
            std::string::npos) << r.out;
  // Ended, the same line is checked.
  std::ofstream(path, std::ios::app) << "\n";
  const Result whole = hbmsim("check-log " + path);
  EXPECT_EQ(whole.code, 0) << whole.out;
  EXPECT_EQ(whole.out, "0 violations in 2 commands\n");
}

// The log is read twice (every line checked before any violation is reported). From a
// pipe the second read found nothing, and a good log was refused as "(empty file)". A
// pipe is refused as such; a file given on stdin (/dev/stdin a regular file) is checked.
TEST(CheckLog, APipeIsRefusedAsSuchAFileOnStdinIsChecked) {
  const std::string path = artefact("piped.csv");
  write_file(path, {"cycle,ch,pc,sid,cmd,bg,bank,row,col", "5,0,0,0,REFpb,0,0,,"});
  const Result pipe =
      shell("cat " + path + " | " + HBMSIM_BINARY + " check-log /dev/stdin 2>&1");
  EXPECT_EQ(pipe.code, 2) << pipe.out;
  EXPECT_EQ(std::count(pipe.out.begin(), pipe.out.end(), '\n'), 1) << pipe.out;
  EXPECT_NE(pipe.out.find("/dev/stdin: not a regular file"), std::string::npos) << pipe.out;
  const Result file = hbmsim("check-log /dev/stdin < " + path);
  EXPECT_EQ(file.code, 0) << file.out;
  EXPECT_NE(file.out.find("0 violations in 1 command\n"), std::string::npos) << file.out;
}

// '-', standard input by the usual convention, was looked for as a file of that name:
// "-: cannot read command log: No such file or directory" (and the same from run --trace).
// Both read their input twice, so standard input is refused as such.
TEST(CheckLog, ADashIsSaidToBeStandardInputWhichIsNotTaken) {
  const std::string path = artefact("dash.csv");
  write_file(path, {"cycle,ch,pc,sid,cmd,bg,bank,row,col", "5,0,0,0,REFpb,0,0,,"});
  const Result log = hbmsim("check-log - < " + path);
  EXPECT_EQ(log.code, 2) << log.out;
  EXPECT_EQ(log.out, "hbmsim: -: standard input is not taken (check-log reads the log twice: "
                     "once to check every line, once to check the commands; write it to a "
                     "file first)\n");
  const Result trace = hbmsim("run --trace - < " + path);
  EXPECT_EQ(trace.code, 2) << trace.out;
  EXPECT_EQ(trace.out, "hbmsim: -: standard input is not taken (a trace is read twice: once "
                       "to check every line before the run, once to replay it)\n");
}

// The rule a violation line names ("cycle N: ... violates RULE: ...").
std::string rule_of(const std::string& line) {
  const std::string word = " violates ";
  const size_t at = line.find(word);
  if (at == std::string::npos) return "";
  const size_t from = at + word.size();
  return line.substr(from, line.find_first_of(": ", from) - from);
}

// The line after the violations shown: how many more, by rule, the most frequent first.
std::string not_shown(const std::vector<std::string>& hidden, size_t shown) {
  std::map<std::string, size_t> by_rule;
  for (const auto& l : hidden) ++by_rule[rule_of(l)];
  std::vector<std::pair<std::string, size_t>> rules(by_rule.begin(), by_rule.end());
  std::stable_sort(rules.begin(), rules.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string list;
  for (const auto& [rule, n] : rules) {
    list += (list.empty() ? "" : ", ") + rule + " " + std::to_string(n);
  }
  return std::to_string(hidden.size()) + " more violation" + (hidden.size() == 1 ? "" : "s") +
         " not shown (--max-violations " + std::to_string(shown) + "; 0 shows all): " + list;
}

// A log checked against the wrong standard breaks rules at nearly every command: one run's
// log printed 134 000 violation lines. The first 100 are printed (--max-violations N, 0:
// all), then one line counts the rest by rule; the count and the exit code take them all.
TEST(CheckLog, ViolationsPastTheLimitAreCountedByRule) {
  // ACTs one tCK apart over four bank groups: each breaks the ACT spacing, every fifth
  // tFAW, and from the fifth on each finds its bank open: several rules, hundreds of lines.
  std::vector<std::string> lines = {"cycle,ch,pc,sid,cmd,bg,bank,row,col"};
  for (unsigned i = 0; i < 120; ++i) {
    lines.push_back(std::to_string(100 + i) + ",0,0,0,ACT," + std::to_string(i % 4) + ",0,5,");
  }
  const std::string path = artefact("many.csv");
  write_file(path, lines);
  // By default: 100 violations, the line of the rest, the count (all 702 lines were printed).
  const Result capped = hbmsim("check-log --standard hbm3 " + path);
  EXPECT_EQ(capped.code, 1) << capped.out;
  EXPECT_EQ(lines_of(capped.out).size(), 102u) << capped.out.substr(0, 2000);
  const Result all = hbmsim("check-log --standard hbm3 --max-violations 0 " + path);
  EXPECT_EQ(all.code, 1) << all.out;
  const auto every = lines_of(all.out);
  ASSERT_GT(every.size(), 201u) << all.out;
  const size_t violations = every.size() - 1;
  const std::string count = fmt_violations(violations) + " in 120 commands";
  ASSERT_EQ(every.back(), count);
  std::set<std::string> rules;
  for (size_t i = 0; i < violations; ++i) rules.insert(rule_of(every[i]));
  ASSERT_GE(rules.size(), 3u) << all.out;

  for (const size_t limit : {size_t(100), size_t(5), size_t(1), violations - 1}) {
    const std::string flag =
        limit == 100 ? "" : "--max-violations " + std::to_string(limit) + " ";
    const Result r = hbmsim("check-log --standard hbm3 " + flag + path);
    EXPECT_EQ(r.code, 1) << flag << r.out;
    const auto out = lines_of(r.out);
    ASSERT_EQ(out.size(), limit + 2) << flag << r.out;
    for (size_t i = 0; i < limit; ++i) EXPECT_EQ(out[i], every[i]) << flag << i;
    const std::vector<std::string> hidden(every.begin() + long(limit),
                                          every.begin() + long(violations));
    EXPECT_EQ(out[limit], not_shown(hidden, limit)) << flag;
    EXPECT_EQ(out.back(), count) << flag;
  }
  // At or above the count, every violation is printed and nothing more.
  const Result exact = hbmsim("check-log --standard hbm3 --max-violations " +
                              std::to_string(violations) + " " + path);
  EXPECT_EQ(exact.code, 1);
  EXPECT_EQ(exact.out, all.out);
  for (const char* bad : {"-1", "x", "1.5"}) {
    const Result r = hbmsim(std::string("check-log --max-violations ") + bad + " " + path);
    EXPECT_EQ(r.code, 2) << bad << ": " << r.out;
    EXPECT_NE(r.out.find("--max-violations"), std::string::npos) << r.out;
  }
}

TEST(CheckLog, HelpNamesTheSubcommand) {
  const Result top = hbmsim("--help");
  EXPECT_NE(top.out.find("check-log"), std::string::npos) << top.out;
  const Result help = hbmsim("check-log --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("--standard"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--max-violations"), std::string::npos) << help.out;
}

}  // namespace test_check_log
