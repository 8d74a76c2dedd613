// How the RTL controller is set up for a run: address map and policies, and the CSR
// writes that program them (register map: rtl/pkg/hbm_pkg.sv, Csr*).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "controller/address_map.h"

namespace hbmsim {

enum class SchedPolicy { FrFcfs, Fcfs };
enum class PagePolicy { Open, Closed, Adaptive };
enum class RefreshPolicy { AllBank, PerBank };

const char* name(SchedPolicy p);
const char* name(PagePolicy p);
const char* name(RefreshPolicy p);

struct ControllerConfig {
  std::string mapping;          // empty: the standard's default bit order
  bool bank_xor = false;
  SchedPolicy sched = SchedPolicy::FrFcfs;
  PagePolicy page = PagePolicy::Adaptive;
  RefreshPolicy refresh = RefreshPolicy::PerBank;
  unsigned postpone = 8;        // refreshes that may be owed under load (0 to 8)
  bool pull_in = true;          // refresh ahead when idle
  unsigned page_idle = 64;      // adaptive policy: close a row idle this many tCK
  unsigned starve = 2000;       // tCK before a request stops being overtaken (0: never)
  unsigned wr_high = 60;        // posted writes (queued + staged, of 64) that start a drain
  unsigned wr_low = 20;         // ... and where it ends
};

// CSR byte offsets inside one PC's 4 KiB window, and the counters' names and order.
namespace csr {
constexpr uint32_t kId = 0x000, kCtrl = 0x004, kPageIdle = 0x008, kStarve = 0x00c;
constexpr uint32_t kWmark = 0x010, kCntCtrl = 0x014, kMap = 0x020, kXor = 0x040;
constexpr uint32_t kCntClear = 1, kCntFreeze = 2;   // kCntCtrl bits
constexpr uint32_t kCounters = 0x100;
constexpr uint32_t kIdValue = 0x48424d43;   // "HBMC"
constexpr unsigned kBroadcastPc = 127;
constexpr uint32_t address(unsigned pc, uint32_t offset) { return (pc << 12) | offset; }
constexpr std::array<const char*, 12> kCounterNames = {
    "cycles", "reads", "writes", "row_hits", "row_misses", "row_conflicts",
    "acts", "pres", "refab", "refpb", "turnarounds", "queue_occupancy_sum"};
}  // namespace csr

// (offset, value) pairs that program every PC the same way (written to the broadcast
// window), ending with a counter clear. refresh_ahead_max: the standard's
// refresh_postpone_max, the refreshes the DRAM lets be done ahead per bank (CTRL[12:9],
// the CSR keeps at most 8): below 2 the per-bank refresh pulls in no REFpb across a
// round's end (rtl/ctrl/sched/hbm_refresh.sv).
std::vector<std::pair<uint32_t, uint32_t>> csr_setup(const ControllerConfig& cfg,
                                                     const AddressMap& map,
                                                     unsigned refresh_ahead_max);

}  // namespace hbmsim
