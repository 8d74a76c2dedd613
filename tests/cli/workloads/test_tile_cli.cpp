// `hbmsim run --workload gemv|gemm` as users run it: the JSON report's tile counters and
// what they must equal, odd shapes, usage errors (exit 2, one line), the tile's waveform
// scope, and bit-for-bit determinism of the command log.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_helpers.h"

namespace test_tile_cli {

using namespace cli_test;

std::string artefact(const std::string& name) { return cli_test::artefact("tile", name); }

uint64_t u(const nlohmann::json& j, const char* key) { return j.at(key).get<uint64_t>(); }

nlohmann::json run_report(const std::string& name, const std::string& args) {
  return cli_test::run_report("tile", name, args + " --quiet");
}

// What every tile report must hold: the counters, equal to the command counts and the
// shape, no violation, every output compared and equal. `load_beats`: beats the X load
// over AXI (--tile-load axi) wrote before the tile ran, which the device counts too.
void expect_tile_report(const nlohmann::json& j, uint64_t m, uint64_t k, uint64_t n,
                        unsigned pcs, uint64_t load_beats = 0) {
  ASSERT_TRUE(j.contains("tile")) << j.dump();
  const auto& t = j["tile"];
  for (const char* key : {"busy_cycles", "mem_stall_cycles", "bytes_read", "bytes_written",
                          "macs", "mac_utilization", "descriptors", "errors"}) {
    EXPECT_TRUE(t.contains(key)) << key;
  }
  const auto& c = j["commands"];
  EXPECT_EQ(u(t, "macs"), m * k * n);
  EXPECT_EQ(u(t, "descriptors"), 1u);
  EXPECT_EQ(u(t, "errors"), 0u);
  EXPECT_EQ(u(t, "bytes_read"), 32 * (u(c, "RD") + u(c, "RDA")));
  EXPECT_EQ(u(t, "bytes_written") + 32 * load_beats, 32 * (u(c, "WR") + u(c, "WRA")));
  EXPECT_GT(u(t, "busy_cycles"), 0u);
  EXPECT_LE(u(t, "busy_cycles"), u(j, "cycles"));
  EXPECT_LE(u(t, "mem_stall_cycles"), u(t, "busy_cycles"));
  const double util = t["mac_utilization"].get<double>();
  EXPECT_NEAR(util, double(u(t, "macs")) / (double(u(t, "busy_cycles")) * pcs * 32 * 4), 1e-9);
  EXPECT_GT(util, 0.0);
  EXPECT_LE(util, 1.0);
  EXPECT_EQ(j["checks"]["timing_violations"], 0);
  EXPECT_EQ(j["checks"]["data_mismatches"], 0);
  EXPECT_EQ(j["checks"]["tile_outputs_checked"].get<uint64_t>(), m * n);
  EXPECT_EQ(u(j, "pcs"), pcs);
}

TEST(TileCli, GemvReportHasTheTileCounters) {
  const auto j = run_report("gemv", "--workload gemv --m 64 --k 256 --pcs 2");
  expect_tile_report(j, 64, 256, 1, 2);
  if (HasFailure()) return;
  EXPECT_EQ(u(j["tile"], "macs"), 16384u);
  // W (64 rows of 8 beats) and X (8 beats) read once, Y (64 int32 = 8 beats) written once.
  EXPECT_EQ(u(j["tile"], "bytes_read"), 32u * (64 * 8 + 8));
  EXPECT_EQ(u(j["tile"], "bytes_written"), 32u * 8);
}

// Issue 9's target on its smallest shape, as `hbmsim bench --tile` runs it (no refresh
// debt left at the end): the Q/K/V/O projection of Llama-2-7B on the whole HBM3 stack.
// It is the shortest of the four (36 k tCK), so what a refresh costs shows most: with
// every REFpb issued just when due (none pulled in under load), a forced one fell on the
// bank a PC's stream was in, that PC's queue filled with it for tRFCpb, and the whole
// GEMV waited for the PC (89.1 %).
TEST(TileCli, TheQkvProjectionGemvReachesTheBenchTarget) {
  const auto j = run_report("gemv_4096", "--workload gemv --m 4096 --k 4096 --pcs 32 "
                                         "--refresh-postpone 0");
  expect_tile_report(j, 4096, 4096, 1, 32);
  EXPECT_GE(j.at("efficiency").get<double>(), 0.92) << j.at("cycles") << " tCK";
}

// Runs of up to 32 PCs take the tile's 32-port build, more PCs the 64-port one
// (sim/cosim/models/rtl_tile.cpp): both compute and check the same GEMV on an HBM4 stack.
TEST(TileCli, BothTileBuildsPassAGemv) {
  for (const unsigned pcs : {32u, 64u}) {
    SCOPED_TRACE(pcs);
    const auto j = run_report("gemv_hbm4_" + std::to_string(pcs),
                              "--standard hbm4 --workload gemv --m 128 --k 512 --pcs " +
                                  std::to_string(pcs));
    expect_tile_report(j, 128, 512, 1, pcs);
  }
}

// A map that leaves a missing stack ID as holes inside each PC's span (HBM3E, 3 stack
// IDs, Si below the rows) cannot hold the tile's tensors: refused before the run, naming
// the map and the way out; the default map (Si on top) runs.
TEST(TileCli, MapWithHolesInsideThePcIsRefused) {
  for (const char* w : {"--workload gemv --m 64 --k 256",
                        "--workload decode --model tiny --context 4"}) {
    const Result r = hbmsim(std::string("run --quiet --standard hbm3e --mapping RoSiBaCoBg ") + w);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("'RoSiBaCoBg'"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Si first"), std::string::npos) << r.out;
  }
  EXPECT_EQ(hbmsim("run --quiet --standard hbm3e --workload gemv --m 64 --k 256").code, 0);
}

TEST(TileCli, GemmOddShapePasses) {
  const auto j = run_report("gemm_odd", "--workload gemm --m 33 --k 65 --n 5");
  expect_tile_report(j, 33, 65, 5, 1);
}

TEST(TileCli, GemvBatchInt8AndAccumulateAndAxiLoadPass) {
  expect_tile_report(run_report("gemv_int8", "--workload gemv --m 40 --k 100 --batch 3 "
                                             "--int8-out --shift 8 --pcs 4 --seed 3"),
                     40, 100, 3, 4);
  expect_tile_report(run_report("gemm_acc", "--workload gemm --m 24 --k 96 --n 6 --accumulate "
                                            "--pcs 2"),
                     24, 96, 6, 2);
  expect_tile_report(run_report("gemv_axi", "--workload gemv --m 32 --k 200 --batch 2 "
                                            "--tile-load axi --pcs 2"),
                     32, 200, 2, 2, /*X: 2 rows of 7 beats*/ 14);
  expect_tile_report(run_report("gemv_gran", "--workload gemv --m 20 --k 1000 --pcs 8 "
                                             "--tile-granule 512"),
                     20, 1000, 1, 8);
}

TEST(TileCli, HumanSummaryShowsTheTile) {
  const Result r = hbmsim("run --workload gemv --m 64 --k 256 --pcs 2");
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* what : {"tile", "busy", "stalled on memory", "read", "written", "MACs",
                           "descriptor", "errors", "PASS"}) {
    EXPECT_NE(r.out.find(what), std::string::npos) << what << " not in:\n" << r.out;
  }
}

TEST(TileCli, BadTileInputIsOneLineAndExitCode2) {
  const std::string g = "run --workload gemv --m 64 --k 256 ";
  for (const std::string args :
       {std::string("run --workload gemv --m 64 --k 20000"), g + "--batch 5", g + "--pcs 3",
        g + "--accumulate --int8-out", std::string("run --workload gemv --m 0 --k 256"),
        std::string("run --workload gemv --k 256"), std::string("run --workload gemm --m 8"),
        g + "--shift 3", g + "--int8-out --shift 40", g + "--n 4",
        std::string("run --workload gemm --m 8 --k 32 --batch 2"),
        std::string("run --workload gemm --m 8 --k 32 --n 0"), g + "--batch 0",
        std::string("run --workload random --m 8"), g + "--tile-granule 100",
        g + "--tile-load foo", g + "--xbar"}) {
    const Result r = hbmsim(args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << args << ": " << r.out;
    EXPECT_EQ(r.out.rfind("hbmsim: ", 0), 0u) << args << ": " << r.out;
  }
}

// A workload larger than the PCs' memory: the message named an internal tensor ("tile: p
// needs ... bytes") and nothing to change; it says now which flags make it fit.
TEST(TileCli, WorkloadTooLargeForTheMemorySaysWhatToChange) {
  const Result r = hbmsim("run --workload decode --model llama2-7b --pcs 1 --context 100000 "
                          "--layers 1");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  EXPECT_NE(r.out.find("tile: tensor 'L0.Kcache' needs 409604096 bytes, but only "),
            std::string::npos) << r.out;
  // --tokens, --batch and --layers are at their least (1): only --context can shrink.
  EXPECT_NE(r.out.find("bytes of the 1 PC are left: the workload does not fit (more --pcs "
                       "(up to 32), or a smaller shape: --context)\n"),
            std::string::npos) << r.out;
}

// Each tensor starts on a --tile-granule: a decode of the tiny model (tensors of a few
// hundred bytes) at 16 MiB granules on 1 PC was refused as "tensor 'xn' needs 16777216
// bytes, but only 0 ... left (more --pcs (up to 32), or a smaller shape: --context, ...)",
// a size the tensor never had and nothing about the granule. The granule is named.
TEST(TileCli, AGranuleTooLargeForTheTensorsIsNamed) {
  const Result r = hbmsim("run --workload decode --model tiny --context 1 --layers 2 "
                          "--tile-granule 16777216");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  EXPECT_EQ(r.out.rfind("hbmsim: tile: tensor '", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("bytes takes a whole 16777216-byte granule, and the 32 tensors before it "
                       "took 536870912 of the 536870912 bytes of the 1 PC for "),
            std::string::npos) << r.out;
  // A decode places its activations as its script runs: only the tensors so far are known,
  // and the advice is a bound, not a promise (it was "512 to 8388608", and a decode of 4
  // tokens failed at 8388608 too, then at 4194304).
  EXPECT_NE(r.out.find("the workload does not fit at this one (a smaller --tile-granule, at "
                       "most 8388608, where the 33 tensors so far take 276824064 bytes; the "
                       "tensors the workload allocates after them are not counted and may need "
                       "a smaller one still)\n"), std::string::npos) << r.out;
  EXPECT_EQ(hbmsim("run --workload decode --model tiny --context 1 --layers 2 --tile-granule "
                   "8192 --quiet").code, 0);
  const Result four = hbmsim("run --workload decode --model tiny --context 1 --layers 2 "
                             "--tokens 4 --tile-granule 8388608");
  EXPECT_EQ(four.code, 2) << four.out;
  EXPECT_NE(four.out.find("(a smaller --tile-granule, at most 4194304, where the 65 tensors so "
                          "far take 272629760 bytes; the tensors the workload allocates after "
                          "them are not counted"), std::string::npos) << four.out;
}

// A GEMV whose W (520097792 bytes) fills the 1 PC's 512 MiB at 16 MiB granules was told
// 'a smaller --tile-granule, 512 to 8388608', counting only W and X: at 8 MiB W takes 63
// granules and X and Y one each, 520 MiB, and Y failed there too. A GEMV's three tensors
// are known before the first is placed: the advice names the largest granule that holds
// them all, and at it every tensor is placed.
TEST(TileCli, TheGranuleAdvisedHoldsTheWholeWorkload) {
  const std::string gemv = "run --workload gemv --m 126977 --k 4096 ";
  const std::string advice = "each tensor starts on a granule, so the workload does not fit at "
                             "this one (a smaller --tile-granule, 512 to 4194304: at 4194304 "
                             "its 3 tensors take 532676608 bytes)\n";
  const Result big = hbmsim(gemv + "--tile-granule 16777216");
  EXPECT_EQ(big.code, 2) << big.out;
  EXPECT_EQ(std::count(big.out.begin(), big.out.end(), '\n'), 1) << big.out;
  EXPECT_NE(big.out.find("tile: tensor 'X' of 4096 bytes takes a whole 16777216-byte granule, "
                         "and the 1 tensor before it took 536870912 of the 536870912 bytes"),
            std::string::npos) << big.out;
  EXPECT_NE(big.out.find(advice), std::string::npos) << big.out;
  // The old advice's largest granule: Y does not fit.
  const Result old = hbmsim(gemv + "--tile-granule 8388608");
  EXPECT_EQ(old.code, 2) << old.out;
  EXPECT_NE(old.out.find("tile: tensor 'Y' of 507936 bytes takes a whole 8388608-byte granule"),
            std::string::npos) << old.out;
  EXPECT_NE(old.out.find(advice), std::string::npos) << old.out;
  // At the advised one every tensor is placed and the run starts (stopped at once).
  const Result fits = hbmsim(gemv + "--tile-granule 4194304 --max-cycles 100 --quiet");
  EXPECT_EQ(fits.code, 1) << fits.out;
  EXPECT_EQ(fits.out.find("tile: tensor"), std::string::npos) << fits.out;
  // W and X fill the PC to the byte: no granule holds Y too, where "512 to 8388608" was
  // advised. What else would help is said instead.
  const Result none = hbmsim("run --workload gemv --m 32767 --k 16384 --tile-granule 16777216");
  EXPECT_EQ(none.code, 2) << none.out;
  EXPECT_NE(none.out.find("so the workload does not fit at this one (nor at the least "
                          "--tile-granule, 512, where its 3 tensors take 537001984 bytes: more "
                          "--pcs (up to 32), or a smaller shape: --m, --k or --batch)\n"),
            std::string::npos) << none.out;
}

// The advice names the flags the workload takes: a decode, a gemv or a prefill was told to
// shrink --m/--k/--n (refused by the transformers), --context and --layers (refused by the
// tile's GEMV), and more --pcs on a stack that has no more.
TEST(TileCli, WorkloadTooLargeNamesOnlyFlagsItTakes) {
  const ArgsSays cases[] = {
      {"--workload gemv --m 40000 --k 16384",
       "the 1 PC are left: the workload does not fit (more --pcs (up to 32), or a smaller "
       "shape: --m, --k or --batch)\n"},
      {"--workload gemm --m 4000000 --k 16384 --n 2 --pcs 32",
       "the 32 PCs are left: the workload does not fit (a smaller shape: --m, --k or --n)\n"},
      {"--workload prefill --model gpt3-175b --pcs 4 --context 256 --layers 1 --batch 64",
       "the workload does not fit (more --pcs (up to 32), or a smaller shape: --context or "
       "--batch)\n"},
      // Flags at their least (--layers 1, --batch 1, --context 1) are not named: a decode
      // whose one layer's weights outgrow the PC was told to shrink --context and --layers.
      {"--workload decode --model llama2-70b --pcs 1 --context 1",
       "the 1 PC are left: the workload does not fit (more --pcs (up to 32))\n"},
  };
  for (const auto& c : cases) {
    const Result r = hbmsim("run " + c.args);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << c.args << ": " << r.out;
    EXPECT_NE(r.out.find(c.says), std::string::npos) << c.args << ": " << r.out;
  }
}

// More PCs are advised only when the stack's every PC would hold the tensors: a GEMV
// whose W alone is 128 GiB, on 2 HBM3 PCs, was told "more --pcs (up to 32), or a smaller
// shape", though the 32 PCs hold 16 GiB.
TEST(TileCli, MorePcsAreAdvisedOnlyIfTheStackWouldHoldTheWorkload) {
  const ArgsSays cases[] = {
      {"--workload gemv --m 4294967295 --k 64 --pcs 2",
       "hbmsim: tile: tensor 'W' needs 274877906944 bytes, but only 1073741824 of the "
       "1073741824 bytes of the 2 PCs are left: the workload does not fit (not even the "
       "stack's 32 PCs would hold it: a smaller shape: --m, --k or --batch)\n"},
      {"--workload gemm --m 64 --k 64 --n 4294967295 --pcs 4",
       "the 4 PCs are left: the workload does not fit (not even the stack's 32 PCs would "
       "hold it: a smaller shape: --m, --k or --n)\n"},
      // Where the stack would hold it, more PCs are still advised (and so in
      // WorkloadTooLargeNamesOnlyFlagsItTakes).
      {"--workload gemv --m 200000 --k 16384 --pcs 4",
       "the 4 PCs are left: the workload does not fit (more --pcs (up to 32), or a smaller "
       "shape: --m, --k or --batch)\n"},
  };
  for (const auto& c : cases) {
    const Result r = hbmsim("run " + c.args);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << c.args << ": " << r.out;
    EXPECT_NE(r.out.find(c.says), std::string::npos) << c.args << ": " << r.out;
  }
}

// A transformer's weights are sized by its model and --layers alone: a prefill of
// gpt3-175b on one PC, whose first layer's W_o did not fit, was told "a smaller shape:
// --context or --batch", and a model whose one layer outgrows the whole stack "a smaller
// shape: --context" at --context 4. Its KV caches and activations still name those flags
// (WorkloadTooLargeForTheMemorySaysWhatToChange, WorkloadTooLargeNamesOnlyFlagsItTakes).
TEST(TileCli, ATransformersWeightsAreShrunkOnlyByFewerLayers) {
  const std::string big = write_artefact(
      "tile_cli", "big_layer.json",
      R"({"name": "one layer past the stack", "d_model": 16384, "layers": 4, "heads": 128,
          "kv_heads": 8, "head_dim": 128, "ffn": 65536, "ffn_activation": "swiglu",
          "experts": 8, "active_experts": 2, "vocab": 32000,
          "sources": {"shape": "a test's: 8 experts of 3 GiB each per layer"}})");
  const ArgsSays cases[] = {
      {"--workload prefill --model gpt3-175b --pcs 1 --context 1024 --layers 1 --batch 2",
       "hbmsim: tile: tensor 'L0.Wo' needs 150994944 bytes, but only 83886080 of the "
       "536870912 bytes of the 1 PC are left: the workload does not fit (more --pcs (up to "
       "32))\n"},
      {"--workload decode --model llama2-70b --pcs 1 --context 100 --batch 4 --layers 2",
       "hbmsim: tile: tensor 'L0.Wup' needs 234881024 bytes, but only 150994944 of the "
       "536870912 bytes of the 1 PC are left: the workload does not fit (more --pcs (up to "
       "32), or a smaller shape: --layers)\n"},
      {"--workload decode --model " + big + " --pcs 32 --context 4 --batch 2",
       "bytes of the 32 PCs are left: the workload does not fit (even at its smallest, on "
       "every PC of the stack)\n"},
  };
  for (const auto& c : cases) {
    const Result r = hbmsim("run " + c.args);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << c.args << ": " << r.out;
    EXPECT_NE(r.out.find(c.says), std::string::npos) << c.args << ": " << r.out;
  }
}

// A --max-cycles that ends the run before the descriptor could move its bytes at the
// PCs' peak ends it before the tile finishes: the golden model was built anyway, m x k x n
// MACs on the host (a GEMM of 16384 x 16384 x 16384: about 15 minutes and 8 GiB) before
// the 1000 tCK ran, and never compared. Now it is not built, and a note says so. (Whether
// one is built shows in the slow-step note, printed at once with HBMSIM_PROGRESS_AFTER=0.)
TEST(TileCli, AGemmThatCannotFinishByMaxCyclesBuildsNoGoldenModel) {
  const std::string rep = artefact("tile_unfinishable.json");
  std::remove(rep.c_str());
  // W 16 MiB + X 256 KiB + Y 1 MiB: 1130496 tCK at one HBM3 PC's 16 bytes a tCK; 2^30
  // MACs: 8388608 tCK at the array's 32 x 4 a tCK on one PC.
  const Result r = shell("HBMSIM_PROGRESS_AFTER=0 " + std::string(HBMSIM_BINARY) +
                         " run --workload gemm --m 4096 --k 4096 --n 64 --pcs 1 "
                         "--max-cycles 1000 --report " + rep + " 2>&1");
  ASSERT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("hbmsim: note: --max-cycles 1000 ends the run before the gemm can "
                       "finish (it needs at least 8388608 tCK: 18087936 bytes at the peak of 1 "
                       "PC, 1073741824 MACs at the tile's 128 a tCK, whichever takes longer): "
                       "its golden model is not built, and no output will be compared\n"),
            std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("building the golden model"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the run stopped before any of its 1 descriptor finished: no output "
                       "compared with the golden model"), std::string::npos) << r.out;
  const nlohmann::json j = load_json(rep);
  EXPECT_EQ(j["checks"]["tile_outputs_checked"], 0) << j.dump();
  EXPECT_EQ(j["checks"]["data_mismatches"], 0) << j.dump();
  // A limit the bytes could meet builds it as before (the gemv ends by itself here).
  const Result ok = shell("HBMSIM_PROGRESS_AFTER=0 " + std::string(HBMSIM_BINARY) +
                          " run --workload gemv --m 64 --k 64 --pcs 1 --max-cycles 100000 2>&1");
  ASSERT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("building the golden model"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("(64 tile outputs compared with the golden model)"), std::string::npos)
      << ok.out;
}

// --xbar with a workload on the tile is refused naming that workload: a decode or a
// prefill was told '--xbar and a tile workload (gemv, gemm) exclude each other', which
// is not the workload asked for.
TEST(TileCli, XbarWithATileWorkloadNamesTheWorkload) {
  for (const std::string w : {"gemv --m 8 --k 32", "gemm --m 8 --k 32 --n 2",
                              "decode --model tiny", "prefill --model tiny --context 4"}) {
    const Result r = hbmsim("run --pcs 2 --xbar --workload " + w);
    const std::string name = w.substr(0, w.find(' '));
    EXPECT_EQ(r.code, 2) << w << ": " << r.out;
    EXPECT_EQ(r.out, "hbmsim: --xbar is for the host's traffic: --workload " + name +
                         " runs on the tile, which masters every PC's port itself (no "
                         "crossbar)\n") << w;
  }
}

// The tile takes a power of two of PCs, at most the stack's: --pcs 6 on HBM2 (16 PCs) was
// told "(1 to 64)", the tile's own ports, and --pcs 32 then failed on the stack.
TEST(TileCli, APcCountThatIsNotAPowerOfTwoIsToldTheStacksChoices) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--standard hbm2 --pcs 6", "--pcs 6: the tile interleaves its tensors over a power of "
                                  "two of PCs: 1, 2, 4, 8 or 16 on this 16-PC stack\n"},
      {"--standard hbm3 --pcs 24", "--pcs 24: the tile interleaves its tensors over a power "
                                   "of two of PCs: 1, 2, 4, 8, 16 or 32 on this 32-PC stack\n"},
      {"--standard hbm4 --pcs 48", "--pcs 48: the tile interleaves its tensors over a power "
                                   "of two of PCs: 1, 2, 4, 8, 16, 32 or 64\n"}};
  for (const auto& [stack, says] : cases) {
    const Result r = hbmsim("run --workload gemv --m 8 --k 32 " + stack);
    EXPECT_EQ(r.code, 2) << stack << ": " << r.out;
    EXPECT_EQ(r.out, "hbmsim: " + says) << stack;
  }
}

