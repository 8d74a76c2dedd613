// Refresh manager of one pseudo-channel: decides when and what to refresh, and asks
// the scheduler for the row commands (PREA/REFab, or PRE/REFpb to one bank).
//
// All-bank mode: one REFab falls due every tREFI. Under load it is postponed, up to
// `postpone_i` owed (at most the standard's eight); at that point it is forced: no new
// ACT or column command until PREA and REFab went out, well before a ninth is owed.
// When the queues are empty a due refresh goes out at once, and with `pull_in_i` up to
// `postpone_i` refreshes are done ahead of time. Once its PREA has gone out, a refresh
// goes out even if a request arrives meanwhile (else each arrival within tRP would undo
// it and the next idle tCK close the rows again: one PREA per read on idle traffic).
//
// Per-bank mode: one REFpb falls due every tREFIpb; each round refreshes every bank once,
// choosing banks no queued request needs and none used lately first, so refresh hides
// behind traffic to other banks. With pull-in, up to four are done ahead under load, on
// such banks (a round ahead when idle). The debt is forced down at postpone_i/2 rounds,
// which keeps every bank within the standard's limit. Where the DRAM lets fewer than two
// be done ahead, a round starts only when its first REFpb is due (below).
//
// Written in the SystemVerilog subset yosys 0.23 reads (docs/synthesis.md): package names
// spelled out, ages in one flat vector, no divider (see the mode change below).
module hbm_refresh (
  input  logic                clk_i,
  input  logic                rst_ni,
  // Configuration comes whole; this block reads only some fields.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::timing_t    t_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic [hbm_pkg::NumBanks-1:0] banks_i,      // banks that exist in this organisation
  input  logic                per_bank_i,
  // The postpone limit, pull-in and ahead limit in effect, read by assertions only (the
  // logic reads the thresholds and flags registered from the next ones below).
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [3:0]          postpone_i,   // refreshes that may be owed (0 to 8)
  input  logic                pull_in_i,
  input  logic [3:0]          ahead_max_i,  // refreshes the DRAM lets be done ahead (0 to 8)
  /* verilator lint_on UNUSEDSIGNAL */
  // The same after this edge (hbm_csr's next policy): the thresholds derived from them
  // are registers, loaded as the policy is.
  input  logic                per_bank_next_i,
  input  logic [3:0]          postpone_next_i,
  input  logic                pull_in_next_i,
  input  logic [3:0]          ahead_max_next_i,
  // state of the PC
  input  logic [hbm_pkg::NumBanks-1:0] open_i,
  input  logic [hbm_pkg::NumBanks-1:0] wanted_i,     // banks queued requests need
  input  logic                idle_i,       // both queues empty
  input  logic [hbm_pkg::NumBanks-1:0] can_pre_i,
  input  logic [hbm_pkg::NumBanks-1:0] can_refpb_i,
  input  logic                can_prea_i,
  input  logic                can_refab_i,
  // Row and column command issued this cycle (only their kind and bank matter here), and
  // the PC's cycle stamp (hbm_pc_ctrl's now_q: its low bits time the quiet windows).
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::row_cmd_t   issued_i,
  input  hbm_pkg::col_cmd_t   col_issued_i,
  input  logic [15:0]         now_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // requests to the scheduler
  output hbm_pkg::row_cmd_t   cmd_o,        // RowNop: nothing to do now
  output logic [hbm_pkg::NumBanks-1:0] block_act_o,
  output logic [hbm_pkg::NumBanks-1:0] block_col_o,
  output logic signed [7:0]   owed_o        // REFab (all-bank) or REFpb (per-bank) owed
);
  // Per-bank debt may reach 4 rounds of 64 banks: wide enough for that and its sign.
  typedef logic signed [11:0] debt_t;
  localparam int unsigned NumBanks = hbm_pkg::NumBanks;
  localparam int unsigned BankW    = hbm_pkg::BankW;
  localparam int unsigned RefiW    = hbm_pkg::RefiW;
  typedef hbm_pkg::bank_t bank_t;

  // ---- Time: a refresh falls due every interval --------------------------------------
  logic [RefiW-1:0] cnt_q, cnt_d;
  logic             started_q, tick;
  logic             cnt_zero_q;   // cnt_q == 0, a register beside it: the compare began
                                  // the block's deepest path (tick -> debt -> its flags)
  logic [RefiW-1:0] interval;
  logic             mode_change;   // the policy's refresh mode changed on the last edge
  logic             per_bank_q;
  assign mode_change = per_bank_i != per_bank_q;
  assign interval = per_bank_i ? t_i.refipb : t_i.refi;
  assign tick     = started_q && cnt_zero_q;
  // The counter is loaded after reset, when the policy is still the reset one (all-bank):
  // the CSR write that selects per-bank refresh comes a few tCK later. At a change of mode
  // the time left is cut to the new interval, so the first tREFIpb is not a whole tREFI
  // (that put every REFpb of a run a round late); into all-bank it is kept, which is the
  // shorter of the two.
  always_comb begin
    if (!started_q || tick)                  cnt_d = interval - 1'b1;
    else if (mode_change && cnt_q > interval) cnt_d = interval - 1'b1;
    else                                     cnt_d = cnt_q - 1'b1;
  end

  // ---- Debt -----------------------------------------------------------------------------
  debt_t owed_q, owed_d;
  logic  refreshed;
  logic [6:0] bank_count_q;

  // The banks that exist are counted once, into a register: they change only with the
  // organisation, loaded in reset (4 clocks here). Counted every tCK, the popcount began
  // the whole PC's deepest path (geometry -> bank count -> force_at -> forced -> the queue
  // and the scheduler, issue 14). Loaded while in reset and in the tCK after it
  // (cfg_ld_q, as hbm_pc_ctrl latches the configuration; a register loaded on every tCK
  // costs the simulation a recount a tCK). A PC whose clock never runs keeps zero, which
  // its all-bank policy (zeros too) ignores.
  logic cfg_ld_q;
  hbm_cfg_load u_cfg_ld (.clk_i, .rst_ni, .load_o(cfg_ld_q));
  always_ff @(posedge clk_i) begin
    if (cfg_ld_q) bank_count_q <= 7'($countones(banks_i));
  end

  // The thresholds of the debt, as registers: forced when owed reaches force_at, pulled
  // in down to -ahead. They depend on the policy and the bank count only; computed every
  // tCK they began the whole PC's deepest path (postpone -> a 7 x 3-bit multiply ->
  // compare -> forced -> the scheduler's sets, issue 14). Loaded from the policy after
  // the edge (hbm_csr's next), they change on the edge the policy does, so the decisions
  // are those of the policy itself. Kept as force_at - 1 and -ahead, so that registers at
  // zero mean what the zero policy means (postpone 0, no pull-in): a PC whose clock never
  // runs (the idle one of a channel) starts at zero and sees no reset edge.
  debt_t banks_debt, force_above_q, neg_ahead_q;
  assign banks_debt = {5'b0, bank_count_q};
  // All-bank: force at the postpone limit (at least one owed); pull in as many.
  function automatic debt_t force_at_ab(logic [3:0] postpone);
    force_at_ab = (postpone == '0) ? 12'sd1 : {8'b0, postpone};
  endfunction
  function automatic debt_t neg_ahead_ab(logic [3:0] postpone, logic pull_in);
    neg_ahead_ab = pull_in ? -{8'b0, postpone} : '0;
  endfunction
  // Per-bank: force at half the limit in rounds of every bank; pull in one round.
  function automatic debt_t force_at_of(logic per_bank, logic [3:0] postpone);
    if (!per_bank)          force_at_of = force_at_ab(postpone);
    else if (postpone < 2)  force_at_of = 12'sd1;
    else                    force_at_of = banks_debt * {9'b0, postpone[3:1]};   // 7 x 3 bits
  endfunction
  function automatic debt_t neg_ahead_of(logic per_bank, logic [3:0] postpone, logic pull_in);
    if (!per_bank)     neg_ahead_of = neg_ahead_ab(postpone, pull_in);
    else if (pull_in)  neg_ahead_of = -banks_debt;
    else               neg_ahead_of = '0;
  endfunction
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      // The reset policy refreshes all-bank (a_thresholds checks it from the first tCK).
      force_above_q <= force_at_ab(hbm_pkg::ResetPostpone) - 12'sd1;
      neg_ahead_q   <= neg_ahead_ab(hbm_pkg::ResetPostpone, hbm_pkg::ResetPullIn);
    end else begin
      force_above_q <= force_at_of(per_bank_next_i, postpone_next_i) - 12'sd1;
      neg_ahead_q   <= neg_ahead_of(per_bank_next_i, postpone_next_i, pull_in_next_i);
    end
  end

  assign refreshed = per_bank_i ? (issued_i.cmd == hbm_pkg::RowRefpb)
                                : (issued_i.cmd == hbm_pkg::RowRefab);

  // Per-bank to all-bank divides the debt by the bank count, rounding up. Not by a divider:
  // by a multiply with ceil(2^18 / bank count), chosen from constants. For a dividend
  // n < 2^12 and a divisor d <= 64 that is exact: with m = ceil(2^18 / d) = (2^18 + e) / d,
  // 0 <= e < d, n * m / 2^18 = n / d + n * e / (d * 2^18), and n * e < 2^18 keeps the
  // extra below 1 / d, under the gap from n / d to the next integer. The dividend here
  // is at most 2047 + 63 (a positive debt plus bank count - 1). A bank count of 0 gives
  // 0, as Verilator's x / 0 in the original did. (Checked for every n < 2^12, d <= 64.)
  logic [18:0] recip;       // ceil(2^18 / bank count); 0 when no bank exists
`ifdef SYNTHESIS
  localparam bit Gate = 1'b0;
`else
  localparam bit Gate = 1'b1;   // in simulation the table is read at a change of mode only
`endif
  always_comb begin
    recip = '0;
    if (!Gate || mode_change) begin
      // Constants folded per k: the loop builds a table, not a divider.
      for (int k = 1; k <= NumBanks; k++)
        if (bank_count_q == 7'(k)) recip = 19'((2 ** 18 + k - 1) / k);
    end
  end

  // A change of mode converts what is owed into the new unit, rounding against us, and
  // forgets refreshes done ahead of time: times the bank count into per-bank, divided by
  // it (rounding up, by the reciprocal: 12 x 19 bits, one DSP) into all-bank.
  function automatic debt_t converted(debt_t x, logic change, logic to_per_bank);
    logic [11:0] num;    // x + bank count - 1: at most 2110, never wraps
    /* verilator lint_off UNUSEDSIGNAL */
    logic [29:0] prod;   // the quotient is [29:18]
    /* verilator lint_on UNUSEDSIGNAL */
    converted = x;
    num       = '0;
    prod      = '0;
    if (change) begin
      if (x <= 0)           converted = '0;
      else if (to_per_bank) converted = x * banks_debt;   // 12 x 7 bits
      else begin
        num       = x + banks_debt - 12'd1;
        prod      = 30'(num) * 30'(recip);
        converted = prod[29:18];
      end
    end
  endfunction

  // The debt after this tCK: one more at a tick, one less for a refresh issued.
  debt_t kept, paid;   // without / with this tCK's refresh
  assign kept = owed_q + {11'b0, tick};
  assign paid = kept - 12'sd1;

  // The debt's compares with its thresholds and zero, as registers loaded with the next
  // debt's: computed from owed_q they began the whole PC's deepest path (owed > force_at
  // -> forced -> block_act -> the scheduler's row sets, issue 14). Registers at zero (a PC
  // never clocked) say what a zero debt and zero thresholds say: none is over.
  // For synthesis the next debt and its compares are computed for both ends of the tCK,
  // with and without a refresh, converted at a change of mode, and chosen last by the
  // issued command: the channel's grant decides the command, and its path ran through
  // the subtract, the conversion's multiply and the compares (two more DSPs). In
  // simulation one of them. equiv.py checks the two forms equal; a_debt_flags checks the
  // registers.
  // In simulation the compares are made in the register process, at the edge only: the
  // next policy comes from the CSR's input logic, and as wires they were evaluated with
  // every change of the inputs (+0.7 % instructions per request on one PC).
  // No per-bank pull-in across a round's end where the DRAM lets fewer than two
  // refreshes be done ahead (ahead_max, the standard's refresh_postpone_max): a round
  // pulled in lets a bank refreshed last in one round be refreshed first in the next, twice
  // in one tREFI, and at 1 the second does not count and the bank later falls behind
  // (HBM3 with refresh_postpone_max 1, random traffic: a tREFI violation on 3 of 6 seeds).
  // A round whose first REFpb waits until due starts a round (tREFIpb x banks, at most
  // tREFI: the standard's loader checks it) after the last one did; within the round
  // refreshes are still pulled in, to hide behind traffic. The hold (the policy after the
  // edge, and no bank of the next round refreshed yet) is folded into the register of the
  // debt's pull-in compare, ahead_ok_q: as its own flags after the register, ABC's mapping
  // of the whole PC came out 1.7 k LUT larger (medians of 6 samples: 25 966 with the flags,
  // 24 137 folded, 24 256 before the hold).
  logic [hbm_pkg::NumBanks-1:0] done_q, done_d;     // refreshed in this round
  function automatic logic holds(logic per_bank, logic [3:0] ahead_max,
                                 logic [hbm_pkg::NumBanks-1:0] done);
    holds = per_bank && (ahead_max < 4'd2) && (done == '0);
  endfunction
  logic over_force_q, ahead_ok_q, over_zero_q, over_early_q;
  // Pulled in under load down to this debt (below): four tREFIpb of slack (four times the
  // usual spread of a stream's banks) against the round's last banks; a bench of the
  // tile's GEMVs gave 1.5 to 4.4 points more at 4 than at 0, 0.6 more than at 1 or 8.
  localparam debt_t EarlyFloor = -12'sd4;
`ifdef SYNTHESIS
  logic  over_force_d, ahead_ok_d, over_zero_d, over_early_d;
  debt_t force_above_d, neg_ahead_d;
  assign force_above_d = force_at_of(per_bank_next_i, postpone_next_i) - 12'sd1;
  assign neg_ahead_d   = neg_ahead_of(per_bank_next_i, postpone_next_i, pull_in_next_i);
  debt_t kept_x, paid_x;
  assign kept_x = converted(kept, mode_change, per_bank_i);
  assign paid_x = converted(paid, mode_change, per_bank_i);
  assign owed_d = refreshed ? paid_x : kept_x;
  assign over_force_d = refreshed ? (paid_x > force_above_d) : (kept_x > force_above_d);
  assign ahead_ok_d   = (refreshed ? (paid_x > neg_ahead_d) : (kept_x > neg_ahead_d)) &&
                        !holds(per_bank_next_i, ahead_max_next_i, done_d);
  assign over_zero_d  = refreshed ? (paid_x > 0)             : (kept_x > 0);
  assign over_early_d = refreshed ? (paid_x > EarlyFloor)    : (kept_x > EarlyFloor);
`else
  assign owed_d = converted(refreshed ? paid : kept, mode_change, per_bank_i);
`endif
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin   // a zero debt against the reset policy's thresholds
      over_force_q <= 12'sd0 > (force_at_ab(hbm_pkg::ResetPostpone) - 12'sd1);
      ahead_ok_q   <= 12'sd0 > neg_ahead_ab(hbm_pkg::ResetPostpone, hbm_pkg::ResetPullIn);
      over_zero_q  <= 1'b0;
      over_early_q <= 1'b1;
    end else begin
`ifdef SYNTHESIS
      over_force_q <= over_force_d;
      ahead_ok_q   <= ahead_ok_d;
      over_zero_q  <= over_zero_d;
      over_early_q <= over_early_d;
`else
      over_force_q <= owed_d > force_at_of(per_bank_next_i, postpone_next_i) - 12'sd1;
      ahead_ok_q   <= owed_d > neg_ahead_of(per_bank_next_i, postpone_next_i, pull_in_next_i) &&
                      !holds(per_bank_next_i, ahead_max_next_i, done_d);
      over_zero_q  <= owed_d > 0;
      over_early_q <= owed_d > EarlyFloor;
`endif
    end
  end

  assign owed_o = (owed_q > 127) ? 8'sd127 : (owed_q < -128) ? -8'sd128 : 8'(owed_q);

  // All-bank refresh waits for idle queues unless forced; per-bank refresh goes ahead
  // whenever one is owed, on a bank nobody is waiting for.
  // JEDEC also bounds the interval between two refreshes to 9 x tREFI: after pull-in
  // the debt alone would allow 16. In all-bank mode a refresh is forced once 8 interval
  // ticks passed since the last REFab (it goes out within the 9th interval).
  logic [3:0] gap_q;   // tREFI ticks since the last REFab
  logic       gap_due;
  assign gap_due = !per_bank_i && (gap_q >= 4'd8);

  // An all-bank refresh whose PREA went out and whose REFab has not yet.
  logic closed_for_q;
  logic forced, wanted;
  logic early;   // a per-bank refresh pulled in under load (below)
  assign forced = over_force_q || gap_due;
  assign wanted = forced || (idle_i && ahead_ok_q) || (per_bank_i && over_zero_q) ||
                  closed_for_q || early;

  // ---- Per-bank target: one bank at a time, each bank once per round ------------------
  bank_t               target_q, target_d;
  logic                have_target_q, have_target_d;
  logic [hbm_pkg::NumBanks-1:0] todo;
  bank_t               pick;
  logic                pick_ok;

  assign todo = banks_i & ~done_q;

  // Prefer a bank nobody waits for: first one quiet (no ACT or column command for a
  // window, below), then a closed one, then the one activated most lately. When forced
  // and every bank still to do is waited for, the one activated longest ago.
  // - A bank activated lately that is closed and unwanted again is one a stream has just
  //   left and needs last: a REFpb there (tRFCpb, longer than a stream's visit to a bank)
  //   does not land on the bank the stream enters next.
  // - But a bank the stream is still in goes unwanted for a moment whenever the queue's
  //   share of its row has been served (an AXI master's next bursts not yet in), and
  //   it is the youngest of all: a REFpb there stalls its row's requests for tRFCpb, and
  //   the queue fills with them, the whole PC waits. Quiet banks rule that out.
  // - Forced, the bank a stream has just entered is the youngest; an old one holds what
  //   waits anyway, as writes for the next drain.
  // A tile's GEMV lost 3 points of its 4096 x 4096 case to the last two (issue 9).
  // Age counts REFpbs since a bank's last ACT, up to 31: with 3 bits (up to 7) the banks
  // a stream left longest ago, and those it enters next, all read 7, and among equals the
  // lowest index goes first; an ascending stream then found its next banks refreshing
  // (HBM4, tREFIpb 121 tCK: a GEMV at 73-79 % of peak). 31 REFpbs are a round of 32
  // banks, half of one of 64. Bank b's age at age_q[AgeW*b +: AgeW] (yosys reads no
  // unpacked-array argument), read and written in loops with constant indices.
  localparam int unsigned AgeW = 5;
  // The forced pick's search for the oldest reads the ages' top 3 bits only (which tells
  // the bank a stream has just entered from an old one; the low bits' compares cost 200
  // LUTs).
  localparam logic [AgeW*NumBanks-1:0] OldMask = {NumBanks{{3{1'b1}}, {(AgeW-3){1'b0}}}};
  logic [AgeW*NumBanks-1:0] age_q;
  logic [hbm_pkg::NumBanks-1:0] idle_todo;
  assign idle_todo = todo & ~wanted_i;

  // Banks used lately: an ACT or a column command in this window of 2^QuietW tCK or the
  // last one (so quiet for at least one window, at most two); a window ends where the
  // cycle stamp's low QuietW bits are all ones. 32-64 tCK: shorter than
  // every standard's tREFIpb (HBM4's 121), so a bank a stream left one REFpb ago is quiet
  // by the next; longer than the pauses of a stream inside a bank. (64-128 tCK took 5-9
  // points off HBM4's GEMVs, 16-32 1.5 off HBM3's 4096 x 4096: bench of the tile's
  // shapes on HBM3, HBM3E and HBM4.)
  localparam int unsigned QuietW = 5;
  logic [hbm_pkg::NumBanks-1:0] used_now_q, used_last_q, quiet;
  logic [hbm_pkg::NumBanks-1:0] idle_quiet_closed;   // the banks of the first rank (below)
  logic                         quiet_left_q;        // (below)
  assign quiet             = ~(used_now_q | used_last_q);
  assign idle_quiet_closed = idle_todo & quiet & ~open_i;
  logic [hbm_pkg::NumBanks-1:0] used_1h;   // the banks this tCK's commands use
  always_comb begin
    used_1h = '0;
    if (issued_i.cmd == hbm_pkg::RowAct) used_1h = hbm_pkg::bank_1h(issued_i.bank);
    if (col_issued_i.cmd != hbm_pkg::ColNop)
      used_1h = used_1h | hbm_pkg::bank_1h(col_issued_i.bank);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      used_now_q   <= '0;
      used_last_q  <= '0;
      quiet_left_q <= 1'b0;
    end else begin
      quiet_left_q <= idle_quiet_closed != '0;
      if (now_i[QuietW-1:0] == '1) begin
        used_last_q <= used_now_q | used_1h;
        used_now_q  <= '0;
      end else begin
        used_now_q  <= used_now_q | used_1h;
      end
    end
  end

  // The youngest candidate (lowest index among equals; the oldest with the ages inverted);
  // MSB set when there is one. A tree of pairs, the lower half winning ties:
  // log2(NumBanks) levels, not a chain of NumBanks compares. Level l combines entries 2i
  // and 2i+1 into entry i, in place.
  function automatic logic [BankW:0] youngest(logic [NumBanks-1:0] cand,
                                              logic [AgeW*NumBanks-1:0] age);
    logic [NumBanks-1:0]       v;
    logic [BankW*NumBanks-1:0] idx;
    logic [AgeW*NumBanks-1:0]  ag;
    logic                      take_hi;
    v  = cand;
    ag = age;
    for (int k = 0; k < NumBanks; k++) idx[BankW*k +: BankW] = BankW'(k);
    for (int l = 0; l < BankW; l++) begin
      for (int i = 0; i < NumBanks / 2; i++) begin
        if (i < (NumBanks >> (l + 1))) begin
          take_hi = v[2*i+1] && (!v[2*i] || ag[AgeW*(2*i+1) +: AgeW] < ag[AgeW*(2*i) +: AgeW]);
          v[i]    = take_hi ? v[2*i+1] : v[2*i];
          ag[AgeW*i +: AgeW] = take_hi ? ag[AgeW*(2*i+1) +: AgeW] : ag[AgeW*(2*i) +: AgeW];
          idx[BankW*i +: BankW] = take_hi ? idx[BankW*(2*i+1) +: BankW]
                                          : idx[BankW*(2*i) +: BankW];
        end
      end
    end
    youngest = v[0] ? {1'b1, idx[BankW-1:0]} : '0;
  endfunction

  // Per-bank pull-in under load, as DARP (Chang et al., HPCA 2014): while the debt may go
  // below zero (pull_in_i) and is above EarlyFloor, a closed quiet bank of this round that
  // no queued request needs is refreshed now, not only when the queues are empty. Else
  // every REFpb went out just when due, with no room to wait: at a round's end (or forced
  // at once, postpone 0) it fell on a bank a stream was in. It only spends credit pull-in
  // gives anyway (idle queues pull in a whole round), so no bank waits longer for its
  // refresh than before. Whether such a bank is left is a register (quiet_left_q, last
  // tCK's): the pick a tCK later costs nothing, and the sets are not in the path to
  // `wanted` (nor evaluated with every change of the queue, in simulation).
  assign early = per_bank_i && ahead_ok_q && over_early_q && quiet_left_q;

  // A target is chosen only in per-bank mode, without one, when a refresh is wanted: the
  // search runs then only (in simulation, the search is most of this block's time).
  // One search serves both picks: the youngest of the first set of unwanted banks that
  // has one, or, when every bank still to do is wanted and the refresh is forced, the
  // oldest of them (the youngest with the ages inverted). The two never both find a bank,
  // so choosing the search's inputs rather than its results is exact, and saves a second
  // search (2 138 -> 2 021 LUT in one yosys run).
  logic           choosing;
  logic [hbm_pkg::NumBanks-1:0] search_set;
  logic [AgeW*NumBanks-1:0]     search_key;
  assign choosing = per_bank_i && !have_target_q && wanted;
  always_comb begin
    search_set = '0;
    search_key = age_q;
    pick_ok    = 1'b0;
    pick       = '0;
    if (choosing) begin
      // The banks nobody waits for that rank first: quiet and closed, quiet, closed, any
      // (one search over the first set that has one, not a search per set); empty only
      // when idle_todo is.
      if (idle_quiet_closed != '0)          search_set = idle_quiet_closed;
      else if ((idle_todo & quiet) != '0)   search_set = idle_todo & quiet;
      else if ((idle_todo & ~open_i) != '0) search_set = idle_todo & ~open_i;
      else                                  search_set = idle_todo;
      if (idle_todo == '0 && forced) begin
        search_set = todo;
        search_key = ~age_q & OldMask;   // the oldest, by the ages' top bits
      end
      {pick_ok, pick} = youngest(search_set, search_key);
    end
  end

  // An age one REFpb older, at 31 staying there (the sum bit by bit: hbm_pkg::plus1).
  function automatic logic [AgeW-1:0] older(logic [AgeW-1:0] a);
    older = AgeW'(hbm_pkg::plus1(8'(a))) | {AgeW{a == '1}};
  endfunction

  // The loops run only on the cycles that change an age (simulation time).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      age_q <= '1;
    end else if (issued_i.cmd == hbm_pkg::RowAct) begin
      for (int b = 0; b < NumBanks; b++)
        if (issued_i.bank == BankW'(b)) age_q[AgeW*b +: AgeW] <= '0;
    end else if (issued_i.cmd == hbm_pkg::RowRefpb) begin
      for (int b = 0; b < NumBanks; b++)
        age_q[AgeW*b +: AgeW] <= older(age_q[AgeW*b +: AgeW]);
    end
  end

  // Bank decodes as hbm_pkg::bank_1h (an indexed bit write became a 32-bit carry chain in
  // yosys 0.23, 4 LUT levels on the way to block_act_o).
  logic [hbm_pkg::NumBanks-1:0] issued_1h, target_1h;
  assign issued_1h = hbm_pkg::bank_1h(issued_i.bank);
  assign target_1h = hbm_pkg::bank_1h(target_q);
  always_comb begin
    done_d        = done_q;
    target_d      = target_q;
    have_target_d = have_target_q;
    if (per_bank_i && issued_i.cmd == hbm_pkg::RowRefpb) begin
      done_d        = done_q | issued_1h;
      have_target_d = 1'b0;
      if ((todo & ~issued_1h) == '0) done_d = '0;  // round complete
    end else if (per_bank_i && !have_target_q && wanted && pick_ok) begin
      target_d      = pick;
      have_target_d = 1'b1;
    end
    if (!per_bank_i) begin
      have_target_d = 1'b0;
      done_d        = '0;
    end
  end

  // ---- Commands ---------------------------------------------------------------------------
  always_comb begin
    cmd_o       = '0;
    cmd_o.cmd   = hbm_pkg::RowNop;
    block_act_o = '0;
    block_col_o = '0;
    if (!per_bank_i) begin
      if (wanted) begin
        block_act_o = '1;
        if (forced) block_col_o = '1;
        if (open_i != '0) begin
          if (can_prea_i) cmd_o.cmd = hbm_pkg::RowPrea;
        end else if (can_refab_i) begin
          cmd_o.cmd = hbm_pkg::RowRefab;
        end
      end
    end else if (have_target_q) begin
      block_act_o = target_1h;
      if (forced) block_col_o = target_1h;
      cmd_o.bank = target_q;
      if (open_i[target_q]) begin
        if (can_pre_i[target_q] && (forced || !wanted_i[target_q])) cmd_o.cmd = hbm_pkg::RowPre;
      end else if (can_refpb_i[target_q]) begin
        cmd_o.cmd = hbm_pkg::RowRefpb;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q         <= '0;
      cnt_zero_q    <= 1'b1;
      started_q     <= 1'b0;
      owed_q        <= '0;
      per_bank_q    <= 1'b0;
      gap_q         <= '0;
      closed_for_q  <= 1'b0;
      done_q        <= '0;
      target_q      <= '0;
      have_target_q <= 1'b0;
    end else begin
      cnt_q         <= cnt_d;
      cnt_zero_q    <= cnt_d == '0;
      started_q     <= 1'b1;
      owed_q        <= owed_d;
      per_bank_q    <= per_bank_i;
      if (issued_i.cmd == hbm_pkg::RowRefab) gap_q <= '0;
      else if (tick && gap_q != 4'hf) gap_q <= gap_q + 4'd1;
      if (per_bank_i || issued_i.cmd == hbm_pkg::RowRefab) closed_for_q <= 1'b0;
      else if (issued_i.cmd == hbm_pkg::RowPrea)          closed_for_q <= 1'b1;
      done_q        <= done_d;
      target_q      <= target_d;
      have_target_q <= have_target_d;
    end
  end

`ifndef SYNTHESIS
  // JEDEC allows eight postponed refreshes; the ninth would lose data.
  always_ff @(posedge clk_i)
    a_all_bank_limit: assert (!rst_ni || per_bank_i || (owed_q <= 12'sd8));
  always_ff @(posedge clk_i)
    a_target_exists: assert (!rst_ni || !have_target_q || banks_i[target_q]);
  // The registered thresholds are the policy's in effect (what makes them exact).
  always_ff @(posedge clk_i)
    a_thresholds: assert (!rst_ni ||
      (force_above_q == force_at_of(per_bank_i, postpone_i) - 12'sd1 &&
       neg_ahead_q == neg_ahead_of(per_bank_i, postpone_i, pull_in_i)));
  always_ff @(posedge clk_i)
    a_cnt_zero: assert (!rst_ni || cnt_zero_q == (cnt_q == '0));
  always_ff @(posedge clk_i)
    a_debt_flags: assert (!rst_ni || (over_force_q == (owed_q > force_above_q) &&
      ahead_ok_q == ((owed_q > neg_ahead_q) && !holds(per_bank_i, ahead_max_i, done_q)) &&
      over_zero_q == (owed_q > 0) &&
      over_early_q == (owed_q > EarlyFloor)));
`endif
endmodule
