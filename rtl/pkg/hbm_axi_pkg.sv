// AXI4 channel types of the controller's host port, as packed structs (after
// pulp-platform/axi): a port is one request struct in and one response struct out.
package hbm_axi_pkg;

  localparam int unsigned AddrW = 40;
  localparam int unsigned DataW = 256;
  localparam int unsigned StrbW = DataW / 8;
  localparam int unsigned IdW   = 6;

  typedef logic [AddrW-1:0] addr_t;
  typedef logic [DataW-1:0] data_t;
  typedef logic [StrbW-1:0] strb_t;
  typedef logic [IdW-1:0]   id_t;
  typedef logic [7:0]       len_t;
  typedef logic [2:0]       size_t;

  typedef enum logic [1:0] {
    BurstFixed = 2'b00,
    BurstIncr  = 2'b01,
    BurstWrap  = 2'b10
  } burst_e;

  typedef enum logic [1:0] {
    RespOkay   = 2'b00,
    RespExOkay = 2'b01,
    RespSlvErr = 2'b10,
    RespDecErr = 2'b11
  } resp_e;

  // AW and AR carry the same fields.
  typedef struct packed {
    id_t    id;
    addr_t  addr;
    len_t   len;
    size_t  size;
    burst_e burst;
  } ax_chan_t;

  typedef struct packed {
    data_t data;
    strb_t strb;
    logic  last;
  } w_chan_t;

  typedef struct packed {
    id_t   id;
    resp_e resp;
  } b_chan_t;

  typedef struct packed {
    id_t   id;
    data_t data;
    resp_e resp;
    logic  last;
  } r_chan_t;

  // Widths of the channel structs, for FIFOs and spill registers that carry a channel as a
  // plain vector (yosys 0.23 takes no $bits of a type). Verilator's width lint checks each
  // where a struct meets the vector.
  localparam int unsigned AxChanW = IdW + AddrW + 8 + 3 + 2;
  localparam int unsigned WChanW  = DataW + StrbW + 1;
  localparam int unsigned BChanW  = IdW + 2;
  localparam int unsigned RChanW  = IdW + DataW + 2 + 1;
  // Of a whole port, for arrays of ports carried flat (the tile's); the controller has none.
  /* verilator lint_off UNUSEDPARAM */
  localparam int unsigned AxiReqW = 2 * AxChanW + WChanW + 5;
  localparam int unsigned AxiRspW = BChanW + RChanW + 5;
  /* verilator lint_on UNUSEDPARAM */

  typedef struct packed {
    ax_chan_t aw;
    logic     aw_valid;
    w_chan_t  w;
    logic     w_valid;
    logic     b_ready;
    ax_chan_t ar;
    logic     ar_valid;
    logic     r_ready;
  } axi_req_t;

  typedef struct packed {
    logic    aw_ready;
    logic    w_ready;
    b_chan_t b;
    logic    b_valid;
    logic    ar_ready;
    r_chan_t r;
    logic    r_valid;
  } axi_rsp_t;

  // The address bits below bit n set ((1 << n) - 1; all of them from n = AddrW on). For
  // synthesis a compare per bit (one LUT level from n), not a shift and a subtract: yosys
  // 0.23 builds those as a barrel shifter and a carry chain, 4 levels at the start of the
  // crossbar's and the tile's address walks (issue 14). In simulation the shift.
  function automatic addr_t low_mask(logic [7:0] n);
`ifdef SYNTHESIS
    for (int b = 0; b < AddrW; b++) low_mask[b] = 32'(n) > b;
`else
    low_mask = (n >= 8'(AddrW)) ? '1 : (AddrW'(1) << n) - AddrW'(1);
`endif
  endfunction

endpackage

// Flat signals for an array of AXI4 master ports towards the PCs (pc_*), as a Verilator
// top level needs them, after pulp-platform/axi's assign.svh macros: the crossbar's and
// the tile's simulation tops declare and drive them with the same two macros, so the C++
// side connects either to the PCs with one piece of code (sim/cosim/models/pc_link.h). They are
// defined here, in the file every compilation reads first (its package comes before all
// users), so no include path is needed.
`ifndef HBM_AXI_PC_MACROS
`define HBM_AXI_PC_MACROS

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
