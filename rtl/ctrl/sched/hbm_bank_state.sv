// Bank state and timing of one pseudo-channel, as the controller sees it.
//
// Every timing rule is a countdown: issuing a command loads, for each later command
// it constrains, the number of tCK that must pass (a command d tCK after another
// loads d-1, since the counter already reads 0 one cycle later when d = 1). A
// command may issue once every countdown that gates it reads zero. Countdowns live
// at the level the rule applies to: bank, bank group ({sid, bg}), stack ID, and the
// whole pseudo-channel. The outputs say, per bank, which commands are legal now.
//
// Written in the SystemVerilog subset yosys 0.23 reads (docs/synthesis.md): package
// names spelled out, the open rows leave as one flat vector (bank b's row at
// open_row_o[b*RowW +: RowW]), no array is indexed by a signal (each bank, group and
// stack ID compares the command's index with its own), and group and stack ID of a
// bank are written out with the geometry's 2-bit field widths.
//
// For logic depth, every countdown keeps a flag "not zero" in a flip-flop of its own,
// computed with the next value: the legality outputs are ANDs of flip-flops (and the
// group chosen by the geometry), not 12-bit compares of the counters.
//
// For size: a countdown that several commands load is the later of one countdown per
// command, and reads zero exactly when all of those do. PREA and REFab load every bank's
// ACT countdown alike, so their share is kept once for the PC (pc_prea, and pc_ref, which
// REFab loads with the same tRFC), not per bank: bank_act holds only the commands to the
// bank itself (ACT, PRE, REFpb; RDA, WRA).
module hbm_bank_state #(
  // The legality after this edge as well (the *_n outputs), for a scheduler that picks a
  // tCK ahead (hbm_pc_ctrl's Pipe): with it off, nothing reads them and they cost nothing.
  parameter bit Ahead = 1'b0
) (
  input  logic                                         clk_i,
  input  logic                                         rst_ni,
  // Configuration comes whole; this block reads only some fields.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::timing_t                             t_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // Configuration comes whole; this block reads only some fields.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::geometry_t                           geo_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // commands issued this cycle (RowNop / ColNop when none)
  input  hbm_pkg::row_cmd_t                            row_cmd_i,
  // The column address does not affect timing.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::col_cmd_t                            col_cmd_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // state and legality, per bank
  output logic [hbm_pkg::NumBanks-1:0]                 open_o,
  output logic [hbm_pkg::NumBanks*hbm_pkg::RowW-1:0]   open_row_o,  // bank b: [b*RowW +: RowW]
  output logic [hbm_pkg::NumBanks-1:0]                 can_act_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_pre_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_rd_o,    // all but the stack-ID switch (tCCDR)
  output logic [hbm_pkg::NumBanks-1:0]                 can_wr_o,
  output logic [hbm_pkg::NumSids-1:0]                  sid_rd_ok_o, // tCCDR allows a RD / WR to this stack ID
  output logic [hbm_pkg::NumSids-1:0]                  sid_wr_ok_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_refpb_o,
  output logic                                         can_prea_o,
  output logic                                         can_refab_o,
  // The same after this edge, given this tCK's commands (exact: they are the granted ones)
  output logic [hbm_pkg::NumBanks-1:0]                 open_n_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_act_n_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_pre_n_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_rd_n_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_wr_n_o,
  output logic [hbm_pkg::NumSids-1:0]                  sid_rd_ok_n_o,
  output logic [hbm_pkg::NumSids-1:0]                  sid_wr_ok_n_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_refpb_n_o,
  output logic                                         can_prea_n_o,
  output logic                                         can_refab_n_o
);
  localparam int unsigned BankW     = hbm_pkg::BankW;
  localparam int unsigned NumBanks  = hbm_pkg::NumBanks;
  localparam int unsigned GroupW    = hbm_pkg::GroupW;
  localparam int unsigned NumGroups = hbm_pkg::NumGroups;
  localparam int unsigned SidW      = hbm_pkg::SidW;
  localparam int unsigned NumSids   = hbm_pkg::NumSids;
  localparam int unsigned RowW      = hbm_pkg::RowW;
  localparam int unsigned TimerW    = hbm_pkg::TimerW;
  localparam int unsigned ActW      = hbm_pkg::BankActW;
  localparam int unsigned PreW      = hbm_pkg::BankPreW;
  localparam int unsigned RcdW      = hbm_pkg::BankRcdW;
  typedef hbm_pkg::timer_t timer_t;
  typedef hbm_pkg::bank_t  bank_t;

  // ---- Countdowns ------------------------------------------------------------------------
  // Each has its value (_q) and a flag that the value is not zero (_nz_q); the flag resets
  // to 0 with the value, so the two agree from reset on (and before it, both at 0).
  // Per bank (bank_*_q; in simulation their ends, g_ends below): ACT / REFpb: tRC tRP
  // tRFCpb, RDA/WRA; PRE: tRAS tRTP tWR; RD: tRCDRD; WR: tRCDWR.
  // Arrays for synthesis; packed for simulation (the same indexing reads both): Verilator
  // defers each write of an unpacked array's element by a flag of its own, cleared and
  // tested on every edge, where a packed vector's writes go to one copy of it.
  // Per group (in simulation their ends, as the banks'): ACT: tRRDL; RD: tCCDL tWTRL;
  // WR: tCCDL.
`ifdef SYNTHESIS
  // The group countdowns are kept as their complements (grp_*_nq, as the banks' below)
  // and read as values.
  timer_t grp_act_q  [NumGroups];
  timer_t grp_rd_q   [NumGroups];
  timer_t grp_wr_q   [NumGroups];
  timer_t grp_act_nq [NumGroups];
  timer_t grp_rd_nq  [NumGroups];
  timer_t grp_wr_nq  [NumGroups];
  always_comb begin
    for (int g = 0; g < NumGroups; g++) begin
      grp_act_q[g] = ~grp_act_nq[g];
      grp_rd_q[g]  = ~grp_rd_nq[g];
      grp_wr_q[g]  = ~grp_wr_nq[g];
    end
  end
  timer_t sid_rd_q   [NumSids];   // RD: tCCDR from other SIDs
  timer_t sid_wr_q   [NumSids];   // WR: tCCDR from other SIDs
`else
  timer_t [NumSids-1:0]   sid_rd_q, sid_wr_q;
`endif
  timer_t pc_act_q;             // ACT / REFpb: tRRDS tRREFD
  timer_t pc_rd_q;               // RD: tCCDS tWTRS
  timer_t pc_wr_q;               // WR: tCCDS tRTW
  timer_t pc_pre_q;             // PRE / PREA: tPPD
  timer_t pc_ref_q;             // REFab / REFpb: tRFC since REFab
  timer_t pc_refpb_q;         // REFpb: tRREFD since REFpb
  timer_t pc_prea_q;           // ACT / REFpb: tRPab since PREA
`ifdef SYNTHESIS
  timer_t faw_q [4];    // tFAW since each of the last four ACTs
