// One AXI4 burst as the host issues it, and what came back.
#pragma once

#include <cstdint>
#include <vector>

namespace hbmsim {

enum class AxiBurst : uint8_t { Fixed = 0, Incr = 1, Wrap = 2 };
enum class AxiResp : uint8_t { Okay = 0, ExOkay = 1, SlvErr = 2, DecErr = 3 };

struct AxiTxn {
  static constexpr unsigned kBusBytes = 32;

  uint64_t seq = 0;          // issue order, unique per port
  bool write = false;
  uint64_t addr = 0;
  unsigned beats = 1;        // len + 1
  unsigned size = 5;         // log2 bytes per beat
  AxiBurst burst = AxiBurst::Incr;
  unsigned id = 0;
  std::vector<uint8_t> wdata;    // beats x 32 bytes, lane-aligned like the W channel
  std::vector<uint32_t> wstrb;   // per beat
  // Trace timing: tCK from the master's first tCK before AR / AW may be offered (the
  // master holds the burst, and every later one, until then). 0: at once.
  uint64_t not_before = 0;
  // Reads a trace gave data for: what each byte must read as, lane-aligned like rdata,
  // on the lanes expect_strb names per beat (checked by the trace's own observer).
  std::vector<uint8_t> expect;
  std::vector<uint32_t> expect_strb;

  // Filled in as it runs.
  uint64_t addr_cycle = 0;   // AR / AW handshake
  uint64_t done_cycle = 0;   // last R beat / B
  std::vector<uint8_t> rdata;    // beats x 32 bytes
  std::vector<AxiResp> rresp;    // per beat
  AxiResp bresp = AxiResp::Okay;

  // Byte address of beat i, following the AXI4 burst rules.
  uint64_t beat_addr(unsigned i) const;
  // Byte lanes beat i uses (bit per byte of the 32-byte bus).
  uint32_t beat_lanes(unsigned i) const;
  // True when the controller must answer every beat SLVERR and move nothing: beats wider
  // than the bus, an INCR burst across 4 KiB, a WRAP burst whose length is not 2, 4, 8
  // or 16 or whose address is not aligned to its size, the reserved burst type.
  bool refused() const;
};

// Where traffic comes from: a workload, a trace, a test. Returns nothing when done.
class TrafficSource {
 public:
  virtual ~TrafficSource() = default;
  virtual bool next(AxiTxn& txn) = 0;
  // After next() gave nothing: true if more may come later (a trace dealt to several
  // ports waits for the others to take what it read ahead), so the master asks again
  // next tCK instead of calling the source done.
  virtual bool waiting() const { return false; }
};

// Who wants to know about each burst (scoreboard, statistics).
class TxnObserver {
 public:
  virtual ~TxnObserver() = default;
  virtual void on_issue(unsigned port, const AxiTxn& txn) = 0;
  virtual void on_complete(unsigned port, const AxiTxn& txn) = 0;
};

}  // namespace hbmsim
