// Standard JSON files: every preset loads, and each kind of mistake is refused with a
// message naming the file, the field, the value found and the reason.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "common/errors.h"
#include "standard/standard.h"

namespace hbmsim {
namespace test_standard_loader {

namespace fs = std::filesystem;
using nlohmann::json;

// Each test edits a copy of hbm3.json in its own temporary directory.
class LoaderTest : public testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(standards_dir() + "/hbm3.json");
    ASSERT_TRUE(in) << "cannot read " << standards_dir() << "/hbm3.json";
    doc = json::parse(in);
    dir = fs::temp_directory_path() /
          ("hbmsim_unit_" + std::to_string(getpid()) + "_" +
           testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  std::string write(const std::string& text) {
    const std::string path = (dir / "broken.json").string();
    std::ofstream(path) << text;
    return path;
  }

  // The ConfigError message loading `doc` gives; fails the test if it loads.
  std::string error() { return error_loading(write(doc.dump(2))); }
  std::string error_loading(const std::string& path) {
    try {
      load_standard(path);
    } catch (const ConfigError& e) {
      return e.what();
    }
    ADD_FAILURE() << path << " loaded but should not have";
    return "";
  }

  // The message names the file, and contains each of `parts` (field, value, reason).
  void expect_message(const std::string& msg, std::initializer_list<std::string> parts) {
    EXPECT_NE(msg.find((dir / "broken.json").string()), std::string::npos) << msg;
    for (const std::string& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << msg;
  }

  json doc;
  fs::path dir;
};

TEST_F(LoaderTest, UnmodifiedCopyLoads) {
  const Standard s = load_standard(write(doc.dump()));
  EXPECT_EQ(s.name, "HBM3");
  EXPECT_EQ(s.key, "broken");
}

TEST_F(LoaderTest, MissingField) {
  doc["timing"].erase("RC");
  expect_message(error(), {"'timing.RC'", "missing"});
}

TEST_F(LoaderTest, StringInsteadOfNumber) {
  doc["timing"]["RC"] = "72";
  expect_message(error(), {"'timing.RC'", "\"72\"", "expected a non-negative integer"});
  doc["timing"]["RC"] = 72;
  doc["data_rate_gbps"] = "6.4";
  expect_message(error(), {"'data_rate_gbps'", "\"6.4\"", "expected a number"});
}

TEST_F(LoaderTest, NegativeNumber) {
  doc["timing"]["RC"] = -5;
  expect_message(error(), {"'timing.RC'", "-5", "non-negative"});
  doc["timing"]["RC"] = 72;
  doc["energy"]["vdd"] = -1.1;
  expect_message(error(), {"'energy.vdd'", "-1.1", "must not be negative"});
}

// A data rate of 0 divides every bandwidth: refused as such, not as a tCK mismatch that
// suggested a tCK of "inf".
TEST_F(LoaderTest, DataRateOfZeroIsRefused) {
  for (const double rate : {0.0, 0.0001}) {
    doc["data_rate_gbps"] = rate;
    const std::string msg = error();
    expect_message(msg, {"'data_rate_gbps'", "must be 0.001 Gb/s or more"});
    EXPECT_EQ(msg.find("inf"), std::string::npos) << msg;
  }
}

// A file whose top level is not an object has no field to name: the message says what
// the top level is.
TEST_F(LoaderTest, TopLevelThatIsNotAnObject) {
  for (const char* text : {"[]", "[1, 2]", "42", "\"hbm3\""}) {
    const std::string msg = error_loading(write(text));
    expect_message(msg, {"expected a JSON object at the top level"});
    EXPECT_EQ(msg.find("field ''"), std::string::npos) << msg;
  }
}

TEST_F(LoaderTest, UnknownField) {
  // A misspelt field (tRC for RC) is refused rather than silently ignored.
  doc["timing"]["tRC"] = 72;
  expect_message(error(), {"'timing.tRC'", "unknown field"});
  doc["timing"].erase("tRC");
  doc["organisation"]["bank_groups"] = 4;
  expect_message(error(), {"'organisation.bank_groups'", "unknown field"});
}

TEST_F(LoaderTest, RcShorterThanRasPlusRp) {
  doc["timing"]["RC"] = 70;  // tRAS 45 + tRP 26 = 71
  expect_message(error(), {"'timing.RC'", "= 70", "tRAS + tRP = 45 + 26"});
}

TEST_F(LoaderTest, ZeroBanks) {
  doc["organisation"]["banks_per_group"] = 0;
  expect_message(error(), {"'organisation.banks_per_group'", "= 0", "power of two"});
}

TEST_F(LoaderTest, RowsNotAPowerOfTwo) {
  doc["organisation"]["rows"] = 10000;
  expect_message(error(), {"'organisation.rows'", "= 10000", "power of two"});
}

TEST_F(LoaderTest, BurstInconsistentWithDataRate) {
  // 2 tCK x 0.625 ns x 3.2 Gb/s is 4 beats, not the 8 of BL8.
  doc["data_rate_gbps"] = 3.2;
  expect_message(error(), {"'data_rate_gbps'", "= 3.2", "not burst_length 8"});
}

// A tCK rounded in the file skews every bandwidth and time by the rounding: HBM3E's 0.417
// ns for 4 / 9.6 Gb/s = 0.41666... made its peak 38.37 GB/s per PC, not 38.4. Refused
// beyond 1e-4 relative, naming the file and both fields.
TEST_F(LoaderTest, TckRoundedAgainstTheDataRateIsRefused) {
  doc["data_rate_gbps"] = 9.6;
  doc["timing"]["tck_ns"] = 0.417;   // 2 x 0.417 x 9.6 = 8.0064 beats
  expect_message(error(), {"'data_rate_gbps'", "= 9.6", "timing.tck_ns = 0.417",
                           "not burst_length 8", "0.4166666667"});
  doc["timing"]["tck_ns"] = 0.41667;   // 5 digits: 8.000064 beats, within 1e-4
  EXPECT_NO_THROW(load_standard(write(doc.dump())));
}

TEST_F(LoaderTest, EmptyOrBlankNameIsRefused) {
  for (const char* name : {"", "  "}) {
    doc["name"] = name;
    expect_message(error(), {"'name'", "must not be empty"});
  }
}

TEST_F(LoaderTest, BurstNotTwoTck) {
  doc["timing"]["BL"] = 1;
  expect_message(error(), {"'timing.BL'", "= 1", "must take 2 tCK"});
}

// A BL above tCCDS (2 on HBM3) was refused as "field 'timing.CCDS' = 2: tCCDS shorter
// than a burst would overlap data", a field the file had right; BL is the one named.
TEST_F(LoaderTest, ALongerBurstIsNamedNotTheTimingsThatCountInBursts) {
  for (const unsigned bl : {3u, 4u, 100u}) {
    doc["timing"]["BL"] = bl;
    const std::string msg = error();
    expect_message(msg, {"'timing.BL' = " + std::to_string(bl), "must take 2 tCK"});
    EXPECT_EQ(msg.find("CCDS"), std::string::npos) << msg;
  }
}

TEST_F(LoaderTest, BurstNot32Bytes) {
  doc["organisation"]["burst_length"] = 4;  // 32 DQ x 4 beats = 16 bytes
  expect_message(error(), {"'organisation.burst_length'", "= 4", "32 bytes (found 16)"});
}

// No rule applies tRTPS (docs/device-model.md: tRTP binds the bank read, tRTPL): a tRTPS
// of 60 above tRTPL 9 loaded and ran as if it were in force. Short above long is
// refused, as tRRDS above tRRDL is.
TEST_F(LoaderTest, ReadToPrechargeShortAboveLongIsRefused) {
  doc["timing"]["RTPS"] = 60;
  expect_message(error(), {"'timing.RTPL' = 9", "tRTPL must be at least tRTPS = 60"});
  doc["timing"]["RTPS"] = 9;
  EXPECT_NO_THROW(load_standard(write(doc.dump())));
}

// dq_bits x burst_length was divided by 8 in whole numbers: 3 DQ x 86 beats (258 bits,
// 32.25 bytes) loaded as a 32-byte burst, with a data rate to match its tCK.
TEST_F(LoaderTest, ABurstOfAFractionOfBytesIsRefused) {
  doc["organisation"]["dq_bits"] = 3;
  doc["organisation"]["burst_length"] = 86;
  doc["data_rate_gbps"] = 68.8;   // 2 tCK x 0.625 ns x 68.8 Gb/s = 86 beats
  expect_message(error(), {"'organisation.burst_length' = 86", "must be 32 bytes (found 32.25)"});
}

TEST_F(LoaderTest, MoreBankGroupsThanTheControllerAddresses) {
  doc["organisation"]["bankgroups"] = 16;
  doc["organisation"]["banks_per_group"] = 2;
  doc["organisation"]["sids"] = 1;
  expect_message(error(), {"'organisation.bankgroups'", "= 16", "at most 8"});
}

TEST_F(LoaderTest, MoreBanksPerGroupThanTheControllerAddresses) {
  doc["organisation"]["bankgroups"] = 2;
  doc["organisation"]["banks_per_group"] = 16;
  doc["organisation"]["sids"] = 1;
  expect_message(error(), {"'organisation.banks_per_group'", "= 16", "at most 8"});
}

// 65536 bank groups (2 SIDs, 4 banks each) was reported as "field
// 'organisation.banks_per_group' = 4: 524288 banks per PC exceed the controller's 64",
// naming a field that was in range; too many banks in all shows the product.
TEST_F(LoaderTest, TheFieldTooLargeIsTheOneNamed) {
  doc["organisation"]["bankgroups"] = 65536;
  expect_message(error(), {"'organisation.bankgroups' = 65536", "at most 8"});
  doc["organisation"]["bankgroups"] = 8;
  doc["organisation"]["banks_per_group"] = 8;
  expect_message(error(), {"'organisation.banks_per_group' = 8", "sids x bankgroups x "
                           "banks_per_group = 2 x 8 x 8 = 128 banks per PC exceed"});
}

// A field past 2^32 - 1 named the reader's limit, not its own: 'organisation.channels' =
// 4294967296 was 'too large (at most 4294967295)', and 4294967295 then 'at most 64'
// (refresh_postpone_max: 'at most 65535', then 'at most 8'). And dq_bits x burst_length
// was multiplied in 32 bits: dq_bits 2^29 + 32 (x 8 = 2^32 + 256) loaded as 32-byte
// bursts and ran.
TEST_F(LoaderTest, AFieldPastTwoToThe32NamesItsOwnLimit) {
  const json saved = doc;
  const struct {
    const char *section, *field, *says;
  } cases[] = {{"organisation", "channels", "at most 64 (the checker keeps every PC's state)"},
               {"organisation", "pcs_per_channel", "must be 1 or 2"},
               {"organisation", "sids", "must be 1 to 4"},
               {"organisation", "bankgroups", "at most 8"},
               {"organisation", "banks_per_group", "at most 8"},
               {"organisation", "rows", "at most 131072"},
               {"organisation", "columns", "at most 64"},
               {"timing", "refresh_postpone_max", "at most 8 (JEDEC"}};
  for (const auto& c : cases) {
    for (const uint64_t v : {uint64_t(1) << 32, uint64_t(0xffffffffu), uint64_t(1) << 40}) {
      SCOPED_TRACE(fmt::format("{}.{} = {}", c.section, c.field, v));
      doc = saved;
      doc[c.section][c.field] = v;
      expect_message(error(), {fmt::format("'{}.{}' = {}: {}", c.section, c.field, v, c.says)});
    }
  }
  doc = saved;
  doc["organisation"]["dq_bits"] = (1u << 29) + 32;
  expect_message(error(), {"'organisation.burst_length' = 8", "must be 32 bytes (found "
                           "536870944)"});
}

// At 0 V every operation's energy is 0: the report gave 0.00 pJ/bit without I/O.
TEST_F(LoaderTest, ZeroVddIsRefused) {
  doc["energy"]["vdd"] = 0;
  expect_message(error(), {"'energy.vdd' = 0", "must be above 0 V"});
  doc["energy"]["vdd"] = 0.5;
  EXPECT_NO_THROW(load_standard(write(doc.dump())));
}

TEST_F(LoaderTest, BankGroupIndexWiderThanTheControllers) {
  // 4 SIDs x 8 bank groups x 2 banks = 64 banks, but {sid, bg} needs 5 bits.
  doc["organisation"]["sids"] = 4;
  doc["organisation"]["bankgroups"] = 8;
  doc["organisation"]["banks_per_group"] = 2;
  expect_message(error(), {"'organisation.bankgroups'", "= 8", "need 6 bank-index bits (5 for "
                           "the group)"});
}

TEST_F(LoaderTest, DefaultMappingDoesNotFitTheOrganisation) {
  doc["default_mapping"] = "RoSiBaCo";  // no bank-group bits
  expect_message(error(), {"'default_mapping'", "\"RoSiBaCo\"", "field 'Bg' needs 2 bits"});
  doc["default_mapping"] = "RoSiBaCoBg";
  doc["organisation"]["sids"] = 1;      // a stack without stack IDs has no Si field
  expect_message(error(), {"'default_mapping'", "field 'Si' has 0 bits"});
}

TEST_F(LoaderTest, InvalidJson) {
  std::string text = doc.dump(2);
  text.erase(text.rfind('}'));  // the closing brace of the document
  const std::string msg = error_loading(write(text));
  expect_message(msg, {"not valid JSON", "line"});
  // Not the library's tag ("[json.exception.parse_error.101] parse error at line ...").
  EXPECT_EQ(msg.find("json.exception"), std::string::npos) << msg;
}

// A syntax error names its line as every field error does (FILE:LINE:), and the column.
TEST_F(LoaderTest, JsonSyntaxErrorNamesItsLine) {
  std::string text = doc.dump(2);
  const size_t at = text.find("\"tck_ns\": ");
  ASSERT_NE(at, std::string::npos);
  const size_t value = at + 10;
  text.replace(value, text.find_first_of(",\n", value) - value, "NaN");
  const unsigned line = unsigned(std::count(text.begin(), text.begin() + long(at), '\n')) + 1;
  const std::string path = write(text);
  const std::string msg = error_loading(path);
  expect_message(msg, {fmt::format("{}:{}: not valid JSON (line {}, column ", path, line, line),
                       "invalid literal"});
  EXPECT_EQ(msg.find("json.exception"), std::string::npos) << msg;
}

// A key given twice in one object: nlohmann keeps the last, so the first would be lost
// without a word (and "RC": 72, "RC": 10 was blamed on tRAS + tRP).
TEST_F(LoaderTest, KeyGivenTwiceIsNamedWithItsPath) {
  std::string text = doc.dump();
  const std::string rc = "\"RC\":72";
  ASSERT_NE(text.find(rc), std::string::npos);
  text.replace(text.find(rc), rc.size(), rc + ",\"RC\":10");
  expect_message(error_loading(write(text)), {"field 'timing.RC': given twice"});
  text = doc.dump();
  text.insert(1, "\"name\":\"HBM3\",");   // top level, before the real "name"
  expect_message(error_loading(write(text)), {"field 'name': given twice"});
  text = doc.dump();
  text.insert(1, "\"notes\":[1,{\"a\":1,\"a\":2}],");   // inside an array
  expect_message(error_loading(write(text)), {"field 'notes[1].a': given twice"});
  // The same key in two objects is two fields.
  doc["sources"]["RL"] = "a note named like a timing";
  EXPECT_NO_THROW(load_standard(write(doc.dump())));
}

// load_standard itself names a field's line, for every caller (the co-simulation's tests,
// sim/ tools), not only hbmsim's commands: a bad value, a key given twice (the second),
// a missing field (the object it is missing from), a rule checked after reading.
TEST_F(LoaderTest, FieldErrorsNameTheirLine) {
  const std::string path = (dir / "broken.json").string();
  auto line_of = [](const std::string& text, const std::string& what) {
    const size_t at = text.find(what);
    return at == std::string::npos ? 0 : 1 + std::count(text.begin(), text.begin() + at, '\n');
  };
  const json d = doc;
  doc["timing"]["WR"] = 4294967295u;
  std::string text = doc.dump(2);
  EXPECT_EQ(error_loading(write(text)),
            fmt::format("{}:{}: field 'timing.WR' = 4294967295: too large (at most 65535)", path,
                        line_of(text, "\"WR\": 4294967295")));
  doc = d;
  doc["timing"].erase("RC");
  text = doc.dump(2);
  EXPECT_EQ(error_loading(write(text)),
            fmt::format("{}:{}: field 'timing.RC': missing", path, line_of(text, "\"timing\": {")));
  doc = d;
  doc["timing"]["REFIpb"] = 6000;
  text = doc.dump(2);
  const std::string refipb = error_loading(write(text));
  EXPECT_EQ(refipb.rfind(fmt::format("{}:{}: field 'timing.REFIpb' = 6000: REFIpb x banks per "
                                     "PC = 6000 x 32 = 192000 tCK exceeds timing.REFI = 6240",
                                     path, line_of(text, "\"REFIpb\": 6000")), 0), 0u) << refipb;
  text = d.dump(2);
  const std::string rl = "\"RL\": 20,\n";
  ASSERT_NE(text.find(rl), std::string::npos);
  text.insert(text.find(rl) + rl.size(), "    \"RL\": 21,\n");
  EXPECT_EQ(error_loading(write(text)),
            fmt::format("{}:{}: field 'timing.RL': given twice (a key may appear once per "
                        "object)", path, line_of(text, "\"RL\": 21")));
}

// A file with CR-only line ends (classic Mac; JSON takes a CR as a blank) named every
// field error line 1 ('broken.json:1: field 'timing.RC' = 7: ...') and every syntax error
// 'line 1, column 2823': the lines are counted as with LF ends now.
TEST_F(LoaderTest, CrOnlyLineEndsAreCountedAsLines) {
  doc["timing"]["RC"] = 7;
  const std::string lf = doc.dump(2);
  std::string cr = lf;
  std::replace(cr.begin(), cr.end(), '\n', '\r');
  const size_t rc = lf.find("\"RC\"");
  ASSERT_NE(rc, std::string::npos);
  const auto line = 1 + std::count(lf.begin(), lf.begin() + rc, '\n');
  ASSERT_GT(line, 1);
  const std::string field = error_loading(write(lf));
  ASSERT_NE(field.find(fmt::format(":{}: field 'timing.RC' = 7", line)), std::string::npos)
      << field;
  EXPECT_EQ(error_loading(write(cr)), field);
  const std::string syntax_lf = lf.substr(0, rc) + ",," + lf.substr(rc);
  std::string syntax_cr = syntax_lf;
  std::replace(syntax_cr.begin(), syntax_cr.end(), '\n', '\r');
  const std::string syntax = error_loading(write(syntax_lf));
  ASSERT_NE(syntax.find(fmt::format(":{}: not valid JSON (line {}, column", line, line)),
            std::string::npos) << syntax;
  EXPECT_EQ(error_loading(write(syntax_cr)), syntax);
}

// nlohmann reads a NUL byte as the end of the input: a binary file was "unexpected end of
// input", and anything after a NUL following a whole document was ignored.
TEST_F(LoaderTest, NulByteIsShownWhereItIs) {
  const std::string binary("\0\x01\x02\xff", 4);
  expect_message(error_loading(write(binary)),
                 {"not valid JSON: line 1, column 1", "found '\\x00\\x01\\x02\\xff'", "NUL"});
  const std::string trailing = doc.dump() + "\n\n" + std::string("\0{}", 3);
  expect_message(error_loading(write(trailing)), {"line 3, column 1", "found '\\x00{}'"});
}

TEST_F(LoaderTest, ReadToWriteTurnaroundOverlappingTheReadBurstIsRefused) {
  // The device's DATA_BUS rule flags a WR less than RL + BL - WL = 20 + 2 - 10 after a RD
  // (test_timing_checker.cpp, ReadThenWriteOverlappingOnDqIsDataBus).
  for (unsigned rtw : {0u, 1u, 11u}) {
    doc["timing"]["RTW"] = rtw;
    expect_message(error(), {"'timing.RTW' = " + std::to_string(rtw),
                             "RL + BL - WL = 20 + 2 - 10 = 12"});
  }
  doc["timing"]["RTW"] = 12;
  EXPECT_EQ(load_standard(write(doc.dump())).t.RTW, 12u);
  // A long read latency needs a long turnaround: RL 4095 with the stock tRTW 20.
  doc["timing"]["RTW"] = 20;
  doc["timing"]["RL"] = 4095;
  expect_message(error(), {"'timing.RTW' = 20", "= 4087"});
}

TEST_F(LoaderTest, StackIdSwitchShorterThanABurstIsRefused) {
  doc["timing"]["CCDR"] = 1;
  expect_message(error(), {"'timing.CCDR' = 1", "overlap data"});
}

TEST_F(LoaderTest, ZeroCoreTimingsAreRefused) {
  const json stock = doc;
  for (const char* f : {"RCDRD", "RCDWR", "RP", "RPab", "RAS", "RRDS", "FAW", "WTRS", "RTPS",
                        "RTPL", "WR", "RFC", "RFCpb", "RREFD"}) {
    SCOPED_TRACE(f);
    doc = stock;
    doc["timing"][f] = 0;
    expect_message(error(), {"'timing." + std::string(f) + "' = 0", "at least 1 tCK"});
  }
  // tPPD 0 adds nothing to the row bus's one command per tCK (HBM2 has no tPPD).
  doc = stock;
  doc["timing"]["PPD"] = 0;
  EXPECT_NO_THROW(load_standard(write(doc.dump())));
}

TEST_F(LoaderTest, MorePostponedRefreshesThanJedecAllowsAreRefused) {
  doc["timing"]["refresh_postpone_max"] = 9;
  expect_message(error(), {"'timing.refresh_postpone_max' = 9", "at most 8"});
  doc["timing"]["refresh_postpone_max"] = 0;   // no postponement: stricter, allowed
  EXPECT_NO_THROW(load_standard(write(doc.dump())));
}

// Refresh that leaves no time for traffic was accepted: tRFC 560 with tREFI 561 ran into
// a deadlock report (all-bank) or a tREFI violation (per-bank); tRFCpb 320 with tREFIpb 13
// on 32 banks deadlocked. Refresh may take at most half the time.
TEST_F(LoaderTest, RefreshThatLeavesNoTimeForTrafficIsRefused) {
  const json stock = doc;
  doc["timing"]["REFI"] = 561;
  doc["timing"]["REFIpb"] = 17;
  expect_message(error(), {"'timing.REFI' = 561", "tREFI must be at least 2 x tRFC = 2 x 560 = "
                           "1120", "at least half the time for traffic"});
  doc["timing"]["REFI"] = 1120;
  doc["timing"]["REFIpb"] = 20;   // 640 = 2 x 320
  EXPECT_NO_THROW(load_standard(write(doc.dump())));
  doc = stock;
  doc["timing"]["REFIpb"] = 13;
  expect_message(error(), {"'timing.REFIpb' = 13", "REFIpb x banks per PC = 13 x 32 = 416 tCK "
                           "must be at least 2 x tRFCpb = 2 x 320 = 640"});
}

// A current below the background it is measured against makes an operation's energy
// negative (device/energy_model.h); equal is zero energy, allowed.
TEST_F(LoaderTest, CurrentsGivingANegativeEnergyAreRefused) {
  const json stock = doc;
  for (const char* f : {"idd4r_ma", "idd4w_ma", "idd5ab_ma", "idd5pb_ma"}) {
    SCOPED_TRACE(f);
    doc = stock;
    doc["energy"][f] = 1;
    expect_message(error(), {"'energy." + std::string(f) + "' = 1", "idd3n_ma = 27.5"});
    doc["energy"][f] = 27.5;
    EXPECT_NO_THROW(load_standard(write(doc.dump())));
  }
  // ACT-PRE: IDD0 tRC against IDD3N tRAS + IDD2N (tRC - tRAS) = (27.5 x 45 + 20 x 27) / 72.
  doc = stock;
  doc["energy"]["idd0_ma"] = 0;
  expect_message(error(), {"'energy.idd0_ma' = 0", "= 24.6875 mA"});
  doc["energy"]["idd0_ma"] = 24.6875;
  EXPECT_NO_THROW(load_standard(write(doc.dump())));
}

TEST(Loader, UnknownStandardNameListsKnownOnes) {
  try {
    load_standard("hbm9");
    FAIL() << "loaded a standard that does not exist";
  } catch (const ConfigError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("hbm9"), std::string::npos) << msg;
    EXPECT_NE(msg.find("cannot open"), std::string::npos) << msg;
    EXPECT_NE(msg.find(standards_dir()), std::string::npos) << msg;
    for (const std::string& known : known_standards()) {
      EXPECT_NE(msg.find(known), std::string::npos) << msg;
    }
  }
}

TEST(Loader, EveryPresetLoads) {
  const std::vector<std::string> presets = known_standards();
  ASSERT_FALSE(presets.empty()) << "no presets in " << standards_dir();
  for (const std::string& key : presets) {
    SCOPED_TRACE(key);
    Standard s;
    ASSERT_NO_THROW(s = load_standard(key));
    EXPECT_EQ(s.key, key);
    EXPECT_FALSE(s.name.empty());
    EXPECT_FALSE(s.default_mapping.empty());
    EXPECT_FALSE(s.sources.empty()) << "a preset must say which source it follows";
    EXPECT_EQ(s.org.burst_bytes(), 32u);
    EXPECT_GT(s.org.pc_bytes(), 0u);
    EXPECT_GT(s.peak_gbps_per_pc(), 0.0);
  }
}

// The figures each preset's "sources" names (Ramulator 2.1 and the derivations in
// configs/standards/derive_figures.py), literally, so a typo in a JSON file shows here.
TEST(Loader, Hbm2PresetHasTheReferenceNumbers) {
  const Standard s = load_standard("hbm2");
  const Timing& t = s.t;
  EXPECT_DOUBLE_EQ(t.tck_ns, 1.0);
  const std::vector<std::pair<unsigned, unsigned>> got_want = {
      {t.RL, 14},   {t.WL, 5},    {t.RCDRD, 14}, {t.RCDWR, 12}, {t.RP, 14},   {t.RAS, 34},
      {t.RC, 48},   {t.WR, 16},   {t.RTPL, 5},   {t.CCDS, 2},   {t.CCDL, 4},  {t.WTRS, 6},
      {t.WTRL, 8},  {t.RRDS, 4},  {t.RRDL, 4},   {t.FAW, 15},   {t.RTW, 13},  {t.RFC, 260},
      {t.RFCpb, 160}, {t.RREFD, 8}, {t.REFI, 3900}, {t.PPD, 1}, {t.act_bus_cycles, 2}};
  for (size_t i = 0; i < got_want.size(); ++i) {
    EXPECT_EQ(got_want[i].first, got_want[i].second) << "field " << i;
  }
  EXPECT_EQ(s.org.pcs(), 16u);
  EXPECT_EQ(s.org.banks_per_pc(), 16u);
  EXPECT_EQ(s.org.pc_bytes(), 512ull << 20);
  EXPECT_NEAR(s.peak_gbps_per_pc(), 16.0, 1e-9);
  EXPECT_DOUBLE_EQ(s.energy.idd0, 32.5);   // DRAMsim3 HBM2 65 mA per 128-bit channel / 2
  EXPECT_DOUBLE_EQ(s.energy.idd4r, 195);
}

TEST(Loader, Hbm2ePresetIsHbm2ScaledToTck0625) {
  const Standard s = load_standard("hbm2e");
  const Timing& t = s.t;
  EXPECT_DOUBLE_EQ(t.tck_ns, 0.625);
  EXPECT_EQ(t.RL, 23u);      // ceil(14 / 0.625)
  EXPECT_EQ(t.RCDWR, 20u);   // ceil(12 / 0.625)
  EXPECT_EQ(t.RC, 78u);      // tRAS 55 + tRP 23 (ceil(48 / 0.625) = 77 is too short)
  EXPECT_EQ(t.CCDS, 2u);     // clamped, not scaled
  EXPECT_EQ(t.FAW, 24u);
  EXPECT_EQ(t.RFC, 560u);    // 350 ns
  EXPECT_EQ(s.org.pc_bytes(), 1ull << 30);
  EXPECT_NEAR(s.peak_gbps_per_pc(), 25.6, 1e-9);
}

TEST(Loader, Hbm3ePresetHasTheReferenceNumbers) {
  const Standard s = load_standard("hbm3e");
  const Timing& t = s.t;
  EXPECT_DOUBLE_EQ(t.tck_ns, 4 / 9.6);   // 9.6 Gb/s, 4 beats per tCK: not 0.417
  EXPECT_NEAR(s.peak_gbps_per_pc(), 38.4, 1e-9);
  const std::vector<std::pair<unsigned, unsigned>> got_want = {
      {t.RL, 30},  {t.RCDRD, 47}, {t.RCDWR, 23}, {t.RP, 39},    {t.RAS, 68},  {t.RC, 108},
      {t.WR, 50},  {t.RTPL, 14},  {t.WL, 15},    {t.CCDS, 2},   {t.CCDL, 6},  {t.CCDR, 5},
      {t.RRDS, 6}, {t.RRDL, 8},   {t.FAW, 36},   {t.WTRS, 11},  {t.WTRL, 15}, {t.RTW, 30},
      {t.RFCpb, 480}, {t.REFI, 9360}, {t.PPD, 2}, {t.RFC, 1080}, {t.RREFD, 20}};
  for (size_t i = 0; i < got_want.size(); ++i) {
    EXPECT_EQ(got_want[i].first, got_want[i].second) << "field " << i;
  }
  EXPECT_EQ(s.org.sids, 3u);
  EXPECT_EQ(s.org.banks_per_pc(), 48u);
  EXPECT_EQ(s.org.pc_bytes(), 1536ull << 20);   // 1.5 GB; 48 GB per 32-PC stack
  EXPECT_EQ(s.default_mapping.substr(0, 2), "Si") << "SID most significant: one span from 0";
}

TEST(Loader, Hbm4PresetHasTheReferenceNumbers) {
  const Standard s = load_standard("hbm4");
  const Timing& t = s.t;
  EXPECT_DOUBLE_EQ(t.tck_ns, 0.5);
  const std::vector<std::pair<unsigned, unsigned>> got_want = {
      {t.RL, 20},   {t.WL, 10},    {t.RC, 90},   {t.RAS, 57},   {t.RP, 33},   {t.RCDRD, 39},
      {t.RCDWR, 19}, {t.RRDL, 7},  {t.RRDS, 5},  {t.FAW, 30},   {t.RTPL, 12}, {t.WR, 42},
      {t.CCDL, 4},  {t.CCDS, 2},   {t.CCDR, 2},  {t.WTRL, 13},  {t.WTRS, 9},  {t.RTW, 25},
      {t.PPD, 2},   {t.RFCpb, 560}, {t.RREFD, 16}, {t.RFC, 1060}, {t.REFI, 7800}};
  for (size_t i = 0; i < got_want.size(); ++i) {
    EXPECT_EQ(got_want[i].first, got_want[i].second) << "field " << i;
  }
  EXPECT_EQ(s.org.pcs(), 64u);
  EXPECT_EQ(s.org.banks_per_pc(), 64u);
  EXPECT_EQ(s.org.pc_bytes(), 1ull << 30);
  EXPECT_NEAR(s.peak_gbps_per_pc() * s.org.pcs(), 2048.0, 1e-6);   // 2 TB/s per stack
}

TEST(Loader, Hbm3PeakIs25Point6GBPerPc) {
  const Standard s = load_standard("hbm3");
  EXPECT_NEAR(s.peak_gbps_per_pc(), 25.6, 1e-9);
  EXPECT_EQ(s.org.pcs(), 32u);
  EXPECT_EQ(s.org.banks_per_pc(), 32u);
  EXPECT_EQ(s.org.pc_bytes(), 512ull << 20);
}

}  // namespace test_standard_loader
}  // namespace hbmsim
