// Spill register: a two-entry skid buffer that registers both valid/data and ready, so
// no combinational path crosses it in either direction, at full throughput.
//
// The data is a vector of Width bits (yosys 0.23 reads no `parameter type`); for
// simulation only, until every user passes Width, a type T still may be (see hbm_fifo).
module hbm_spill #(
  parameter int unsigned Width = 1
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
`ifdef SYNTHESIS
  // For an FPGA the same two entries as a two-word LUT-RAM: the output is the word at
  // head_q, so no flip-flop and no output choice is spent per bit (hbm_spill Width=265:
  // 269 LUT and 532 FF as a_q/b_q; 7 LUT, 3 FF and 152 LUT-RAM LUTs so). It keeps the
  // other form's every output, the data while empty too (equiv.py compares them all):
  // that form's output stage takes the input at each pop of its last word, offered or
  // not, and holds it while empty; so here a pop always moves the head, and the word
  // after a last one is written then. (hbm_fifo at Depth 2 holds the same words, but
  // shows an older one while empty, and its count and pointers are one more register.)
  logic [1:0]               count_q;     // words held: a_full_q + b_full_q
  logic                     head_q;      // the word at the output
  logic [$bits(data_i)-1:0] mem_q [2];
  logic                     push, pop, we;

  assign valid_o = count_q != 2'd0;
  assign ready_o = count_q != 2'd2;
  assign data_o  = mem_q[head_q];
  assign push    = valid_i && ready_o;
  assign pop     = valid_o && ready_i;
  assign we      = push || (pop && count_q == 2'd1);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= 2'd0;
      head_q  <= 1'b0;
    end else begin
      count_q <= count_q + 2'(push) - 2'(pop);
      if (pop) head_q <= !head_q;
    end
  end
  always_ff @(posedge clk_i) begin
    if (we) mem_q[head_q ^ (count_q == 2'd1)] <= data_i;
  end
`else
  logic [$bits(data_i)-1:0] a_q, b_q;   // a: the output stage; b: the skid entry
  logic                     a_full_q, b_full_q;

  assign valid_o = a_full_q;
  assign data_o  = a_q;
  assign ready_o = !b_full_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_full_q <= 1'b0;
      b_full_q <= 1'b0;
    end else begin
      if (a_full_q && ready_i) begin
        // Output taken: refill from the skid entry, else from the input.
        a_full_q <= b_full_q || (valid_i && ready_o);
        b_full_q <= 1'b0;
      end else if (!a_full_q) begin
        a_full_q <= valid_i && ready_o;
      end else if (valid_i && ready_o) begin
        b_full_q <= 1'b1;   // output stalled: the input lands in the skid entry
      end
    end
  end

  // An empty stage loads only what is offered: loading the input every tCK made each idle
  // spill register copy its whole channel (the tile has 320 of them) for nothing.
  always_ff @(posedge clk_i) begin
    if (a_full_q && ready_i) a_q <= b_full_q ? b_q : data_i;
    else if (!a_full_q && valid_i) a_q <= data_i;
    if (a_full_q && !ready_i && valid_i && ready_o) b_q <= data_i;
  end
`endif

`ifndef SYNTHESIS
  // A held output stays.
  hbm_hold_check #(.Width($bits(data_i))) u_hold (
    .clk_i, .rst_ni, .valid_i (valid_o), .ready_i, .data_i (data_o)
  );
`endif
endmodule
