// An HBM standard at one speed grade: organisation, timings and energy, as data.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hbmsim {

// How one pseudo-channel (PC) and the stack around it are built.
struct Organisation {
  unsigned channels = 0;
  unsigned pcs_per_channel = 0;
  unsigned sids = 0;             // stack IDs (8/12/16-high stacks have 2/3/4)
  unsigned bankgroups = 0;       // per SID
  unsigned banks_per_group = 0;
  unsigned rows = 0;             // per bank
  unsigned columns = 0;          // 32-byte column accesses per row
  unsigned dq_bits = 0;          // data pins per PC
  unsigned burst_length = 0;     // beats per access

  unsigned pcs() const { return channels * pcs_per_channel; }
  unsigned groups_per_pc() const { return sids * bankgroups; }
  unsigned banks_per_pc() const { return sids * bankgroups * banks_per_group; }
  unsigned burst_bytes() const { return dq_bits * burst_length / 8; }
  uint64_t row_bytes() const { return uint64_t(columns) * burst_bytes(); }
  uint64_t pc_bytes() const { return row_bytes() * rows * banks_per_pc(); }
};

// Timings in tCK of the command clock (tck_ns).
struct Timing {
  double tck_ns = 0;
  unsigned RL = 0, WL = 0, BL = 0;
  unsigned RCDRD = 0, RCDWR = 0, RP = 0, RPab = 0, RAS = 0, RC = 0;
  unsigned RRDS = 0, RRDL = 0, FAW = 0;
  unsigned CCDS = 0, CCDL = 0, CCDR = 0;
  unsigned WTRS = 0, WTRL = 0, RTW = 0, RTPS = 0, RTPL = 0, WR = 0, PPD = 0;
  unsigned RFC = 0, RFCpb = 0, RREFD = 0, REFI = 0, REFIpb = 0;
  unsigned refresh_postpone_max = 0;   // REFs that may be owed before one is late
  unsigned act_bus_cycles = 0;         // tCK an ACT holds the row command bus
};

// Currents (mA) and voltages of the device, plus I/O energy; used by the energy model.
struct EnergySpec {
  double vdd = 0;
  double idd0 = 0, idd2n = 0, idd3n = 0, idd4r = 0, idd4w = 0, idd5ab = 0, idd5pb = 0;
  double io_pj_per_bit = 0;
};

struct Standard {
  std::string name;          // "HBM3"
  std::string key;           // file stem, e.g. "hbm3"
  std::string file;          // where it was loaded from
  double data_rate_gbps = 0; // per pin
  Organisation org;
  Timing t;
  EnergySpec energy;
  std::string default_mapping;                 // address bit order, MSB first
  std::map<std::string, std::string> sources;  // what each group of figures follows

  // Bytes per second one PC moves at most: one burst every BL tCK.
  double peak_gbps_per_pc() const { return org.burst_bytes() / (t.BL * t.tck_ns); }
};

// Loads a standard by name ("hbm3", looked up in the configs directory) or by path to
// a JSON file. Throws ConfigError naming the file, field, value and reason.
Standard load_standard(const std::string& name_or_path);
// The file load_standard reads for this name or path (an output must not overwrite it).
std::string standard_file(const std::string& name_or_path);

// Where standards are looked up by name: $HBMSIM_CONFIG_DIR/standards, else the
// configs/ folder of the source tree this binary was built from.
std::string standards_dir();
std::vector<std::string> known_standards();

}  // namespace hbmsim
