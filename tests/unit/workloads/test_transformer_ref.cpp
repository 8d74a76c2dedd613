// The host's int8 functions and the C++ reference layer: exact where arithmetic is
// exact, and never degenerate (a reference whose outputs all saturate, or are all
// equal, would agree with anything).
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "device/fill_pattern.h"
#include "host/workloads/transformer/transformer_ref.h"

namespace hbmsim {
namespace test_transformer_ref {

TEST(Int8Ops, RequantRoundsHalfUpShiftsAndSaturates) {
  EXPECT_EQ(requant(5, 1), 3);     // 2.5 -> 3
  EXPECT_EQ(requant(-5, 1), -2);   // -2.5 -> -2 (half up)
  EXPECT_EQ(requant(1000, 2), 127);
  EXPECT_EQ(requant(-1000, 2), -128);
  EXPECT_EQ(requant(-7, 0), -7);
  EXPECT_EQ(projection_shift(4096), 12u);
  EXPECT_EQ(projection_shift(128), 10u);
}

TEST(Int8Ops, SoftmaxIsAProbabilityScaledTo127) {
  const int32_t flat[4] = {0, 0, 0, 0};
  const I8Vec p = softmax_i8(flat, 4, 128);
  for (int8_t v : p) EXPECT_EQ(v, 32);
  const int32_t peaked[3] = {-1000000, 2000000, 0};
  const I8Vec q = softmax_i8(peaked, 3, 128);
  EXPECT_EQ(q[1], 127);
  EXPECT_EQ(q[0] + q[2], 0);
}

TEST(Int8Ops, RouterPicksDistinctSortedExpertsDeterministically) {
  std::set<unsigned> seen;
  for (uint64_t t = 0; t < 64; ++t) {
    const auto e = route(7, 3, t, 8, 2);
    ASSERT_EQ(e.size(), 2u);
    EXPECT_LT(e[0], e[1]);
    EXPECT_EQ(e, route(7, 3, t, 8, 2));
    seen.insert(e.begin(), e.end());
  }
  EXPECT_EQ(seen.size(), 8u) << "64 tokens reach every expert";
}

// Memory as the fill pattern makes it: a deterministic function of the address.
void fake_memory(uint64_t addr, uint8_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = uint8_t(splitmix64(addr + i));
}

TransformerJob tiny_job(const char* model, bool prefill, uint64_t seed) {
  TransformerJob job;
  job.model = load_model(model);
  job.prefill = prefill;
  job.batch = 2;
  job.context = 24;
  job.tokens = 2;
  job.layers = 2;
  job.seed = seed;
  return job;
}

std::vector<I8Vec> run_ref(const TransformerJob& job) {
  uint64_t next = 0;
  const TransformerLayout lay(job.model, job.layers, job.batch, job.s_max(), 4,
                              [&](uint64_t bytes, const std::string&) {
                                const uint64_t a = next;
                                next += (bytes + 4095) / 4096 * 4096;
                                return a;
                              });
  return reference_transformer(job, lay, fake_memory);
}

TEST(TransformerReference, OutputsSpreadOverInt8AndDependOnTheSeed) {
  for (const char* model : {"tiny", "tiny-moe"}) {
    for (bool prefill : {false, true}) {
      const auto a = run_ref(tiny_job(model, prefill, 1));
      const auto b = run_ref(tiny_job(model, prefill, 2));
      ASSERT_EQ(a.size(), prefill ? 1u : 2u);
      std::set<int> values;
      size_t saturated = 0, total = 0;
      for (const auto& step : a) {
        for (int8_t v : step) {
          values.insert(v);
          saturated += v == 127 || v == -128;
          ++total;
        }
      }
      EXPECT_GT(values.size(), 100u) << model;
      EXPECT_LT(saturated * 5, total) << model << ": under a fifth saturated";
      EXPECT_NE(a, b) << model << ": the seed changes the inputs and the routing";
      EXPECT_EQ(a, run_ref(tiny_job(model, prefill, 1))) << model << ": deterministic";
    }
  }
}

}  // namespace test_transformer_ref
}  // namespace hbmsim
