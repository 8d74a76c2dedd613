// The backdoor: load and dump byte ranges at controller addresses (through the address
// map), peek and poke bursts by DRAM location; no timing, no checks, no commands.
#include <array>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "common/errors.h"
#include "controller/address_map.h"
#include "device/hbm_device.h"
#include "unit_helpers.h"

namespace hbmsim::test {
namespace test_backdoor {

constexpr uint64_t kBackdoorSeed = 11;

std::vector<uint8_t> counting(size_t n, uint8_t from) {
  std::vector<uint8_t> v(n);
  std::iota(v.begin(), v.end(), from);
  return v;
}

TEST(Storage, PeekAndPokeByLocation) {
  Storage st(hbm3().org, kBackdoorSeed);
  const BurstLocation loc{1, 20, 300, 7};
  std::array<uint8_t, 32> fill{};
  fill_pattern(kBackdoorSeed, loc, fill.data());
  EXPECT_EQ(st.peek(loc), fill);
  EXPECT_EQ(st.pages(), 0u) << "peek must not allocate";
  const auto data = counting(32, 0x40);
  st.poke(loc, data.data());
  const auto got = st.peek(loc);
  EXPECT_TRUE(std::equal(got.begin(), got.end(), data.begin()));
  EXPECT_EQ(st.bytes_used(), 1024u);
}

class Backdoor : public testing::Test {
 protected:
  Standard s = hbm3();
  AddressMap map{s.default_mapping, s.org};
  HbmDevice dev{"dev_backdoor", s, 2, kBackdoorSeed};
};

TEST_F(Backdoor, LoadThenDumpGivesTheBytesBackAndLeavesTheRest) {
  const uint64_t addr = 0x12345;   // not burst aligned; spans 5 bursts
  const auto data = counting(130, 1);
  dev.load(1, addr, data.data(), data.size(), map);
  std::vector<uint8_t> back(data.size());
  dev.dump(1, addr, back.data(), back.size(), map);
  EXPECT_EQ(back, data);

  // The bytes around the range still read as the fill pattern.
  const uint64_t first = addr & ~uint64_t(31);
  const DramAddress a = map.decode(first);
  const auto burst = dev.peek({1, map.flat_bank(a), a.row, a.col});
  std::array<uint8_t, 32> fill{};
  fill_pattern(kBackdoorSeed, {1, map.flat_bank(a), a.row, a.col}, fill.data());
  for (unsigned i = 0; i < 32; ++i) {
    EXPECT_EQ(burst[i], i < addr - first ? fill[i] : data[i - (addr - first)]) << i;
  }
  // PC 0 is untouched: nothing was written there.
  std::vector<uint8_t> pc0(data.size());
  dev.dump(0, addr, pc0.data(), pc0.size(), map);
  EXPECT_NE(pc0, data);
  EXPECT_EQ(dev.stats().read_bursts + dev.stats().write_bursts, 0u) << "no commands";
  EXPECT_TRUE(dev.violations().empty());
}

TEST_F(Backdoor, PokedBurstIsWhatTheControllersAddressReads) {
  // Poke by DRAM location, read back by controller address: the map connects them.
  const DramAddress where{1, 2, 3, 1234, 17};
  const uint64_t addr = map.encode(where);
  const auto data = counting(32, 0x90);
  dev.poke({0, map.flat_bank(where), where.row, where.col}, data.data());
  std::vector<uint8_t> back(32);
  dev.dump(0, addr, back.data(), back.size(), map);
  EXPECT_EQ(back, data);
  EXPECT_EQ(dev.storage().bytes_used(), s.org.row_bytes());
}

TEST_F(Backdoor, AddressesThatDoNotExistAreRefused) {
  const uint8_t byte = 0;
  EXPECT_THROW(dev.load(0, s.org.pc_bytes(), &byte, 1, map), ConfigError);
  EXPECT_THROW(dev.load(0, s.org.pc_bytes() - 1, counting(2, 0).data(), 2, map), ConfigError);
  EXPECT_THROW(dev.load(2, 0, &byte, 1, map), ConfigError) << "the device models PCs 0 and 1";
  try {
    dev.load(0, s.org.pc_bytes(), &byte, 1, map);
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("0x20000000"), std::string::npos) << e.what();
  }
}

TEST(BackdoorTwelveHigh, StackId3DoesNotExistAndTheSpanIsContiguous) {
  const Standard s = load_standard("hbm3e");
  const AddressMap map(s.default_mapping, s.org);
  HbmDevice dev("dev_backdoor_3e", s, 1, kBackdoorSeed);
  const auto data = counting(64, 3);
  // The last 64 bytes of the 1.5 GB a PC holds exist; the byte after them does not.
  const uint64_t end = s.org.pc_bytes();
  EXPECT_NO_THROW(dev.load(0, end - 64, data.data(), data.size(), map));
  EXPECT_EQ(map.decode(end - 64).sid, 2u);
  EXPECT_THROW(dev.load(0, end, data.data(), 1, map), ConfigError);
}

}  // namespace test_backdoor
}  // namespace hbmsim::test
