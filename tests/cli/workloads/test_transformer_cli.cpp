// `hbmsim run --workload decode|prefill` on the tiny models as users run it: every tile
// output equal to the golden model, every layer output equal to the C++ reference (dense
// MHA, GQA and MoE; B > 1, T > 1, several layers), the per-kernel report adding up to
// the run, projections labelled, usage errors refused with exit 2, determinism.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_transformer_cli {

using namespace cli_test;

std::string artefact(const std::string& name) { return cli_test::artefact("llm", name); }
uint64_t u(const nlohmann::json& j, const char* key) { return j.at(key).get<uint64_t>(); }

nlohmann::json run_report(const std::string& name, const std::string& args) {
  return cli_test::run_report("llm", name, args + " --quiet");
}

// What every transformer report must hold and how its figures relate.
void expect_layer_report(const nlohmann::json& j, unsigned rows_per_step, unsigned steps,
                         unsigned layers, unsigned d_model) {
  ASSERT_TRUE(j.contains("kernels") && j.contains("model") && j.contains("layer")) << j.dump();
  EXPECT_EQ(j["status"], "pass") << j["problems"].dump();
  EXPECT_EQ(j["checks"]["timing_violations"], 0);
  EXPECT_EQ(j["checks"]["data_mismatches"], 0);
  EXPECT_GT(u(j["checks"], "tile_outputs_checked"), 0u);
  // The bytes checked are the outputs': int8 (Q, K, V, the FFN's up and gate) and int32
  // (scores, p.V, o_proj, ffn_down). They were 0 beside the outputs compared.
  const uint64_t outputs = u(j["checks"], "tile_outputs_checked");
  EXPECT_GT(u(j["checks"], "bytes_checked"), outputs);
  EXPECT_LT(u(j["checks"], "bytes_checked"), 4 * outputs);
  const auto& m = j["model"];
  EXPECT_EQ(u(m, "reference_mismatches"), 0u);
  EXPECT_EQ(u(m, "reference_bytes_compared"), uint64_t(rows_per_step) * steps * d_model);
  EXPECT_EQ(u(m, "layers_simulated"), layers);
  for (const char* key : {"tokens_per_s_projected", "joules_per_token_projected",
                          "step_latency_s_projected"}) {
    ASSERT_TRUE(m.contains(key)) << key;
    EXPECT_GT(m[key].get<double>(), 0.0) << key;
  }
  EXPECT_NE(m["projection"].get<std::string>().find("simulated layers"), std::string::npos);
  const char* names[] = {"qkv", "attn_score", "attn_value", "o_proj", "ffn_up", "ffn_down"};
  ASSERT_EQ(j["kernels"].size(), 6u);
  uint64_t bytes = 0, cycles = 0, read = 0, written = 0;
  for (size_t i = 0; i < 6; ++i) {
    const auto& k = j["kernels"][i];
    EXPECT_EQ(k["name"], names[i]);
    EXPECT_EQ(u(k, "instances"), uint64_t(steps) * layers) << names[i];
    for (const char* key : {"bytes", "cycles", "bandwidth_gbps", "efficiency", "row_hit_rate",
                            "pj_per_bit"}) {
      EXPECT_TRUE(k.contains(key)) << key;
    }
    EXPECT_GT(u(k, "bytes"), 0u) << names[i];
    EXPECT_LE(k["efficiency"].get<double>(), 1.0) << names[i];
    EXPECT_EQ(u(k, "bytes"), u(k, "bytes_read") + u(k, "bytes_written"));
    bytes += u(k, "bytes");
    cycles += u(k, "cycles");
    read += u(k, "bytes_read");
    written += u(k, "bytes_written");
  }
  // The kernels add up to the layer, and to what the tile moved and the DRAM did.
  EXPECT_EQ(bytes, u(j["layer"], "bytes"));
  EXPECT_EQ(cycles, u(j["layer"], "cycles"));
  // The last kernel holds the drain of the writes after its interrupt, bytes and tCKs.
  EXPECT_EQ(cycles, u(j, "cycles"));
  EXPECT_EQ(bytes, u(j, "bytes"));
  EXPECT_EQ(read, u(j["tile"], "bytes_read"));
  EXPECT_EQ(written, u(j["tile"], "bytes_written"));
  EXPECT_EQ(read, 32 * (u(j["commands"], "RD") + u(j["commands"], "RDA")));
}

