// Issue 13, part 1: peer traces replayed as a user would (`hbmsim run --trace`). Every
// format replays with its data checked; every malformed kind exits 2 naming file and
// line; trace timing never issues before the trace's cycle; a trace spreads over PCs.
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_trace_cli {

using namespace cli_test;

std::string artefact(const std::string& name) { return cli_test::artefact("trace", name); }

uint64_t u(const nlohmann::json& j, const char* key) { return j.at(key).get<uint64_t>(); }

std::string write_trace(const std::string& name, const std::string& text) {
  return write_artefact("trace", name, text);
}

// 64 bytes of data as an .stl data field, all `byte`.
std::string data64(const char* byte) {
  std::string s = "0x";
  for (int i = 0; i < 64; ++i) s += byte;
  return s;
}

struct Replay {
  Result run;
  nlohmann::json report;
};

Replay replay(const std::string& name, const std::string& text, const std::string& flags = "") {
  const std::string report = artefact(name + ".json");
  std::remove(report.c_str());
  Replay r;
  r.run = hbmsim("run --quiet --trace " + write_trace(name, text) + " --report " + report + " " +
                 flags);
  if (r.run.code == 0) r.report = load_json(report);
  return r;
}

// Writes then reads back the same lines (64-byte bursts, the default --beats 2): the
// scoreboard compares every byte read with what the trace wrote.
void expect_replayed(const Replay& r, uint64_t reads, uint64_t writes) {
  ASSERT_EQ(r.run.code, 0) << r.run.out;
  EXPECT_EQ(u(r.report, "reads"), reads);
  EXPECT_EQ(u(r.report, "writes"), writes);
  EXPECT_EQ(u(r.report["trace"], "reads"), reads);
  EXPECT_EQ(u(r.report["trace"], "writes"), writes);
  EXPECT_EQ(u(r.report["trace"], "bursts"), reads + writes);
  EXPECT_EQ(u(r.report["checks"], "bytes_checked"), reads * 64);
  EXPECT_EQ(u(r.report["checks"], "data_mismatches"), 0u);
  EXPECT_EQ(r.report["workload"]["pattern"], "trace");
}

TEST(TraceCli, DramSim3) {
  const Replay r = replay("d3.trace",
                          "# DRAMsim3\n0x1000 WRITE 10\n0x1040 write 12\n0X1000 READ 30\n"
                          "0x1040 P_MEM_RD 31\n0x1ABC0 P_MEM_WR 40\n0x1abc0 READ 60\n");
  expect_replayed(r, 3, 3);
  EXPECT_EQ(r.report["trace"]["format"], "dramsim3");
  EXPECT_EQ(r.report["trace"]["timing"], "trace");
}

TEST(TraceCli, Ramulator2) {
  const Replay r = replay("r2.trace", "ST 0x12340\nST 4096\nLD 0X12340\nld 4096\n");
  expect_replayed(r, 2, 2);
  EXPECT_EQ(r.report["trace"]["format"], "ramulator2");
  EXPECT_EQ(r.report["trace"]["timing"], "asap");
}

TEST(TraceCli, Ramulator1) {
  const Replay r = replay("r1.trace", "0x12345680 W\n\n0x123456C0 w\n0x12345680 R\n0x123456c0\n");
  expect_replayed(r, 2, 2);
  EXPECT_EQ(r.report["trace"]["format"], "ramulator1");
}

TEST(TraceCli, StlWithDataChecked) {
  const Replay r = replay("data.stl",
                          "# DRAMSys\n0: write 0x400140 " + data64("5a") + "\n2: (64) write "
                          "0x400180 " + data64("C3") + "\n31: read 0x400140 " + data64("5A") +
                          "\n81: (64) read 0x400180 " + data64("c3") + "\n90: read 0x400140\n");
  expect_replayed(r, 3, 2);
  EXPECT_EQ(u(r.report["trace"], "records_with_data"), 4u);
  EXPECT_EQ(u(r.report["trace"], "data_bytes_checked"), 128u);
  EXPECT_EQ(u(r.report["trace"], "data_mismatches"), 0u);
}

TEST(TraceCli, RstlWithDataChecked) {
  const Replay r = replay("data.rstl",
                          "0: write 0x80 " + data64("01") + "\n5: read 0x80 " + data64("01") +
                          "\n5: (32) write 0x20 0x" + std::string(64, 'e') + "\n1: (32) read "
                          "0x20 0x" + std::string(64, 'E') + "\n");
  ASSERT_EQ(r.run.code, 0) << r.run.out;
  EXPECT_EQ(r.report["trace"]["format"], "rstl");
  EXPECT_EQ(u(r.report["trace"], "last_cycle"), 11u);
  EXPECT_EQ(u(r.report["trace"], "data_bytes_checked"), 96u);
}

TEST(TraceCli, WrongExpectedReadFails) {
  const std::string trace = write_trace("wrong.stl", "0: write 0x40 " + data64("11") +
                                                         "\n10: read 0x40 " + data64("12") + "\n");
  const std::string report = artefact("wrong.json");
  const Result r = hbmsim("run --trace " + trace + " --report " + report);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("64 bytes differ from the trace's data"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("result        FAIL"), std::string::npos) << r.out;
  const nlohmann::json j = load_json(report);
  EXPECT_EQ(j["status"], "fail");
  // One byte: "1 byte differs", not "1 bytes differ".
  const std::string one = write_trace("wrong1.stl", "0: (2) write 0x0 0x00ff\n"
                                                    "10: (2) read 0x0 0x00fe\n");
  const Result r1 = hbmsim("run --trace " + one);
  EXPECT_EQ(r1.code, 1) << r1.out;
  EXPECT_NE(r1.out.find("(cycle "), std::string::npos) << r1.out;
  EXPECT_NE(r1.out.find("): 1 byte differs from the trace's data, first at 0x1: read 0xff, the "
                        "trace expects 0xfe"), std::string::npos) << r1.out;
  EXPECT_EQ(u(j["trace"], "data_mismatches"), 64u);
}

// Spread over PCs, a burst's address is its PC's: a mismatch in a record at 0x1d0 of 128
// bytes on --pcs 2 was reported as "port 1 read at 0x0 ..., first at 0x34", addresses
// the trace never named. Now the trace's address comes first, the PC's beside it.
TEST(TraceCli, AMismatchSpreadOverPcsNamesTheTracesAddress) {
  std::string data = "0x", wrong = "0x";
  char hex[3];
  for (int i = 0; i < 128; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", i);
    data += hex;
    wrong += i == 100 ? "ff" : hex;   // byte 0x1d0 + 100 = 0x234
  }
  const std::string trace = write_trace("spread_wrong.stl", "0: (128) write 0x1d0 " + data +
                                        "\n9: (128) read 0x1d0 " + wrong + "\n");
  for (const char* pcs : {"2", "4"}) {
    SCOPED_TRACE(pcs);
    const Result r = hbmsim(std::string("run --trace ") + trace + " --pcs " + pcs);
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("port 1 read at 0x200 (PC 1's 0x0) (cycle "), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("1 byte differs from the trace's data, first at 0x234: read 0x64, the "
                         "trace expects 0xff"), std::string::npos) << r.out;
  }
  // On one PC, or the crossbar's one port, the burst's address is the trace's already.
  const Result one = hbmsim("run --trace " + trace + " --pcs 2 --xbar");
  EXPECT_EQ(one.code, 1) << one.out;
  EXPECT_NE(one.out.find("port 0 read at 0x1c0 (cycle "), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("first at 0x234"), std::string::npos) << one.out;
}

