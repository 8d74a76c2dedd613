// Refresh timekeeping: counts tREFI intervals and how many all-bank refreshes are owed.
//
// One refresh falls due every tREFI; issuing REFab pays one back. The scheduler
// refreshes as soon as one is owed (postponement under load comes with the
// production scheduler), so owed never exceeds the standard's limit of eight.
module hbm_refresh
  import hbm_pkg::*;
(
  input  logic       clk_i,
  input  logic       rst_ni,
  // Configuration comes whole; this block reads only some fields.
  /* verilator lint_off UNUSEDSIGNAL */
  input  timing_t    t_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic       refab_i,   // REFab issued this cycle
  output logic       due_o,
  output logic [3:0] owed_o
);
  logic [RefiW-1:0] cnt_q, cnt_d;
  logic             started_q;
  logic [3:0]       owed_q, owed_d;
  logic             interval_end;

  // The first interval starts at the first cycle out of reset, as the device's does.
  assign interval_end = started_q && (cnt_q == '0);

  always_comb begin
    cnt_d  = !started_q || interval_end ? t_i.refi - 1'b1 : cnt_q - 1'b1;
    owed_d = owed_q;
    if (interval_end && owed_d != 4'hf) owed_d = owed_d + 1'b1;
    if (refab_i && owed_d != '0)        owed_d = owed_d - 1'b1;
  end

  assign due_o  = (owed_q != '0);
  assign owed_o = owed_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q     <= '0;
      started_q <= 1'b0;
      owed_q    <= '0;
    end else begin
      cnt_q     <= cnt_d;
      started_q <= 1'b1;
      owed_q    <= owed_d;
    end
  end

`ifndef SYNTHESIS
  // JEDEC allows eight postponed refreshes; the ninth would lose data.
  a_owed_limit: assert property (@(posedge clk_i) disable iff (!rst_ni) owed_q <= 4'd8);
`endif
endmodule
