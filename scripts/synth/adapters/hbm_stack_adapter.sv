// For scripts/synth/origeq.py --block stub_stack (scripts/synth/adapters/
// stack_stub_blocks.txt): the original hbm_stack (unpacked-array ports) with the converted
// one's flat ports. origeq.py reads only blocks.txt; point it at the stub list, and toggle
// every PC's clock (its testbench toggles bit 0 of clk_i):
//   python3 -c 'import sys; sys.path.insert(0, "scripts/synth"); import synth, origeq;
//     synth.BLOCKS = "scripts/synth/adapters/stack_stub_blocks.txt";
//     sys.argv[1:] = ["--block", "stub_stack", "--orig-rev", "edd380f", "--orig-under",
//       "top/", "--adapter", "'$PWD'/scripts/synth/adapters/hbm_stack_adapter.sv",
//       "--drive", "clk_i=(top->clk_i ? 0u : 0x3fu)", "--cycles", "100000"];
//     sys.exit(origeq.main())'
module hbm_stack_ys #(
  parameter int unsigned NumPc    = 2,
  parameter int unsigned RDepth   = 32,
  parameter int unsigned WDepth   = 32,
  parameter int unsigned WStage   = 32,
  parameter int unsigned RobDepth = 64,
  parameter int unsigned WdbDepth = 64,
  localparam int unsigned NumCh   = (NumPc + 1) / 2,
  localparam int unsigned RowCmdW = 3 + hbm_pkg::BankW + hbm_pkg::RowW,
  localparam int unsigned ColCmdW = 2 + 1 + hbm_pkg::BankW + hbm_pkg::ColW
) (
  input  logic [NumPc-1:0]                      clk_i,
  input  logic                                  rst_ni,
  input  hbm_pkg::timing_t                      t_i,
  input  hbm_pkg::geometry_t                    geo_i,
  input  logic [NumPc*hbm_axi_pkg::AxiReqW-1:0] axi_req_i,
  output logic [NumPc*hbm_axi_pkg::AxiRspW-1:0] axi_rsp_o,
  input  logic [6:0]                            apb_pc_i,
  input  hbm_pkg::apb_req_t                     apb_i,
  output hbm_pkg::apb_rsp_t                     apb_o,
  output logic [NumCh*RowCmdW-1:0]              row_cmd_o,
  output logic [NumCh-1:0]                      row_pc_o,
  output logic [NumCh*ColCmdW-1:0]              col_cmd_o,
  output logic [NumCh-1:0]                      col_pc_o,
  output logic [NumPc*hbm_pkg::DqW-1:0]         wdq_o,
  output logic [NumPc*hbm_pkg::DqMaskW-1:0]     wdq_strb_o,
  output logic [NumPc-1:0]                      wdq_valid_o,
  input  logic [NumPc*hbm_pkg::DqW-1:0]         rdq_i,
  input  logic [NumPc-1:0]                      rdq_valid_i,
  output logic [NumPc*8-1:0]                    queue_count_o,
  output logic [NumPc*8-1:0]                    rob_used_o,
  output logic [NumPc*8-1:0]                    wdb_used_o,
  output logic [NumPc*8-1:0]                    refresh_owed_o
);
  localparam int unsigned ReqW = hbm_axi_pkg::AxiReqW;
  localparam int unsigned RspW = hbm_axi_pkg::AxiRspW;
  localparam int unsigned DqW  = hbm_pkg::DqW;
  localparam int unsigned MW   = hbm_pkg::DqMaskW;
  hbm_axi_pkg::axi_req_t    req [NumPc];
  hbm_axi_pkg::axi_rsp_t    rsp [NumPc];
  hbm_pkg::row_cmd_t        rc [NumCh];
  hbm_pkg::col_cmd_t        cc [NumCh];
  logic                     rpc [NumCh], cpc [NumCh];
  logic [DqW-1:0]           wdq [NumPc], rdq [NumPc];
  logic [MW-1:0]            wstrb [NumPc];
  logic                     wvalid [NumPc], rvalid [NumPc];
  logic [7:0]               qc [NumPc], ru [NumPc], wu [NumPc];
  logic signed [7:0]        ow [NumPc];
  for (genvar p = 0; p < NumPc; p++) begin : g_pc
    assign req[p]                       = axi_req_i[p*ReqW +: ReqW];
    assign axi_rsp_o[p*RspW +: RspW]    = rsp[p];
    assign wdq_o[p*DqW +: DqW]          = wdq[p];
    assign wdq_strb_o[p*MW +: MW]       = wstrb[p];
    assign wdq_valid_o[p]               = wvalid[p];
    assign rdq[p]                       = rdq_i[p*DqW +: DqW];
    assign rvalid[p]                    = rdq_valid_i[p];
    assign queue_count_o[8*p +: 8]      = qc[p];
    assign rob_used_o[8*p +: 8]         = ru[p];
    assign wdb_used_o[8*p +: 8]         = wu[p];
    assign refresh_owed_o[8*p +: 8]     = ow[p];
  end
  for (genvar ch = 0; ch < NumCh; ch++) begin : g_ch
    assign row_cmd_o[ch*RowCmdW +: RowCmdW] = rc[ch];
    assign col_cmd_o[ch*ColCmdW +: ColCmdW] = cc[ch];
    assign row_pc_o[ch]                     = rpc[ch];
    assign col_pc_o[ch]                     = cpc[ch];
  end
  hbm_stack_orig #(
    .NumPc(NumPc), .RDepth(RDepth), .WDepth(WDepth), .WStage(WStage), .RobDepth(RobDepth), .WdbDepth(WdbDepth)
  ) u_orig (
    .clk_i, .rst_ni, .t_i, .geo_i,
    .axi_req_i (req), .axi_rsp_o (rsp),
    .apb_pc_i, .apb_i, .apb_o,
    .row_cmd_o (rc), .row_pc_o (rpc), .col_cmd_o (cc), .col_pc_o (cpc),
    .wdq_o (wdq), .wdq_strb_o (wstrb), .wdq_valid_o (wvalid), .rdq_i (rdq), .rdq_valid_i (rvalid),
    .queue_count_o (qc), .rob_used_o (ru), .wdb_used_o (wu), .refresh_owed_o (ow)
  );
endmodule