struct Malformed {
  const char* name;
  const char* text;
  const char* where;      // file:line:column
  const char* expected;
};

TEST(TraceCli, MalformedLinesExitTwoNamingFileLineColumn) {
  const Malformed cases[] = {
      {"op.trace", "LD 0x40\nLOAD 0x80\n", "op.trace:2:1:", "expected LD or ST"},
      {"addr.trace", "0x40 READ 1\n0x4O READ 2\n", "addr.trace:2:1:", "expected a hex address"},
      {"field.trace", "0x40 READ 1\n0x80 READ\n", "field.trace:2:10:", "expected a cycle"},
      {"back.stl", "10: read 0x0\n11: read 0x40\n# c\n9: read 0x80\n", "back.stl:4:1:",
       "expected a cycle of at least 11"},
      {"big.trace", "LD 0x40\nST 99999999999999999999\n", "big.trace:2:4:", "at most"},
      {"wide.stl", "1: read 0x10000000000\n", "wide.stl:1:9:", "at most 0xffffffffff"},
      {"len.stl", "1: (8 read 0x0\n", "len.stl:1:7:", "expected ')'"},
      {"data.stl", "1: (4) write 0x0 0x123\n", "data.stl:1:18:", "data of 4 bytes"},
  };
  for (const Malformed& m : cases) {
    const std::string path = write_trace(m.name, m.text);
    const Result r = hbmsim("run --trace " + path + " --report " + artefact("never.json"));
    EXPECT_EQ(r.code, 2) << m.name << ": " << r.out;
    EXPECT_NE(r.out.find(m.where), std::string::npos) << m.name << ": " << r.out;
    EXPECT_NE(r.out.find(m.expected), std::string::npos) << m.name << ": " << r.out;
    EXPECT_EQ(r.out.find("simulated"), std::string::npos) << "nothing is run: " << r.out;
  }
}

