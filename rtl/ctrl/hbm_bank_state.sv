// Bank state and timing of one pseudo-channel, as the controller sees it.
//
// Every timing rule is a countdown: issuing a command loads, for each later command
// it constrains, the number of tCK that must pass (a command d tCK after another
// loads d-1, since the counter already reads 0 one cycle later when d = 1). A
// command may issue once every countdown that gates it reads zero. Countdowns live
// at the level the rule applies to: bank, bank group ({sid, bg}), stack ID, and the
// whole pseudo-channel. The outputs say, per bank, which commands are legal now.
module hbm_bank_state
  import hbm_pkg::*;
(
  input  logic                clk_i,
  input  logic                rst_ni,
  // Configuration comes whole; this block reads only some fields.
  /* verilator lint_off UNUSEDSIGNAL */
  input  timing_t             t_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // Configuration comes whole; this block reads only some fields.
  /* verilator lint_off UNUSEDSIGNAL */
  input  geometry_t           geo_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // commands issued this cycle (RowNop / ColNop when none)
  input  row_cmd_t            row_cmd_i,
  // The column address does not affect timing.
  /* verilator lint_off UNUSEDSIGNAL */
  input  col_cmd_t            col_cmd_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // state and legality, per bank
  output logic [NumBanks-1:0] open_o,
  output logic [NumBanks*RowW-1:0] open_row_o,   // bank b's at [b*RowW +: RowW]
  output logic [NumBanks-1:0] can_act_o,
  output logic [NumBanks-1:0] can_pre_o,
  output logic [NumBanks-1:0] can_rd_o,      // all but the stack-ID switch (tCCDR)
  output logic [NumBanks-1:0] can_wr_o,
  output logic [NumSids-1:0]  sid_rd_ok_o,   // tCCDR allows a RD / WR to this stack ID
  output logic [NumSids-1:0]  sid_wr_ok_o,
  output logic [NumBanks-1:0] can_refpb_o,
  output logic                can_prea_o,
  output logic                can_refab_o
);
  // ---- Countdowns ------------------------------------------------------------------------
  timer_t bank_act_q [NumBanks], bank_act_d [NumBanks];  // ACT / REFpb: tRC tRP tRFC tRFCpb
  timer_t bank_rd_q  [NumBanks], bank_rd_d  [NumBanks];  // RD: tRCDRD
  timer_t bank_wr_q  [NumBanks], bank_wr_d  [NumBanks];  // WR: tRCDWR
  timer_t bank_pre_q [NumBanks], bank_pre_d [NumBanks];  // PRE: tRAS tRTP tWR
  timer_t grp_act_q  [NumGroups], grp_act_d [NumGroups]; // ACT: tRRDL
  timer_t grp_rd_q   [NumGroups], grp_rd_d  [NumGroups]; // RD: tCCDL tWTRL
  timer_t grp_wr_q   [NumGroups], grp_wr_d  [NumGroups]; // WR: tCCDL
  timer_t sid_rd_q   [NumSids],   sid_rd_d  [NumSids];   // RD: tCCDR from other SIDs
  timer_t sid_wr_q   [NumSids],   sid_wr_d  [NumSids];   // WR: tCCDR from other SIDs
  timer_t pc_act_q,   pc_act_d;     // ACT / REFpb: tRRDS tRREFD
  timer_t pc_rd_q,    pc_rd_d;      // RD: tCCDS tWTRS
  timer_t pc_wr_q,    pc_wr_d;      // WR: tCCDS tRTW
  timer_t pc_pre_q,   pc_pre_d;     // PRE / PREA: tPPD
  timer_t pc_ref_q,   pc_ref_d;     // REFab / REFpb: tRFC since REFab
  timer_t pc_refpb_q, pc_refpb_d;   // REFpb: tRREFD since REFpb
  timer_t faw_q [4],  faw_d [4];    // tFAW since each of the last four ACTs
  logic [1:0] faw_ptr_q, faw_ptr_d; // the oldest of the four

  logic [NumBanks-1:0] open_q, open_d;
  row_t                open_row_q [NumBanks], open_row_d [NumBanks];

  function automatic timer_t tick(timer_t t);
    return (t == '0) ? '0 : t - 1'b1;
  endfunction

  // Keep the later of what is already pending and a new distance d.
  function automatic timer_t hold(timer_t cur, timer_t d);
    timer_t gap;
    gap = (d == '0) ? '0 : d - 1'b1;
    return (gap > cur) ? gap : cur;
  endfunction

  // ---- Next state ------------------------------------------------------------------------
  bank_t            rb, cb;
  logic [GroupW-1:0] cg;
  logic [SidW-1:0]  cs;
  timer_t           wr_to_pre, wr_end;

  assign rb        = row_cmd_i.bank;
  assign cb        = col_cmd_i.bank;
  assign cg        = group_of(cb, geo_i);
  assign cs        = sid_of(cb, geo_i);
  assign wr_end    = t_i.wl + t_i.bl;           // last write data has been sent
  assign wr_to_pre = wr_end + t_i.wr;

  always_comb begin
    for (int b = 0; b < NumBanks; b++) begin
      bank_act_d[b] = tick(bank_act_q[b]);
      bank_rd_d[b]  = tick(bank_rd_q[b]);
      bank_wr_d[b]  = tick(bank_wr_q[b]);
      bank_pre_d[b] = tick(bank_pre_q[b]);
    end
    for (int g = 0; g < NumGroups; g++) begin
      grp_act_d[g] = tick(grp_act_q[g]);
      grp_rd_d[g]  = tick(grp_rd_q[g]);
      grp_wr_d[g]  = tick(grp_wr_q[g]);
    end
    for (int s = 0; s < NumSids; s++) begin
      sid_rd_d[s] = tick(sid_rd_q[s]);
      sid_wr_d[s] = tick(sid_wr_q[s]);
    end
    for (int i = 0; i < 4; i++) faw_d[i] = tick(faw_q[i]);
    pc_act_d   = tick(pc_act_q);
    pc_rd_d    = tick(pc_rd_q);
    pc_wr_d    = tick(pc_wr_q);
    pc_pre_d   = tick(pc_pre_q);
    pc_ref_d   = tick(pc_ref_q);
    pc_refpb_d = tick(pc_refpb_q);
    faw_ptr_d  = faw_ptr_q;
    open_d     = open_q;
    open_row_d = open_row_q;

    // Row command.
    unique case (row_cmd_i.cmd)
      RowAct: begin
        open_d[rb]     = 1'b1;
        open_row_d[rb] = row_cmd_i.row;
        bank_act_d[rb] = hold(bank_act_d[rb], t_i.rc);
        bank_rd_d[rb]  = hold(bank_rd_d[rb], t_i.rcdrd);
        bank_wr_d[rb]  = hold(bank_wr_d[rb], t_i.rcdwr);
        bank_pre_d[rb] = hold(bank_pre_d[rb], t_i.ras);
        grp_act_d[group_of(rb, geo_i)] = hold(grp_act_d[group_of(rb, geo_i)], t_i.rrdl);
        pc_act_d       = hold(pc_act_d, t_i.rrds);
        faw_d[faw_ptr_q] = hold('0, t_i.faw);
        faw_ptr_d      = faw_ptr_q + 1'b1;
      end
      RowPre: begin
        open_d[rb]     = 1'b0;
        bank_act_d[rb] = hold(bank_act_d[rb], t_i.rp);
        pc_pre_d       = hold(pc_pre_d, t_i.ppd);
      end
      RowPrea: begin
        open_d   = '0;
        for (int b = 0; b < NumBanks; b++) bank_act_d[b] = hold(bank_act_d[b], t_i.rpab);
        pc_pre_d = hold(pc_pre_d, t_i.ppd);
      end
      RowRefab: begin
        for (int b = 0; b < NumBanks; b++) bank_act_d[b] = hold(bank_act_d[b], t_i.rfc);
        pc_ref_d   = hold(pc_ref_d, t_i.rfc);
      end
      RowRefpb: begin
        bank_act_d[rb] = hold(bank_act_d[rb], t_i.rfcpb);
        grp_act_d[group_of(rb, geo_i)] = hold(grp_act_d[group_of(rb, geo_i)], t_i.rrdl);
        pc_act_d       = hold(pc_act_d, t_i.rrefd);
        pc_refpb_d     = hold(pc_refpb_d, t_i.rrefd);
      end
      default: ;
    endcase

    // Column command.
    unique case (col_cmd_i.cmd)
      ColRd: begin
        bank_pre_d[cb] = hold(bank_pre_d[cb], t_i.rtpl);   // tRTP: the bank read only
        grp_rd_d[cg]   = hold(grp_rd_d[cg], t_i.ccdl);
        pc_rd_d        = hold(pc_rd_d, t_i.ccds);
        pc_wr_d        = hold(pc_wr_d, t_i.rtw);
        for (int s = 0; s < NumSids; s++) begin
          if (s[SidW-1:0] != cs) sid_rd_d[s] = hold(sid_rd_d[s], t_i.ccdr);
        end
        if (col_cmd_i.ap) begin
          open_d[cb]     = 1'b0;
          bank_act_d[cb] = hold(bank_act_d[cb], t_i.rtpl + t_i.rp);
        end
      end
      ColWr: begin
        bank_pre_d[cb] = hold(bank_pre_d[cb], wr_to_pre);
        grp_wr_d[cg]   = hold(grp_wr_d[cg], t_i.ccdl);
        grp_rd_d[cg]   = hold(grp_rd_d[cg], wr_end + t_i.wtrl);
        pc_wr_d        = hold(pc_wr_d, t_i.ccds);
        pc_rd_d        = hold(pc_rd_d, wr_end + t_i.wtrs);
        for (int s = 0; s < NumSids; s++) begin
          if (s[SidW-1:0] != cs) sid_wr_d[s] = hold(sid_wr_d[s], t_i.ccdr);
        end
        if (col_cmd_i.ap) begin
          open_d[cb]     = 1'b0;
          bank_act_d[cb] = hold(bank_act_d[cb], wr_to_pre + t_i.rp);
        end
      end
      default: ;
    endcase
  end

  // ---- Legality --------------------------------------------------------------------------
  logic faw_ok, all_closed, pres_done, acts_done;
  assign faw_ok = (faw_q[faw_ptr_q] == '0);

  always_comb begin
    all_closed = (open_q == '0);
    pres_done  = 1'b1;
    acts_done  = 1'b1;
    for (int b = 0; b < NumBanks; b++) begin
      logic [GroupW-1:0] g;
      logic              act_free;
      g        = group_of(bank_t'(b), geo_i);
      act_free = (bank_act_q[b] == '0) && (grp_act_q[g] == '0) && (pc_act_q == '0);
      can_act_o[b]   = !open_q[b] && act_free && faw_ok;
      can_refpb_o[b] = !open_q[b] && act_free && (pc_refpb_q == '0) && (pc_ref_q == '0);
      can_pre_o[b]   = open_q[b] && (bank_pre_q[b] == '0) && (pc_pre_q == '0);
      can_rd_o[b]    = open_q[b] && (bank_rd_q[b] == '0) && (grp_rd_q[g] == '0) &&
                       (pc_rd_q == '0);
      can_wr_o[b]    = open_q[b] && (bank_wr_q[b] == '0) && (grp_wr_q[g] == '0) &&
                       (pc_wr_q == '0);
      // Every bank, open or not: one closed by RDA/WRA may still be in write recovery
      // (or tRTP) from an earlier access, and PREA would cut that short.
      if (bank_pre_q[b] != '0) pres_done = 1'b0;
      if (bank_act_q[b] != '0) acts_done = 1'b0;
    end
  end

  always_comb begin
    for (int s = 0; s < NumSids; s++) begin
      sid_rd_ok_o[s] = (sid_rd_q[s] == '0);
      sid_wr_ok_o[s] = (sid_wr_q[s] == '0);
    end
  end

  assign can_prea_o  = pres_done && (pc_pre_q == '0);
  assign can_refab_o = all_closed && acts_done && (pc_ref_q == '0) && (pc_refpb_q == '0);
  assign open_o      = open_q;
  always_comb begin
    for (int b = 0; b < NumBanks; b++) open_row_o[b*RowW +: RowW] = open_row_q[b];
  end

  // ---- Registers -------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int b = 0; b < NumBanks; b++) begin
        bank_act_q[b] <= '0;
        bank_rd_q[b]  <= '0;
        bank_wr_q[b]  <= '0;
        bank_pre_q[b] <= '0;
        open_row_q[b] <= '0;
      end
      for (int g = 0; g < NumGroups; g++) begin
        grp_act_q[g] <= '0;
        grp_rd_q[g]  <= '0;
        grp_wr_q[g]  <= '0;
      end
      for (int s = 0; s < NumSids; s++) begin
        sid_rd_q[s] <= '0;
        sid_wr_q[s] <= '0;
      end
      for (int i = 0; i < 4; i++) faw_q[i] <= '0;
      pc_act_q   <= '0;
      pc_rd_q    <= '0;
      pc_wr_q    <= '0;
      pc_pre_q   <= '0;
      pc_ref_q   <= '0;
      pc_refpb_q <= '0;
      faw_ptr_q  <= '0;
      open_q     <= '0;
    end else begin
      bank_act_q <= bank_act_d;
      bank_rd_q  <= bank_rd_d;
      bank_wr_q  <= bank_wr_d;
      bank_pre_q <= bank_pre_d;
      grp_act_q  <= grp_act_d;
      grp_rd_q   <= grp_rd_d;
      grp_wr_q   <= grp_wr_d;
      sid_rd_q   <= sid_rd_d;
      sid_wr_q   <= sid_wr_d;
      faw_q      <= faw_d;
      pc_act_q   <= pc_act_d;
      pc_rd_q    <= pc_rd_d;
      pc_wr_q    <= pc_wr_d;
      pc_pre_q   <= pc_pre_d;
      pc_ref_q   <= pc_ref_d;
      pc_refpb_q <= pc_refpb_d;
      faw_ptr_q  <= faw_ptr_d;
      open_q     <= open_d;
      open_row_q <= open_row_d;
    end
  end

`ifndef SYNTHESIS
  // The scheduler only asks for commands this block calls legal.
  a_act_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
    row_cmd_i.cmd == RowAct |-> can_act_o[rb]);
  a_pre_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
    row_cmd_i.cmd == RowPre |-> can_pre_o[rb]);
  a_prea_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
    row_cmd_i.cmd == RowPrea |-> can_prea_o);
  a_refab_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
    row_cmd_i.cmd == RowRefab |-> can_refab_o);
  a_refpb_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
    row_cmd_i.cmd == RowRefpb |-> can_refpb_o[rb]);
  a_rd_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
    col_cmd_i.cmd == ColRd |-> can_rd_o[cb] && sid_rd_ok_o[cs]);
  a_wr_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
    col_cmd_i.cmd == ColWr |-> can_wr_o[cb] && sid_wr_ok_o[cs]);
`endif
endmodule
