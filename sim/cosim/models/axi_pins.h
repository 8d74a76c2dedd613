// The signals of one AXI4 port of a Verilated model, as plain pointers, so an AXI master
// can drive a PC's port or the crossbar's host port alike (Verilator's CData/IData/QData
// are uint8_t/uint32_t/uint64_t; a 256-bit bus is eight 32-bit words).
#pragma once

#include <cstdint>

namespace hbmsim {

struct AxiPins {
  uint8_t *aw_id, *aw_len, *aw_size, *aw_burst, *aw_valid, *aw_ready;
  uint64_t* aw_addr;
  uint32_t* w_data;
  uint32_t* w_strb;
  uint8_t *w_last, *w_valid, *w_ready;
  uint8_t *b_id, *b_resp, *b_valid, *b_ready;
  uint8_t *ar_id, *ar_len, *ar_size, *ar_burst, *ar_valid, *ar_ready;
  uint64_t* ar_addr;
  uint8_t *r_id, *r_resp, *r_last, *r_valid, *r_ready;
  uint32_t* r_data;
};

// The pins of AXI port `lane` of a model whose ports are named axi_*_i / axi_*_o.
template <class Model>
AxiPins axi_pins(Model& m, unsigned lane) {
  return AxiPins{
      &m.axi_aw_id_i[lane], &m.axi_aw_len_i[lane], &m.axi_aw_size_i[lane],
      &m.axi_aw_burst_i[lane], &m.axi_aw_valid_i[lane], &m.axi_aw_ready_o[lane],
      &m.axi_aw_addr_i[lane],
      m.axi_w_data_i[lane].data(), &m.axi_w_strb_i[lane],
      &m.axi_w_last_i[lane], &m.axi_w_valid_i[lane], &m.axi_w_ready_o[lane],
      &m.axi_b_id_o[lane], &m.axi_b_resp_o[lane], &m.axi_b_valid_o[lane],
      &m.axi_b_ready_i[lane],
      &m.axi_ar_id_i[lane], &m.axi_ar_len_i[lane], &m.axi_ar_size_i[lane],
      &m.axi_ar_burst_i[lane], &m.axi_ar_valid_i[lane], &m.axi_ar_ready_o[lane],
      &m.axi_ar_addr_i[lane],
      &m.axi_r_id_o[lane], &m.axi_r_resp_o[lane], &m.axi_r_last_o[lane],
      &m.axi_r_valid_o[lane], &m.axi_r_ready_i[lane],
      m.axi_r_data_o[lane].data()};
}

}  // namespace hbmsim