// A DRAMSys line whose cycle is past the limit (or not a number) was refused as a trace
// whose format could not be told ("cannot tell the trace's format from '...'; give
// --trace-format"); it names the cycle's field and its limit, as the same line in an .stl
// file does.
TEST(TraceCli, AnStlCycleTooLargeIsNamedNotAnUnknownFormat) {
  const Malformed cases[] = {
      {"bigcycle.trace", "99999999999999999999: read 0x0\n", "bigcycle.trace:1:1:",
       "expected a cycle (decimal) of at most 281474976710655, found '99999999999999999999'"},
      {"negcycle.trace", "# a comment\n-5: write 0x40\n", "negcycle.trace:2:1:",
       "expected a cycle (decimal), found '-5'"},
  };
  for (const Malformed& m : cases) {
    const Result r = hbmsim("run --trace " + write_trace(m.name, m.text));
    EXPECT_EQ(r.code, 2) << m.name << ": " << r.out;
    EXPECT_NE(r.out.find(m.where), std::string::npos) << m.name << ": " << r.out;
    EXPECT_NE(r.out.find(m.expected), std::string::npos) << m.name << ": " << r.out;
    EXPECT_EQ(r.out.find("cannot tell"), std::string::npos) << m.name << ": " << r.out;
  }
}

TEST(TraceCli, UnknownFormatLongLineAndMissingFileExitTwo) {
  const std::string ok = write_trace("ok.trace", "LD 0x40\n");
  Result r = hbmsim("run --trace " + ok + " --trace-format dramsys");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("unknown format, expected one of dramsim3, ramulator2"), std::string::npos)
      << r.out;
  r = hbmsim("run --trace " + write_trace("what.trace", "this is no trace\n"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("what.trace:1: cannot tell the trace's format"), std::string::npos) << r.out;
  r = hbmsim("run --trace " + write_trace("long.trace", "LD 0x40\nLD 0x80" +
                                                            std::string(17000, ' ') + "\n"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("long.trace:2:16385: expected a line of at most 16384 bytes"),
            std::string::npos) << r.out;
  r = hbmsim("run --trace " + artefact("missing.trace"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("cannot read trace"), std::string::npos) << r.out;
  r = hbmsim("run --trace " + ok + " --trace-timing trace");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("carries no cycles"), std::string::npos) << r.out;
  r = hbmsim("run --trace " + ok + " --requests 10");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("--requests is for a workload"), std::string::npos) << r.out;
  r = hbmsim("run --trace-timing asap");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("--trace-timing is for --trace FILE"), std::string::npos) << r.out;
}

// A trace with CR-only line ends (classic Mac OS) is one line whose records run together;
// the refusal showed them with \r between, and said nothing of line ends.
TEST(TraceCli, CrOnlyLineEndsAreNamed) {
  const std::string note = " (the line holds carriage returns: lines must end in LF or CRLF, "
                           "not CR alone)";
  const std::string cr = write_trace("cr.trace", "0x40 READ 1\r0x80 READ 2\r");
  Result r = hbmsim("run --trace " + cr);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out, "hbmsim: " + cr + ":1: cannot tell the trace's format from '0x40 READ "
                   "1\\r0x80 READ 2'" + note + "; give --trace-format (dramsim3, ramulator2, "
                   "ramulator1, stl, rstl)\n");
  r = hbmsim("run --trace " + cr + " --trace-format dramsim3");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out, "hbmsim: " + cr + ":1:11: expected a cycle (decimal), found '1\\r0x80'" + note +
                   "\n");
  std::string many;
  for (int i = 0; i < 3000; ++i) many += "LD 0x40\r";   // longer than a line may be
  r = hbmsim("run --trace " + write_trace("cr_long.trace", many));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("expected a line of at most 16384 bytes"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(note), std::string::npos) << r.out;
  // CRLF is a line end: no note.
  r = hbmsim("run --trace " + write_trace("crlf.trace", "LD 0x40\r\nLOAD 0x80\r\n"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out.find("carriage"), std::string::npos) << r.out;
}

