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

  // Round robin as two priority searches, not a loop over the rotated indices: the first
  // eligible PC at or above prio_q, else the first eligible one. The grant lies on the
  // channel's deepest path (a PC's scheduler -> its request -> the grant -> both PCs'
  // bank state and queue updates, issue 14): the loop's index arithmetic made 6.5 LUT
  // levels of a 2-PC choice, this makes 1 (a grant bit reads 4 signals). A prio_q past
  // the last PC (never reached from reset) leaves no PC at or above it: the first
  // eligible one goes, as the loop's wrapped index gave.
  logic [NumPc-1:0] at_or_above, from_prio, pool;
  always_comb begin
    eligible = req_i;
    if (HoldAct && act_q) eligible = '0;
    for (int unsigned p = 0; p < NumPc; p++) at_or_above[p] = 32'(prio_q) <= p;
    from_prio = eligible & at_or_above;
    pool      = (from_prio != '0) ? from_prio : eligible;
    gnt_o  = '0;
    prio_d = prio_q;
    for (int p = NumPc - 1; p >= 0; p--) begin   // the lowest in the pool wins
      if (pool[p]) begin
        gnt_o    = '0;
        gnt_o[p] = 1'b1;
        prio_d   = (p + 1 == NumPc) ? '0 : IdxW'(p + 1);
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
