// The interleaving crossbar as its own Verilated model (rtl/top/hbm_xbar_sim_top.sv),
// between the host's one AXI port and the PCs' ports of the channel models. Its outputs
// towards the PCs come from registers, so one pass per tCK settles both sides:
// crossbar, copy to the PCs, channels, copy back, crossbar again.
#pragma once

#include <cstdint>
#include <memory>

#include "controller/interleave.h"
#include "cosim/models/axi_pins.h"

class Vhbm_xbar_sim_top;
class VerilatedContext;
class VerilatedFstC;

namespace hbmsim {

class RtlChannels;

class RtlXbar {
 public:
  static constexpr unsigned kMaxPcs = 64;
  static constexpr unsigned kMinGranuleBytes = 512;   // a WRAP burst spans up to 512 B
  // 2^9 B times the 2^15 of the crossbar's 4-bit granule field.
  static constexpr uint64_t kMaxGranuleBytes = uint64_t(1) << 24;

  RtlXbar(VerilatedContext& ctx, unsigned pcs, uint64_t granule_bytes);
  // ConfigError "--xbar-granule N: ..." unless a power of two the crossbar can take (also
  // called by the command line, so that the flag is checked whenever it is given).
  static void check_granule(uint64_t granule_bytes);
  ~RtlXbar();

  AxiPins host_pins();
  void reset(bool asserted);
  void eval(bool clock_high);
  void to_pcs(RtlChannels& rtl);     // AW, W, AR, and R/B ready towards every PC
  void from_pcs(RtlChannels& rtl);   // the PCs' answers back
  void trace(VerilatedFstC& fst);
  void final();

  // Where a byte of the host's address space lives: PC and PC-local address.
  const Interleave& interleave() const { return il_; }
  unsigned pc_of(uint64_t addr) const { return il_.pc_of(addr); }
  uint64_t local_of(uint64_t addr) const { return il_.local_of(addr); }

 private:
  std::unique_ptr<Vhbm_xbar_sim_top> m_;
  unsigned pcs_;
  Interleave il_;
};

}  // namespace hbmsim
