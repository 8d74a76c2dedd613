// Loads tensors through the controllers instead of by backdoor: one AxiMaster per PC
// writes the bytes over the PC's AXI port in a load phase before the tile runs (the
// co-simulation top runs port agents first when the tile is there). Slower than the
// backdoor, and it exercises the same write path a DMA from the host would.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "controller/interleave.h"
#include "tb/axi_master.h"

namespace hbmsim {

class CosimTop;

class TileAxiLoader : public TxnObserver {
 public:
  static constexpr unsigned kMaxBeats = 16;   // 512-byte bursts: inside any granule

  explicit TileAxiLoader(CosimTop& top);   // top must have the tile

  // Queues a write of `bytes` at a global address of the interleaved space.
  void add(uint64_t addr, const uint8_t* data, size_t bytes);
  // Attaches one master per PC to the top, with everything added so far (an AxiMaster
  // reads its source from the start); nothing may be added after.
  void attach();

  // TxnObserver: every write must answer OKAY.
  void on_issue(unsigned, const AxiTxn&) override {}
  void on_complete(unsigned port, const AxiTxn& t) override;

  uint64_t bytes() const { return bytes_; }
  // Bad B responses and the masters' protocol errors.
  std::vector<std::string> problems() const;

 private:
  class Queue : public TrafficSource {
   public:
    bool next(AxiTxn& t) override;
    std::deque<AxiTxn> txns;
  };

  CosimTop& top_;
  Interleave il_;
  std::vector<std::unique_ptr<Queue>> queues_;        // by PC
  std::vector<std::unique_ptr<AxiMaster>> masters_;   // by PC
  std::vector<std::string> errors_;
  uint64_t bytes_ = 0;
};

}  // namespace hbmsim
