// Model presets: every file in configs/models loads with the shapes of
// shared/reference/models.md, and each kind of mistake is refused naming the file, the
// field and the reason.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "common/errors.h"
#include "host/workloads/transformer/model_preset.h"

namespace hbmsim {
namespace test_model_preset {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(ModelPreset, EveryPresetLoadsWithItsPublishedShape) {
  struct Row {
    const char* key;
    unsigned d, layers, heads, kv, ffn, experts, active;
    FfnKind kind;
  };
  const Row rows[] = {
      {"llama2-7b", 4096, 32, 32, 32, 11008, 1, 1, FfnKind::SwiGlu},
      {"llama2-70b", 8192, 80, 64, 8, 28672, 1, 1, FfnKind::SwiGlu},
      {"llama3-8b", 4096, 32, 32, 8, 14336, 1, 1, FfnKind::SwiGlu},
      {"llama3.1-70b", 8192, 80, 64, 8, 28672, 1, 1, FfnKind::SwiGlu},
      {"mixtral-8x7b", 4096, 32, 32, 8, 14336, 8, 2, FfnKind::SwiGlu},
      {"gpt3-175b", 12288, 96, 96, 96, 49152, 1, 1, FfnKind::Gelu},
  };
  for (const Row& r : rows) {
    const ModelPreset m = load_model(r.key);
    EXPECT_EQ(m.key, r.key);
    EXPECT_EQ(m.d_model, r.d) << r.key;
    EXPECT_EQ(m.layers, r.layers) << r.key;
    EXPECT_EQ(m.heads, r.heads) << r.key;
    EXPECT_EQ(m.kv_heads, r.kv) << r.key;
    EXPECT_EQ(m.head_dim, 128u) << r.key;
    EXPECT_EQ(m.ffn, r.ffn) << r.key;
    EXPECT_EQ(m.experts, r.experts) << r.key;
    EXPECT_EQ(m.active_experts, r.active) << r.key;
    EXPECT_EQ(m.ffn_kind, r.kind) << r.key;
    EXPECT_FALSE(m.sources.empty()) << r.key << ": every shape names its source";
  }
  // models.md: Llama-2-7B at int8 is 202.4 MB of weights per layer and token.
  EXPECT_EQ(load_model("llama2-7b").weight_bytes_per_token(), 202375168u);
  for (const auto& k : known_models()) EXPECT_NO_THROW(load_model(k)) << k;
  EXPECT_GE(known_models().size(), 8u);
}

class ModelFileTest : public testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(std::string(HBMSIM_SOURCE_CONFIG_DIR) + "/models/tiny.json");
    ASSERT_TRUE(in);
    doc = json::parse(in);
    dir = fs::temp_directory_path() /
          ("hbmsim_model_" + std::to_string(getpid()) + "_" +
           testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  std::string error_of(const std::string& text) {
    const std::string path = (dir / "broken.json").string();
    std::ofstream(path) << text;
    try {
      load_model(path);
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
      return e.what();
    }
    ADD_FAILURE() << "loaded: " << text;
    return "";
  }
  std::string error_of_doc() { return error_of(doc.dump()); }

  json doc;
  fs::path dir;
};

TEST_F(ModelFileTest, MissingMistypedUnknownAndOutOfRangeFieldsAreNamed) {
  json d = doc;
  doc.erase("ffn");
  EXPECT_NE(error_of_doc().find("'ffn': missing"), std::string::npos);
  doc = d;
  doc["heads"] = "four";
  EXPECT_NE(error_of_doc().find("'heads' = \"four\": expected a non-negative integer"),
            std::string::npos);
  doc = d;
  doc["hidden"] = 1;
  EXPECT_NE(error_of_doc().find("'hidden': unknown field"), std::string::npos);
  doc = d;
  doc["layers"] = 0;
  EXPECT_NE(error_of_doc().find("'layers' = 0: expected 1 to 1024"), std::string::npos);
  doc = d;
  doc["d_model"] = 1u << 20;
  EXPECT_NE(error_of_doc().find("'d_model'"), std::string::npos);
  // Past 2^32 - 1 the field's own range, not the reader's 'too large (at most 4294967295)'.
  for (const char* field : {"vocab", "layers", "heads", "experts"}) {
    doc = d;
    doc[field] = uint64_t(1) << 32;
    const std::string e = error_of_doc();
    EXPECT_NE(e.find(std::string("'") + field + "' = 4294967296: expected 1 to "),
              std::string::npos) << e;
  }
  doc = d;
  doc["ffn_activation"] = "relu";
  EXPECT_NE(error_of_doc().find("'ffn_activation' = \"relu\""), std::string::npos);
}

// The name heads the summary and the projection: an empty or blank one printed nothing
// ("2 PCs,  decode of ..."); refused like any other bad field.
TEST_F(ModelFileTest, EmptyOrBlankNameIsRefused) {
  for (const char* name : {"", "   "}) {
    doc["name"] = name;
    const std::string msg = error_of_doc();
    EXPECT_NE(msg.find("field 'name'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("must not be empty"), std::string::npos) << msg;
  }
}

TEST_F(ModelFileTest, InconsistentShapesAreRefused) {
  json d = doc;
  doc["kv_heads"] = 3;   // 4 heads
  EXPECT_NE(error_of_doc().find("'kv_heads' = 3: must divide heads (4)"), std::string::npos);
  doc = d;
  doc["head_dim"] = 64;   // 4 x 64 != 128
  EXPECT_NE(error_of_doc().find("'head_dim' = 64: heads x head_dim"), std::string::npos);
  doc = d;
  doc["active_experts"] = 2;   // 1 expert
  EXPECT_NE(error_of_doc().find("'active_experts' = 2: more than the model's 1 expert"),
            std::string::npos);
}

TEST_F(ModelFileTest, BrokenJsonUnknownNamesAndDirectoriesAreRefused) {
  EXPECT_NE(error_of("{\"name\": ").find("not valid JSON"), std::string::npos);
  try {
    load_model("no-such-model");
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("known: "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("llama2-7b"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_model(dir.string() + "/"), ConfigError);
}

// "layers": 2 then "layers": 1 ran one layer without a word (nlohmann keeps the last).
TEST_F(ModelFileTest, KeyGivenTwiceIsRefused) {
  std::string text = doc.dump();
  text.insert(text.rfind('}'), ",\"layers\":1");
  EXPECT_NE(error_of(text).find("field 'layers': given twice"), std::string::npos);
  text = doc.dump();
  const std::string sources = "\"sources\":{";
  ASSERT_NE(text.find(sources), std::string::npos);
  text.insert(text.find(sources) + sources.size(), "\"shape\":\"a\",\"shape\":\"b\",");
  EXPECT_NE(error_of(text).find("field 'sources.shape': given twice"), std::string::npos);
}

// load_model names a field's line itself, as load_standard does.
TEST_F(ModelFileTest, FieldErrorsNameTheirLine) {
  doc["layers"] = 0;
  const std::string text = doc.dump(2);
  const size_t at = text.find("\"layers\"");
  ASSERT_NE(at, std::string::npos);
  const std::string e = error_of(text);
  const auto line = 1 + std::count(text.begin(), text.begin() + at, '\n');
  EXPECT_NE(e.find(".json:" + std::to_string(line) + ": field 'layers' = 0: expected 1 to 1024"),
            std::string::npos) << e;
}

TEST_F(ModelFileTest, BinaryFileShowsItsFirstBytes) {
  const std::string e = error_of(std::string("\0\0\0\0", 4));
  EXPECT_NE(e.find("line 1, column 1: expected JSON text, found '\\x00\\x00\\x00\\x00'"),
            std::string::npos) << e;
  EXPECT_EQ(e.find("end of input"), std::string::npos) << e;
  EXPECT_NE(e.find("(a NUL byte: the file is binary)"), std::string::npos) << e;
  // UTF-16 (every other byte NUL after FF FE) was called binary.
  std::string utf16 = "\xff\xfe";
  for (const char c : std::string("{\"name\": \"x\"}")) utf16 += std::string(1, c) + '\0';
  const std::string u = error_of(utf16);
  EXPECT_NE(u.find("(the file is UTF-16; JSON here is UTF-8: iconv -f UTF-16 -t UTF-8)"),
            std::string::npos) << u;
}

TEST_F(ModelFileTest, DeepNestingHugeFilesAndControlCharactersAreRefusedShortly) {
  const std::string deep = "{\"name\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  const std::string e = error_of(deep);
  EXPECT_NE(e.find("nested deeper than 16 levels"), std::string::npos) << e.substr(0, 200);
  EXPECT_LT(e.size(), 400u);
  const std::string big = "{\"name\": \"" + std::string(2 << 20, 'x') + "\"}";
  EXPECT_NE(error_of(big).find("a model file may have at most 1048576"), std::string::npos);
  try {
    load_model("no\x1b[31mmodel");
    ADD_FAILURE();
  } catch (const ConfigError& err) {
    EXPECT_EQ(std::string(err.what()).find('\x1b'), std::string::npos) << err.what();
  }
}

// The user guide says each shape carries its source, and every preset's `sources` has a
// "shape" entry; a file with an empty `sources` ({}) or one without "shape" was loaded.
// Refused naming the file, the line and the field.
TEST_F(ModelFileTest, SourcesWithoutTheShapesSourceAreRefused) {
  json d = doc;
  for (const json& sources : {json::object(), json{{"kv_heads", "a note"}}}) {
    doc = d;
    doc["sources"] = sources;
    const std::string text = doc.dump(2);
    const size_t at = text.find("\"sources\"");
    ASSERT_NE(at, std::string::npos);
    const auto line = 1 + std::count(text.begin(), text.begin() + at, '\n');
    const std::string e = error_of(text);
    EXPECT_NE(e.find(".json:" + std::to_string(line) + ": field 'sources.shape': missing"),
              std::string::npos) << e;
  }
}

// An empty or blank "shape" says no more than a missing one, and was loaded as a source.
TEST_F(ModelFileTest, ABlankShapesSourceIsRefused) {
  for (const char* shape : {"", "   "}) {
    doc["sources"] = {{"shape", shape}};
    const std::string e = error_of_doc();
    EXPECT_NE(e.find("field 'sources.shape' = \"" + std::string(shape) + "\": must not be empty"),
              std::string::npos) << e;
  }
}

}  // namespace test_model_preset
}  // namespace hbmsim
