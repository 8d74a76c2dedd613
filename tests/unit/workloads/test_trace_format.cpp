// Peer trace formats: each parses its tools' examples in every spelling the tools take,
// and each malformed kind is refused at the right column with what was expected.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "common/errors.h"
#include "host/trace/read/trace_file.h"
#include "host/trace/read/trace_format.h"

namespace hbmsim {
namespace test_trace_format {

constexpr uint32_t kBurst = 64;

TraceRecord parse_ok(TraceFormat f, const std::string& line) {
  TraceLineParser p(f, kBurst);
  TraceRecord r;
  TraceLineError err;
  EXPECT_EQ(p.parse(line, r, err), TraceLineParser::Result::Record) << line << ": " << err.message;
  return r;
}

TraceLineError parse_bad(TraceFormat f, const std::string& line) {
  TraceLineParser p(f, kBurst);
  TraceRecord r;
  TraceLineError err;
  EXPECT_EQ(p.parse(line, r, err), TraceLineParser::Result::Error) << line;
  return err;
}

TEST(TraceFormat, DramSim3Examples) {
  TraceRecord r = parse_ok(TraceFormat::DramSim3, "0x2000D5C0 READ 30");
  EXPECT_EQ(r.addr, 0x2000D5C0u);
  EXPECT_FALSE(r.write);
  EXPECT_EQ(r.cycle, 30u);
  for (const char* w : {"WRITE", "write", "P_MEM_WR", "BOFF", "Write"}) {
    EXPECT_TRUE(parse_ok(TraceFormat::DramSim3, std::string("0x40 ") + w + " 1").write) << w;
  }
  for (const char* rd : {"READ", "read", "P_MEM_RD", "IFETCH", "P_FETCH"}) {
    EXPECT_FALSE(parse_ok(TraceFormat::DramSim3, std::string("0x40 ") + rd + " 1").write) << rd;
  }
  // Hex digits in either case, with or without 0x (DRAMsim3 reads with std::hex).
  EXPECT_EQ(parse_ok(TraceFormat::DramSim3, "0X2000d5c0 READ 30").addr, 0x2000D5C0u);
  EXPECT_EQ(parse_ok(TraceFormat::DramSim3, "2000d5c0\tREAD   30  ").addr, 0x2000D5C0u);
  EXPECT_EQ(parse_ok(TraceFormat::DramSim3, "0x40 READ 7 # trailing comment").cycle, 7u);
}

TEST(TraceFormat, Ramulator2Examples) {
  TraceRecord r = parse_ok(TraceFormat::Ramulator2, "LD 0x12340");
  EXPECT_EQ(r.addr, 0x12340u);
  EXPECT_FALSE(r.write);
  r = parse_ok(TraceFormat::Ramulator2, "ST 4096");
  EXPECT_EQ(r.addr, 4096u);
  EXPECT_TRUE(r.write);
  EXPECT_EQ(parse_ok(TraceFormat::Ramulator2, "st 0XABCDEF").addr, 0xABCDEFu);
  EXPECT_FALSE(parse_ok(TraceFormat::Ramulator2, "ld 0xabcdef").write);
}

TEST(TraceFormat, Ramulator1Examples) {
  TraceRecord r = parse_ok(TraceFormat::Ramulator1, "0x12345680 R");
  EXPECT_EQ(r.addr, 0x12345680u);
  EXPECT_FALSE(r.write);
  EXPECT_TRUE(parse_ok(TraceFormat::Ramulator1, "0x12345680 W").write);
  EXPECT_TRUE(parse_ok(TraceFormat::Ramulator1, "12345680 w").write);
  EXPECT_FALSE(parse_ok(TraceFormat::Ramulator1, "0xABCDEF").write);   // no op: a read
}

TEST(TraceFormat, StlExamples) {
  TraceRecord r = parse_ok(TraceFormat::Stl, "31: read 0x400140");
  EXPECT_EQ(r.cycle, 31u);
  EXPECT_EQ(r.addr, 0x400140u);
  EXPECT_EQ(r.length, 0u);
  r = parse_ok(TraceFormat::Stl, "81: (128) read 0x400180");
  EXPECT_EQ(r.length, 128u);
  r = parse_ok(TraceFormat::Stl, "9:(4) WRITE 0x400180 0x0102aBcD");
  EXPECT_TRUE(r.write);
  EXPECT_EQ(r.data, (std::vector<uint8_t>{0x01, 0x02, 0xab, 0xcd}));
  // Without (len) the data is one burst.
  r = parse_ok(TraceFormat::Stl, "9: write 0x40 0x" + std::string(2 * kBurst, 'f'));
  EXPECT_EQ(r.data.size(), kBurst);
}

TEST(TraceFormat, StlCyclesAbsoluteRstlRelative) {
  TraceLineParser stl(TraceFormat::Stl, kBurst), rstl(TraceFormat::Rstl, kBurst);
  TraceRecord r;
  TraceLineError err;
  for (const char* line : {"10: read 0x0", "# comment", "", "15: read 0x40", "15: read 0x80"}) {
    ASSERT_NE(stl.parse(line, r, err), TraceLineParser::Result::Error) << line;
    ASSERT_NE(rstl.parse(line, r, err), TraceLineParser::Result::Error) << line;
  }
  EXPECT_EQ(r.cycle, 40u);   // rstl: 10 + 15 + 15
  ASSERT_EQ(stl.parse("14: read 0x0", r, err), TraceLineParser::Result::Error);
  EXPECT_EQ(err.column, 1u);
  EXPECT_NE(err.message.find("at least 15"), std::string::npos) << err.message;
}

TEST(TraceFormat, BlankAndCommentLinesAreSkipped) {
  TraceLineParser p(TraceFormat::DramSim3, kBurst);
  TraceRecord r;
  TraceLineError err;
  for (const char* line : {"", "   ", "\t", "# a comment", "  # indented"}) {
    EXPECT_EQ(p.parse(line, r, err), TraceLineParser::Result::Skip) << line;
  }
}

struct Malformed {
  TraceFormat format;
  const char* line;
  size_t column;
  const char* expected;   // a part of the message
};

// The line is refused at the expected column, the message naming what was expected.
TraceLineError expect_refused_at(const Malformed& m) {
  const TraceLineError err = parse_bad(m.format, m.line);
  EXPECT_EQ(err.column, m.column) << m.line << ": " << err.message;
  EXPECT_NE(err.message.find(m.expected), std::string::npos) << m.line << ": " << err.message;
  return err;
}

TEST(TraceFormat, MalformedLinesNameColumnAndExpectation) {
  const Malformed cases[] = {
      {TraceFormat::DramSim3, "0x40 READ", 10, "expected a cycle"},                 // missing
      {TraceFormat::DramSim3, "0xG0 READ 1", 1, "expected a hex address"},          // bad addr
      {TraceFormat::DramSim3, "0x40 30", 6, "expected an operation"},               // bad op
      {TraceFormat::DramSim3, "0x40 READ 1 2", 13, "end of the line"},              // extra
      {TraceFormat::DramSim3, "0x40 READ 281474976710656", 11, "at most"},          // overflow
      {TraceFormat::DramSim3, "0x10000000000 READ 1", 1, "at most 0xffffffffff"},   // > 40 bits
      {TraceFormat::DramSim3, "0xffffffffffffffffffff READ 1", 1, "at most"},       // 2^64+
      {TraceFormat::Ramulator2, "LOAD 0x40", 1, "expected LD or ST"},
      {TraceFormat::Ramulator2, "LD", 3, "expected an address"},
      {TraceFormat::Ramulator2, "LD 12a", 4, "expected an address"},
      {TraceFormat::Ramulator1, "0x40 X", 6, "expected R or W"},
      {TraceFormat::Ramulator1, "R 0x40", 1, "expected a hex address"},
      {TraceFormat::Stl, "read 0x40", 1, "expected a cycle"},
      {TraceFormat::Stl, "5 read 0x40", 3, "expected ':'"},
      {TraceFormat::Stl, "5: fetch 0x40", 4, "expected read or write"},
      {TraceFormat::Stl, "5: read", 8, "expected a hex address"},
      {TraceFormat::Stl, "5: (0) read 0x40", 5, "at least 1 byte"},
      {TraceFormat::Stl, "5: (4097) read 0x40", 5, "at most 4096"},
      {TraceFormat::Stl, "5: (4 read 0x40", 7, "expected ')'"},
      {TraceFormat::Stl, "5: (4) write 0x40 0x0102", 19, "data of 4 bytes"},
      {TraceFormat::Stl, "5: (2) write 0x40 0x01zz", 23, "hex digits"},
      {TraceFormat::Stl, "5: (2) write 0xffffffffff 0x0102", 14, "end by"},
  };
  for (const Malformed& m : cases) {
    const TraceLineError err = expect_refused_at(m);
    EXPECT_NE(err.message.find("found"), std::string::npos) << err.message;
  }
}

// An empty cycle or length that a stop character ended (': read 0x40', '() read') was
// refused as 'found the end of the line' on a line that goes on; the character is shown.
// A '#' there does end the line (a comment).
TEST(TraceFormat, AnEmptyFieldMidLineShowsWhatFollowsIt) {
  const Malformed cases[] = {
      {TraceFormat::Stl, ": read 0x40", 1, "expected a cycle (decimal), found ':'"},
      {TraceFormat::Rstl, "  : read 0x40", 3, "expected a cycle (decimal), found ':'"},
      {TraceFormat::Stl, "5: () read 0x40", 5, "expected a length in bytes (decimal), "
                                               "found ')'"},
      {TraceFormat::Stl, "5: (#) read 0x40", 5, "found the end of the line"},
      {TraceFormat::Stl, "5: (", 5, "found the end of the line"},
  };
  for (const Malformed& m : cases) expect_refused_at(m);
}

// A '#' inside a field is part of it, as in a shell word: '0x10#00 READ 1' was read as the
// address 0x10 followed by a comment (the line then a Ramulator 1 record of one field),
// and '0x40 READ 7#8' as cycle 7. Each is now refused at the field; a '#' where a field
// would start still begins a comment.
TEST(TraceFormat, AHashInsideAFieldIsNoComment) {
  const Malformed cases[] = {
      {TraceFormat::DramSim3, "0x10#00 READ 1", 1, "found '0x10#00'"},
      {TraceFormat::DramSim3, "0x40 READ 7#8", 11, "found '7#8'"},
      {TraceFormat::Ramulator2, "LD 0x40#x", 4, "found '0x40#x'"},
      {TraceFormat::Stl, "5: read 0x40#1", 9, "found '0x40#1'"},
  };
  for (const Malformed& m : cases) expect_refused_at(m);
  EXPECT_EQ(parse_ok(TraceFormat::DramSim3, "0x40 READ 7 #8").cycle, 7u);
  EXPECT_EQ(parse_ok(TraceFormat::DramSim3, "0x40 READ 7\t# c").cycle, 7u);
  EXPECT_EQ(parse_ok(TraceFormat::Stl, "5: read 0x40 # c").addr, 0x40u);
}

TEST(TraceFormat, DataWithoutLengthMustEndOnTheBus) {
  const std::string data = " 0x" + std::string(2 * kBurst, '0');
  EXPECT_EQ(parse_ok(TraceFormat::Stl, "5: write 0xffffffffc0" + data).addr, 0xffffffffc0u);
  const TraceLineError err = parse_bad(TraceFormat::Stl, "5: write 0xffffffffc1" + data);
  EXPECT_EQ(err.column, 10u);
  EXPECT_NE(err.message.find("64 bytes end by 0xffffffffff"), std::string::npos) << err.message;
}

TEST(TraceFormat, RstlSumOverflowIsRefused) {
  TraceLineParser p(TraceFormat::Rstl, kBurst);
  TraceRecord r;
  TraceLineError err;
  ASSERT_EQ(p.parse("281474976710655: read 0x0", r, err), TraceLineParser::Result::Record);
  ASSERT_EQ(p.parse("1: read 0x0", r, err), TraceLineParser::Result::Error);
  EXPECT_NE(err.message.find("keeps the sum"), std::string::npos) << err.message;
}

TEST(TraceFormat, NamesExtensionsAndSniffing) {
  EXPECT_EQ(trace_format_from_name("DRAMsim3"), TraceFormat::DramSim3);
  EXPECT_EQ(trace_format_from_name("rstl"), TraceFormat::Rstl);
  EXPECT_FALSE(trace_format_from_name("dramsys"));
  EXPECT_EQ(trace_format_from_extension("a/b.STL"), TraceFormat::Stl);
  EXPECT_EQ(trace_format_from_extension("x.rstl"), TraceFormat::Rstl);
  EXPECT_FALSE(trace_format_from_extension("x.stl/y"));
  EXPECT_FALSE(trace_format_from_extension("x.trace"));
  EXPECT_EQ(sniff_trace_format("0x2000D5C0 READ 30"), TraceFormat::DramSim3);
  EXPECT_EQ(sniff_trace_format("LD 0x12340"), TraceFormat::Ramulator2);
  EXPECT_EQ(sniff_trace_format("st 4096"), TraceFormat::Ramulator2);
  EXPECT_EQ(sniff_trace_format("0x12345680 R"), TraceFormat::Ramulator1);
  EXPECT_EQ(sniff_trace_format("31: read 0x400140"), TraceFormat::Stl);
  EXPECT_FALSE(sniff_trace_format("a b c d e"));
}

// A first field followed by ':' is a DRAMSys cycle whatever it holds: one past 2^48 - 1,
// negative or not decimal was "cannot tell the trace's format", where the .stl parser
// names the field, its column and the limit.
TEST(TraceFormat, SniffTakesAColonAfterTheFirstFieldAsDramSys) {
  EXPECT_EQ(sniff_trace_format("99999999999999999999: read 0x0"), TraceFormat::Stl);
  EXPECT_EQ(sniff_trace_format("281474976710656: read 0x0"), TraceFormat::Stl);
  EXPECT_EQ(sniff_trace_format("-5: read 0x0"), TraceFormat::Stl);
  EXPECT_EQ(sniff_trace_format("1e3 : (64) write 0x40"), TraceFormat::Stl);
  EXPECT_EQ(sniff_trace_format("0x2000D5C0 READ 30 # at: 30"), TraceFormat::DramSim3);
}

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(TraceFile, CrlfBomAndLastLineWithoutNewline) {
  const std::string path = write_file("crlf.trace", "\xef\xbb\xbf" "LD 0x40\r\n\r\nST 0x80");
  const TraceSummary s = validate_trace(path, TraceFormat::Ramulator2, kBurst);
  EXPECT_EQ(s.records, 2u);
  EXPECT_EQ(s.reads, 1u);
  EXPECT_EQ(s.writes, 1u);
  EXPECT_EQ(s.lines, 3u);
}

// DRAMsim3 takes cycles that go back (its trace CPU issues a record once the clock has
// reached its cycle: one already past goes out at once); so does hbmsim, counting the
// records below a cycle before them, the first one's line and the cycle it is below (the
// run warns with them). Ramulator's formats carry no cycle: nothing to count.
TEST(TraceFile, DramSim3CyclesGoingBackAreCounted) {
  const std::string path = write_file("back.trace", "0x0 WRITE 0\n0x40 WRITE 500\n# late\n"
                                                    "0x0 READ 200\n0x40 READ 300\n"
                                                    "0x80 READ 600\n0x80 READ 550\n");
  const TraceSummary s = validate_trace(path, TraceFormat::DramSim3, kBurst);
  EXPECT_EQ(s.records, 6u);
  EXPECT_EQ(s.out_of_order, 3u);   // 200 and 300 below 500, 550 below 600
  EXPECT_EQ(s.out_of_order_line, 4u);
  EXPECT_EQ(s.out_of_order_cycle, 200u);
  EXPECT_EQ(s.out_of_order_after, 500u);
  EXPECT_EQ(s.out_of_order_after_line, 2u);
  EXPECT_EQ(s.last_cycle, 600u);
  const std::string sorted =
      write_file("sorted.trace", "0x0 WRITE 0\n0x40 READ 0\n0x0 READ 9\n");
  EXPECT_EQ(validate_trace(sorted, TraceFormat::DramSim3, kBurst).out_of_order, 0u);
  const std::string ram = write_file("back_ram.trace", "LD 0x80\nST 0x40\nLD 0x0\n");
  EXPECT_EQ(validate_trace(ram, TraceFormat::Ramulator2, kBurst).out_of_order, 0u);
}

void expect_refused(const std::string& path, TraceFormat f, const std::string& where) {
  try {
    validate_trace(path, f, kBurst);
    ADD_FAILURE() << path << " was accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
  }
}

TEST(TraceFile, ErrorsNameFileLineAndColumn) {
  expect_refused(write_file("bad.trace", "LD 0x40\n\nLD 0x4g\n"), TraceFormat::Ramulator2,
                 "bad.trace:3:4: expected a hex address");
  expect_refused(write_file("empty.trace", "# nothing\n\n"), TraceFormat::Ramulator2,
                 "holds no transaction");
  expect_refused(write_file("long.trace", "LD 0x40 " + std::string(20000, ' ') + "\n"),
                 TraceFormat::Ramulator2, "long.trace:1:16385: expected a line of at most");
  expect_refused(testing::TempDir(), TraceFormat::Ramulator2, "is a directory");
  expect_refused("/dev/null", TraceFormat::Ramulator2, "not a regular file");
}

// A line of exactly 16384 bytes is taken; ending in CRLF (or, the first, after a UTF-8
// byte-order mark) it was refused as longer, with a note to end lines in CRLF. A byte more
// of the line itself is still refused.
TEST(TraceFile, ALineAtTheLimitIsTakenWithItsCrlfAndByteOrderMark) {
  const std::string at_limit = "LD 0x40 #" + std::string(kTraceMaxLineBytes - 9, 'x');
  ASSERT_EQ(at_limit.size(), kTraceMaxLineBytes);
  for (const std::string& text :
       {at_limit + "\n", at_limit + "\r\n" + at_limit + "\r\n", at_limit + "\r",
        "\xef\xbb\xbf" + at_limit + "\r\nLD 0x80\r\n"}) {
    const TraceSummary s = validate_trace(write_file("at_limit.trace", text),
                                          TraceFormat::Ramulator2, kBurst);
    EXPECT_GE(s.records, 1u);
  }
  expect_refused(write_file("past_limit.trace", at_limit + "y\r\n"), TraceFormat::Ramulator2,
                 "past_limit.trace:1:16385: expected a line of at most 16384 bytes");
  expect_refused(write_file("past_limit2.trace", "LD 0x40\n" + at_limit + "\ry\n"),
                 TraceFormat::Ramulator2, "past_limit2.trace:2:16385: expected a line of at most");
}

// A UTF-16 trace or a binary file was refused showing its first bytes ('\xff\xfe0\x00')
// and no more: the refusal says what the file is.
TEST(TraceFile, AUtf16OrBinaryFileIsSaidToBeOne) {
  const std::string ascii = "0: read 0x40\n";
  std::string utf16 = "\xff\xfe";
  for (const char c : ascii) utf16 += std::string(1, c) + '\0';
  expect_refused(write_file("u16.stl", utf16), TraceFormat::Stl,
                 "u16.stl:1:1: expected a cycle (decimal), found '\\xff\\xfe0\\x00' (the "
                 "file is UTF-16: a trace is ASCII or UTF-8 text; convert it, e.g. iconv -f "
                 "UTF-16 -t UTF-8)");
  expect_refused(write_file("elf.stl", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\n", 11)),
                 TraceFormat::Stl, "(the line holds NUL bytes: the file is binary, not a text "
                                   "trace)");
}

TEST(TraceFile, FormatFromFlagExtensionOrContent) {
  EXPECT_EQ(trace_format_of("whatever", "RAMULATOR1"), TraceFormat::Ramulator1);
  EXPECT_THROW(trace_format_of("whatever", "dramsys"), UsageError);
  EXPECT_EQ(trace_format_of(write_file("a.rstl", "x\n"), ""), TraceFormat::Rstl);
  EXPECT_EQ(trace_format_of(write_file("s.trace", "# hdr\n\n0x40 READ 1\n"), ""),
            TraceFormat::DramSim3);
  EXPECT_THROW(trace_format_of(write_file("u.trace", "what is this line\n"), ""), UsageError);
  // No record at all: the file is at fault, not a missing --trace-format.
  EXPECT_THROW(trace_format_of(write_file("n.trace", "#\n"), ""), ConfigError);
}

}  // namespace test_trace_format
}  // namespace hbmsim
