#include "cosim/csr_master.h"

#include <fmt/format.h>

#include "Vhbm_sim_top.h"

namespace hbmsim {

void CsrMaster::write(uint32_t addr, uint32_t data) { queue_.push_back({true, addr, data, nullptr}); }
void CsrMaster::read(uint32_t addr, uint32_t* out) { queue_.push_back({false, addr, 0, out}); }

void CsrMaster::drive(Vhbm_sim_top& m) const {
  m.apb_sel_i = !queue_.empty();
  m.apb_enable_i = !queue_.empty() && access_phase_;
  if (queue_.empty()) return;
  const Access& a = queue_.front();
  m.apb_addr_i = a.addr;
  m.apb_write_i = a.write;
  m.apb_wdata_i = a.data;
}

void CsrMaster::sample(Vhbm_sim_top& m, uint64_t cycle) {
  if (queue_.empty()) return;
  if (!access_phase_) {
    access_phase_ = true;   // setup done; the access phase comes next tCK
    return;
  }
  if (!m.apb_ready_o) return;
  const Access& a = queue_.front();
  if (m.apb_slverr_o) {
    errors_.push_back(fmt::format("CSR {} at {:#x}: PSLVERR", a.write ? "write" : "read", a.addr));
  }
  if (!a.write && a.out) *a.out = m.apb_rdata_o;
  last_cycle_ = cycle;
  queue_.pop_front();
  access_phase_ = false;
}

}  // namespace hbmsim
