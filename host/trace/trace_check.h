// Checks what each read of a trace with data returns against the data the trace gives
// for it (beside the scoreboard, which checks every read against what was written).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "controller/interleave.h"
#include "tb/axi_txn.h"

namespace hbmsim {

class TraceReadCheck : public TxnObserver {
 public:
  // Spread over `ports` > 1 PCs, a burst's address is its PC's; a report gives the
  // trace's (spread.global_of), the address the trace's author knows.
  TraceReadCheck(unsigned ports, const Interleave& spread) : ports_(ports), spread_(spread) {}

  void on_issue(unsigned, const AxiTxn&) override {}
  void on_complete(unsigned port, const AxiTxn& t) override;

  uint64_t bytes_checked() const { return bytes_checked_; }
  uint64_t mismatches() const { return mismatched_bytes_; }
  const std::vector<std::string>& reports() const { return reports_; }

 private:
  unsigned ports_;
  Interleave spread_;
  uint64_t bytes_checked_ = 0, mismatched_bytes_ = 0;
  std::vector<std::string> reports_;
};

}  // namespace hbmsim