TEST(TransformerCli, GqaDecodeOfSeveralTokensAndLayersMatchesTheReference) {
  const auto j = run_report("gqa_decode", "--workload decode --model tiny --context 40 --batch 3 "
                                          "--tokens 2 --layers 2 --pcs 4");
  expect_layer_report(j, 3, 2, 2, 128);
  EXPECT_EQ(j["model"]["preset"], "tiny");
  EXPECT_EQ(j["model"]["mode"], "decode");
}

TEST(TransformerCli, MoeDecodeMatchesTheReference) {
  const auto j = run_report("moe_decode", "--workload decode --model tiny-moe --context 33 "
                                          "--batch 5 --tokens 2 --layers 2 --pcs 8");
  expect_layer_report(j, 5, 2, 2, 128);
}

TEST(TransformerCli, PrefillDenseAndMoeMatchTheReference) {
  expect_layer_report(run_report("prefill", "--workload prefill --model tiny --context 29 "
                                            "--batch 2 --layers 2 --pcs 4"), 58, 1, 2, 128);
  expect_layer_report(run_report("moe_prefill", "--workload prefill --model tiny-moe --context "
                                                "20 --pcs 2"), 20, 1, 1, 128);
}

// Multi-head attention (a KV head per query head), a GELU FFN and a head_dim of 64,
// from a model file given by path; one PC.
TEST(TransformerCli, MhaGeluModelFromAFileMatchesTheReference) {
  const std::string path = write_model("llm", "mha_model.json", {"mha", 192, 3, 3, 64, 300, "gelu"});
  expect_layer_report(run_report("mha", "--workload decode --model " + path +
                                            " --context 70 --batch 2 --pcs 1"), 2, 1, 1, 192);
}

// GQA groups wider than the tile's MaxN (8 query heads per KV head, as Llama-2-70B):
// one KV head per block, its scores a GEMM over the group.
TEST(TransformerCli, GqaGroupWiderThanMaxNMatchesTheReference) {
  const std::string path = write_model("llm", "g8_model.json", {"g8", 256, 8, 1, 32, 64});
  expect_layer_report(run_report("g8", "--workload decode --model " + path +
                                          " --context 45 --batch 2 --pcs 2"), 2, 1, 1, 256);
}

// An FFN wider than the tile's scratchpad row (16384 bytes, as Llama-2-70B's 28672): the
// down projection is split over k and accumulated in int32 on the tile.
TEST(TransformerCli, FfnBeyondTheScratchpadIsSplitAndAccumulated) {
  const std::string path = write_model("llm", "wide_model.json", {"wide", 64, 2, 2, 32, 16500});
  const auto j = run_report("wide", "--workload decode --model " + path + " --context 8 --pcs 8");
  expect_layer_report(j, 1, 1, 1, 64);
  // Q, K (both KV heads in one block), V, scores, p.V, O, gate, up, and down in 2 slices.
  EXPECT_EQ(u(j["tile"], "descriptors"), 10u);
}

TEST(TransformerCli, SameSeedSameCommandsBitForBit) {
  std::string logs[2];
  for (int i = 0; i < 2; ++i) {
    logs[i] = artefact("det" + std::to_string(i) + ".csv");
    const Result r = hbmsim("run --workload decode --model tiny-moe --context 16 --batch 2 "
                            "--pcs 2 --quiet --cmd-log " + logs[i]);
    ASSERT_EQ(r.code, 0) << r.out;
  }
  const std::string a = slurp(logs[0]);
  EXPECT_GT(a.size(), 1000u);
  EXPECT_EQ(a, slurp(logs[1]));
}

TEST(TransformerCli, TheSummaryHasARowPerKernelAndLabelsProjections) {
  const Result r = hbmsim("run --workload decode --model tiny --context 8 --pcs 2");
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* k : {"qkv", "attn_score", "attn_value", "o_proj", "ffn_up", "ffn_down",
                        "layer", "projected"}) {
    EXPECT_NE(r.out.find(k), std::string::npos) << k << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("C++ reference"), std::string::npos) << r.out;
}

