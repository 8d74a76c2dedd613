// What a transformer run does: decode T successive tokens of B sequences over a
// context of S tokens (the KV cache holds S tokens before the first), or prefill S
// tokens of B sequences, through L layers of a model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/workloads/int8_ops.h"
#include "host/workloads/transformer/model_preset.h"

namespace hbmsim {

// Limits of a run (--batch, --context, --tokens), checked before anything is allocated;
// --layers is at most the model's layer count.
constexpr unsigned kMaxBatch = 64, kMaxContext = 1u << 17, kMaxTokens = 4096;

struct TransformerJob {
  ModelPreset model;
  bool prefill = false;
  unsigned batch = 1;
  unsigned context = 0;   // decode: tokens already in the KV cache; prefill: tokens
  unsigned tokens = 1;    // decode steps
  unsigned layers = 1;    // simulated (the model's count is projected from them)
  uint64_t seed = 1;

  unsigned steps() const { return prefill ? 1 : tokens; }
  // Activation rows one step pushes through a layer.
  unsigned rows() const { return prefill ? batch * context : batch; }
  unsigned s_max() const { return prefill ? context : context + tokens; }
  // Position of row r's token in its sequence, and its sequence.
  unsigned position(unsigned step, unsigned r) const {
    return prefill ? r % context : context + step;
  }
  unsigned sequence(unsigned r) const { return prefill ? r / context : r; }
};

// The layer-0 input of one step: rows x d_model int8 from the seed (the embeddings of
// the step's tokens; no embedding table is modelled).
I8Vec step_input(const TransformerJob& job, unsigned step);

}  // namespace hbmsim