// A trace with no record, its format told from the content: the message said to give
// --trace-format, which would not have helped; now it says what --trace-format gets. An
// empty --trace-format was taken as not given (the format told from the content), where
// every other empty name is refused. An empty file was "(0 lines, all blank or comments)"
// and a file of one comment "(1 lines, ...)".
TEST(TraceCli, NoRecordAndEmptyFormatAreSaidAsThemselves) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "an empty file"},
      {"# only a comment\n", "1 line, blank or a comment"},
      {"\xef\xbb\xbf", "1 line, blank or a comment"},
      {"# only a comment\n\n", "2 lines, all blank or comments"}};
  for (const auto& [text, what] : cases) {
    const std::string path = write_trace("none.trace", text);
    for (const char* format : {"", " --trace-format dramsim3"}) {
      const Result r = hbmsim("run --trace " + path + format);
      EXPECT_EQ(r.code, 2) << r.out;
      EXPECT_EQ(r.out, "hbmsim: " + path + ": holds no transaction (" + what + ")\n")
          << format;
    }
  }
  const std::string ok = write_trace("ok.trace", "LD 0x40\n");
  const Result r = hbmsim("run --trace " + ok + " --trace-format ''");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--trace-format: empty format"), std::string::npos) << r.out;
}

// Exactly as many comment lines as the format sniffer reads (1 000) were "no record in its
// first 1000 lines ...; give --trace-format", though the file holds no transaction at all.
TEST(TraceCli, ATraceOfOnlyCommentsAtTheSniffLimitHoldsNoTransaction) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "# c\n";
  const std::string path = write_trace("comments1000.txt", text);
  Result r = hbmsim("run --trace " + path);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out, "hbmsim: " + path + ": holds no transaction (1000 lines, all blank or "
                   "comments)\n");
  const std::string more = write_trace("comments1001.txt", text + "# c\n0x40 READ 0\n");
  r = hbmsim("run --trace " + more);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("no record in its first 1000 lines"), std::string::npos) << r.out;
}

// The headline counts records in English: "1 record", not "1 records".
TEST(TraceCli, HeadlineSaysOneRecord) {
  const std::string one = write_trace("one.trace", "0x40 READ 0\n");
  Result r = hbmsim("run --trace " + one + " --trace-format dramsim3");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("(dramsim3, 1 record, "), std::string::npos) << r.out;
  const std::string two = write_trace("two.trace", "0x40 READ 0\n0x80 READ 1\n");
  r = hbmsim("run --trace " + two + " --trace-format dramsim3");
  EXPECT_NE(r.out.find("(dramsim3, 2 records, "), std::string::npos) << r.out;
}

// A trace with a gap: timed, the run lasts at least the last cycle (x the clock ratio);
// asap, it does not wait.
TEST(TraceCli, TraceTimingWaitsForTheCycleAsapDoesNot) {
  const std::string text = "0x0 WRITE 0\n0x40 READ 5\n0x0 READ 30000\n0x80 WRITE 30010\n";
  const Replay timed = replay("gap.trace", text);
  ASSERT_EQ(timed.run.code, 0) << timed.run.out;
  const uint64_t timed_cycles = u(timed.report, "cycles");
  EXPECT_GE(timed_cycles, 30010u);
  EXPECT_LT(timed_cycles, 30010u + 1000u);
  const Replay slow = replay("gap2.trace", text, "--trace-clock-ratio 1.5");
  ASSERT_EQ(slow.run.code, 0) << slow.run.out;
  EXPECT_GE(u(slow.report, "cycles"), 45015u);
  EXPECT_LT(u(slow.report, "cycles"), 45015u + 1000u);
  const Replay asap = replay("gap3.trace", text, "--trace-timing asap");
  ASSERT_EQ(asap.run.code, 0) << asap.run.out;
  EXPECT_LT(u(asap.report, "cycles"), 2000u);
  EXPECT_EQ(asap.report["trace"]["timing"], "asap");
}

