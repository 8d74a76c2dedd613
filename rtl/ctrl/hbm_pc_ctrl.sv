// HBM pseudo-channel controller: one AXI4 slave port in, one pseudo-channel's row and
// column command requests and DQ out.
//
// Data path:   AXI -> front end -> transaction queue -> scheduler -> command buses
//              W data -> write buffer -> DQ (WL after WR);  DQ -> reorder buffer -> R
// Command requests are offered to the channel, which may share its buses between two
// pseudo-channels; a command takes effect only in a cycle its grant is high.
module hbm_pc_ctrl
  import hbm_pkg::*;
  import hbm_axi_pkg::*;
#(
  parameter int unsigned QDepth   = 16,
  parameter int unsigned RobDepth = 32,
  parameter int unsigned WdbDepth = 32
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // static configuration
  input  timing_t            t_i,
  input  geometry_t          geo_i,
  input  map_sel_t           map_i [MapBits],
  input  logic               close_page_i,
  // host port
  input  axi_req_t           axi_req_i,
  output axi_rsp_t           axi_rsp_o,
  // command buses, through the channel's arbiter
  output row_cmd_t           row_req_o,
  input  logic               row_gnt_i,
  output col_cmd_t           col_req_o,
  input  logic               col_gnt_i,
  // DQ
  output logic [DqW-1:0]     wdq_o,
  output logic [DqMaskW-1:0] wdq_strb_o,
  output logic               wdq_valid_o,
  input  logic [DqW-1:0]     rdq_i,
  input  logic               rdq_valid_i,
  // observation
  output logic [7:0]         queue_count_o,
  output logic [3:0]         refresh_owed_o
);
  // ---- Front end and queue ---------------------------------------------------------------
  req_t  new_req;
  logic  push, queue_space;
  slot_t wdb_rd_slot;
  data_t wdb_rd_data;
  strb_t wdb_rd_strb;
  logic  wdb_free;
  logic  rob_fill;
  slot_t rob_fill_slot;
  data_t rob_fill_data;

  hbm_axi_frontend #(.RobDepth(RobDepth), .WdbDepth(WdbDepth)) u_frontend (
    .clk_i,
    .rst_ni,
    .geo_i,
    .map_i,
    .axi_req_i,
    .axi_rsp_o,
    .req_o           (new_req),
    .push_o          (push),
    .queue_space_i   (queue_space),
    .wdb_rd_slot_i   (wdb_rd_slot),
    .wdb_rd_data_o   (wdb_rd_data),
    .wdb_rd_strb_o   (wdb_rd_strb),
    .wdb_free_i      (wdb_free),
    .wdb_free_slot_i (wdb_rd_slot),
    .rob_fill_i      (rob_fill),
    .rob_fill_slot_i (rob_fill_slot),
    .rob_fill_data_i (rob_fill_data)
  );

  req_t                      entries [QDepth];
  logic [QDepth-1:0]         valid;
  logic [$clog2(QDepth)-1:0] head;
  logic [$clog2(QDepth):0]   count;
  logic                      pop;

  hbm_req_queue #(.Depth(QDepth)) u_queue (
    .clk_i,
    .rst_ni,
    .req_i     (new_req),
    .push_i    (push),
    .space_o   (queue_space),
    .pop_i     (pop),
    .entries_o (entries),
    .valid_o   (valid),
    .head_o    (head),
    .count_o   (count)
  );

  // ---- Scheduling --------------------------------------------------------------------------
  logic [NumBanks-1:0] open, can_act, can_pre, can_rd, can_wr;
  row_t                open_row [NumBanks];
  logic                can_prea, can_refab, ref_due;
  // Per-bank refresh legality; the all-bank refresh policy does not use it.
  /* verilator lint_off UNUSEDSIGNAL */
  logic [NumBanks-1:0] can_refpb;
  /* verilator lint_on UNUSEDSIGNAL */
  row_cmd_t            row_cand, row_cmd;
  col_cmd_t            col_cand, col_cmd;
  slot_t               col_slot;
  logic                rd_space, wr_space;

  hbm_scheduler #(.QDepth(QDepth)) u_scheduler (
    .entries_i    (entries),
    .valid_i      (valid),
    .head_i       (head),
    .close_page_i,
    .open_i       (open),
    .open_row_i   (open_row),
    .can_act_i    (can_act),
    .can_pre_i    (can_pre),
    .can_rd_i     (can_rd),
    .can_wr_i     (can_wr),
    .can_prea_i   (can_prea),
    .can_refab_i  (can_refab),
    .ref_due_i    (ref_due),
    .row_cmd_o    (row_cand),
    .col_cmd_o    (col_cand),
    .col_slot_o   (col_slot)
  );

  // A column command also needs room in its DQ path's in-flight queue.
  always_comb begin
    col_req_o = col_cand;
    if ((col_cand.cmd == ColRd && !rd_space) || (col_cand.cmd == ColWr && !wr_space)) begin
      col_req_o.cmd = ColNop;
    end
  end
  assign row_req_o = row_cand;

  // What the channel granted is what happens.
  always_comb begin
    row_cmd = row_req_o;
    col_cmd = col_req_o;
    if (!row_gnt_i) row_cmd.cmd = RowNop;
    if (!col_gnt_i) col_cmd.cmd = ColNop;
  end
  assign pop = (col_cmd.cmd != ColNop);

  hbm_bank_state u_banks (
    .clk_i,
    .rst_ni,
    .t_i,
    .geo_i,
    .row_cmd_i   (row_cmd),
    .col_cmd_i   (col_cmd),
    .open_o      (open),
    .open_row_o  (open_row),
    .can_act_o   (can_act),
    .can_pre_o   (can_pre),
    .can_rd_o    (can_rd),
    .can_wr_o    (can_wr),
    .can_refpb_o (can_refpb),
    .can_prea_o  (can_prea),
    .can_refab_o (can_refab)
  );

  hbm_refresh u_refresh (
    .clk_i,
    .rst_ni,
    .t_i,
    .refab_i (row_cmd.cmd == RowRefab),
    .due_o   (ref_due),
    .owed_o  (refresh_owed_o)
  );

  // ---- DQ ------------------------------------------------------------------------------
  hbm_wdata_path u_wdata (
    .clk_i,
    .rst_ni,
    .t_i,
    .wr_i       (col_cmd.cmd == ColWr),
    .wr_slot_i  (col_slot),
    .space_o    (wr_space),
    .wdb_slot_o (wdb_rd_slot),
    .wdb_data_i (wdb_rd_data),
    .wdb_strb_i (wdb_rd_strb),
    .wdb_free_o (wdb_free),
    .dq_o       (wdq_o),
    .dq_strb_o  (wdq_strb_o),
    .dq_valid_o (wdq_valid_o)
  );

  hbm_rdata_path u_rdata (
    .clk_i,
    .rst_ni,
    .rd_i        (col_cmd.cmd == ColRd),
    .rd_slot_i   (col_slot),
    .space_o     (rd_space),
    .dq_i        (rdq_i),
    .dq_valid_i  (rdq_valid_i),
    .fill_o      (rob_fill),
    .fill_slot_o (rob_fill_slot),
    .fill_data_o (rob_fill_data)
  );

  assign queue_count_o = 8'(count);

`ifndef SYNTHESIS
  // Row and column buses never act on the same bank in one cycle.
  a_row_col_distinct: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (row_cmd.cmd inside {RowAct, RowPre, RowRefpb} && col_cmd.cmd != ColNop)
      |-> row_cmd.bank != col_cmd.bank);
`endif
endmodule
