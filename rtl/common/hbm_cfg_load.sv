// When to latch static configuration: high while in reset and in the first tCK after it,
// low from then on. A block loads its configuration registers (and what it derives from
// them) with this enable instead of on every tCK: the same flip-flops with a clock enable
// in hardware, and a register process the simulation skips. Reset holds the clock for
// four tCK, so a chain of derived registers up to four deep settles before traffic (the
// simulation top's copy, a PC's geometry, its banks, the refresh's bank count).
module hbm_cfg_load (
  input  logic clk_i,
  input  logic rst_ni,
  output logic load_o
);
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) load_o <= 1'b1;
    else         load_o <= 1'b0;
  end
endmodule