// At batch B > 1 a decode step moves B tokens on: the step's latency is per step, not per
// token (it was printed "ms per token" beside per-token tokens/s and J per token), in
// the summary and the HTML; at batch 1 a step is a token.
TEST(TransformerCli, DecodeAtBatchAboveOnePrintsTheLatencyPerStep) {
  const std::string html = artefact("batch3.html");
  const Result r = hbmsim("run --pcs 2 --workload decode --model tiny --context 64 --batch 3 "
                          "--html " + html);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(" ms per step (3 tokens), "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("ms per token"), std::string::npos) << r.out;
  EXPECT_NE(slurp(html).find(" ms per step (3 tokens), "), std::string::npos);
  const Result one = hbmsim("run --pcs 2 --workload decode --model tiny --context 8");
  ASSERT_EQ(one.code, 0) << one.out;
  EXPECT_NE(one.out.find(" ms per token, "), std::string::npos) << one.out;
}

// A prefill of B > 1 prompts runs them in one step: its latency was printed "ms per prompt"
// beside tokens/s over all B prompts' tokens, as if each prompt took it alone.
TEST(TransformerCli, PrefillAtBatchAboveOnePrintsTheLatencyPerStep) {
  const Result r = hbmsim("run --pcs 2 --workload prefill --model tiny --context 3 --batch 2");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(" ms per step (2 prompts), "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("ms per prompt"), std::string::npos) << r.out;
  const Result one = hbmsim("run --pcs 2 --workload prefill --model tiny --context 3");
  ASSERT_EQ(one.code, 0) << one.out;
  EXPECT_NE(one.out.find(" ms per prompt, "), std::string::npos) << one.out;
}

// The report's workload object said a prefill's tokens were 1 (its one step) beside the
// model object's 0: a prefill takes no --tokens; its tokens are --context. Both say 0 now;
// a decode's both say --tokens.
TEST(TransformerCli, WorkloadAndModelAgreeOnTokens) {
  const auto pre = run_report("tokens_prefill", "--pcs 2 --workload prefill --model tiny "
                                                "--context 3");
  EXPECT_EQ(u(pre["model"], "tokens"), 0u);
  EXPECT_EQ(u(pre["workload"], "tokens"), 0u);
  EXPECT_EQ(u(pre["workload"], "context"), 3u);
  const auto dec = run_report("tokens_decode", "--pcs 2 --workload decode --model tiny "
                                               "--context 3 --tokens 2");
  EXPECT_EQ(u(dec["model"], "tokens"), 2u);
  EXPECT_EQ(u(dec["workload"], "tokens"), 2u);
}

// The writes drained after the last kernel's interrupt went with ffn_down without the tCKs
// they took: a 32-wide model's short ffn_down on one HBM2 PC moved 12032 B in 748 tCK,
// 16.09 GB/s, 100.5 % of the peak. Its tCKs now run to the end of the traffic phase.
TEST(TransformerCli, TheLastKernelsDrainKeepsItsBandwidthUnderThePeak) {
  const std::string narrow = write_narrow_model("llm", "narrow_drain.json");
  const auto j = run_report("drain", "--standard hbm2 --pcs 1 --workload prefill --model " +
                                         narrow + " --context 9 --batch 3");
  for (const auto& k : j["kernels"]) {
    EXPECT_LE(k["efficiency"].get<double>(), 1.0) << k.dump();
  }
  EXPECT_EQ(u(j["layer"], "cycles"), u(j, "cycles"));
}

// A small model's projected latency, 1.3 us per token, was printed "0.001 ms" (22 % off):
// three significant digits now, still in ms.
TEST(TransformerCli, ASmallModelsLatencyKeepsThreeSignificantDigits) {
  const std::string narrow = write_narrow_model("llm", "narrow.json");
  const std::string rep = artefact("narrow.json.out");
  const Result r = hbmsim("run --pcs 2 --workload decode --model " + narrow +
                          " --context 1 --report " + rep);
  ASSERT_EQ(r.code, 0) << r.out;
  const double ms = 1e3 * load_json(rep)["model"]["step_latency_s_projected"].get<double>();
  ASSERT_LT(ms, 0.01);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(": ([0-9.]+) ms per token"))) << r.out;
  EXPECT_NEAR(std::stod(m[1].str()), ms, ms * 0.006) << m[0];
}

