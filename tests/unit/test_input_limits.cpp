// Hostile inputs to the standard loader and the refresh tracking (issue 11, classes 1, 2
// and 4): each is refused with a short one-line message naming the file and field, or
// handled in bounded time and memory; nothing crashes, nothing is echoed whole.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "common/json_file.h"
#include "device/rules/timing_checker.h"
#include "standard/standard.h"
#include "unit_helpers.h"

namespace hbmsim {
namespace test_input_limits {

namespace fs = std::filesystem;
using nlohmann::json;

// A message a user reads on one line: no newline, no control character, short.
void expect_one_short_line(const std::string& msg, size_t max = 400) {
  EXPECT_LE(msg.size(), max) << msg.substr(0, 400);
  EXPECT_FALSE(has_control_chars(msg)) << excerpt(msg, 400);
}

class InputLimits : public testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(standards_dir() + "/hbm3.json");
    ASSERT_TRUE(in);
    doc = json::parse(in);
    text = doc.dump();
    dir = fs::temp_directory_path() /
          ("hbmsim_limits_" + std::to_string(getpid()) + "_" +
           testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  std::string write(const std::string& body, const std::string& name = "hostile.json") {
    const std::string path = (dir / name).string();
    std::ofstream(path) << body;
    return path;
  }

  // hbm3.json with the first `from` replaced by `to`.
  std::string edited(const std::string& from, const std::string& to) {
    std::string t = text;
    const size_t at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return t.replace(at, from.size(), to);
  }

  // The message of the ConfigError loading `path`; fails the test if it loads.
  std::string error_loading(const std::string& path) {
    try {
      load_standard(path);
    } catch (const ConfigError& e) {
      return e.what();
    }
    ADD_FAILURE() << path << " loaded but should not have";
    return "";
  }

  json doc;
  std::string text;
  fs::path dir;
};

// Class 1: an array nested 100 000 deep where a number belongs crashed (the message
// dumped it recursively). Now refused while parsing, the message a short line.
TEST_F(InputLimits, DeeplyNestedArrayIsRefusedNotEchoed) {
  const std::string path =
      write(edited("\"RL\":20", "\"RL\":" + std::string(100000, '[') + std::string(100000, ']')));
  const std::string msg = error_loading(path);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("nested deeper than 16 levels"), std::string::npos) << msg;
  expect_one_short_line(msg);
}

// The limit is 16 objects or arrays one inside another (docs/limits.md), empty or not:
// 17 empty arrays passed, the check counting the containers around an event and not the
// one it opens.
TEST(JsonDepth, SixteenLevelsPassAndSeventeenAreRefused) {
  for (const bool empty : {true, false}) {
    for (const int levels : {16, 17}) {
      const std::string text = "{\"a\":" + std::string(size_t(levels - 1), '[') +
                               (empty ? "" : "1") + std::string(size_t(levels - 1), ']') + "}";
      SCOPED_TRACE(text);
      std::string error;
      try {
        parse_config_json(text, "f.json");
      } catch (const ConfigError& e) {
        error = e.what();
      }
      if (levels == kMaxJsonDepth) EXPECT_EQ(error, "");
      else EXPECT_EQ(error, "f.json: nested deeper than 16 levels");
    }
  }
}

// Shallow structures where a number or string belongs are described, not dumped.
TEST_F(InputLimits, StructuresInAFieldAreDescribedNotDumped) {
  doc["timing"]["RL"] = json::parse("[[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]]]");
  std::string msg = error_loading(write(doc.dump()));
  EXPECT_NE(msg.find("field 'timing.RL' = an array of 1: expected a non-negative integer"),
            std::string::npos) << msg;
  // Not "19" alone: the message names the file, whose temporary name holds the PID.
  EXPECT_EQ(msg.find("18,19"), std::string::npos) << msg;

  doc["timing"]["RL"] = 20;
  doc["name"] = json::object({{"a", std::string(5000, 'x')}, {"b", 1}});
  msg = error_loading(write(doc.dump()));
  EXPECT_NE(msg.find("field 'name' = an object of 2 fields: expected a string"),
            std::string::npos) << msg;
  expect_one_short_line(msg);
}

// A long string is cut to an excerpt, a name with control characters refused with them
// shown escaped.
TEST_F(InputLimits, LongAndControlCharacterStringsAreCutAndEscaped) {
  doc["name"] = std::string(100000, 'A');
  std::string msg = error_loading(write(doc.dump()));
  EXPECT_NE(msg.find("100000 bytes, at most 4096"), std::string::npos) << msg.substr(0, 300);
  expect_one_short_line(msg);

  doc["name"] = "HBM3\x1b[2J\r\nPASS";
  msg = error_loading(write(doc.dump()));
  EXPECT_NE(msg.find("field 'name' = \"HBM3\\x1b[2J\\r\\nPASS\": control characters are not "
                     "allowed"), std::string::npos) << excerpt(msg, 400);
  expect_one_short_line(msg);

  doc["name"] = "HBM3";
  doc["sources"]["timing"] = std::string("bell\a");
  msg = error_loading(write(doc.dump()));
  EXPECT_NE(msg.find("sources.timing"), std::string::npos) << msg;
  expect_one_short_line(msg);
}

// Class 4: a number beyond a double (1e400) was an uncaught json exception.
TEST_F(InputLimits, OverflowingNumbersAreConfigErrorsNamingTheFile) {
  std::string path = write(edited("\"data_rate_gbps\":6.4", "\"data_rate_gbps\":1e400"));
  std::string msg = error_loading(path);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("number overflow"), std::string::npos) << msg;

