// Verilator's headers first (see cosim_top.cpp).
#include <verilated.h>
#include <verilated_fst_c.h>

#include "cosim/wave_scope.h"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/temp_dir.h"

namespace hbmsim {
namespace {

namespace fs = std::filesystem;

std::string join(const std::vector<std::string>& parts, char sep) {
  std::string s;
  for (const auto& p : parts) {
    if (!s.empty()) s += sep;
    s += p;
  }
  return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// At most `max` names, then how many more.
std::string list(const std::set<std::string>& names, size_t max = 12) {
  std::string s;
  size_t n = 0;
  for (const auto& x : names) {
    if (n == max) return s + fmt::format(" and {} more", names.size() - max);
    s += (n++ ? ", " : "") + x;
  }
  return s;
}

}  // namespace

std::vector<std::string> traced_signal_names(const std::function<void(VerilatedFstC&)>& trace) {
  std::string dir_tmpl =
      (temporary_directory("--wave-scope's list of the scopes") / "hbmsim-wave-scope-XXXXXX")
          .string();
  if (!::mkdtemp(dir_tmpl.data())) {
    throw ConfigError(fmt::format("--wave-scope: cannot make a temporary directory to list the "
                                  "scopes ({}: {}); set TMPDIR to a directory", dir_tmpl,
                                  std::strerror(errno)));
  }
  const std::string file = dir_tmpl + "/scopes.fst";
  std::vector<std::string> names;
  {
    VerilatedFstC probe;
    trace(probe);
    probe.open(file.c_str());
    probe.close();
  }
  if (void* ctx = fstReaderOpen(file.c_str())) {
    std::vector<std::string> stack;
    while (const fstHier* h = fstReaderIterateHier(ctx)) {
      if (h->htyp == FST_HT_SCOPE) {
        stack.emplace_back(h->u.scope.name, h->u.scope.name_length);
      } else if (h->htyp == FST_HT_UPSCOPE) {
        if (!stack.empty()) stack.pop_back();
      } else if (h->htyp == FST_HT_VAR) {
        std::string var(h->u.var.name, h->u.var.name_length);
        var = var.substr(0, var.find(" ["));   // the bus range Verilator's name lacks
        names.push_back(join(stack, ' ') + ' ' + var);
      }
    }
    fstReaderClose(ctx);
  }
  std::error_code ec;
  fs::remove_all(dir_tmpl, ec);
  if (names.empty()) {
    throw ConfigError("--wave-scope: could not list the waveform's scopes (reading back a "
                      "probe FST file failed)");
  }
  return names;
}

void check_wave_scope(const std::string& scope, int depth,
                      const std::vector<std::string>& names) {
  std::string want = scope;
  std::replace(want.begin(), want.end(), '.', ' ');   // as Verilator's dumpvars does
  const int max_levels = depth > 0 ? depth : 1 << 30;
  int nearest = -1;   // fewest levels below the scope of any signal under it
  for (const auto& n : names) {
    if (n.compare(0, want.size(), want) != 0) continue;
    if (n.size() > want.size() && n[want.size()] != ' ') continue;
    const int levels = int(std::count(n.begin() + long(want.size()), n.end(), ' '));
    if (levels <= max_levels) return;
    if (nearest < 0 || levels < nearest) nearest = levels;
  }
  if (nearest >= 0) {
    throw ConfigError(fmt::format("--wave-scope {} --wave-depth {}: no signal within {} "
                                  "level{} of the scope (the nearest is {} levels down)",
                                  scope, depth, depth, depth == 1 ? "" : "s", nearest));
  }
  // Nothing under it: say which scopes exist at the top, and under the longest part of
  // the given scope that exists.
  const std::vector<std::string> parts = split(want, ' ');
  std::set<std::string> top;
  size_t known = 0;   // leading parts of the scope that exist
  for (const auto& n : names) {
    const std::vector<std::string> p = split(n, ' ');
    if (p.size() > 1) top.insert(p[0]);
    size_t k = 0;
    while (k < parts.size() && k + 1 < p.size() && p[k] == parts[k]) ++k;
    known = std::max(known, k);
  }
  std::string msg = fmt::format("--wave-scope {}: no such scope in the waveform; scopes at "
                                "the top: {}", scope, list(top));
  if (known > 0) {
    std::set<std::string> below;
    const std::vector<std::string> prefix(parts.begin(), parts.begin() + long(known));
    for (const auto& n : names) {
      const std::vector<std::string> p = split(n, ' ');
      if (p.size() > known + 1 && std::equal(prefix.begin(), prefix.end(), p.begin())) {
        below.insert(p[known]);
      }
    }
    msg += fmt::format("; under {}: {}", join(prefix, '.'), list(below));
  }
  throw ConfigError(msg);
}

}  // namespace hbmsim