// Projected tokens/s keep three significant digits: with one decimal, a large model on few
// PCs read "0.7 tokens/s" for 0.748 (and 0.24 "0.2", 17 % off). Here the tiny model's
// layer is made 1024 layers deep and run on an HBM2 whose tCK is 500 ns, so that a token
// takes seconds in a run of under a second.
TEST(TransformerCli, FewTokensPerSecondKeepThreeSignificantDigits) {
  nlohmann::json model = load_json(std::string(HBMSIM_SOURCE_DIR) + "/configs/models/tiny.json");
  model["layers"] = 1024;
  nlohmann::json slow = load_json(std::string(HBMSIM_SOURCE_DIR) +
                                  "/configs/standards/hbm2.json");
  slow["timing"]["tck_ns"] = 500.0;
  slow["data_rate_gbps"] = 0.004;
  const std::string model_file = write_artefact("llm", "deep.json", model.dump());
  const std::string std_file = write_artefact("llm", "slow_hbm2.json", slow.dump());
  const std::string rep = artefact("deep.json.out");
  const Result r = hbmsim("run --standard " + std_file + " --pcs 1 --workload decode --model " +
                          model_file + " --report " + rep);
  ASSERT_EQ(r.code, 0) << r.out;
  const double tps = load_json(rep)["model"]["tokens_per_s_projected"].get<double>();
  ASSERT_LT(tps, 1.0);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(" ms per token, ([0-9.]+) tokens/s")))
      << r.out;
  EXPECT_NEAR(std::stod(m[1].str()), tps, tps * 0.006) << m[0];
  // Above 100, one decimal as before.
  const Result fast = hbmsim("run --pcs 2 --workload decode --model tiny");
  EXPECT_TRUE(std::regex_search(fast.out, std::regex(" ms per token, [0-9]{3,}\\.[0-9] tokens/s")))
      << fast.out;
}

// A decode stopped by --max-cycles part way through its layers (2 tokens x 2 layers, a
// tiny layer takes about 7000 tCK): no projection from unfinished layers, the layer row
// counts only the layer runs whose every kernel finished, nothing is said to be compared
// with the C++ reference (the outputs compared were the golden model's, which stand for
// the tile's only once drv.check() has passed), and the kernels add up to the DRAM's
// partial bytes, which the top-level figures are.
TEST(TransformerCli, DecodeStoppedEarlyProjectsAndComparesNothing) {
  for (const unsigned max_cycles : {1000u, 12000u}) {
    SCOPED_TRACE(max_cycles);
    const std::string rep = artefact("stopped_" + std::to_string(max_cycles) + ".json");
    const std::string html = artefact("stopped_" + std::to_string(max_cycles) + ".html");
    std::remove(rep.c_str());
    const Result r = hbmsim("run --pcs 2 --workload decode --model tiny --context 64 --tokens 2 "
                            "--layers 2 --max-cycles " + std::to_string(max_cycles) +
                            " --report " + rep + " --html " + html);
    ASSERT_EQ(r.code, 1) << r.out;
    const auto j = load_json(rep);
    const auto& m = j["model"];
    for (const char* key : {"step_latency_s_projected", "tokens_per_s_projected",
                            "joules_per_token_projected", "reference_bytes_compared",
                            "reference_mismatches"}) {
      ASSERT_TRUE(m.contains(key)) << key;
      EXPECT_TRUE(m[key].is_null()) << key << ": " << m.dump();
    }
    uint64_t ffn_down_runs = 0, bytes = 0;
    for (const auto& k : j["kernels"]) {
      bytes += u(k, "bytes");
      if (k["name"] == "ffn_down") ffn_down_runs = u(k, "instances");
    }
    EXPECT_LT(u(j["layer"], "instances"), 4u);
    EXPECT_EQ(u(j["layer"], "instances"), ffn_down_runs);   // a layer ends with ffn_down
    EXPECT_EQ(bytes, u(j, "bytes"));
    const auto& c = j["commands"];
    EXPECT_EQ(u(j, "bytes"), 32 * (u(c, "RD") + u(c, "RDA") + u(c, "WR") + u(c, "WRA")));
    EXPECT_GT(u(j, "bytes"), 0u);
    EXPECT_TRUE(j["tile"]["bytes_read"].is_null());
    const std::string proj = "projected     n/a (the run stopped before every simulated layer";
    EXPECT_NE(r.out.find(proj), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("layer outputs not compared with the C++ reference: the run stopped"),
              std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("layer-output bytes"), std::string::npos) << r.out;
    EXPECT_NE(slurp(html).find("n/a (the run stopped before every simulated layer finished)"),
              std::string::npos);
  }
}