// A trace without cycles (Ramulator's) replays asap: --trace-clock-ratio has nothing to
// time there, and was ignored without a word unless --trace-timing asap was given too.
TEST(TraceCli, ClockRatioOnATraceWithoutCyclesIsRefused) {
  for (const char* ratio : {"2", "1"}) {
    SCOPED_TRACE(ratio);
    const Replay r = replay("nocycles.trace", "LD 0x40\nST 0x80\n",
                            std::string("--trace-clock-ratio ") + ratio);
    EXPECT_EQ(r.run.code, 2) << r.run.out;
    EXPECT_EQ(lines_of(r.run.out).size(), 1u) << r.run.out;
    EXPECT_NE(r.run.out.find(std::string("--trace-clock-ratio ") + ratio +
                             ": a ramulator2 trace carries no cycles"),
              std::string::npos)
        << r.run.out;
  }
  const Replay r1 = replay("nocycles1.trace", "0x40 R\n", "--trace-clock-ratio 1.5");
  EXPECT_EQ(r1.run.code, 2) << r1.run.out;
  EXPECT_NE(r1.run.out.find("a ramulator1 trace carries no cycles"), std::string::npos)
      << r1.run.out;
  // Without the flag it replays, asap.
  const Replay ok = replay("nocycles2.trace", "LD 0x40\nST 0x80\n");
  ASSERT_EQ(ok.run.code, 0) << ok.run.out;
  EXPECT_EQ(ok.report["trace"]["timing"], "asap");
}

// A file name is bytes: one in Latin-1 (not UTF-8) went into the report's trace.file and
// nlohmann's dump() threw, uncaught, after the run: exit 1 and no report. The byte is
// U+FFFD in the report now; the run and its figures are as for any name.
TEST(TraceCli, ANameThatIsNotUtf8IsReportedNotFatal) {
  const Replay r = replay("caf\xe9.trace", "0x0 WRITE 0\n0x0 READ 9\n");
  ASSERT_EQ(r.run.code, 0) << r.run.out;
  const std::string file = r.report["trace"]["file"].get<std::string>();
  EXPECT_NE(file.find("caf\xef\xbf\xbd.trace"), std::string::npos) << file;
  expect_replayed(r, 1, 1);
}

// The standard's file is read once per run: a trace run read it again after checking it,
// so a standard on a pipe (cat hbm3.json | hbmsim run --standard /dev/stdin) was empty the
// second time and the run refused ("unexpected end of input"). Every run path alike.
TEST(TraceCli, AStandardOnAPipeIsReadOnce) {
  const std::string trace = write_trace("piped_std.trace", "0x0 WRITE 0\n0x0 READ 9\n");
  const std::string standard = std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json";
  for (const std::string args : {"--trace " + trace, std::string("--requests 5"),
                                 std::string("--workload gemv --m 8 --k 32")}) {
    SCOPED_TRACE(args);
    const Result r = shell("cat " + standard + " | " + HBMSIM_BINARY + " run --quiet " + args +
                           " --standard /dev/stdin 2>&1");
    EXPECT_EQ(r.code, 0) << r.out;
  }
}

// Requests close together: timed, the last is issued no earlier than its cycle, and
// each read's latency is what it is, so the timed run is never shorter than asap.
TEST(TraceCli, TraceTimingNeverIssuesEarly) {
  std::string text;
  for (int i = 0; i < 64; ++i) text += std::to_string(i * 40) + ": read " + std::to_string(i * 64) + "\n";
  const Replay timed = replay("paced.stl", text);
  const Replay asap = replay("paced2.stl", text, "--trace-timing asap");
  ASSERT_EQ(timed.run.code, 0) << timed.run.out;
  ASSERT_EQ(asap.run.code, 0) << asap.run.out;
  EXPECT_GE(u(timed.report, "cycles"), 63u * 40u);
  EXPECT_GT(u(timed.report, "cycles"), u(asap.report, "cycles"));
}

