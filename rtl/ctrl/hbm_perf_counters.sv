// Performance counters of one pseudo-channel, counted from the commands that issued, so
// that each can be recomputed from the command log (see hbm_pkg::counter_e).
//
// Every input passes a register first, so the counters run one tCK behind the commands,
// clear and freeze included: the counts at a freeze are the same, and the commands'
// path (queue -> scheduler -> command) no longer goes on through a 64-bit increment
// (it was the whole PC's deepest path: 14 of its 43 LUT levels, issue 14). A read
// lands at least two tCK after the freeze write (APB's setup and access phases).
//
// A counter is read through one read port (rd_idx_i: counter k is hbm_pkg::Cnt*), as
// the CSR reads them, a word at a time.
//
// For an FPGA (issue 14): each counter that counts by one is an 8-bit low part in
// flip-flops and a 56-bit high part in LUT-RAM, which one incrementer shared by all
// updates. A low part that wraps leaves a carry pending; the incrementer takes one pending
// carry a tCK (the lowest counter's), so a carry waits at most a few tens of tCK (ten
// others, and what the lower ones leave meanwhile), long before its low part can wrap
// again (256 counts; a_carry_taken). A read adds a pending carry to the high part. So a
// read gives the count exactly, at any tCK. A clear does not write the LUT-RAM: it marks
// every high part as not written since (high_ok_q), which then reads as zero. 64-bit
// counters in flip-flops were 64 LUTs each on the part (a carry chain's every bit takes
// the LUT of its position), and the CSR's choice of one of 24 words 32 bits wide 650 more.
// The queue sum adds up to 64 a tCK, and stays a 64-bit register.
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
  // The read port: counter rd_idx_i's count while rd_en_i is set, else zero (and zero past
  // the last counter). The CSR sets it only while its bus reads the counters' window: the
  // bus is an input of the model, and a count changes every tCK, so the simulation works
  // the read out only then.
  input  logic                                 rd_en_i,
  input  logic [3:0]                           rd_idx_i,
  output logic [63:0]                          rd_o
);
  localparam int unsigned NumCounters    = hbm_pkg::NumCounters;
  localparam int unsigned NumBanks       = hbm_pkg::NumBanks;
  // The counters by one are 0 .. NumSplit - 1; the queue sum is the last.
  localparam int unsigned NumSplit       = NumCounters - 1;
  localparam int unsigned LowW           = 8;
  localparam int unsigned HighW          = 64 - LowW;

  logic [LowW*NumSplit-1:0]  low_q;      // counter k's low part at [LowW*k +: LowW]
  logic [NumSplit-1:0]       pend_q;     // its low part wrapped, the high part not yet counted
  logic [NumSplit-1:0]       high_ok_q;  // its high part was written since the clear
  logic [HighW-1:0]          high_mem [16];
  logic [63:0]               sum_q;      // the queue sum
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

  // The pending carry the shared incrementer takes this tCK (the lowest), and the high
  // part it writes.
  logic [NumSplit-1:0] svc_1h;
  logic [3:0]          svc_idx;
  logic [HighW-1:0]    svc_high;
  assign svc_1h   = NumSplit'(hbm_pkg::lowest_set(hbm_pkg::SlotSpan'(pend_q)));
  assign svc_idx  = 4'(hbm_pkg::slot_index(hbm_pkg::SlotSpan'(svc_1h)));
  assign svc_high = (high_ok_q[svc_idx] ? high_mem[svc_idx] : '0) + 1'b1;

  // The counters take the reset synchronously, as the clear: an FPGA flip-flop has an
  // asynchronous clear or a synchronous reset, not both, so a count with an asynchronous
  // reset and a synchronous clear took a LUT a bit for the clear (hbm_perf_counters 1 094
  // LUT against 263 in stop 67's count, issue 14). Reset holds the clock for several tCK (hbm_cfg_load), so
  // the counts are zero when it ends, as before. (Verilator's lint warns of a reset used
  // both ways; here it is meant.)
  /* verilator lint_off SYNCASYNCNET */
  always_ff @(posedge clk_i) begin
    if (!rst_ni || clear_q) begin
      low_q     <= '0;
      pend_q    <= '0;
      high_ok_q <= '0;
      sum_q     <= '0;
    end else begin
      // A count on (bit by bit: hbm_pkg::plus1); a wrap sets its pending carry, the one
      // taken clears (never both for one counter: a_carry_taken).
      for (int k = 0; k < NumSplit; k++) begin
        if (inc[k]) low_q[LowW*k +: LowW] <= hbm_pkg::plus1(low_q[LowW*k +: LowW]);
        if (inc[k] && low_q[LowW*k +: LowW] == '1) pend_q[k] <= 1'b1;
        else if (svc_1h[k])                          pend_q[k] <= 1'b0;
      end
      high_ok_q <= high_ok_q | svc_1h;
      if (count_on) sum_q <= sum_q + 64'(queued_q);
    end
  end
  /* verilator lint_on SYNCASYNCNET */
  // The high parts: LUT-RAM, no reset (high_ok_q says which hold a count).
  always_ff @(posedge clk_i) begin
    if (pend_q != '0) high_mem[svc_idx] <= svc_high;
  end

  // The read port.
  always_comb begin
    rd_o = '0;
    if (rd_en_i) begin
      if (32'(rd_idx_i) == hbm_pkg::CntQueueSum) begin
        rd_o = sum_q;
      end else if (32'(rd_idx_i) < NumSplit) begin
        rd_o[HighW+LowW-1:LowW] = (high_ok_q[rd_idx_i] ? high_mem[rd_idx_i] : '0) +
                                  HighW'(pend_q[rd_idx_i]);
        for (int k = 0; k < NumSplit; k++)
          if (32'(rd_idx_i) == k) rd_o[LowW-1:0] = low_q[LowW*k +: LowW];
      end
    end
  end

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

`ifndef SYNTHESIS
  initial assert (hbm_pkg::CntQueueSum == NumSplit && NumCounters <= 16);
  // A wrap never finds its counter's carry still pending (see above).
  always_ff @(posedge clk_i)
    for (int k = 0; k < NumSplit; k++)
      a_carry_taken: assert (!rst_ni || clear_q || !(inc[k] && low_q[LowW*k +: LowW] == '1 &&
                                                     pend_q[k] && !svc_1h[k]));
`endif
endmodule
