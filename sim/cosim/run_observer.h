// Watches a co-simulation without changing it (time series, progress, the latency
// probe's command check): told of every DRAM command and of the end of every tCK.
// A run without observers pays one empty loop per tCK.
#pragma once

#include <cstdint>
#include <string>

#include "device/command.h"

namespace hbmsim {

class CosimTop;

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // Once, when the co-simulation top is built (before reset).
  virtual void attach(CosimTop&) {}
  // Every command the device took, in issue order; row_hit: a column access to a row an
  // earlier access already used (the device's count). pc: flat index in the stack.
  virtual void on_command(const Command&, unsigned /*pc*/, bool /*row_hit*/) {}
  // What the DRAM will move, when a workload can tell in advance (about; progress line).
  virtual void on_expected_bytes(uint64_t /*bytes*/) {}
  // The traffic phase (the report's cycles) starts at tCK `cycle`: after the CSRs are
  // programmed and, for a tile run that loads over AXI, again after the load phase.
  virtual void on_traffic_start(uint64_t /*cycle*/) {}
  // The end of tCK `cycle` (set-up and read-out tCKs included).
  virtual void on_cycle_end(uint64_t /*cycle*/) {}
  // A workload's kernels: the first starts at `cycle`; each ends at the tCK given.
  virtual void on_kernels_start(uint64_t /*cycle*/) {}
  virtual void on_kernel_done(const std::string& /*label*/, uint64_t /*start*/,
                              uint64_t /*end*/) {}
};

}  // namespace hbmsim
