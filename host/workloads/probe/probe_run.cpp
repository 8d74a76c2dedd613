// `hbmsim run --workload probe`: the latency cases and the stride sweep as phases of one
// co-simulation on PC 0 (SystemC runs once per process), each read checked like any
// other. Why each phase is set up as it is: docs/probe.md.
#include <functional>
#include <memory>

#include <fmt/format.h>

#include "common/errors.h"
#include "host/run.h"
#include "host/workloads/probe/probe_agent.h"
#include "tb/scoreboard.h"
#include "tb/traffic_stats.h"

namespace hbmsim {
namespace {

// The CTRL register's value for a configuration (the page policy lives there).
uint32_t ctrl_word(const ControllerConfig& c, const AddressMap& map, const Standard& s) {
  for (const auto& [offset, value] : csr_setup(c, map, s.t.refresh_postpone_max)) {
    if (offset == csr::kCtrl) return value;
  }
  throw SimulationError("csr_setup wrote no CTRL register");
}

uint64_t address(const AddressMap& map, unsigned bank, unsigned row, unsigned col,
                 const Organisation& org) {
  DramAddress a;
  a.bg = bank / org.banks_per_group;
  a.bank = bank % org.banks_per_group;
  a.row = row % org.rows;
  a.col = col % org.columns;
  return map.encode(a);
}

ProbePhase phase(std::optional<ProbeCase> c, uint64_t reads,
                 std::function<uint64_t(uint64_t)> addr) {
  ProbePhase p;
  p.latency = c;
  p.reads = reads;
  p.addr = std::move(addr);
  return p;
}

// The latency phases. Banks of stack ID 0 only (every part has it); rotating over them
// keeps each bank idle for many reads, so tRC, tRAS and tRP never add to a sample.
std::vector<ProbePhase> latency_phases(const ProbeSpec& s, const AddressMap& map,
                                       const Organisation& org, uint32_t open) {
  const unsigned banks = org.bankgroups * org.banks_per_group;
  auto at = [&map, org](uint64_t bank, uint64_t row, uint64_t col) {
    return address(map, unsigned(bank), unsigned(row), unsigned(col), org);
  };
  std::vector<ProbePhase> v;
  // Closed: the run starts with the closed page policy; every read auto-precharges.
  v.push_back(phase(ProbeCase::Closed, s.samples,
                    [=](uint64_t i) { return at(i % banks, 1 + i / banks, 0); }));
  // Open page from here. A warm-up phase (not measured) opens row 3 of every bank, then
  // row 7 of bank 1; then hits walk row 7's columns and misses take each bank in turn,
  // alternating its two rows.
  v.push_back(phase(std::nullopt, banks + 1,
                    [=](uint64_t i) { return i < banks ? at(i, 3, 0) : at(1, 7, 0); }));
  v.back().ctrl = open;
  v.push_back(phase(ProbeCase::Hit, s.samples, [=](uint64_t i) { return at(1, 7, 1 + i); }));
  v.push_back(phase(ProbeCase::Miss, s.samples,
                    [=](uint64_t i) { return at(i % banks, 2 + (i / banks) % 2, 0); }));
  return v;
}

// A phase per stride: reads i * stride apart (wrapping at the PC's size) with as many in
// flight as --max-reads allows, under the run's own page policy.
std::vector<ProbePhase> sweep_phases(const ProbeSpec& s, const AddressMap& map,
                                     uint64_t span, unsigned max_reads, uint32_t ctrl) {
  std::vector<ProbePhase> v;
  for (uint64_t stride = s.stride_min; stride <= s.stride_max; stride *= 2) {
    auto addrs = std::make_shared<std::vector<uint64_t>>();
    for (uint64_t i = 0, a = 0; addrs->size() < s.sweep_reads && i < 4ull * s.sweep_reads;
         ++i, a = (a + stride) % span) {
      if (map.exists(a)) addrs->push_back(a);   // a 12-high part's missing stack ID
    }
    v.push_back(phase(std::nullopt, addrs->size(), [addrs](uint64_t i) { return (*addrs)[i]; }));
    v.back().stride = stride;
    v.back().max_reads = max_reads;
    if (v.size() == 1) v.back().ctrl = ctrl;
  }
  return v;
}

// `pc_bytes`: the sweep's reads wrap at the PC's size, so from a stride of that size on
// every read of a stride lands on address 0, and its row would show one address's
// bandwidth under a stride it never had.
void check_spec(const RunOptions& opt, uint64_t pc_bytes) {
  const ProbeSpec& s = opt.probe;
  if (opt.cosim.xbar || opt.cosim.pcs != 1) {
    throw UsageError("--workload probe measures one pseudo-channel's own port: --pcs 1, no "
                     "--xbar");
  }
  auto pow2 = [](uint64_t v) { return v >= 32 && (v & (v - 1)) == 0; };
  if (!pow2(s.stride_min) || !pow2(s.stride_max) || s.stride_min > s.stride_max ||
      s.stride_max >= pc_bytes) {
    throw UsageError(fmt::format("--sweep-max-stride {}: expected a power of two from {} and "
                                 "below the PC's {} bytes (the sweep's reads wrap at its size)",
                                 s.stride_max, s.stride_min, pc_bytes));
  }
}

}  // namespace

RunResult run_probe(const RunOptions& opt) {
  RunResult r;
  r.opt = opt;
  r.std = run_standard(opt);
  check_spec(opt, r.std.org.pc_bytes());
  CosimOptions co = opt.cosim;
  co.ctrl.page = PagePolicy::Closed;   // the first phase's
  CosimTop top("top", r.std, co);
  const AddressMap& map = top.address_map();
  ControllerConfig open = opt.cosim.ctrl;
  open.page = PagePolicy::Open;

  std::vector<ProbePhase> phases = latency_phases(opt.probe, map, r.std.org,
                                                  ctrl_word(open, map, r.std));
  for (auto& p : sweep_phases(opt.probe, map, r.std.org.pc_bytes(), opt.max_reads,
                              ctrl_word(opt.cosim.ctrl, map, r.std))) {
    phases.push_back(std::move(p));
  }
  Scoreboard scoreboard(per_pc_locator(map), opt.cosim.seed);
  TrafficStats stats;
  ProbeAgent agent(top, std::move(phases), {&scoreboard, &stats});
  top.observe(agent);
  top.attach(0, agent);
  r.outcome = run_cosim(top);
  collect_traffic_results(top, stats, scoreboard, r);
  r.probe = agent.figures();
  r.probe.sweep_page_policy = name(opt.cosim.ctrl.page);
  return r;
}

}  // namespace hbmsim
