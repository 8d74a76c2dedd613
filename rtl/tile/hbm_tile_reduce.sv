// The accumulation window: one slot per output row in flight (up to RowWin rows), each
// with MaxN int32 sums. A weight row's bursts may land on several ports in any order; a
// round-robin arbiter adds one lane record per tCK into its row's slot. A row is done
// when its last burst was issued and every burst's record was added; rows leave in
// order from the head to the write-back.
module hbm_tile_reduce #(
  parameter int unsigned NumPorts = 64,
  localparam int unsigned PortW   = $clog2(NumPorts)
) (
  input  logic                                    clk_i,
  input  logic                                    rst_ni,
  input  logic                                    row_open_i,    // a row takes the tail slot
  input  logic                                    row_burst_i,   // a burst of the newest row
  input  logic                                    row_close_i,   // ... and the row's last
  output logic [hbm_tile_pkg::SlotW-1:0]          tail_slot_o,
  output logic                                    full_o,
  output logic [10:0]                             rows_o,
  // Lane records, port p's at [p*PartW +: PartW].
  input  logic [NumPorts-1:0]                     part_valid_i,
  input  logic [NumPorts*hbm_tile_pkg::PartW-1:0] part_i,
  output logic [NumPorts-1:0]                     part_ready_o,
  output logic                                    head_done_o,
  output hbm_tile_pkg::acc_vec_t                  head_sum_o,
  input  logic                                    retire_i
);
  localparam int unsigned SlotW  = hbm_tile_pkg::SlotW;
  localparam int unsigned PartW  = hbm_tile_pkg::PartW;
  localparam int unsigned RowWin = hbm_tile_pkg::RowWin;

  logic [SlotW:0]   head_q, tail_q;
  // Not traced (1024 rows); the head's sums and done flag are, as head_*_o.
  /* verilator tracing_off */
  hbm_tile_pkg::acc_vec_t sum_q    [RowWin];
  logic [9:0]             issued_q [RowWin];
  logic [9:0]             got_q    [RowWin];
  /* verilator tracing_on */
  logic [RowWin-1:0] closed_q;
  logic [SlotW-1:0] head, newest;

  assign head        = head_q[SlotW-1:0];
  assign newest      = tail_q[SlotW-1:0] - SlotW'(1);
  assign tail_slot_o = tail_q[SlotW-1:0];
  assign rows_o      = 11'(tail_q - head_q);
  assign full_o      = (tail_q - head_q) == (SlotW + 1)'(RowWin);
  assign head_done_o = (head_q != tail_q) && closed_q[head] && got_q[head] == issued_q[head];
  assign head_sum_o  = sum_q[head];

  // Round robin: the first valid record at or after the pointer.
  logic [PortW-1:0] ptr_q, pick;
  logic             any;
  always_comb begin
    any  = 1'b0;
    pick = ptr_q;
    for (int i = 0; i < NumPorts; i++) begin
      if (!any && part_valid_i[PortW'(32'(ptr_q) + i)]) begin
        any  = 1'b1;
        pick = PortW'(32'(ptr_q) + i);
      end
    end
    for (int p = 0; p < NumPorts; p++) part_ready_o[p] = any && (pick == PortW'(p));
  end

  hbm_tile_pkg::part_t    rec;
  hbm_tile_pkg::acc_vec_t rec_total;   // the record added to its slot's sums
  assign rec = part_i[pick*PartW +: PartW];
  always_comb begin
    rec_total = sum_q[rec.slot];
    for (int n = 0; n < hbm_tile_pkg::MaxN; n++) begin
      rec_total[32*n +: 32] = rec_total[32*n +: 32] + rec.sum[32*n +: 32];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      head_q   <= '0;
      tail_q   <= '0;
      ptr_q    <= '0;
      closed_q <= '0;
    end else begin
      if (row_open_i)  tail_q <= tail_q + (SlotW + 1)'(1);
      if (retire_i)    head_q <= head_q + (SlotW + 1)'(1);
      if (any)         ptr_q  <= pick + PortW'(1);
      if (row_open_i)  closed_q[tail_slot_o] <= 1'b0;
      if (row_close_i) closed_q[newest] <= 1'b1;
    end
  end

  // A slot is cleared when it opens; records arrive only for open slots.
  always_ff @(posedge clk_i) begin
    if (row_open_i) begin
      sum_q[tail_slot_o]    <= '0;
      issued_q[tail_slot_o] <= '0;
      got_q[tail_slot_o]    <= '0;
    end
    if (row_burst_i) issued_q[newest] <= issued_q[newest] + 10'd1;
    if (any) begin
      sum_q[rec.slot] <= rec_total;
      got_q[rec.slot] <= got_q[rec.slot] + 10'd1;
    end
  end

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) a_open_not_full: assert (!rst_ni || !row_open_i || !full_o);
  always_ff @(posedge clk_i) a_retire_done: assert (!rst_ni || !retire_i || head_done_o);
  // A burst belongs to the newest row before this tCK's open (a row's last burst and the
  // next row's opening may share a tCK).
  always_ff @(posedge clk_i)
    a_burst_has_row: assert (!rst_ni || !row_burst_i || (head_q != tail_q));
`endif
endmodule