`else
  timer_t [3:0] faw_q;
`endif
  logic [1:0] faw_ptr_q; // the oldest of the four

  logic [NumBanks-1:0]  bank_act_nz_q, bank_rd_nz_q, bank_wr_nz_q, bank_pre_nz_q;
  logic [NumGroups-1:0] grp_act_nz_q, grp_rd_nz_q;
  logic [NumGroups-1:0] grp_wr_nz_q;
  logic [NumSids-1:0]   sid_rd_nz_q, sid_wr_nz_q;
  logic [6:0]           pc_nz_q;    // act, rd, wr, pre, ref, refpb, prea
  logic [3:0]           faw_nz_q;

  logic [NumBanks-1:0]      open_q;

  // A command d tCK before another loads d-1 (0 for d = 0).
  function automatic timer_t gap(timer_t d);
    gap = (d == '0) ? '0 : d - 1'b1;
  endfunction

  // The next value of a countdown: down to zero and there it stays; a command that hits
  // it with a distance x keeps the later of what is pending (q-1) and its gap(x). That
  // is gap(x) exactly when x > q (for x > q >= 0 the gap x-1 >= q; for x <= q it is at
  // most q-1, and 0 when q = 0): the caller compares x itself with q, in parallel with
  // the decrement and the gap. take_a / take_b: such a hit (two per bank countdown, one
  // from each command bus; take_a already says a is the later when both hit).
  function automatic timer_t count(timer_t q, logic nz, logic take_a, timer_t g_a,
                                   logic take_b, timer_t g_b);
    if (take_a)      count = g_a;
    else if (take_b) count = g_b;
    else             count = nz ? q - 1'b1 : '0;
  endfunction

`ifdef SYNTHESIS
  // count() of a countdown kept as its complement c = ~q, for synthesis: ~count = ~b + 1
  // where b = count + 1 is g_a + 1, g_b + 1, q, or 1 when q is zero (nz low). The choice of
  // ~b (nb_a = ~(g_a + 1) and nb_b given, c, or ~1) then fits the LUT that drives each bit
  // of the increment's carry chain. As a decrement of q, yosys 0.23 maps the choice to a
  // LUT after the chain and an inverter into each bit of it: two LUTs a bit, not one.
  function automatic timer_t ncount(timer_t c, logic nz, logic take_a, timer_t nb_a,
                                    logic take_b, timer_t nb_b);
    timer_t nb;
    if (take_a)      nb = nb_a;
    else if (take_b) nb = nb_b;
    else             nb = nz ? c : {{(TimerW-1){1'b1}}, 1'b0};   // ~1
    ncount = nb + 1'b1;
  endfunction
`endif

  // ... and whether that next value is not zero: q above 1 (q_hi = q[TimerW-1:1] not
  // zero), or a hit whose distance is above 1 (its gap not zero).
  function automatic logic count_nz(logic [TimerW-2:0] q_hi, logic hit, logic x_gt1);
    count_nz = (q_hi != '0) || (hit && x_gt1);
  endfunction

  // A bank countdown the row bus (_r) and the column bus (_c) may hit at once is not zero
  // after the edge when it is above 1 now or either hit's distance is above 1.
  function automatic logic count2_nz(logic [TimerW-2:0] q_hi, logic hit_r, timer_t x_r,
                                     logic hit_c, timer_t x_c);
    count2_nz = count_nz(q_hi, hit_r, x_r > 1) || count_nz(q_hi, hit_c, x_c > 1);
  endfunction

  // ---- The commands ----------------------------------------------------------------------
  bank_t rb, cb;
  logic  act, pre, prea, refab, refpb, rd, wr, col_ap;
  assign rb     = row_cmd_i.bank;
  assign cb     = col_cmd_i.bank;
  assign act    = (row_cmd_i.cmd == hbm_pkg::RowAct);
  assign pre    = (row_cmd_i.cmd == hbm_pkg::RowPre);
  assign prea   = (row_cmd_i.cmd == hbm_pkg::RowPrea);
  assign refab  = (row_cmd_i.cmd == hbm_pkg::RowRefab);
  assign refpb  = (row_cmd_i.cmd == hbm_pkg::RowRefpb);
  assign rd     = (col_cmd_i.cmd == hbm_pkg::ColRd);
  assign wr     = (col_cmd_i.cmd == hbm_pkg::ColWr);
  assign col_ap = (rd || wr) && col_cmd_i.ap;

  // Group ({sid, bg}) and stack ID of a flat bank index {sid, bg, ba}: the index shifted
  // by the geometry's field widths (2 bits each; hbm_pkg::group_of and sid_of written
  // out, the shift amount 3 bits so that it cannot wrap). The stack ID's shift amount is a
  // register loaded every tCK from the static geometry (reset holds the clock four tCK,
  // as for hbm_pc_ctrl's banks): its sum began the pipelined PC's deepest path (geo ->
  // the sum -> the granted command's stack ID -> sid_*_ok_n_o -> the column pick).
  logic [2:0]        sid_shift_q;
  // Of the shifted indices only the low GroupW / SidW bits are the group / stack ID.
  /* verilator lint_off UNUSEDSIGNAL */
  bank_t             rb_sh, cb_sh, cb_sid_sh;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [GroupW-1:0] rg, cg;
  logic [SidW-1:0]   cs;
  always_ff @(posedge clk_i) sid_shift_q <= {1'b0, geo_i.ba_bits} + {1'b0, geo_i.bg_bits};
  assign rb_sh     = rb >> geo_i.ba_bits;
  assign cb_sh     = cb >> geo_i.ba_bits;
  assign cb_sid_sh = cb >> sid_shift_q;
  assign rg        = rb_sh[GroupW-1:0];
  assign cg        = cb_sh[GroupW-1:0];
  assign cs        = cb_sid_sh[SidW-1:0];

  // ---- Distances ---------------------------------------------------------------------------
  // Per countdown, the distance x of the command that hits it this cycle, its gap(x) and
  // whether x > 1. The sums wrap at 12 bits as the timer-wide arguments of the original
  // hold() did (in any order and grouping: the wrap is the same).
  timer_t wr_end, wr_to_pre, wr_rp;
  assign wr_end    = t_i.wl + t_i.bl;                 // last write data has been sent
  assign wr_to_pre = wr_end + t_i.wr;
  assign wr_rp     = t_i.wr + t_i.rp;

  // bank_act and bank_pre may be hit from both buses at once (row: _r, column: _c);
  // c_gt_r says the column command's distance is the larger. These four are at their
  // countdown's width (hbm_pkg::BankActW, BankPreW): the host refuses a standard whose
  // distance would not fit, so the low bits are the whole distance.
  // (* keep *): one copy of each, not one folded into every bank's compare (yosys's ABC
  // otherwise duplicates the command decode and the mux of t_i's fields per bank).
  (* keep *) logic [ActW-1:0] act_r_x, act_c_x;
  (* keep *) logic [PreW-1:0] pre_c_x;
  logic [PreW-1:0] pre_r_x;
  timer_t grp_rd_x, pc_act_x, pc_rd_x, pc_wr_x;
  always_comb begin
    // Only one row command a cycle; PREA's and REFab's go to pc_prea and pc_ref.
    act_r_x = '0;
    if (act)   act_r_x = t_i.rc[ActW-1:0];
    if (pre)   act_r_x = t_i.rp[ActW-1:0];
    if (refpb) act_r_x = t_i.rfcpb[ActW-1:0];
    // RDA: tRTP + tRP; WRA: (WL + BL) + (tWR + tRP), the mux on the addends (one LUT
    // a bit before the adder's carry chain), both pairs summed in parallel.
    act_c_x  = ActW'((wr ? wr_end : t_i.rtpl) + (wr ? wr_rp : t_i.rp));
    pre_r_x  = t_i.ras[PreW-1:0];
    pre_c_x  = PreW'(wr ? wr_to_pre : t_i.rtpl);      // tRTP: the bank read only
    grp_rd_x = wr ? (wr_end + t_i.wtrl) : t_i.ccdl;
    pc_act_x = refpb ? t_i.rrefd : t_i.rrds;
    pc_rd_x  = wr ? (wr_end + t_i.wtrs) : t_i.ccds;
    pc_wr_x  = wr ? t_i.ccds : t_i.rtw;
  end

  // ---- Next state --------------------------------------------------------------------------
  // act_bank: an ACT to the bank (its row hit on bank_pre, bank_rd, bank_wr).
  // (The simulation's countdowns take the bus and its bank instead of act_r_hit and
  // pre_c_hit; the Ahead outputs read them.)
  /* verilator lint_off UNUSEDSIGNAL */
  logic [NumBanks-1:0] act_r_hit, pre_c_hit;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [NumBanks-1:0] act_c_hit, act_bank;

  // One-hot decodes of the two buses' bank, once for all the vectors below
  // (hbm_pkg::bank_1h: a compare per bank for yosys, a shift in simulation).
  logic [NumBanks-1:0] rb_1h, cb_1h;
  assign rb_1h = hbm_pkg::bank_1h(rb);
  assign cb_1h = hbm_pkg::bank_1h(cb);
  assign act_r_hit = {NumBanks{act || pre || refpb}} & rb_1h;
  assign act_c_hit = {NumBanks{col_ap}} & cb_1h;
  assign act_bank  = {NumBanks{act}} & rb_1h;
  assign pre_c_hit = {NumBanks{rd || wr}} & cb_1h;

  // ---- Bank countdowns ------------------------------------------------------------------
  // All banks in register processes, their next values computed inside them rather than
  // in an always_comb: they depend on the command the channel granted, that is on the
  // other PC too, and the simulator evaluates combinational logic on every clock it
  // depends on, so a 1-PC run would re-evaluate the idle PC's banks on every edge of the
  // busy one. The flags are vectors (bank b's at bit b), as the legality below reads them:
  // as one register per bank, Verilator gathered each vector bit by bit at every read.
  // Synthesis counts every countdown down every tCK; simulation keeps the tick each one
  // reaches zero instead (below), which the same flags come from. equiv.py checks the two
  // forms equal.
`ifdef SYNTHESIS
  localparam bit SkipIdle = 1'b0;
`else
  localparam bit SkipIdle = 1'b1;   // the group, stack-ID and PC countdowns' (below)
`endif
  // The distances that load them, zero-extended to TimerW (synthesis prunes the top bits;
  // the host refuses a standard whose distance would not fit its countdown: rtl_limits.cpp,
  // so the low bits are the whole distance).
  timer_t act_r_xb, act_c_xb, pre_r_xb, pre_c_xb, rcdrd_xb, rcdwr_xb;
  assign act_r_xb = {{(TimerW-ActW){1'b0}}, act_r_x};
  assign act_c_xb = {{(TimerW-ActW){1'b0}}, act_c_x};
  assign pre_r_xb = {{(TimerW-PreW){1'b0}}, pre_r_x};
  assign pre_c_xb = {{(TimerW-PreW){1'b0}}, pre_c_x};
  assign rcdrd_xb = {{(TimerW-RcdW){1'b0}}, t_i.rcdrd[RcdW-1:0]};
  assign rcdwr_xb = {{(TimerW-RcdW){1'b0}}, t_i.rcdwr[RcdW-1:0]};
  logic [NumBanks*RowW-1:0] open_row_q;   // each bank's open row, written by an ACT
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      open_row_q <= '0;
    end else if (act) begin
      for (int b = 0; b < NumBanks; b++) if (act_bank[b]) open_row_q[b*RowW +: RowW] <= row_cmd_i.row;
    end
  end

`ifdef SYNTHESIS
  // Narrower than the other countdowns (hbm_pkg::BankActW and the rest): the functions
  // above take them, and the distances that load them, zero-extended to TimerW.
  // Each kept as its complement (bank_*_nq, reset to all ones; ncount), read as the value.
  logic [ActW-1:0]     bank_act_q [NumBanks];
  logic [PreW-1:0]     bank_pre_q [NumBanks];
  logic [RcdW-1:0]     bank_rd_q  [NumBanks];
  logic [RcdW-1:0]     bank_wr_q  [NumBanks];
  logic [ActW-1:0]     bank_act_nq [NumBanks];
  logic [PreW-1:0]     bank_pre_nq [NumBanks];
  logic [RcdW-1:0]     bank_rd_nq  [NumBanks];
  logic [RcdW-1:0]     bank_wr_nq  [NumBanks];
  always_comb begin
    for (int b = 0; b < NumBanks; b++) begin
      bank_act_q[b] = ~bank_act_nq[b];
      bank_pre_q[b] = ~bank_pre_nq[b];
      bank_rd_q[b]  = ~bank_rd_nq[b];
      bank_wr_q[b]  = ~bank_wr_nq[b];
    end
  end
  logic act_c_gt_r, pre_c_gt_r;
  // Which bus's distance is the larger, at the countdown's width: a shorter carry chain
  // (both distances fit it, or the host refused the standard).
  assign act_c_gt_r = act_c_x > act_r_x;
  assign pre_c_gt_r = pre_c_x > pre_r_x;
  // What ncount loads: the complement of a gap plus one, gap(x) + 1 = max(x, 1) (no
  // carry chain). (* keep *): one copy of each, not one folded into every bank's logic.
  function automatic timer_t ngap1(timer_t x);
    ngap1 = ~{x[TimerW-1:1], x[0] | (x == '0)};
  endfunction
  (* keep *) timer_t act_r_nb, act_c_nb, pre_r_nb, pre_c_nb, rcdrd_nb, rcdwr_nb;
  assign act_r_nb = ngap1(act_r_xb);
  assign act_c_nb = ngap1(act_c_xb);
  assign pre_r_nb = ngap1(pre_r_xb);
  assign pre_c_nb = ngap1(pre_c_xb);
  assign rcdrd_nb = ngap1(rcdrd_xb);
  assign rcdwr_nb = ngap1(rcdwr_xb);

  // A command's distance against what its bank has left: one compare per bus, of the hit
  // bank's countdown read through a 32:1 choice per bit (a slice's LUTs and wide muxes),
  // rather than a compare in each of the 32 banks (96 of 8 and 10 bits). Only the hit
  // bank reads its bus's answer. The PC's block (Ahead) 4 245 -> 3 955 LUT; without Ahead
  // (Pipe = 0 only) ABC maps it 142 LUT larger, 3 968 -> 4 110 (issue 14).
  function automatic logic at_bank(logic [NumBanks-1:0] plane, bank_t bank);
    at_bank = plane[bank];
  endfunction
  logic [ActW*NumBanks-1:0] act_planes;   // bit k of bank b's countdown at [k*NumBanks + b]
  logic [PreW*NumBanks-1:0] pre_planes;
  logic [ActW-1:0]          act_at_rb, act_at_cb;
  logic [PreW-1:0]          pre_at_cb;
  logic                     act_r_later, act_c_later, pre_c_later;
  always_comb begin
    for (int b = 0; b < NumBanks; b++) begin
      for (int k = 0; k < ActW; k++) act_planes[k*NumBanks + b] = bank_act_q[b][k];
      for (int k = 0; k < PreW; k++) pre_planes[k*NumBanks + b] = bank_pre_q[b][k];
    end
  end
  always_comb begin
    for (int k = 0; k < ActW; k++) begin
      act_at_rb[k] = at_bank(act_planes[k*NumBanks +: NumBanks], rb);
      act_at_cb[k] = at_bank(act_planes[k*NumBanks +: NumBanks], cb);
    end
    for (int k = 0; k < PreW; k++) pre_at_cb[k] = at_bank(pre_planes[k*NumBanks +: NumBanks], cb);
  end
  assign act_r_later = act_r_x > act_at_rb;
  assign act_c_later = act_c_x > act_at_cb;
  assign pre_c_later = pre_c_x > pre_at_cb;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int b = 0; b < NumBanks; b++) begin
        bank_act_nq[b] <= '1;
        bank_pre_nq[b] <= '1;
        bank_rd_nq[b]  <= '1;
        bank_wr_nq[b]  <= '1;
      end
      bank_act_nz_q <= '0;
      bank_pre_nz_q <= '0;
      bank_rd_nz_q  <= '0;
      bank_wr_nz_q  <= '0;
    end else begin
      for (int b = 0; b < NumBanks; b++) begin
        // Hit by the row bus (_r) and the column bus (_c) at once, it takes a hit's gap
        // when the hit's distance exceeds what is left (act_*_later, one compare per bus
        // above), the column's when both do and the column's distance is the larger.
        bank_act_nq[b]   <= ActW'(ncount({{(TimerW-ActW){1'b0}}, bank_act_nq[b]},
                                         bank_act_nz_q[b],
                                         act_r_hit[b] && act_r_later &&
                                         !(act_c_hit[b] && act_c_later && act_c_gt_r),
                                         act_r_nb, act_c_hit[b] && act_c_later, act_c_nb));
        bank_act_nz_q[b] <= count2_nz({{(TimerW-ActW){1'b0}}, bank_act_q[b][ActW-1:1]},
                                      act_r_hit[b], act_r_xb, act_c_hit[b], act_c_xb);
        // PRE after ACT (tRAS): an ACT finds its bank's PRE countdown at zero (the bank was
        // closed by a PRE or PREA, which wait for it, or by an auto-precharge, whose ACT
        // countdown outlasts it; a_idle_at_act), so its load needs no compare with what is
        // left; a column command's (tRTP, write recovery) takes the later, as count2.
        bank_pre_nq[b]   <= PreW'(ncount({{(TimerW-PreW){1'b0}}, bank_pre_nq[b]}, bank_pre_nz_q[b],
                                         act_bank[b] && !(pre_c_hit[b] && pre_c_gt_r), pre_r_nb,
                                         pre_c_hit[b] && (act_bank[b] || pre_c_later),
                                         pre_c_nb));
        bank_pre_nz_q[b] <= (act_bank[b] ? pre_r_xb > 1 : bank_pre_q[b][PreW-1:1] != '0) ||
                            (pre_c_hit[b] && pre_c_xb > 1);
        // tRCDRD and tRCDWR: loaded by an ACT only, and then at zero (an ACT comes tRC or
        // more after the bank's last one, and the host refuses a tRCD above tRC:
        // rtl_limits.cpp; a_idle_at_act), so an ACT loads its gap with no compare
        // against what is left (two 7-bit compares per bank: 419 LUT of the Ahead block).
        bank_rd_nq[b]   <= RcdW'(ncount({{(TimerW-RcdW){1'b0}}, bank_rd_nq[b]}, bank_rd_nz_q[b],
                                        act_bank[b], rcdrd_nb, 1'b0, '0));
        bank_rd_nz_q[b] <= act_bank[b] ? rcdrd_xb > 1 : bank_rd_q[b][RcdW-1:1] != '0;
        bank_wr_nq[b]   <= RcdW'(ncount({{(TimerW-RcdW){1'b0}}, bank_wr_nq[b]}, bank_wr_nz_q[b],
                                        act_bank[b], rcdwr_nb, 1'b0, '0));
        bank_wr_nz_q[b] <= act_bank[b] ? rcdwr_xb > 1 : bank_wr_q[b][RcdW-1:1] != '0;
      end
    end
  end