// A decode stopped while the driver reads the tile's CSRs, before its first push (the
// kernels' meter and time series start at tCK 28, the first push comes some 20 tCK later):
// its kernels and layer row held none of the run's tCKs, while the time series called them
// "unfinished". They go to qkv, the kernel in progress, as they do later in the run.
TEST(TransformerCli, DecodeStoppedBeforeItsFirstPushCountsItsTcksInQkv) {
  const std::string rep = artefact("stopped_init.json");
  std::remove(rep.c_str());
  const Result r = hbmsim("run --pcs 2 --workload decode --model tiny --context 1 "
                          "--max-cycles 40 --report " + rep);
  ASSERT_EQ(r.code, 1) << r.out;
  const auto j = load_json(rep);
  ASSERT_EQ(j["kernels"].size(), 1u) << j["kernels"].dump();
  EXPECT_EQ(j["kernels"][0]["name"], "qkv");
  EXPECT_EQ(u(j["kernels"][0], "instances"), 0u);
  EXPECT_EQ(u(j["layer"], "cycles"), u(j, "cycles"));
  EXPECT_GT(u(j, "cycles"), 0u);
  EXPECT_NE(r.out.find("stopped in    qkv"), std::string::npos) << r.out;
}

// A run stopped inside a kernel: the layer row sums the kernels' rows, so it holds the
// unfinished run's work as the kernel's row does. A decode stopped in its first
// attn_score printed 'layer 0 runs, 33376 bytes, 1472 tCK' with a note for attn_score's
// row alone ('its row holds the unfinished run's work too'), and the HTML report's kernel
// table no note at all. Both now name the layer row.
TEST(TransformerCli, AStoppedKernelsNoteNamesTheLayerRowInTheSummaryAndTheHtml) {
  const StoppedRun s = run_stopped("llm", "stopped_note", "--pcs 2 --workload decode --model "
                                                          "tiny --max-cycles 1500");
  // The case: no layer run finished, yet the layer row holds bytes and tCKs.
  ASSERT_EQ(u(s.report["layer"], "instances"), 0u) << s.report["layer"].dump();
  ASSERT_GT(u(s.report["layer"], "bytes"), 0u) << s.report["layer"].dump();
  // The kernel in progress: the last row.
  const std::string kernel = s.report["kernels"].back()["name"].get<std::string>();
  const std::string note = kernel + ": its row and the layer row hold the unfinished run's "
                           "work too; runs count finished ones";
  EXPECT_NE(s.r.out.find("  stopped in    " + note + "\n"), std::string::npos) << s.r.out;
  EXPECT_NE(s.html.find("<p class=\"note\">Stopped in " + note + ".</p>"), std::string::npos);
}

// A decode stopped after its last kernel's interrupt, while the controllers drained its
// writes, counted its one layer run in the layer row ('layer 1') yet said 'projected n/a
// (the run stopped before every simulated layer finished)', in the summary and the HTML.
// Now the reason is the drain; a run stopped inside a layer keeps the old one.
TEST(TransformerCli, AProjectionStoppedInTheLastDrainSaysSo) {
  // The layer's figures end at the last kernel's interrupt (the report's cycles); the
  // controllers drain its writes for some tCK after it. Both stops are placed from the
  // whole run, not at fixed tCKs: the pick's form (HBMSIM_PIPE) moves them.
  const std::string args = "--pcs 2 --workload decode --model tiny --context 1";
  const std::string whole = artefact("drain_whole.json");
  std::remove(whole.c_str());
  ASSERT_EQ(hbmsim("run " + args + " --quiet --report " + whole).code, 0);
  const uint64_t end = u(load_json(whole), "cycles");
  const StoppedRun s = run_stopped("llm", "drain_stop", args + " --max-cycles " +
                                                        std::to_string(end + 2));
  ASSERT_EQ(u(s.report["layer"], "instances"), 1u) << s.report["layer"].dump();   // the case
  ASSERT_TRUE(s.report["model"]["step_latency_s_projected"].is_null());
  const std::string why = "n/a (the run stopped while the last kernel's writes drained: every "
                          "simulated layer ran, but its figures lack the rest of the drain)";
  EXPECT_NE(s.r.out.find("  projected     " + why + "\n"), std::string::npos) << s.r.out;
  EXPECT_NE(s.html.find("<td>projected</td><td>" + why + "</td>"), std::string::npos);
  EXPECT_EQ(s.r.out.find("before every simulated layer finished"), std::string::npos) << s.r.out;
  const Result inside = hbmsim("run " + args + " --max-cycles " + std::to_string(end - 20));
  EXPECT_NE(inside.out.find("  projected     n/a (the run stopped before every simulated "
                            "layer finished)\n"), std::string::npos) << inside.out;
}

