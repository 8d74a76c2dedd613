// Decodes a byte address inside one pseudo-channel into bank, row and column.
//
// The map is a table, not a fixed slicing: mapped bit k (column bits first, then the
// flat bank index {sid, bg, ba}, then the row, each LSB first) is address bit
// map_i[k]. Any bit order the host describes (e.g. "RoSiBaCoBg") compiles into it.
// Bank hashing XORs bank-index bit j with address bit xor_i[j] (an index beyond the
// address disables it), spreading row-strided traffic over banks.
//
// The tables come flat (yosys 0.23 takes no unpacked-array port): entry k of map_i is
// map_i[k*MapPickW +: MapPickW], entry j of xor_i is xor_i[j*MapPickW +: MapPickW], each
// a pick as hbm_csr keeps it (hbm_pkg::MapPickW: 0 no bit, p address bit p + 4).
module hbm_addr_map #(
  parameter int unsigned AddrW = hbm_pkg::PcAddrW,
  // A map of the step between two addresses (the front end's: does a burst's next beat
  // stay in this one's bank and row?), whose bank and row are read only with valid_i: the
  // bank waits for valid_i too, and the column and the range check read zero (in
  // simulation, two such maps per PC computing their bank every tCK cost 3.7 % of a 1-PC
  // run's instructions).
  parameter bit          Step  = 1'b0,
  // In simulation only, the bank and the range check wait for valid_i too: for a map whose
  // user reads neither without it (the front end's write map: a beat is staged only when
  // taken, and W ready waits for valid). Synthesis computes them ungated, as the comment
  // on valid_i says; the user's equivalence check covers the difference.
  parameter bit          SimWait = 1'b0
) (
  input  logic [AddrW-1:0]                              addr_i,
  // The address is one to map: without it the row and column read zero, and in
  // simulation their table lookups are skipped (a PC's two maps are idle in most tCK and
  // recomputed the same address every tCK). The bank and the range check do not wait for
  // it: gated too, they made the front end a LUT level deeper (its path through the
  // write map's range check to W ready, 10 levels against 9).
  input  logic                                          valid_i,
  // Of the geometry, the stack ID's width plays no part (its field is the bank's top).
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::geometry_t                            geo_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic [hbm_pkg::MapBits*hbm_pkg::MapPickW-1:0] map_i,
  input  logic [hbm_pkg::BankW*hbm_pkg::MapPickW-1:0]   xor_i,
  output hbm_pkg::bank_t                                bank_o,
  output hbm_pkg::row_t                                 row_o,
  output hbm_pkg::col_t                                 col_o,
  output logic                                          out_of_range_o
);
  localparam int unsigned MapBits = hbm_pkg::MapBits;
  localparam int unsigned PickW   = hbm_pkg::MapPickW;
  localparam int unsigned BankW   = hbm_pkg::BankW;
  localparam int unsigned RowW    = hbm_pkg::RowW;
  localparam int unsigned ColW    = hbm_pkg::ColW;

  // The table's bank field is MapBankW wide; a build with fewer banks (BankW) leaves its
  // top bits unused.
  /* verilator lint_off UNUSEDSIGNAL */
  logic [MapBits-1:0]         mapped;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [BankW-1:0]           hash;
  logic [31:0]                sid_shift;
  logic [hbm_pkg::SidW-1:0]   sid;

  // The bits a pick can name, at their picks: pick 0 and the picks beyond the address's
  // width read zero (a map of a narrower address, as the front end's of the step between
  // two beats, has fewer choices per bit). Each choice is then a 32:1 choice, one slice's
  // eight LUTs with its wide muxes; of the 40-bit address indexed by 6 bits it took some
  // 12 LUTs (issue 14). In simulation it is a shift and a mask a bit; a compare of the
  // index with the width and a function call per bit were 4.4 % of a 1-PC run's
  // instructions over a PC's four maps.
  localparam int unsigned LoBit = hbm_pkg::MapLoBit;
  localparam int unsigned HiBit = (AddrW < hbm_pkg::PcAddrW) ? AddrW : hbm_pkg::PcAddrW;
  logic [(1 << PickW)-1:0] picks;
  always_comb begin
    picks = '0;
    picks[HiBit-LoBit:1] = addr_i[HiBit-1:LoBit];
  end

`ifdef SYNTHESIS
  localparam bit Wait = Step;
`else
  localparam bit Wait = Step || SimWait;
`endif
  always_comb begin
    mapped = '0;
    hash   = '0;
    if (!Wait || valid_i) begin
      for (int unsigned k = ColW; k < ColW + hbm_pkg::MapBankW; k++) begin
        mapped[k] = picks[map_i[k*PickW +: PickW]];
      end
      for (int unsigned j = 0; j < BankW; j++) begin
        hash[j] = picks[xor_i[j*PickW +: PickW]];
      end
    end
    if (valid_i) begin
      if (!Step) begin
        for (int unsigned k = 0; k < ColW; k++) begin
          mapped[k] = picks[map_i[k*PickW +: PickW]];
        end
      end
      for (int unsigned k = ColW + hbm_pkg::MapBankW; k < MapBits; k++) begin
        mapped[k] = picks[map_i[k*PickW +: PickW]];
      end
    end
  end

  assign col_o  = mapped[ColW-1:0];
  assign bank_o = mapped[ColW +: BankW] ^ hash;
  assign row_o  = mapped[ColW + hbm_pkg::MapBankW +: RowW];

  // hbm_pkg::sid_of, written out: yosys 0.23 cannot size the cast to a package width
  // inside a package function called from a module. The shift amount is a wire of its own
  // (32 bits, as the function computes it), not a sum in the shift.
  assign sid_shift = 32'(geo_i.ba_bits) + 32'(geo_i.bg_bits);
  assign sid       = hbm_pkg::SidW'(bank_o >> sid_shift);

  // Beyond the PC's span, or in the missing stack ID of a 12-high stack. The span test
  // masks the address with the bits at and above addr_bits, each a function of addr_bits
  // alone, instead of shifting the address down by it (a chain of six mux levels after
  // the address; logic depth, issue 14).
  always_comb begin
    out_of_range_o = 1'b0;
    if (!Step && (!Wait || valid_i)) begin
      out_of_range_o = ((addr_i & ({AddrW{1'b1}} << geo_i.addr_bits)) != '0) ||
                       (32'(sid) >= 32'(geo_i.num_sids));
    end
  end
endmodule
