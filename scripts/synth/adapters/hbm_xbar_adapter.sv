// For scripts/synth/origeq.py --block hbm_xbar: the original crossbar (unpacked arrays of
// axi_req_t / axi_rsp_t towards the PCs) with the converted one's flat PC ports.
module hbm_xbar_ys #(
  parameter int unsigned NumPc     = 64,
  parameter int unsigned FifoDepth = 64,
  localparam int unsigned PcW      = (NumPc > 1) ? $clog2(NumPc) : 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic [3:0]            gran_log2_i,
  input  logic [PcW:0]          pcs_log2_i,
  input  hbm_axi_pkg::axi_req_t slv_req_i,
  output hbm_axi_pkg::axi_rsp_t slv_rsp_o,
  output logic [NumPc*hbm_axi_pkg::AxiReqW-1:0] pc_req_o,
  input  logic [NumPc*hbm_axi_pkg::AxiRspW-1:0] pc_rsp_i
);
  localparam int unsigned ReqW = hbm_axi_pkg::AxiReqW;
  localparam int unsigned RspW = hbm_axi_pkg::AxiRspW;
  hbm_axi_pkg::axi_req_t req [NumPc];
  hbm_axi_pkg::axi_rsp_t rsp [NumPc];
  for (genvar p = 0; p < NumPc; p++) begin : g_pc
    assign pc_req_o[p*ReqW +: ReqW] = req[p];
    assign rsp[p]                   = pc_rsp_i[p*RspW +: RspW];
  end
  hbm_xbar_orig #(.NumPc(NumPc), .FifoDepth(FifoDepth)) u_orig (
    .clk_i,
    .rst_ni,
    .gran_log2_i,
    .pcs_log2_i,
    .slv_req_i,
    .slv_rsp_o,
    .pc_req_o (req),
    .pc_rsp_i (rsp)
  );
endmodule
