// The HBM stack as the controller sees it: checks every command, keeps the data,
// returns read data RL tCK after each RD and takes write data WL tCK after each WR.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include <systemc>

#include "controller/address_map.h"
#include "device/command.h"
#include "device/energy_model.h"
#include "device/storage.h"
#include "device/rules/timing_checker.h"
#include "standard/standard.h"

namespace hbmsim {

// Half a burst: what one PC's DQ carries in one tCK.
struct DqBeat {
  static constexpr unsigned kBytes = 16;
  std::array<uint8_t, kBytes> data{};
};

struct DeviceStats {
  std::array<uint64_t, kNumCmdKinds> commands{};
  uint64_t read_bursts = 0;
  uint64_t write_bursts = 0;
  uint64_t row_hits = 0;     // column accesses to a row an earlier access already used
  uint64_t row_misses = 0;   // first column access after an ACT
  uint64_t active_pc_tcks = 0;   // PC x tCK with at least one bank open (energy)
  uint64_t idle_pc_tcks = 0;     // PC x tCK with every bank precharged
  uint64_t tcks = 0;             // end_cycle() calls

  uint64_t bursts() const { return read_bursts + write_bursts; }
  // What happened between `earlier` and this.
  DeviceStats since(const DeviceStats& earlier) const;
  // Adds another span's counts (spans of one kind summed, e.g. a kernel's instances).
  void add(const DeviceStats& span);
  double row_hit_rate() const {
    return bursts() ? double(row_hits) / double(bursts()) : 0.0;
  }
};

class HbmDevice : public sc_core::sc_module {
 public:
  HbmDevice(sc_core::sc_module_name name, const Standard& std, unsigned num_pcs,
            uint64_t seed);

  // Called once per tCK, in this order.
  const DqBeat* read_beat(unsigned pc, uint64_t cycle);  // nullptr: DQ not driven
  void command(const Command& c);
  void write_beat(unsigned pc, uint64_t cycle, const DqBeat& beat, uint16_t strobes);
  void end_cycle(uint64_t cycle);

  // No read or write burst is in flight on any DQ.
  bool idle() const;

  const std::vector<Violation>& violations() const { return violations_; }
  const DeviceStats& stats() const { return stats_; }
  const TimingChecker& checker() const { return checker_; }
  Storage& storage() { return storage_; }
  const Standard& standard() const { return std_; }
  unsigned num_pcs() const { return num_pcs_; }
  BurstLocation location(const Command& c, unsigned row) const;

  // Energy spent so far (sim/device/energy_model.h): commands, background of the PCs
  // this device models over the tCKs it has been clocked, and I/O.
  EnergyBreakdown energy() const;
  // Energy of a span of the run: the difference of two stats() taken at its ends.
  EnergyBreakdown energy(const DeviceStats& span) const;

  // ---- Backdoor: no timing, no checks, for host set-up and checks ----
  // Writes / reads `bytes` at byte address `addr` of PC `pc` (an address as the
  // controller's AXI port sees it), through `map`, the controller's address map.
  // Throws ConfigError if part of the range does not exist.
  void load(unsigned pc, uint64_t addr, const uint8_t* data, size_t bytes,
            const AddressMap& map);
  void dump(unsigned pc, uint64_t addr, uint8_t* out, size_t bytes, const AddressMap& map) const;
  // One 32-byte burst by DRAM location.
  std::array<uint8_t, Storage::kBurstBytes> peek(const BurstLocation& loc) const;
  void poke(const BurstLocation& loc, const uint8_t* data, uint32_t strobes = ~0u);

 private:
  struct Burst {
    uint64_t start = 0;        // first tCK of the burst on DQ
    Command cmd;
    BurstLocation loc;
    std::array<uint8_t, 32> data{};
    uint32_t strobes = 0;
    unsigned got = 0;          // beats received (writes)
  };
  struct PcData {
    std::deque<Burst> reads;   // bursts to drive, in order
    std::deque<Burst> writes;  // bursts to receive, in order
    DqBeat beat;
  };

  void record(Violation v);
  // Calls `fn(location, offset in burst, offset in range, length)` for each burst the
  // byte range touches.
  template <typename Fn>
  void for_each_burst(unsigned pc, uint64_t addr, size_t bytes, const AddressMap& map,
                      Fn&& fn) const;

  Standard std_;
  unsigned num_pcs_;
  TimingChecker checker_;
  Storage storage_;
  std::vector<PcData> pcs_;
  std::vector<uint8_t> fresh_;   // per PC x bank: activated, not yet accessed
  std::vector<unsigned> open_banks_;   // per PC, for background energy
  DeviceStats stats_;
  std::vector<Violation> violations_;
};

}  // namespace hbmsim
