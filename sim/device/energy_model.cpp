#include "device/energy_model.h"

namespace hbmsim {

CommandEnergies command_energies(const Standard& s) {
  const EnergySpec& e = s.energy;
  const Timing& t = s.t;
  const double v_ns = e.vdd * t.tck_ns;   // V x tCK: mA times this is pJ per tCK
  CommandEnergies c;
  c.act_pre = v_ns * (e.idd0 * t.RC - (e.idd3n * t.RAS + e.idd2n * (t.RC - t.RAS)));
  c.read = v_ns * (e.idd4r - e.idd3n) * t.BL;
  c.write = v_ns * (e.idd4w - e.idd3n) * t.BL;
  c.refab = v_ns * (e.idd5ab - e.idd3n) * t.RFC;
  c.refpb = v_ns * (e.idd5pb - e.idd3n) * t.RFCpb;
  c.active_tck = v_ns * e.idd3n;
  c.idle_tck = v_ns * e.idd2n;
  c.io_per_bit = e.io_pj_per_bit;
  return c;
}

EnergyBreakdown account_energy(const Standard& s, const EnergyCounts& n) {
  const CommandEnergies c = command_energies(s);
  auto count = [&](CmdKind k) { return double(n.commands[static_cast<unsigned>(k)]); };
  EnergyBreakdown b;
  b.act_pre = c.act_pre * count(CmdKind::ACT);
  b.read = c.read * double(n.read_bursts);
  b.write = c.write * double(n.write_bursts);
  b.refresh = c.refab * count(CmdKind::REFab) + c.refpb * count(CmdKind::REFpb);
  b.background = c.active_tck * double(n.active_pc_tcks) + c.idle_tck * double(n.idle_pc_tcks);
  b.bits = (n.read_bursts + n.write_bursts) * uint64_t(s.org.burst_bytes()) * 8;
  b.io = c.io_per_bit * double(b.bits);
  b.ns = double(n.tcks) * s.t.tck_ns;
  b.pcs = n.pcs;
  return b;
}

}  // namespace hbmsim
