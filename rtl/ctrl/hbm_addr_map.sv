// Decodes a byte address inside one pseudo-channel into bank, row and column.
//
// The map is a table, not a fixed slicing: mapped bit k (column bits first, then the
// flat bank index {sid, bg, ba}, then the row, each LSB first) is address bit
// map_i[k]. Any bit order the host describes (e.g. "RoSiBaCoBg") compiles into it.
// Bank hashing XORs bank-index bit j with address bit xor_i[j] (an index beyond the
// address disables it), spreading row-strided traffic over banks.
module hbm_addr_map
  import hbm_pkg::*;
#(
  parameter int unsigned AddrW = PcAddrW
) (
  input  logic [AddrW-1:0] addr_i,
  input  geometry_t        geo_i,
  input  map_sel_t         map_i [MapBits],
  input  map_sel_t         xor_i [BankW],
  output bank_t            bank_o,
  output row_t             row_o,
  output col_t             col_o,
  output logic             out_of_range_o
);
  // The table's bank field is MapBankW wide; a build with fewer banks (BankW) leaves its
  // top bits unused.
  /* verilator lint_off UNUSEDSIGNAL */
  logic [MapBits-1:0] mapped;
  /* verilator lint_on UNUSEDSIGNAL */
  bank_t              hash;

  function automatic logic addr_bit(logic [AddrW-1:0] addr, map_sel_t sel);
    return (32'(sel) < AddrW) ? addr[sel] : 1'b0;
  endfunction

  always_comb begin
    for (int unsigned k = 0; k < MapBits; k++) mapped[k] = addr_bit(addr_i, map_i[k]);
    for (int unsigned j = 0; j < BankW; j++) hash[j] = addr_bit(addr_i, xor_i[j]);
  end

  assign col_o  = mapped[ColW-1:0];
  assign bank_o = mapped[ColW +: BankW] ^ hash;
  assign row_o  = mapped[ColW + MapBankW +: RowW];

  // Beyond the PC's span, or in the missing stack ID of a 12-high stack.
  assign out_of_range_o = ((addr_i >> geo_i.addr_bits) != '0) ||
                          (32'(sid_of(bank_o, geo_i)) >= 32'(geo_i.num_sids));
endmodule
