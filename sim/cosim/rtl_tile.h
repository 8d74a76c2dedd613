// The accelerator tile as its own Verilated model (rtl/tile/hbm_tile_sim_top.sv): one AXI
// master per PC, wired to the PCs' ports of the channel models in place of the host's
// port agents, plus its APB CSR port and interrupt. Its PC-side outputs come from
// registers, so one pass per tCK settles both sides, as with the crossbar.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "controller/interleave.h"

class VerilatedContext;
class VerilatedFstC;

namespace hbmsim {

class RtlChannels;

struct TileApbPins {
  bool sel = false, enable = false, write = false;
  uint32_t addr = 0;   // [11:0] register offset (sim/cosim/tile_csr.h)
  uint32_t wdata = 0;
};

// What the tile holds, for the watchdog's message and the driver's status.
struct TileState {
  bool busy = false;
  unsigned rd_outstanding = 0, wr_outstanding = 0, window_rows = 0, queued = 0;
};

class RtlTile {
 public:
  static constexpr unsigned kMaxPcs = 64;          // NumPorts of the larger Verilated model
  static constexpr unsigned kPortsSmall = 32;      // NumPorts of the smaller one
  static constexpr unsigned kMinGranuleLog2 = 9;   // cfg_gran_log2_i range
  static constexpr unsigned kMaxGranuleLog2 = 24;
  // The RTL's sizes (hbm_tile_pkg; the CSRs MaxN / MaxK say the same at run time).
  static constexpr unsigned kMaxN = 4;
  static constexpr unsigned kMaxK = 16384;
  static constexpr unsigned kQueueDepth = 4;
  static constexpr unsigned kMacsPerPcPerCycle = 32;   // one 32-byte weight beat per PC

  // mem_bytes_log2: log2 of the whole interleaved space (PC capacity x PCs).
  RtlTile(VerilatedContext& ctx, unsigned pcs, uint64_t granule_bytes, unsigned mem_bytes_log2);
  ~RtlTile();

  const Interleave& interleave() const { return il_; }
  unsigned pcs() const { return pcs_; }

  void reset(bool asserted);
  void eval(bool clock_high);
  void to_pcs(RtlChannels& rtl);     // AW, W, AR, and R/B ready towards every PC in use
  void from_pcs(RtlChannels& rtl);   // the PCs' answers back
  // Per tCK after the models settled: counts the PC-side handshakes of this tCK.
  void count_handshakes();
  uint64_t handshakes() const { return handshakes_; }

  void drive_apb(const TileApbPins& pins);
  bool apb_ready() const;
  bool apb_error() const;
  uint32_t apb_rdata() const;
  bool irq() const;

  TileState state() const;
  std::string status() const;   // one line, e.g. "busy, 2 queued, 37 reads / 4 writes ..."

  void trace(VerilatedFstC& fst);
  void final();

 private:
  // The Verilated model, 32 or 64 ports (rtl_tile.cpp): the same pins, another class.
  class Model;
  template <class M, unsigned Ports>
  class ModelOf;

  std::unique_ptr<Model> m_;
  unsigned pcs_;
  Interleave il_;
  uint64_t handshakes_ = 0;
};

}  // namespace hbmsim