// A decode or prefill under --max-cycles computed the golden result of every descriptor
// before the run, also of those the limit ends the run before (a prefill of llama2-7b
// over --context 64 spent 2.8 s on them before a 100-tCK run; --context 1024 at --batch 8
// some 6 minutes a layer). From the first descriptor whose bytes at the PCs' peak or MACs
// at the array's rate, after the kernels before it, take longer, none is computed (zeros
// stand in for the host's steps; the traffic does not depend on them: the same report
// and command log as before on this run), a note says so, and the descriptors that
// finished are compared as before.
TEST(TransformerCli, DescriptorsMaxCyclesEndsTheRunBeforeGetNoGoldenModel) {
  const std::string rep = artefact("decode_unfinishable.json");
  std::remove(rep.c_str());
  const Result r = hbmsim("run --pcs 2 --workload decode --model tiny --context 8 --tokens 3 "
                          "--max-cycles 6000 --report " + rep);
  ASSERT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("hbmsim: note: --max-cycles 6000 ends the run before descriptor 18 of 27 "
                       "(in kernel ffn_down) can finish (with the kernels before it, it needs "
                       "at least 7240 tCK: its bytes at the peak of 2 PCs or its MACs at the "
                       "tile's rate): the golden model of it and the 9 after it is not "
                       "computed, and their outputs will not be compared\n"),
            std::string::npos) << r.out;
  // How many descriptors finish by then depends on the controller's timing (8, 996
  // outputs, before stop 62's refresh change; 9, 1124, after): fewer than 18, and the
  // outputs the summary counts are those the report says were compared.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("the run stopped with ([0-9]+) of 27 "
                                                     "descriptors finished: ([0-9]+) of their "
                                                     "outputs compared with the golden model;")))
      << r.out;
  EXPECT_GE(std::stoul(m[1]), 1u);
  EXPECT_LT(std::stoul(m[1]), 18u);
  EXPECT_EQ(r.out.find("had no golden model"), std::string::npos) << r.out;
  const auto j = load_json(rep);
  EXPECT_EQ(u(j["checks"], "tile_outputs_checked"), std::stoull(m[2]));
  EXPECT_GT(u(j["checks"], "tile_outputs_checked"), 0u);
  EXPECT_EQ(u(j["checks"], "data_mismatches"), 0u);
  EXPECT_EQ(u(j, "cycles"), 5972u);
}

// A descriptor --max-cycles ends the run before still left a golden line (a map node per
// 32 bytes) for each of its placeholder outputs: a 2000-tCK prefill of llama2-7b over
// --context 512 took 11.7 s and 979 MB for a prefill's scores nothing would compare
// (--context 1024: 37 s, 2.5 GB; 4096: minutes and over 5 GB), though no descriptor could
// finish. Under a 500 MB address-space limit it now runs (about 2 s, 310 MB resident);
// before, it ran out of memory (exit 3). Not under AddressSanitizer, whose shadow memory
// no such limit holds.
#if !defined(__SANITIZE_ADDRESS__)
TEST(TransformerCli, DescriptorsWithoutAGoldenModelHoldNoGoldenLines) {
  const Result r = shell("ulimit -v 500000; " + std::string(HBMSIM_BINARY) +
                         " run --pcs 32 --workload prefill --model llama2-7b --context 512 "
                         "--max-cycles 2000 --quiet 2>&1");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("problem       stopped at the cycle limit (2000 tCK)"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the run stopped before any of its 78 descriptors finished"),
            std::string::npos) << r.out;
}
#endif

