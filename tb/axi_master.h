// An AXI4 master on one port of the Verilated stack: issues bursts from a traffic
// source, with limits on outstanding reads and writes, and never lets two bursts that
// touch the same 32-byte line be in flight when either writes (so every read has one
// right answer). Reports each burst to its observers.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cosim/port_agent.h"
#include "tb/axi_txn.h"
#include "tb/line_counts.h"

namespace hbmsim {

struct AxiMasterOptions {
  unsigned max_reads = 64;    // outstanding read bursts
  unsigned max_writes = 64;   // outstanding write bursts
  // Ready on R / B in a given tCK (back-pressure tests); default always ready.
  std::function<bool(uint64_t)> r_ready;
  std::function<bool(uint64_t)> b_ready;
  // Hold the observers' calls back until flush() (PortAgent::deferrable): only for a
  // source that no other port's master shares (a trace's dealer is shared), and worth it
  // only when the co-simulation runs on threads (holding costs a copy of each burst).
  bool defer_events = false;
};

class AxiMaster : public PortAgent {
 public:
  static constexpr unsigned kIds = 64;

  AxiMaster(unsigned port, TrafficSource& source, std::vector<TxnObserver*> observers,
            AxiMasterOptions opt = {});

  void drive(const AxiPins& port, uint64_t cycle) override;
  void sample(const AxiPins& port, uint64_t cycle) override;
  bool done() const override;
  uint64_t progress() const override { return progress_; }
  std::string status() const override;
  bool deferrable() const override { return opt_.defer_events; }
  void flush() override;

  uint64_t completed() const { return completed_; }
  const std::vector<std::string>& protocol_errors() const { return errors_; }

 private:
  void sample_address(const AxiPins& m, uint64_t cycle);
  void sample_w(const AxiPins& m);
  void sample_r(const AxiPins& m, uint64_t cycle);
  void sample_b(const AxiPins& m, uint64_t cycle);
  void stage_next();
  bool conflicts(const AxiTxn& t) const;
  void mark_lines(const AxiTxn& t, int delta);
  void complete(AxiTxn& t, uint64_t cycle);
  void notify(bool complete, AxiTxn& t);
  void deliver(bool complete, const AxiTxn& t);
  void error(std::string what);

  unsigned port_;
  TrafficSource& source_;
  std::vector<TxnObserver*> observers_;
  AxiMasterOptions opt_;

  std::optional<AxiTxn> next_;        // pulled from the source, waiting for its turn
  bool source_done_ = false;
  bool next_ready_ = false;           // next_ may be presented on AR / AW
  bool offered_ = false;              // next_ is on AR / AW this tCK (its not_before passed)
  std::optional<uint64_t> origin_;    // the first tCK driven: not_before counts from it
  std::map<uint64_t, AxiTxn> inflight_;            // by seq
  std::array<std::deque<uint64_t>, kIds> reads_by_id_, writes_by_id_;
  std::deque<uint64_t> w_queue_;      // writes whose data is still to send
  unsigned w_beat_ = 0;
  unsigned reads_ = 0, writes_ = 0;   // outstanding
  LineCounts read_lines_, write_lines_;   // bursts in flight per line
  bool r_ready_ = true, b_ready_ = true;
  uint64_t seq_ = 0, progress_ = 0, completed_ = 0;
  std::vector<std::string> errors_;
  // With defer_events: the observers' calls held back, in order (the first held_ of
  // held_events_; the rest are kept to reuse their buffers).
  struct HeldEvent {
    bool complete = false;
    AxiTxn txn;
  };
  std::vector<HeldEvent> held_events_;
  size_t held_ = 0;
};

}  // namespace hbmsim
