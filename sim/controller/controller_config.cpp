#include "controller/controller_config.h"

namespace hbmsim {

const char* name(SchedPolicy p) { return p == SchedPolicy::Fcfs ? "fcfs" : "frfcfs"; }
const char* name(PagePolicy p) {
  switch (p) {
    case PagePolicy::Closed: return "closed";
    case PagePolicy::Adaptive: return "adaptive";
    default: return "open";
  }
}
const char* name(RefreshPolicy p) { return p == RefreshPolicy::PerBank ? "perbank" : "allbank"; }

namespace {
// Packs 6-bit table entries five to a word, as the CSR map and XOR windows hold them.
std::vector<uint32_t> pack(const std::vector<uint8_t>& entries) {
  std::vector<uint32_t> words((entries.size() + 4) / 5, 0);
  for (size_t k = 0; k < entries.size(); ++k) {
    words[k / 5] |= uint32_t(entries[k] & 0x3f) << (6 * (k % 5));
  }
  return words;
}
}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> csr_setup(const ControllerConfig& c,
                                                     const AddressMap& map,
                                                     unsigned refresh_ahead_max) {
  std::vector<std::pair<uint32_t, uint32_t>> w;
  const uint32_t page = c.page == PagePolicy::Closed ? 1 : c.page == PagePolicy::Adaptive ? 2 : 0;
  const uint32_t ctrl = uint32_t(c.sched == SchedPolicy::Fcfs) | (page << 1) |
                        (uint32_t(c.refresh == RefreshPolicy::PerBank) << 3) |
                        ((c.postpone & 0xf) << 4) | (uint32_t(c.pull_in) << 8) |
                        ((refresh_ahead_max & 0xf) << 9);
  w.emplace_back(csr::kCtrl, ctrl);
  w.emplace_back(csr::kPageIdle, c.page_idle & 0xffff);
  w.emplace_back(csr::kStarve, c.starve & 0xffff);
  w.emplace_back(csr::kWmark, (c.wr_high & 0xff) | ((c.wr_low & 0xff) << 8));
  const std::vector<uint32_t> map_words = pack(map.rtl_table());
  for (size_t i = 0; i < map_words.size(); ++i) w.emplace_back(csr::kMap + 4 * i, map_words[i]);
  const std::vector<uint32_t> xor_words = pack(map.rtl_xor_table());
  for (size_t i = 0; i < xor_words.size(); ++i) w.emplace_back(csr::kXor + 4 * i, xor_words[i]);
  w.emplace_back(csr::kCntCtrl, csr::kCntClear);
  return w;
}

}  // namespace hbmsim
