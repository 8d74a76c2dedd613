// The JSON report's device figures: storage used, and energy (total, per bit, power per
// PC, where it goes), consistent with each other and with the traffic.
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_report_energy {

using namespace cli_test;

nlohmann::json run_report(const std::string& name, const std::string& args) {
  return cli_test::run_report("energy", name, args + " --quiet");
}

TEST(ReportEnergy, FieldsAddUpAndMatchTheTraffic) {
  const auto j = run_report("mix", "--standard hbm3 --workload random --read-ratio 0.5 "
                                   "--requests 500 --seed 4");
  for (const char* key : {"storage_bytes", "energy_pj", "pj_per_bit", "power_mw", "energy"}) {
    ASSERT_TRUE(j.contains(key)) << key;
  }
  double sum = 0;
  for (const char* key : {"act_pre", "read", "write", "refresh", "background", "io"}) {
    ASSERT_TRUE(j["energy"].contains(key)) << key;
    EXPECT_GE(j["energy"][key].get<double>(), 0.0) << key;
    sum += j["energy"][key].get<double>();
  }
  const double total = j["energy_pj"].get<double>();
  EXPECT_NEAR(sum, total, 1e-6 * total);
  // Every byte the host moved crossed DQ once.
  const double bits = 8.0 * j["bytes"].get<double>();
  EXPECT_NEAR(j["pj_per_bit"].get<double>(), total / bits, 1e-9 * total);
  EXPECT_NEAR(j["energy"]["io"].get<double>(), 0.22 * bits, 1e-6 * total);
  EXPECT_GT(j["energy"]["read"].get<double>(), 0.0);
  EXPECT_GT(j["energy"]["write"].get<double>(), 0.0);
  EXPECT_GT(j["power_mw"].get<double>(), 0.0);
  // Half the bursts write: each write allocates (at most) one 1 KB page.
  const uint64_t storage = j["storage_bytes"].get<uint64_t>();
  EXPECT_GT(storage, 0u);
  EXPECT_EQ(storage % 1024, 0u);
  EXPECT_LE(storage, 1024 * j["writes"].get<uint64_t>() * 2);
  EXPECT_EQ(storage, j["dram"]["storage_bytes"].get<uint64_t>());
}

// The summary's energy in all is the report's energy_pj in a unit that keeps it short
// (a decode layer's 3.13 mJ printed as "3127299.8 nJ"): three decimals of J, mJ, uJ or nJ.
TEST(ReportEnergy, SummaryGivesTheEnergyInAUnitThatFits) {
  std::string out;
  const auto j = cli_test::run_report("energy", "summary_units",
                                      "--standard hbm3 --pcs 2 --requests 4000", &out);
  const std::regex in_all(R"(, ([0-9]+\.[0-9]{3}) (J|mJ|uJ|nJ) in all\n)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, in_all)) << out;
  const double value = std::stod(m[1]);
  EXPECT_GE(value, 0.1) << out;
  EXPECT_LT(value, 1000.0) << out;
  const double scale = m[2] == "J" ? 1e12 : m[2] == "mJ" ? 1e9 : m[2] == "uJ" ? 1e6 : 1e3;
  EXPECT_NEAR(value * scale, j["energy_pj"].get<double>(), 0.0006 * scale) << out;
}

TEST(ReportEnergy, ReadOnlyRunStoresNothing) {
  const auto j = run_report("reads", "--standard hbm2 --workload seq --requests 300");
  EXPECT_EQ(j["storage_bytes"].get<uint64_t>(), 0u);
  EXPECT_EQ(j["energy"]["write"].get<double>(), 0.0);
  // HBM2 sequential reads at full rate: the calibration point of io_pj_per_bit (3.9).
  EXPECT_GT(j["pj_per_bit"].get<double>(), 3.5);
  EXPECT_LT(j["pj_per_bit"].get<double>(), 4.5);
}

}  // namespace test_report_energy
