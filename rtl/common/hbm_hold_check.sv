// Simulation-only checker of a handshake's hold rule: an output offered and not taken is
// offered again on the next tCK with the same data (AXI's valid/ready rule, the
// scheduler's records, the crossbar's sub-bursts).
//
// It keeps a registered copy, taken only while the output is held, and checks it with an
// immediate assertion, instead of `valid && !ready |=> valid && $stable(data)`: Verilator
// copies every signal a concurrent assertion samples at the start of each evaluation, a
// wide output (a PC's R beat, a tile lane's record) twice per tCK, held or not. The
// copy here is taken only on a held tCK. (Verilator 5.006 also emits C++ that does not
// compile when a concurrent assertion samples an element of an unpacked top-level port,
// as the tile's simulation top has.) Its users instantiate it under `ifndef SYNTHESIS`.
module hbm_hold_check #(
  parameter int unsigned Width = 1
) (
  input logic             clk_i,
  input logic             rst_ni,
  input logic             valid_i,
  input logic             ready_i,
  input logic [Width-1:0] data_i
);
  logic             held_q;
  logic [Width-1:0] data_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) held_q <= 1'b0;
    else         held_q <= valid_i && !ready_i;
  end
  always_ff @(posedge clk_i) if (valid_i && !ready_i) data_q <= data_i;
  always_ff @(posedge clk_i)
    if (held_q) a_held: assert (!rst_ni || (valid_i && data_i == data_q));
endmodule
