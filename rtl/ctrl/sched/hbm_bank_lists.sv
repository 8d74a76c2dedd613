// Transaction queue as per-bank lists: the pool of read and write entries of
// hbm_txn_queue, each entry linked into the list of its bank and direction in arrival
// order, and only the lists' heads offered to the scheduler (hbm_pc_ctrl's Lists).
//
// Why: the scheduler's per-entry facts are per-bank facts looked up by each entry's bank
// (a 32:1 choice per entry and per fact, the 64 x 32 cross product that made the pooled
// scheduler ~14 k LUT and a large share of each simulated tCK). A list's head belongs to
// a fixed bank, so those lookups become wires. The pool stays shared: 32 reads and 32
// writes in any mix of banks, with no per-bank depth to fill (LiteDRAM's bank machines
// have a FIFO per bank instead).
//
// What it changes: within one bank and direction requests go in arrival order (FR-FCFS
// across banks and across the read and write lists of a bank; a younger hit behind an
// older miss of the same list waits for it). Everything else is the pooled queue's:
// ranks in arrival order, the oldest and its starvation check.
//
// Lists: list l holds bank l % NumBanks, reads for l < NumBanks and writes above (the
// scheduler's partition, its RDepth = WDepth = NumBanks). Per list its head and tail
// entry; per entry its successor. The head's row, row hit, rank and more_in_row (its
// burst goes on in its row: the closed page policy's auto-precharge) are
// registers of the list, loaded when an entry becomes head (an arrival to an empty list,
// or the successor when the head's column command issues): the scheduler reads them for
// every head. Its column and slot are read from the entry once the scheduler has picked
// the head for a column command (pick_i), so no list keeps a copy.
//
// Ordering to one 32-byte line: a list keeps its own direction in order (read after
// read, write after write). A request of the other direction to a queued line (read
// after write, write after read) is not taken in until that line's requests have left:
// rd_conflict_o and wr_conflict_o answer the front end's two candidates (its read beat,
// its oldest staged write), which it treats as no room. The queue then holds no
// dependencies (the pooled queue's matrix, here a waited-for entry per entry and per
// head: 3.6 k LUT), and what it holds can always go. Such lines are rare in traffic: a
// request to one waits at the front end, and those behind it with it.
module hbm_bank_lists #(
  parameter int unsigned RDepth = 32,
  parameter int unsigned WDepth = 32,
  localparam int unsigned E     = RDepth + WDepth,        // entries
  localparam int unsigned L     = 2 * hbm_pkg::NumBanks,  // lists
  localparam int unsigned RankW = ($clog2(E) > $clog2(L)) ? $clog2(E) : $clog2(L)
) (
  input  logic                               clk_i,
  input  logic                               rst_ni,
  input  hbm_pkg::req_t                      req_i,
  input  logic                               push_i,
  output logic                               rd_space_o,
  output logic                               wr_space_o,
  // the front end's next read and next write (bank, row, column; slot and direction unused)
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::req_t                      rd_probe_i,
  input  hbm_pkg::req_t                      wr_probe_i,
  /* verilator lint_on UNUSEDSIGNAL */
  output logic                               rd_conflict_o, // a write to rd_probe_i's line is queued
  output logic                               wr_conflict_o, // a read to wr_probe_i's line is queued
  input  logic [L-1:0]                       pop_i,      // lists whose head's column command issued
  input  logic [L-1:0]                       pick_i,     // the list whose head the column command takes (one-hot or 0)
  input  logic [15:0]                        now_i,
  input  logic [15:0]                        starve_next_i, // the starvation cap after this edge (0: none)
  input  logic [15:0]                        starve_i,   // the cap now (assertion only)
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::row_cmd_t                  row_cmd_i,  // commands that took effect this cycle
  input  hbm_pkg::col_cmd_t                  col_cmd_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic [hbm_pkg::NumBanks-1:0]       open_i,     // the banks before them
  input  logic [hbm_pkg::NumBanks*hbm_pkg::RowW-1:0] open_row_i,
  // the lists' heads, as hbm_txn_queue's entries (list l's field at [l*W +: W])
  output logic [L*hbm_pkg::BankW-1:0]        bank_o,     // constant: l % NumBanks
  output logic [L*hbm_pkg::RowW-1:0]         row_o,
  output logic [hbm_pkg::ColW-1:0]           pick_col_o,  // pick_i's head's column and slot (0 without a pick)
  output logic [hbm_pkg::SlotW-1:0]          pick_slot_o,
  output logic [L-1:0]                       valid_o,    // the list is not empty
  output logic [L-1:0]                       hit_o,
  output logic [RankW*L-1:0]                 rank_o,     // bit k of head l's rank at [k*L + l]
  output logic [L-1:0]                       oldest_o,
  output logic                               overdue_o,
  output logic [hbm_pkg::BankW-1:0]          oldest_bank_o,
  output logic [L-1:0]                       first_o,    // the older head of its bank
  output logic [L-1:0]                       same_row_next_o, // the head's successor wants its row
  output logic [L-1:0]                       more_in_row_o,   // the head's burst goes on in its row
  output logic [hbm_pkg::NumBanks*L-1:0]     members_o,  // constant: lists l and l + NumBanks
  output logic [hbm_pkg::NumBanks-1:0]       wanted_o,
  output logic [$clog2(E):0]                 rd_count_o,
  output logic [$clog2(E):0]                 wr_count_o
);
  localparam int unsigned NumBanks = hbm_pkg::NumBanks;
  localparam int unsigned BankW    = hbm_pkg::BankW;
  localparam int unsigned RowW     = hbm_pkg::RowW;
  localparam int unsigned ColW     = hbm_pkg::ColW;
  localparam int unsigned SlotW    = hbm_pkg::SlotW;
  localparam int unsigned IdxW     = $clog2(E);
  localparam int unsigned ListW    = $clog2(L);
  localparam logic [E-1:0] WriteEntries = {{WDepth{1'b1}}, {RDepth{1'b0}}};
  // In simulation a next-state fact is computed only in a tCK that changes it (a push, a
  // pop, a load, an ACT): most tCKs change none, and the PCs without traffic never do.
  // Synthesis computes every fact every tCK (what the logic does anyway); equiv.py checks
  // the two forms equal.
