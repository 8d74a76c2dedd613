// The accumulation window: one slot per output row in flight (up to RowWin rows), each
// with MaxN int32 sums. A weight row's bursts may land on several ports in any order; a
// round-robin arbiter adds one lane record per tCK into its row's slot. A row is done
// when its last burst was issued and every burst's record was added; rows leave in
// order from the head to the write-back.
module hbm_tile_reduce
  import hbm_tile_pkg::*;
#(
  parameter int unsigned NumPorts = 64,
  localparam int unsigned PortW   = $clog2(NumPorts)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             row_open_i,    // a row takes the tail slot
  input  logic             row_burst_i,   // a burst of the newest row was issued
  input  logic             row_close_i,   // ... and it was the row's last
  output logic [SlotW-1:0] tail_slot_o,
  output logic             full_o,
  output logic [10:0]      rows_o,
  input  logic             part_valid_i [NumPorts],
  input  part_t            part_i       [NumPorts],
  output logic             part_ready_o [NumPorts],
  output logic             head_done_o,
  output acc_vec_t         head_sum_o,
  input  logic             retire_i
);
  logic [SlotW:0]   head_q, tail_q;
  // Not traced (1024 rows); the head's sums and done flag are, as head_*_o.
  /* verilator tracing_off */
  acc_vec_t         sum_q    [RowWin];
  logic [9:0]       issued_q [RowWin];
  logic [9:0]       got_q    [RowWin];
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

  part_t rec;
  assign rec = part_i[pick];

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
      for (int n = 0; n < MaxN; n++) sum_q[rec.slot][n] <= sum_q[rec.slot][n] + rec.sum[n];
      got_q[rec.slot] <= got_q[rec.slot] + 10'd1;
    end
  end

`ifndef SYNTHESIS
  a_open_not_full: assert property (@(posedge clk_i) disable iff (!rst_ni)
    row_open_i |-> !full_o);
  a_retire_done: assert property (@(posedge clk_i) disable iff (!rst_ni)
    retire_i |-> head_done_o);
  // A burst belongs to the newest row before this tCK's open (a row's last burst and the
  // next row's opening may share a tCK).
  a_burst_has_row: assert property (@(posedge clk_i) disable iff (!rst_ni)
    row_burst_i |-> head_q != tail_q);
`endif
endmodule
