// Performance counters of one pseudo-channel, counted from the commands that issued, so
// that each can be recomputed from the command log (see hbm_pkg::counter_e).
//
// Every input passes a register first, so the counters run one tCK behind the commands,
// clear and freeze included: the counts at a freeze are the same, and the commands'
// path (queue -> scheduler -> command) no longer goes on through a 64-bit increment
// (it was the whole PC's deepest path: 14 of its 43 LUT levels, issue 14). A read
// lands at least two tCK after the freeze write (APB's setup and access phases).
//
// The counters leave as one flat vector (yosys 0.23 takes no unpacked-array port):
// counter k (hbm_pkg::Cnt*) is count_o[64*k +: 64].
module hbm_perf_counters #(
  parameter int unsigned QCountW = 7
) (
  input  logic                                 clk_i,
  input  logic                                 rst_ni,
  input  logic                                 clear_i,
  input  logic                                 freeze_i,  // hold every counter (for reading them out)
  // Addresses below the bank do not matter for counting.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::row_cmd_t                    row_cmd_i,
  input  hbm_pkg::col_cmd_t                    col_cmd_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic [QCountW-1:0]                   queued_i,
  output logic [64*hbm_pkg::NumCounters-1:0]   count_o
);
  localparam int unsigned NumCounters    = hbm_pkg::NumCounters;
  localparam int unsigned NumBanks       = hbm_pkg::NumBanks;
  // The queue sum's offset in the flat vector.
  localparam int unsigned OffQueueSum    = 64 * hbm_pkg::CntQueueSum;

  logic [64*NumCounters-1:0] cnt_q;
  logic [NumBanks-1:0]       used_q;      // accessed since its ACT
  logic [NumBanks-1:0]       by_pre_q;    // last closed by an explicit PRE
  logic                      last_wr_q, any_col_q;

  // The input stage: of the commands, only what counting reads. Everything after it reads
  // registers only: clear_i and freeze_i come from the APB bus, that is from the model's
  // inputs, and Verilator evaluates input-driven combinational logic on every evaluation
  // (both halves of the tCK, and for an idle PC too).
  logic                 clear_q, freeze_q, row_on_q, col_on_q, col_wr_q, col_ap_q;
  hbm_pkg::row_cmd_e    row_q;
  hbm_pkg::bank_t       row_bank_q, col_bank_q;
  logic [QCountW-1:0]   queued_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      clear_q    <= 1'b0;
      freeze_q   <= 1'b0;
      row_on_q   <= 1'b0;
      row_q      <= hbm_pkg::RowNop;
      row_bank_q <= '0;
      col_on_q   <= 1'b0;
      col_wr_q   <= 1'b0;
      col_ap_q   <= 1'b0;
      col_bank_q <= '0;
      queued_q   <= '0;
    end else begin
      clear_q  <= clear_i;
      freeze_q <= freeze_i;
      queued_q <= queued_i;
      row_on_q <= row_cmd_i.cmd != hbm_pkg::RowNop;
      col_on_q <= col_cmd_i.cmd != hbm_pkg::ColNop;
      // The rest only with a command (in simulation nothing to copy on an idle bus).
      if (row_cmd_i.cmd != hbm_pkg::RowNop) begin
        row_q      <= row_cmd_i.cmd;
        row_bank_q <= row_cmd_i.bank;
      end
      if (col_cmd_i.cmd != hbm_pkg::ColNop) begin
        col_wr_q   <= col_cmd_i.cmd == hbm_pkg::ColWr;
        col_ap_q   <= col_cmd_i.ap;
        col_bank_q <= col_cmd_i.bank;
      end
    end
  end

  logic count_on;
  assign count_on = !freeze_q && !clear_q;

  // Which counters count up by one this tCK (the queue sum adds queued_q), from the
  // registered commands and the per-bank state below.
  logic [NumCounters-1:0] inc;
  always_comb begin
    inc = '0;
    if (count_on) begin
      inc[hbm_pkg::CntCycles] = 1'b1;
      if (row_on_q) begin
        unique case (row_q)
          hbm_pkg::RowAct: begin
            inc[hbm_pkg::CntActs]        = 1'b1;
            inc[hbm_pkg::CntRowConflict] = by_pre_q[row_bank_q];
          end
          hbm_pkg::RowPre, hbm_pkg::RowPrea: inc[hbm_pkg::CntPres]  = 1'b1;
          hbm_pkg::RowRefab:                 inc[hbm_pkg::CntRefab] = 1'b1;
          hbm_pkg::RowRefpb:                 inc[hbm_pkg::CntRefpb] = 1'b1;
          default: ;
        endcase
      end
      if (col_on_q) begin
        inc[hbm_pkg::CntWrites]      = col_wr_q;
        inc[hbm_pkg::CntReads]       = !col_wr_q;
        inc[hbm_pkg::CntRowHits]     = used_q[col_bank_q];
        inc[hbm_pkg::CntRowMisses]   = !used_q[col_bank_q];
        inc[hbm_pkg::CntTurnarounds] = any_col_q && (last_wr_q != col_wr_q);
      end
    end
  end

  // The counters take the reset synchronously, as the clear: an FPGA flip-flop has an
  // asynchronous clear or a synchronous reset, not both, so a count with an asynchronous
  // reset and a synchronous clear took a LUT a bit for the clear (hbm_perf_counters 1 094
  // LUT against 263, issue 14). Reset holds the clock for several tCK (hbm_cfg_load), so
  // the counts are zero when it ends, as before. (Verilator's lint warns of a reset used
  // both ways; here it is meant.)
  /* verilator lint_off SYNCASYNCNET */
  always_ff @(posedge clk_i) begin
    if (!rst_ni || clear_q) begin
      cnt_q <= '0;
    end else begin
      for (int k = 0; k < NumCounters; k++) begin
        if (inc[k]) cnt_q[64*k +: 64] <= cnt_q[64*k +: 64] + 64'd1;
      end
      if (count_on) cnt_q[OffQueueSum +: 64] <= cnt_q[OffQueueSum +: 64] + 64'(queued_q);
    end
  end
  /* verilator lint_on SYNCASYNCNET */

  // The per-bank state that decides what a command counts. Where both buses name a bank,
  // the column command's update stays (it is the later assignment).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      used_q    <= '0;
      by_pre_q  <= '0;
      last_wr_q <= 1'b0;
      any_col_q <= 1'b0;
    end else begin
      if (row_on_q) begin
        unique case (row_q)
          hbm_pkg::RowAct: begin
            used_q[row_bank_q]   <= 1'b0;
            by_pre_q[row_bank_q] <= 1'b0;
          end
          hbm_pkg::RowPre:                     by_pre_q[row_bank_q] <= 1'b1;
          hbm_pkg::RowPrea, hbm_pkg::RowRefab: by_pre_q <= '0;
          hbm_pkg::RowRefpb:                   by_pre_q[row_bank_q] <= 1'b0;
          default: ;
        endcase
      end
      if (col_on_q) begin
        used_q[col_bank_q] <= 1'b1;
        if (col_ap_q) by_pre_q[col_bank_q] <= 1'b0;
        last_wr_q <= col_wr_q;
        any_col_q <= 1'b1;
      end
    end
  end

  assign count_o = cnt_q;
endmodule