// A record far out is a valid cycle but years of simulated idle tCK: refused before the
// run, naming its line and --max-cycles, unless --max-cycles bounds the run (which then
// stops there). The limit is work (tCK x PCs): a cycle one PC may reach, 32 may not.
TEST(TraceCli, FarRecordNeedsMaxCycles) {
  const std::string text = "0x0 READ 0\n0x0 WRITE 281474976710655\n0x40 READ 7\n";
  const Replay far = replay("far.trace", text);
  EXPECT_EQ(far.run.code, 2) << far.run.out;
  EXPECT_NE(far.run.out.find("far.trace:2:"), std::string::npos) << far.run.out;
  EXPECT_NE(far.run.out.find("--max-cycles"), std::string::npos) << far.run.out;
  const Replay bounded = replay("far2.trace", text, "--max-cycles 2000");
  EXPECT_EQ(bounded.run.code, 1) << bounded.run.out;   // stopped with the far write owed
  EXPECT_NE(bounded.run.out.find("max"), std::string::npos) << bounded.run.out;
  const std::string mid = "0x0 READ 100000000\n";
  const Replay mid32 = replay("mid32.trace", mid, "--pcs 32");
  EXPECT_EQ(mid32.run.code, 2);
  EXPECT_NE(mid32.run.out.find("on 32 PCs past the 31250000 tCK"), std::string::npos)
      << mid32.run.out;
  // One PC is said so, not "1 PC(s)".
  EXPECT_NE(far.run.out.find("on 1 PC past"), std::string::npos) << far.run.out;
  const Replay one = replay("mid1.trace", mid, "--max-cycles 100");
  EXPECT_NE(one.run.code, 2) << one.run.out;
  EXPECT_EQ(replay("asap.trace", text, "--trace-timing asap").run.code, 0);
}

// A DRAMsim3 trace whose cycles go back: DRAMsim3 takes it (its trace CPU issues a record
// once its clock has reached the record's cycle, so one already past goes out at once), and
// hbmsim replayed such records late, later than their cycles, with nothing said. It takes
// them and warns once, --quiet or not, naming the first such line, the cycle it is below
// and how many there are; the report counts them. Asap ignores cycles: no warning.
TEST(TraceCli, ADramSim3CycleGoingBackIsTakenAndSaidOnce) {
  const std::string text = "0x0 WRITE 0\n0x40 WRITE 500\n# late\n0x0 READ 200\n"
                           "0x40 READ 300\n0x80 WRITE 600\n0x80 READ 550\n";
  const Replay r = replay("back.trace", text);
  ASSERT_EQ(r.run.code, 0) << r.run.out;
  const auto out = lines_of(r.run.out);
  ASSERT_EQ(out.size(), 1u) << r.run.out;
  EXPECT_EQ(out[0].rfind("hbmsim: warning: " + artefact("back.trace") + ":4: cycle 200 is below "
                         "cycle 500 of line 2 before it (3 such records in all): records are "
                         "issued in file order", 0), 0u) << r.run.out;
  EXPECT_NE(out[0].find("sort the trace by cycle"), std::string::npos) << r.run.out;
  expect_replayed(r, 3, 3);
  EXPECT_EQ(u(r.report["trace"], "records_out_of_order"), 3u);

  const Replay one = replay("back1.trace", "0x0 READ 9\n0x40 READ 3\n");
  ASSERT_EQ(one.run.code, 0) << one.run.out;
  EXPECT_NE(one.run.out.find("back1.trace:2: cycle 3 is below cycle 9 of line 1 before it (the "
                             "only such record)"), std::string::npos) << one.run.out;
  const Replay asap = replay("back2.trace", text, "--trace-timing asap");
  ASSERT_EQ(asap.run.code, 0) << asap.run.out;
  EXPECT_EQ(asap.run.out, "");
  EXPECT_EQ(u(asap.report["trace"], "records_out_of_order"), 3u);
  const Replay sorted = replay("sorted.trace", "0x0 WRITE 0\n0x40 WRITE 0\n0x0 READ 200\n");
  ASSERT_EQ(sorted.run.code, 0) << sorted.run.out;
  EXPECT_EQ(sorted.run.out, "");
  EXPECT_EQ(u(sorted.report["trace"], "records_out_of_order"), 0u);
}

