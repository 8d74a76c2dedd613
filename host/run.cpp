#include "host/run.h"

#include <memory>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "controller/controller_config.h"
#include "tb/axi_master.h"
#include "tb/scoreboard.h"

namespace hbmsim {

void collect_device_results(CosimTop& top, RunResult& r) {
  const HbmDevice& dev = top.device();
  r.device = dev.stats();
  r.energy = dev.energy();
  r.storage_bytes = top.device().storage().bytes_used();
  r.timing_violations = dev.violations().size();
  for (auto& e : top.close_outputs()) r.problems.push_back(std::move(e));
  if (r.outcome.reason != StopReason::Done) r.problems.push_back(r.outcome.message);
  for (const Violation& v : dev.violations()) {
    if (r.problems.size() >= 10) break;
    if (r.outcome.reason != StopReason::Violation) r.problems.push_back(v.message());
  }
}

Standard run_standard(const RunOptions& opt) {
  return opt.loaded_standard ? *opt.loaded_standard : load_standard(opt.standard);
}

// The run's address map; a --mapping that does not fit the standard is refused naming the
// flag (the map's own message named the value alone: "address map 'XYZ': ...").
AddressMap run_address_map(const RunOptions& o) {
  const Standard s = run_standard(o);
  const ControllerConfig& c = o.cosim.ctrl;
  if (c.mapping.empty()) return AddressMap(s.default_mapping, s.org, c.bank_xor);
  try {
    return AddressMap(c.mapping, s.org, c.bank_xor);
  } catch (const ConfigError& e) {
    throw UsageError(fmt::format("--mapping {}: {}", excerpt(c.mapping, 80), e.what()));
  }
}

// tCK from reset to the first tCK of traffic: the controllers' CSRs are programmed first,
// the ID read and each set-up write taking a setup and an access tCK (APB, one transfer
// at a time: sim/cosim/csr/csr_master.h).
uint64_t setup_cycles(const RunOptions& o) {
  return 2 * (1 + csr_setup(o.cosim.ctrl, run_address_map(o),
                            run_standard(o).t.refresh_postpone_max).size());
}

RunResult run_workload(const RunOptions& opt) {
  if (!opt.trace.file.empty()) return run_trace(opt);
  if (opt.workload.pattern == "probe") return run_probe(opt);
  if (is_transformer_workload(opt.workload.pattern)) return run_transformer(opt);
  return is_tile_workload(opt.workload.pattern) ? run_tile(opt) : run_synthetic(opt);
}

RunResult run_synthetic(const RunOptions& opt) {
  HostTraffic traffic;
  traffic.source = [&opt](unsigned port, uint64_t port_bytes) {
    return make_synthetic(opt.workload, port, port_bytes);
  };
  traffic.sources_apart = true;
  return run_host_traffic(opt, traffic);
}

RunResult run_host_traffic(const RunOptions& opt, const HostTraffic& traffic) {
  RunResult r;
  r.opt = opt;
  r.std = run_standard(opt);

  CosimTop top("top", r.std, opt.cosim);
  // Each PC's own port, or one port spanning every PC through the crossbar.
  const bool xbar = opt.cosim.xbar;
  const unsigned ports = xbar ? 1 : opt.cosim.pcs;
  const uint64_t port_bytes = r.std.org.pc_bytes() * (xbar ? opt.cosim.pcs : 1);
  Scoreboard scoreboard(xbar ? xbar_locator(top.address_map(), *top.xbar())
                             : per_pc_locator(top.address_map()),
                        opt.cosim.seed);
  TrafficStats stats;

  std::vector<std::unique_ptr<TrafficSource>> sources;
  std::vector<std::unique_ptr<AxiMaster>> masters;
  AxiMasterOptions mopt;
  mopt.max_reads = opt.max_reads;
  mopt.max_writes = opt.max_writes;
  mopt.defer_events = traffic.sources_apart && top.outcome().eval_threads > 1;
  std::vector<TxnObserver*> observers{&scoreboard, &stats};
  observers.insert(observers.end(), traffic.observers.begin(), traffic.observers.end());
  for (unsigned port = 0; port < ports; ++port) {
    sources.push_back(traffic.source(port, port_bytes));
    masters.push_back(std::make_unique<AxiMaster>(port, *sources.back(), observers, mopt));
    top.attach(port, *masters.back());
  }

  r.outcome = run_cosim(top);

  collect_traffic_results(top, stats, scoreboard, r);
  for (const auto& m : masters) {
    for (const auto& e : m->protocol_errors()) r.problems.push_back(e);
  }
  return r;
}

void collect_traffic_results(CosimTop& top, const TrafficStats& stats, Scoreboard& scoreboard,
                             RunResult& r) {
  // Only a run that drained has every write in the device to compare.
  if (r.outcome.reason == StopReason::Done) scoreboard.check_storage(top.device().storage());
  collect_device_results(top, r);
  r.reads = stats.reads();
  r.writes = stats.writes();
  r.read_bytes = stats.read_bytes();
  r.write_bytes = stats.write_bytes();
  // A write is answered when the controller has posted it, before it reaches the DRAM:
  // on a run that drained every answered byte was moved, but a run stopped early
  // (--max-cycles) holds posted writes the DRAM never took (answered writes could put the
  // bandwidth above the peak). Its bytes are then the DRAM's, as the command log shows
  // them (a tile run's always are); reads and writes still count the bursts answered.
  if (r.outcome.reason != StopReason::Done) {
    r.read_bytes = r.device.read_bursts * Storage::kBurstBytes;
    r.write_bytes = r.device.write_bursts * Storage::kBurstBytes;
  }
  r.decerr = stats.decerr_bursts();
  r.slverr = stats.slverr_bursts();
  r.latency_tck = stats.read_latency();
  r.latency_histogram = stats.latency_histogram();
  r.data_mismatches = scoreboard.mismatches() + scoreboard.response_errors();
  r.bytes_checked = scoreboard.bytes_checked();
  for (const auto& s : scoreboard.reports()) r.problems.push_back(s);
}

}  // namespace hbmsim
