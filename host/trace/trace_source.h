// A trace as AXI traffic: each record cut into bursts, placed on the port that serves
// its address, timed by the trace's cycles or as fast as the controller accepts, and
// read from the file as the masters pull (streamed: memory stays bounded).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "controller/interleave.h"
#include "host/trace/read/trace_file.h"
#include "tb/axi_txn.h"

namespace hbmsim {

// Where and when a trace's bursts go.
struct TracePlacement {
  unsigned ports = 1;            // 1: every address on port 0 (one PC, or the crossbar's)
  Interleave spread;             // ports > 1: PC pc_of(a) at local_of(a), on port pc
  uint32_t burst_bytes = 64;     // what a record without (len) moves, aligned to it
  uint64_t seed = 1;             // write data of records that carry none
  bool timed = false;            // hold each burst until its record's cycle
  uint64_t ratio_num = 1;        // tCK per trace cycle = ratio_num / ratio_den
  uint64_t ratio_den = 1;
};

// The first tCK at which a record of trace cycle `c` may be issued: ceil(c x ratio).
uint64_t trace_tck(uint64_t c, const TracePlacement& p);

// Cuts record number `index` into bursts of whole 32-byte beats covering its bytes, none
// across a 4 KiB boundary (AXI) or, spread over ports, across a granule; a write strobes
// only the record's bytes (its data, or bytes made from the seed), a read with data
// expects it. `emit` gets each burst and its port, in address order.
void cut_record(const TraceRecord& r, uint64_t index, const TracePlacement& p,
                const std::function<void(unsigned port, AxiTxn&&)>& emit);

// One trace read once and dealt to its ports: each port's source gets its bursts in
// trace order, and at most kReadAhead bursts wait for ports that have not taken them.
// As an observer of the ports' masters it counts what was issued (AR / AW handshake):
// a master holds a burst it took until the burst's trace cycle, and a run stopped before
// (--max-cycles) never issues it.
class TraceDealer : public TxnObserver {
 public:
  static constexpr size_t kReadAhead = 1024;
  static constexpr unsigned kIds = 16;   // AXI IDs per port, round robin

  TraceDealer(const std::string& path, TraceFormat f, const TracePlacement& p);

  // The port's next burst; false with `waiting` when other ports must take theirs first.
  bool next(unsigned port, AxiTxn& t, bool& waiting);
  std::unique_ptr<TrafficSource> source(unsigned port);

  void on_issue(unsigned port, const AxiTxn& t) override;
  void on_complete(unsigned, const AxiTxn&) override {}

  // Records read from the file and bursts cut from them (ahead of the masters).
  uint64_t records() const { return records_; }
  uint64_t bursts() const { return bursts_; }
  // Records whose every burst was issued, and the bursts issued.
  uint64_t records_issued() const { return records_issued_; }
  uint64_t bursts_issued() const { return bursts_issued_; }
  // Beats of the smallest and largest burst issued (0 before the first): a record's
  // (len) and the 4 KiB and granule cuts make bursts other than --beats.
  unsigned min_beats() const { return min_beats_; }
  unsigned max_beats() const { return max_beats_; }
  // Set when the file stopped parsing during the run (it changed since it was checked).
  const std::string& error() const { return error_; }

 private:
  bool read_one();

  TraceFile file_;
  TracePlacement place_;
  std::vector<std::deque<AxiTxn>> queues_;
  // Per port, the record of each burst queued, and of each handed to the master and not
  // yet issued (in order: a master issues its bursts in the order it takes them).
  std::vector<std::deque<uint64_t>> queued_records_, handed_records_;
  std::unordered_map<uint64_t, unsigned> unissued_;   // record: bursts not yet issued
  std::vector<unsigned> next_id_;
  size_t queued_ = 0;
  bool done_ = false;
  uint64_t records_ = 0, bursts_ = 0;
  uint64_t records_issued_ = 0, bursts_issued_ = 0;
  unsigned min_beats_ = 0, max_beats_ = 0;
  std::string error_;
};

}  // namespace hbmsim