// A trace cut while being written ends in the middle of its last line: that record was
// replayed as it read ('0x40 READ 12' of '0x40 READ 1234', a cycle cut short) without a
// word. It is still taken (the tools take a last line without a line end, and hand-written
// traces often have one), and said on stderr, --quiet or not; a last comment line is not.
TEST(TraceCli, ALastRecordWithoutALineEndIsTakenAndSaid) {
  const Replay cut = replay("unended.trace", "0x0 WRITE 0\n0x40 READ 12");
  ASSERT_EQ(cut.run.code, 0) << cut.run.out;
  EXPECT_EQ(cut.run.out, "hbmsim: warning: " + artefact("unended.trace") + ":2: the last line has "
                         "no line end, as a trace cut while being written has: its record is "
                         "replayed as it reads (a number cut short reads as a smaller one); end "
                         "the line with a line feed if it is whole, or remove it\n");
  EXPECT_EQ(u(cut.report["trace"], "records"), 2u);
  for (const char* whole : {"0x0 WRITE 0\n0x40 READ 12\n", "0x0 WRITE 0\n0x40 READ 12\r\n",
                            "0x0 WRITE 0\n0x40 READ 12\n# the end"}) {
    const Replay r = replay("ended.trace", whole);
    ASSERT_EQ(r.run.code, 0) << r.run.out;
    EXPECT_EQ(r.run.out, "") << whole;
  }
}

std::string spread_trace() {
  std::string text;
  for (int i = 0; i < 32; ++i) text += "ST " + std::to_string(i * 512) + "\n";
  for (int i = 0; i < 32; ++i) text += "LD " + std::to_string(i * 512) + "\n";
  return text;
}

TEST(TraceCli, SpreadOverPcsByAddress) {
  const Replay r = replay("spread.trace", spread_trace(), "--pcs 4");
  expect_replayed(r, 32, 32);
  const auto& per_pc = r.report["controller_counters_per_pc"];
  ASSERT_EQ(per_pc.size(), 4u);
  for (const auto& pc : per_pc) EXPECT_GT(u(pc, "reads"), 0u) << pc.dump();
}

TEST(TraceCli, ThroughTheCrossbar) {
  const Replay r = replay("xbar.trace", spread_trace(), "--pcs 4 --xbar");
  expect_replayed(r, 32, 32);
  for (const auto& pc : r.report["controller_counters_per_pc"]) EXPECT_GT(u(pc, "reads"), 0u);
}

// The crossbar spreads the trace's bursts over the PCs: workload.requests_per_pc is the
// bursts per PC (it was the bursts in all: 64 on 4 PCs, and 9 for 9 bursts on 2), null
// when they do not divide; workload.requests holds them all.
TEST(TraceCli, ThroughTheCrossbarRequestsArePerPcAndInAll) {
  const Replay r = replay("xbar_per_pc.trace", spread_trace(), "--pcs 4 --xbar");
  ASSERT_EQ(r.run.code, 0) << r.run.out;
  EXPECT_EQ(u(r.report["workload"], "requests"), 64u);
  EXPECT_EQ(u(r.report["workload"], "requests_per_pc"), 16u);
  std::string nine;
  for (int i = 0; i < 9; ++i) nine += "LD " + std::to_string(i * 512) + "\n";
  const Replay odd = replay("xbar_nine.trace", nine, "--pcs 2 --xbar");
  ASSERT_EQ(odd.run.code, 0) << odd.run.out;
  EXPECT_EQ(u(odd.report["workload"], "requests"), 9u);
  ASSERT_TRUE(odd.report["workload"].contains("requests_per_pc"));
  EXPECT_TRUE(odd.report["workload"]["requests_per_pc"].is_null());
}

// Beyond the memory but inside the AXI bus's 40 bits: answered DECERR, counted apart,
// as for any host traffic; the run still passes.
TEST(TraceCli, AddressBeyondThePcIsDecerr) {
  const Replay r = replay("decerr.trace", "LD 0x40\nLD 0xF000000000\nST 0xF000000040\n");
  ASSERT_EQ(r.run.code, 0) << r.run.out;
  EXPECT_EQ(u(r.report["axi_errors"], "decerr"), 2u);
  EXPECT_EQ(u(r.report, "reads"), 1u);
  EXPECT_EQ(u(r.report, "writes"), 0u);
}

