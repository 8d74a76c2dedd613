// The stack behind the interleaving crossbar: one AXI4 port for the whole stack.
module hbm_stack_xbar
  import hbm_pkg::*;
  import hbm_axi_pkg::*;
#(
  parameter int unsigned NumPc    = 32,
  parameter int unsigned RDepth   = 32,
  parameter int unsigned WDepth   = 32,
  parameter int unsigned WStage   = 32,   // posted writes staged ahead of the write queue
  parameter int unsigned RobDepth = 64,
  parameter int unsigned WdbDepth = 64,
  localparam int unsigned NumCh   = (NumPc + 1) / 2,
  localparam int unsigned PcW     = (NumPc > 1) ? $clog2(NumPc) : 1
) (
  input  logic [NumPc-1:0]   clk_i,
  input  logic               rst_ni,
  input  timing_t            t_i,
  input  geometry_t          geo_i,
  input  logic [3:0]         gran_log2_i,
  input  logic [PcW:0]       pcs_log2_i,
  input  axi_req_t           axi_req_i,
  output axi_rsp_t           axi_rsp_o,
  input  logic [6:0]         apb_pc_i,
  input  apb_req_t           apb_i,
  output apb_rsp_t           apb_o,
  output row_cmd_t           row_cmd_o [NumCh],
  output logic               row_pc_o  [NumCh],
  output col_cmd_t           col_cmd_o [NumCh],
  output logic               col_pc_o  [NumCh],
  output logic [DqW-1:0]     wdq_o       [NumPc],
  output logic [DqMaskW-1:0] wdq_strb_o  [NumPc],
  output logic               wdq_valid_o [NumPc],
  input  logic [DqW-1:0]     rdq_i       [NumPc],
  input  logic               rdq_valid_i [NumPc],
  output logic [7:0]         queue_count_o  [NumPc],
  output logic [7:0]         rob_used_o     [NumPc],
  output logic [7:0]         wdb_used_o     [NumPc],
  output logic signed [7:0]  refresh_owed_o [NumPc]
);
  axi_req_t pc_req [NumPc];
  axi_rsp_t pc_rsp [NumPc];

  hbm_xbar #(.NumPc(NumPc)) u_xbar (
    .clk_i       (clk_i[0]),
    .rst_ni,
    .gran_log2_i,
    .pcs_log2_i,
    .slv_req_i   (axi_req_i),
    .slv_rsp_o   (axi_rsp_o),
    .pc_req_o    (pc_req),
    .pc_rsp_i    (pc_rsp)
  );

  hbm_stack #(
    .NumPc(NumPc), .RDepth(RDepth), .WDepth(WDepth), .WStage(WStage), .RobDepth(RobDepth), .WdbDepth(WdbDepth)
  ) u_stack (
    .clk_i,
    .rst_ni,
    .t_i,
    .geo_i,
    .axi_req_i      (pc_req),
    .axi_rsp_o      (pc_rsp),
    .apb_pc_i,
    .apb_i,
    .apb_o,
    .row_cmd_o,
    .row_pc_o,
    .col_cmd_o,
    .col_pc_o,
    .wdq_o,
    .wdq_strb_o,
    .wdq_valid_o,
    .rdq_i,
    .rdq_valid_i,
    .queue_count_o,
    .rob_used_o,
    .wdb_used_o,
    .refresh_owed_o
  );
endmodule
