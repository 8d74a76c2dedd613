// The probe's traffic on PC 0's port: a list of phases (the three latency cases, then a
// phase per stride), each its own AxiMaster, with a pause between phases that drains
// the controller and, where the next phase needs another page policy, rewrites the
// controller's CTRL register. Watches the command bus to check what each read cost.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "controller/address_map.h"
#include "cosim/port_agent.h"
#include "cosim/run_observer.h"
#include "host/workloads/probe/probe.h"
#include "standard/standard.h"
#include "tb/axi_master.h"

namespace hbmsim {

class CosimTop;

struct ProbePhase {
  std::function<uint64_t(uint64_t i)> addr;   // the i-th 32-byte read's address
  // A sweep point or warm-up: reads issued. A latency case: samples to count; reads go
  // on (up to kProbeMaxTries times that) until that many passed the command check.
  uint64_t reads = 0;
  unsigned max_reads = 1;             // outstanding reads
  std::optional<uint32_t> ctrl;       // CTRL register value to write before the phase
  std::optional<ProbeCase> latency;   // a latency case, or (none) a sweep point
  uint64_t stride = 0;                // a sweep point's; 0 and no case: a warm-up
};

class ProbeAgent : public PortAgent, public TxnObserver, public RunObserver {
 public:
  ProbeAgent(CosimTop& top, std::vector<ProbePhase> phases,
             const std::vector<TxnObserver*>& observers);
  ~ProbeAgent() override;

  // PortAgent
  void drive(const AxiPins& port, uint64_t cycle) override;
  void sample(const AxiPins& port, uint64_t cycle) override;
  bool done() const override;
  uint64_t progress() const override;
  std::string status() const override;
  // TxnObserver
  void on_issue(unsigned port, const AxiTxn& t) override;
  void on_complete(unsigned port, const AxiTxn& t) override;
  // RunObserver
  void on_command(const Command& c, unsigned pc, bool row_hit) override;

  ProbeFigures figures() const;

 private:
  struct Sample {                      // the latency read in flight
    DramAddress at;
    uint64_t ar = 0;
    unsigned pre = 0, act = 0, col = 0, other = 0;   // other: PREA
    bool refresh = false;
  };
  class PhaseSource;
  bool wants_more(size_t phase, uint64_t issued) const;
  bool refreshed_before(const DramAddress& a, uint64_t ar) const;
  void finish_sample(const AxiTxn& t);

  CosimTop& top_;
  const Standard& std_;
  const AddressMap& map_;
  std::vector<ProbePhase> phases_;
  std::vector<std::unique_ptr<PhaseSource>> sources_;
  std::vector<std::unique_ptr<AxiMaster>> masters_;
  size_t cur_ = 0;
  bool paused_ = false;
  uint64_t resume_ = 0, gap_;
  std::optional<Sample> sample_;
  std::array<std::vector<uint64_t>, 3> latencies_;
  std::array<LatencyFigures, 3> rejected_;   // only the left-out counts are used
  std::vector<StridePoint> sweep_;
  std::vector<uint64_t> issued_;   // per phase
  uint64_t first_ar_ = 0, last_r_ = 0;
  bool phase_started_ = false;
  // Refresh history of PC 0: when each refresh was issued (any tCK before, or never).
  std::optional<uint64_t> last_refab_, last_refpb_any_;
  std::vector<std::optional<uint64_t>> last_refpb_;   // per flat bank
};

}  // namespace hbmsim
