// N stored keys compared with one: match_o[i] is keys_i[i*W +: W] == key_i.
//
// The queue's and the write staging's line checks (is a request to this {bank, row, col}
// queued?) are 96 such compares of 28 bits in a PC. Written as `==`, yosys 0.23's ABC
// mapped each to 27-31 LUTs, with LUT2 XORs and MUXF7/F8 "wide LUTs" (hbm_wr_stage: 1 001
// LUT, 990 of them its 32 compares). Here, for synthesis, each compare is cut into pieces
// of three bit pairs, each piece's equality a wire of its own (`keep`): a LUT6 each, then
// an AND of the pieces, 13 LUTs for 28 bits (hbm_wr_stage 578 LUT, the FR-FCFS PC 1.6 k
// smaller; issue 14, docs/synthesis.md). It pays for wide compares only: 5-bit ones and
// AND-ORs came out larger so. The simulation compares whole keys, as `==` is cheapest
// there.
module hbm_key_match #(
  parameter int unsigned N = 32,
  parameter int unsigned W = 28
) (
  input  logic [N*W-1:0] keys_i,
  input  logic [W-1:0]   key_i,
  output logic [N-1:0]   match_o
);
`ifdef SYNTHESIS
  localparam int unsigned Pieces = (W + 2) / 3;
  localparam int unsigned PadW   = Pieces * 3;
  logic [PadW-1:0] key_pad;
  assign key_pad = PadW'(key_i);
  // Piece c of key i equal: bit i*Pieces + c.
  (* keep *) logic [N*Pieces-1:0] piece_eq;
  always_comb begin
    for (int i = 0; i < N; i++) begin
      for (int c = 0; c < Pieces; c++) begin
        piece_eq[i*Pieces + c] = 3'(PadW'(keys_i[i*W +: W]) >> (3 * c)) == key_pad[3*c +: 3];
      end
    end
  end
  always_comb begin
    for (int i = 0; i < N; i++) match_o[i] = &piece_eq[i*Pieces +: Pieces];
  end
`else
  always_comb begin
    for (int i = 0; i < N; i++) match_o[i] = keys_i[i*W +: W] == key_i;
  end
`endif
endmodule
