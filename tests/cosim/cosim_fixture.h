// Test fixture for co-simulations: builds the stack for one test, runs traffic through
// AXI masters checked by the scoreboard, and keeps a waveform and command log of the
// run only when the test fails (their paths are printed).
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "controller/address_map.h"
#include "host/workloads/synthetic_workload.h"
#include "cosim/cosim_top.h"
#include "standard/standard.h"
#include "tb/axi_master.h"
#include "tb/scoreboard.h"

namespace hbmsim::test {

// Traffic from a fixed list.
class ListSource : public TrafficSource {
 public:
  explicit ListSource(std::vector<AxiTxn> txns) : txns_(txns.begin(), txns.end()) {}
  bool next(AxiTxn& t) override;

 private:
  std::deque<AxiTxn> txns_;
};

// Keeps every completed burst for the test to inspect.
class Recorder : public TxnObserver {
 public:
  void on_issue(unsigned, const AxiTxn&) override {}
  void on_complete(unsigned port, const AxiTxn& t) override;
  std::vector<AxiTxn> done;
  std::vector<unsigned> done_ports;   // the port of each
};

AxiTxn make_read(uint64_t addr, unsigned beats, unsigned id = 0);
AxiTxn make_write(uint64_t addr, unsigned beats, uint64_t seed, unsigned id = 0);
// The AXI address of a column of `row` in bank `bank`, banks numbered as on HBM3: 4 per
// bank group, 4 groups per stack ID (bank 16 is stack ID 1's first).
uint64_t bank_address(const AddressMap& map, unsigned bank, unsigned row, unsigned col);

// `count` bursts of every kind the AXI4 port takes, legal and not (see AxiTxn::refused):
// sizes 1 to 64 bytes, 1 to 256 beats, INCR / WRAP / FIXED, from aligned and unaligned
// addresses in the first `pages` 4 KiB pages, many of them close to a page's end. Reads
// and writes, IDs 0 to 7. Deterministic in `seed`.
std::vector<AxiTxn> random_bursts(uint64_t seed, unsigned count, unsigned pages);

// Synthetic traffic on PC 0's port (its 512 MiB): `pattern` with `requests` bursts,
// `read_ratio` of them reads, within the first `footprint` bytes (0: all).
std::vector<std::unique_ptr<TrafficSource>> synthetic_traffic(const char* pattern,
                                                              uint64_t requests,
                                                              double read_ratio,
                                                              uint64_t footprint = 0);

struct CosimResult {
  RunOutcome outcome;
  DeviceStats device;
  std::vector<Violation> violations;
  uint64_t mismatches = 0;         // scoreboard: bytes and responses that differ
  uint64_t bytes_checked = 0;
  std::vector<std::string> problems;
  std::vector<AxiTxn> done;        // completed bursts, all ports, in the order reported
  std::vector<unsigned> done_ports;   // the port of each
};

class CosimTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Runs one co-simulation (once per test process: SystemC elaborates once).
  CosimResult run(std::vector<std::unique_ptr<TrafficSource>> sources,
                  const AxiMasterOptions& mopt = {}, bool scoreboard = true);
  CosimResult run_list(std::vector<AxiTxn> txns, const AxiMasterOptions& mopt = {},
                       bool scoreboard = true);
  // `spec`'s traffic on each of opt_.pcs PCs; then the checks of read/write traffic:
  // clean, every burst done, more than half of them writes, every read byte compared.
  CosimResult run_on_every_pc(const SyntheticSpec& spec);
  void expect_read_write_checked(const CosimResult& r, const SyntheticSpec& spec) const;

  Standard std_;
  CosimOptions opt_;
  std::string artefact_base_;    // <dir>/<suite>.<test>
};

// Fails the test with the run's problems listed when it did not pass cleanly.
void expect_clean(const CosimResult& r);

// Every standard preset with sequential and with random traffic (parameterised tests).
struct PresetCase {
  std::string preset;
  std::string pattern;   // seq | random
};
std::vector<PresetCase> preset_cases();
std::string preset_case_name(const testing::TestParamInfo<PresetCase>& info);

}  // namespace hbmsim::test
