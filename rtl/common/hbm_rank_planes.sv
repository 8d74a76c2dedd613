// Next ranks in arrival order of a set of queue slots, kept bit-sliced: plane k
// (rank_i[k*N +: N]) holds bit k of every slot's rank, so each step is an N-bit operation
// per plane (in simulation a few word operations; per slot it is a compare with the
// leaving rank and a decrement).
//
// When an entry of rank pop_rank_i leaves (pop_i), the slots of stay_i that rank above it
// go down by one, the borrow rippling up the planes; the slots of load_i take load_rank_i.
// With neither nothing moves (in simulation nothing is computed). The ranks of the slots
// that stay must be distinct, as queued entries' are.
module hbm_rank_planes #(
  parameter int unsigned N     = 64,
  parameter int unsigned RankW = $clog2(N)
) (
  input  logic [RankW*N-1:0] rank_i,
  input  logic               pop_i,
  input  logic [RankW-1:0]   pop_rank_i,
  input  logic [N-1:0]       stay_i,
  input  logic [N-1:0]       load_i,
  input  logic [RankW-1:0]   load_rank_i,
  output logic [RankW*N-1:0] rank_o
);
  logic [N-1:0] above, same, younger, borrow;
  always_comb begin
    above   = '0;
    same    = '1;
    younger = '0;
    if (pop_i) begin
      for (int k = RankW - 1; k >= 0; k--) begin
        above = above | (same & rank_i[k*N +: N] & {N{!pop_rank_i[k]}});
        same  = same & ~(rank_i[k*N +: N] ^ {N{pop_rank_i[k]}});
      end
      younger = stay_i & above;
    end
    borrow = younger;
    rank_o = rank_i;
    if (pop_i || load_i != '0) begin
      for (int k = 0; k < RankW; k++) begin
        rank_o[k*N +: N] = ((rank_i[k*N +: N] ^ borrow) & ~load_i) | (load_i & {N{load_rank_i[k]}});
        borrow           = borrow & ~rank_i[k*N +: N];
      end
    end
  end
endmodule
