// The oldest queued entry's arrival and bank, and whether it has waited past the
// starvation cap, as registers for a queue whose entries are ranked in arrival order
// (hbm_txn_queue, hbm_bank_lists): the scheduler's starvation check then starts from one
// flip-flop (issue 14: the subtract and compare began the whole PC's deepest path).
//
// The arrival and bank change when the oldest leaves (to those of the entry of rank 1, if
// any) or when a request arrives while no other stays. Each entry's arrival and bank are
// kept here, written when the entry arrives (load_i at load_idx_i) and read at one entry
// only, the rank-1 one: a memory (LUT-RAM for synthesis; issue 14: as flip-flops in the
// queue, 1 024 of them for the arrivals, read through a 64-way AND-OR per bit).
// overdue_o is loaded with next cycle's "the oldest has waited past the cap" (its time is
// now_i + 1). In simulation from the next oldest's arrival. For synthesis from both
// candidates, the oldest staying and the rank-1 entry taking over, chosen last by whether
// the oldest leaves (the pop comes from the scheduler's pick: the compare stays off that
// path). An arrival that no older
// entry stays beside is never overdue a tCK later (waited 1, a cap is at least 1).
// equiv.py checks the two forms equal.
module hbm_oldest_age #(
  parameter int unsigned N     = 64,
  parameter int unsigned RankW = $clog2(N)
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic [N-1:0]                valid_i,        // the entries queued now
  input  logic [RankW*N-1:0]          rank_i,         // their ranks, bit-sliced (hbm_rank_planes)
  input  logic                        load_i,         // an arrival takes entry load_idx_i
  input  logic [$clog2(N)-1:0]        load_idx_i,
  input  logic                        oldest_leaves_i,
  input  logic                        older_stays_i,  // an entry queued now stays after this edge
  input  logic                        push_i,
  input  logic [hbm_pkg::BankW-1:0]   push_bank_i,
  input  logic [15:0]                 now_i,
  input  logic [15:0]                 starve_next_i,  // the cap after this edge (0: none)
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [15:0]                 starve_i,       // the cap now (assertion only)
  /* verilator lint_on UNUSEDSIGNAL */
  output logic [15:0]                 oldest_arr_o,
  output logic [hbm_pkg::BankW-1:0]   oldest_bank_o,
  output logic                        overdue_o
);
  localparam int unsigned BankW = hbm_pkg::BankW;
  localparam int unsigned IdxW  = $clog2(N);

  // Each entry's {arrival, bank}: no reset, read only at a queued entry (its arrival wrote it).
  logic [16+BankW-1:0] fields_m [N];
  always_ff @(posedge clk_i) begin
    if (load_i) fields_m[load_idx_i] <= {now_i, push_bank_i};
  end

  logic [N-1:0]     rank_upper, rank1;   // rank 1 (one-hot)
  logic [15:0]      oldest_arr_q, oldest_arr_d;
  logic [BankW-1:0] oldest_bank_q, oldest_bank_d;
  logic             overdue_q, overdue_d;
  logic [15:0]      now_next;
  assign now_next = now_i + 16'd1;
  // Simulation reads the rank-1 entry only when the oldest leaves (synthesis: every tCK,
  // for over_rank1).
  always_comb begin
    rank_upper = '0;   // a rank bit other than bit 0 set
    rank1      = '0;
`ifndef SYNTHESIS
    if (oldest_leaves_i)
`endif
    begin
      for (int k = 1; k < RankW; k++) rank_upper = rank_upper | rank_i[k*N +: N];
      rank1 = valid_i & rank_i[0 +: N] & ~rank_upper;
    end
  end

  // The rank-1 entry's fields (zero without one), read at its index (hbm_pkg::slot_index);
  // in simulation only when the oldest leaves (`read`, tested inside: Verilator hoists a
  // call out of an `if`).
  function automatic logic [16+BankW-1:0] rank1_fields(logic read, logic [N-1:0] r1);
    logic [IdxW-1:0] idx;
    rank1_fields = '0;
    if (read && r1 != '0) begin
      idx          = IdxW'(hbm_pkg::slot_index(hbm_pkg::SlotSpan'(r1)));
      rank1_fields = fields_m[idx];
    end
  endfunction
  logic [15:0]      rank1_arr;
  logic [BankW-1:0] rank1_bank;
`ifdef SYNTHESIS
  assign {rank1_arr, rank1_bank} = rank1_fields(1'b1, rank1);   // (over_rank1 reads it)
`else
  assign {rank1_arr, rank1_bank} = rank1_fields(oldest_leaves_i, rank1);
`endif

  always_comb begin
    oldest_arr_d  = oldest_arr_q;
    oldest_bank_d = oldest_bank_q;
    if (oldest_leaves_i) begin
      oldest_arr_d  = rank1_arr;
      oldest_bank_d = rank1_bank;
    end
    if (push_i && !older_stays_i) begin
      oldest_arr_d  = now_i;
      oldest_bank_d = push_bank_i;
    end
  end

`ifdef SYNTHESIS
  logic        over_stay, over_rank1;
  assign over_stay  = (now_next - oldest_arr_q) > starve_next_i;
  assign over_rank1 = (now_next - rank1_arr) > starve_next_i;
  assign overdue_d  = starve_next_i != '0 && older_stays_i && (oldest_leaves_i ? over_rank1 : over_stay);
`else
  assign overdue_d  = starve_next_i != '0 && (older_stays_i || push_i) &&
                      (now_next - oldest_arr_d) > starve_next_i;
`endif

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      oldest_arr_q  <= '0;
      oldest_bank_q <= '0;
      overdue_q     <= 1'b0;
    end else begin
      oldest_arr_q  <= oldest_arr_d;
      oldest_bank_q <= oldest_bank_d;
      overdue_q     <= overdue_d;
    end
  end
  assign oldest_arr_o  = oldest_arr_q;
  assign oldest_bank_o = oldest_bank_q;
  assign overdue_o     = overdue_q;

`ifndef SYNTHESIS
  // The register is the cap's rule on this cycle's oldest, time and cap.
  always_ff @(posedge clk_i)
    a_overdue: assert (!rst_ni || overdue_q ==
      (starve_i != '0 && valid_i != '0 && (now_i - oldest_arr_q) > starve_i));
  // The registers hold the oldest's (rank 0's) arrival and bank, when ranks are a queue's
  // (one entry of rank 0): checked every 64th tCK (a wrong register persists while its
  // entry stays the oldest), as the queue checks its ranks.
  logic [N-1:0] rank0;
  logic         fields_ok;
  always_comb begin
    rank0     = '0;
    fields_ok = 1'b1;
    if (now_i[5:0] == '0) begin
      rank0 = valid_i;
      for (int k = 0; k < RankW; k++) rank0 = rank0 & ~rank_i[k*N +: N];
      if ($onehot(rank0)) begin
        fields_ok = fields_m[IdxW'(hbm_pkg::slot_index(hbm_pkg::SlotSpan'(rank0)))] ==
                    {oldest_arr_q, oldest_bank_q};
      end
    end
  end
  always_ff @(posedge clk_i) a_oldest_fields: assert (!rst_ni || fields_ok);
  initial a_fits_slot_word: assert (N <= hbm_pkg::SlotSpan);
`endif
endmodule