// The golden model keeps every result to check the tile: a GEMM of 16384 x 65536 fits
// the 32 PCs but its golden model would need 32 GiB of host memory; it was computed,
// GBs growing, until killed. Refused before it is computed (timeout: the old behaviour
// fails the test, not the machine).
TEST(TileCli, AWorkloadTooLargeToCheckIsRefusedBeforeItIsComputed) {
  const Result r = shell(std::string("timeout 20 ") + HBMSIM_BINARY +
                         " run --workload gemm --m 16384 --k 16 --n 65536 --pcs 32 "
                         "--max-cycles 100 --quiet 2>&1");
  const std::string& out = r.out;
  EXPECT_EQ(r.code, 2) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  EXPECT_NE(out.find("tile: the golden model of the first 1 descriptor(s) needs 32.0 GiB, past "
                     "the 16 GiB"), std::string::npos) << out;
}

// Just past the limit, one decimal printed the limit itself: a GEMM of 16384 x 32769
// needs 17180393472 bytes (16.0005 GiB), refused as 'needs 16.0 GiB, past the 16 GiB'.
TEST(TileCli, AGoldenModelJustPastTheLimitDoesNotReadAsTheLimit) {
  const Result r = shell(std::string("timeout 20 ") + HBMSIM_BINARY +
                         " run --workload gemm --m 16384 --k 32 --n 32769 --pcs 32 "
                         "--max-cycles 100 --quiet 2>&1");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("needs 16.0005 GiB, past the 16 GiB"), std::string::npos) << r.out;
}

