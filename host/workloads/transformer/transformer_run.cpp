// `hbmsim run --workload decode|prefill --model NAME`: transformer layers on the tile,
// every tile output checked against the golden model, the layers' outputs against the
// C++ reference, and the DRAM's work split by kernel.
#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "common/json_file.h"
#include "host/cli/config_input.h"
#include "host/report/progress.h"
#include "host/run.h"
#include "host/tile/tile_driver.h"
#include "host/workloads/transformer/transformer_ref.h"
#include "host/workloads/transformer/transformer_script.h"

namespace hbmsim {
namespace {

// What the tile takes of a model's shapes: field errors of the model file.
void check_tile_shapes(const ModelPreset& m) {
  if (m.head_dim % 32 != 0) {
    refuse_field(m.file, "head_dim", std::to_string(m.head_dim),
                 "the tile reads each head's slice of Q as a row of X, which must start on 32 "
                 "bytes");
  }
  if (m.d_model > RtlTile::kMaxK) {
    refuse_field(m.file, "d_model", std::to_string(m.d_model),
                 fmt::format("Q, K and V come out as int8 in one pass over d_model, at most the "
                             "tile's {}", RtlTile::kMaxK));
  }
}

// The flags that size a transformer's tensors: a prefill takes no --tokens (refused), so
// advice naming it sent the user to a flag that fails.
// The flags that size the run down from where they are: one at its least (--context 1,
// --tokens 1, --batch 1, --layers 1) is not named; none left is "".
std::string shape_flags(const TransformerJob& job) {
  std::vector<std::string> flags;
  if (job.context > 1) flags.push_back("--context");   // 1 to 0 saves nothing
  if (!job.prefill && job.tokens > 1) flags.push_back("--tokens");
  if (job.batch > 1) flags.push_back("--batch");
  if (job.layers > 1) flags.push_back("--layers");
  std::string s;
  for (size_t i = 0; i < flags.size(); ++i) {
    s += (i == 0 ? "" : i + 1 == flags.size() ? " or " : ", ") + flags[i];
  }
  return s;
}

// What --model may name, for a run given none: the presets, or where none was found ('(one
// of: )' said nothing when $HBMSIM_CONFIG_DIR named a folder without models/).
std::string model_choices() {
  const std::vector<std::string> names = known_models();
  if (names.empty()) return "a model's JSON file: no preset found" + preset_dir_note("models");
  return fmt::format("one of: {}", fmt::join(names, ", "));
}

TransformerJob make_job(const RunOptions& opt) {
  const TransformerSpec& s = opt.transformer;
  if (s.model.empty()) {
    throw UsageError(fmt::format("--workload {} needs --model ({})", opt.workload.pattern,
                                 model_choices()));
  }
  TransformerJob job;
  const ConfigInput model_input(s.model, model_file(s.model));
  job.model = read_model(model_input);
  job.prefill = opt.workload.pattern == "prefill";
  job.batch = opt.tile.n;
  job.context = s.context;
  job.tokens = s.tokens;
  job.layers = s.layers;
  job.seed = opt.workload.seed;
  const ModelPreset& m = job.model;
  if (job.batch == 0 || job.batch > kMaxBatch) {
    throw UsageError(fmt::format("--batch {}: expected 1 to {}", job.batch, kMaxBatch));
  }
  if (job.prefill ? job.context == 0 : false) {
    throw UsageError("--workload prefill needs --context S (the prompt's tokens), at least 1");
  }
  if (job.context > kMaxContext) {
    throw UsageError(fmt::format("--context {}: at most {}", job.context, kMaxContext));
  }
  if (job.tokens == 0 || job.tokens > kMaxTokens) {
    throw UsageError(fmt::format("--tokens {}: expected 1 to {}", job.tokens, kMaxTokens));
  }
  if (job.layers == 0 || job.layers > m.layers) {
    throw UsageError(fmt::format("--layers {}: expected 1 to the model's {}", job.layers,
                                 m.layers));
  }
  model_input.read([&m](const std::string&) { check_tile_shapes(m); });
  // The attention scores alone, int32 per query row and key, are held by the golden model
  // for every step and layer: a run whose scores would take the golden model past its
  // limit is refused now, not after hours of scripting (TileDriver refuses any workload
  // there, later). --tokens 4096 --batch 64 of the tiny model needs 8 GiB of them.
  const uint64_t keys = job.prefill ? uint64_t(job.context) * job.context
                                    : uint64_t(job.tokens) * job.context +
                                          uint64_t(job.tokens) * (job.tokens + 1) / 2;
  const double scores = 4.0 * job.layers * job.batch * m.heads * double(keys);
  const uint64_t max_scores =
      TileDriver::kMaxGoldenBytes / TileDriver::kGoldenBytesPerResultByte;
  if (scores > double(max_scores)) {
    throw ConfigError(fmt::format(
        "{} of {}: {} GiB of attention scores (int32, --layers {} x --batch {} x {} heads "
        "x {} query-key pairs); checking the tile takes about {} bytes of host memory per "
        "byte of results and may take {} GiB, so at most {} GiB: a smaller {}",
        opt.workload.pattern, m.key, TileDriver::gib_past(scores, max_scores), job.layers,
        job.batch, m.heads, keys, TileDriver::kGoldenBytesPerResultByte, TileDriver::kMaxGoldenBytes >> 30,
        max_scores >> 30, shape_flags(job)));
  }
  return job;
}

// The DRAM's work per kernel: a snapshot of the device's counters at each batch end.
class KernelMeter {
 public:
  explicit KernelMeter(CosimTop& top) : top_(top) {}
  void start(uint64_t cycle) {
    last_ = top_.device().stats();
    last_cycle_ = cycle;
    top_.kernels_start(cycle);   // the time series labels its windows from here
  }
  void done(const std::string& label, uint64_t cycle) {
    const DeviceStats now = top_.device().stats();
    KernelFigures& k = kernel(label);
    const DeviceStats d = now.since(last_);
    ++k.instances;
    k.cycles += cycle - last_cycle_;
    top_.kernel_done(label, last_cycle_, cycle);
    k.dram.add(d);
    last_ = now;
    last_cycle_ = cycle;
    last_label_ = label;
  }
  // Writes the controllers had answered but not yet sent to DRAM when the last kernel's
  // interrupt came go with the last kernel, with the tCKs they took up to `traffic_end`
  // (the end of the traffic phase), so the kernels add up to the run: with the bytes
  // alone, a short last kernel's GB/s came out above the peak (ffn_down of a 32-wide
  // model on HBM2, 100.5 %). The device's counters also hold the read-out after the
  // traffic: its tCKs stay out of the kernel's energy. On a run stopped early, what the
  // DRAM did since the last kernel ended goes to the kernel in progress (`in_progress`, as
  // a part of a run: its runs are not counted up), up to `traffic_end`.
  std::vector<KernelFigures> finish(const std::string& in_progress, uint64_t traffic_end) {
    const bool partial = !in_progress.empty();
    if (partial || !kernels_.empty()) {
      DeviceStats tail = top_.device().stats().since(last_);
      KernelFigures& k = kernel(partial ? in_progress : last_label_);
      k.cycles += traffic_end - last_cycle_;
      if (!partial) {
        tail.tcks = 0;
        tail.active_pc_tcks = tail.idle_pc_tcks = 0;
      }
      k.dram.add(tail);
    }
    for (auto& k : kernels_) k.energy = top_.device().energy(k.dram);
    return kernels_;
  }

