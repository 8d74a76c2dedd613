// Decodes a byte address inside one pseudo-channel into bank, row and column.
//
// The map is a table, not a fixed slicing: mapped bit k (column bits first, then the
// flat bank index {sid, bg, ba}, then the row, each LSB first) is address bit
// map_i[k]. Any bit order the host describes (e.g. "RoSiBaCoBg") compiles into it.
module hbm_addr_map
  import hbm_pkg::*;
#(
  parameter int unsigned AddrW = PcAddrW
) (
  input  logic [AddrW-1:0]   addr_i,
  // Configuration comes whole; this block reads only some fields.
  /* verilator lint_off UNUSEDSIGNAL */
  input  geometry_t          geo_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  map_sel_t           map_i [MapBits],
  output bank_t              bank_o,
  output row_t               row_o,
  output col_t               col_o,
  output logic               out_of_range_o
);
  logic [MapBits-1:0] mapped;

  always_comb begin
    for (int unsigned k = 0; k < MapBits; k++) begin
      mapped[k] = (32'(map_i[k]) < AddrW) ? addr_i[map_i[k]] : 1'b0;
    end
  end

  assign col_o  = mapped[ColW-1:0];
  assign bank_o = mapped[ColW +: BankW];
  assign row_o  = mapped[ColW + BankW +: RowW];

  // Anything at or above the PC's capacity does not exist.
  assign out_of_range_o = (addr_i >> geo_i.addr_bits) != '0;
endmodule
