// Top level for Verilator of the interleaving crossbar alone, with flat ports: the co-simulation
// evaluates it as its own model between the host and the channel models. The host port
// uses the names of hbm_sim_top's AXI ports (as one-element arrays), so the same C++ AXI
// master drives either; pc_* are the ports towards the PCs.
module hbm_xbar_sim_top
  import hbm_axi_pkg::*;
#(
  parameter int unsigned NumPc = 64,
  localparam int unsigned PcW  = (NumPc > 1) ? $clog2(NumPc) : 1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic [3:0]        cfg_gran_log2_i,
  input  logic [PcW:0]      cfg_pcs_log2_i,
  input  id_t         axi_aw_id_i [1],
  input  addr_t       axi_aw_addr_i [1],
  input  len_t        axi_aw_len_i [1],
  input  size_t       axi_aw_size_i [1],
  input  logic [1:0]  axi_aw_burst_i [1],
  input  logic        axi_aw_valid_i [1],
  input  data_t       axi_w_data_i [1],
  input  strb_t       axi_w_strb_i [1],
  input  logic        axi_w_last_i [1],
  input  logic        axi_w_valid_i [1],
  input  logic        axi_b_ready_i [1],
  input  id_t         axi_ar_id_i [1],
  input  addr_t       axi_ar_addr_i [1],
  input  len_t        axi_ar_len_i [1],
  input  size_t       axi_ar_size_i [1],
  input  logic [1:0]  axi_ar_burst_i [1],
  input  logic        axi_ar_valid_i [1],
  input  logic        axi_r_ready_i [1],
  output logic        axi_aw_ready_o [1],
  output logic        axi_w_ready_o [1],
  output id_t         axi_b_id_o [1],
  output logic [1:0]  axi_b_resp_o [1],
  output logic        axi_b_valid_o [1],
  output logic        axi_ar_ready_o [1],
  output id_t         axi_r_id_o [1],
  output data_t       axi_r_data_o [1],
  output logic [1:0]  axi_r_resp_o [1],
  output logic        axi_r_last_o [1],
  output logic        axi_r_valid_o [1],
  `HBM_AXI_PC_PORTS(NumPc)
);
  axi_req_t slv_req;
  axi_rsp_t slv_rsp;
  axi_req_t pc_req [NumPc];
  axi_rsp_t pc_rsp [NumPc];

  assign slv_req = '{
    aw: '{id: axi_aw_id_i[0], addr: axi_aw_addr_i[0], len: axi_aw_len_i[0],
          size: axi_aw_size_i[0], burst: burst_e'(axi_aw_burst_i[0])},
    aw_valid: axi_aw_valid_i[0],
    w: '{data: axi_w_data_i[0], strb: axi_w_strb_i[0], last: axi_w_last_i[0]},
    w_valid: axi_w_valid_i[0],
    b_ready: axi_b_ready_i[0],
    ar: '{id: axi_ar_id_i[0], addr: axi_ar_addr_i[0], len: axi_ar_len_i[0],
          size: axi_ar_size_i[0], burst: burst_e'(axi_ar_burst_i[0])},
    ar_valid: axi_ar_valid_i[0],
    r_ready: axi_r_ready_i[0]
  };
  assign axi_aw_ready_o[0] = slv_rsp.aw_ready;
  assign axi_w_ready_o[0]  = slv_rsp.w_ready;
  assign axi_b_id_o[0]     = slv_rsp.b.id;
  assign axi_b_resp_o[0]   = slv_rsp.b.resp;
  assign axi_b_valid_o[0]  = slv_rsp.b_valid;
  assign axi_ar_ready_o[0] = slv_rsp.ar_ready;
  assign axi_r_id_o[0]     = slv_rsp.r.id;
  assign axi_r_data_o[0]   = slv_rsp.r.data;
  assign axi_r_resp_o[0]   = slv_rsp.r.resp;
  assign axi_r_last_o[0]   = slv_rsp.r.last;
  assign axi_r_valid_o[0]  = slv_rsp.r_valid;

  `HBM_AXI_PC_FLATTEN(NumPc, pc_req, pc_rsp)

  // The crossbar's PC ports carry the array flat (as the tile's do). Both vectors are split
  // per port for the simulator (split_var; the crossbar reads xbar_rsp in constant slices):
  // whole, Verilator 5.006 assembled xbar_rsp through 64 nested concatenations on every
  // evaluation, 3.4x the crossbar model's time.
  // Not traced (pc_req/pc_rsp and the pc_* ports are): a traced variable stays whole.
  /* verilator tracing_off */
  logic [NumPc*AxiReqW-1:0] xbar_req /* verilator split_var */;
  logic [NumPc*AxiRspW-1:0] xbar_rsp /* verilator split_var */;
  /* verilator tracing_on */
  for (genvar p = 0; p < NumPc; p++) begin : g_port
    assign pc_req[p]                      = xbar_req[p*AxiReqW +: AxiReqW];
    assign xbar_rsp[p*AxiRspW +: AxiRspW] = pc_rsp[p];
  end

  hbm_xbar #(.NumPc(NumPc)) u_xbar (
    .clk_i,
    .rst_ni,
    .gran_log2_i (cfg_gran_log2_i),
    .pcs_log2_i  (cfg_pcs_log2_i),
    .slv_req_i   (slv_req),
    .slv_rsp_o   (slv_rsp),
    .pc_req_o    (xbar_req),
    .pc_rsp_i    (xbar_rsp)
  );
endmodule
