// Synchronous FIFO with registered storage and first-word fall-through output.
//
// An entry is a vector of Width bits (yosys 0.23 reads no `parameter type`): a user passes
// its package's width of the struct it queues. For simulation only, and only until every
// user passes Width, a user may still pass a type T instead (the controller's FIFOs); the
// data ports then have that type.
//
// Slack: entries ready_o keeps back, for a writer that sees ready_o late and may push that
// many more after it fell (the pipelined pick: a column command already in its register
// when its DQ path fills). A push is taken while any entry is free, ready_o or not; with
// Slack 0 that is ready_o.
module hbm_fifo #(
  parameter int unsigned Width = 1,
  parameter int unsigned Depth = 4,
  parameter int unsigned Slack = 0
`ifndef SYNTHESIS
  , parameter type T = logic [Width-1:0]
`endif
) (
  input  logic clk_i,
  input  logic rst_ni,
`ifdef SYNTHESIS
  input  logic [Width-1:0] data_i,
  output logic [Width-1:0] data_o,
`else
  input  T     data_i,
  output T     data_o,
`endif
  input  logic valid_i,
  output logic ready_o,
  output logic valid_o,
  input  logic ready_i
);
  localparam int unsigned PtrW = (Depth > 1) ? $clog2(Depth) : 1;

  logic [$bits(data_i)-1:0] mem_q [Depth];
  logic [PtrW-1:0]  wr_ptr_q, rd_ptr_q;
  logic [PtrW:0]    count_q;

  logic push, pop, room;
  assign room    = (count_q != (PtrW + 1)'(Depth));
  assign ready_o = (count_q < (PtrW + 1)'(Depth - Slack));
  assign valid_o = (count_q != '0);
  assign data_o  = mem_q[rd_ptr_q];
  assign push    = valid_i & room;
  assign pop     = valid_o & ready_i;

  function automatic logic [PtrW-1:0] next_ptr(logic [PtrW-1:0] ptr);
    next_ptr = (ptr == PtrW'(Depth - 1)) ? '0 : ptr + 1'b1;
  endfunction

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_ptr_q <= '0;
      rd_ptr_q <= '0;
      count_q  <= '0;
    end else begin
      if (push) wr_ptr_q <= next_ptr(wr_ptr_q);
      if (pop)  rd_ptr_q <= next_ptr(rd_ptr_q);
      count_q <= count_q + (PtrW + 1)'(push) - (PtrW + 1)'(pop);
    end
  end

  // Storage has no reset: a slot is read only after it was written.
  always_ff @(posedge clk_i) begin
    if (push) mem_q[wr_ptr_q] <= data_i;
  end

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) a_count_in_range: assert (!rst_ni || (count_q <= (PtrW + 1)'(Depth)));
  // With slack the writer pushes without ready_o: a push into a full FIFO would be lost.
  if (Slack > 0) begin : g_slack
    always_ff @(posedge clk_i) a_push_kept: assert (!rst_ni || !valid_i || room);
  end
`endif
endmodule
