// How the controller turns a byte address inside one pseudo-channel into DRAM
// coordinates: a bit order such as "RoSiBaCoBg" (most significant field first; the 5
// lowest bits are the byte inside a 32-byte burst). A field may be split by giving
// widths, e.g. "RoSiBaCo3BgCo2". This is the C++ reference of rtl/ctrl/front/hbm_addr_map.sv;
// it also compiles a map into the table the RTL takes. With bank XOR hashing, the bank
// and bank-group bits are XORed with the lowest row bits. A stack with 3 stack IDs
// (12-high) leaves SID 3 unmapped: those addresses do not exist.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "standard/standard.h"

namespace hbmsim {

struct DramAddress {
  unsigned sid = 0, bg = 0, bank = 0, row = 0, col = 0;
};

class AddressMap {
 public:
  static constexpr unsigned kOffsetBits = 5;
  // Layout of the RTL's map table (hbm_pkg::MapBits): column, flat bank, row.
  static constexpr unsigned kRtlColBits = 6, kRtlBankBits = 6, kRtlRowBits = 17;
  static constexpr unsigned kRtlMapBits = kRtlColBits + kRtlBankBits + kRtlRowBits;
  static constexpr uint8_t kRtlZero = 63;

  AddressMap(const std::string& spec, const Organisation& org, bool bank_xor = false);

  DramAddress decode(uint64_t addr) const;
  // decode() of an address that exists(), else nothing: one decode for both questions.
  std::optional<DramAddress> locate(uint64_t addr) const;
  uint64_t encode(const DramAddress& a) const;   // byte 0 of the burst
  unsigned flat_bank(const DramAddress& a) const;
  // The address lies inside the span and names an existing stack ID.
  bool exists(uint64_t addr) const;
  unsigned capacity_bits() const { return capacity_bits_; }   // log2 of the span
  // Some address below the PC's capacity names a missing stack ID: a stack of 3 IDs whose
  // stack-ID field is not the most significant (its fourth quarter is then holes all
  // through the span, not the span's top quarter).
  bool holes_inside() const;
  const std::string& spec() const { return spec_; }
  bool bank_xor() const { return bank_xor_; }
  std::vector<uint8_t> rtl_table() const;
  std::vector<uint8_t> rtl_xor_table() const;   // kRtlBankBits entries

 private:
  enum Field { kRow, kSid, kBank, kGroup, kCol, kNumFields };
  void apply_hash(DramAddress& a) const;   // bank XOR hashing, both ways
  void build_tables();
  DramAddress unhashed(uint64_t addr) const;

  std::string spec_;
  Organisation org_;
  bool bank_xor_ = false;
  std::array<std::vector<unsigned>, kNumFields> bits_;  // address bit of each field bit
  unsigned capacity_bits_ = 0;
  unsigned hash_mask_ = 0;   // the row bits XORed into the flat bank index (0: no hashing)
  // decode() by table: the fields' bits packed into one word (field f at shift_[f]),
  // each address byte's contribution looked up (the scoreboard decodes every beat; bit
  // by bit that was 1.3 % of a 1-PC run).
  std::array<unsigned, kNumFields> shift_{};
  std::vector<std::array<uint64_t, 256>> byte_table_;   // one per address byte in use
};

}  // namespace hbmsim
