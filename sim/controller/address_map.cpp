#include "controller/address_map.h"

#include <cctype>

#include <fmt/format.h>

#include "common/errors.h"

namespace hbmsim {
namespace {

unsigned log2_exact(unsigned v) {
  unsigned n = 0;
  while ((1u << n) < v) ++n;
  return n;
}

struct Token {
  int field;
  unsigned width;   // 0: whatever is left of the field
};

}  // namespace

AddressMap::AddressMap(const std::string& spec, const Organisation& org)
    : spec_(spec), org_(org) {
  static const char* kCodes[kNumFields] = {"Ro", "Si", "Ba", "Bg", "Co"};
  const unsigned widths[kNumFields] = {log2_exact(org.rows), log2_exact(org.sids),
                                       log2_exact(org.banks_per_group),
                                       log2_exact(org.bankgroups), log2_exact(org.columns)};
  auto fail = [&](size_t pos, const std::string& why) {
    throw ConfigError(fmt::format("address map '{}': at character {}: {} (fields: Ro Si Ba "
                                  "Bg Co, most significant first, optional widths)",
                                  spec, pos + 1, why));
  };

  std::vector<Token> tokens;
  for (size_t i = 0; i < spec.size();) {
    const std::string code = spec.substr(i, 2);
    int field = -1;
    for (int f = 0; f < kNumFields; ++f) {
      if (code == kCodes[f]) field = f;
    }
    if (field < 0) fail(i, fmt::format("unknown field '{}'", code));
    size_t j = i + 2;
    unsigned width = 0;
    while (j < spec.size() && std::isdigit(static_cast<unsigned char>(spec[j]))) {
      width = width * 10 + unsigned(spec[j++] - '0');
    }
    if (j > i + 2 && width == 0) fail(i, "a width must be at least 1");
    tokens.push_back({field, width});
    i = j;
  }

  // Assign address bits from the least significant token up.
  unsigned pos = kOffsetBits;
  for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
    auto& bits = bits_[it->field];
    const unsigned left = widths[it->field] - static_cast<unsigned>(bits.size());
    const unsigned take = it->width ? it->width : left;
    if (take > left || take == 0) {
      fail(spec.size() - 1, fmt::format("field '{}' has {} bits in this organisation, the map "
                                        "asks for more", kCodes[it->field], widths[it->field]));
    }
    for (unsigned b = 0; b < take; ++b) bits.push_back(pos++);
  }
  for (int f = 0; f < kNumFields; ++f) {
    if (bits_[f].size() != widths[f]) {
      fail(spec.size() - 1, fmt::format("field '{}' needs {} bits, the map gives {}",
                                        kCodes[f], widths[f], bits_[f].size()));
    }
  }
  capacity_bits_ = pos;
}

DramAddress AddressMap::decode(uint64_t addr) const {
  auto get = [&](int f) {
    unsigned v = 0;
    for (size_t b = 0; b < bits_[f].size(); ++b) v |= unsigned((addr >> bits_[f][b]) & 1) << b;
    return v;
  };
  return {get(kSid), get(kGroup), get(kBank), get(kRow), get(kCol)};
}

uint64_t AddressMap::encode(const DramAddress& a) const {
  const unsigned values[kNumFields] = {a.row, a.sid, a.bank, a.bg, a.col};
  uint64_t addr = 0;
  for (int f = 0; f < kNumFields; ++f) {
    for (size_t b = 0; b < bits_[f].size(); ++b) {
      addr |= uint64_t((values[f] >> b) & 1) << bits_[f][b];
    }
  }
  return addr;
}

unsigned AddressMap::flat_bank(const DramAddress& a) const {
  return (a.sid * org_.bankgroups + a.bg) * org_.banks_per_group + a.bank;
}

std::vector<uint8_t> AddressMap::rtl_table() const {
  std::vector<uint8_t> table(kRtlMapBits, kRtlZero);
  auto place = [&](unsigned at, const std::vector<unsigned>& bits) {
    for (size_t b = 0; b < bits.size(); ++b) table[at + b] = static_cast<uint8_t>(bits[b]);
    return at + static_cast<unsigned>(bits.size());
  };
  place(0, bits_[kCol]);
  // The flat bank index is {sid, bg, ba}: bank bits lowest.
  unsigned at = place(kRtlColBits, bits_[kBank]);
  at = place(at, bits_[kGroup]);
  place(at, bits_[kSid]);
  place(kRtlColBits + kRtlBankBits, bits_[kRow]);
  return table;
}

}  // namespace hbmsim
