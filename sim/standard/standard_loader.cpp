// Reads a standard's JSON file and refuses anything missing, mistyped or impossible.
#include <algorithm>
#include <cerrno>
#include <cmath>
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
#include "controller/address_map.h"
#include "device/energy_model.h"
#include "standard/standard.h"

#ifndef HBMSIM_SOURCE_CONFIG_DIR
#define HBMSIM_SOURCE_CONFIG_DIR "configs"
#endif

namespace hbmsim {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Limits of what a standard file may hold (docs/limits.md): the file's size, how deep
// its JSON nests, how many channels it has (the checker keeps state per PC), and the
// largest timing in tCK.
constexpr uintmax_t kMaxStandardBytes = 1u << 20;
// How far BL x tCK x data rate may be from burst_length, relative: the files' rounding
// of a decimal, no more.
constexpr double kMaxRateMismatch = 1e-4;
constexpr unsigned kMaxChannels = 64;
constexpr unsigned kMaxTimingTck = 65535;
constexpr unsigned kMaxPostponedRefreshes = 8;   // JEDEC, every HBM generation

bool is_pow2(unsigned v) { return v != 0 && (v & (v - 1)) == 0; }

unsigned log2u(unsigned v) {
  unsigned n = 0;
  while (n < 32 && (uint64_t(1) << n) < v) ++n;
  return n;
}

Organisation read_organisation(FieldReader r) {
  Organisation o;
  // Each with its own limit, so a value past 2^32 - 1 names it too (not the reader's).
  const std::string max_channels =
      fmt::format("at most {} (the checker keeps every PC's state)", kMaxChannels);
  const std::string max_sids = "must be 1 to 4 (4-, 8-, 12- or 16-high stacks)";
  o.channels = r.uint("channels", kMaxChannels, max_channels);
  o.pcs_per_channel = r.uint("pcs_per_channel", 2, "must be 1 or 2");
  o.sids = r.uint("sids", 4, max_sids);
  o.bankgroups =
      r.uint("bankgroups", 8, "at most 8 (the controller's bank-group field has 3 bits)");
  o.banks_per_group =
      r.uint("banks_per_group", 8, "at most 8 (the controller's bank field has 3 bits)");
  o.rows = r.uint("rows", 1u << 17, "at most 131072");
  o.columns = r.uint("columns", 64, "at most 64");
  o.dq_bits = r.uint("dq_bits");
  o.burst_length = r.uint("burst_length");
  r.no_others();

  auto need_pow2 = [&](const char* f, unsigned v) {
    if (!is_pow2(v)) {
      r.fail(r.path(f), std::to_string(v), "must be a power of two (it is an address field)");
    }
  };
  need_pow2("channels", o.channels);
  // The upper limits were checked as each field was read; what is left are the zeros.
  if (o.sids == 0) r.fail(r.path("sids"), std::to_string(o.sids), max_sids);
  need_pow2("bankgroups", o.bankgroups);
  need_pow2("banks_per_group", o.banks_per_group);
  need_pow2("rows", o.rows);
  need_pow2("columns", o.columns);
  if (o.pcs_per_channel == 0) {
    r.fail(r.path("pcs_per_channel"), std::to_string(o.pcs_per_channel), "must be 1 or 2");
  }
  // In 64 bits: dq_bits 2^29 + 32 x 8 wrapped to 256 and was taken as 32 DQ. Compared in
  // bits: dq_bits 3 x burst_length 86 = 258 bits was 32 bytes by integer division, and
  // loaded as if a burst carried 32.
  const uint64_t burst_bits = uint64_t(o.dq_bits) * o.burst_length;
  if (burst_bits != 256) {
    r.fail(r.path("burst_length"), std::to_string(o.burst_length),
           fmt::format("dq_bits x burst_length / 8 must be 32 bytes (found {})",
                       double(burst_bits) / 8));
  }
  // Limits of the RTL controller (hbm_pkg): a flat bank index {sid, bg, ba} of 6 bits
  // (64 banks) whose {sid, bg} part has 4 bits, bank-group and bank fields of at most
  // 3 bits each (geometry_t), 4 SIDs, 128K rows, 64 columns. Each field's own limit was
  // checked as it was read, so the one that is too large is the one named.
  if (o.banks_per_pc() > 64) {
    r.fail(r.path("banks_per_group"), std::to_string(o.banks_per_group),
           fmt::format("sids x bankgroups x banks_per_group = {} x {} x {} = {} banks per PC "
                       "exceed the controller's 64", o.sids, o.bankgroups, o.banks_per_group,
                       o.banks_per_pc()));
  }
  const unsigned sid_bits = o.sids > 2 ? 2 : o.sids > 1 ? 1 : 0;
  const unsigned bank_bits = sid_bits + log2u(o.bankgroups) + log2u(o.banks_per_group);
  if (sid_bits + log2u(o.bankgroups) > 4 || bank_bits > 6) {
    r.fail(r.path("bankgroups"), std::to_string(o.bankgroups),
           fmt::format("{} stack IDs x {} bank groups x {} banks need {} bank-index bits "
                       "({} for the group); the controller has 6 (4)",
                       o.sids, o.bankgroups, o.banks_per_group, bank_bits,
                       sid_bits + log2u(o.bankgroups)));
  }
  return o;
}

Timing read_timing(FieldReader r) {
  Timing t;
  t.tck_ns = r.number("tck_ns", 1000.0);
  struct Field {
    const char* name;
    unsigned Timing::*member;
  };
  static const Field fields[] = {
      {"RL", &Timing::RL},       {"WL", &Timing::WL},       {"BL", &Timing::BL},
      {"RCDRD", &Timing::RCDRD}, {"RCDWR", &Timing::RCDWR}, {"RP", &Timing::RP},
      {"RPab", &Timing::RPab},   {"RAS", &Timing::RAS},     {"RC", &Timing::RC},
      {"RRDS", &Timing::RRDS},   {"RRDL", &Timing::RRDL},   {"FAW", &Timing::FAW},
      {"CCDS", &Timing::CCDS},   {"CCDL", &Timing::CCDL},   {"CCDR", &Timing::CCDR},
      {"WTRS", &Timing::WTRS},   {"WTRL", &Timing::WTRL},   {"RTW", &Timing::RTW},
      {"RTPS", &Timing::RTPS},   {"RTPL", &Timing::RTPL},   {"WR", &Timing::WR},
      {"PPD", &Timing::PPD},     {"RFC", &Timing::RFC},     {"RFCpb", &Timing::RFCpb},
      {"RREFD", &Timing::RREFD}, {"REFI", &Timing::REFI},   {"REFIpb", &Timing::REFIpb},
      {"refresh_postpone_max", &Timing::refresh_postpone_max},
      {"act_bus_cycles", &Timing::act_bus_cycles},
  };
  const std::string max_postpone =
      fmt::format("at most {} (JEDEC lets at most {} refreshes be postponed)",
                  kMaxPostponedRefreshes, kMaxPostponedRefreshes);
  for (const Field& f : fields) {
    t.*f.member = f.member == &Timing::refresh_postpone_max
                      ? r.uint(f.name, kMaxPostponedRefreshes, max_postpone)
                      : r.uint(f.name, kMaxTimingTck);
  }
  r.no_others();

  if (t.tck_ns < 0.001) {
    r.fail(r.path("tck_ns"), fmt::format("{}", t.tck_ns), "must be 0.001 ns or more");
  }
  // Before the rules that count in bursts (tCCDS, tCCDR, tRTW): a BL of 4 was refused as
  // "field 'timing.CCDS' = 2: tCCDS shorter than a burst", a field the file had right.
  if (t.BL != 2) {
    r.fail(r.path("BL"), std::to_string(t.BL),
           "a 32-byte burst must take 2 tCK (the DQ interface moves 128 bits per tCK)");
  }
  auto need_at_least = [&](const char* f, unsigned v, unsigned min, const std::string& why) {
    if (v < min) r.fail(r.path(f), std::to_string(v), why);
  };
  // Core timings every JEDEC HBM generation gives a positive value: at 0 a precharge, a
  // refresh or a row activation would cost nothing and the figures would be wrong. tPPD
  // may be 0 (HBM2 has none; the row bus spaces PREs 1 tCK anyway); tRRDL, tWTRL, tRC and
  // tCCDS/L/R follow from the relations below.
  for (const auto& [name, v] : {std::pair<const char*, unsigned>{"RCDRD", t.RCDRD},
                                {"RCDWR", t.RCDWR}, {"RP", t.RP}, {"RPab", t.RPab},
                                {"RAS", t.RAS}, {"RRDS", t.RRDS}, {"FAW", t.FAW},
                                {"WTRS", t.WTRS}, {"RTPS", t.RTPS}, {"RTPL", t.RTPL},
                                {"WR", t.WR}, {"RFC", t.RFC}, {"RFCpb", t.RFCpb},
                                {"RREFD", t.RREFD}}) {
    need_at_least(name, v, 1,
                  fmt::format("must be at least 1 tCK (no JEDEC HBM standard has a zero t{})",
                              name));
  }
  need_at_least("RC", t.RC, t.RAS + t.RP,
                fmt::format("tRC must be at least tRAS + tRP = {} + {}", t.RAS, t.RP));
  need_at_least("RRDL", t.RRDL, t.RRDS, "tRRDL must be at least tRRDS");
  need_at_least("CCDL", t.CCDL, t.CCDS, "tCCDL must be at least tCCDS");
  need_at_least("WTRL", t.WTRL, t.WTRS, "tWTRL must be at least tWTRS");
  // No rule applies tRTPS (tRTP binds the bank read: tRTPL, docs/device-model.md), so a
  // tRTPS above it was taken without a word, as if it were in force.
  need_at_least("RTPL", t.RTPL, t.RTPS,
                fmt::format("tRTPL must be at least tRTPS = {} (the device and the controller "
                            "apply tRTPL to the bank read; no rule applies a longer tRTPS)",
                            t.RTPS));
  need_at_least("CCDS", t.CCDS, t.BL, "tCCDS shorter than a burst would overlap data");
  need_at_least("CCDR", t.CCDR, t.BL,
                "tCCDR shorter than a burst would overlap data (the stack IDs share the DQ)");
  // The device's DATA_BUS rule: a WR tRTW after a RD starts its burst WL later, and the
  // read burst holds DQ until RL + BL after the RD.
  if (uint64_t(t.RTW) + t.WL < uint64_t(t.RL) + t.BL) {
    r.fail(r.path("RTW"), std::to_string(t.RTW),
           fmt::format("tRTW must be at least RL + BL - WL = {} + {} - {} = {}: a WR sooner "
                       "after a RD would drive DQ while the read burst is on it",
                       t.RL, t.BL, t.WL, t.RL + t.BL - t.WL));
  }
  // An all-bank refresh blocks the PC for tRFC every tREFI. Just above tRFC there is no
  // time left for traffic: the RTL controller then refreshes back to back and reports a
  // deadlock (tRFC 560, tREFI 561 to 640 on HBM3). JEDEC parts spend under 15 % of the time
  // refreshing; at least half is left for traffic here.
  need_at_least("REFI", t.REFI, 2 * t.RFC,
                fmt::format("tREFI must be at least 2 x tRFC = 2 x {} = {}: an all-bank refresh "
                            "blocks the PC for tRFC every tREFI, and must leave at least half "
                            "the time for traffic", t.RFC, 2 * t.RFC));
  need_at_least("WL", t.WL, 2, "the controller needs WL of at least 2 tCK");
  need_at_least("RL", t.RL, 2, "the controller needs RL of at least 2 tCK");
  need_at_least("act_bus_cycles", t.act_bus_cycles, 1, "an ACT takes at least one tCK");
  if (t.refresh_postpone_max > kMaxPostponedRefreshes) {
    r.fail(r.path("refresh_postpone_max"), std::to_string(t.refresh_postpone_max),
           max_postpone);
  }
  // What the RTL controller's counters hold is its own check, before a run
  // (sim/controller/rtl_limits.h): the device model and check-log take any timing.
  return t;
}

EnergySpec read_energy(FieldReader r) {
  EnergySpec e;
  e.vdd = r.number("vdd");
  // Every operation's energy is its current x VDD x time: at 0 V all of them are 0 and
  // only the I/O's pJ/bit would be reported.
  if (e.vdd == 0) r.fail(r.path("vdd"), "0", "must be above 0 V (the core supply)");
  e.idd0 = r.number("idd0_ma");
  e.idd2n = r.number("idd2n_ma");
  e.idd3n = r.number("idd3n_ma");
  e.idd4r = r.number("idd4r_ma");
  e.idd4w = r.number("idd4w_ma");
  e.idd5ab = r.number("idd5ab_ma");
  e.idd5pb = r.number("idd5pb_ma");
  e.io_pj_per_bit = r.number("io_pj_per_bit");
  r.no_others();
  return e;
}

// The energy model charges an operation the current it draws above the background it is
// measured against (device/energy_model.h); a current below that background would make
// the operation's energy, and the report's figure, negative.
void check_energy(const FieldReader& top, const Standard& s) {
  const CommandEnergies c = command_energies(s);
  const EnergySpec& e = s.energy;
  const Timing& t = s.t;
  auto refuse = [&](const char* field, double v, const std::string& why) {
    top.fail(fmt::format("energy.{}", field), fmt::format("{}", v), why);
  };
  if (c.act_pre < 0) {
    const double min = (e.idd3n * t.RAS + e.idd2n * (t.RC - t.RAS)) / t.RC;
    refuse("idd0_ma", e.idd0,
           fmt::format("must be at least (idd3n_ma tRAS + idd2n_ma (tRC - tRAS)) / tRC = {:.6g} "
                       "mA, or an ACT-PRE pair's energy is negative", min));
  }
  const struct {
    const char* field;
    double current, energy;
  } per_op[] = {{"idd4r_ma", e.idd4r, c.read},
                {"idd4w_ma", e.idd4w, c.write},
                {"idd5ab_ma", e.idd5ab, c.refab},
                {"idd5pb_ma", e.idd5pb, c.refpb}};
  for (const auto& op : per_op) {
    if (op.energy < 0) {
      refuse(op.field, op.current,
             fmt::format("must be at least idd3n_ma = {}, the background it is measured "
                         "against, or the operation's energy is negative", e.idd3n));
    }
  }
}

// Per-bank refresh gives each bank one REFpb per round of tREFIpb x banks tCK (the RTL's
// refresh manager, rtl/ctrl/sched/hbm_refresh.sv); the device model credits a refresh one
// tREFI and lets at most refresh_postpone_max be owed (sim/device/rules/timing_checker.cpp). A
// round longer than tREFI leaves the debt growing until the run fails on tREFI.
// Each bank is then busy tRFCpb of every round: past half of it, a loaded controller
// starves (tRFCpb 320 with tREFIpb 13 on HBM3's 32 banks deadlocked), so half is left
// for traffic, as for all-bank refresh. tREFIpb 0 (not given) is the RTL limits' to refuse.
void check_refresh_keeps_up(const FieldReader& top, const Standard& s) {
  const Timing& t = s.t;
  const unsigned banks = s.org.banks_per_pc();
  const uint64_t round = uint64_t(t.REFIpb) * banks;
  if (t.REFIpb != 0 && round < 2ull * t.RFCpb) {
    top.fail("timing.REFIpb", std::to_string(t.REFIpb),
             fmt::format("REFIpb x banks per PC = {} x {} = {} tCK must be at least 2 x tRFCpb "
                         "= 2 x {} = {}: per-bank refresh keeps each bank busy tRFCpb of every "
                         "such round, and must leave at least half of it for traffic", t.REFIpb,
                         banks, round, t.RFCpb, 2ull * t.RFCpb));
  }
  if (round <= t.REFI) return;
  top.fail("timing.REFIpb", std::to_string(t.REFIpb),
           fmt::format("REFIpb x banks per PC = {} x {} = {} tCK exceeds timing.REFI = {}: "
                       "per-bank refresh would refresh each bank less than once per "
                       "tREFI (the device model's tREFI rule); at most REFI / banks = {}",
                       t.REFIpb, banks, round, t.REFI, t.REFI / banks));
}

// The standard `text` (the contents of `file`) describes; throws ConfigError naming
// the field.
Standard standard_from_text(const std::string& file, const std::string& text) {
  const json doc = parse_config_json(text, excerpt(file, 200));
  refuse_other_kind(doc, excerpt(file, 200), kStandardKind, kModelKind,
                    fmt::format("{}", fmt::join(known_standards(), ", ")));

  FieldReader top(file, doc, "");
  Standard s;
  s.file = file;
  s.key = fs::path(file).stem().string();
  s.name = top.name("name");
  s.data_rate_gbps = top.number("data_rate_gbps", 1000.0);
  // Every bandwidth is bytes over time at this rate: 0 would divide by it (the tCK check
  // below then suggested a tCK of "inf").
  if (s.data_rate_gbps < 0.001) {
    top.fail("data_rate_gbps", fmt::format("{}", s.data_rate_gbps),
             "must be 0.001 Gb/s or more");
  }
  s.default_mapping = top.text("default_mapping");
  s.sources = top.strings("sources");
  top.optional("notes");
  s.org = read_organisation(top.section("organisation"));
  s.t = read_timing(top.section("timing"));
  s.energy = read_energy(top.section("energy"));
  top.no_others();
  check_energy(top, s);

  // The default address map must fit the organisation (every field, all its bits).
  try {
    AddressMap check(s.default_mapping, s.org);
  } catch (const ConfigError& e) {
    top.fail("default_mapping", '"' + excerpt(s.default_mapping) + '"', e.what());
  }

  // A burst of burst_length beats at data_rate must fill exactly BL tCK. Every bandwidth
  // and time follows from tCK, so a tCK rounded in the file (HBM3E's 0.417 for 4 / 9.6
  // ns) is refused: it skews every figure by the rounding (0.08 % there).
  const double beats = s.t.BL * s.data_rate_gbps * s.t.tck_ns;
  if (std::fabs(beats - s.org.burst_length) > kMaxRateMismatch * s.org.burst_length) {
    top.fail("data_rate_gbps", fmt::format("{}", s.data_rate_gbps),
             fmt::format("disagrees with timing.tck_ns = {} (BL {} tCK x {} ns x {} Gb/s "
                         "carries {:.5f} beats, not burst_length {}; at most {:g} apart "
                         "relative: give tck_ns as burst_length / (BL x data rate) = {:.10g})",
                         s.t.tck_ns, s.t.BL, s.t.tck_ns, s.data_rate_gbps, beats,
                         s.org.burst_length, kMaxRateMismatch,
                         s.org.burst_length / (s.t.BL * s.data_rate_gbps)));
  }
  check_refresh_keeps_up(top, s);
  return s;
}

}  // namespace

