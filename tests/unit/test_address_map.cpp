// Address maps: bit-order strings to DRAM coordinates and back, their errors, and the
// table the RTL address mapper is programmed with.
#include <algorithm>
#include <cctype>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "common/errors.h"
#include "controller/address_map.h"
#include "unit_helpers.h"

namespace hbmsim::test {
namespace test_address_map {

bool same(const DramAddress& a, const DramAddress& b) {
  return a.sid == b.sid && a.bg == b.bg && a.bank == b.bank && a.row == b.row && a.col == b.col;
}

std::string show(const DramAddress& a) {
  return "sid " + std::to_string(a.sid) + " bg " + std::to_string(a.bg) + " ba " +
         std::to_string(a.bank) + " row " + std::to_string(a.row) + " col " +
         std::to_string(a.col);
}

TEST(AddressMap, RoundTripOnEveryPresetsDefaultMapping) {
  for (const std::string& key : known_standards()) {
    SCOPED_TRACE(key);
    const Standard s = load_standard(key);
    const Organisation& o = s.org;
    const AddressMap map(s.default_mapping, o);
    // The address span covers one PC: exactly, unless a stack of 3 SIDs leaves the
    // fourth SID's quarter of the span unused.
    const uint64_t span = uint64_t(1) << map.capacity_bits();
    if ((o.sids & (o.sids - 1)) == 0) {
      ASSERT_EQ(span, o.pc_bytes());
    } else {
      ASSERT_EQ(span / 4 * o.sids, o.pc_bytes());
    }

    std::mt19937_64 rng(7);
    const uint64_t mask = span - 1;
    unsigned checked = 0;
    for (int i = 0; i < 10000; ++i) {
      const uint64_t addr = rng() & mask;
      const DramAddress d = map.decode(addr);
      if (d.sid >= o.sids) continue;  // no such stack ID (3-SID stacks only)
      ++checked;
      ASSERT_LT(d.bg, o.bankgroups);
      ASSERT_LT(d.bank, o.banks_per_group);
      ASSERT_LT(d.row, o.rows);
      ASSERT_LT(d.col, o.columns);
      // encode gives byte 0 of the burst: the 5 offset bits drop out.
      ASSERT_EQ(map.encode(d), addr & ~uint64_t(31)) << std::hex << addr;
      ASSERT_EQ(map.flat_bank(d), (d.sid * o.bankgroups + d.bg) * o.banks_per_group + d.bank);
    }
    EXPECT_GT(checked, 7000u);
    for (int i = 0; i < 10000; ++i) {
      const DramAddress d{unsigned(rng() % o.sids), unsigned(rng() % o.bankgroups),
                          unsigned(rng() % o.banks_per_group), unsigned(rng() % o.rows),
                          unsigned(rng() % o.columns)};
      const uint64_t addr = map.encode(d);
      ASSERT_LE(addr, mask);
      ASSERT_TRUE(same(map.decode(addr), d)) << show(d);
    }
  }
}

// decode() looks up a byte at a time; here each field is gathered bit by bit from the
// spec, independently, on every preset, several orders and split fields, with and
// without bank XOR hashing; locate() answers nothing outside the span and for SID 3 of
// a 12-high stack, else decode()'s answer.
TEST(AddressMap, TableDecodeEqualsBitByBitOnEveryPresetAndOrder) {
  unsigned maps = 0;
  for (const std::string& key : known_standards()) {
    const Standard s = load_standard(key);
    const Organisation& o = s.org;
    for (const std::string& spec : {s.default_mapping, std::string("RoSiBaCoBg"),
                                    std::string("BgRoCoSiBaCo2"), std::string("CoBaBgSiRo")}) {
      for (const bool xor_on : {false, true}) {
        SCOPED_TRACE(key + " " + spec + (xor_on ? " xor" : ""));
        // The fixed orders name every field: not for an organisation without stack IDs.
        if (spec != s.default_mapping && o.sids == 1) continue;
        const AddressMap map(spec, o, xor_on);
        ++maps;
        // Field bits, least significant address bit first, as the spec lays them out.
        std::vector<std::pair<char, unsigned>> bits;   // field letter, its width
        const auto width = [&](char f) {
          const unsigned n = f == 'R' ? o.rows : f == 'S' ? o.sids : f == 'B' ? o.banks_per_group
                             : f == 'G' ? o.bankgroups : o.columns;
          unsigned w = 0;
          while ((1u << w) < n) ++w;
          return w;
        };
        std::map<char, unsigned> left{{'R', width('R')}, {'S', width('S')}, {'B', width('B')},
                                      {'G', width('G')}, {'C', width('C')}};
        std::vector<std::pair<char, unsigned>> tokens;
        for (size_t i = 0; i < spec.size();) {
          const char f = spec.substr(i, 2) == "Bg" ? 'G' : spec[i] == 'B' ? 'B' : spec[i];
          size_t j = i + 2;
          unsigned w = 0;
          while (j < spec.size() && std::isdigit(static_cast<unsigned char>(spec[j]))) {
            w = w * 10 + unsigned(spec[j++] - '0');
          }
          tokens.emplace_back(f, w);
          i = j;
        }
        std::map<char, std::vector<unsigned>> at;   // address bit of each field bit
        unsigned pos = AddressMap::kOffsetBits;
        for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
          const unsigned take = it->second ? it->second : left[it->first];
          for (unsigned b = 0; b < take; ++b) at[it->first].push_back(pos++);
          left[it->first] -= take;
        }
        ASSERT_EQ(pos, map.capacity_bits());
        std::mt19937_64 rng(11);
        for (int i = 0; i < 4000; ++i) {
          const uint64_t addr = i < 3000 ? rng() & ((uint64_t(1) << pos) - 1) : rng();
          const auto gather = [&](char f) {
            unsigned v = 0;
            for (size_t b = 0; b < at[f].size(); ++b) v |= unsigned((addr >> at[f][b]) & 1) << b;
            return v;
          };
          DramAddress want{gather('S'), gather('G'), gather('B'), gather('R'), gather('C')};
          if (xor_on) {
            const unsigned nb = width('B'), n = std::min(nb + width('G'), width('R'));
            const unsigned h = want.row & ((1u << n) - 1);
            want.bank ^= h & ((1u << nb) - 1);
            want.bg ^= h >> nb;
          }
          const DramAddress got = map.decode(addr);
          ASSERT_TRUE(same(got, want)) << std::hex << addr << ": " << show(got) << " / " << show(want);
          const bool inside = (addr >> pos) == 0 && want.sid < o.sids;
          const auto loc = map.locate(addr);
          ASSERT_EQ(loc.has_value(), inside) << std::hex << addr;
          ASSERT_EQ(map.exists(addr), inside);
          if (loc) {
            ASSERT_TRUE(same(*loc, want));
          }
        }
      }
    }
  }
  EXPECT_GE(maps, 2 * known_standards().size() + 12);
}

TEST(AddressMap, Hbm3RoSiBaCoBgKnownAddresses) {
  // From the least significant: 5 offset bits, Bg 2, Co 5, Ba 2, Si 1, Ro 14.
  const AddressMap map("RoSiBaCoBg", hbm3().org);
  EXPECT_EQ(map.capacity_bits(), 29u);
  EXPECT_TRUE(same(map.decode(0x1f), DramAddress{}));
  EXPECT_EQ(map.decode(0x20).bg, 1u);
  EXPECT_EQ(map.decode(0x60).bg, 3u);
  EXPECT_EQ(map.decode(0x80).col, 1u);
  EXPECT_EQ(map.decode(0xf80).col, 31u);
  EXPECT_EQ(map.decode(0x1000).bank, 1u);
  EXPECT_EQ(map.decode(0x3000).bank, 3u);
  EXPECT_EQ(map.decode(0x4000).sid, 1u);
  EXPECT_EQ(map.decode(0x8000).row, 1u);
  EXPECT_EQ(map.decode(uint64_t(1) << 28).row, 8192u);
  const DramAddress a{1, 2, 3, 5, 7};
  EXPECT_EQ(map.encode(a), (5u << 15) | (1u << 14) | (3u << 12) | (7u << 7) | (2u << 5));
  EXPECT_EQ(map.flat_bank(a), 27u);
}

TEST(AddressMap, SplitColumnField) {
  // "Co3 Bg Co2": the low 2 column bits lowest, then the bank group, then 3 more.
  const AddressMap map("RoSiBaCo3BgCo2", hbm3().org);
  EXPECT_EQ(map.decode(0x20).col, 1u);
  EXPECT_EQ(map.decode(0x40).col, 2u);
  EXPECT_EQ(map.decode(0x80).bg, 1u);
  EXPECT_EQ(map.decode(0x100).bg, 2u);
  EXPECT_EQ(map.decode(0x200).col, 4u);
  EXPECT_EQ(map.decode(0x800).col, 16u);
  EXPECT_EQ(map.decode(0x1000).bank, 1u);
  EXPECT_EQ(map.capacity_bits(), 29u);
}

// The ConfigError message for `spec` on HBM3.
std::string error_of(const std::string& spec) {
  try {
    AddressMap map(spec, hbm3().org);
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "'" << spec << "' was accepted";
  return "";
}

void expect_error(const std::string& spec, const std::string& why) {
  const std::string msg = error_of(spec);
  EXPECT_NE(msg.find("'" + spec + "'"), std::string::npos) << msg;
  EXPECT_NE(msg.find(why), std::string::npos) << msg;
}

TEST(AddressMap, UnknownField) { expect_error("RoSiBaCoXx", "unknown field 'Xx'"); }

TEST(AddressMap, FieldMissing) {
  expect_error("RoSiBaCo", "field 'Bg' needs 2 bits, the map gives 0");
  expect_error("RoSiBaCo3Bg", "field 'Co' needs 5 bits, the map gives 3");
}

TEST(AddressMap, TooManyBits) {
  expect_error("RoSiBaCoBg3", "field 'Bg' has 2 bits");
  expect_error("RoSiBaCoBgBg", "field 'Bg' has 2 bits");
}

TEST(AddressMap, ZeroWidth) { expect_error("RoSiBaCo0Bg", "a width must be at least 1"); }

// A width is read as a number of bits: one past 2^32 wrapped, and "RoSiBaBgCo4294967301"
// was taken as RoSiBaBgCo5 (and named so in the report). A field that asks for more bits
// than it has is named at its own place in the map, not at the map's last character.
TEST(AddressMap, WidthIsNeverWrappedAndAnErrorPointsAtItsField) {
  expect_error("RoSiBaBgCo4294967301", "at character 9: a width must be at most 64 bits");
  expect_error("RoSiBaCo18446744073709551617Bg", "at character 7: a width must be at most 64");
  expect_error("RoSiBaCo65Bg", "at character 7: a width must be at most 64 bits");
  expect_error("RoSiBaCo9Bg", "at character 7: field 'Co' has 5 bits");
}

// Holes inside the span: only a 3-stack-ID organisation whose Si is not the top field
// (its missing ID then cuts every row's worth of addresses; on top it is the span's last
// quarter, above the capacity).
TEST(AddressMap, HolesInsideOnlyWithThreeStackIdsBelowTheTop) {
  const Standard e = load_standard("hbm3e");
  ASSERT_EQ(e.org.sids, 3u);
  EXPECT_FALSE(AddressMap(e.default_mapping, e.org).holes_inside()) << e.default_mapping;
  EXPECT_FALSE(AddressMap("SiRoBaCoBg", e.org).holes_inside());
  EXPECT_TRUE(AddressMap("RoSiBaCoBg", e.org).holes_inside());
  EXPECT_TRUE(AddressMap("Si1RoSi1BaCoBg", e.org).holes_inside());
  const AddressMap low("RoSiBaCoBg", e.org);
  bool found = false;
  for (uint64_t a = 0; a < e.org.pc_bytes() && !found; a += 4096) found = !low.exists(a);
  EXPECT_TRUE(found);
  for (const std::string& key : known_standards()) {
    const Standard s = load_standard(key);
    if (s.org.sids == 3) continue;
    EXPECT_FALSE(AddressMap(s.default_mapping, s.org).holes_inside()) << key;
    if (s.org.sids > 1) {
      EXPECT_FALSE(AddressMap("RoSiBaCoBg", s.org).holes_inside()) << key;
    }
  }
}

TEST(AddressMap, RtlTableLayout) {
  const AddressMap map("RoSiBaCoBg", hbm3().org);
  const std::vector<uint8_t> t = map.rtl_table();
  ASSERT_EQ(t.size(), AddressMap::kRtlMapBits);
  const uint8_t z = AddressMap::kRtlZero;
  // Column bits 0..4 at entries 0..4 (address bits 7..11), entry 5 unused.
  for (unsigned b = 0; b < 5; ++b) EXPECT_EQ(t[b], 7 + b) << b;
  EXPECT_EQ(t[5], z);
  // Flat bank {sid, bg, ba} from entry 6: bank (12, 13), bank group (5, 6), sid (14).
  EXPECT_EQ(t[6], 12);
  EXPECT_EQ(t[7], 13);
  EXPECT_EQ(t[8], 5);
  EXPECT_EQ(t[9], 6);
  EXPECT_EQ(t[10], 14);
  EXPECT_EQ(t[11], z);
  // Row bits 0..13 from entry 12 (address bits 15..28), the rest unused.
  for (unsigned b = 0; b < 14; ++b) EXPECT_EQ(t[12 + b], 15 + b) << b;
  for (unsigned e = 26; e < t.size(); ++e) EXPECT_EQ(t[e], z) << e;
}

TEST(AddressMap, RtlTableUsesEveryAddressBitOnceOnEveryPreset) {
  for (const std::string& key : known_standards()) {
    SCOPED_TRACE(key);
    const Standard s = load_standard(key);
    const AddressMap map(s.default_mapping, s.org);
    std::multiset<unsigned> used;
    for (uint8_t e : map.rtl_table()) {
      if (e != AddressMap::kRtlZero) used.insert(e);
    }
    for (unsigned b = AddressMap::kOffsetBits; b < map.capacity_bits(); ++b) {
      EXPECT_EQ(used.count(b), 1u) << "address bit " << b;
    }
    EXPECT_EQ(used.size(), map.capacity_bits() - AddressMap::kOffsetBits);
  }
}

}  // namespace test_address_map
}  // namespace hbmsim::test
