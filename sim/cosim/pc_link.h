// The wires between a model that masters the PCs' AXI ports (the crossbar, the tile) and
// the channel models: both Verilator tops name their PC side pc_<channel>_<signal>_o/_i
// with one array element per PC, so one template copies either. Include only from a
// .cpp that has the master's Verilated header (and Vhbm_sim_top.h) included.
#pragma once

#include <cstring>

#include "Vhbm_sim_top.h"
#include "cosim/rtl_channels.h"

namespace hbmsim {

// AW, W, AR and the R/B ready of the master towards PCs 0 .. pcs-1.
template <class M>
void drive_pc_ports(M& x, RtlChannels& rtl, unsigned pcs) {
  for (unsigned p = 0; p < pcs; ++p) {
    Vhbm_sim_top& c = rtl.model_of(p);
    const unsigned l = RtlChannels::lane(p);
    c.axi_aw_id_i[l] = x.pc_aw_id_o[p];
    c.axi_aw_addr_i[l] = x.pc_aw_addr_o[p];
    c.axi_aw_len_i[l] = x.pc_aw_len_o[p];
    c.axi_aw_size_i[l] = x.pc_aw_size_o[p];
    c.axi_aw_burst_i[l] = x.pc_aw_burst_o[p];
    c.axi_aw_valid_i[l] = x.pc_aw_valid_o[p];
    std::memcpy(c.axi_w_data_i[l].data(), x.pc_w_data_o[p].data(), 32);
    c.axi_w_strb_i[l] = x.pc_w_strb_o[p];
    c.axi_w_last_i[l] = x.pc_w_last_o[p];
    c.axi_w_valid_i[l] = x.pc_w_valid_o[p];
    c.axi_b_ready_i[l] = x.pc_b_ready_o[p];
    c.axi_ar_id_i[l] = x.pc_ar_id_o[p];
    c.axi_ar_addr_i[l] = x.pc_ar_addr_o[p];
    c.axi_ar_len_i[l] = x.pc_ar_len_o[p];
    c.axi_ar_size_i[l] = x.pc_ar_size_o[p];
    c.axi_ar_burst_i[l] = x.pc_ar_burst_o[p];
    c.axi_ar_valid_i[l] = x.pc_ar_valid_o[p];
    c.axi_r_ready_i[l] = x.pc_r_ready_o[p];
  }
}

// The PCs' answers (ready, B, R) back to the master.
template <class M>
void sample_pc_ports(M& x, RtlChannels& rtl, unsigned pcs) {
  for (unsigned p = 0; p < pcs; ++p) {
    Vhbm_sim_top& c = rtl.model_of(p);
    const unsigned l = RtlChannels::lane(p);
    x.pc_aw_ready_i[p] = c.axi_aw_ready_o[l];
    x.pc_w_ready_i[p] = c.axi_w_ready_o[l];
    x.pc_b_id_i[p] = c.axi_b_id_o[l];
    x.pc_b_resp_i[p] = c.axi_b_resp_o[l];
    x.pc_b_valid_i[p] = c.axi_b_valid_o[l];
    x.pc_ar_ready_i[p] = c.axi_ar_ready_o[l];
    x.pc_r_id_i[p] = c.axi_r_id_o[l];
    std::memcpy(x.pc_r_data_i[p].data(), c.axi_r_data_o[l].data(), 32);
    x.pc_r_resp_i[p] = c.axi_r_resp_o[l];
    x.pc_r_last_i[p] = c.axi_r_last_o[l];
    x.pc_r_valid_i[p] = c.axi_r_valid_o[l];
  }
}

// Handshakes on the PC side this tCK (outputs settled, before the clock edge): AR, AW,
// W, R and B beats that complete at the coming edge. The watchdog's sign of life for a
// master the host does not see.
template <class M>
uint64_t count_pc_handshakes(const M& x, unsigned pcs) {
  uint64_t n = 0;
  for (unsigned p = 0; p < pcs; ++p) {
    n += (x.pc_ar_valid_o[p] & x.pc_ar_ready_i[p]) + (x.pc_aw_valid_o[p] & x.pc_aw_ready_i[p]) +
         (x.pc_w_valid_o[p] & x.pc_w_ready_i[p]) + (x.pc_r_valid_i[p] & x.pc_r_ready_o[p]) +
         (x.pc_b_valid_i[p] & x.pc_b_ready_o[p]);
  }
  return n;
}

}  // namespace hbmsim