std::string standards_dir() { return preset_dir(HBMSIM_SOURCE_CONFIG_DIR, "standards"); }

std::vector<std::string> known_standards() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(standards_dir(), ec)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string standard_file(const std::string& name_or_path) {
  return config_file(standards_dir(), name_or_path);
}

Standard load_standard(const std::string& name_or_path) {
  const std::string file = standard_file(name_or_path);
  const std::string file_shown = excerpt(file, 200);
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (fs::is_directory(status)) {
    throw ConfigError(fmt::format("{}: is a directory, expected a standard's JSON file "
                                  "(--standard takes one or a preset's name)", file_shown));
  }
  if (fs::exists(status) && fs::is_regular_file(status)) {
    const uintmax_t size = fs::file_size(file, ec);
    if (!ec && size > kMaxStandardBytes) {
      throw ConfigError(fmt::format("{}: {} bytes; a standard file may have at most {}",
                                    file_shown, size, kMaxStandardBytes));
    }
  }
  errno = 0;
  std::ifstream in(file);
  if (!in) {
    const int err = errno;
    throw ConfigError(unopened_message("standard", name_or_path, file, err, known_standards()));
  }
  const std::string text = read_config_text(in, file_shown);
  return with_field_lines(file, text, [&] { return standard_from_text(file, text); });
}

}  // namespace hbmsim
