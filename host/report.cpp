#include "host/report.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "controller/rtl_limits.h"
#include "cosim/csr/tile_csr.h"
#include "host/output_files.h"
#include "host/report/probe_report.h"
#include "host/trace/trace_report.h"
#include "tb/axi_txn.h"

namespace hbmsim {
namespace {

// A ratio over nothing (no bit moved, no column command) is undefined: null, as the read
// latency without a sample, not 0, which would read as a measurement.
nlohmann::json ratio_or_null(uint64_t denominator, double ratio) {
  return denominator ? nlohmann::json(ratio) : nlohmann::json(nullptr);
}

// The tile's counters by name, and how busy its MACs were: MACs over what the array
// could do while busy (32 int8 lanes per PC per activation row, MaxN rows). Null when the
// run stopped before the driver read them (0 would read as a measurement).
nlohmann::json tile_json(const RunResult& r) {
  nlohmann::json t = nlohmann::json::object();
  const bool read = r.tile.counters_read;
  for (size_t i = 0; i < tile::kCounterNames.size(); ++i) {
    t[tile::kCounterNames[i]] = read ? nlohmann::json(r.tile.counters[i]) : nullptr;
  }
  const double capacity = double(r.tile.counters[0]) * r.opt.cosim.pcs *
                          RtlTile::kMacsPerPcPerCycle * r.tile.max_n;
  const double util = capacity > 0 ? double(r.tile.counters[4]) / capacity : 0.0;
  t["mac_utilization"] = read ? nlohmann::json(util) : nullptr;
  return t;
}

// One kernel's DRAM figures: bytes, tCK, bandwidth, efficiency, row hits, energy.
nlohmann::json kernel_json(const KernelFigures& k, double tck, double peak) {
  const uint64_t bytes = k.dram.bursts() * 32;
  const double gbps = k.cycles ? double(bytes) / (double(k.cycles) * tck) : 0.0;
  return {{"name", k.name},
          {"instances", k.instances},
          {"bytes", bytes},
          {"bytes_read", k.dram.read_bursts * 32},
          {"bytes_written", k.dram.write_bursts * 32},
          {"cycles", k.cycles},
          {"bandwidth_gbps", gbps},
          {"efficiency", peak > 0 ? gbps / peak : 0.0},
          {"row_hit_rate", ratio_or_null(k.dram.bursts(), k.dram.row_hit_rate())},
          {"energy_pj", k.energy.total()},
          {"pj_per_bit", ratio_or_null(k.energy.bits, k.energy.pj_per_bit())}};
}

// The kernels, the layer they make up, and the whole model projected from them.
void transformer_json(const RunResult& r, nlohmann::json& j) {
  const TransformerFigures& f = r.transformer;
  const double tck = r.std.t.tck_ns;
  const double peak = r.std.peak_gbps_per_pc() * r.opt.cosim.pcs;
  nlohmann::json kernels = nlohmann::json::array();
  KernelFigures layer;
  layer.name = "layer";
  for (const KernelFigures& k : f.kernels) {
    kernels.push_back(kernel_json(k, tck, peak));
    layer.cycles += k.cycles;
    layer.dram.read_bursts += k.dram.read_bursts;
    layer.dram.write_bursts += k.dram.write_bursts;
    layer.dram.row_hits += k.dram.row_hits;
    layer.dram.tcks += k.dram.tcks;
    EnergyBreakdown& e = layer.energy;
    e.act_pre += k.energy.act_pre;
    e.read += k.energy.read;
    e.write += k.energy.write;
    e.refresh += k.energy.refresh;
    e.background += k.energy.background;
    e.io += k.energy.io;
    e.bits += k.energy.bits;
    e.ns += k.energy.ns;
    e.pcs = k.energy.pcs;
  }
  j["kernels"] = kernels;
  const unsigned layer_steps = f.layers_simulated * f.tokens;
  layer.instances = f.layer_runs_done;   // a run stopped early claims only those that ran
  j["layer"] = kernel_json(layer, tck, peak);
  // Projection: every layer of the model costs what a simulated layer cost on average;
  // none from a run stopped early (its layer figures hold unfinished layers).
  const double tokens_per_step = double(f.batch) * (f.prefill ? f.context : 1);
  const double step_s = layer_steps ? double(layer.cycles) * tck * 1e-9 / layer_steps *
                                          f.model_layers : 0.0;
  const double step_j = layer_steps ? layer.energy.total() * 1e-12 / layer_steps *
                                          f.model_layers : 0.0;
  // Projected and compared only after a run that completed (null otherwise).
  auto if_completed = [&f](auto v) { return f.completed ? nlohmann::json(v) : nullptr; };
  j["model"] = {{"name", f.model_name},
                {"preset", f.model_key},
                {"mode", f.prefill ? "prefill" : "decode"},
                {"layers", f.model_layers},
                {"layers_simulated", f.layers_simulated},
                {"batch", f.batch},
                {"context", f.context},
                {"tokens", f.prefill ? 0u : f.tokens},
                {"step_latency_s_projected", if_completed(step_s)},
                {"tokens_per_s_projected",
                 if_completed(step_s > 0 ? tokens_per_step / step_s : 0.0)},
                {"joules_per_token_projected",
                 if_completed(tokens_per_step > 0 ? step_j / tokens_per_step : 0.0)},
                {"projection", fmt::format("{} at the simulated layers' average; embedding, "
                                           "LM head and host steps not counted",
                                           f.model_layers == 1 ? std::string("the one layer")
                                           : fmt::format("all {} layers", f.model_layers))},
                {"reference_bytes_compared", if_completed(f.reference_bytes)},
                {"reference_mismatches", if_completed(f.reference_mismatches)},
                {"vcache_bytes_placed_by_host", f.host_vcache_bytes}};
}

// The kernel table: each column as wide as it always was (a typical run prints as before),
// wider when a cell needs it: a 1000-ns tCK with ten times HBM2's currents gave pJ/bit of
// 20411.10, which pushed its rows out of line.
std::string transformer_summary(const TransformerFigures& f, const nlohmann::json& j) {
  std::vector<std::vector<std::string>> rows = {
      {"kernel", "runs", "bytes", "tCK", "GB/s", "% peak", "row hit", "pJ/bit"}};
  for (const auto& k : j["kernels"]) rows.push_back(kernel_row(k));
  rows.push_back(kernel_row(j["layer"]));
  std::vector<size_t> width = {12, 5, 12, 10, 9, 7, 8, 7};
  for (const auto& r : rows) {
    for (size_t c = 0; c < width.size(); ++c) width[c] = std::max(width[c], r[c].size());
  }
  std::string s;
  for (const auto& r : rows) {
    s += fmt::format("  {:<{}}", r[0], width[0]);
    for (size_t c = 1; c < r.size(); ++c) s += fmt::format(" {:>{}}", r[c], width[c]);
    s += "\n";
  }
  if (!f.kernel_in_progress.empty()) s += "  stopped in    " + stopped_kernel_text(f) + "\n";
  s += "  projected     " + projection_text(j) + "\n";
  return s;
}

// Reads whose latency was measured: the host's reads answered OKAY (none in a write-only
// run, a tile run, or one whose reads were all refused).
uint64_t latency_samples(const RunResult& r) {
  uint64_t n = 0;
  for (uint64_t reads : r.latency_histogram) n += reads;
  return n;
}

// Mean, p50, p99 and max in ns, null without a sample (0 ns would read as a measurement).
nlohmann::json latency_json(const RunResult& r) {
  const uint64_t samples = latency_samples(r);
  auto ns = [&r, samples](double tcks) -> nlohmann::json {
    if (samples == 0) return nullptr;
    return tcks * r.std.t.tck_ns;
  };
  const LatencySummary& l = r.latency_tck;
  return {{"mean", ns(l.mean)}, {"p50", ns(l.p50)}, {"p99", ns(l.p99)}, {"max", ns(l.max)},
          {"samples", samples}};
}

// The traffic's settings. requests (bursts in all), requests_per_pc, read_ratio and
// burst_bytes are synthetic traffic's; a trace gives its own figures (trace_report.cpp);
// the probe's are what it issued on its one PC (32-byte reads only); the tile's DMA
// chooses its own bursts, so they are null there (docs/user-guide.md, "Outputs other tools read").
nlohmann::json workload_json(const RunResult& r) {
  const SyntheticSpec& w = r.opt.workload;
  // --requests counts per port: each PC's, or with --xbar the crossbar's one, which
  // spreads them over the PCs.
  const uint64_t total = r.opt.cosim.xbar ? w.requests : w.requests * r.opt.cosim.pcs;
  nlohmann::json j = {{"pattern", w.pattern},
                      {"requests", total},
                      {"requests_per_pc", requests_per_pc(total, r.opt.cosim.pcs)},
                      {"read_ratio", w.read_ratio},
                      {"burst_bytes", w.beats * 32},
                      {"seed", w.seed}};
  if (r.probe.present) {
    j["requests"] = j["requests_per_pc"] = r.reads;
    j["read_ratio"] = 1.0;
    j["burst_bytes"] = 32;
  }
  if (r.tile.present) {
    for (const char* key : {"requests", "requests_per_pc", "read_ratio", "burst_bytes"}) {
      j[key] = nullptr;
    }
  }
  if (r.trace.present) update_trace_workload(r, j);
  return j;
}

// With threads, how much ran on one because hand-overs were late (LateGuard: other work
// on the cores).
std::string serial_note(const RunOutcome& o) {
  if (o.eval_serial_jobs == 0 || o.total_cycles == 0) return "";
  const double share = std::min(1.0, double(o.eval_serial_jobs) / double(o.total_cycles));
  return fmt::format("; one for {:.0f} % of the tCKs, where hand-overs between them were "
                     "late", 100.0 * share);
}

std::string latency_line(const nlohmann::json& lat) {
  if (lat["mean"].is_null()) return "  read latency  n/a (no read was served)\n";
  return fmt::format("  read latency  mean {:.1f} ns, p50 {:.1f}, p99 {:.1f}, max {:.1f}\n",
                     lat["mean"].get<double>(), lat["p50"].get<double>(),
                     lat["p99"].get<double>(), lat["max"].get<double>());
}

}  // namespace

nlohmann::json requests_per_pc(uint64_t requests, unsigned pcs) {
  if (pcs == 0 || requests % pcs) return nullptr;
  return requests / pcs;
}

std::string fixed(const nlohmann::json& v, int digits, double scale) {
  if (v.is_null()) return "n/a";
  return fmt::format("{:.{}f}", scale * v.get<double>(), digits);
}

namespace {
// v with at least `decimals` decimals, and as many more (up to 9) as `digits` significant
// digits of a non-zero v below one unit of the last of them take.
std::string at_least(double v, int decimals, int digits) {
  if (v > 0 && v < std::pow(10.0, -decimals)) {
    decimals = std::min(9, digits - 1 - int(std::floor(std::log10(v))));
  }
  return fmt::format("{:.{}f}", v, decimals);
}
}  // namespace

// One decimal (two for pJ/bit) as a typical run's 732.8 GB/s, more when a figure that is
// not zero would print as zero: a 500-ns tCK's layer read '0.0 GB/s' beside '90.4 % peak'.
std::vector<std::string> kernel_row(const nlohmann::json& k) {
  auto figure = [](const nlohmann::json& v, int decimals, double scale) {
    return v.is_null() ? std::string("n/a") : at_least(scale * v.get<double>(), decimals, 2);
  };
  return {k["name"].get<std::string>(), k["instances"].dump(), k["bytes"].dump(),
          k["cycles"].dump(), figure(k["bandwidth_gbps"], 1, 1),
          figure(k["efficiency"], 1, 100), figure(k["row_hit_rate"], 1, 100),
          figure(k["pj_per_bit"], 2, 1)};
}

std::string standard_label(const RunResult& r) {
  if (r.std.file != r.opt.standard) return r.std.name;
  return fmt::format("{} from {}", r.std.name, excerpt(r.std.file, 120));
}

std::string microseconds_text(uint64_t cycles, double tck_ns) {
  return at_least(double(cycles) * tck_ns / 1000.0, 1, 2) + " us";
}

std::string xbar_port_text(const nlohmann::json& j) {
  if (!j.contains("xbar") || !j["xbar"].is_object()) return "";
  const nlohmann::json& x = j["xbar"];
  const double port = x["port_peak_gbps_each_way"].get<double>();
  if (port >= j["peak_gbps"].get<double>()) return "";
  return fmt::format("one AXI port for the {} PCs: at most {:.2f} GB/s each way; reads {} %, "
                     "writes {} % of it", j["pcs"].get<unsigned>(), port,
                     at_least(100.0 * x["port_read_efficiency"].get<double>(), 1, 2),
                     at_least(100.0 * x["port_write_efficiency"].get<double>(), 1, 2));
}

std::string axi_errors_text(const nlohmann::json& j) {
  const uint64_t decerr = j["axi_errors"]["decerr"].get<uint64_t>();
  const uint64_t slverr = j["axi_errors"]["slverr"].get<uint64_t>();
  if (!decerr && !slverr) return "";
  return fmt::format("{} answered DECERR and {} SLVERR, left out of bandwidth, bytes, "
                     "reads/writes and read latency", count_of(decerr, "burst"), slverr);
}

std::string bandwidth_text(const nlohmann::json& j) {
  return fmt::format("{} GB/s of {:.2f} GB/s peak = {} %",
                     at_least(j["bandwidth_gbps"].get<double>(), 2, 3),
                     j["peak_gbps"].get<double>(),
                     at_least(100.0 * j["efficiency"].get<double>(), 1, 2));
}

// One decimal, more for a fraction that is not zero but would print as 0.0 (1 row hit in
// 4000 column commands printed 'row hit rate 0.0 %'), as bandwidth_text's efficiency.
std::string percent_text(const nlohmann::json& v, const char* why_na) {
  if (v.is_null()) return fmt::format("n/a ({})", why_na);
  return at_least(100.0 * v.get<double>(), 1, 2) + " %";
}

std::string energy_text(const nlohmann::json& j) {
  const nlohmann::json& ppb = j["pj_per_bit"];
  return fmt::format("{} pJ/bit, {} mW per PC",
                     ppb.is_null() ? std::string("n/a") : at_least(ppb.get<double>(), 2, 2),
                     at_least(j["power_mw"].get<double>(), 1, 2));
}

namespace {

// Joules with three decimals in a unit that keeps them: a small model's few microjoules
// per token printed as "0.000 J" read as no energy at all, and a prefill of many tokens
// through a small one, 49.5 nJ a token, as "0.049 uJ".
std::string joules_text(double j) {
  if (j >= 0.1 || j == 0) return fmt::format("{:.3f} J", j);
  if (j >= 1e-4) return fmt::format("{:.3f} mJ", j * 1e3);
  if (j >= 1e-7) return fmt::format("{:.3f} uJ", j * 1e6);
  return fmt::format("{:.3f} nJ", j * 1e9);
}

// v with at least `decimals` decimals and `digits` significant digits (up to 9
// decimals): a small model's 1.28 us per token printed as "0.001 ms", 22 % off, and a
// large one's 0.748 tokens/s as "0.7".
std::string significant(double v, int decimals, int digits) {
  if (v > 0) decimals = std::max(decimals, digits - 1 - int(std::floor(std::log10(v))));
  return fmt::format("{:.{}f}", v, std::min(9, decimals));
}

}  // namespace

std::string projection_text(const nlohmann::json& report) {
  const nlohmann::json& m = report["model"];
  if (m["step_latency_s_projected"].is_null()) {
    // Stopped while the controllers drained the last kernel's writes, every layer run had
    // finished (the layer row counts them all): 'before every simulated layer finished'
    // contradicted it. The figures still lack the rest of the drain.
    const unsigned steps = m["layers_simulated"].get<unsigned>() *
                           (m["mode"] == "prefill" ? 1u : m["tokens"].get<unsigned>());
    if (report["layer"]["instances"].get<unsigned>() == steps) {
      return "n/a (the run stopped while the last kernel's writes drained: every simulated "
             "layer ran, but its figures lack the rest of the drain)";
    }
    return "n/a (the run stopped before every simulated layer finished)";
  }
  const bool prefill = m["mode"] == "prefill";
  const unsigned batch = m["batch"].get<unsigned>();
  // A step runs every sequence of the batch together, one token on (decode) or through
  // its prompt (prefill): at batch B > 1 the latency is the step's, not one token's or
  // one prompt's (a prefill of 2 prompts read "ms per prompt" for both together).
  const std::string one = prefill ? "prompt" : "token";
  const std::string per = batch == 1 ? one : fmt::format("step ({} {}s)", batch, one);
  const unsigned simulated = m["layers_simulated"].get<unsigned>();
  return fmt::format("{} ({}): {} ms per {}, {} tokens/s, {} per token "
                     "[projected from {} simulated layer{}]",
                     m["name"].get<std::string>(), count_of(m["layers"].get<unsigned>(), "layer"),
                     significant(1e3 * m["step_latency_s_projected"].get<double>(), 3, 3), per,
                     significant(m["tokens_per_s_projected"].get<double>(), 1, 3),
                     joules_text(m["joules_per_token_projected"].get<double>()), simulated,
                     simulated == 1 ? "" : "s");
}

std::string tile_busy_text(const nlohmann::json& t) {
  if (t["busy_cycles"].is_null()) {
    return "n/a (the run stopped before the tile's counters were read)";
  }
  return fmt::format("busy {} tCK ({} stalled on memory), {} B read, {} B written",
                     t["busy_cycles"].get<uint64_t>(), t["mem_stall_cycles"].get<uint64_t>(),
                     t["bytes_read"].get<uint64_t>(), t["bytes_written"].get<uint64_t>());
}

std::string tile_macs_text(const nlohmann::json& t) {
  if (t["macs"].is_null()) return "n/a";
  // A GEMV of 1 x 1 (1 MAC in 333 busy tCK) printed '1 = 0.0 % of the array'.
  return fmt::format("{} = {} % of the array while busy; {}, {}", t["macs"].get<uint64_t>(),
                     at_least(100.0 * t["mac_utilization"].get<double>(), 1, 2),
                     count_of(t["descriptors"].get<uint64_t>(), "descriptor"),
                     count_of(t["errors"].get<uint64_t>(), "error"));
}

// The layer row sums the kernels' rows, so it holds the unfinished work too: 'layer 0 runs,
// 33376 bytes, 1472 tCK' of a decode stopped in its first attn_score was explained only
// for attn_score's row ('its row holds the unfinished run's work too'), and in the HTML
// report not at all.
std::string stopped_kernel_text(const TransformerFigures& f) {
  if (f.kernel_in_progress.empty()) return "";
  return fmt::format("{}: its row and the layer row hold the unfinished run's work too; runs "
                     "count finished ones", f.kernel_in_progress);
}

nlohmann::json make_report(const RunResult& r) {
  using nlohmann::json;
  const double tck = r.std.t.tck_ns;
  const uint64_t cycles = r.outcome.cycles;
  const uint64_t bytes = r.read_bytes + r.write_bytes;
  const double bandwidth = cycles ? double(bytes) / (double(cycles) * tck) : 0.0;  // B/ns = GB/s
  const double peak = r.std.peak_gbps_per_pc() * r.opt.cosim.pcs;

  json commands = json::object();
  for (unsigned k = 0; k < kNumCmdKinds; ++k) {
    commands[cmd_name(static_cast<CmdKind>(k))] = r.device.commands[k];
  }
  json j;
  j["standard"] = r.std.name;
  j["standard_file"] = r.std.file;
  j["pcs"] = r.opt.cosim.pcs;
  j["tck_ns"] = tck;
  j["cycles"] = cycles;
  j["wall_s"] = r.outcome.wall_s;
  j["cycles_per_s"] = r.outcome.wall_s > 0 ? double(cycles) / r.outcome.wall_s : 0.0;
  // The summary's "(N threads)": like wall_s it describes the host's work, not the
  // simulation (the default follows the idle cores; the figures are the same for any N).
  j["threads"] = r.outcome.eval_threads;
  // reads, writes, bytes and bandwidth count only bursts answered OKAY; these are apart.
  j["axi_errors"] = {{"decerr", r.decerr}, {"slverr", r.slverr}};
  j["reads"] = r.reads;
  j["writes"] = r.writes;
  j["bytes"] = bytes;
  j["bandwidth_gbps"] = bandwidth;
  j["bandwidth_unit"] = "GB/s (1e9 bytes per second)";
  j["peak_gbps"] = peak;
  j["efficiency"] = peak > 0 ? bandwidth / peak : 0.0;
  // With --xbar every byte goes through the crossbar's one port, a 32-byte beat per tCK
  // each way (R and W): from 3 PCs on it carries less than the PCs' peak, which
  // `efficiency` is measured against (32 PCs of reads at 88 % of the port read '5.5 %
  // efficiency' alone), and nothing in the report said the run had a crossbar at all.
  const double port_peak = double(AxiTxn::kBusBytes) / tck;
  auto port_share = [&](uint64_t b) {
    return cycles ? double(b) / (double(cycles) * tck) / port_peak : 0.0;
  };
  j["xbar"] = r.opt.cosim.xbar
                  ? json{{"granule_bytes", r.opt.cosim.xbar_granule},
                         {"port_peak_gbps_each_way", port_peak},
                         {"port_read_efficiency", port_share(r.read_bytes)},
                         {"port_write_efficiency", port_share(r.write_bytes)}}
                  : json(nullptr);
  j["read_latency_ns"] = latency_json(r);
  j["row_hit_rate"] = ratio_or_null(r.device.bursts(), r.device.row_hit_rate());
  j["commands"] = commands;
  j["storage_bytes"] = r.storage_bytes;
  // Energy of the device over every tCK it was clocked (reset and set-up included), for
  // the PCs simulated; I/O is its own term.
  const EnergyBreakdown& e = r.energy;
  j["energy_pj"] = e.total();
  // A tile run stopped in its --tile-load axi load phase, or before the tile's first burst
  // after it, moved only the load's bits: 2.97 pJ/bit of X's writes read as the GEMV's
  // figure. None, as for a figure the run stopped before (the tile's counters, a
  // projection); the summary says why.
  j["pj_per_bit"] = r.tile.only_load_bits ? nlohmann::json(nullptr)
                                          : ratio_or_null(e.bits, e.pj_per_bit());
  j["power_mw"] = e.power_mw_per_pc();
  j["energy"] = {{"act_pre", e.act_pre}, {"read", e.read},           {"write", e.write},
                 {"refresh", e.refresh}, {"background", e.background}, {"io", e.io}};
  j["checks"] = {{"timing_violations", r.timing_violations},
                 {"data_mismatches", r.data_mismatches},
                 {"bytes_checked", r.bytes_checked}};
  j["workload"] = workload_json(r);
  if (r.transformer.present) transformer_json(r, j);
  if (r.probe.present) j["probe"] = probe_json(r);
  if (r.trace.present) j["trace"] = trace_json(r);
  if (r.tile.present) {
    // reads / writes then count the tile's 32-byte beats; bytes are the tile's.
    j["tile"] = tile_json(r);
    j["checks"]["tile_outputs_checked"] = r.tile.outputs_checked;
    const TileSpec& t = r.opt.tile;
    if (r.transformer.present) {
      // tokens as the model object has them: a prefill's 0 (it takes no --tokens), where
      // this said 1, its one step, beside model.tokens 0.
      j["workload"].update({{"model", r.transformer.model_key}, {"batch", r.transformer.batch},
                            {"context", r.transformer.context}, {"tokens", j["model"]["tokens"]},
                            {"layers", r.transformer.layers_simulated},
                            {"granule_bytes", r.opt.cosim.tile_granule}});
    } else {
      j["workload"].update({{"m", t.m}, {"k", t.k}, {"n", t.n}, {"int8_out", t.int8_out},
                          {"shift", t.shift}, {"accumulate", t.accumulate},
                          {"granule_bytes", r.opt.cosim.tile_granule},
                          {"load", t.load_axi ? "axi" : "backdoor"},
                          {"load_bytes", r.tile.load_bytes},
                          {"reads_writes_count", "32-byte beats"}});
    }
  }
  const ControllerConfig& c = r.opt.cosim.ctrl;
  const RtlForm form = rtl_form();
  j["controller"] = {{"mapping", c.mapping.empty() ? r.std.default_mapping : c.mapping},
                     {"bank_xor", c.bank_xor},
                     {"scheduler", name(c.sched)},
                     {"page_policy", name(c.page)},
                     {"refresh", name(c.refresh)},
                     {"refresh_postpone", c.postpone},
                     {"pull_in", c.pull_in},
                     {"queue", form.queue()},
                     {"pick", form.pick()},
                     {"clock_ratio", r.opt.cosim.clock_ratio}};
  // The controllers' own counters (CSRs), summed over PCs and per PC.
  json counters = json::object();
  json per_pc = json::array();
  for (const auto& pc : r.outcome.counters) {
    json one = json::object();
    for (size_t k = 0; k < pc.size(); ++k) {
      one[csr::kCounterNames[k]] = pc[k];
      counters[csr::kCounterNames[k]] = counters.value(csr::kCounterNames[k], uint64_t(0)) + pc[k];
    }
    per_pc.push_back(one);
  }
  j["controller_counters"] = counters;
  j["controller_counters_per_pc"] = per_pc;
  j["dram"] = {{"read_bursts", r.device.read_bursts},
               {"write_bursts", r.device.write_bursts},
               {"row_hits", r.device.row_hits},
               {"row_misses", r.device.row_misses},
               {"storage_bytes", r.storage_bytes}};
  j["status"] = r.passed() ? "pass" : "fail";
  j["problems"] = r.problems;
  return j;
}

void write_report(const nlohmann::json& report, const std::string& path) {
  write_text_file("--report", path, json_text(report));
}

std::string format_summary(const RunResult& r, const nlohmann::json& j) {
  std::string s;
  if (r.trace.present) {
    s += trace_headline(r);
  } else if (r.transformer.present) {
    const TransformerFigures& f = r.transformer;
    s += fmt::format("hbmsim run: {} ({} Gb/s), {} PC{}, {} {} of {}, {} of {}, batch {}, "
                     "context {}{}, seed {}\n",
                     standard_label(r), r.std.data_rate_gbps, r.opt.cosim.pcs,
                     r.opt.cosim.pcs == 1 ? "" : "s", f.model_name,
                     f.prefill ? "prefill" : "decode", f.model_key, f.layers_simulated,
                     count_of(f.model_layers, "layer"), f.batch, f.context,
                     f.prefill ? "" : fmt::format(", {} token{}", f.tokens, f.tokens == 1 ? "" : "s"),
                     r.opt.workload.seed);
  } else if (r.tile.present) {
    const TileSpec& t = r.opt.tile;
    s += fmt::format("hbmsim run: {} ({} Gb/s), {} PC{}, tile {} m {} k {} {} {}, {} output{}, "
                     "granule {} B, seed {}\n",
                     standard_label(r), r.std.data_rate_gbps, r.opt.cosim.pcs,
                     r.opt.cosim.pcs == 1 ? "" : "s", r.opt.workload.pattern, t.m, t.k,
                     r.opt.workload.pattern == "gemv" ? "batch" : "n", t.n,
                     t.int8_out ? fmt::format("int8 (shift {})", t.shift) : std::string("int32"),
                     t.accumulate ? ", accumulating" : "", r.opt.cosim.tile_granule,
                     r.opt.workload.seed);
  } else if (r.probe.present) {
    s += fmt::format("hbmsim run: {} ({} Gb/s), PC 0, latency probe ({} per case, one "
                     "outstanding) and stride sweep ({} per stride, up to {} outstanding, "
                     "{} page policy), seed {}\n",
                     standard_label(r), r.std.data_rate_gbps, count_of(r.opt.probe.samples, "read"),
                     count_of(r.opt.probe.sweep_reads, "read"), r.opt.max_reads,
                     r.probe.sweep_page_policy,
                     r.opt.workload.seed);
  } else {
    // --requests counts per PC, or with --xbar in all (the crossbar spreads them).
    const uint64_t n = r.opt.workload.requests, bytes = r.opt.workload.beats * 32;
    std::string requests = fmt::format("{} x {} B bursts per PC", n, bytes);
    // The crossbar spreads them by address, so --requests / PCs is what a PC serves on
    // average: random traffic's 200 over 4 PCs were 56, 55, 46 and 43, said "(50 per PC)".
    if (r.opt.cosim.xbar) {
      const auto& per = j["workload"]["requests_per_pc"];
      requests = fmt::format("{} x {} B bursts through the crossbar ({} per PC on average)", n,
                             bytes, per.is_null() ? fmt::format("{:.2f}",
                                                                double(n) / r.opt.cosim.pcs)
                                                  : std::to_string(per.get<uint64_t>()));
    }
    // Two decimals when they are the ratio; else all it takes: --read-ratio 0.999 read
    // 'read ratio 1.00' and 0.001 '0.00', as if the run had no write, or no read.
    const double rr = r.opt.workload.read_ratio;
    std::string ratio = fmt::format("{:.2f}", rr);
    if (std::strtod(ratio.c_str(), nullptr) != rr) ratio = fmt::format("{}", rr);
    s += fmt::format("hbmsim run: {} ({} Gb/s), {} PC{}, {} traffic, {}, read ratio {}, "
                     "seed {}\n",
                     standard_label(r), r.std.data_rate_gbps, r.opt.cosim.pcs,
                     r.opt.cosim.pcs == 1 ? "" : "s", r.opt.workload.pattern, requests, ratio,
                     r.opt.workload.seed);
  }
  // Stopped in --tile-load axi's load phase, the traffic phase never began: the tCKs are
  // the load's, and the bandwidth below the workload's (none).
  s += fmt::format("  simulated     {} tCK ({}) in {:.2f} s wall = {:.0f} cycles/s "
                   "({} thread{}{}){}\n",
                   r.outcome.cycles, microseconds_text(r.outcome.cycles, r.std.t.tck_ns),
                   r.outcome.wall_s, j["cycles_per_s"].get<double>(), r.outcome.eval_threads,
                   r.outcome.eval_threads == 1 ? "" : "s", serial_note(r.outcome),
                   r.tile.stopped_loading ? ", all in the --tile-load axi load phase: the "
                                            "workload never started" : "");
  s += fmt::format("  bandwidth     {} efficiency\n", bandwidth_text(j));
  if (const std::string x = xbar_port_text(j); !x.empty()) s += "  crossbar      " + x + "\n";
  if (const std::string e = axi_errors_text(j); !e.empty()) s += "  axi errors    " + e + "\n";
  if (!r.tile.present) s += latency_line(j["read_latency_ns"]);   // the tile's: not timed
  if (r.tile.present) {
    s += "  tile          " + tile_busy_text(j["tile"]) + "\n";
    if (r.tile.counters_read) s += "  tile MACs     " + tile_macs_text(j["tile"]) + "\n";
  }
  if (r.transformer.present) s += transformer_summary(r.transformer, j);
  if (r.probe.present) s += probe_summary(j["probe"]);
  if (r.trace.present) s += trace_summary(r);
  s += "  row hit rate  " + percent_text(j["row_hit_rate"], "no column command") + "\n";
  s += "  commands     ";
  for (unsigned k = 0; k < kNumCmdKinds; ++k) {
    if (r.device.commands[k]) {
      s += fmt::format(" {} {}", cmd_name(static_cast<CmdKind>(k)), r.device.commands[k]);
    }
  }
  s += "\n";
  const EnergyBreakdown& e = r.energy;
  std::string per_bit =
      e.bits ? fmt::format("{} pJ/bit ({} without I/O)", at_least(e.pj_per_bit(), 2, 2),
                           at_least((e.total() - e.io) / double(e.bits), 2, 2))
             : std::string("n/a pJ/bit (no bit moved)");
  if (r.tile.stopped_loading) {
    per_bit = fmt::format("n/a pJ/bit (the run stopped in the --tile-load axi load phase: its "
                          "{} bytes were the load's, not the workload's)", r.tile.load_bytes);
  } else if (r.tile.only_load_bits) {
    per_bit = fmt::format("n/a pJ/bit (the run stopped before the tile moved a byte: the {} "
                          "bytes were the --tile-load axi load's, not the workload's)",
                          r.tile.load_bytes);
  }
  // In a unit that keeps the figure short: a decode layer's 3.13 mJ read "3127299.8 nJ".
  // As the kernel table's figures: one that is not zero is not printed as zero (a
  // standard with a tiny VDD read "0.00 without I/O").
  s += fmt::format("  energy        {}, {} mW per PC, {} in all\n", per_bit,
                   at_least(e.power_mw_per_pc(), 1, 2), joules_text(e.total() * 1e-12));
  std::string compared;
  if (r.transformer.present) {
    const std::string ref = r.transformer.completed
        ? fmt::format("{} with the C++ reference",
                      count_of(r.transformer.reference_bytes, "layer-output byte"))
        : std::string("layer outputs not compared with the C++ reference: the run stopped");
    compared = fmt::format("{} compared with the golden model, {}",
                           count_of(r.tile.outputs_checked, "tile output"), ref);
  } else if (r.tile.present) {
    compared = fmt::format("{} compared with the golden model",
                           count_of(r.tile.outputs_checked, "tile output"));
  } else {
    compared = fmt::format("{} bytes read back and compared", r.bytes_checked);
  }
  s += fmt::format("  checks        {}, {} ({})\n",
                   count_of(r.timing_violations, "timing violation"),
                   count_of(r.data_mismatches, "data mismatch", "data mismatches"), compared);
  s += fmt::format("  result        {}\n", r.passed() ? "PASS" : "FAIL");
  for (const auto& p : r.problems) s += "  problem       " + p + "\n";
  return s;
}

}  // namespace hbmsim
