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
  uint32_t addr = 0;   // [11:0] register offset (sim/cosim/csr/tile_csr.h)
  uint32_t wdata = 0;
};

// What the tile holds, for the watchdog's message and the driver's status.
struct TileState {
  bool busy = false;
  unsigned rd_outstanding = 0, wr_outstanding = 0, window_rows = 0, queued = 0;
};

// One of the tile's Verilated builds (rtl_tile.cpp), chosen by create(): 32 ports for runs
// of up to 32 PCs, 64 for more; the same pins, another class, as RtlChannels' builds.
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

  // The smallest build with a port for every PC (idle ports cost time too).
  // mem_bytes_log2: log2 of the whole interleaved space (PC capacity x PCs).
  static std::unique_ptr<RtlTile> create(VerilatedContext& ctx, unsigned pcs,
                                         uint64_t granule_bytes, unsigned mem_bytes_log2);
  // ConfigError unless pcs is a power of two the tile and a stack of stack_pcs PCs both
  // take; the message lists them ("1, 2, 4, 8 or 16").
  static void check_pcs(unsigned pcs, unsigned stack_pcs);
  virtual ~RtlTile() = default;
  RtlTile(const RtlTile&) = delete;
  RtlTile& operator=(const RtlTile&) = delete;

  const Interleave& interleave() const { return il_; }
  unsigned pcs() const { return pcs_; }

  virtual void reset(bool asserted) = 0;
  virtual void eval(bool clock_high) = 0;
  // Both edges of a tCK, the falling one recorded rather than evaluated (model_edges.h).
  virtual void eval_cycle() = 0;
  // AW, W, AR, R/B ready towards the PCs in use, or those of [begin, end) of them.
  virtual void to_pcs(RtlChannels& rtl, unsigned begin = 0, unsigned end = ~0u) = 0;
  // The PCs' answers back.
  virtual void from_pcs(RtlChannels& rtl, unsigned begin = 0, unsigned end = ~0u) = 0;
  // Per tCK after the models settled: counts the PC-side handshakes of this tCK.
  virtual void count_handshakes() = 0;
  uint64_t handshakes() const { return handshakes_; }

  virtual void drive_apb(const TileApbPins& pins) = 0;
  virtual bool apb_ready() const = 0;
  virtual bool apb_error() const = 0;
  virtual uint32_t apb_rdata() const = 0;
  virtual bool irq() const = 0;

  virtual TileState state() const = 0;
  std::string status() const;   // one line, e.g. "busy, 2 queued, 37 reads / 4 writes ..."

  virtual void trace(VerilatedFstC& fst) = 0;
  virtual void final() = 0;

 protected:
  // Checks --pcs and the granule (ConfigError) and keeps the interleave.
  RtlTile(unsigned pcs, uint64_t granule_bytes);

  unsigned pcs_;
  Interleave il_;
  uint64_t handshakes_ = 0;
};

}  // namespace hbmsim
