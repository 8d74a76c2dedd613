#include "cosim/csr/csr_master.h"

#include <fmt/format.h>

#include "cosim/models/rtl_channels.h"

namespace hbmsim {

void CsrMaster::write(uint32_t addr, uint32_t data) { queue_.push_back({true, addr, data, nullptr}); }
void CsrMaster::read(uint32_t addr, uint32_t* out) { queue_.push_back({false, addr, 0, out}); }

bool CsrMaster::targets(const Access& a, unsigned model) const {
  const unsigned pc = a.addr >> 12;
  return pc == kBroadcast ? a.write : pc / RtlChannels::kPcsPerModel == model;
}

void CsrMaster::drive(RtlChannels& rtl) {
  if (queue_.empty() && idle_driven_) return;
  idle_driven_ = queue_.empty();
  for (unsigned i = 0; i < rtl.models(); ++i) {
    ApbPins pins;
    if (!queue_.empty() && targets(queue_.front(), i)) {
      const Access& a = queue_.front();
      const unsigned pc = a.addr >> 12;
      const unsigned local = pc == kBroadcast ? kBroadcast : RtlChannels::lane(pc);
      pins = {true, access_phase_, a.write, (local << 12) | (a.addr & 0xfff), a.data};
    }
    rtl.drive_apb(i, pins);
  }
}

void CsrMaster::sample(RtlChannels& rtl) {
  if (queue_.empty()) return;
  if (!access_phase_) {
    access_phase_ = true;   // setup done; the access phase comes next tCK
    return;
  }
  const Access& a = queue_.front();
  bool ready = true, error = false, any = false;
  for (unsigned i = 0; i < rtl.models(); ++i) {
    if (!targets(a, i)) continue;
    any = true;
    ready = ready && rtl.apb_ready(i);
    error = error || rtl.apb_error(i);
    if (!a.write && a.out) *a.out = rtl.apb_rdata(i);
  }
  if (!ready) return;
  if (error || !any) {
    errors_.push_back(fmt::format("CSR {} at {:#x}: {}", a.write ? "write" : "read", a.addr,
                                  any ? "PSLVERR" : "no such PC"));
  }
  queue_.pop_front();
  access_phase_ = false;
}

}  // namespace hbmsim
