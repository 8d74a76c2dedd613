// Standard JSON files: every preset loads, and each kind of mistake is refused with a
// message naming the file, the field, the value found and the reason.
#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "common/errors.h"
#include "standard/standard.h"

namespace hbmsim {
namespace {

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

TEST_F(LoaderTest, BurstNotTwoTck) {
  doc["timing"]["BL"] = 1;  // (4 would first break tCCDS >= BL)
  expect_message(error(), {"'timing.BL'", "= 1", "must take 2 tCK"});
}

TEST_F(LoaderTest, BurstNot32Bytes) {
  doc["organisation"]["burst_length"] = 4;  // 32 DQ x 4 beats = 16 bytes
  expect_message(error(), {"'organisation.burst_length'", "= 4", "32 bytes (found 16)"});
}

TEST_F(LoaderTest, InvalidJson) {
  std::string text = doc.dump(2);
  text.erase(text.rfind('}'));  // the closing brace of the document
  const std::string msg = error_loading(write(text));
  expect_message(msg, {"not valid JSON", "line"});
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

TEST(Loader, Hbm3PeakIs25Point6GBPerPc) {
  const Standard s = load_standard("hbm3");
  EXPECT_NEAR(s.peak_gbps_per_pc(), 25.6, 1e-9);
  EXPECT_EQ(s.org.pcs(), 32u);
  EXPECT_EQ(s.org.banks_per_pc(), 32u);
  EXPECT_EQ(s.org.pc_bytes(), 512ull << 20);
}

}  // namespace
}  // namespace hbmsim
