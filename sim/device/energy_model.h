// Energy the device spends, from the standard's currents, as DRAMsim3 and DRAMPower
// count it: a fixed energy per command plus background per tCK, plus I/O per bit.
#pragma once

#include <array>
#include <cstdint>

#include "device/command.h"
#include "standard/standard.h"

namespace hbmsim {

// Energy per command and per tCK of one pseudo-channel (pJ), derived from the currents
// (mA, per PC), VDD (V) and timings (tCK) of a standard. V x mA x ns = pJ.
struct CommandEnergies {
  double act_pre = 0;       // VDD (IDD0 tRC - (IDD3N tRAS + IDD2N (tRC - tRAS))) tCK
  double read = 0;          // VDD (IDD4R - IDD3N) BL tCK, per 32-byte burst
  double write = 0;         // VDD (IDD4W - IDD3N) BL tCK
  double refab = 0;         // VDD (IDD5AB - IDD3N) tRFC tCK
  double refpb = 0;         // VDD (IDD5PB - IDD3N) tRFCpb tCK
  double active_tck = 0;    // VDD IDD3N tCK: a tCK with any bank of the PC open
  double idle_tck = 0;      // VDD IDD2N tCK: a tCK with every bank precharged
  double io_per_bit = 0;    // io_pj_per_bit, per bit moved on DQ
};

CommandEnergies command_energies(const Standard& s);

// What the device did that costs energy, counted by HbmDevice.
struct EnergyCounts {
  std::array<uint64_t, kNumCmdKinds> commands{};
  uint64_t read_bursts = 0, write_bursts = 0;
  uint64_t active_pc_tcks = 0;   // PC x tCK with at least one bank open
  uint64_t idle_pc_tcks = 0;     // PC x tCK with every bank precharged
  uint64_t tcks = 0;             // tCKs the counts cover
  unsigned pcs = 0;              // PCs the counts cover
};

// Energy in pJ by where it goes; I/O is kept apart from the DRAM core.
struct EnergyBreakdown {
  double act_pre = 0, read = 0, write = 0, refresh = 0, background = 0, io = 0;
  uint64_t bits = 0;             // moved on DQ (read and write)
  double ns = 0;                 // time the background covers
  unsigned pcs = 0;

  double total() const { return act_pre + read + write + refresh + background + io; }
  double pj_per_bit() const { return bits ? total() / double(bits) : 0.0; }
  // Average power per PC: pJ / ns = mW.
  double power_mw_per_pc() const { return ns > 0 && pcs ? total() / ns / pcs : 0.0; }
};

EnergyBreakdown account_energy(const Standard& s, const EnergyCounts& n);

}  // namespace hbmsim
