// Performance counters of one pseudo-channel, counted from the commands that issued, so
// that each can be recomputed from the command log (see hbm_pkg::counter_e).
module hbm_perf_counters
  import hbm_pkg::*;
#(
  parameter int unsigned QCountW = 7
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               clear_i,
  input  logic               freeze_i,     // hold every counter (for reading them out)
  // Addresses below the bank do not matter for counting.
  /* verilator lint_off UNUSEDSIGNAL */
  input  row_cmd_t           row_cmd_i,
  input  col_cmd_t           col_cmd_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic [QCountW-1:0] queued_i,
  output counter_t           count_o [NumCounters]
);
  counter_t            cnt_q [NumCounters], cnt_d [NumCounters];
  logic [NumBanks-1:0] used_q, used_d;      // accessed since its ACT
  logic [NumBanks-1:0] by_pre_q, by_pre_d;  // last closed by an explicit PRE
  logic                last_wr_q, last_wr_d, any_col_q, any_col_d;

  always_comb begin
    for (int k = 0; k < NumCounters; k++) cnt_d[k] = cnt_q[k];
    used_d    = used_q;
    by_pre_d  = by_pre_q;
    last_wr_d = last_wr_q;
    any_col_d = any_col_q;

    cnt_d[CntCycles]   = cnt_q[CntCycles] + 1'b1;
    cnt_d[CntQueueSum] = cnt_q[CntQueueSum] + counter_t'(queued_i);

    unique case (row_cmd_i.cmd)
      RowAct: begin
        cnt_d[CntActs] = cnt_q[CntActs] + 1'b1;
        if (by_pre_q[row_cmd_i.bank]) cnt_d[CntRowConflict] = cnt_q[CntRowConflict] + 1'b1;
        used_d[row_cmd_i.bank]   = 1'b0;
        by_pre_d[row_cmd_i.bank] = 1'b0;
      end
      RowPre: begin
        cnt_d[CntPres] = cnt_q[CntPres] + 1'b1;
        by_pre_d[row_cmd_i.bank] = 1'b1;
      end
      RowPrea: begin
        cnt_d[CntPres] = cnt_q[CntPres] + 1'b1;
        by_pre_d = '0;
      end
      RowRefab: begin
        cnt_d[CntRefab] = cnt_q[CntRefab] + 1'b1;
        by_pre_d = '0;
      end
      RowRefpb: begin
        cnt_d[CntRefpb] = cnt_q[CntRefpb] + 1'b1;
        by_pre_d[row_cmd_i.bank] = 1'b0;
      end
      default: ;
    endcase

    if (col_cmd_i.cmd != ColNop) begin
      if (col_cmd_i.cmd == ColWr) cnt_d[CntWrites] = cnt_q[CntWrites] + 1'b1;
      else                        cnt_d[CntReads] = cnt_q[CntReads] + 1'b1;
      if (used_q[col_cmd_i.bank]) cnt_d[CntRowHits] = cnt_q[CntRowHits] + 1'b1;
      else                        cnt_d[CntRowMisses] = cnt_q[CntRowMisses] + 1'b1;
      if (any_col_q && (last_wr_q != (col_cmd_i.cmd == ColWr))) begin
        cnt_d[CntTurnarounds] = cnt_q[CntTurnarounds] + 1'b1;
      end
      used_d[col_cmd_i.bank] = 1'b1;
      if (col_cmd_i.ap) by_pre_d[col_cmd_i.bank] = 1'b0;
      last_wr_d = (col_cmd_i.cmd == ColWr);
      any_col_d = 1'b1;
    end

    if (freeze_i) begin
      for (int k = 0; k < NumCounters; k++) cnt_d[k] = cnt_q[k];
    end
    if (clear_i) begin
      for (int k = 0; k < NumCounters; k++) cnt_d[k] = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int k = 0; k < NumCounters; k++) cnt_q[k] <= '0;
      used_q    <= '0;
      by_pre_q  <= '0;
      last_wr_q <= 1'b0;
      any_col_q <= 1'b0;
    end else begin
      cnt_q     <= cnt_d;
      used_q    <= used_d;
      by_pre_q  <= by_pre_d;
      last_wr_q <= last_wr_d;
      any_col_q <= any_col_d;
    end
  end

  assign count_o = cnt_q;
endmodule
