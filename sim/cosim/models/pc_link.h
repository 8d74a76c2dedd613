// The wires between a model that masters the PCs' AXI ports (the crossbar, the tile) and
// the channel models: both Verilator tops name their PC side pc_<channel>_<signal>_o/_i
// with one array element per PC, so one template copies either; the PCs' side is reached
// through their AxiPins, whatever build of the channel RTL the run uses. Include only
// from a .cpp that has the master's Verilated header included.
#pragma once

#include <cstring>

#include "cosim/models/rtl_channels.h"

namespace hbmsim {

// AW, W, AR and the R/B ready of the master towards PCs [begin, end).
template <class M>
void drive_pc_ports(M& x, RtlChannels& rtl, unsigned begin, unsigned end) {
  for (unsigned p = begin; p < end; ++p) {
    const AxiPins& c = rtl.pc_pins(p);
    *c.aw_id = x.pc_aw_id_o[p];
    *c.aw_addr = x.pc_aw_addr_o[p];
    *c.aw_len = x.pc_aw_len_o[p];
    *c.aw_size = x.pc_aw_size_o[p];
    *c.aw_burst = x.pc_aw_burst_o[p];
    *c.aw_valid = x.pc_aw_valid_o[p];
    std::memcpy(c.w_data, x.pc_w_data_o[p].data(), 32);
    *c.w_strb = x.pc_w_strb_o[p];
    *c.w_last = x.pc_w_last_o[p];
    *c.w_valid = x.pc_w_valid_o[p];
    *c.b_ready = x.pc_b_ready_o[p];
    *c.ar_id = x.pc_ar_id_o[p];
    *c.ar_addr = x.pc_ar_addr_o[p];
    *c.ar_len = x.pc_ar_len_o[p];
    *c.ar_size = x.pc_ar_size_o[p];
    *c.ar_burst = x.pc_ar_burst_o[p];
    *c.ar_valid = x.pc_ar_valid_o[p];
    *c.r_ready = x.pc_r_ready_o[p];
  }
}

// The answers (ready, B, R) of PCs [begin, end) back to the master.
template <class M>
void sample_pc_ports(M& x, RtlChannels& rtl, unsigned begin, unsigned end) {
  for (unsigned p = begin; p < end; ++p) {
    const AxiPins& c = rtl.pc_pins(p);
    x.pc_aw_ready_i[p] = *c.aw_ready;
    x.pc_w_ready_i[p] = *c.w_ready;
    x.pc_b_id_i[p] = *c.b_id;
    x.pc_b_resp_i[p] = *c.b_resp;
    x.pc_b_valid_i[p] = *c.b_valid;
    x.pc_ar_ready_i[p] = *c.ar_ready;
    x.pc_r_id_i[p] = *c.r_id;
    std::memcpy(x.pc_r_data_i[p].data(), c.r_data, 32);
    x.pc_r_resp_i[p] = *c.r_resp;
    x.pc_r_last_i[p] = *c.r_last;
    x.pc_r_valid_i[p] = *c.r_valid;
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
