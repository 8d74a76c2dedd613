// One HBM channel: its pseudo-channel controllers (one or two) sharing the channel's
// row and column command buses. Each PC keeps its own DQ.
//
// Every PC runs on its own copy of the clock (clk_i[pc], gated copies of one clock),
// so an unused PC costs nothing; the buses' arbiters run on PC 0's copy.
module hbm_channel
  import hbm_pkg::*;
  import hbm_axi_pkg::*;
#(
  parameter int unsigned NumPc    = 2,
  parameter int unsigned RDepth   = 32,
  parameter int unsigned WDepth   = 32,
  parameter int unsigned WStage   = 32,   // posted writes staged ahead of the write queue
  parameter int unsigned RobDepth = 64,
  parameter int unsigned WdbDepth = 64
) (
  input  logic [NumPc-1:0]   clk_i,
  input  logic               rst_ni,
  input  timing_t            t_i,
  input  geometry_t          geo_i,
  input  axi_req_t           axi_req_i [NumPc],
  output axi_rsp_t           axi_rsp_o [NumPc],
  input  apb_req_t           apb_i [NumPc],
  output apb_rsp_t           apb_o [NumPc],
  // command buses
  output row_cmd_t           row_cmd_o,
  output logic               row_pc_o,
  output col_cmd_t           col_cmd_o,
  output logic               col_pc_o,
  // DQ per PC
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
  row_cmd_t         row_req [NumPc];
  col_cmd_t         col_req [NumPc];
  logic [NumPc-1:0] row_want, row_act, row_gnt, col_want, col_gnt;

  for (genvar p = 0; p < NumPc; p++) begin : g_pc
    hbm_pc_ctrl #(
      .RDepth(RDepth), .WDepth(WDepth), .WStage(WStage), .RobDepth(RobDepth), .WdbDepth(WdbDepth)
    ) u_pc (
      .clk_i          (clk_i[p]),
      .rst_ni,
      .t_i,
      .geo_i,
      .axi_req_i      (axi_req_i[p]),
      .axi_rsp_o      (axi_rsp_o[p]),
      .apb_i          (apb_i[p]),
      .apb_o          (apb_o[p]),
      .row_req_o      (row_req[p]),
      .row_gnt_i      (row_gnt[p]),
      .col_req_o      (col_req[p]),
      .col_gnt_i      (col_gnt[p]),
      .wdq_o          (wdq_o[p]),
      .wdq_strb_o     (wdq_strb_o[p]),
      .wdq_valid_o    (wdq_valid_o[p]),
      .rdq_i          (rdq_i[p]),
      .rdq_valid_i    (rdq_valid_i[p]),
      .queue_count_o  (queue_count_o[p]),
      .rob_used_o     (rob_used_o[p]),
      .wdb_used_o     (wdb_used_o[p]),
      .refresh_owed_o (refresh_owed_o[p])
    );
    assign row_want[p] = (row_req[p].cmd != RowNop);
    assign row_act[p]  = (row_req[p].cmd == RowAct);
    assign col_want[p] = (col_req[p].cmd != ColNop);
  end

  hbm_cmd_arbiter #(.NumPc(NumPc), .HoldAct(1'b1)) u_row_arb (
    .clk_i    (clk_i[0]),
    .rst_ni,
    .req_i    (row_want),
    .is_act_i (row_act),
    .gnt_o    (row_gnt)
  );

  hbm_cmd_arbiter #(.NumPc(NumPc), .HoldAct(1'b0)) u_col_arb (
    .clk_i    (clk_i[0]),
    .rst_ni,
    .req_i    (col_want),
    .is_act_i ('0),
    .gnt_o    (col_gnt)
  );

  // Drive the granted PC's command onto each bus.
  always_comb begin
    row_cmd_o = '{cmd: RowNop, bank: '0, row: '0};
    col_cmd_o = '{cmd: ColNop, ap: 1'b0, bank: '0, col: '0};
    row_pc_o  = 1'b0;
    col_pc_o  = 1'b0;
    for (int unsigned p = 0; p < NumPc; p++) begin
      if (row_gnt[p]) begin
        row_cmd_o = row_req[p];
        row_pc_o  = p[0];
      end
      if (col_gnt[p]) begin
        col_cmd_o = col_req[p];
        col_pc_o  = p[0];
      end
    end
  end
endmodule