// A decode stopped mid-layer compared none of the tile's outputs ("0 tile outputs compared
// with the golden model") though its first kernels had finished. What the finished
// descriptors wrote is compared (a write still posted in a busy controller is counted
// apart, never a false mismatch), and a problem line says how many finished and from
// which kernel on nothing was compared.
TEST(TransformerCli, DecodeStoppedMidLayerComparesTheKernelsThatFinished) {
  uint64_t last = 0;
  for (const unsigned max_cycles : {3000u, 8000u, 12000u}) {
    SCOPED_TRACE(max_cycles);
    const std::string rep = artefact("stopped_mid.json");
    std::remove(rep.c_str());
    const Result r = hbmsim("run --pcs 2 --workload decode --model tiny --context 64 "
                            "--layers 2 --max-cycles " + std::to_string(max_cycles) +
                            " --report " + rep);
    ASSERT_EQ(r.code, 1) << r.out;
    const auto j = load_json(rep);
    const uint64_t checked = u(j["checks"], "tile_outputs_checked");
    EXPECT_GT(checked, last) << r.out;
    last = checked;
    EXPECT_EQ(u(j["checks"], "data_mismatches"), 0u) << r.out;
    EXPECT_NE(r.out.find(" descriptors finished: " + std::to_string(checked) + " of their "
                         "outputs compared with the golden model"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" outputs (from kernel "), std::string::npos) << r.out;
  }
  const Result none = hbmsim("run --pcs 2 --workload decode --model tiny --context 64 "
                             "--layers 2 --max-cycles 200");
  EXPECT_NE(none.out.find("the run stopped before any of its 18 descriptors finished: no "
                          "output compared with the golden model"), std::string::npos)
      << none.out;
}

// A large model's golden model is computed on the host before the first tCK (llama2-70b
// at batch 64: 14 to 17 s) with nothing on stderr, as if hbmsim hung. Past the progress
// threshold (HBMSIM_PROGRESS_AFTER, 2 s; 0 here: at once) a note says what is built and
// how far, and when it is done; --quiet has none, and a short one under 2 s none either.
TEST(TransformerCli, ALongGoldenModelIsNotedOnStderr) {
  const std::string args = "run --pcs 2 --workload decode --model tiny --context 8 --layers 2";
  const std::string noted = stderr_at_once(args);
  EXPECT_NE(noted.find("hbmsim: building the golden model of tiny decode (batch 1, context 8, "
                       "2 layers x 1 step): every tile output, computed on the host before the "
                       "run; 0 of 2 layer steps done ...\nhbmsim: ... done in "),
            std::string::npos) << noted;
  EXPECT_NE(noted.find("hbmsim: computing the C++ reference of tiny decode"), std::string::npos)
      << noted;
  const Result fast = shell(std::string(HBMSIM_BINARY) + " " + args + " 2>&1 >/dev/null");
  EXPECT_EQ(fast.code, 0) << fast.out;
  EXPECT_EQ(fast.out, "");
}

// Under --max-cycles the note said the golden model held 'every tile output', and the
// next line that most were not computed (a prefill of llama2-7b over --context 1024 at
// --max-cycles 2000: none of its 78 descriptors). It names the limit now.
TEST(TransformerCli, AGoldenModelNoteUnderMaxCyclesSaysWhatIsBuilt) {
  const Result r = shell("HBMSIM_PROGRESS_AFTER=0 " + std::string(HBMSIM_BINARY) +
                         " run --pcs 2 --workload decode --model tiny --context 8 --tokens 3 "
                         "--max-cycles 6000 2>&1 >/dev/null");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("hbmsim: building the golden model of tiny decode (batch 1, context 8, "
                       "1 layer x 3 steps): every tile output the run can finish by "
                       "--max-cycles 6000, computed on the host before the run; "),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the golden model of it and the 9 after it is not computed"),
            std::string::npos) << r.out;
}

