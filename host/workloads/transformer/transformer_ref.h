// A plain C++ transformer layer in the same int8 arithmetic as the tile run: loops over
// weights read from memory (the device's fill pattern), its own KV cache, the host's
// functions of int8_ops.h. The tile run must give the same output bit for bit.
#pragma once

#include <functional>

#include "host/workloads/transformer/transformer_job.h"
#include "host/workloads/transformer/transformer_layout.h"

namespace hbmsim {

using MemRead = std::function<void(uint64_t addr, uint8_t* out, size_t bytes)>;

// The last layer's output of every step (rows x d_model each). `read` must return the
// weights and the KV cache's first `context` tokens as they are before the run.
std::vector<I8Vec> reference_transformer(const TransformerJob& job,
                                         const TransformerLayout& layout,
                                         const MemRead& read);

}  // namespace hbmsim