  // An integer beyond 64 bits where an integer belongs.
  path = write(edited("\"RL\":20", "\"RL\":" + std::string(400, '9')), "digits.json");
  msg = error_loading(path);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  expect_one_short_line(msg);
}

// A whole number past 2^64 - 1 is read as a double: it was refused as "= 1.8446744073709552e+19:
// expected a non-negative integer", though the file gives one; it names the field's limit, as
// 2^64 - 1 does. A fraction or a negative number is still not a whole number of tCK.
TEST_F(InputLimits, AWholeNumberPast64BitsNamesTheLimit) {
  for (const std::string& big : {std::string("18446744073709551616"), std::string(40, '9')}) {
    const std::string msg = error_loading(write(edited("\"RL\":20", "\"RL\":" + big)));
    EXPECT_NE(msg.find("'timing.RL' = "), std::string::npos) << msg;
    EXPECT_NE(msg.find(": too large (at most 65535)"), std::string::npos) << msg;
  }
  std::string msg = error_loading(write(edited("\"RL\":20", "\"RL\":20.5")));
  EXPECT_NE(msg.find("'timing.RL' = 20.5: expected a non-negative integer"), std::string::npos)
      << msg;
  msg = error_loading(write(edited("\"RL\":20", "\"RL\":-18446744073709551617")));
  EXPECT_NE(msg.find("expected a non-negative integer"), std::string::npos) << msg;
  // 2e1 parses to the double 20.0, which the message shows: it says why that is refused.
  msg = error_loading(write(edited("\"RL\":20", "\"RL\":2e1")));
  EXPECT_NE(msg.find("'timing.RL' = 20.0: expected a non-negative integer, written without a "
                     "fraction or an exponent"), std::string::npos) << msg;
}

// Class 4: a directory where a standard file is expected.
TEST_F(InputLimits, DirectoryIsNamedAsNotAStandard) {
  const std::string msg = error_loading(dir.string());
  EXPECT_NE(msg.find(dir.string() + ": is a directory"), std::string::npos) << msg;
}

// Class 2: every count has a maximum, checked when read. 2^16 channels made a
// three-command check-log take 2.5 GB; timings beyond 16 bits could overflow sums.
TEST_F(InputLimits, OrganisationAndTimingHaveStatedMaximums) {
  doc["organisation"]["channels"] = 65536;
  EXPECT_NE(error_loading(write(doc.dump())).find("'organisation.channels' = 65536: at most 64"),
            std::string::npos);
  doc["organisation"]["channels"] = 128;
  EXPECT_NE(error_loading(write(doc.dump())).find("at most 64"), std::string::npos);
  doc["organisation"]["channels"] = 64;   // the limit itself loads
  EXPECT_EQ(load_standard(write(doc.dump(), "ch64.json")).org.pcs(), 128u);

  doc = json::parse(text);
  doc["timing"]["WR"] = 4294967295u;   // WL + BL + WR + RP wrapped past the 12-bit check
  std::string msg = error_loading(write(doc.dump()));
  EXPECT_NE(msg.find("'timing.WR' = 4294967295: too large (at most 65535)"), std::string::npos)
      << msg;
  doc["timing"]["WR"] = -1;
  msg = error_loading(write(doc.dump()));
  EXPECT_NE(msg.find("'timing.WR' = -1: expected a non-negative integer"), std::string::npos)
      << msg;
  doc = json::parse(text);
  doc["timing"]["tck_ns"] = 1e300;
  EXPECT_NE(error_loading(write(doc.dump())).find("too large (at most 1000)"),
            std::string::npos);
}

