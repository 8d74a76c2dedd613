#include "cli_helpers.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include <sys/wait.h>

#ifndef HBMSIM_BINARY
#error "HBMSIM_BINARY must name the hbmsim program"
#endif
#ifndef HBMSIM_TEST_ARTEFACT_DIR
#define HBMSIM_TEST_ARTEFACT_DIR "."
#endif

namespace cli_test {

Result shell(const std::string& command) {
  Result r;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

Result hbmsim(const std::string& args) {
  return shell(std::string(HBMSIM_BINARY) + " " + args + " 2>&1");
}

std::string stderr_at_once(const std::string& args) {
  const std::string run = "HBMSIM_PROGRESS_AFTER=0 " + std::string(HBMSIM_BINARY) + " " + args;
  const Result quiet = shell(run + " --quiet 2>&1 >/dev/null");
  EXPECT_EQ(quiet.code, 0) << quiet.out;
  EXPECT_EQ(quiet.out, "") << args << " --quiet";
  const Result noted = shell(run + " 2>&1 >/dev/null");
  EXPECT_EQ(noted.code, 0) << noted.out;
  return noted.out;
}

std::string artefact(const std::string& prefix, const std::string& name) {
  return std::string(HBMSIM_TEST_ARTEFACT_DIR) + "/" + prefix + "_" + name;
}

std::string write_artefact(const std::string& prefix, const std::string& name,
                           const std::string& text) {
  const std::string path = artefact(prefix, name);
  std::remove(path.c_str());
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string write_model(const std::string& prefix, const std::string& file,
                        const ModelShape& m) {
  const nlohmann::json j = {{"name", m.name}, {"d_model", m.d_model}, {"layers", m.layers},
                            {"heads", m.heads}, {"kv_heads", m.kv_heads},
                            {"head_dim", m.head_dim}, {"ffn", m.ffn},
                            {"ffn_activation", m.ffn_activation}, {"experts", 1},
                            {"active_experts", 1}, {"vocab", 100},
                            {"sources", {{"shape", "a test's"}}}};
  return write_artefact(prefix, file, j.dump());
}

std::string write_narrow_model(const std::string& prefix, const std::string& name) {
  return write_model(prefix, name, {"narrow", 32, 1, 1, 32, 1});
}

void expect_written_through_new_link(const std::string& args, const std::string& link,
                                     const std::string& target) {
  std::filesystem::remove(target);
  std::filesystem::remove(link);
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0) << link;
  const Result r = hbmsim(args + " " + link);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(std::filesystem::is_symlink(link)) << "the link was replaced: " << link;
  EXPECT_TRUE(std::filesystem::exists(target)) << "not written through the link: " << target;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json load_json(const std::string& path) { return nlohmann::json::parse(slurp(path)); }

nlohmann::json run_report(const std::string& prefix, const std::string& name,
                          const std::string& args, std::string* out) {
  const std::string path = artefact(prefix, name + ".json");
  std::filesystem::remove(path);
  const Result r = hbmsim("run " + args + " --report " + path);
  EXPECT_EQ(r.code, 0) << args << ": " << r.out;
  if (out) *out = r.out;
  if (r.code != 0 || !std::filesystem::exists(path)) return {};
  return load_json(path);
}

StoppedRun run_stopped(const std::string& prefix, const std::string& name,
                       const std::string& args) {
  const std::string rep = artefact(prefix, name + ".json"), html = artefact(prefix, name + ".html");
  std::filesystem::remove(rep);
  std::filesystem::remove(html);
  StoppedRun s;
  s.r = hbmsim("run " + args + " --report " + rep + " --html " + html);
  EXPECT_EQ(s.r.code, 1) << args << ": " << s.r.out;
  EXPECT_TRUE(std::filesystem::exists(rep)) << args << ": no report";
  if (std::filesystem::exists(rep)) s.report = load_json(rep);
  if (std::filesystem::exists(html)) s.html = slurp(html);
  return s;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l);) out.push_back(l);
  return out;
}

}  // namespace cli_test