// The HTML report gave the bandwidth of a trace with bursts past the memory without a
// word on them (only the summary and the JSON said DECERR): it has the summary's line now,
// and a run without such bursts has none.
TEST(TraceCli, TheHtmlReportSaysWhatWasAnsweredDecerr) {
  const std::string html = artefact("decerr_html.html");
  std::remove(html.c_str());
  const Result r = hbmsim("run --trace " + write_trace("decerr_html.trace", "LD 0x40\n"
                          "LD 0xF000000000\nST 0xF000000040\n") + " --html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string line = "2 bursts answered DECERR and 0 SLVERR, left out of bandwidth, "
                           "bytes, reads/writes and read latency";
  EXPECT_NE(r.out.find("  axi errors    " + line), std::string::npos) << r.out;
  EXPECT_NE(slurp(html).find("<tr><td>axi errors</td><td>" + line + "</td></tr>"),
            std::string::npos) << slurp(html);
  const Result clean = hbmsim("run --trace " + write_trace("decerr_none.trace", "LD 0x40\n") +
                              " --html " + html);
  ASSERT_EQ(clean.code, 0) << clean.out;
  EXPECT_EQ(slurp(html).find("axi errors"), std::string::npos);
  EXPECT_EQ(clean.out.find("axi errors"), std::string::npos) << clean.out;
}

// The HTML report of a replay said "workload: trace" and no more: not which file, its
// format or timing. Its configuration now has the report's trace object, as the JSON.
TEST(TraceCli, TheHtmlReportNamesTheTrace) {
  const std::string html = artefact("names_trace.html");
  std::remove(html.c_str());
  const std::string trace = write_trace("names_trace.stl", "4: read 0x40\n9: write 0x80\n");
  const Result r = hbmsim("run --trace " + trace + " --trace-clock-ratio 1.5 --html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string page = slurp(html);
  for (const std::string& want :
       {std::string("<h3>trace</h3>"), "<tr><td>file</td><td>" + trace + "</td></tr>",
        std::string("<tr><td>format</td><td>stl</td></tr>"),
        std::string("<tr><td>timing</td><td>trace</td></tr>"),
        std::string("<tr><td>clock_ratio</td><td>1.5</td></tr>"),
        std::string("<tr><td>records</td><td>2</td></tr>")}) {
    EXPECT_NE(page.find(want), std::string::npos) << want;
  }
}

TEST(TraceCli, SpreadNeedsAPowerOfTwoOfPcs) {
  const Result r = hbmsim("run --pcs 3 --trace " + write_trace("three.trace", "LD 0x40\n"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("power of two"), std::string::npos) << r.out;
}

// The figure printed for a bandwidth or efficiency that is not zero: two bursts 200 000
// tCK apart moved 1.02 MB/s, which the summary and the HTML printed as "0.00 GB/s of 25.60
// GB/s peak = 0.0 %". They now keep three (two) significant digits.
TEST(TraceCli, ATinyBandwidthIsNotPrintedAsZero) {
  const std::string html = artefact("tiny_bandwidth.html");
  const std::string report = artefact("tiny_bandwidth.json");
  const Result r = hbmsim("run --trace " + write_trace("tiny_bandwidth.trace",
                                                       "0x0 READ 0\n0x40 READ 200000\n") +
                          " --report " + report + " --html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = load_json(report);
  const size_t at = r.out.find("  bandwidth     ");
  ASSERT_NE(at, std::string::npos) << r.out;
  double gbps = 0, peak = 0, pct = 0;
  ASSERT_EQ(std::sscanf(r.out.c_str() + at, "  bandwidth %lf GB/s of %lf GB/s peak = %lf %%",
                        &gbps, &peak, &pct), 3) << r.out;
  const double want_gbps = j["bandwidth_gbps"].get<double>();
  const double want_pct = 100 * j["efficiency"].get<double>();
  ASSERT_GT(want_gbps, 0);
  ASSERT_LT(want_gbps, 0.005);
  EXPECT_NEAR(gbps, want_gbps, want_gbps * 0.005) << r.out;
  EXPECT_NEAR(pct, want_pct, want_pct * 0.05) << r.out;
  // The HTML shows the same headline.
  const std::string line = r.out.substr(at + 16, r.out.find(" efficiency", at) - at - 16);
  EXPECT_NE(slurp(html).find(line), std::string::npos) << line;
}

}  // namespace test_trace_cli
