// `hbmsim run`: its flags and what it does with them.
#include "host/cli/cli_run.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "controller/clock_ratio.h"
#include "controller/rtl_limits.h"
#include "cosim/models/rtl_channels.h"
#include "cosim/models/rtl_tile.h"
#include "cosim/models/rtl_xbar.h"
#include "host/cli/cli_numbers.h"
#include "host/cli/config_input.h"
#include "host/output_files.h"
#include "host/report.h"
#include "host/report/html_report.h"
#include "host/report/progress.h"
#include "host/report/timeseries.h"
#include "host/cli/signal_cleanup.h"
#include "host/run.h"
#include "host/trace/trace_cli.h"
#include "host/workloads/transformer/model_preset.h"
#include "host/workloads/transformer/transformer_job.h"

namespace hbmsim {
namespace {

void add_controller_options(CLI::App& run, ControllerConfig& c) {
  const std::vector<std::pair<std::string, SchedPolicy>> sched{{"frfcfs", SchedPolicy::FrFcfs},
                                                               {"fcfs", SchedPolicy::Fcfs}};
  const std::vector<std::pair<std::string, PagePolicy>> page{{"open", PagePolicy::Open},
                                                             {"closed", PagePolicy::Closed},
                                                             {"adaptive", PagePolicy::Adaptive}};
  const std::vector<std::pair<std::string, RefreshPolicy>> refresh{
      {"allbank", RefreshPolicy::AllBank}, {"perbank", RefreshPolicy::PerBank}};
  run.add_option("--mapping", c.mapping,
                 "Address bit order, most significant field first, e.g. RoSiBaCoBg "
                 "(default: the standard's)")
      ->check(non_empty("mapping"));
  run.add_flag("--bank-xor", c.bank_xor, "XOR bank and bank-group bits with low row bits");
  run.add_option("--scheduler", c.sched, "Command scheduling")
      ->transform(choice(sched))->default_str("frfcfs");
  run.add_option("--page-policy", c.page, "Row buffer policy")
      ->transform(choice(page))->default_str("adaptive");
  run.add_option("--refresh", c.refresh, "Refresh: all-bank (REFab) or per-bank (REFpb)")
      ->transform(choice(refresh))->default_str("perbank");
  run.add_option("--refresh-postpone", c.postpone,
                 "Refreshes that may be owed under load (default: the standard's "
                 "refresh_postpone_max, 8 on every preset)")
      ->check(whole(0, 8));
  run.add_option("--pull-in", c.pull_in, "Refresh ahead of time when idle (true/false)")
      ->type_name("BOOL")->default_str(c.pull_in ? "true" : "false")
      ->check(truth().description(""));
  run.add_option("--page-idle", c.page_idle, "Adaptive page policy: close a row idle N tCK")
      ->capture_default_str()->check(whole(1, 65535));
  run.add_option("--starve", c.starve, "tCK before a request stops being overtaken (0: never)")
      ->capture_default_str()->check(whole(0, 65535));
  run.add_option("--wr-high", c.wr_high, "Posted writes (queued or staged) that start a write drain")
      ->capture_default_str()->check(whole(1, 255));
  run.add_option("--wr-low", c.wr_low, "Posted writes where a drain stops")
      ->capture_default_str()->check(whole(0, 255));
}

// The tile's workloads (--workload gemv|gemm); each flag's range is checked as it is
// parsed, what depends on the workload (a GEMV's MaxN rows, the PCs' room) by run_tile.
void add_tile_options(CLI::App& run, RunOptions& o) {
  TileSpec& t = o.tile;
  constexpr uint64_t kMaxRows = std::numeric_limits<uint32_t>::max();
  run.add_option("--m", t.m, "gemv/gemm: output rows of W (W is m x k)")
      ->check(whole(1, kMaxRows));
  run.add_option("--k", t.k, "gemv/gemm: the reduction length, bytes of a W or X row")
      ->check(whole(1, RtlTile::kMaxK));
  run.add_option("--batch", t.n,
                 "gemv: rows of X (at most the tile's MaxN, 4); decode/prefill: sequences")
      ->check(whole(1, kMaxBatch));
  run.add_option("--n", t.n, "gemm: rows of X and Y (tokens), required")
      ->check(whole(1, kMaxRows));
  run.add_flag("--int8-out", t.int8_out, "gemv/gemm: int8 outputs, rounded and saturated");
  run.add_option("--shift", t.shift, "gemv/gemm with --int8-out: right shift before saturating")
      ->check(whole(0, 31));
  run.add_flag("--accumulate", t.accumulate, "gemv/gemm: add to the int32 Y in memory");
  const std::vector<std::pair<std::string, bool>> load{{"backdoor", false}, {"axi", true}};
  run.add_option("--tile-load", t.load_axi,
                 "gemv/gemm: load X by backdoor, or over the PCs' AXI ports before the tile "
                 "runs (not counted in the report's cycles)")
      ->transform(choice(load))->type_name("ENUM")->default_str("backdoor");
  run.add_option("--tile-granule", o.cosim.tile_granule,
                 "gemv/gemm/decode/prefill: bytes per PC before the tile's address space moves "
                 "to the next PC (power of two, 512 to 16 MiB)")
      ->capture_default_str()
      ->check(power_of_two(uint64_t(1) << RtlTile::kMinGranuleLog2,
                           uint64_t(1) << RtlTile::kMaxGranuleLog2));
}

// Transformer workloads (--workload decode|prefill); what depends on the model (its layer
// count, its shapes) is checked by run_transformer.
void add_transformer_options(CLI::App& run, RunOptions& o) {
  TransformerSpec& t = o.transformer;
  run.add_option("--model", t.model,
                 "decode/prefill: model preset (configs/models: llama2-7b, llama3-8b, "
                 "mixtral-8x7b, ...) or JSON path")
      ->check(non_empty("name or path"));
  run.add_option("--context", t.context,
                 "decode: tokens already in the KV cache; prefill: the prompt's tokens")
      ->check(whole(0, kMaxContext));
  run.add_option("--tokens", t.tokens, "decode: successive tokens (the context grows)")
      ->capture_default_str()->check(whole(1, kMaxTokens));
  run.add_option("--layers", t.layers,
                 "decode/prefill: layers simulated (the whole model's figures are projected)")
      ->capture_default_str()->check(whole(1, kMaxModelLayers, "the model's layer count"));
}

// The latency probe (--workload probe) and the run's time series and HTML report.
void add_probe_and_output_options(CLI::App& run, RunOptions& o) {
  ProbeSpec& p = o.probe;
  run.add_option("--probe-samples", p.samples, "probe: reads per latency case")
      ->capture_default_str()->check(whole(1, 100000));
  run.add_option("--sweep-reads", p.sweep_reads, "probe: 32-byte reads per stride of the sweep")
      ->capture_default_str()->check(whole(1, 1000000));
  run.add_option("--sweep-max-stride", p.stride_max,
                 "probe: the sweep's largest stride in bytes (powers of two from 32)")
      ->capture_default_str()->check(whole(32, uint64_t(1) << 30));
  run.add_option("--timeseries", o.timeseries,
                 "Write a CSV row per window and PC: bytes, row hits, ACTs, refreshes, queue "
                 "occupancy, kernel")
      ->check(non_empty("path"));
  run.add_option("--window", o.window,
                 "tCK per --timeseries window (default 1000; the HTML report's own default is "
                 "256, coarsened to at most 4096 points)")
      ->check(whole(1, kMaxCycle));
  run.add_option("--html", o.html,
                 "Write a self-contained HTML report (inline SVG plots) to this file")
      ->check(non_empty("path"));
}

void add_run_options(CLI::App& run, RunOptions& o) {
  run.add_option("--standard", o.standard, "Standard by name (see configs/standards) or JSON path")
      ->capture_default_str()->check(non_empty("name or path"));
  run.add_flag("--xbar", o.cosim.xbar,
               "One AXI port for the whole stack through the interleaving crossbar "
               "(--pcs a power of two; --requests then counts bursts on that port)");
  run.add_option("--xbar-granule", o.cosim.xbar_granule,
                 "Bytes per PC before the crossbar moves to the next PC (power of two, 512 to "
                 "16 MiB)")
      ->capture_default_str()
      ->check(power_of_two(RtlXbar::kMinGranuleBytes, RtlXbar::kMaxGranuleBytes));
  run.add_option("--clock-ratio", o.cosim.clock_ratio,
                 "tCK per controller clock, DFI style: 1, or 2 (the controllers and their "
                 "ports at half the DRAM's clock, a command per bus and a burst a clock)")
      ->capture_default_str()->check(whole(1, kMaxClockRatio));
  run.add_option("--pcs", o.cosim.pcs, "Pseudo-channels to simulate, each with its own AXI port")
      ->capture_default_str()->check(whole(1, kMaxPcsOption));
  std::vector<std::string> patterns = synthetic_patterns();
  patterns.insert(patterns.end(), {"gemv", "gemm", "decode", "prefill", "probe"});
  run.add_option("--workload", o.workload.pattern,
                 "Traffic pattern, an int8 GEMV / GEMM on the accelerator tile, a "
                 "transformer's decode / prefill layers on it, or the latency probe and "
                 "stride sweep")
      ->capture_default_str()->check(CLI::IsMember(patterns));
  run.add_option("--stride", o.workload.stride, "strided: bytes from one burst to the next")
      ->check(whole(0, kMaxBytes));
  run.add_option("--requests", o.workload.requests, "AXI bursts per port (per PC; with --xbar, in all)")
      ->capture_default_str()->check(whole(1, kMaxRequests));
  run.add_option("--read-ratio", o.workload.read_ratio, "Fraction of bursts that read, 0 to 1")
      ->capture_default_str()->check(real(0.0, 1.0));
  run.add_option("--beats", o.workload.beats, "32-byte beats per burst (power of two, <= 128)")
      ->capture_default_str()->check(whole(1, 128));
  run.add_option("--footprint", o.workload.footprint,
                 "Bytes the traffic spans per port (per PC; with --xbar, in all) (0: all)")
      ->capture_default_str()->check(whole(0, kMaxBytes));
  run.add_option("--seed", o.workload.seed, "Seed of the traffic and of unwritten DRAM contents")
      ->capture_default_str()->check(whole_of(o.workload.seed));
  add_tile_options(run, o);
  add_transformer_options(run, o);
  add_trace_options(run, o.trace);
  run.get_option("--trace")->check(non_empty("path"));
  run.get_option("--trace-format")->check(non_empty("format"));
  add_probe_and_output_options(run, o);
  add_controller_options(run, o.cosim.ctrl);
  run.add_option("--max-reads", o.max_reads, "Outstanding read bursts per port")
      ->capture_default_str()->check(whole(1, 1024));
  run.add_option("--max-writes", o.max_writes, "Outstanding write bursts per port")
      ->capture_default_str()->check(whole(1, 1024));
  run.add_option("--report", o.report, "Write the JSON report to this file")
      ->check(non_empty("path"));
  run.add_option("--cmd-log", o.cosim.cmd_log, "Write every DRAM command to this CSV file")
      ->check(non_empty("path"));
  run.add_option("--wave", o.cosim.wave.file,
                 "Write an FST waveform to this file (FILE.fst; not .vcd: fst2vcd converts)")
      ->check(non_empty("path"));
  run.add_option("--wave-start", o.cosim.wave.start, "First tCK in the waveform")
      ->check(whole(0, kMaxCycle));
  run.add_option("--wave-end", o.cosim.wave.end, "Last tCK in the waveform")
      ->check(whole(0, kMaxCycle));
  run.add_option("--wave-scope", o.cosim.wave.scope,
                 "Only this scope in the waveform, e.g. ch0.hbm_sim_top.u_stack, or tile in a "
                 "tile run")
      ->check(non_empty("scope"));
  run.add_option("--wave-depth", o.cosim.wave.depth, "Levels from --wave-scope down, which it needs (1: the scope's own signals; 0: all)")
      ->check(whole(0, 1000));
  run.add_option("--max-cycles", o.cosim.max_cycles,
                 "Stop after this many tCK from reset, the CSR set-up's included (0: no limit)")
      ->capture_default_str()->check(whole(0, kMaxCycle));
  run.add_option("--watchdog", o.cosim.watchdog_cycles,
                 "tCK without any AXI handshake before the run is declared deadlocked (at "
                 "least what refreshes and a read may take: 5165 on HBM3)")
      ->capture_default_str()->check(whole(1, kMaxCycle));
  run.add_option("--threads", o.cosim.threads,
                 "Threads evaluating the channel models, 1 to 64, at most one per channel (2 "
                 "PCs) used (0: from 8 PCs on, the cores the load leaves free, at most one "
                 "per 4 PCs); the results do not depend on it")
      ->capture_default_str()->check(whole(0, kMaxThreads));
  run.add_flag("--quiet", o.quiet, "Print nothing but problems");
}

// Every file the run will write, checked before it starts (a run may take hours): each
// writable, none the same as another or as a file the run reads; the waveform's path is
// the file it will be written to.
std::vector<FlagPath> run_outputs(const RunOptions& o) {
  return {{"--report", o.report},
          {"--cmd-log", o.cosim.cmd_log},
          {"--wave", o.cosim.wave.file},
          {"--timeseries", o.timeseries},
          {"--html", o.html}};
}

void check_output_paths(RunOptions& o) {
  const std::vector<FlagPath> outputs = run_outputs(o);
  for (const FlagPath& out : outputs) check_output_path(out.flag, out.path);
  const bool model = !o.transformer.model.empty();
  const std::vector<FlagPath> inputs = {{"--trace", o.trace.file},
                                        {"--standard", standard_file(o.standard)},
                                        {"--model", model ? model_file(o.transformer.model) : ""}};
  check_outputs_apart(outputs, inputs);
  check_pipes_apart(inputs);
  std::vector<FlagPath> others = inputs;
  for (const FlagPath& out : outputs) {
    if (out.flag != "--wave") others.push_back(out);
  }
  o.cosim.wave.file = waveform_file("--wave", o.cosim.wave.file, others);
  // The FST writer keeps FILE.hier while it writes and removes it at the end; a run ended
  // by a signal left it, and the next run with that --wave was refused for it. Nothing is
  // there now (checked above): what a signal finds there is the writer's.
  if (!o.cosim.wave.file.empty()) remove_on_signal(o.cosim.wave.file + ".hier", false, nullptr);
}

// What the DRAM will move, for the progress line's percent (0: not known in advance).
uint64_t expected_bytes(const RunOptions& o) {
  if (!o.trace.file.empty()) return 0;   // a trace's size is known only once it is read
  const auto& known = synthetic_patterns();
  if (std::find(known.begin(), known.end(), o.workload.pattern) == known.end()) return 0;
  const unsigned ports = o.cosim.xbar ? 1 : o.cosim.pcs;
  return o.workload.requests * o.workload.beats * 32ull * ports;
}

// Threads beyond the cores: each hand-over then waits for the scheduler to give a spinning
// thread's core back (measured: 32 PCs, 3 threads on 2 cores, 7x slower than 2). Allowed,
// the results are the same; said once, on stderr.
void note_oversubscribed_threads(const RunOptions& o) {
  const unsigned cores = std::thread::hardware_concurrency();
  const unsigned used = RtlChannels::threads_used(o.cosim.pcs, o.cosim.threads);
  if (cores == 0 || used <= cores) return;
  // Named as given: '--threads 16' on 8 PCs was noted as '--threads 4', a flag not given.
  const std::string cut =
      used == o.cosim.threads
          ? ""
          : fmt::format(" ({} used: at most one per channel model of 2 PCs)", used);
  std::fprintf(stderr,
               "hbmsim: note: --threads %u%s on a machine with %u cores: every hand-over waits "
               "for a core, so the run is slower than with %u (the results are the same)\n",
               o.cosim.threads, cut.c_str(), cores, cores);
}

// A window that starts after the run's last tCK leaves the waveform without it: said, or
// the user would look for it in a file that holds none of it.
void note_wave_window_missed(const WaveOptions& w, const RunOutcome& outcome) {
  if (w.file.empty() || w.start < outcome.total_cycles) return;
  std::fprintf(stderr,
               "hbmsim: note: --wave-start %llu is past the run's last tCK (%llu): %s holds "
               "nothing of the window\n",
               static_cast<unsigned long long>(w.start),
               static_cast<unsigned long long>(outcome.total_cycles ? outcome.total_cycles - 1 : 0),
               excerpt(w.file, 200).c_str());
}

// The outputs with nothing at their path yet (not even a link), which the run will make.
std::vector<std::string> outputs_to_make(const RunOptions& o) {
  std::vector<std::string> paths;
  for (const FlagPath& out : run_outputs(o)) {
    std::error_code ec;
    if (!out.path.empty() && !std::filesystem::exists(std::filesystem::symlink_status(out.path, ec))) {
      paths.push_back(out.path);
    }
  }
  return paths;
}

// The workload's result; a workload refused as it is built (exit 2: a tile's tensors that
// do not fit the PCs, a model's shapes past the tile's) had already made the command log,
// the waveform and the time series, and left them behind with nothing run (a header, 59 KB
// of waveform): those `made` by this run are removed, as nothing ran.
RunResult run_or_unmake(const RunOptions& o, const std::vector<std::string>& made) {
  const auto unmake = [&made] {
    for (const std::string& path : made) std::remove(path.c_str());
  };
  try {
    return run_workload(o);
  } catch (const UsageError&) {
    unmake();
    throw;
  } catch (const ConfigError&) {
    unmake();
    throw;
  }
}

// What a signal that ends the run leaves: the outputs written as it goes (the command
// log, the waveform, the time series) cut where it stopped, the waveform unreadable, and
// those written at its end not written (an earlier run's file of that name still there).
// It said nothing but its exit code.
std::string signal_line(const RunOptions& o) {
  std::string cut, unwritten;
  for (const FlagPath& out : run_outputs(o)) {
    if (out.path.empty()) continue;
    std::string& list = out.flag == "--report" || out.flag == "--html" ? unwritten : cut;
    list += fmt::format("{}{} {}", list.empty() ? "" : ", ", out.flag, path_excerpt(out.path));
  }
  if (!cut.empty()) cut = "incomplete " + cut;
  if (!unwritten.empty()) unwritten = "not written " + unwritten;
  const char* sep = cut.empty() || unwritten.empty() ? "" : "; ";
  if (cut.empty() && unwritten.empty()) return "";
  return "hbmsim run: ended by a signal before its outputs were complete: " + cut + sep +
         unwritten + "\n";
}

// The outputs written after the run, each tried: a report that could not be written (its
// folder removed during the run) kept the HTML page from being written, without a word.
// Their failures, if any, as one error.
void write_end_outputs(const RunOptions& o, const nlohmann::json& report, const RunResult& r,
                       const TimeSeries* series) {
  std::string failed;
  const auto attempt = [&failed](const std::function<void()>& write) {
    try {
      write();
    } catch (const UsageError& e) {
      failed += (failed.empty() ? "" : "; ") + std::string(e.what());
    }
  };
  if (!o.report.empty()) attempt([&] { write_report(report, o.report); });
  if (!o.html.empty()) attempt([&] { write_html_report(o.html, report, r, *series); });
  if (!failed.empty()) throw UsageError(failed);
}

// Runs the workload with the observers the output flags ask for, then writes them.
int run_and_write(RunOptions& o) {
  const std::vector<std::string> made = outputs_to_make(o);
  const SaidOnSignal said(signal_line(o));   // until the outputs are written
  note_oversubscribed_threads(o);
  std::unique_ptr<TimeSeries> series;
  if (!o.timeseries.empty() || !o.html.empty()) {
    const uint64_t window = o.window ? o.window
                            : o.timeseries.empty() ? TimeSeries::kDefaultWindow : 1000;
    series = std::make_unique<TimeSeries>(window, o.timeseries);
    o.cosim.observers.push_back(series.get());
  }
  std::unique_ptr<Progress> progress;
  if (!o.quiet && stderr_is_terminal()) {
    progress = std::make_unique<Progress>(expected_bytes(o), o.cosim.max_cycles);
    o.cosim.observers.push_back(progress.get());
  }
  RunResult r = run_or_unmake(o, made);
  if (progress) progress->finish();
  note_wave_window_missed(o.cosim.wave, r.outcome);
  if (series) {
    // Only a kernel the run stopped in is "unfinished": one stopped while the writes of
    // the last kernel drained labelled those windows so, with every kernel finished.
    const std::string e = series->finish(!r.transformer.kernel_in_progress.empty());
    if (!e.empty()) r.problems.push_back(e);
  }
  const nlohmann::json report = make_report(r);
  if (!o.quiet || !r.passed()) std::fputs(format_summary(r, report).c_str(), stdout);
  write_end_outputs(o, report, r, series.get());
  return r.passed() ? 0 : kExitFail;
}

// The waveform's options need --wave, and a window that ends before it starts is empty.
void check_wave_flags(const CLI::App& run, const WaveOptions& w) {
  for (const char* flag : {"--wave-start", "--wave-end", "--wave-scope", "--wave-depth"}) {
    if (w.file.empty() && run.count(flag)) {
      throw UsageError(fmt::format("{} is for --wave FILE", flag));
    }
  }
  // The models are traced in FST only: a .vcd name got an FST file without a word, which
  // a VCD reader then refused. Any other name (or none) is the user's choice.
  std::filesystem::path fst = w.file;
  if (iequals(fst.extension().string(), ".vcd")) {
    fst.replace_extension(".fst");
    throw UsageError(fmt::format("--wave {}: the waveform is FST, not VCD (the models are "
                                 "traced in FST only): name it {}; fst2vcd, from gtkwave, "
                                 "converts it to VCD", path_excerpt(w.file),
                                 path_excerpt(fst.string())));
  }
  if (w.end < w.start) {
    throw UsageError(fmt::format("--wave-end {} is before --wave-start {}: the waveform would "
                                 "hold nothing", w.end, w.start));
  }
  // The depth counts levels from the scope down; without one the waveform held every signal,
  // as if --wave-depth had not been given.
  if (w.depth > 0 && w.scope.empty()) {
    throw UsageError(fmt::format("--wave-depth {} counts levels from --wave-scope down: give the "
                                 "scope too (ch0, tile, ...; without it every level is "
                                 "dumped)", w.depth));
  }
}

// The crossbar's granule spreads addresses over PCs: through --xbar, or a trace's over
// --pcs (docs/trace-replay.md); elsewhere nothing reads it.
void check_xbar_granule(const CLI::App& run, const RunOptions& o) {
  if (!run.count("--xbar-granule")) return;
  if (!o.cosim.xbar && (o.trace.file.empty() || o.cosim.pcs == 1)) {
    throw UsageError("--xbar-granule is the crossbar's granule: for --xbar, or --trace over "
                     "--pcs 2 or more");
  }
  RtlXbar::check_granule(o.cosim.xbar_granule);
}

// Flags another workload would silently ignore: refused.
void check_workload_flags(const CLI::App& run, const RunOptions& o) {
  const bool tile = is_tile_workload(o.workload.pattern);
  const bool transformer = is_transformer_workload(o.workload.pattern);
  for (const char* flag : {"--m", "--k", "--n", "--int8-out", "--shift", "--accumulate",
                           "--tile-load"}) {
    if (!tile && run.count(flag)) {
      throw UsageError(fmt::format("{} is for the tile's workloads (--workload gemv|gemm)", flag));
    }
  }
  for (const char* flag : {"--batch", "--tile-granule"}) {
    if (!tile && !transformer && run.count(flag)) {
      throw UsageError(fmt::format("{} is for the tile's workloads (--workload "
                                   "gemv|gemm|decode|prefill)", flag));
    }
  }
  // --tokens is decode's alone (a prefill refuses it, below): 'decode|prefill' sent the
  // user to a workload that refused it too.
  for (const char* flag : {"--model", "--context", "--tokens", "--layers"}) {
    if (!transformer && run.count(flag)) {
      const bool decode_only = std::string(flag) == "--tokens";
      throw UsageError(fmt::format("{} is for --workload {}", flag,
                                   decode_only ? "decode" : "decode|prefill"));
    }
  }
  if (o.workload.pattern == "prefill" && run.count("--tokens")) {
    throw UsageError("--tokens counts decode steps; a prefill takes --context tokens");
  }
  if (o.workload.pattern == "gemv" && run.count("--n")) {
    throw UsageError("--n is gemm's row count; a gemv takes --batch");
  }
  if (o.workload.pattern == "gemm" && run.count("--batch")) {
    throw UsageError("--batch is gemv's row count; a gemm takes --n");
  }
  // A GEMM's third dimension has no sensible default: n = 1 would be a GEMV run under
  // the gemm name, which is what a forgotten --n used to give.
  if (o.workload.pattern == "gemm" && !run.count("--n")) {
    throw UsageError("--workload gemm needs --n N, the rows of X and Y (tokens); one row is "
                     "a GEMV: --workload gemv");
  }
  const bool probe = o.workload.pattern == "probe";
  for (const char* flag : {"--probe-samples", "--sweep-reads", "--sweep-max-stride"}) {
    if (!probe && run.count(flag)) {
      throw UsageError(fmt::format("{} is for --workload probe", flag));
    }
  }
  for (const char* flag : {"--requests", "--read-ratio", "--beats", "--footprint", "--stride",
                           "--max-writes"}) {
    if (probe && run.count(flag)) {
      throw UsageError(fmt::format("{}: the probe issues its own reads (--probe-samples, "
                                   "--sweep-reads)", flag));
    }
  }
  // The tile masters every PC's port itself. Refused later by the co-simulation as
  // '--xbar and a tile workload (gemv, gemm) exclude each other', which did not name a
  // decode or prefill the user asked for.
  if ((tile || transformer) && o.cosim.xbar) {
    throw UsageError(fmt::format("--xbar is for the host's traffic: --workload {} runs on the "
                                 "tile, which masters every PC's port itself (no crossbar)",
                                 o.workload.pattern));
  }
  // The host's AXI masters' traffic: the tile's DMA makes its own.
  for (const char* flag : {"--requests", "--read-ratio", "--beats", "--footprint", "--stride",
                           "--max-reads", "--max-writes"}) {
    if ((tile || transformer) && run.count(flag)) {
      throw UsageError(fmt::format("{} is for synthetic traffic; --workload {} runs on the "
                                   "tile, whose DMA makes its own", flag, o.workload.pattern));
    }
  }
}

// Controller settings the chosen policy never reads: the idle time is the adaptive page
// policy's (open keeps a row until another row or a refresh needs its bank, closed
// auto-precharges each request's last access to its row), the starvation cap and the
// write drain's watermarks are FR-FCFS's (FCFS serves the oldest request alone, in no read
// and write phases). The RTL takes the CSR and does not use it. Given, they were ignored
// without a word (--page-idle 1 and 65535 gave the same run); said on stderr, and the run
// goes on, so that a sweep over the policies with one set of flags (as bench's and
// same_results.py's) still runs.
void note_unused_controller_flags(const CLI::App& run, const ControllerConfig& c) {
  std::vector<std::pair<std::string, std::string>> unused;   // flag, why
  if (c.page != PagePolicy::Adaptive && run.count("--page-idle")) {
    unused.emplace_back(
        "--page-idle", fmt::format("the adaptive page policy's idle time; --page-policy {} {}",
                                   name(c.page),
                                   c.page == PagePolicy::Open
                                       ? "keeps a row open until another row or a refresh "
                                         "needs its bank"
                                       : "auto-precharges each request's last access "
                                         "to its row"));
  }
  for (const char* flag : {"--starve", "--wr-high", "--wr-low"}) {
    if (c.sched == SchedPolicy::Fcfs && run.count(flag)) {
      unused.emplace_back(flag, "for --scheduler frfcfs; under fcfs only the oldest request "
                                "may use the column bus, so nothing overtakes it and reads and "
                                "writes are not served in phases");
    }
  }
  for (const auto& [flag, why] : unused) {
    std::fprintf(stderr, "hbmsim: note: %s has no effect here: it is %s\n", flag.c_str(),
                 why.c_str());
  }
}

// The longest a working controller may go without an AXI handshake while the host waits:
// every refresh it may owe or pull in, back to back (the standard's postponement limit
// and one more), then a read to a closed bank. Measured on the presets the longest quiet
// stretch is under 2 x tRFC; below it the watchdog called a busy controller deadlocked
// (--watchdog 10 fired during the first reads).
uint64_t watchdog_floor(const Timing& t) {
  return uint64_t(t.refresh_postpone_max + 1) * std::max(t.RFC, t.RFCpb) + t.RC + t.RCDRD +
         t.RL + t.BL;
}

// After the RTL's limits: the default (100000) is above the floor of any standard the RTL
// takes (its timers hold at most 4095 tCK: under 50000).
void check_watchdog(const RunOptions& o) {
  const Standard& s = *o.loaded_standard;
  const uint64_t floor = watchdog_floor(s.t);
  if (o.cosim.watchdog_cycles < floor) {
    throw UsageError(fmt::format(
        "--watchdog {}: below {} tCK, which a working controller may spend without an AXI "
        "handshake on {}: (refresh_postpone_max {} + 1) refreshes back to back x tRFC {} + a "
        "read behind them (tRC {} + tRCDRD {} + RL {} + BL {}); give {} or more",
        o.cosim.watchdog_cycles, floor, s.name, s.t.refresh_postpone_max,
        std::max(s.t.RFC, s.t.RFCpb), s.t.RC, s.t.RCDRD, s.t.RL, s.t.BL, floor));
  }
}

// --max-cycles counts from reset, as the command log and the waveform do. A limit within
// the set-up was passed before the first tCK of traffic, which the run still simulated:
// "stopped at the cycle limit (10 tCK)" after 29, with "simulated 1 tCK".
void check_max_cycles(const RunOptions& o) {
  if (o.cosim.max_cycles == 0) return;
  const uint64_t setup = setup_cycles(o);
  if (o.cosim.max_cycles > setup) return;
  throw UsageError(fmt::format("--max-cycles {}: the controllers' set-up (programming their "
                               "CSRs) takes the first {} tCK, and the limit counts from reset; "
                               "give at least {} for one tCK of traffic (0: no limit)",
                               o.cosim.max_cycles, setup, setup + 1));
}

int do_run(const CLI::App& run, RunOptions& o) {
  o.cosim.seed = o.workload.seed;
  if (o.workload.read_ratio == 0) o.workload.read_ratio = 0;   // "-0" was reported as -0.00
  check_workload_flags(run, o);
  note_unused_controller_flags(run, o.cosim.ctrl);
  if (run.count("--window") && o.timeseries.empty() && o.html.empty()) {
    throw UsageError("--window is the --timeseries (or --html) window");
  }
  check_wave_flags(run, o.cosim.wave);
  check_trace_flags(run, o.trace);
  check_xbar_granule(run, o);
  check_output_paths(o);
  // Loaded once here, for every run path: a file read twice was a pipe read empty.
  const ConfigInput standard(o.standard, standard_file(o.standard));
  o.loaded_standard = read_standard(standard);
  // The default postponement is what the standard allows: a standard of fewer than 8 was
  // refused for a "--refresh-postpone 8" the user never gave.
  if (!run.count("--refresh-postpone")) {
    o.cosim.ctrl.postpone =
        std::min(o.cosim.ctrl.postpone, o.loaded_standard->t.refresh_postpone_max);
  }
  // The co-simulation checks these again as it is built; here a field's line is known.
  standard.read([&o](const std::string&) {
    check_rtl_limits(*o.loaded_standard, o.cosim.ctrl, o.cosim.clock_ratio);
  });
  run_address_map(o);   // a --mapping the organisation cannot take, named as the flag
  check_watchdog(o);
  check_max_cycles(o);
  return run_and_write(o);
}

}  // namespace

std::function<int()> add_run_command(CLI::App& app) {
  auto opt = std::make_shared<RunOptions>();
  CLI::App* run = app.add_subcommand(
      "run", "Run traffic (synthetic, a trace, the tile's GEMV / GEMM, transformer layers or the "
             "latency probe) through the controller and device, check every command and byte, "
             "report");
  add_run_options(*run, *opt);
  return [run, opt]() { return *run ? do_run(*run, *opt) : -1; };
}

}  // namespace hbmsim
