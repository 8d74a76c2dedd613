// The oldest member of a set of queue entries (one-hot; zero if the set is empty): the
// member of lowest rank in arrival order. rank_i holds each entry's rank bit-sliced (bit
// k of entry i's rank at rank_i[k*N + i], hbm_txn_queue's rank_o); the members' ranks
// must be distinct, as the queued entries' are.
//
// Written two ways, checked equal by scripts/synth/equiv.py (yosys reads the SYNTHESIS
// form). For synthesis, from the top two rank bits at a time: the members whose two bits
// are the lowest value any member has stay; a digit is three ORs over N bits in parallel
// and a choice per entry, about 4 LUT levels (a bit at a time it was 4 levels per bit).
// For simulation, a bit at a time (an AND and a test per rank bit, where a digit's
// temporaries cost twice that), and nothing at all for a set of fewer than two members.
// It replaces a search of an N x N age matrix: 4 096 flip-flops and about 3 k LUT per
// search at N = 64, in simulation N row compares.
module hbm_oldest #(
  parameter int unsigned  N     = 64,
  parameter int unsigned  RankW = $clog2(N)   // wider when the members are part of a larger queue
) (
  input  logic [N-1:0]       set_i,
  input  logic [RankW*N-1:0] rank_i,
  output logic [N-1:0]       oldest_o
);
`ifdef SYNTHESIS
  localparam int unsigned Digits = (RankW + 1) / 2;

  logic [N-1:0] hi, lo;
  logic         has0, has1, has2;
  always_comb begin
    oldest_o = set_i;
    hi       = '0;
    lo       = '0;
    has0     = 1'b0;
    has1     = 1'b0;
    has2     = 1'b0;
    for (int d = 0; d < Digits; d++) begin
      if (2 * d + 1 == RankW) begin            // an odd rank width: one bit left
        lo = rank_i[0 +: N];
        if ((oldest_o & ~lo) != '0) oldest_o = oldest_o & ~lo;
      end else begin
        hi   = rank_i[(RankW - 1 - 2 * d) * N +: N];
        lo   = rank_i[(RankW - 2 - 2 * d) * N +: N];
        has0 = (oldest_o & ~hi & ~lo) != '0;
        has1 = (oldest_o & ~hi &  lo) != '0;
        has2 = (oldest_o &  hi & ~lo) != '0;
        oldest_o = oldest_o & (has0 ? (~hi & ~lo) : has1 ? (~hi & lo) : has2 ? (hi & ~lo) : (hi & lo));
      end
    end
  end
`else
  logic [N-1:0] low;
  always_comb begin
    oldest_o = set_i;
    low      = '0;
    if ((set_i & (set_i - 1'b1)) != '0) begin
      for (int k = RankW - 1; k >= 0; k--) begin
        low = oldest_o & ~rank_i[k*N +: N];
        if (low != '0) oldest_o = low;
      end
    end
  end
`endif
endmodule