`endif
  assign open_row_o = open_row_q;

  localparam int unsigned PcAct = 0, PcRd = 1, PcWr = 2, PcPre = 3, PcRef = 4, PcRefpb = 5;
  localparam int unsigned PcPrea = 6;
  logic pc_act_hit, pc_col_hit, pc_pre_hit;
  assign pc_act_hit = act || refpb;
  assign pc_col_hit = rd || wr;
  assign pc_pre_hit = pre || prea;


  // ---- Legality --------------------------------------------------------------------------
  // Each bank's group is one of four by the geometry's ba_bits: the group countdowns'
  // flags of those four, chosen per bank (constant indices, no computed part-select).
  function automatic logic [NumBanks-1:0] by_group_of(logic [NumGroups-1:0] per_group,
                                                      logic [1:0] ba_bits);
    by_group_of = '0;
    for (int k = 0; k < 4; k++) begin
      if (ba_bits == 2'(k)) begin
        for (int b = 0; b < NumBanks; b++) by_group_of[b] = per_group[(b >> k) & (NumGroups - 1)];
      end
    end
  endfunction
  // The simulation ORs the banks of each group whose flag is set, from masks it keeps for
  // the geometry's ba_bits (remade when they change, which the static configuration does
  // only in reset): 8 masked ORs where the choice was 32 bit moves for each of the four
  // widths, three times a tCK (2 % of a 1-PC run). Until the masks match, the choice as
  // synthesized. equiv.py checks the two forms.
`ifdef SYNTHESIS
  function automatic logic [NumBanks-1:0] by_group(logic [NumGroups-1:0] per_group);
    by_group = by_group_of(per_group, geo_i.ba_bits);
  endfunction
