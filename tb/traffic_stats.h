// Counts what the host moved and how long reads took (AR handshake to last R beat). A
// burst answered with an error (DECERR, SLVERR) moved nothing: it is counted on its own
// and left out of the bursts, bytes and latencies.
#pragma once

#include <cstdint>
#include <vector>

#include "tb/axi_txn.h"

namespace hbmsim {

struct LatencySummary {
  double mean = 0, p50 = 0, p99 = 0, max = 0;   // tCK
};

class TrafficStats : public TxnObserver {
 public:
  void on_issue(unsigned, const AxiTxn&) override {}
  void on_complete(unsigned port, const AxiTxn& t) override;

  uint64_t reads() const { return reads_; }
  uint64_t writes() const { return writes_; }
  uint64_t read_bytes() const { return read_bytes_; }
  uint64_t write_bytes() const { return write_bytes_; }
  LatencySummary read_latency() const;   // in tCK
  // Reads per latency: element i counts reads that took i tCK (the HTML report's plot).
  std::vector<uint64_t> latency_histogram() const;
  // Bursts answered with an error: DECERR on any beat, else SLVERR on any beat.
  uint64_t decerr_bursts() const { return decerr_; }
  uint64_t slverr_bursts() const { return slverr_; }

 private:
  uint64_t reads_ = 0, writes_ = 0, read_bytes_ = 0, write_bytes_ = 0;
  uint64_t decerr_ = 0, slverr_ = 0;
  std::vector<uint32_t> latencies_;
};

}  // namespace hbmsim
