// Synchronous FIFO with registered storage and first-word fall-through output.
//
// An entry is a vector of Width bits (yosys 0.23 reads no `parameter type`): a user passes
// its package's width of the struct it queues. For simulation only, and only until every
// user passes Width, a user may still pass a type T instead (the controller's FIFOs); the
// data ports then have that type.
module hbm_fifo #(
  parameter int unsigned Width = 1,
  parameter int unsigned Depth = 4
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

  logic push, pop;
  assign ready_o = (count_q != (PtrW + 1)'(Depth));
  assign valid_o = (count_q != '0);
  assign data_o  = mem_q[rd_ptr_q];
  assign push    = valid_i & ready_o;
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
`endif
endmodule