// A GEMM without --n ran silently as n = 1 (a GEMV under the gemm name, "PASS"): --n is
// required, as --m and --k are, and the message says so.
TEST(TileCli, GemmWithoutNIsRefused) {
  const Result r = hbmsim("run --workload gemm --m 8 --k 32");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("hbmsim: --workload gemm needs --n N"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  const Result given = hbmsim("run --workload gemm --m 8 --k 32 --n 1 --quiet");
  EXPECT_EQ(given.code, 0) << given.out;
}

// A run --max-cycles stops before the driver reads the tile's counters over APB: the
// report keeps their keys with null values (not 0), the summary and the HTML say n/a and
// why, and bytes / reads / writes / bandwidth are the DRAM's partial figures, which the
// command log shows (they were 0, from the unread counters).
TEST(TileCli, RunStoppedEarlyReportsTheDramsPartialFiguresAndNoTileCounters) {
  const StoppedRun s = run_stopped("tile", "stopped", "--workload gemv --m 2000 --k 512 "
                                                      "--pcs 2 --max-cycles 3000");
  const auto& t = s.report["tile"];
  for (const char* key : {"busy_cycles", "mem_stall_cycles", "bytes_read", "bytes_written",
                          "macs", "mac_utilization", "descriptors", "errors"}) {
    ASSERT_TRUE(t.contains(key)) << key;
    EXPECT_TRUE(t[key].is_null()) << key << ": " << t.dump();
  }
  const auto& c = s.report["commands"];
  const uint64_t rd = u(c, "RD") + u(c, "RDA"), wr = u(c, "WR") + u(c, "WRA");
  EXPECT_GT(rd, 1000u);
  EXPECT_EQ(u(s.report, "reads"), rd);
  EXPECT_EQ(u(s.report, "writes"), wr);
  EXPECT_EQ(u(s.report, "bytes"), 32 * (rd + wr));
  EXPECT_GT(s.report["bandwidth_gbps"].get<double>(), 0.0);
  const std::string na = "n/a (the run stopped before the tile's counters were read)";
  EXPECT_NE(s.r.out.find("tile          " + na), std::string::npos) << s.r.out;
  EXPECT_EQ(s.r.out.find("busy 0 tCK"), std::string::npos) << s.r.out;
  EXPECT_NE(s.html.find(na), std::string::npos);
}

bool have_fst2vcd() { return std::system("command -v fst2vcd >/dev/null 2>&1") == 0; }

TEST(TileCli, WaveScopeTileDumpsTheTileAlone) {
  const std::string all = artefact("wave_all.fst"), only = artefact("wave_tile.fst");
  std::remove(all.c_str());
  std::remove(only.c_str());
  const std::string args = "run --workload gemv --m 64 --k 256 --pcs 2 --quiet --wave ";
  Result r = hbmsim(args + all);
  ASSERT_EQ(r.code, 0) << r.out;
  r = hbmsim(args + only + " --wave-scope tile");
  ASSERT_EQ(r.code, 0) << r.out;
  ASSERT_TRUE(std::filesystem::exists(all));
  ASSERT_TRUE(std::filesystem::exists(only));
  EXPECT_GT(std::filesystem::file_size(only), 1000u);
  EXPECT_LT(std::filesystem::file_size(only), std::filesystem::file_size(all))
      << "--wave-scope tile dumped no less than the whole design";
  if (have_fst2vcd()) {
    // The scoped dump's hierarchy: the tile, and no channel model.
    const Result v = shell("fst2vcd " + only + " 2>/dev/null | grep '\\$scope' | "
                                         "sort -u");
    EXPECT_NE(v.out.find("$scope module tile $end"), std::string::npos) << v.out.substr(0, 2000);
    EXPECT_EQ(v.out.find("$scope module ch0 $end"), std::string::npos) << v.out.substr(0, 2000);
    EXPECT_NE(v.out.find("hbm_tile_sim_top"), std::string::npos);
    const Result a = shell("fst2vcd " + all + " 2>/dev/null | grep -c "
                                         "'\\$scope module ch0 \\$end'");
    EXPECT_NE(a.out.rfind("0", 0), 0u) << "the unscoped dump has no channel: " << a.out;
  }
  if (!HasFailure()) {
    std::remove(all.c_str());
    std::remove(only.c_str());
  }
}

TEST(TileCli, SameSeedSameCommandLog) {
  auto run = [](const std::string& tag) {
    const std::string log = artefact("det_" + tag + ".csv");
    const std::string rep = artefact("det_" + tag + ".json");
    const Result r = hbmsim("run --workload gemv --m 96 --k 300 --batch 2 --pcs 4 --seed 7 "
                            "--quiet --cmd-log " + log + " --report " + rep);
    EXPECT_EQ(r.code, 0) << r.out;
    auto j = load_json(rep);
    j.erase("wall_s");
    j.erase("cycles_per_s");
    j.erase("threads");   // the host's, as the wall time
    return std::make_pair(slurp(log), j);
  };
  const auto a = run("a");
  const auto b = run("b");
  EXPECT_GT(lines_of(a.first).size(), 100u);
  EXPECT_TRUE(a.first == b.first) << "command logs differ between two identical runs";
  EXPECT_EQ(a.second["tile"], b.second["tile"]);
  EXPECT_EQ(a.second["cycles"], b.second["cycles"]);
  EXPECT_EQ(a.second["commands"], b.second["commands"]);
  // The log counts what the report counts.
  uint64_t rd = 0, wr = 0;
  for (const auto& line : lines_of(a.first)) {
    if (line.find(",RD,") != std::string::npos || line.find(",RDA,") != std::string::npos) ++rd;
    if (line.find(",WR,") != std::string::npos || line.find(",WRA,") != std::string::npos) ++wr;
  }
  EXPECT_EQ(32 * rd, u(a.second["tile"], "bytes_read"));
  EXPECT_EQ(32 * wr, u(a.second["tile"], "bytes_written"));
}

// A GEMM's golden result is computed on the host before the run (16384 x 16384 x 256: 13 s,
// far more within the flags' ranges) with nothing on stderr, as if hbmsim hung. Past the
// progress threshold (HBMSIM_PROGRESS_AFTER; 0 here: at once) a note says what is built;
// --quiet has none.
TEST(TileCli, ALongGoldenModelIsNotedOnStderr) {
  const std::string noted = stderr_at_once("run --pcs 2 --workload gemm --m 64 --k 128 --n 8");
  EXPECT_NE(noted.find("hbmsim: building the golden model of the gemm (m 64 k 128 n 8: 65536 "
                       "MACs on the host) before the run ...\nhbmsim: ... done in "),
            std::string::npos) << noted;
}

}  // namespace test_tile_cli
