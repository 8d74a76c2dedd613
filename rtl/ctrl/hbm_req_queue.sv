// Transaction queue: column requests in arrival order, all visible to the scheduler.
//
// Entries leave in order from the head (the scheduler serves column commands FCFS);
// the scheduler may still prepare banks for younger entries (see hbm_scheduler).
module hbm_req_queue
  import hbm_pkg::*;
#(
  parameter int unsigned Depth = 16
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  req_t                     req_i,
  input  logic                     push_i,
  output logic                     space_o,
  input  logic                     pop_i,
  output req_t                     entries_o [Depth],
  output logic [Depth-1:0]         valid_o,
  output logic [$clog2(Depth)-1:0] head_o,
  output logic [$clog2(Depth):0]   count_o
);
  localparam int unsigned PtrW = $clog2(Depth);

  req_t             entries_q [Depth];
  logic [Depth-1:0] valid_q, valid_d;
  logic [PtrW-1:0]  head_q, tail_q;
  logic [PtrW:0]    count_q;

  assign space_o   = (count_q != (PtrW + 1)'(Depth));
  assign entries_o = entries_q;
  assign valid_o   = valid_q;
  assign head_o    = head_q;
  assign count_o   = count_q;

  always_comb begin
    valid_d = valid_q;
    if (pop_i)  valid_d[head_q] = 1'b0;
    if (push_i) valid_d[tail_q] = 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      head_q  <= '0;
      tail_q  <= '0;
      count_q <= '0;
      valid_q <= '0;
    end else begin
      if (push_i) tail_q <= tail_q + 1'b1;
      if (pop_i)  head_q <= head_q + 1'b1;
      count_q <= count_q + (PtrW + 1)'(push_i) - (PtrW + 1)'(pop_i);
      valid_q <= valid_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (push_i) entries_q[tail_q] <= req_i;
  end

`ifndef SYNTHESIS
  initial assert (Depth == (1 << PtrW));
  a_no_overflow: assert property (@(posedge clk_i) disable iff (!rst_ni) push_i |-> space_o);
  a_pop_valid: assert property (@(posedge clk_i) disable iff (!rst_ni) pop_i |-> valid_q[head_q]);
`endif
endmodule
