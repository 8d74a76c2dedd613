#include "host/workloads/transformer/model_preset.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/excerpt.h"
#include "common/field_lines.h"
#include "common/field_reader.h"
#include "common/json_file.h"

#ifndef HBMSIM_SOURCE_CONFIG_DIR
#define HBMSIM_SOURCE_CONFIG_DIR "configs"
#endif

namespace hbmsim {
namespace {

namespace fs = std::filesystem;

constexpr uintmax_t kMaxModelFileBytes = 1u << 20;

// As standards_dir(): $HBMSIM_CONFIG_DIR names the configs folder for both kinds of preset
// (models were looked up in the source tree's even where standards came from it).
std::string models_dir() { return preset_dir(HBMSIM_SOURCE_CONFIG_DIR, "models"); }

unsigned bounded(FieldReader& r, const char* key, unsigned lo, unsigned hi) {
  const unsigned v = r.uint(key, hi, fmt::format("expected {} to {}", lo, hi));
  if (v < lo) {
    r.fail(r.path(key), std::to_string(v), fmt::format("expected {} to {}", lo, hi));
  }
  return v;
}

void check_consistent(FieldReader& r, const ModelPreset& m) {
  if (m.heads % m.kv_heads != 0) {
    r.fail("kv_heads", std::to_string(m.kv_heads),
           fmt::format("must divide heads ({}): each KV head serves a whole group", m.heads));
  }
  if (uint64_t(m.heads) * m.head_dim != m.d_model) {
    r.fail("head_dim", std::to_string(m.head_dim),
           fmt::format("heads x head_dim = {} x {} must equal d_model {}", m.heads,
                       m.head_dim, m.d_model));
  }
  if (m.active_experts > m.experts) {
    r.fail("active_experts", std::to_string(m.active_experts),
           fmt::format("more than the model's {}", count_of(m.experts, "expert")));
  }
}

// The model `text` (the contents of `file`) describes; throws ConfigError naming the
// field.
ModelPreset model_from_text(const std::string& file, const std::string& text) {
  const nlohmann::json doc = parse_config_json(text, excerpt(file, 200));
  refuse_other_kind(doc, excerpt(file, 200), kModelKind, kStandardKind,
                    fmt::format("{}", fmt::join(known_models(), ", ")));
  FieldReader r(file, doc, "");
  ModelPreset m;
  m.file = file;
  m.key = fs::path(file).stem().string();
  m.name = r.name("name");
  m.d_model = bounded(r, "d_model", 1, kMaxModelDim);
  m.layers = bounded(r, "layers", 1, kMaxModelLayers);
  m.heads = bounded(r, "heads", 1, kMaxModelHeads);
  m.kv_heads = bounded(r, "kv_heads", 1, kMaxModelHeads);
  m.head_dim = bounded(r, "head_dim", 1, kMaxHeadDim);
  m.ffn = bounded(r, "ffn", 1, kMaxModelDim);
  const std::string act = r.text("ffn_activation");
  if (act == "swiglu") m.ffn_kind = FfnKind::SwiGlu;
  else if (act == "gelu") m.ffn_kind = FfnKind::Gelu;
  else r.fail("ffn_activation", '"' + act + '"', "expected \"swiglu\" or \"gelu\"");
  m.experts = bounded(r, "experts", 1, kMaxExperts);
  m.active_experts = bounded(r, "active_experts", 1, kMaxExperts);
  m.vocab = bounded(r, "vocab", 1, 1u << 24);
  m.sources = r.strings("sources");
  // The user guide promises each shape carries its source, and every preset's does; an empty
  // "sources" ({}) was loaded as if it did.
  // ... and an empty or blank one says no more than none.
  const std::string why = "say where the shape (d_model, layers, heads, ffn, ...) comes from";
  if (!m.sources.count("shape")) r.fail(r.path("sources") + ".shape", "", "missing: " + why);
  const std::string& shape = m.sources.at("shape");
  if (shape.find_first_not_of(' ') == std::string::npos) {
    r.fail(r.path("sources") + ".shape", '"' + shape + '"', "must not be empty: " + why);
  }
  r.optional("notes");
  r.no_others();
  check_consistent(r, m);
  return m;
}

}  // namespace

uint64_t ModelPreset::weight_bytes_per_token() const {
  const uint64_t d = d_model;
  return 2 * d * d + 2 * d * kv_dim() + uint64_t(ffn_matrices()) * d * ffn * active_experts;
}

std::vector<std::string> known_models() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(models_dir(), ec)) {
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string model_file(const std::string& name_or_path) {
  return config_file(models_dir(), name_or_path);
}

ModelPreset load_model(const std::string& name_or_path) {
  const std::string file = model_file(name_or_path);
  std::error_code ec;
  if (fs::is_directory(file, ec)) {
    throw ConfigError(fmt::format("{}: is a directory, expected a model's JSON file (--model "
                                  "takes one or a preset's name)", excerpt(file, 200)));
  }
  const uintmax_t size = fs::file_size(file, ec);
  if (!ec && size > kMaxModelFileBytes) {
    throw ConfigError(fmt::format("{}: {} bytes; a model file may have at most {}",
                                  excerpt(file, 200), size, kMaxModelFileBytes));
  }
  errno = 0;
  std::ifstream in(file);
  if (!in) {
    const int err = errno;
    throw ConfigError(unopened_message("model", name_or_path, file, err, known_models()));
  }
  const std::string text = read_config_text(in, excerpt(file, 200));
  return with_field_lines(file, text, [&] { return model_from_text(file, text); });
}

}  // namespace hbmsim