// The golden model keeps every result to check the tile: a decode of --tokens 4096
// --batch 64 (within every flag's range) scripted for minutes, GBs growing, before its
// first tCK, however small --max-cycles; larger ones were killed for want of memory.
// Past what can be checked such a run is refused at once (timeout: the old behaviour
// fails the test, not hangs it).
TEST(TransformerCli, ARunTooLargeToCheckIsRefusedAtOnce) {
  const std::pair<const char*, const char*> cases[] = {
      {"--workload decode --model tiny --context 16 --tokens 4096 --batch 64",
       "decode of tiny: 8.1 GiB of attention scores"},
      {"--workload decode --model tiny --context 131072 --tokens 4096 --batch 64 --layers 2",
       "so at most 2 GiB: a smaller --context, --tokens, --batch or --layers\n"},
      // A flag at its least (--layers 1) is not named: it cannot shrink.
      {"--workload decode --model tiny --context 131072 --tokens 4096 --batch 64",
       "so at most 2 GiB: a smaller --context, --tokens or --batch\n"},
      {"--workload prefill --model tiny --context 32768", "prefill of tiny: 16.0 GiB"},
      // A prefill takes no --tokens: the advice named it.
      {"--workload prefill --model tiny --context 32768 --batch 2 --layers 2",
       "so at most 2 GiB: a smaller --context, --batch or --layers\n"},
  };
  for (const auto& [args, want] : cases) {
    SCOPED_TRACE(args);
    const Result r = shell(std::string("timeout 20 ") + HBMSIM_BINARY + " run --pcs 32 " +
                           "--max-cycles 100 --quiet " + args + " 2>&1");
    const std::string& out = r.out;
    EXPECT_EQ(r.code, 2) << out;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
    EXPECT_NE(out.find(want), std::string::npos) << out;
  }
}

// Scores just past the limit were shown rounded to one decimal: llama2-70b at --context
// 131072 --batch 64 needs 2147500032 bytes of scores, printed '2.0 GiB of attention
// scores ... so at most 2 GiB', a refusal that reads as within the limit.
TEST(TransformerCli, ScoresJustPastTheLimitDoNotReadAsTheLimit) {
  const Result r = shell(std::string("timeout 20 ") + HBMSIM_BINARY +
                         " run --pcs 32 --max-cycles 100 --quiet --workload decode --model "
                         "llama2-70b --context 131072 --batch 64 2>&1");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("decode of llama2-70b: 2.00002 GiB of attention scores"),
            std::string::npos) << r.out;
}

// A decode without --model lists the presets to choose from; with $HBMSIM_CONFIG_DIR on a
// folder holding none it said '--workload decode needs --model (one of: )'.
TEST(TransformerCli, NeedsAModelSaysWhereNoPresetWasFound) {
  const std::string dir = artefact("configs_no_models");
  std::filesystem::create_directories(dir + "/standards");
  std::filesystem::copy_file(std::string(HBMSIM_SOURCE_DIR) + "/configs/standards/hbm3.json",
                             dir + "/standards/hbm3.json",
                             std::filesystem::copy_options::overwrite_existing);
  const Result r = shell("HBMSIM_CONFIG_DIR=" + dir + " " + HBMSIM_BINARY +
                         " run --workload decode 2>&1");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out, "hbmsim: --workload decode needs --model (a model's JSON file: no preset "
                   "found; $HBMSIM_CONFIG_DIR is " + dir + ": presets are read from its "
                   "models/)\n");
}

// --tokens on another workload was 'for --workload decode|prefill', and a prefill then
// refused it: it is decode's alone.
TEST(TransformerCli, TokensElsewhereIsSaidToBeDecodesAlone) {
  const Result r = hbmsim("run --workload gemv --m 8 --k 32 --tokens 2");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out, "hbmsim: --tokens is for --workload decode\n");
  const Result context = hbmsim("run --workload gemv --m 8 --k 32 --context 2");
  EXPECT_EQ(context.out, "hbmsim: --context is for --workload decode|prefill\n");
}

TEST(TransformerCli, BadRequestsAreRefusedWithExit2) {
  const std::pair<const char*, const char*> cases[] = {
      {"--workload decode --context 8", "needs --model"},
      {"--workload decode --model nope --context 8", "known:"},
      {"--workload decode --model tiny --layers 3", "--layers 3"},
      {"--workload decode --model tiny --batch 0", "--batch: 0 is too small"},
      {"--workload prefill --model tiny", "needs --context"},
      {"--workload prefill --model tiny --context 8 --tokens 2", "--tokens"},
      {"--workload seq --model tiny", "--model is for"},
      {"--workload gemv --m 8 --k 8 --context 4", "--context is for"},
      {"--workload decode --model tiny --m 4", "--m is for"},
  };
  for (const auto& [args, want] : cases) {
    const Result r = hbmsim(std::string("run ") + args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    EXPECT_NE(r.out.find(want), std::string::npos) << args << ": " << r.out;
  }
}

}  // namespace test_transformer_cli