`ifdef SYNTHESIS
  localparam bit Lazy = 1'b0;
`else
  localparam bit Lazy = 1'b1;
`endif

  // ---- Storage -------------------------------------------------------------------------
  // Entries (flat, as hbm_txn_queue's): the fields the line probes compare in every entry
  // at once, rank (the arrival is hbm_oldest_age's).
  logic [E*BankW-1:0] e_bank_q;
  logic [E*RowW-1:0]  e_row_q;
  logic [E*ColW-1:0]  e_col_q;
  logic [E-1:0]       e_valid_q, e_valid_d;
  logic [RankW*E-1:0] e_rank_q, e_rank_d;
  // What is read at one entry at a time, as memories (LUT-RAM for synthesis: a write port
  // and a read port per index read, where flip-flops took an E:1 AND-OR per bit and per
  // read; docs/synthesis.md, "The lists' one-index reads in LUT-RAM"). Each is written
  // under the condition its flip-flops were, so it holds what they held (e_same_m but its
  // clear). No reset: an entry's word is read only after its arrival wrote it.
  logic [IdxW-1:0]       e_next_m [E];   // the successor: written at the tail, read at the popped head
  logic                  e_same_m [E];   // the successor wants the entry's row: written with
                                         // it, read at the popped head's successor (not
                                         // cleared on arrival: read only if that one has a
                                         // successor, i.e. is not its list's tail)
  logic [RowW-1:0]       e_row_m  [E];   // row: read at the successor and at the tail
  logic                  e_more_m [E];   // more_in_row: read at the successor
  logic [ColW+SlotW-1:0] e_cs_m   [E];   // {col, slot}: read at the picked head
  // Lists: head and tail entry (the tail a memory, read at the push's and the pop's list),
  // whether the list holds one entry; the head's row, hit, rank. The head entry is written
  // by a pop (its successor) and by an arrival to an empty list, in one cycle to two lists:
  // a memory per writer, and per list which of them wrote last (l_hpush_q), read at the
  // popped and the picked list.
  logic [IdxW-1:0]    l_hpop_m  [L];
  logic [IdxW-1:0]    l_hpush_m [L];
  logic [L-1:0]       l_hpush_q, l_hpush_d;
  logic [IdxW-1:0]    l_tail_m [L];
  logic [L-1:0]       l_valid_q, l_valid_d, l_one_q, l_one_d, h_hit_q, h_hit_d;
  logic [L-1:0]       h_same_q, h_same_d, h_more_q;
  logic [L*RowW-1:0]  h_row_q;
  logic [RankW*L-1:0] h_rank_q, h_rank_d, h_rank_dec;

  // The one-hot of an entry index, for what the entries keep in flip-flops (the popped
  // entry's valid bit, the successor's rank): for synthesis a compare per entry (a
  // variable part-select became shifters and multipliers in yosys 0.23: the first form of
  // this block was 55 k LUT), in simulation a shift. equiv.py checks the two forms equal.
  function automatic logic [E-1:0] entry_1h(logic [IdxW-1:0] idx);
`ifdef SYNTHESIS
    for (int i = 0; i < E; i++) entry_1h[i] = idx == IdxW'(i);
