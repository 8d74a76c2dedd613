// The energy model: per-command energies from the currents (DRAMsim3's formulas), and a
// hand-computed command sequence through the device, matched to the picojoule.
#include <map>

#include <gtest/gtest.h>

#include "device/energy_model.h"
#include "device/hbm_device.h"
#include "unit_helpers.h"

namespace hbmsim::test {
namespace test_energy {

using K = CmdKind;

// DRAMsim3 documents its HBM2 example per 128-bit legacy channel (VDD 1.2 V, tCK 1 ns):
// read 1.2 x (390 - 55) x 2 = 804 pJ, write 1.2 x (500 - 55) x 2 = 1068 pJ, REFab
// 1.2 x (250 - 55) x 260 = 60840 pJ. hbm2.json carries half of every current per PC.
TEST(Energy, Hbm2PerCommandEnergiesAreHalfOfDramsim3sChannel) {
  const CommandEnergies e = command_energies(load_standard("hbm2"));
  EXPECT_NEAR(e.read, 804.0 / 2, 1e-9);
  EXPECT_NEAR(e.write, 1068.0 / 2, 1e-9);
  EXPECT_NEAR(e.refab, 60840.0 / 2, 1e-9);
  // ACT+PRE: 1.2 x (32.5 x 48 - (27.5 x 34 + 20 x 14)) x 1 ns.
  EXPECT_NEAR(e.act_pre, 414.0, 1e-9);
  // REFpb: a REFab's energy over 16 banks (IDD5PB 37.40 mA is rounded, hence 0.01).
  EXPECT_NEAR(e.refpb * 16, e.refab, 0.01 * e.refab);
  EXPECT_NEAR(e.active_tck, 1.2 * 27.5, 1e-9);
  EXPECT_NEAR(e.idle_tck, 1.2 * 20, 1e-9);
  // Read burst energy without I/O: 402 pJ / 256 bits = 1.57 pJ/bit (the reference's 1.6).
  EXPECT_NEAR(e.read / 256, 1.57, 0.01);
}

// Every preset: REFpb costs a REFab's energy per bank, and no command energy is negative.
TEST(Energy, EveryPresetsCommandEnergiesAreConsistent) {
  for (const std::string& key : known_standards()) {
    SCOPED_TRACE(key);
    const Standard s = load_standard(key);
    const CommandEnergies e = command_energies(s);
    for (double v : {e.act_pre, e.read, e.write, e.refab, e.refpb, e.active_tck, e.idle_tck}) {
      EXPECT_GT(v, 0.0);
    }
    EXPECT_NEAR(e.refpb * s.org.banks_per_pc(), e.refab, 0.01 * e.refab);
    EXPECT_GT(e.active_tck, e.idle_tck);
  }
}

// Drives a one-PC device tCK by tCK: commands, write data on time, end_cycle.
class EnergyRun : public testing::Test {
 protected:
  void run(HbmDevice& dev, const std::vector<Command>& cmds, uint64_t last_cycle) {
    std::multimap<uint64_t, Command> at;
    for (const Command& c : cmds) at.emplace(c.cycle, c);
    std::map<uint64_t, bool> write_beats;
    for (uint64_t cycle = 0; cycle <= last_cycle; ++cycle) {
      dev.read_beat(0, cycle);
      auto [lo, hi] = at.equal_range(cycle);
      for (auto it = lo; it != hi; ++it) {
        dev.command(it->second);
        if (is_write(it->second.kind)) {
          for (unsigned b = 0; b < dev.standard().t.BL; ++b) {
            write_beats[cycle + dev.standard().t.WL + b] = true;
          }
        }
      }
      if (write_beats.count(cycle)) dev.write_beat(0, cycle, DqBeat{}, 0xffff);
      dev.end_cycle(cycle);
    }
    for (const Violation& v : dev.violations()) ADD_FAILURE() << v.message();
  }
};

// HBM3, one PC: ACT, RD, WR, PRE, REFab, REFpb over 1000 tCK, by hand from hbm3.json:
// VDD 1.1 V, tCK 0.625 ns (V x tCK = 0.6875), IDD0 31.72, IDD2N 20, IDD3N 27.5, IDD4R
// 273.17, IDD4W 353.83, IDD5AB 93.89, IDD5PB 31.13 mA, I/O 0.22 pJ/bit; tRC 72, tRAS 45,
// tRFC 560, tRFCpb 320, BL 2.
TEST_F(EnergyRun, HandComputedSequenceMatchesToThePicojoule) {
  const Standard& s = hbm3();
  HbmDevice dev("dev_energy", s, 1, 5);
  Command act = cmd(K::ACT, 10);
  act.row = 9;
  const std::vector<Command> cmds = {
      act,
      cmd(K::RD, 41),      // tRCDRD 31
      cmd(K::WR, 61),      // tRTW 20 after the RD
      cmd(K::PRE, 106),    // WR + WL 10 + BL 2 + tWR 33
      cmd(K::REFab, 132),  // tRP 26
      cmd(K::REFpb, 692),  // tRFC 560
  };
  run(dev, cmds, 999);

  const EnergyBreakdown e = dev.energy();
  // ACT+PRE: 0.6875 x (31.72 x 72 - (27.5 x 45 + 20 x 27)) = 0.6875 x 506.34
  EXPECT_NEAR(e.act_pre, 348.10875, 1e-6);
  // RD: 0.6875 x (273.17 - 27.5) x 2; WR: 0.6875 x (353.83 - 27.5) x 2
  EXPECT_NEAR(e.read, 337.79625, 1e-6);
  EXPECT_NEAR(e.write, 448.70375, 1e-6);
  // REFab: 0.6875 x (93.89 - 27.5) x 560 = 25560.15; REFpb: 0.6875 x (31.13 - 27.5) x 320
  EXPECT_NEAR(e.refresh, 25560.15 + 798.6, 1e-6);
  // Bank open from the ACT's tCK (10) to the tCK before the PRE (105): 96 tCK active,
  // 904 precharged: 0.6875 x (27.5 x 96 + 20 x 904)
  EXPECT_NEAR(e.background, 14245.0, 1e-6);
  // Two 32-byte bursts on DQ: 512 bits x 0.22
  EXPECT_EQ(e.bits, 512u);
  EXPECT_NEAR(e.io, 112.64, 1e-6);
  EXPECT_NEAR(e.total(), 41850.99875, 0.5);   // to the picojoule
  EXPECT_NEAR(e.pj_per_bit(), 41850.99875 / 512, 1e-3);
  // 1000 tCK x 0.625 ns, one PC: pJ / ns = mW
  EXPECT_NEAR(e.power_mw_per_pc(), 41850.99875 / 625.0, 1e-3);
}

TEST_F(EnergyRun, IdleDeviceSpendsPrechargedStandbyOnEveryPc) {
  const Standard& s = hbm3();
  HbmDevice dev("dev_idle", s, 2, 5);
  for (uint64_t cycle = 0; cycle < 100; ++cycle) dev.end_cycle(cycle);
  const EnergyBreakdown e = dev.energy();
  EXPECT_NEAR(e.total(), 2 * 100 * 0.6875 * 20, 1e-9);
  EXPECT_EQ(e.bits, 0u);
  EXPECT_EQ(e.pj_per_bit(), 0.0);
  EXPECT_NEAR(e.power_mw_per_pc(), 1.1 * 20, 1e-9);   // VDD x IDD2N
}

}  // namespace test_energy
}  // namespace hbmsim::test
