// Sparse DRAM contents: what was never written reads as the fill pattern, writes honour
// byte strobes, and pages are allocated only where something was written.
#include <array>

#include <gtest/gtest.h>

#include "device/storage.h"
#include "unit_helpers.h"

namespace hbmsim::test {
namespace test_storage {

using Burst = std::array<uint8_t, Storage::kBurstBytes>;

Burst pattern(uint64_t seed, const BurstLocation& loc) {
  Burst b;
  fill_pattern(seed, loc, b.data());
  return b;
}

Burst read(const Storage& st, const BurstLocation& loc) {
  Burst b;
  st.read(loc, b.data());
  return b;
}

Burst counting(uint8_t from) {
  Burst b;
  for (unsigned i = 0; i < b.size(); ++i) b[i] = uint8_t(from + i);
  return b;
}

TEST(Storage, UnwrittenReadsAsFillPattern) {
  const Storage st(hbm3().org, 42);
  for (const BurstLocation loc : {BurstLocation{0, 0, 0, 0}, BurstLocation{31, 31, 16383, 31},
                                  BurstLocation{5, 17, 1234, 9}}) {
    EXPECT_EQ(read(st, loc), pattern(42, loc));
  }
  EXPECT_EQ(st.pages(), 0u) << "reading must not allocate";
}

TEST(Storage, WriteReadsBackAndLeavesTheRestOfThePage) {
  Storage st(hbm3().org, 42);
  const BurstLocation loc{3, 7, 100, 5};
  const Burst data = counting(0x10);
  st.write(loc, data.data(), 0xffffffffu);
  EXPECT_EQ(read(st, loc), data);
  // The other columns of the new page still read as before the write.
  for (unsigned col : {0u, 4u, 6u, 31u}) {
    BurstLocation other = loc;
    other.col = col;
    EXPECT_EQ(read(st, other), pattern(42, other)) << "col " << col;
  }
}

TEST(Storage, PartialStrobesWriteOnlyTheirBytes) {
  Storage st(hbm3().org, 9);
  const BurstLocation loc{0, 1, 2, 3};
  const Burst before = pattern(9, loc);
  const Burst data = counting(0x80);
  st.write(loc, data.data(), 0x0000ffffu);  // low half
  Burst got = read(st, loc);
  for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(got[i], i < 16 ? data[i] : before[i]) << i;

  const Burst more = counting(0xc0);
  st.write(loc, more.data(), 0xaaaaaaaau);  // odd bytes, over the first write
  got = read(st, loc);
  for (unsigned i = 0; i < 32; ++i) {
    const uint8_t want = i % 2 ? more[i] : i < 16 ? data[i] : before[i];
    EXPECT_EQ(got[i], want) << i;
  }

  // No strobe set: the page comes into being, its contents do not change.
  const BurstLocation fresh{0, 1, 3, 0};
  st.write(fresh, more.data(), 0);
  EXPECT_EQ(read(st, fresh), pattern(9, fresh));
}

TEST(Storage, PagesAreCountedPerPcBankAndRow) {
  Storage st(hbm3().org, 1);
  const Burst d = counting(0);
  st.write({0, 0, 0, 0}, d.data(), ~0u);
  st.write({0, 0, 0, 7}, d.data(), ~0u);  // same page
  EXPECT_EQ(st.pages(), 1u);
  st.write({0, 0, 1, 0}, d.data(), ~0u);  // another row
  st.write({0, 1, 0, 0}, d.data(), ~0u);  // another bank
  st.write({1, 0, 0, 0}, d.data(), ~0u);  // another PC
  EXPECT_EQ(st.pages(), 4u);
  EXPECT_EQ(st.bytes_used(), 4 * hbm3().org.row_bytes());
  EXPECT_EQ(hbm3().org.row_bytes(), 1024u);
}

TEST(Storage, SeedsAndLocationsGiveDifferentPatterns) {
  const BurstLocation loc{2, 3, 4, 5};
  EXPECT_NE(pattern(1, loc), pattern(2, loc));
  EXPECT_EQ(pattern(1, loc), pattern(1, loc)) << "the pattern must be deterministic";
  const Storage a(hbm3().org, 1), b(hbm3().org, 2);
  EXPECT_NE(read(a, loc), read(b, loc));
  EXPECT_EQ(a.seed(), 1u);
  // Each coordinate matters.
  EXPECT_NE(pattern(1, loc), pattern(1, {3, 3, 4, 5}));
  EXPECT_NE(pattern(1, loc), pattern(1, {2, 4, 4, 5}));
  EXPECT_NE(pattern(1, loc), pattern(1, {2, 3, 5, 5}));
  EXPECT_NE(pattern(1, loc), pattern(1, {2, 3, 4, 6}));
}

}  // namespace test_storage
}  // namespace hbmsim::test