`else
    entry_1h = E'(1) << idx;
`endif
  endfunction

  // The index of a list's one-hot (an OR per bit; in simulation a count for a one-hot or
  // none, whose count of all ones wraps to 0: the loop's answer).
  function automatic logic [ListW-1:0] list_index(logic [L-1:0] lists);
`ifndef SYNTHESIS
    if ($onehot0(lists)) list_index = ListW'($countones(lists - 1'b1));
    else
`endif
    begin
      list_index = '0;
      for (int l = 0; l < L; l++) if (lists[l]) list_index = list_index | ListW'(l);
    end
  endfunction

  // ---- The pop: the head of one list leaves ---------------------------------------------
  // pop_i is one-hot (a_one_pop); its list's bank one-hot is pb_1h.
  logic             popping, pop_last;
  logic [ListW-1:0] pl;              // the popped list
  logic [IdxW-1:0]  ph_pop, ph_push; // its head in the two memories
  logic [IdxW-1:0]  ph, succ;        // the popped head entry and that entry's successor
  logic [IdxW-1:0]  p_tail;          // the popped list's tail
  logic [E-1:0]     ph_oh, succ_oh, remaining;
  logic [RankW-1:0] pop_rank;
  logic [NumBanks-1:0] pb_1h;
  // The successor's fields.
  logic [RowW-1:0]  s_row;
  logic             s_same, s_more;
  assign popping = pop_i != '0;
  assign pb_1h   = pop_i[NumBanks-1:0] | pop_i[L-1:NumBanks];
  assign pl       = list_index(pop_i);
  assign pop_last = (pop_i & l_one_q) != '0;
  assign ph_pop   = l_hpop_m[pl];
  assign ph_push  = l_hpush_m[pl];
  assign ph       = ((pop_i & l_hpush_q) != '0) ? ph_push : ph_pop;
  always_comb begin
    pop_rank = '0;
    ph_oh    = '0;
    if (popping) begin
      for (int k = 0; k < RankW; k++) pop_rank[k] = (h_rank_q[k*L +: L] & pop_i) != '0;
      ph_oh = entry_1h(ph);
    end
  end
  // The successor and its fields from the memories (read without a pop too: every use is
  // under succ_load). Its same-row flag is its successor's, if it has one.
  assign succ    = e_next_m[ph];
  assign succ_oh = entry_1h(succ);
  assign s_row   = e_row_m[succ];
  assign s_more  = e_more_m[succ];
  assign p_tail  = l_tail_m[pl];
  assign s_same  = e_same_m[succ] && succ != p_tail;
  assign remaining = e_valid_q & ~ph_oh;

  // Whether `row` is open in the bank of `bank_1h` once this cycle's commands have acted
  // (an ACT opens its bank at its row; PRE, PREA and an auto-precharge close it), for a
  // head that loads (`load`; else 0, and in simulation nothing is computed).
  logic [NumBanks-1:0] act_1h, pre_1h, ap_1h;
  assign act_1h = (row_cmd_i.cmd == hbm_pkg::RowAct) ? hbm_pkg::bank_1h(row_cmd_i.bank) : '0;
  assign pre_1h = (row_cmd_i.cmd == hbm_pkg::RowPrea) ? '1 :
                  (row_cmd_i.cmd == hbm_pkg::RowPre)  ? hbm_pkg::bank_1h(row_cmd_i.bank) : '0;
  assign ap_1h  = (col_cmd_i.cmd != hbm_pkg::ColNop && col_cmd_i.ap) ?
                  hbm_pkg::bank_1h(col_cmd_i.bank) : '0;
  function automatic logic open_after(logic load, logic [NumBanks-1:0] b_1h,
                                      logic [RowW-1:0] row);
    logic            o;
    logic [RowW-1:0] r;
    open_after = 1'b0;
    if (load) begin
      o = (open_i & b_1h) != '0;
      r = '0;
`ifndef SYNTHESIS
      // Simulation: a one-hot bank's row read at its index, not gathered from all NumBanks.
      if ($onehot(b_1h)) r = open_row_i[32'(hbm_pkg::lowest_set_index(64'(b_1h)))*RowW +: RowW];
      else
`endif
      for (int b = 0; b < NumBanks; b++) r = r | (open_row_i[b*RowW +: RowW] & {RowW{b_1h[b]}});
      if ((act_1h & b_1h) != '0) begin
        o = 1'b1;
        r = row_cmd_i.row;
      end
      if (((pre_1h | ap_1h) & b_1h) != '0) o = 1'b0;
      open_after = o && r == row;
    end
  endfunction

  // ---- The push: an arrival takes the lowest free entry of its partition ---------------
  logic [E-1:0]     free, slot_oh;
  logic [IdxW-1:0]  ne;              // the new entry
  logic [L-1:0]     ql_oh;           // its list
  logic [NumBanks-1:0] req_1h;
  logic [ListW-1:0] ql;              // (as an index)
  logic             q_empty;         // its list is empty after this cycle's pop
  logic             tail_link;       // the arrival links behind its list's tail
  logic [IdxW-1:0]  q_tail;          // that list's tail
  logic             tail_same;       // the new entry wants its list's tail's row
  logic             entry_load;      // the arrival takes an entry (free != 0)
  logic [RankW-1:0] push_rank;
  assign free    = ~e_valid_q & (req_i.write ? WriteEntries : ~WriteEntries);
  assign slot_oh = push_i ? E'(hbm_pkg::lowest_one(hbm_pkg::SlotSpan'(free))) : '0;
  assign ne        = IdxW'(hbm_pkg::slot_index(hbm_pkg::SlotSpan'(slot_oh)));   // read only on a push
  assign req_1h    = hbm_pkg::bank_1h(req_i.bank);
  assign ql_oh     = req_i.write ? {req_1h, {NumBanks{1'b0}}} : {{NumBanks{1'b0}}, req_1h};
  assign push_rank = RankW'(rd_count_o + wr_count_o - {{IdxW{1'b0}}, popping});
  assign rd_space_o = (~e_valid_q & ~WriteEntries) != '0;
  assign wr_space_o = (~e_valid_q &  WriteEntries) != '0;
  assign entry_load = push_i && (req_i.write ? wr_space_o : rd_space_o);
  assign ql         = {req_i.write, req_i.bank};
  assign q_empty    = (l_valid_q & ql_oh) == '0 || ((pop_i & ql_oh) != '0 && pop_last);
  assign tail_link  = push_i && !q_empty;
  // Read without a push too: every use is under tail_link.
  assign q_tail     = l_tail_m[ql];
  assign tail_same  = e_row_m[q_tail] == req_i.row;

  // ---- Lines the other direction has queued ------------------------------------------------
  // A compare per entry of the other direction. A probe's fields may be stale when the
  // front end has no such request: it then reads no answer. In simulation only the
  // entries of the probe's bank are compared, lowest first (e_members_q: each bank's
  // entries, a copy of e_bank_q kept as sets), where the 64 compares of fields at odd
  // offsets ran every tCK that the probe's bank had a list of that direction.
