#include "controller/address_map.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"

namespace hbmsim {
namespace {

// Address bits that index v values (the stack ID count may be 3: 2 bits, one unused).
unsigned bits_for(unsigned v) {
  unsigned n = 0;
  while ((1u << n) < v) ++n;
  return n;
}

struct Token {
  int field;
  unsigned width;   // 0: whatever is left of the field
  size_t pos;       // where it starts in the map, for its error
};

}  // namespace

AddressMap::AddressMap(const std::string& spec, const Organisation& org, bool bank_xor)
    : spec_(spec), org_(org), bank_xor_(bank_xor) {
  static const char* kCodes[kNumFields] = {"Ro", "Si", "Ba", "Bg", "Co"};
  const unsigned widths[kNumFields] = {bits_for(org.rows), bits_for(org.sids),
                                       bits_for(org.banks_per_group),
                                       bits_for(org.bankgroups), bits_for(org.columns)};
  auto fail = [&](size_t pos, const std::string& why) {
    throw ConfigError(fmt::format("address map '{}': at character {}: {} (fields: Ro Si Ba "
                                  "Bg Co, most significant first, optional widths)",
                                  excerpt(spec), pos + 1, why));
  };

  std::vector<Token> tokens;
  for (size_t i = 0; i < spec.size();) {
    const std::string code = spec.substr(i, 2);
    int field = -1;
    for (int f = 0; f < kNumFields; ++f) {
      if (code == kCodes[f]) field = f;
    }
    if (field < 0) fail(i, fmt::format("unknown field '{}'", excerpt(code)));
    size_t j = i + 2;
    unsigned width = 0;
    // No field has more than 64 bits: a longer number wrapped ("Co4294967301" was Co5).
    while (j < spec.size() && std::isdigit(static_cast<unsigned char>(spec[j]))) {
      width = width * 10 + unsigned(spec[j++] - '0');
      if (width > 64) fail(i, "a width must be at most 64 bits");
    }
    if (j > i + 2 && width == 0) fail(i, "a width must be at least 1");
    tokens.push_back({field, width, i});
    i = j;
  }

  // Assign address bits from the least significant token up.
  unsigned pos = kOffsetBits;
  for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
    auto& bits = bits_[it->field];
    const unsigned left = widths[it->field] - static_cast<unsigned>(bits.size());
    const unsigned take = it->width ? it->width : left;
    if (take > left || take == 0) {
      fail(it->pos, fmt::format("field '{}' has {} bits in this organisation, the map "
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
  if (capacity_bits_ > 64) {
    fail(spec.size() - 1, fmt::format("the map spans {} address bits, more than 64",
                                      capacity_bits_));
  }
  if (bank_xor_) {
    const size_t n = std::min(bits_[kBank].size() + bits_[kGroup].size(), bits_[kRow].size());
    hash_mask_ = (1u << n) - 1;
  }
  build_tables();
}

bool AddressMap::holes_inside() const {
  if ((org_.sids & (org_.sids - 1)) == 0) return false;
  const auto& sid = bits_[kSid];
  return std::any_of(sid.begin(), sid.end(), [&](unsigned bit) {
    return bit < capacity_bits_ - sid.size();
  });
}

// Fields packed low to high in Field order; they hold capacity_bits - 5 <= 59 bits.
void AddressMap::build_tables() {
  unsigned at = 0;
  for (int f = 0; f < kNumFields; ++f) {
    shift_[f] = at;
    at += static_cast<unsigned>(bits_[f].size());
  }
  byte_table_.assign((capacity_bits_ + 7) / 8, {});
  for (int f = 0; f < kNumFields; ++f) {
    for (unsigned j = 0; j < bits_[f].size(); ++j) {
      const unsigned bit = bits_[f][j];
      auto& table = byte_table_[bit / 8];
      for (unsigned v = 0; v < 256; ++v) {
        if ((v >> (bit % 8)) & 1) table[v] |= uint64_t(1) << (shift_[f] + j);
      }
    }
  }
}

// Bank XOR hashing: flat-bank bit j (bank bits, then bank-group bits) takes row bit j.
// An XOR, so the same step hashes (decode) and undoes the hash (encode).
void AddressMap::apply_hash(DramAddress& a) const {
  const unsigned h = a.row & hash_mask_;
  const unsigned ba_bits = static_cast<unsigned>(bits_[kBank].size());
  a.bank ^= h & ((1u << ba_bits) - 1);
  a.bg ^= h >> ba_bits;
}

DramAddress AddressMap::unhashed(uint64_t addr) const {
  uint64_t w = 0;
  for (size_t k = 0; k < byte_table_.size(); ++k) w |= byte_table_[k][(addr >> (8 * k)) & 0xff];
  const auto get = [&](int f) {
    const auto width = static_cast<unsigned>(bits_[f].size());
    return static_cast<unsigned>((w >> shift_[f]) & ((uint64_t(1) << width) - 1));
  };
  return DramAddress{get(kSid), get(kGroup), get(kBank), get(kRow), get(kCol)};
}

DramAddress AddressMap::decode(uint64_t addr) const {
  DramAddress a = unhashed(addr);
  apply_hash(a);
  return a;
}

std::optional<DramAddress> AddressMap::locate(uint64_t addr) const {
  if (capacity_bits_ < 64 && (addr >> capacity_bits_) != 0) return std::nullopt;
  const DramAddress a = decode(addr);
  if (a.sid >= org_.sids) return std::nullopt;
  return a;
}

bool AddressMap::exists(uint64_t addr) const { return locate(addr).has_value(); }

uint64_t AddressMap::encode(const DramAddress& in) const {
  // Undo the hash: its bits come from the row, which the address carries unhashed.
  DramAddress a = in;
  apply_hash(a);
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

std::vector<uint8_t> AddressMap::rtl_xor_table() const {
  std::vector<uint8_t> table(kRtlBankBits, kRtlZero);
  if (!bank_xor_) return table;
  const size_t n = bits_[kBank].size() + bits_[kGroup].size();
  for (size_t j = 0; j < n && j < bits_[kRow].size(); ++j) {
    table[j] = static_cast<uint8_t>(bits_[kRow][j]);
  }
  return table;
}

}  // namespace hbmsim
