// Flat signals for an array of AXI4 master ports towards the PCs (pc_*), as a Verilator
// top level needs them, after pulp-platform/axi's assign.svh macros: the crossbar's and
// the tile's simulation tops declare and drive them with the same two macros, so the C++
// side connects either to the PCs with one piece of code (sim/cosim/pc_link.h).
`ifndef HBM_AXI_FLAT_SVH
`define HBM_AXI_FLAT_SVH

// The port declarations (the last ports of a port list: no trailing comma).
`define HBM_AXI_PC_PORTS(N) \
  output id_t         pc_aw_id_o    [N], \
  output addr_t       pc_aw_addr_o  [N], \
  output len_t        pc_aw_len_o   [N], \
  output size_t       pc_aw_size_o  [N], \
  output logic [1:0]  pc_aw_burst_o [N], \
  output logic        pc_aw_valid_o [N], \
  output data_t       pc_w_data_o   [N], \
  output strb_t       pc_w_strb_o   [N], \
  output logic        pc_w_last_o   [N], \
  output logic        pc_w_valid_o  [N], \
  output logic        pc_b_ready_o  [N], \
  output id_t         pc_ar_id_o    [N], \
  output addr_t       pc_ar_addr_o  [N], \
  output len_t        pc_ar_len_o   [N], \
  output size_t       pc_ar_size_o  [N], \
  output logic [1:0]  pc_ar_burst_o [N], \
  output logic        pc_ar_valid_o [N], \
  output logic        pc_r_ready_o  [N], \
  input  logic        pc_aw_ready_i [N], \
  input  logic        pc_w_ready_i  [N], \
  input  id_t         pc_b_id_i     [N], \
  input  logic [1:0]  pc_b_resp_i   [N], \
  input  logic        pc_b_valid_i  [N], \
  input  logic        pc_ar_ready_i [N], \
  input  id_t         pc_r_id_i     [N], \
  input  data_t       pc_r_data_i   [N], \
  input  logic [1:0]  pc_r_resp_i   [N], \
  input  logic        pc_r_last_i   [N], \
  input  logic        pc_r_valid_i  [N]

// Drives the flat ports from req[N] (axi_req_t) and gathers rsp[N] (axi_rsp_t) from them.
`define HBM_AXI_PC_FLATTEN(N, req, rsp) \
  for (genvar p = 0; p < N; p++) begin : g_pc \
    assign pc_aw_id_o[p]    = req[p].aw.id; \
    assign pc_aw_addr_o[p]  = req[p].aw.addr; \
    assign pc_aw_len_o[p]   = req[p].aw.len; \
    assign pc_aw_size_o[p]  = req[p].aw.size; \
    assign pc_aw_burst_o[p] = req[p].aw.burst; \
    assign pc_aw_valid_o[p] = req[p].aw_valid; \
    assign pc_w_data_o[p]   = req[p].w.data; \
    assign pc_w_strb_o[p]   = req[p].w.strb; \
    assign pc_w_last_o[p]   = req[p].w.last; \
    assign pc_w_valid_o[p]  = req[p].w_valid; \
    assign pc_b_ready_o[p]  = req[p].b_ready; \
    assign pc_ar_id_o[p]    = req[p].ar.id; \
    assign pc_ar_addr_o[p]  = req[p].ar.addr; \
    assign pc_ar_len_o[p]   = req[p].ar.len; \
    assign pc_ar_size_o[p]  = req[p].ar.size; \
    assign pc_ar_burst_o[p] = req[p].ar.burst; \
    assign pc_ar_valid_o[p] = req[p].ar_valid; \
    assign pc_r_ready_o[p]  = req[p].r_ready; \
    assign rsp[p] = '{ \
      aw_ready: pc_aw_ready_i[p], w_ready: pc_w_ready_i[p], \
      b: '{id: pc_b_id_i[p], resp: resp_e'(pc_b_resp_i[p])}, b_valid: pc_b_valid_i[p], \
      ar_ready: pc_ar_ready_i[p], \
      r: '{id: pc_r_id_i[p], data: pc_r_data_i[p], resp: resp_e'(pc_r_resp_i[p]), \
           last: pc_r_last_i[p]}, \
      r_valid: pc_r_valid_i[p] \
    }; \
  end

`endif