`ifndef SYNTHESIS
  logic [E-1:0] e_members_q [2**BankW];
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int b = 0; b < 2**BankW; b++) e_members_q[b] <= '0;
    end else if (entry_load) begin   // the entry leaves the set of its last bank
      e_members_q[e_bank_q[32'(ne)*BankW +: BankW]][ne] <= 1'b0;
      e_members_q[req_i.bank][ne]                       <= 1'b1;
    end
  end
`endif
`ifdef SYNTHESIS
  // For synthesis the compares of hbm_line_match (as `==`, yosys 0.23's ABC maps a 28-bit
  // compare to 27-31 LUTs; docs/synthesis.md stop 68), behind the same test of the
  // probe's list.
  logic [WDepth-1:0] rd_probe_match;   // write entries to the read probe's line
  logic [RDepth-1:0] wr_probe_match;   // read entries to the write probe's line
  hbm_line_match #(.RDepth(RDepth), .WDepth(WDepth)) u_lines (
    .bank_i     (e_bank_q),
    .row_i      (e_row_q),
    .col_i      (e_col_q),
    .rd_probe_i,
    .wr_probe_i,
    .rd_match_o (rd_probe_match),
    .wr_match_o (wr_probe_match)
  );
  assign rd_conflict_o =
    (l_valid_q[NumBanks +: NumBanks] & hbm_pkg::bank_1h(rd_probe_i.bank)) != '0 &&
    (e_valid_q[E-1:RDepth] & rd_probe_match) != '0;
  assign wr_conflict_o =
    (l_valid_q[0 +: NumBanks] & hbm_pkg::bank_1h(wr_probe_i.bank)) != '0 &&
    (e_valid_q[RDepth-1:0] & wr_probe_match) != '0;
`else
  function automatic logic line_queued(logic write, logic [BankW-1:0] bank, logic [RowW-1:0] row,
                                       logic [ColW-1:0] col);
    logic [E-1:0] cand;
    int unsigned  i;
    line_queued = 1'b0;
    if ((l_valid_q & {{NumBanks{write}}, {NumBanks{!write}}} &
         {hbm_pkg::bank_1h(bank), hbm_pkg::bank_1h(bank)}) != '0) begin
      cand = e_valid_q & (write ? WriteEntries : ~WriteEntries) & e_members_q[bank];
      while (cand != '0) begin
        i    = 32'(hbm_pkg::lowest_set_index(64'(cand)));
        line_queued = line_queued |
          (e_row_q[i*RowW +: RowW] == row && e_col_q[i*ColW +: ColW] == col);
        cand = cand & (cand - 1'b1);
      end
    end
  endfunction
  assign rd_conflict_o = line_queued(1'b1, rd_probe_i.bank, rd_probe_i.row, rd_probe_i.col);
  assign wr_conflict_o = line_queued(1'b0, wr_probe_i.bank, wr_probe_i.row, wr_probe_i.col);
`endif

  // ---- Next state ----------------------------------------------------------------------
  assign e_valid_d = remaining | slot_oh;

  // Ranks in arrival order, of the entries and of the heads (the heads' are their entries'
  // ranks, kept beside them so that the scheduler reads them without a lookup).
  hbm_rank_planes #(.N(E), .RankW(RankW)) u_e_rank (
    .rank_i      (e_rank_q),
    .pop_i       (popping),
    .pop_rank_i  (pop_rank),
    .stay_i      (remaining),
    .load_i      (slot_oh),
    .load_rank_i (push_rank),
    .rank_o      (e_rank_d)
  );
  hbm_rank_planes #(.N(L), .RankW(RankW)) u_h_rank (
    .rank_i      (h_rank_q),
    .pop_i       (popping),
    .pop_rank_i  (pop_rank),
    .stay_i      (l_valid_q & ~pop_i),
    .load_i      ('0),
    .load_rank_i ('0),
    .rank_o      (h_rank_dec)
  );

  // The heads: hits follow the commands to their bank; a new head is loaded from the
  // arrival (an empty list) or from the popped head's successor.
  logic [L-1:0]     succ_load, push_load, load;
  logic [RankW-1:0] succ_rank;
  logic             succ_hit, push_hit, succ_same;
`ifndef SYNTHESIS
  int unsigned      act_b;   // the ACT's bank (simulation)
  assign act_b = 32'(hbm_pkg::lowest_set_index(64'(act_1h)));   // read when act_1h != '0
`endif
  always_comb begin
    succ_load = (popping && !pop_last) ? pop_i : '0;
    push_load = (push_i && q_empty) ? ql_oh : '0;
    load      = succ_load | push_load;
    succ_rank = '0;
    if (!Lazy || succ_load != '0) begin
      for (int k = 0; k < RankW; k++) succ_rank[k] = (e_rank_d[k*E +: E] & succ_oh) != '0;
    end
    succ_hit  = open_after(succ_load != '0, pb_1h, s_row);
    push_hit  = open_after(push_load != '0, req_1h, req_i.row);
    // A successor that is its list's tail gets the arrival linked behind it this cycle.
    succ_same = (tail_link && succ == q_tail) ? tail_same : s_same;
  end

  // In simulation a tCK without a push, a pop or a command to a bank (most tCKs, and all
  // of a PC without traffic) holds the lists and heads as they are.
`ifndef SYNTHESIS
  logic quiet;
  assign quiet = !push_i && !popping && (act_1h | pre_1h | ap_1h) == '0;
`else
  // The heads whose row is the ACT's, as hbm_key_match's LUT6 pieces (as the pool's
  // hbm_txn_queue: written as `==`, ABC maps a 17-bit compare to twice the LUTs).
  logic [L-1:0] act_row_eq;
  hbm_key_match #(.N(L), .W(RowW)) u_act_row (
    .keys_i  (h_row_q),
    .key_i   (row_cmd_i.row),
    .match_o (act_row_eq)
  );
`endif
  always_comb begin
`ifndef SYNTHESIS
    if (quiet) begin
      h_hit_d   = h_hit_q & l_valid_q;
      h_same_d  = h_same_q;
      h_rank_d  = h_rank_q;
      l_valid_d = l_valid_q;
      l_hpush_d = l_hpush_q;
      l_one_d   = l_one_q;
    end else
`endif
    begin
      // Loaded heads take the new values (below); a PRE, PREA or auto-precharge clears its
      // banks' hits, an ACT sets those of its bank's heads that want its row.
      h_hit_d   = h_hit_q & l_valid_q & ~pop_i & ~{pre_1h | ap_1h, pre_1h | ap_1h};
      if (act_1h != '0) begin
`ifndef SYNTHESIS
        // Simulation: the two lists of the ACT's bank only (act_1h is one-hot).
        for (int l = act_b; l < L; l += NumBanks) begin
          h_hit_d[l] = l_valid_q[l] && !pop_i[l] && h_row_q[l*RowW +: RowW] == row_cmd_i.row;
        end
`else
        for (int l = 0; l < L; l++) begin
          if (act_1h[l % NumBanks]) begin
            h_hit_d[l] = l_valid_q[l] && !pop_i[l] && act_row_eq[l];
          end
        end
`endif
      end
      h_hit_d   = (h_hit_d & ~load) | (succ_load & {L{succ_hit}}) | (push_load & {L{push_hit}});
      // A successor linked behind a head that stays (its tail is its head).
      h_same_d  = (h_same_q & ~load) | (succ_load & {L{succ_same}});
      if (tail_link) begin
        h_same_d = (h_same_d & ~(ql_oh & ~pop_i & l_one_q)) |
                   ((ql_oh & ~pop_i & l_one_q) & {L{tail_same}});
      end
      h_rank_d  = h_rank_q;   // (read only on a push or a pop)
      if (!Lazy || push_i || popping) begin
        for (int k = 0; k < RankW; k++) begin
          h_rank_d[k*L +: L] = (h_rank_dec[k*L +: L] & ~load) | (succ_load & {L{succ_rank[k]}}) |
                               (push_load & {L{push_rank[k]}});
        end
      end
      l_valid_d = (l_valid_q & ~pop_i) | load;
      l_hpush_d = (l_hpush_q & ~succ_load) | push_load;
      // One entry: an arrival to an empty list; a pop leaving its successor the tail. An
      // arrival behind a tail makes two or more.
      l_one_d   = (l_one_q & ~pop_i) | push_load | (succ_load & {L{succ == p_tail}});
      if (tail_link) l_one_d = l_one_d & ~ql_oh;
    end
  end

  always_ff @(posedge clk_i) begin
    // (In simulation at the written index: slot_oh is one-hot or empty, and so are the
    // loads but for inputs the PC never gives, equiv.py's.)
`ifndef SYNTHESIS
    if (entry_load) begin
      e_bank_q[32'(ne)*BankW +: BankW] <= req_i.bank;
      e_row_q[32'(ne)*RowW +: RowW]    <= req_i.row;
      e_col_q[32'(ne)*ColW +: ColW]    <= req_i.col;
    end
`else
    if (push_i) begin
      for (int i = 0; i < E; i++) begin
        if (slot_oh[i]) begin
          e_bank_q[i*BankW +: BankW] <= req_i.bank;
          e_row_q[i*RowW +: RowW]    <= req_i.row;
          e_col_q[i*ColW +: ColW]    <= req_i.col;
        end
      end
    end
`endif
    if (load != '0) begin
`ifndef SYNTHESIS
      if ($onehot0(succ_load) && $onehot0(push_load)) begin
        if (succ_load != '0) begin
          h_row_q[32'(pl)*RowW +: RowW] <= s_row;
          h_more_q[pl]                  <= s_more;
        end
        if (push_load != '0) begin
          h_row_q[32'(ql)*RowW +: RowW] <= req_i.row;
          h_more_q[ql]                  <= req_i.more_in_row;
        end
      end else
`endif
      begin
        for (int l = 0; l < L; l++) begin
          if (succ_load[l]) begin
            h_row_q[l*RowW +: RowW]    <= s_row;
            h_more_q[l]                <= s_more;
          end
          if (push_load[l]) begin
            h_row_q[l*RowW +: RowW]    <= req_i.row;
            h_more_q[l]                <= req_i.more_in_row;
          end
        end
      end
    end
    if (push_i || popping) begin
      e_rank_q <= e_rank_d;
      h_rank_q <= h_rank_d;
    end
    l_hpush_q <= l_hpush_d;   // read only for a queued list (loaded with it)
  end
  // The memories' write ports: the arrival's entry (slot_oh), the tail it links behind,
  // the arrival's list.
  always_ff @(posedge clk_i) begin
    if (entry_load) begin
      e_row_m[ne]  <= req_i.row;
      e_more_m[ne] <= req_i.more_in_row;
      e_cs_m[ne]   <= {req_i.col, req_i.slot};
    end
  end
  always_ff @(posedge clk_i) begin
    if (tail_link) begin
      e_next_m[q_tail] <= ne;
      e_same_m[q_tail] <= tail_same;
    end
  end
  always_ff @(posedge clk_i) begin
    if (push_i) l_tail_m[ql] <= ne;
  end
  always_ff @(posedge clk_i) begin
    if (succ_load != '0) l_hpop_m[pl] <= succ;
  end
  always_ff @(posedge clk_i) begin
    if (push_load != '0) l_hpush_m[ql] <= ne;
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      e_valid_q <= '0;
      l_valid_q <= '0;
      l_one_q   <= '0;
      h_hit_q   <= '0;
      h_same_q  <= '0;
    end else begin
      e_valid_q <= e_valid_d;
      l_valid_q <= l_valid_d;
      l_one_q   <= l_one_d;
      h_hit_q   <= h_hit_d;
      h_same_q  <= h_same_d;
    end
  end

  // ---- The oldest and starvation -------------------------------------------------------
  // The oldest entry heads its list (nothing older is queued): the head of rank 0. Its
  // arrival and bank, and the starvation flag, from the entries' ranks (hbm_oldest_age).
  always_comb begin
    oldest_o = l_valid_q;
    for (int k = 0; k < RankW; k++) oldest_o = oldest_o & ~h_rank_q[k*L +: L];
  end
  /* verilator lint_off UNUSEDSIGNAL */
  logic [15:0] oldest_arr;   // (read by hbm_oldest_age's assertion only)
  /* verilator lint_on UNUSEDSIGNAL */
  hbm_oldest_age #(.N(E), .RankW(RankW)) u_age (
    .clk_i,
    .rst_ni,
    .valid_i         (e_valid_q),
    .rank_i          (e_rank_q),
    .load_i          (entry_load),
    .load_idx_i      (ne),
    .oldest_leaves_i ((pop_i & oldest_o) != '0),
    .older_stays_i   (remaining != '0),
    .push_i,
    .push_bank_i     (req_i.bank),
    .now_i,
    .starve_next_i,
    .starve_i,
    .oldest_arr_o    (oldest_arr),
    .oldest_bank_o,
    .overdue_o
  );

  // ---- Per bank: the older head (FCFS), banks wanted -----------------------------------
  // Reads' heads against writes' heads of the same bank, compared plane by plane.
  logic [NumBanks-1:0] rd_lt, eq, rd_v, wr_v;
  assign rd_v = l_valid_q[NumBanks-1:0];
  assign wr_v = l_valid_q[L-1:NumBanks];
  always_comb begin
    rd_lt = '0;
    eq    = '1;
    for (int k = RankW - 1; k >= 0; k--) begin
      rd_lt = rd_lt | (eq & ~h_rank_q[k*L +: NumBanks] & h_rank_q[k*L + NumBanks +: NumBanks]);
      eq    = eq & ~(h_rank_q[k*L +: NumBanks] ^ h_rank_q[k*L + NumBanks +: NumBanks]);
    end
  end
  assign first_o  = {wr_v & ~(rd_v & rd_lt), rd_v & (~wr_v | rd_lt)};
  assign wanted_o = rd_v | wr_v;

  // ---- The column command's fields: read at the picked head ----------------------------
  // After the pick, its list's index, the head memories' read ports there, then the entry
  // memory's.
  logic [ListW-1:0]      pkl;       // the picked list
  logic [IdxW-1:0]       pk_pop, pk_push, pk;   // its head
  logic [ColW+SlotW-1:0] pick_cs;
  assign pkl     = list_index(pick_i);
  assign pk_pop  = l_hpop_m[pkl];
  assign pk_push = l_hpush_m[pkl];
  assign pk      = ((pick_i & l_hpush_q) != '0) ? pk_push : pk_pop;
  assign pick_cs = e_cs_m[pk];
  assign {pick_col_o, pick_slot_o} = (pick_i != '0) ? pick_cs : '0;

  // ---- Outputs ----------------------------------------------------------------------------
  always_comb begin
    members_o = '0;
    for (int l = 0; l < L; l++) begin
      bank_o[l*BankW +: BankW] = BankW'(l % NumBanks);
      members_o[(l % NumBanks)*L + l] = 1'b1;
    end
  end
  assign row_o           = h_row_q;
  assign valid_o         = l_valid_q;
  assign hit_o           = h_hit_q;
  assign rank_o          = h_rank_q;
  assign same_row_next_o = h_same_q;
  assign more_in_row_o   = h_more_q;
  assign rd_count_o = ($clog2(E) + 1)'($countones(e_valid_q & ~WriteEntries));
  assign wr_count_o = ($clog2(E) + 1)'($countones(e_valid_q &  WriteEntries));

`ifndef SYNTHESIS
  initial a_fits_slot_word: assert (E <= hbm_pkg::SlotSpan);
  always_ff @(posedge clk_i) a_push_has_room: assert (!rst_ni || !push_i || (free != '0));
  always_ff @(posedge clk_i) a_one_pop: assert (!rst_ni || $onehot0(pop_i));
  always_ff @(posedge clk_i) a_pop_valid: assert (!rst_ni || ((pop_i & ~l_valid_q) == '0));
  always_ff @(posedge clk_i) a_hit_valid: assert (!rst_ni || ((h_hit_q & ~l_valid_q) == '0));
  // Nothing waits in the queue: the front end holds a request to a line the other
  // direction has queued.
  always_ff @(posedge clk_i)
    a_no_conflict: assert (!rst_ni || !push_i || !line_queued(!req_i.write, req_i.bank, req_i.row, req_i.col));
  // One list a cycle in turn: its head's registers hold its head entry's fields and rank,
  // its bank and direction are the list's.
  logic [ListW-1:0] chk;
  logic [IdxW-1:0]  chk_e;
  logic             head_ok;
  assign chk   = ListW'(now_i);
  assign chk_e = l_hpush_q[chk] ? l_hpush_m[chk] : l_hpop_m[chk];
  always_comb begin
    head_ok = 1'b1;
    if (l_valid_q[chk]) begin
      head_ok = e_valid_q[chk_e] && e_bank_q[chk_e*BankW +: BankW] == chk[BankW-1:0] &&
                WriteEntries[chk_e] == chk[ListW-1] &&
                e_row_q[chk_e*RowW +: RowW] == h_row_q[chk*RowW +: RowW] &&
                e_more_m[chk_e] == h_more_q[chk];
      for (int k = 0; k < RankW; k++) if (e_rank_q[k*E + 32'(chk_e)] != h_rank_q[k*L + 32'(chk)]) head_ok = 1'b0;
    end
  end
  always_ff @(posedge clk_i) a_heads: assert (!rst_ni || head_ok);
  // A list's flag of one entry is its tail being its head.
  always_ff @(posedge clk_i)
    a_one: assert (!rst_ni || !l_valid_q[chk] || l_one_q[chk] == (l_tail_m[chk] == chk_e));
  // The oldest is one head.
  always_ff @(posedge clk_i)
    a_oldest: assert (!rst_ni || ($onehot0(oldest_o) && ((oldest_o == '0) == (e_valid_q == '0))));
  // A head's hit is its row open in its bank (checked one list a cycle).
  always_ff @(posedge clk_i)
    a_head_hit: assert (!rst_ni || !l_valid_q[chk] || h_hit_q[chk] ==
      (open_i[chk[BankW-1:0]] && open_row_i[chk[BankW-1:0]*RowW +: RowW] == h_row_q[chk*RowW +: RowW]));
`endif
endmodule