 private:
  KernelFigures& kernel(const std::string& label) {
    auto it = index_.find(label);
    if (it == index_.end()) {
      it = index_.emplace(label, kernels_.size()).first;
      kernels_.push_back({label, 0, 0, {}, {}});
    }
    return kernels_[it->second];
  }

  CosimTop& top_;
  DeviceStats last_;
  uint64_t last_cycle_ = 0;
  std::string last_label_;
  std::map<std::string, size_t> index_;
  std::vector<KernelFigures> kernels_;
};

uint64_t compare(const std::vector<I8Vec>& got, const std::vector<I8Vec>& want,
                 const TransformerJob& job, std::vector<std::string>& problems) {
  uint64_t bad = 0;
  const unsigned d = job.model.d_model;
  for (size_t s = 0; s < want.size(); ++s) {
    for (size_t i = 0; i < want[s].size(); ++i) {
      if (got[s][i] == want[s][i]) continue;
      if (++bad <= 5) {
        problems.push_back(fmt::format("step {} row {} element {}: the tile run's layer {} "
                                       "output is {}, the C++ reference's {}", s, i / d, i % d,
                                       job.layers - 1, int(got[s][i]), int(want[s][i])));
      }
    }
  }
  return bad;
}

}  // namespace

bool is_transformer_workload(const std::string& p) { return p == "decode" || p == "prefill"; }

RunResult run_transformer(const RunOptions& opt) {
  const TransformerJob job = make_job(opt);
  RunResult r;
  r.opt = opt;
  r.opt.cosim.tile = true;
  r.std = run_standard(opt);

  CosimTop top("top", r.std, r.opt.cosim);
  TileDriver drv(top, shape_flags(job));
  // A layer's weights are the model's: only fewer --layers shrink them (a prefill of
  // gpt3-175b on one PC, whose L0.Wo did not fit, was told to shrink --context or
  // --batch). The KV caches after them grow with --context, --tokens and --batch too.
  drv.set_shape_flags(job.layers > 1 ? "--layers" : "");
  const TransformerLayout layout(job.model, job.layers, job.batch, job.s_max(), RtlTile::kMaxN,
                                 [&](uint64_t bytes, const std::string& name) {
                                   if (name.size() >= 5 &&
                                       name.compare(name.size() - 5, 5, "cache") == 0) {
                                     drv.set_shape_flags(shape_flags(job));
                                   }
                                   return drv.alloc(bytes, name);
                                 });
  drv.set_shape_flags(shape_flags(job));
  TransformerScript script(drv, job, layout);
  // Descriptors a --max-cycles run cannot finish get no golden result computed (a
  // prefill of llama2-7b over --context 64 took 2.8 s of them before a 100-tCK run,
  // --context 1024 at --batch 8 some 6 minutes a layer): zeros stand in for what the
  // host's steps after them read. The DRAM traffic does not depend on the values (the
  // MoE router follows the seed), so every figure of the run is the same.
  drv.limit_golden(opt.cosim.max_cycles, r.std.peak_gbps_per_pc() * r.std.t.tck_ns, true);
  std::vector<I8Vec> outputs;
  {
    const unsigned layer_steps = job.layers * job.steps();
    // Under --max-cycles only what the run can finish gets a golden result: 'every tile
    // output' was followed by a note that most were not computed.
    const std::string outputs_built =
        opt.cosim.max_cycles ? fmt::format("every tile output the run can finish by "
                                           "--max-cycles {}", opt.cosim.max_cycles)
                             : std::string("every tile output");
    const SlowStepNote note(!opt.quiet, [&] {
      return fmt::format("building the golden model of {} {} (batch {}, context {}, {} x {}): "
                         "{}, computed on the host before the run; {} of {} layer steps done",
                         job.model.key, opt.workload.pattern, job.batch, job.context,
                         count_of(job.layers, "layer"), count_of(job.steps(), "step"),
                         outputs_built, script.layer_steps_done(), layer_steps);
    });
    outputs = script.script();
  }
  const size_t skipped = drv.golden_skipped_from();
  if (skipped < drv.ops() && !opt.quiet) {
    std::fprintf(stderr,
                 "hbmsim: note: --max-cycles %llu ends the run before descriptor %zu of %zu "
                 "(in kernel %s) can finish (with the kernels before it, it needs at least "
                 "%llu tCK: its bytes at the peak of %u PC%s or its MACs at the tile's rate): "
                 "the golden model of it and the %zu after it is not computed, and their "
                 "outputs will not be compared\n",
                 static_cast<unsigned long long>(opt.cosim.max_cycles), skipped + 1, drv.ops(),
                 drv.batch_label_of(skipped).c_str(),
                 static_cast<unsigned long long>(drv.golden_skipped_least_tck()), opt.cosim.pcs,
                 opt.cosim.pcs == 1 ? "" : "s", drv.ops() - skipped - 1);
  }

  KernelMeter meter(top);
  drv.on_start([&](uint64_t c) { meter.start(c); });
  drv.on_batch_done([&](size_t, const std::string& label, uint64_t c) { meter.done(label, c); });
  top.expect_bytes(drv.expected_bytes());
  r.outcome = run_cosim(top);
  // Only a run that drained has every output in the device to compare; one stopped
  // early compares what its finished descriptors wrote.
  drv.check_after(r.outcome.reason);
  collect_device_results(top, r);

  TransformerFigures& f = r.transformer;
  f.present = true;
  f.model_name = job.model.name;
  f.model_key = job.model.key;
  f.model_layers = job.model.layers;
  f.layers_simulated = job.layers;
  f.batch = job.batch;
  f.context = job.context;
  f.tokens = job.steps();
  f.prefill = job.prefill;
  const bool completed = r.outcome.reason == StopReason::Done;
  f.completed = completed;
  f.kernel_in_progress = completed ? std::string() : drv.batch_in_progress();
  f.kernels = meter.finish(f.kernel_in_progress, r.outcome.traffic_start + r.outcome.cycles);
  // Every layer step closes the same number of batches (one per kernel).
  f.layer_runs_done = drv.batches_done() * (job.layers * job.steps()) / drv.batches();
  f.host_vcache_bytes = script.host_vcache_bytes();
  // The script's layer outputs come from the golden model's results; they stand for the
  // simulation's only when drv.check() found every tile output equal to them, i.e. after
  // a run that completed. Only the last simulated layer's output of each step is compared:
  // it is computed from every earlier layer's, so a wrong one anywhere shows there.
  if (completed) {
    const TileMemory& mem = drv.memory();
    const SlowStepNote note(!opt.quiet, [&] {
      return fmt::format("computing the C++ reference of {} {} ({} x {}) to compare the layer "
                         "outputs with", job.model.key, opt.workload.pattern,
                         count_of(job.layers, "layer"), count_of(job.steps(), "step"));
    });
    const std::vector<I8Vec> ref = reference_transformer(
        job, layout, [&](uint64_t a, uint8_t* out, size_t n) { mem.read(a, out, n); });
    f.reference_mismatches = compare(outputs, ref, job, r.problems);
    for (const auto& v : ref) f.reference_bytes += v.size();
  }

  collect_tile_results(drv, r);
  r.data_mismatches = drv.mismatches() + f.reference_mismatches;
  return r;
}

}  // namespace hbmsim
