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
  // Offsets of the counters in the flat vector.
  localparam int unsigned OffCycles      = 64 * hbm_pkg::CntCycles;
  localparam int unsigned OffReads       = 64 * hbm_pkg::CntReads;
  localparam int unsigned OffWrites      = 64 * hbm_pkg::CntWrites;
  localparam int unsigned OffRowHits     = 64 * hbm_pkg::CntRowHits;
  localparam int unsigned OffRowMisses   = 64 * hbm_pkg::CntRowMisses;
  localparam int unsigned OffRowConflict = 64 * hbm_pkg::CntRowConflict;
  localparam int unsigned OffActs        = 64 * hbm_pkg::CntActs;
  localparam int unsigned OffPres        = 64 * hbm_pkg::CntPres;
  localparam int unsigned OffRefab       = 64 * hbm_pkg::CntRefab;
  localparam int unsigned OffRefpb       = 64 * hbm_pkg::CntRefpb;
  localparam int unsigned OffTurnarounds = 64 * hbm_pkg::CntTurnarounds;
  localparam int unsigned OffQueueSum    = 64 * hbm_pkg::CntQueueSum;

  logic [64*NumCounters-1:0] cnt_q;
  logic [NumBanks-1:0]       used_q;      // accessed since its ACT
  logic [NumBanks-1:0]       by_pre_q;    // last closed by an explicit PRE
  logic                      last_wr_q, any_col_q;

  // The next values are computed in the register process, not in an always_comb: clear_i
  // and freeze_i come from the APB bus, that is from the model's inputs, and Verilator
  // evaluates input-driven combinational logic on every evaluation (both halves of the
  // tCK, and for an idle PC too); in the register process it runs once a tCK, on this
  // PC's clock. Where both buses name a bank, the column command's update stays (it is the
  // later assignment).
  // The input stage: of the commands, only what counting reads.
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
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q     <= '0;
      used_q    <= '0;
      by_pre_q  <= '0;
      last_wr_q <= 1'b0;
      any_col_q <= 1'b0;
    end else begin
      if (clear_q) cnt_q <= '0;
      if (count_on) begin
        cnt_q[OffCycles +: 64]   <= cnt_q[OffCycles +: 64] + 64'd1;
        cnt_q[OffQueueSum +: 64] <= cnt_q[OffQueueSum +: 64] + 64'(queued_q);
      end
      if (row_on_q) begin
        unique case (row_q)
          hbm_pkg::RowAct: begin
            if (count_on) begin
              cnt_q[OffActs +: 64] <= cnt_q[OffActs +: 64] + 64'd1;
              if (by_pre_q[row_bank_q]) begin
                cnt_q[OffRowConflict +: 64] <= cnt_q[OffRowConflict +: 64] + 64'd1;
              end
            end
            used_q[row_bank_q]   <= 1'b0;
            by_pre_q[row_bank_q] <= 1'b0;
          end
          hbm_pkg::RowPre: begin
            if (count_on) cnt_q[OffPres +: 64] <= cnt_q[OffPres +: 64] + 64'd1;
            by_pre_q[row_bank_q] <= 1'b1;
          end
          hbm_pkg::RowPrea: begin
            if (count_on) cnt_q[OffPres +: 64] <= cnt_q[OffPres +: 64] + 64'd1;
            by_pre_q <= '0;
          end
          hbm_pkg::RowRefab: begin
            if (count_on) cnt_q[OffRefab +: 64] <= cnt_q[OffRefab +: 64] + 64'd1;
            by_pre_q <= '0;
          end
          hbm_pkg::RowRefpb: begin
            if (count_on) cnt_q[OffRefpb +: 64] <= cnt_q[OffRefpb +: 64] + 64'd1;
            by_pre_q[row_bank_q] <= 1'b0;
          end
          default: ;
        endcase
      end

      if (col_on_q) begin
        if (count_on) begin
          if (col_wr_q) begin
            cnt_q[OffWrites +: 64] <= cnt_q[OffWrites +: 64] + 64'd1;
          end else begin
            cnt_q[OffReads +: 64] <= cnt_q[OffReads +: 64] + 64'd1;
          end
          if (used_q[col_bank_q]) cnt_q[OffRowHits +: 64] <= cnt_q[OffRowHits +: 64] + 64'd1;
          else                    cnt_q[OffRowMisses +: 64] <= cnt_q[OffRowMisses +: 64] + 64'd1;
          if (any_col_q && (last_wr_q != col_wr_q)) begin
            cnt_q[OffTurnarounds +: 64] <= cnt_q[OffTurnarounds +: 64] + 64'd1;
          end
        end
        used_q[col_bank_q] <= 1'b1;
        if (col_ap_q) by_pre_q[col_bank_q] <= 1'b0;
        last_wr_q <= col_wr_q;
        any_col_q <= 1'b1;
      end
    end
  end

  assign count_o = cnt_q;
endmodule