// Class 2: a file far larger than any standard is refused before it is read.
TEST_F(InputLimits, HugeStandardFileIsRefusedUnread) {
  std::string body = text;
  body.back() = ' ';
  body += std::string(2u << 20, ' ') + "}";
  const std::string path = write(body);
  const std::string msg = error_loading(path);
  EXPECT_NE(msg.find("a standard file may have at most 1048576"), std::string::npos) << msg;
}

// Class 2: time jumping 10^12 tCK (or any gap) is one tREFI report per PC whose
// intervals are counted, not one report kept per missed interval (GBs before).
TEST_F(InputLimits, RefreshGapIsOneReportWhateverItsLength) {
  const Standard& s = test::hbm3();
  TimingChecker checker(s, 2);
  const auto start = std::chrono::steady_clock::now();
  std::vector<Violation> found;   // the refresh-debt reports (tREFI)
  uint64_t reports = 0;
  while (auto v = checker.advance(1000000000000ull)) {
    ++reports;
    if (v->rule == std::string(kRuleRefresh)) found.push_back(*v);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_LE(reports, 2u * (1 + s.org.banks_per_pc()));   // never one per interval
  ASSERT_EQ(found.size(), 2u);   // one per PC
  const uint64_t first = uint64_t(s.t.refresh_postpone_max + 1) * s.t.REFI;
  const uint64_t missed = (1000000000000ull - first) / s.t.REFI + 1;
  for (const Violation& v : found) {
    EXPECT_EQ(v.cycle, first);
    EXPECT_NE(v.message().find(std::to_string(missed) + " intervals missed"), std::string::npos)
        << v.message();
  }
  // The gap is paid: the next report is an interval later, not at once.
  EXPECT_FALSE(checker.advance(1000000000000ull));
  const uint64_t next = first + missed * s.t.REFI;
  EXPECT_FALSE(checker.advance(next - 1));
  const auto again = checker.advance(next);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->rule, std::string(kRuleRefresh));
  EXPECT_EQ(again->cycle, next);
}

// A gap of exactly one interval reads as before (no "intervals missed" detail), and a
// tCK-by-tCK walk reports the same intervals as one call at the end of the gap.
TEST_F(InputLimits, SteppedAndJumpedGapsAgree) {
  const Standard& s = test::hbm3();
  const uint64_t end = 30ull * s.t.REFI + 5;
  TimingChecker stepped(s, 1), jumped(s, 1);
  uint64_t stepped_reports = 0;
  for (uint64_t c = 0; c <= end; ++c) {
    while (auto v = stepped.advance(c)) {
      if (v->rule != std::string(kRuleRefresh)) continue;
      ++stepped_reports;
      EXPECT_EQ(v->message().find("intervals missed"), std::string::npos) << v->message();
    }
  }
  auto v = jumped.advance(end);
  while (v && v->rule != std::string(kRuleRefresh)) v = jumped.advance(end);
  ASSERT_TRUE(v);
  EXPECT_NE(v->message().find(std::to_string(stepped_reports) + " intervals missed"),
            std::string::npos) << v->message() << " vs " << stepped_reports;
  EXPECT_EQ(stepped.refreshes_owed(0, end), jumped.refreshes_owed(0, end));
}

TEST(Excerpt, CutsAndEscapes) {
  EXPECT_EQ(excerpt("plain"), "plain");
  EXPECT_EQ(excerpt(std::string(50, 'x'), 40), std::string(40, 'x') + "...");
  EXPECT_EQ(excerpt("\xef\xbb\xbf" "a\r\n\t\x1b\\"), "\\xef\\xbb\\xbfa\\r\\n\\t\\x1b\\\\");
  EXPECT_FALSE(has_control_chars(excerpt(std::string("\x01\x7f\x9b", 3))));
}

}  // namespace test_input_limits
}  // namespace hbmsim