`else
  logic                grp_masks_ok_q;
  logic [1:0]          grp_ba_q;                    // the ba_bits the masks are for
  logic [NumBanks-1:0] grp_banks_q [NumGroups];     // the banks of group g
  logic                grp_masks_ok;
  assign grp_masks_ok = grp_masks_ok_q && grp_ba_q == geo_i.ba_bits;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      grp_masks_ok_q <= 1'b0;
    end else if (!grp_masks_ok) begin
      grp_masks_ok_q <= 1'b1;
      grp_ba_q       <= geo_i.ba_bits;
      for (int g = 0; g < NumGroups; g++) begin
        for (int b = 0; b < NumBanks; b++) grp_banks_q[g][b] <= ((b >> geo_i.ba_bits) & (NumGroups - 1)) == g;
      end
    end
  end
  function automatic logic [NumBanks-1:0] by_group(logic [NumGroups-1:0] per_group);
    if (grp_masks_ok) begin
      by_group = '0;
      for (int g = 0; g < NumGroups; g++) by_group = by_group | (grp_banks_q[g] & {NumBanks{per_group[g]}});
    end else begin
      by_group = by_group_of(per_group, geo_i.ba_bits);
    end
  endfunction
`endif
  logic [NumBanks-1:0] grp_act_busy, grp_rd_busy, grp_wr_busy, act_free;
  assign grp_act_busy = by_group(grp_act_nz_q);
  assign grp_rd_busy  = by_group(grp_rd_nz_q);
  assign grp_wr_busy  = by_group(grp_wr_nz_q);

  logic faw_ok;
  always_comb begin
    faw_ok = 1'b0;
    for (int i = 0; i < 4; i++) if (faw_ptr_q == 2'(i)) faw_ok = !faw_nz_q[i];
  end

  // A bank's ACT / REFpb countdown is the later of bank_act (its own commands), pc_prea
  // and pc_ref (PREA and REFab load every bank's alike): zero when all three are.
  assign act_free    = ~bank_act_nz_q & ~grp_act_busy &
                       {NumBanks{!pc_nz_q[PcAct] && !pc_nz_q[PcPrea] && !pc_nz_q[PcRef]}};
  assign can_act_o   = ~open_q & act_free & {NumBanks{faw_ok}};
  assign can_refpb_o = ~open_q & act_free & {NumBanks{!pc_nz_q[PcRefpb] && !pc_nz_q[PcRef]}};
  assign can_pre_o   = open_q & ~bank_pre_nz_q & {NumBanks{!pc_nz_q[PcPre]}};
  assign can_rd_o    = open_q & ~bank_rd_nz_q & ~grp_rd_busy & {NumBanks{!pc_nz_q[PcRd]}};
  assign can_wr_o    = open_q & ~bank_wr_nz_q & ~grp_wr_busy & {NumBanks{!pc_nz_q[PcWr]}};
  assign sid_rd_ok_o = ~sid_rd_nz_q;
  assign sid_wr_ok_o = ~sid_wr_nz_q;
  // Every bank, open or not: one closed by RDA/WRA may still be in write recovery (or
  // tRTP) from an earlier access, and PREA would cut that short.
  assign can_prea_o  = (bank_pre_nz_q == '0) && !pc_nz_q[PcPre];
  assign can_refab_o = (open_q == '0) && (bank_act_nz_q == '0) && !pc_nz_q[PcPrea] &&
                       !pc_nz_q[PcRef] && !pc_nz_q[PcRefpb];
  assign open_o      = open_q;

  // ---- Registers -------------------------------------------------------------------------
  // The group, stack-ID and PC countdowns and the open banks compute their next values in
  // this process, as the banks do in theirs: in an always_comb they depend on the
  // command the channel granted, so on the other PC's clock too, and a 1-PC run
  // re-evaluated the idle PC's countdowns on every edge of the busy one.
  // A command hits group g's countdown when it names g, stack ID s's tCCDR when it names
  // another stack ID.
  // As vectors, decoded once a tCK (bit g: group g's countdown is hit): as a function
  // called per group, countdown and use, Verilator evaluated each call on its own (2.5 % of
  // a 1-PC run).
  // (The simulation's group countdowns take the bus and its group instead: g_ends; the
  // Ahead outputs read these.)
  /* verilator lint_off UNUSEDSIGNAL */
  logic [NumGroups-1:0] grp_act_hit, grp_rd_hit, grp_wr_hit;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [NumSids-1:0]   sid_rd_hit, sid_wr_hit;
  assign grp_act_hit = (act || refpb) ? NumGroups'(1) << rg : '0;
  assign grp_rd_hit  = (rd || wr)     ? NumGroups'(1) << cg : '0;
  assign grp_wr_hit  = wr             ? NumGroups'(1) << cg : '0;
  assign sid_rd_hit  = rd ? ~(NumSids'(1) << cs) : '0;
  assign sid_wr_hit  = wr ? ~(NumSids'(1) << cs) : '0;

  // The countdowns of a bank group, a stack ID, tFAW and the PC (but tRFC's) hold a few
  // tens of tCK on every preset: they count at ShortW bits (hbm_pkg), their upper bits
  // always zero, which synthesis removes. The host refuses a standard whose distance would
  // not fit (rtl_limits.cpp), so the low bits are the whole distance.
  localparam int unsigned ShortW = hbm_pkg::ShortW;
  // (Its argument's upper bits are dropped: that is what it is for.)
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic timer_t short_of(timer_t v);
    short_of = {{(TimerW-ShortW){1'b0}}, v[ShortW-1:0]};
  endfunction
`ifdef SYNTHESIS
  // The complement of short_of(~v): a complemented countdown's upper bits stay ones.
  function automatic timer_t nshort_of(timer_t v);
    nshort_of = {{(TimerW-ShortW){1'b1}}, v[ShortW-1:0]};
  endfunction
`endif
  /* verilator lint_on UNUSEDSIGNAL */
  timer_t rrdl_s, ccdl_s, ccdr_s, ppd_s, rrefd_s, rpab_s, faw_s;
  timer_t grp_rd_s, pc_act_s, pc_rd_s, pc_wr_s;
  assign rrdl_s   = short_of(t_i.rrdl);
  assign ccdl_s   = short_of(t_i.ccdl);
  assign ccdr_s   = short_of(t_i.ccdr);
  assign ppd_s    = short_of(t_i.ppd);
  assign rrefd_s  = short_of(t_i.rrefd);
  assign rpab_s   = short_of(t_i.rpab);
  assign faw_s    = short_of(t_i.faw);
  assign grp_rd_s = short_of(grp_rd_x);
  assign pc_act_s = short_of(pc_act_x);
  assign pc_rd_s  = short_of(pc_rd_x);
  assign pc_wr_s  = short_of(pc_wr_x);

`ifndef SYNTHESIS
  // Simulation: each bank and group countdown as the tick it reaches zero (its end), on a
  // clock of tCKs since reset. Counting down, the 128 countdowns' per-bank tests, the few
  // that run and the copies of the packed counts were a tenth of a 1-PC run. A command that hits a
  // countdown with distance x sets its end to the later of the two (count2: the count
  // becomes gap(x) exactly when x exceeds it), so the count after the edge is end - (tick
  // + 1) while above zero and the flag is end > tick + 1. A flag falls when its end comes:
  // each kind keeps a wheel, one slot per tick modulo 2^ActW (no end lies further ahead:
  // hbm_pkg's widths), holding the banks whose end that is; the edge before that tick
  // clears their flags and empties the slot. Per tCK: a slot and the command's banks.
  // The groups' three kinds likewise (their counts at ShortW bits; group g at bank index
  // g of its vectors, the rest unused).
  localparam int unsigned Kinds  = 7;          // banks' ACT, PRE, RD, WR; groups' ACT, RD, WR
  localparam int unsigned Wheel  = 1 << ActW;  // the widest countdown's span
  logic [63:0] tick_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) tick_q <= '0;
    else         tick_q <= tick_q + 64'd1;
  end
  // The flag checks take every bank (group, stack ID) of a kind in one tCK, every NumBanks
  // (NumGroups, NumSids) tCK, with constant indices: a disagreement persists (a flag that
  // missed its end never falls; one set over a zero count wraps that count), so a check
  // every NumBanks tCK finds it within them, at a 32nd of the cost of checking all every
  // tCK (4.5 % of a 1-PC run), and without the variable index into packed counts that
  // checking one a tCK took (1.8 %). Their turn comes from the tick's low bits.
  logic [BankW-1:0] chk;
  assign chk = tick_q[BankW-1:0];
  // Per kind, the row bus's hit and the column bus's (valid, index, distance) and the
  // flags (a group kind's above bit NumGroups unused).
  logic [Kinds-1:0]              hit_r, hit_c;
  bank_t                         idx_r [Kinds];
  bank_t                         idx_c [Kinds];
  timer_t                        x_r   [Kinds];
  timer_t                        x_c   [Kinds];
  /* verilator lint_off UNUSEDSIGNAL */
  logic [Kinds-1:0][NumBanks-1:0] nz_k;
  logic [Kinds-1:0][NumBanks-1:0] exp1_k;   // read by the Ahead outputs only
  /* verilator lint_on UNUSEDSIGNAL */
  assign hit_r = {wr, rd || wr, act || refpb, act, act, act, act || pre || refpb};
  assign hit_c = {1'b0, 1'b0, 1'b0, 1'b0, 1'b0, rd || wr, col_ap};
  assign x_r[0] = act_r_xb;
  assign x_r[1] = pre_r_xb;
  assign x_r[2] = rcdrd_xb;
  assign x_r[3] = rcdwr_xb;
  assign x_r[4] = rrdl_s;
  assign x_r[5] = grp_rd_s;
  assign x_r[6] = ccdl_s;
  assign x_c[0] = act_c_xb;
  assign x_c[1] = pre_c_xb;
  for (genvar k = 2; k < Kinds; k++) begin : g_no_c
    assign x_c[k]   = '0;
    assign idx_c[k] = '0;
  end
  for (genvar k = 0; k < 4; k++) begin : g_bank_idx
    assign idx_r[k] = rb;
  end
  assign idx_c[0] = cb;
  assign idx_c[1] = cb;
  assign idx_r[4] = bank_t'(rg);
  assign idx_r[5] = bank_t'(cg);
  assign idx_r[6] = bank_t'(cg);
  assign {bank_wr_nz_q, bank_rd_nz_q, bank_pre_nz_q, bank_act_nz_q} = nz_k[3:0];
  assign grp_act_nz_q = nz_k[4][NumGroups-1:0];
  assign grp_rd_nz_q  = nz_k[5][NumGroups-1:0];
  assign grp_wr_nz_q  = nz_k[6][NumGroups-1:0];
  initial assert (PreW <= ActW && RcdW <= ActW && ShortW <= ActW);
  // The kinds an ACT loads as run out (bank PRE, RD, WR; hit_end).
  localparam logic [Kinds-1:0] RowLoads = 7'b0001110;
  for (genvar k = 0; k < Kinds; k++) begin : g_ends
    localparam int unsigned N = (k < 4) ? NumBanks : NumGroups;   // its countdowns
    logic [63:0]         end_m   [NumBanks];   // the tick the count reaches zero
    logic [NumBanks-1:0] wheel_m [Wheel];      // the banks whose end a slot's tick is
    logic [NumBanks-1:0] nz_q, exp1_q;         // flags; and those ending one tick on
    logic [NumBanks-1:0] nz;
    initial begin
      for (int i = 0; i < Wheel; i++) wheel_m[i] = '0;
      for (int b = 0; b < NumBanks; b++) end_m[b] = '0;
    end
    // The wheel and the ends are this process's own (blocking writes, read by no other
    // process); the flags are registers.
    /* verilator lint_off BLKSEQ */
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        for (int i = 0; i < Wheel; i++) wheel_m[i] = '0;
        for (int b = 0; b < NumBanks; b++) end_m[b] = '0;
        nz_q   <= '0;
        exp1_q <= '0;
      end else begin
        // Each flag agrees with its end (the wheel and the ends are kept apart), all of a
        // kind every N tCK.
        if ((chk & BankW'(N - 1)) == '0) begin
          for (int b = 0; b < N; b++) begin : chk_ends
            a_nz_agree: assert (nz_q[b] == (end_m[b] > tick_q));
          end
        end
        nz = nz_q & ~wheel_m[ActW'(tick_q + 64'd1)];
        wheel_m[ActW'(tick_q + 64'd1)] = '0;
        if (hit_r[k]) hit_end(idx_r[k], x_r[k], RowLoads[k]);
        if (hit_c[k]) hit_end(idx_c[k], x_c[k], 1'b0);
        nz_q   <= nz;
        if (Ahead) exp1_q <= wheel_m[ActW'(tick_q + 64'd2)];
      end
    end
    // A hit with distance x on bank b: its end becomes the later of its end and tick + x,
    // or tick + x itself for a load (an ACT's of the banks' PRE, RD and WR kinds, which it
    // finds run out: the synthesis form loads them with no compare).
    task automatic hit_end(bank_t b, timer_t x, logic load);
      logic [63:0] e;
      e = tick_q + 64'(x);
      if (load || e > end_m[b]) begin
        if (end_m[b] > tick_q + 64'd1) wheel_m[ActW'(end_m[b])][b] = 1'b0;
        end_m[b] = e;
        nz[b]    = x > 1;
        if (x > 1) wheel_m[ActW'(e)][b] = 1'b1;
      end
    endtask
    /* verilator lint_on BLKSEQ */
    assign nz_k[k]   = nz_q;
    assign exp1_k[k] = exp1_q;
  end
`endif

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
`ifdef SYNTHESIS
      for (int g = 0; g < NumGroups; g++) begin
        grp_act_nq[g] <= '1;
        grp_rd_nq[g]  <= '1;
        grp_wr_nq[g]  <= '1;
      end
      grp_act_nz_q  <= '0;
      grp_rd_nz_q   <= '0;
      grp_wr_nz_q   <= '0;
`endif
      for (int s = 0; s < NumSids; s++) begin
        sid_rd_q[s] <= '0;
        sid_wr_q[s] <= '0;
      end
      for (int i = 0; i < 4; i++) faw_q[i] <= '0;
      pc_act_q      <= '0;
      pc_rd_q       <= '0;
      pc_wr_q       <= '0;
      pc_pre_q      <= '0;
      pc_ref_q      <= '0;
      pc_refpb_q    <= '0;
      pc_prea_q     <= '0;
      faw_ptr_q     <= '0;
      open_q        <= '0;
      sid_rd_nz_q   <= '0;
      sid_wr_nz_q   <= '0;
      pc_nz_q       <= '0;
      faw_nz_q      <= '0;
    end else begin
      // The groups' countdowns (in simulation: g_ends). A stack ID's, the PC's or a tFAW
      // countdown at zero that no command hits is skipped in simulation.
`ifdef SYNTHESIS
      for (int g = 0; g < NumGroups; g++) begin
        grp_act_nq[g]   <= nshort_of(ncount(grp_act_nq[g], grp_act_nz_q[g],
                                            grp_act_hit[g] && rrdl_s > grp_act_q[g],
                                            ngap1(rrdl_s), 1'b0, '0));
        grp_act_nz_q[g] <= count_nz(grp_act_q[g][TimerW-1:1], grp_act_hit[g], rrdl_s > 1);
        grp_rd_nq[g]    <= nshort_of(ncount(grp_rd_nq[g], grp_rd_nz_q[g],
                                            grp_rd_hit[g] && grp_rd_s > grp_rd_q[g],
                                            ngap1(grp_rd_s), 1'b0, '0));
        grp_rd_nz_q[g]  <= count_nz(grp_rd_q[g][TimerW-1:1], grp_rd_hit[g], grp_rd_s > 1);
        grp_wr_nq[g]    <= nshort_of(ncount(grp_wr_nq[g], grp_wr_nz_q[g],
                                            grp_wr_hit[g] && ccdl_s > grp_wr_q[g],
                                            ngap1(ccdl_s), 1'b0, '0));
        grp_wr_nz_q[g]  <= count_nz(grp_wr_q[g][TimerW-1:1], grp_wr_hit[g], ccdl_s > 1);
      end
`endif
      // tCCDR gates a column command to another stack ID than the last one's.
      for (int s = 0; s < NumSids; s++) begin
        if (!SkipIdle || sid_rd_nz_q[s] || sid_rd_hit[s]) begin
          sid_rd_q[s] <= short_of(count(sid_rd_q[s], sid_rd_nz_q[s],
                                        sid_rd_hit[s] && ccdr_s > sid_rd_q[s], gap(ccdr_s), 1'b0, '0));
          sid_rd_nz_q[s] <= count_nz(sid_rd_q[s][TimerW-1:1], sid_rd_hit[s], ccdr_s > 1);
        end
        if (!SkipIdle || sid_wr_nz_q[s] || sid_wr_hit[s]) begin
          sid_wr_q[s] <= short_of(count(sid_wr_q[s], sid_wr_nz_q[s],
                                        sid_wr_hit[s] && ccdr_s > sid_wr_q[s], gap(ccdr_s), 1'b0, '0));
          sid_wr_nz_q[s] <= count_nz(sid_wr_q[s][TimerW-1:1], sid_wr_hit[s], ccdr_s > 1);
        end
      end
      if (!SkipIdle || pc_nz_q[PcAct] || pc_act_hit) begin
        pc_act_q <= short_of(count(pc_act_q, pc_nz_q[PcAct], pc_act_hit && pc_act_s > pc_act_q,
                                            gap(pc_act_s), 1'b0, '0));
        pc_nz_q[PcAct] <= count_nz(pc_act_q[TimerW-1:1], pc_act_hit, pc_act_s > 1);
      end
      if (!SkipIdle || pc_nz_q[PcRd] || pc_col_hit) begin
        pc_rd_q <= short_of(count(pc_rd_q, pc_nz_q[PcRd], pc_col_hit && pc_rd_s > pc_rd_q,
                                           gap(pc_rd_s), 1'b0, '0));
        pc_nz_q[PcRd] <= count_nz(pc_rd_q[TimerW-1:1], pc_col_hit, pc_rd_s > 1);
      end
      if (!SkipIdle || pc_nz_q[PcWr] || pc_col_hit) begin
        pc_wr_q <= short_of(count(pc_wr_q, pc_nz_q[PcWr], pc_col_hit && pc_wr_s > pc_wr_q,
                                           gap(pc_wr_s), 1'b0, '0));
        pc_nz_q[PcWr] <= count_nz(pc_wr_q[TimerW-1:1], pc_col_hit, pc_wr_s > 1);
      end
      if (!SkipIdle || pc_nz_q[PcPre] || pc_pre_hit) begin
        pc_pre_q <= short_of(count(pc_pre_q, pc_nz_q[PcPre], pc_pre_hit && ppd_s > pc_pre_q,
                                            gap(ppd_s), 1'b0, '0));
        pc_nz_q[PcPre] <= count_nz(pc_pre_q[TimerW-1:1], pc_pre_hit, ppd_s > 1);
      end
      if (!SkipIdle || pc_nz_q[PcRef] || refab) begin
        pc_ref_q <= count(pc_ref_q, pc_nz_q[PcRef], refab && t_i.rfc > pc_ref_q,
                          gap(t_i.rfc), 1'b0, '0);
        pc_nz_q[PcRef] <= count_nz(pc_ref_q[TimerW-1:1], refab, t_i.rfc > 1);
      end
      if (!SkipIdle || pc_nz_q[PcRefpb] || refpb) begin
        pc_refpb_q <= short_of(count(pc_refpb_q, pc_nz_q[PcRefpb], refpb && rrefd_s > pc_refpb_q,
                                              gap(rrefd_s), 1'b0, '0));
        pc_nz_q[PcRefpb] <= count_nz(pc_refpb_q[TimerW-1:1], refpb, rrefd_s > 1);
      end
      if (!SkipIdle || pc_nz_q[PcPrea] || prea) begin
        pc_prea_q <= short_of(count(pc_prea_q, pc_nz_q[PcPrea], prea && rpab_s > pc_prea_q,
                                             gap(rpab_s), 1'b0, '0));
        pc_nz_q[PcPrea] <= count_nz(pc_prea_q[TimerW-1:1], prea, rpab_s > 1);
      end

      // An ACT replaces the oldest of the four tFAW countdowns (not the later of both).
      for (int i = 0; i < 4; i++) begin
        if (!SkipIdle || faw_nz_q[i] || (act && faw_ptr_q == 2'(i))) begin
          faw_q[i] <= short_of(count(faw_q[i], faw_nz_q[i], act && faw_ptr_q == 2'(i), gap(faw_s),
                                              1'b0, '0));
          faw_nz_q[i] <= (act && faw_ptr_q == 2'(i)) ? faw_s > 1 :
                         count_nz(faw_q[i][TimerW-1:1], 1'b0, 1'b0);
        end
      end
      faw_ptr_q <= faw_ptr_q + {1'b0, act};
      open_q <= (open_q | act_bank) & ~({NumBanks{pre}} & rb_1h) & ~{NumBanks{prea}} & ~act_c_hit;
    end
  end

`ifndef SYNTHESIS
  // Each stack-ID and PC flag agrees with its countdown: the PC's every cycle, the stack
  // IDs' every NumSids cycles, all at once, as the banks' and groups' in g_ends. These are immediate assertions on this PC's clock, the
  // reset inside the asserted expression (under `if (rst_ni)` it would read as a
  // synchronous condition: SYNCASYNCNET): as concurrent assertions, Verilator copied every
  // signal they read on every evaluation, on either PC's clock (~6 % of a run).
  always_ff @(posedge clk_i) begin
    a_pc_nz_agree: assert (!rst_ni || pc_nz_q == {pc_prea_q != '0, pc_refpb_q != '0,
                                                  pc_ref_q != '0, pc_pre_q != '0,
                                                  pc_wr_q != '0, pc_rd_q != '0,
                                                  pc_act_q != '0});
    if (chk[SidW-1:0] == '0) begin
      for (int s = 0; s < NumSids; s++) begin : chk_sids
        a_sid_nz_agree: assert (!rst_ni || (sid_rd_nz_q[s] == (sid_rd_q[s] != '0) &&
                                            sid_wr_nz_q[s] == (sid_wr_q[s] != '0)));
      end
    end
  end
  // The scheduler only asks for commands this block calls legal.
  // Each under its command's test: a tCK without that command reads none of its legality
  // vector (as one expression each, every tCK, they took 1.2 % of a 1-PC run).
  always_ff @(posedge clk_i) begin
    if (act)   a_act_legal:   assert (!rst_ni || can_act_o[rb]);
    // An ACT finds its bank's PRE and tRCD countdowns at zero (what lets it load them
    // without a compare).
    if (act)   a_idle_at_act: assert (!rst_ni || (!bank_pre_nz_q[rb] && !bank_rd_nz_q[rb]
                                                  && !bank_wr_nz_q[rb]));
    if (pre)   a_pre_legal:   assert (!rst_ni || can_pre_o[rb]);
    if (prea)  a_prea_legal:  assert (!rst_ni || can_prea_o);
    if (refab) a_refab_legal: assert (!rst_ni || can_refab_o);
    if (refpb) a_refpb_legal: assert (!rst_ni || can_refpb_o[rb]);
    if (rd)    a_rd_legal:    assert (!rst_ni || (can_rd_o[cb] && sid_rd_ok_o[cs]));
    if (wr)    a_wr_legal:    assert (!rst_ni || (can_wr_o[cb] && sid_wr_ok_o[cs]));
  end
`endif

  // ---- Legality one tCK ahead -----------------------------------------------------------
  // After this edge a countdown still gates its command exactly when its flag will be set:
  // count_nz of the register process, from the count now and whether this tCK's command
  // hits it with a distance above 1. So each *_n output is its output above with every
  // flag replaced by that flag's next value, computed here for every countdown (the
  // register process computes the banks' only while they count) and with the distances'
  // compares from registers: no next count and no sum of the timing on the path.
  if (Ahead) begin : g_ahead
    logic [NumBanks-1:0]  bank_act_n, bank_pre_n, bank_rd_n, bank_wr_n, open_n, act_free_n;
    logic [NumGroups-1:0] grp_act_n, grp_rd_n, grp_wr_n;
    logic [NumSids-1:0]   sid_rd_n, sid_wr_n;
    logic                 pc_act_n, pc_rd_n, pc_wr_n, pc_pre_n, pc_ref_n, pc_refpb_n, pc_prea_n;
    logic                 faw_ok_n;
    // Whether each distance is above 1, from the static timing into registers (the command
    // only chooses among them). Loaded every tCK, in reset too, as the PC's copy of the
    // timing they come from. The sums wrap at 12 bits as the distances above do.
    timer_t rda_act_x, wra_act_x, wtrl_x, wtrs_x;
    assign rda_act_x = t_i.rtpl + t_i.rp;
    assign wra_act_x = wr_end + wr_rp;
    assign wtrl_x    = wr_end + t_i.wtrl;
    assign wtrs_x    = wr_end + t_i.wtrs;
    logic rc_q, rp_q, rfcpb_q, rda_act_q, wra_act_q, ras_q, rtpl_q, wra_pre_q, rcdrd_q;
    logic rcdwr_q, rrdl_q, wtrl_q, ccdl_q, ccdr_q, rrefd_q, rrds_q, wtrs_q, ccds_q, rtw_q;
    logic ppd_q, rfc_q, rpab_q;
    always_ff @(posedge clk_i) begin
      rc_q      <= t_i.rc > 1;
      rp_q      <= t_i.rp > 1;
      rfcpb_q   <= t_i.rfcpb > 1;
      rda_act_q <= rda_act_x > 1;
      wra_act_q <= wra_act_x > 1;
      ras_q     <= t_i.ras > 1;
      rtpl_q    <= t_i.rtpl > 1;
      wra_pre_q <= wr_to_pre > 1;
      rcdrd_q   <= t_i.rcdrd > 1;
      rcdwr_q   <= t_i.rcdwr > 1;
      rrdl_q    <= t_i.rrdl > 1;
      wtrl_q    <= wtrl_x > 1;
      ccdl_q    <= t_i.ccdl > 1;
      ccdr_q    <= t_i.ccdr > 1;
      rrefd_q   <= t_i.rrefd > 1;
      rrds_q    <= t_i.rrds > 1;
      wtrs_q    <= wtrs_x > 1;
      ccds_q    <= t_i.ccds > 1;
      rtw_q     <= t_i.rtw > 1;
      ppd_q     <= t_i.ppd > 1;
      rfc_q     <= t_i.rfc > 1;
      rpab_q    <= t_i.rpab > 1;
    end
    // Per countdown, the distance of this tCK's command that hits it is above 1 (the
    // x's of "Distances" above, by command).
    logic act_r_gt1, act_c_gt1, pre_c_gt1, grp_rd_gt1, pc_act_gt1, pc_rd_gt1, pc_wr_gt1;
    assign act_r_gt1  = (act && rc_q) || (pre && rp_q) || (refpb && rfcpb_q);
    assign act_c_gt1  = wr ? wra_act_q : rda_act_q;
    assign pre_c_gt1  = wr ? wra_pre_q : rtpl_q;
    assign grp_rd_gt1 = wr ? wtrl_q : ccdl_q;
    assign pc_act_gt1 = refpb ? rrefd_q : rrds_q;
    assign pc_rd_gt1  = wr ? wtrs_q : ccds_q;
    assign pc_wr_gt1  = wr ? ccds_q : rtw_q;
    // Per bank countdown, whether it is above 1 now (count_nz's first term). In simulation
    // that is a flag set and its end not the next tick (g_ends' exp1_q). The banks' next
    // flags are then count_nz as word-wide ANDs and ORs (count_nz of a countdown two
    // commands hit: the OR of one per command, as count2_nz).
    logic [NumBanks-1:0] act_gt1, pre_gt1, rd_gt1, wr_gt1;
`ifdef SYNTHESIS
    always_comb begin
      for (int b = 0; b < NumBanks; b++) begin
        // With the flag: the same wherever the flag says the count is not zero (every
        // state from reset on), and zero in the all-zero state of flip-flops never reset,
        // where the complemented count reads all ones (as the simulation's form does).
        act_gt1[b] = bank_act_nz_q[b] && bank_act_q[b][ActW-1:1] != '0;
        pre_gt1[b] = bank_pre_nz_q[b] && bank_pre_q[b][PreW-1:1] != '0;
        rd_gt1[b]  = bank_rd_nz_q[b] && bank_rd_q[b][RcdW-1:1] != '0;
        wr_gt1[b]  = bank_wr_nz_q[b] && bank_wr_q[b][RcdW-1:1] != '0;
      end
    end
`else
    assign {wr_gt1, rd_gt1, pre_gt1, act_gt1} = nz_k[3:0] & ~exp1_k[3:0];
`endif
    assign bank_act_n = act_gt1 | (act_r_hit & {NumBanks{act_r_gt1}}) |
                        (act_c_hit & {NumBanks{act_c_gt1}});
    assign bank_pre_n = (pre_gt1 & ~act_bank) | (act_bank & {NumBanks{ras_q}}) |
                        (pre_c_hit & {NumBanks{pre_c_gt1}});
    assign bank_rd_n  = (rd_gt1 & ~act_bank) | (act_bank & {NumBanks{rcdrd_q}});
    assign bank_wr_n  = (wr_gt1 & ~act_bank) | (act_bank & {NumBanks{rcdwr_q}});
    always_comb begin
`ifdef SYNTHESIS
      for (int g = 0; g < NumGroups; g++) begin
        // (Each count's flag with it, as the banks' above.)
        grp_act_n[g] = count_nz(grp_act_q[g][TimerW-1:1] & {(TimerW-1){grp_act_nz_q[g]}},
                                grp_act_hit[g], rrdl_q);
        grp_rd_n[g]  = count_nz(grp_rd_q[g][TimerW-1:1] & {(TimerW-1){grp_rd_nz_q[g]}},
                                grp_rd_hit[g], grp_rd_gt1);
        grp_wr_n[g]  = count_nz(grp_wr_q[g][TimerW-1:1] & {(TimerW-1){grp_wr_nz_q[g]}},
                                grp_wr_hit[g], ccdl_q);
      end
`else
      // (A flag set and its end not the next tick, as the banks' above.)
      grp_act_n = (nz_k[4][NumGroups-1:0] & ~exp1_k[4][NumGroups-1:0]) |
                  (grp_act_hit & {NumGroups{rrdl_q}});
      grp_rd_n  = (nz_k[5][NumGroups-1:0] & ~exp1_k[5][NumGroups-1:0]) |
                  (grp_rd_hit & {NumGroups{grp_rd_gt1}});
      grp_wr_n  = (nz_k[6][NumGroups-1:0] & ~exp1_k[6][NumGroups-1:0]) |
                  (grp_wr_hit & {NumGroups{ccdl_q}});
`endif
      for (int s = 0; s < NumSids; s++) begin
        sid_rd_n[s] = count_nz(sid_rd_q[s][TimerW-1:1], sid_rd_hit[s], ccdr_q);
        sid_wr_n[s] = count_nz(sid_wr_q[s][TimerW-1:1], sid_wr_hit[s], ccdr_q);
      end
      pc_act_n   = count_nz(pc_act_q[TimerW-1:1], pc_act_hit, pc_act_gt1);
      pc_rd_n    = count_nz(pc_rd_q[TimerW-1:1], pc_col_hit, pc_rd_gt1);
      pc_wr_n    = count_nz(pc_wr_q[TimerW-1:1], pc_col_hit, pc_wr_gt1);
      pc_pre_n   = count_nz(pc_pre_q[TimerW-1:1], pc_pre_hit, ppd_q);
      pc_ref_n   = count_nz(pc_ref_q[TimerW-1:1], refab, rfc_q);
      pc_refpb_n = count_nz(pc_refpb_q[TimerW-1:1], refpb, rrefd_q);
      pc_prea_n  = count_nz(pc_prea_q[TimerW-1:1], prea, rpab_q);
      // An ACT replaces the oldest tFAW countdown and moves the pointer to the next, which
      // no command hits this tCK.
      faw_ok_n = 1'b0;
      for (int i = 0; i < 4; i++) begin
        if (faw_ptr_q + {1'b0, act} == 2'(i)) begin
          faw_ok_n = !count_nz(faw_q[i][TimerW-1:1], 1'b0, 1'b0);
        end
      end
    end
    assign open_n      = (open_q | act_bank) & ~({NumBanks{pre}} & rb_1h) & ~{NumBanks{prea}} &
                         ~act_c_hit;
    assign act_free_n  = ~bank_act_n & ~by_group(grp_act_n) &
                         {NumBanks{!pc_act_n && !pc_prea_n && !pc_ref_n}};
    assign open_n_o      = open_n;
    assign can_act_n_o   = ~open_n & act_free_n & {NumBanks{faw_ok_n}};
    assign can_refpb_n_o = ~open_n & act_free_n & {NumBanks{!pc_refpb_n && !pc_ref_n}};
    assign can_pre_n_o   = open_n & ~bank_pre_n & {NumBanks{!pc_pre_n}};
    assign can_rd_n_o    = open_n & ~bank_rd_n & ~by_group(grp_rd_n) &
                           {NumBanks{!pc_rd_n}};
    assign can_wr_n_o    = open_n & ~bank_wr_n & ~by_group(grp_wr_n) &
                           {NumBanks{!pc_wr_n}};
    assign sid_rd_ok_n_o = ~sid_rd_n;
    assign sid_wr_ok_n_o = ~sid_wr_n;
    assign can_prea_n_o  = (bank_pre_n == '0) && !pc_pre_n;
    assign can_refab_n_o = (open_n == '0) && (bank_act_n == '0) && !pc_prea_n && !pc_ref_n &&
                           !pc_refpb_n;
`ifndef SYNTHESIS
    // What was said a tCK ahead is what is said now: the commands it was computed from are
    // the ones that issued.
    logic [6*NumBanks+2*NumSids+1:0] ahead_q, now_legal;
    logic                            ahead_v_q;
    assign now_legal = {open_o, can_act_o, can_pre_o, can_rd_o, can_wr_o, can_refpb_o,
                        sid_rd_ok_o, sid_wr_ok_o, can_prea_o, can_refab_o};
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        ahead_q   <= '0;
        ahead_v_q <= 1'b0;
      end else begin
        ahead_q   <= {open_n_o, can_act_n_o, can_pre_n_o, can_rd_n_o, can_wr_n_o, can_refpb_n_o,
                      sid_rd_ok_n_o, sid_wr_ok_n_o, can_prea_n_o, can_refab_n_o};
        ahead_v_q <= 1'b1;
      end
    end
    always_ff @(posedge clk_i)
      a_ahead_exact: assert (!rst_ni || !ahead_v_q || ahead_q == now_legal);
`endif
  end else begin : g_now_only
    assign open_n_o      = '0;
    assign can_act_n_o   = '0;
    assign can_pre_n_o   = '0;
    assign can_rd_n_o    = '0;
    assign can_wr_n_o    = '0;
    assign sid_rd_ok_n_o = '0;
    assign sid_wr_ok_n_o = '0;
    assign can_refpb_n_o = '0;
    assign can_prea_n_o  = 1'b0;
    assign can_refab_n_o = 1'b0;
  end
endmodule
