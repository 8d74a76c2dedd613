// Shares one command bus between the pseudo-channels of a channel: one command per
// tCK, granted round robin. For the row bus, an ACT holds the bus into the next tCK
// (it takes 1.5 tCK of row address), so no row command may follow on the next cycle.
module hbm_cmd_arbiter #(
  parameter int unsigned NumPc   = 2,
  parameter bit          HoldAct = 1'b0
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic [NumPc-1:0] req_i,
  input  logic [NumPc-1:0] is_act_i,   // the request is an ACT (holds the bus a tCK)
  output logic [NumPc-1:0] gnt_o
);
  localparam int unsigned IdxW = (NumPc > 1) ? $clog2(NumPc) : 1;

  logic [IdxW-1:0] prio_q, prio_d;    // who goes first on a tie
  logic            act_q, act_d;      // an ACT was granted last cycle
  logic [NumPc-1:0] eligible;

  // The index under test is declared with the block, not in the loop body (yosys 0.23
  // reads a temporary declared inside a loop body wrongly when it is a struct). It wraps
  // by one subtraction, not `%`, which yosys maps as a full 32-bit divider: prio_q + k
  // stays below 2 * NumPc for NumPc of 1 and 2 (the channel's), whatever prio_q holds.
  // It is IdxW + 1 bits wide (holds prio_q + k) so that indexing by it stays small.
  logic [IdxW:0] i;
  always_comb begin
    eligible = req_i;
    if (HoldAct && act_q) eligible = '0;
    gnt_o  = '0;
    prio_d = prio_q;
    for (int unsigned k = 0; k < NumPc; k++) begin
      i = {1'b0, prio_q} + (IdxW + 1)'(k);
      if (i >= (IdxW + 1)'(NumPc)) i = i - (IdxW + 1)'(NumPc);
      if (eligible[i[IdxW-1:0]] && gnt_o == '0) begin
        gnt_o[i[IdxW-1:0]] = 1'b1;
        prio_d   = (i + 1'b1 == (IdxW + 1)'(NumPc)) ? '0 : IdxW'(i + 1'b1);
      end
    end
    act_d = |(gnt_o & is_act_i);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prio_q <= '0;
      act_q  <= 1'b0;
    end else begin
      prio_q <= prio_d;
      act_q  <= act_d;
    end
  end

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) a_onehot_grant: assert (!rst_ni || $onehot0(gnt_o));
  always_ff @(posedge clk_i) a_grant_requested: assert (!rst_ni || ((gnt_o & ~req_i) == '0));
`endif
endmodule
