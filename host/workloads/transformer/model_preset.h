// A transformer's shapes as data (configs/models/*.json), loaded by name or path and
// refused, naming the file and the field, when a field is missing, mistyped, unknown
// or inconsistent — as the standards are.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace hbmsim {

enum class FfnKind { SwiGlu, Gelu };   // 3 matrices (gate, up, down) or 2 (up, down)

struct ModelPreset {
  std::string file, key;       // where it was read; file stem
  std::string name;            // e.g. "Llama-2-7B"
  unsigned d_model = 0, layers = 0, heads = 0, kv_heads = 0, head_dim = 0;
  unsigned ffn = 0;            // hidden width of the FFN (per expert)
  FfnKind ffn_kind = FfnKind::SwiGlu;
  unsigned experts = 1, active_experts = 1;   // 1, 1: dense
  unsigned vocab = 0;
  std::map<std::string, std::string> sources;

  unsigned kv_dim() const { return kv_heads * head_dim; }
  unsigned group() const { return heads / kv_heads; }   // query heads per KV head
  bool moe() const { return experts > 1; }
  unsigned ffn_matrices() const { return ffn_kind == FfnKind::SwiGlu ? 3 : 2; }
  // int8 weight bytes of one layer that a token touches (active experts only).
  uint64_t weight_bytes_per_token() const;
};

// Largest values a preset may hold: the tile and the simulation are sized for these.
constexpr unsigned kMaxModelDim = 65536, kMaxModelLayers = 1024, kMaxModelHeads = 1024;
constexpr unsigned kMaxHeadDim = 1024, kMaxExperts = 256;

ModelPreset load_model(const std::string& name_or_path);
// The file load_model reads for this name or path (an output must not overwrite it).
std::string model_file(const std::string& name_or_path);
std::vector<std::string> known_models();

}  // namespace hbmsim
