// Command scheduler of one pseudo-channel: picks this cycle's row and column command
// from the transaction queue.
//
// FR-FCFS (default): the column command goes to the oldest request whose row is open
// and whose timers allow it (ready row hits first, then oldest). A hit held only by the
// stack-ID switch time (tCCDR) may be passed a few times, then nothing passes it: else
// a stream in one stack ID would keep re-arming the other's tCCDR and lock it out.
// Reads and writes are
// served in separate phases: writes drain from `wr_high_i` pending (queued or staged
// ahead of the queue) down to `wr_low_i` (or while no read can go: none queued, or one
// held at the door for a queued write to its line), which keeps bus turnarounds rare. Row commands
// prepare banks for the oldest requests that need them, without closing a row that
// queued requests of the current phase still hit. A read older than the starvation cap
// stops all overtaking until it is served; a write older than that starts a write drain
// that lasts until it has gone.
//
// FCFS (for comparison): only the oldest request may use the column bus; rows are
// prepared for the oldest request of each bank.
//
// Page policy: open keeps rows open; closed auto-precharges a request's last access to its
// row (an AXI burst's 32-byte pieces to one row are one ACT and one RDA / WRA: the access
// whose burst goes on in its row, more_in_row_i, leaves it open for the next, which the
// queue keeps behind it); adaptive auto-precharges an access no other queued request hits
// and closes a row idle for `page_idle_i` tCK that nobody waits for. A read too soon after
// a write to its bank for its precharge (rda_ok) goes without it; closed pages then close
// the row with a PRE once nobody waits for it. Refresh commands come first.
//
// The queue's entries come as flat vectors of fields (yosys 0.23 takes no unpacked-array
// port; see hbm_txn_queue), with each entry's row hit, its rank in arrival order and
// whether it is its bank's oldest kept as registers there. Per-bank facts reach the
// entries through the banks' member sets; the picked entries' fields are read by index.
module hbm_scheduler #(
  parameter int unsigned RDepth = 32,
  parameter int unsigned WDepth = 32,
  // The bank inputs are the legality after this edge (hbm_pc_ctrl's Pipe); the queue's hits
  // are this tCK's, so they agree with last tCK's open banks (the assertions only).
  parameter bit          Ahead  = 1'b0,
  // Rank bits: wider than the candidates' index when they are the heads of a larger pool
  // (hbm_bank_lists).
  parameter int unsigned RankW  = $clog2(RDepth + WDepth),
  // The candidates are the heads of per-bank lists (hbm_bank_lists): candidate i holds
  // bank i % NumBanks (RDepth = WDepth = NumBanks), so a per-bank fact is a wire to it.
  parameter bit          Heads  = 1'b0,
  localparam int unsigned N     = RDepth + WDepth
) (
  input  logic                               clk_i,
  input  logic                               rst_ni,
  // policy
  input  logic                               fcfs_i,
  input  logic [1:0]                         page_i,       // 0 open, 1 closed, 2 adaptive
  input  logic [15:0]                        page_idle_i,
  // Static (latched in reset): tCK from a WR to the first RDA of its bank, so that the
  // RDA's precharge (tRTPL after it) comes after the write's recovery (WL + BL + tWR).
  input  hbm_pkg::timer_t                    rda_wait_i,
  input  logic [7:0]                         wr_high_i,
  input  logic [7:0]                         wr_low_i,
  // The cycle stamp picks the bank a_hit_open checks (assertions only).
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [15:0]                        now_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // transaction queue (entry i's field at [i*W +: W], its age row at [i*N +: N])
  input  logic [N*hbm_pkg::BankW-1:0]        bank_i,
  input  logic [N*hbm_pkg::RowW-1:0]         row_i,
  input  logic [N*hbm_pkg::ColW-1:0]         col_i,
  input  logic [N*hbm_pkg::SlotW-1:0]        slot_i,
  input  logic [N-1:0]                       valid_i,
  input  logic [N-1:0]                       hit_i,        // the entry's row is open
  input  logic [N-1:0]                       entry_open_i, // the entry's bank is open
  input  logic [N-1:0]                       ready_i,      // may be picked: queued, not popped this tCK
  // The arrival the queue writes this tCK, and its entry: the scheduler keeps a copy of the
  // fields its picks read (the pool's; the heads' fields come by the ports above).
  // (Only the fields a command carries are kept; nothing of it with Heads.)
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic                               fld_we_i,
  input  logic [$clog2(N)-1:0]               fld_idx_i,
  input  hbm_pkg::req_t                      fld_req_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic [RankW*N-1:0]                 rank_i,       // bit k of entry i's rank in arrival order at [k*N + i]
  input  logic [N-1:0]                       oldest_i,     // the entry that arrived first
  input  logic                               overdue_i,    // the oldest waited past the cap
  input  logic [hbm_pkg::BankW-1:0]          oldest_bank_i,
  input  logic [N-1:0]                       first_i,      // the oldest queued entry of its bank
  input  logic [hbm_pkg::NumBanks*N-1:0]     members_i,    // bank b's entries at [b*N +: N]
  input  logic [hbm_pkg::NumBanks-1:0]       wanted_i,     // banks some queued request holds
  input  logic [hbm_pkg::NumBanks-1:0]       rd_hits_i,    // banks whose open row a queued read hits
  input  logic [hbm_pkg::NumBanks-1:0]       wr_hits_i,    // ... a queued write hits
  input  logic [N-1:0]                       same_next_i,  // a request queued behind the entry wants its row
  input  logic [N-1:0]                       more_in_row_i, // the entry's burst goes on in its row
  input  logic [7:0]                         wr_count_i,   // writes queued or staged
  input  logic                               rd_blocked_i, // a read waits outside for a queued write to its line
  // A read list's head was popped this tCK and it has a successor (lists, pipelined pick):
  // that read, not yet a head, can go, though ready_i leaves the popped head out
  // (hbm_pc_ctrl).
  input  logic                               rd_next_i,
  // banks
  input  logic [hbm_pkg::NumBanks-1:0]       open_i,
  input  logic [hbm_pkg::NumBanks-1:0]       can_act_i,
  input  logic [hbm_pkg::NumBanks-1:0]       can_pre_i,
  input  logic [hbm_pkg::NumBanks-1:0]       can_rd_i,
  input  logic [hbm_pkg::NumBanks-1:0]       can_wr_i,
  input  logic [hbm_pkg::NumSids-1:0]        sid_rd_ok_i,
  input  logic [hbm_pkg::NumSids-1:0]        sid_wr_ok_i,
  // Only the field widths of the geometry matter here.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::geometry_t                 geo_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // refresh
  input  hbm_pkg::row_cmd_t                  ref_cmd_i,
  input  logic [hbm_pkg::NumBanks-1:0]       block_act_i,
  input  logic [hbm_pkg::NumBanks-1:0]       block_col_i,
  // room in the DQ paths
  input  logic                               rd_room_i,
  input  logic                               wr_room_i,
  // what actually issued (granted) this cycle
  // Only which bank was used matters here.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::row_cmd_t                  row_issued_i,
  input  hbm_pkg::col_cmd_t                  col_issued_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // decisions
  output hbm_pkg::row_cmd_t                  row_cmd_o,
  output hbm_pkg::col_cmd_t                  col_cmd_o,
  output logic [hbm_pkg::SlotW-1:0]          col_slot_o,
  output logic [N-1:0]                       col_pick_o,   // the entry the column command serves
  output logic                               wr_mode_o
);
  localparam int unsigned BankW    = hbm_pkg::BankW;
  localparam int unsigned RowW     = hbm_pkg::RowW;
  localparam int unsigned ColW     = hbm_pkg::ColW;
  localparam int unsigned SlotW    = hbm_pkg::SlotW;
  localparam int unsigned SidW     = hbm_pkg::SidW;
  localparam int unsigned NumBanks = hbm_pkg::NumBanks;
  localparam logic [N-1:0] WriteEntries = {{WDepth{1'b1}}, {RDepth{1'b0}}};
  localparam int unsigned  IdxW = $clog2(N);

  // Per entry, its bank's bit of a per-bank vector: an AND-OR over the banks' member sets
  // (members_i, one-hot across banks for a queued entry; an entry that has left keeps its
  // last bank's bit, so every caller masks the result with valid_i or ready_i). In
  // simulation a word operation per bank instead of N field extracts and bit lookups. For
  // synthesis, indexing by the entry's bank field instead (a 32:1 choice per entry) took
  // the scheduler 9 932 -> 9 670 LUT, but not the flattened FR-FCFS PC: eight samples,
  // means 25 255 with it and 24 458 without (medians 25 077 and 25 245; stop 70,
  // docs/synthesis.md). So both forms use the member sets.
  // by_few_banks is the same for a vector of few banks (the banks a column command may
  // use): in simulation it visits only the set bits, lowest first; a vector of many (the
  // row commands': every closed bank) is cheaper tested bit by bit. For list heads both
  // are the vector twice (the member sets are that constant).
  function automatic logic [N-1:0] by_bank(logic [NumBanks-1:0] per_bank);
    by_bank = '0;
    if (Heads) begin
      by_bank = N'({per_bank, per_bank});
    end else begin
      // (Not `b`: Verilator 5.006's lint takes it for a loop variable of hbm_pc_ctrl's.)
      for (int bank = 0; bank < NumBanks; bank++) begin
        if (per_bank[bank]) by_bank = by_bank | members_i[bank*N +: N];
      end
    end
  endfunction
`ifdef SYNTHESIS
  function automatic logic [N-1:0] by_few_banks(logic [NumBanks-1:0] per_bank);
    by_few_banks = by_bank(per_bank);
  endfunction
`else
  function automatic logic [N-1:0] by_few_banks(logic [NumBanks-1:0] per_bank);
    logic [NumBanks-1:0] rest;
    logic [BankW-1:0]    b;
    by_few_banks = '0;
    rest         = per_bank;
    if (Heads) begin
      by_few_banks = by_bank(per_bank);
    end else begin
      while (rest != '0) begin
        b            = BankW'(hbm_pkg::lowest_set_index(64'(rest)));
        by_few_banks = by_few_banks | members_i[b*N +: N];
        rest         = rest & (rest - 1'b1);
      end
    end
  endfunction
`endif

  // ---- Oldest request and starvation -----------------------------------------------------
  // A read that waited past the cap goes first whenever it can, and nothing else may use
  // its bank (a stream of hits there would keep its row shut out); other banks go on as
  // usual. (Stopping all overtaking instead collapsed closed-page random traffic after an
  // all-bank refresh to one bank at a time: once every queued request was past the cap,
  // it stayed so.) A write that waited past the cap starts a write drain instead (it
  // ends only once the write has gone).
  logic             starved, starved_wr;
  // The queue gives the oldest entry, its bank and whether it waited past the cap
  // (`starve` of the policy) from registers: the starvation check lies at the start of the
  // pick's paths (starved -> row_ok -> row_pick), where a search over the age matrix, a
  // read of the winner's fields and then a subtract and compare made the whole PC 35 LUT
  // levels deep.
  assign starved_wr = overdue_i && (oldest_i & WriteEntries) != '0;
  assign starved    = overdue_i && !starved_wr;
  // The oldest's bank one-hot: what a starving read keeps to itself is a per-bank mask.
  logic [NumBanks-1:0] oldest_bank_1h;
  assign oldest_bank_1h = hbm_pkg::bank_1h(oldest_bank_i);
  // Queued requests to the oldest's bank (the oldest too) are taken out of the sets while
  // a read starves, each set computing it in its own `starved` case (in simulation only
  // then; in hardware the compares go ungated, `starved` selecting late).

  // ---- Read / write phases ---------------------------------------------------------------
  // A read that waits for a queued write to its line (read-after-write) can only go
  // after a write phase. It waits outside the queue (rd_blocked_i: the front end holds
  // it, and the reads behind it, until the write has gone), so it counts as a read that
  // cannot go: writes drain now, however few are queued, until it is taken. With no
  // queued read that can go, the same.
  logic wr_mode_q, wr_mode_d, wr_mode, read_can_go;
  assign read_can_go = (valid_i & ready_i & ~WriteEntries) != '0 || rd_next_i;
  always_comb begin
    wr_mode_d = wr_mode_q;
    if (!wr_mode_q) begin
      if ((wr_count_i >= wr_high_i) || ((!read_can_go || rd_blocked_i) && wr_count_i != '0) ||
          starved_wr)
      begin
        wr_mode_d = 1'b1;
      end
    end else if (wr_count_i == '0 ||
                 (wr_count_i <= wr_low_i && read_can_go && !rd_blocked_i && !starved_wr)) begin
      wr_mode_d = 1'b0;
    end
  end
  // A starved read sets the phase to reads.
  assign wr_mode   = starved ? 1'b0 : wr_mode_q;
  assign wr_mode_o = wr_mode;

  // The phase's entries are the reads while a read starves, else wr_mode_q's (all under
  // FCFS). The sets below are written per case with wr_mode_q, not wr_mode: `starved`
  // comes from a 16-bit subtract and compare, and a late signal at the leaves of the
  // sets made ABC copy the searches behind them per value of it.

  // ---- Column command -------------------------------------------------------------------
  // Per bank first, then per entry its bank's bit (by_bank). The stack ID of a bank is
  // hbm_pkg::sid_of written out (yosys 0.23 cannot size that function's cast).
  // The stack ID's bits are taken from each entry's bank directly: a lookup of a per-bank
  // vector by the 5-bit bank is a 32:1 mux per entry, the shift a 4:1 (SidW = 1). The
  // shift amount is a register latched from the static geometry in reset (as
  // hbm_pc_ctrl's banks): its sum began the pipelined PC's deepest
  // path (geo -> the sum -> the shift -> sid_ok -> the column pick, 25.5 LUT levels).
  logic [NumBanks-1:0] bank_rd_ok, bank_wr_ok;
  logic [2:0]          sid_shift_q;
  logic [SidW-1:0]     sid;
  // The static configuration is latched in reset (hbm_cfg_load).
  logic cfg_ld_q;
  hbm_cfg_load u_cfg_ld (.clk_i, .rst_ni, .load_o(cfg_ld_q));
  always_ff @(posedge clk_i) begin
    if (cfg_ld_q) sid_shift_q <= {1'b0, geo_i.ba_bits} + {1'b0, geo_i.bg_bits};
  end
  assign bank_rd_ok = rd_room_i ? (can_rd_i & ~block_col_i) : '0;
  assign bank_wr_ok = wr_room_i ? (can_wr_i & ~block_col_i) : '0;

  // The searches' sets are kept as wires of their own (`keep`): else ABC folds each set's
  // logic into every search that reads it, duplicated per reader (scheduler 38 175 LUT
  // without, 31 490 with, same depth 26; yosys 0.23).
  // The partition the column set lies in: the phase's, or under FCFS the oldest's (the
  // set is the oldest alone; the AND with its partition changes nothing for a one-hot
  // oldest, and keeps the set in one partition for any input, as the search below needs).
  logic col_wr;
  assign col_wr = fcfs_i ? ((oldest_i & WriteEntries) != '0) : (!starved && wr_mode_q);
  (* keep *) logic [N-1:0] col_ok;
  logic [N-1:0] sid_ok;
  logic [N-1:0] first_ok, col_pick;
  always_comb begin
    col_ok = ready_i & hit_i & ((by_few_banks(bank_wr_ok) & WriteEntries) |
                                (by_few_banks(bank_rd_ok) & ~WriteEntries));
    if (fcfs_i)       col_ok = col_ok & oldest_i & (col_wr ? WriteEntries : ~WriteEntries);
    else if (starved) begin                            // in the oldest's bank, the oldest first
      col_ok = col_ok & ~WriteEntries;
      if (Heads) col_ok = col_ok & ~(valid_i & by_bank(oldest_bank_1h) & ~oldest_i);
      else begin
        for (int i = 0; i < N; i++) begin
          if (valid_i[i] && bank_i[i*BankW +: BankW] == oldest_bank_i && !oldest_i[i]) col_ok[i] = 1'b0;
        end
      end
    end else          col_ok = col_ok & (wr_mode_q ? WriteEntries : ~WriteEntries);
  end
  // Whether tCCDR lets each entry's stack ID go. It is read only within col_ok (col_ok_sid,
  // and col_pick from first_ok, one of col_ok), so the simulation looks only at the
  // entries of col_ok, lowest first (a few a tCK, where a field read and a shift for each
  // of the N entries were 1.3 % of a 1-PC run); synthesis computes it for every entry.
  always_comb begin
    sid_ok = '0;
    sid    = '0;
`ifdef SYNTHESIS
    for (int i = 0; i < N; i++) begin
      sid       = SidW'(bank_i[i*BankW +: BankW] >> sid_shift_q);
      sid_ok[i] = WriteEntries[i] ? sid_wr_ok_i[sid] : sid_rd_ok_i[sid];
    end
`else
    if (col_ok != '0) begin
      for (int i = 0; i < N; i++) begin
        if (col_ok[i]) begin
          sid       = SidW'(bank_i[i*BankW +: BankW] >> sid_shift_q);
          sid_ok[i] = WriteEntries[i] ? sid_wr_ok_i[sid] : sid_rd_ok_i[sid];
        end
      end
    end
`endif
  end
  // The oldest ready hit, tCCDR aside. Commands to the other stack ID may pass it while
  // it waits only for tCCDR (no bus cycle is lost), but each of them re-arms its tCCDR:
  // after SidPassMax such passes in a row, nothing passes until it has gone.
  localparam int unsigned SidPassMax = 8;
  logic [3:0] sid_pass_q, sid_pass_d;
  logic       sid_hold;
  assign sid_hold   = 32'(sid_pass_q) >= SidPassMax;
  // The oldest ready hit, and the oldest of those tCCDR lets go (hbm_oldest: by rank).
  logic [N-1:0] col_ok_sid, first_ok_sid;
  assign col_ok_sid = col_ok & sid_ok;
  // For synthesis the two searches run over one partition: the column set is the
  // phase's reads or writes (FCFS: the oldest alone, its partition), so each search is
  // over max(RDepth, WDepth) entries, ranks and set chosen by the partition first
  // (12 809 LUT against 13 441). In simulation a search is word-wide at any N, and the
  // choice would cost more than it saves: the full set. equiv.py checks the two forms.
`ifdef SYNTHESIS
  localparam int unsigned H = (RDepth > WDepth) ? RDepth : WDepth;
  logic [H-1:0] h_ok, h_ok_sid, h_first, h_first_sid;
  logic [RankW*H-1:0] h_rank;
  always_comb begin
    h_ok     = col_wr ? H'(col_ok[N-1:RDepth])     : H'(col_ok[RDepth-1:0]);
    h_ok_sid = col_wr ? H'(col_ok_sid[N-1:RDepth]) : H'(col_ok_sid[RDepth-1:0]);
    for (int k = 0; k < RankW; k++) begin
      h_rank[k*H +: H] = col_wr ? H'(rank_i[k*N + RDepth +: WDepth]) : H'(rank_i[k*N +: RDepth]);
    end
  end
  hbm_oldest #(.N(H), .RankW(RankW)) u_first_ok (
    .set_i    (h_ok),
    .rank_i   (h_rank),
    .oldest_o (h_first)
  );
  hbm_oldest #(.N(H), .RankW(RankW)) u_first_ok_sid (
    .set_i    (h_ok_sid),
    .rank_i   (h_rank),
    .oldest_o (h_first_sid)
  );
  assign first_ok     = col_wr ? {h_first[WDepth-1:0], {RDepth{1'b0}}}
                               : {{WDepth{1'b0}}, h_first[RDepth-1:0]};
  assign first_ok_sid = col_wr ? {h_first_sid[WDepth-1:0], {RDepth{1'b0}}}
                               : {{WDepth{1'b0}}, h_first_sid[RDepth-1:0]};
`else
  hbm_oldest #(.N(N), .RankW(RankW)) u_first_ok (
    .set_i    (col_ok),
    .rank_i,
    .oldest_o (first_ok)
  );
  hbm_oldest #(.N(N), .RankW(RankW)) u_first_ok_sid (
    .set_i    (col_ok_sid),
    .rank_i,
    .oldest_o (first_ok_sid)
  );
`endif
  always_comb begin
    if (sid_hold)                  col_pick = first_ok & sid_ok;
    else if (col_ok_sid == col_ok) col_pick = first_ok;
    else                           col_pick = first_ok_sid;
  end
  assign col_pick_o = col_pick;
  always_comb begin
    sid_pass_d = sid_pass_q;
    // Only its going ends the count: a cycle with no ready hit at all (read data path
    // full, say) must not let the passing start again.
    if ((col_pick & first_ok) != '0)                          sid_pass_d = '0;
    else if (first_ok != '0 && col_pick != '0 && !sid_hold) sid_pass_d = sid_pass_q + 1'b1;
  end

  // The picked entries' fields, read at the picks (row_row, row_bank below). In the pool, from a
  // copy of the queue's fields in LUT-RAM, written as the queue writes the entry and read at
  // the pick's index (the OR of its index planes, hbm_pkg::slot_index: three LUT levels and a
  // LUT-RAM read after the pick, where an AND-OR of the 64 entries' fields with the pick was
  // three levels and some 1.9 k LUT; issue 14). A pick is one-hot in the PC (a_col_onehot,
  // a_row_onehot); for any other both forms read at the OR of its indices, so equiv.py finds
  // them equal for every input. For list heads (Heads), whose fields come by the ports, the
  // AND-OR with the pick.
  localparam bit FieldRam = !Heads && N <= hbm_pkg::SlotSpan;
  logic [BankW-1:0] col_bank, row_bank;
  logic [ColW-1:0]  col_col;
  logic [RowW-1:0]  row_row;
  logic             others_hit;   // another queued request hits the picked one's row (adaptive page)
  logic [N-1:0]     row_pick;
  if (FieldRam) begin : g_field_ram
    logic [SlotW+ColW+BankW-1:0] col_mem [N];
    logic [RowW+BankW-1:0]       row_mem [N];
    logic [IdxW-1:0]             col_at, row_at;
    always_ff @(posedge clk_i) begin
      if (fld_we_i) begin
        col_mem[fld_idx_i] <= {fld_req_i.slot, fld_req_i.col, fld_req_i.bank};
        row_mem[fld_idx_i] <= {fld_req_i.row, fld_req_i.bank};
      end
    end
    assign col_at = IdxW'(hbm_pkg::slot_index(hbm_pkg::SlotSpan'(col_pick)));
    assign row_at = IdxW'(hbm_pkg::slot_index(hbm_pkg::SlotSpan'(row_pick)));
    assign {col_slot_o, col_col, col_bank} = (col_pick != '0) ? col_mem[col_at] : '0;
    assign {row_row, row_bank}             = (row_pick != '0) ? row_mem[row_at] : '0;
`ifndef SYNTHESIS
    // The copy holds what the queue holds, for a picked entry.
    always_ff @(posedge clk_i)
      a_fields_copied: assert (!rst_ni
        || !$onehot(col_pick)
        || col_mem[col_at] == {slot_i[col_at*SlotW +: SlotW], col_i[col_at*ColW +: ColW],
                               bank_i[col_at*BankW +: BankW]});
    always_ff @(posedge clk_i)
      a_row_fields_copied: assert (!rst_ni
        || !$onehot(row_pick)
        || row_mem[row_at] == {row_i[row_at*RowW +: RowW], bank_i[row_at*BankW +: BankW]});
`endif
  end else begin : g_field_andor
    // The OR of the picked entries' fields (zero with no pick), for synthesis an AND-OR over
    // the entries with the pick. The simulation reads the fields at the index of a one-hot
    // pick (a shift of each vector, where the AND-OR is N field moves a tCK); the AND-OR
    // stays for any other.
`ifndef SYNTHESIS
    logic [IdxW-1:0]  col_idx, row_idx;   // (read for a one-hot pick only: a count below it)
    // (lowest_set_index, not slot_index: a pick is often empty, and slot_index ORs planes for
    // any word that is not one-hot: 0.7 % more instructions a run.) It reads 64 bits; the
    // heads of 64 banks' lists are 128 candidates, so a word at a time: a cast to 64 bits
    // gave candidate 0's fields to a pick of a write list's head (an ACT to bank 0, row 0).
    function automatic logic [IdxW-1:0] low_index(logic [N-1:0] x);
      low_index = '0;
      for (int w = (N + 63) / 64 - 1; w >= 0; w--) begin
        if (64'(x >> (64 * w)) != '0) begin
          low_index = IdxW'(64 * w + 32'(hbm_pkg::lowest_set_index(64'(x >> (64 * w)))));
        end
      end
    endfunction
    assign col_idx = low_index(col_pick);
    assign row_idx = low_index(row_pick);
`endif
    always_comb begin
      {col_slot_o, col_col, col_bank} = '0;
`ifndef SYNTHESIS
      if ($onehot(col_pick)) begin
        {col_slot_o, col_col, col_bank} =
          {slot_i[col_idx*SlotW +: SlotW], col_i[col_idx*ColW +: ColW], bank_i[col_idx*BankW +: BankW]};
      end else if (col_pick != '0)
`endif
      begin
        for (int i = 0; i < N; i++) begin
          {col_slot_o, col_col, col_bank} = {col_slot_o, col_col, col_bank} |
            ({(SlotW+ColW+BankW){col_pick[i]}} &
             {slot_i[i*SlotW +: SlotW], col_i[i*ColW +: ColW], bank_i[i*BankW +: BankW]});
        end
      end
    end
    always_comb begin
      {row_row, row_bank} = '0;
`ifndef SYNTHESIS
      if ($onehot(row_pick)) begin
        {row_row, row_bank} = {row_i[row_idx*RowW +: RowW], bank_i[row_idx*BankW +: BankW]};
      end else if (row_pick != '0)
`endif
      begin
        for (int i = 0; i < N; i++) begin
          {row_row, row_bank} = {row_row, row_bank} |
            ({(RowW+BankW){row_pick[i]}} & {row_i[i*RowW +: RowW], bank_i[i*BankW +: BankW]});
        end
      end
    end
  end
  always_comb begin
    others_hit = 1'b0;
    if (page_i == 2'd2 && col_pick != '0) begin
      if ((col_pick & same_next_i) != '0) others_hit = 1'b1;
      if (Heads) begin
        if ((hit_i & ~col_pick & by_bank(hbm_pkg::bank_1h(col_bank))) != '0) others_hit = 1'b1;
      end else begin
`ifndef SYNTHESIS
        // The bank's entries from its member set (an entry's bank is the set it is in: the
        // queue writes both on arrival), not 64 compares of 5-bit fields at odd offsets on
        // every column command: 2.2 % of a 1-PC run's instructions. For synthesis the
        // compares (a 32:1 choice of 64-bit sets would be about 350 LUTs more); equiv.py
        // drives members_i as the sets of bank_i (blocks.txt's members: flag).
        if ((hit_i & ~col_pick & members_i[col_bank*N +: N]) != '0) others_hit = 1'b1;
`else
        for (int i = 0; i < N; i++) begin
          if (hit_i[i] && !col_pick[i] && bank_i[i*BankW +: BankW] == col_bank) others_hit = 1'b1;
        end
`endif
      end
    end
  end

  // ---- A read's precharge after a write's recovery ------------------------------------
  // An RDA precharges its bank tRTPL after it, so it comes rda_wait_i tCK after a WR to its
  // bank at the earliest (DRAMSys's tWRPRE - tRTP; the device model's tWR-tRTP). tWTRL, all
  // a read waits for, is shorter on every preset. A read picked sooner goes as a RD.
  // Kept coarse, for its size: the banks written since the writes last paused for
  // rda_wait_i tCK (wr_recent_q), cleared together when one countdown from the last WR
  // runs out. That is exact for the bank written last and holds the others at most as long
  // as the writes went on (with a per-bank countdown, exact, the scheduler came out
  // 11 882 LUT against 11 251 so, one yosys run each).
  // rda_ok: an RDA to the picked entry's bank may issue when this pick does (this tCK, or
  // with Ahead the next).
  hbm_pkg::timer_t     rda_wait_q;
  logic                rda_ok;
  always_ff @(posedge clk_i) begin
    if (cfg_ld_q) rda_wait_q <= rda_wait_i;
  end
  logic                wr_now;      // a WR (or WRA) issues this tCK, to col_issued_i.bank
  logic                wr_track;    // ... and an RDA after it would have to wait
  assign wr_now   = col_issued_i.cmd == hbm_pkg::ColWr;
  assign wr_track = wr_now && rda_wait_q > 1;
  logic [hbm_pkg::BankPreW-1:0] wr_left_q;     // tCK until the flags clear
  logic [NumBanks-1:0]          wr_recent_q;
  // Updated while a WR issues or the countdown runs only: idle, it costs nothing.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_left_q   <= '0;
      wr_recent_q <= '0;
    end else if (wr_track) begin
      wr_left_q   <= hbm_pkg::BankPreW'(rda_wait_q - 1'b1);
      wr_recent_q <= wr_recent_q | hbm_pkg::bank_1h(col_issued_i.bank);
    end else if (wr_left_q > 1) begin
      wr_left_q   <= wr_left_q - 1'b1;
    end else if (wr_left_q != '0) begin
      wr_left_q   <= '0;
      wr_recent_q <= '0;
    end
  end
  // From registers only (with a term from the grant here ABC's mapping of the FR-FCFS PC
  // came out 26 770 LUT against 25 078, medians of 4 samples): with Ahead a read cannot
  // issue the tCK after a WR (WL + BL + tWTRS > 1 tCK, and > 1 clock at 1:2), so only the
  // flags' clearing counts.
  assign rda_ok = !wr_recent_q[col_bank] || (Ahead && wr_left_q <= 1);

  // Closed pages: the picked access's burst goes on in its row (an AND-OR with the pick,
  // beside the fields').
  logic run_goes_on;
  assign run_goes_on = (col_pick & more_in_row_i) != '0;

  // Closed pages: the banks whose row a read left open for a write's recovery (set by the
  // pick, cleared by the bank's next ACT; the close above waits for the bank to be open and
  // unwanted, so a pick the channel refused only keeps the flag until then).
  logic [NumBanks-1:0] shut_q;
  logic                shut_set;
  assign shut_set = page_i == 2'd1 && col_pick != '0 && (col_pick & WriteEntries) == '0 &&
                    !run_goes_on && !rda_ok;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) shut_q <= '0;
    else if (shut_set || (row_issued_i.cmd == hbm_pkg::RowAct && shut_q != '0)) begin
      shut_q <= (shut_q & ~((row_issued_i.cmd == hbm_pkg::RowAct) ? hbm_pkg::bank_1h(row_issued_i.bank) : '0))
              | (shut_set ? hbm_pkg::bank_1h(col_bank) : '0);
    end
  end

  always_comb begin
    col_cmd_o      = '0;
    col_cmd_o.cmd  = hbm_pkg::ColNop;
    col_cmd_o.bank = col_bank;
    col_cmd_o.col  = col_col;
    if (col_pick != '0) begin
      col_cmd_o.cmd = ((col_pick & WriteEntries) != '0) ? hbm_pkg::ColWr : hbm_pkg::ColRd;
      unique case (page_i)
        2'd1:    col_cmd_o.ap = !run_goes_on;
        2'd2:    col_cmd_o.ap = !others_hit;
        default: col_cmd_o.ap = 1'b0;
      endcase
      // A read whose bank is still in a write's recovery goes without its precharge (the
      // row stays open: the adaptive policy's idle close, or under closed pages shut_q's
      // PRE, shuts it).
      if (col_cmd_o.cmd == hbm_pkg::ColRd && !rda_ok) col_cmd_o.ap = 1'b0;
    end
  end

  // ---- Row command for traffic -----------------------------------------------------------
  // A row stays open for the hits of the current phase only: a write that hits a row
  // must not keep reads to other rows of its bank waiting through a read phase (nor a
  // read hit writes through a write phase); they would wait for the starvation cap.
  // Per bank, whether a queued request of the row phase hits its open row (its row stays
  // open): the queue keeps it per direction as registers (rd_hits_i, wr_hits_i; for list
  // heads, the heads' hits), updated in the banks a command or an arrival touches. (As an
  // AND-OR over every entry's hit and member set here, every tCK, it cost 2.6 k LUT;
  // before, kept in the queue by a row compare of every entry of the bank a command
  // opens, 1 k LUT and 3.5 levels there.)
  logic                rd_phase;   // the row phase is the reads'
  logic [NumBanks-1:0] hit_bank;
  assign rd_phase = starved || !wr_mode_q;
  assign hit_bank = rd_phase ? rd_hits_i : wr_hits_i;

  // An entry may have its bank opened (closed bank, ACT legal) or closed (open bank, another
  // row, PRE legal): one per-bank condition, as a hit is always in an open bank
  // (a_hit_open), so an entry needs one lookup of its bank's bit (by_bank) where an ACT, a
  // PRE and a "row kept for a hit" lookup were three (in hardware three 32:1 choices per
  // entry). What the phase and starvation leave out is per bank too: the banks with hits of
  // the phase (their rows stay open; a closed bank has none), and the starving read's bank.
  logic [N-1:0] row_base;
  (* keep *) logic [N-1:0] row_ok;   // a set of the row search: kept, as col_ok
  logic [NumBanks-1:0] bank_row_ok;
  (* keep *) logic [NumBanks-1:0] row_mask;
  logic                oldest_row_ok;   // the starving oldest may prepare its bank
  assign bank_row_ok = (~open_i & can_act_i & ~block_act_i) | (open_i & can_pre_i);
  // The oldest's bank is oldest_bank_i (a register of the queue, a_oldest there).
  assign oldest_row_ok = (oldest_i & ~hit_i) != '0 && (bank_row_ok & oldest_bank_1h) != '0;
  always_comb begin
    if (fcfs_i)       row_mask = bank_row_ok;
    else if (starved) row_mask = bank_row_ok & ~hit_bank & ~oldest_bank_1h;
    else              row_mask = bank_row_ok & ~hit_bank;
  end
  assign row_base = valid_i & ~hit_i & by_bank(row_mask);
  always_comb begin
    if (fcfs_i) begin                                  // the oldest of each bank
      row_ok = row_base & first_i;
    end else if (starved && oldest_row_ok) begin
      row_ok = oldest_i;                               // may close a row others still hit
    end else if (starved || !wr_mode_q) begin          // the read phase
      row_ok = row_base;
      if ((row_ok & ~WriteEntries) != '0) row_ok = row_ok & ~WriteEntries;
    end else begin
      row_ok = row_base;
      if ((row_ok & WriteEntries) != '0) row_ok = row_ok & WriteEntries;
    end
  end
  hbm_oldest #(.N(N), .RankW(RankW)) u_row_pick (
    .set_i    (row_ok),
    .rank_i,
    .oldest_o (row_pick)
  );


  // ---- Idle row close (adaptive policy) --------------------------------------------------
  // The lowest bank that is open, unwanted, free to precharge and idle for page_idle_i.
  // Each bank counts down from page_idle_i - 1, loaded by its ACT or column command (one
  // tCK later it has been idle for 1); it is idle once the count is zero, a flag kept
  // beside it as the bank state's countdowns do. (Ages compared with page_idle_i every tCK
  // were 32 subtracts and compares: 4.2 k LUT of the scheduler.) The countdowns run under
  // the adaptive policy only (under the others, in simulation, they cost nothing), so a
  // policy or a page_idle_i written mid-run applies from each bank's next use; the host
  // writes both before traffic starts.
  logic [NumBanks-1:0] use_1h, idle_pre, idle_cand;
  logic [15:0]         idle_load;
  logic                idle_ok, idle_count;
  logic [BankW-1:0]    idle_bank;
  assign idle_pre   = open_i & ~wanted_i & can_pre_i & ~block_col_i;
  assign idle_count = page_i == 2'd2;
  // Closed pages: a bank whose row a read left open (its precharge dropped for a write's
  // recovery, rda_ok) is closed as soon as no queued request wants it, as the adaptive
  // policy's idle close does after page_idle_i.
  logic [NumBanks-1:0] close_cand;
  assign close_cand = idle_count ? idle_cand : ((page_i == 2'd1) ? (idle_pre & shut_q) : '0);
  assign idle_ok    = close_cand != '0;
  assign idle_load  = (page_idle_i == '0) ? '0 : page_idle_i - 1'b1;
  always_comb begin
    idle_bank = '0;
    if (idle_ok) begin
      for (int b = NumBanks - 1; b >= 0; b--) if (close_cand[b]) idle_bank = BankW'(b);
    end
  end

  // ---- Row command: refresh, then traffic, then idle close -----------------------------
  // Whether the picked entry's bank is open (a PRE) or closed (an ACT): the OR over the
  // picked entries of their banks' open bits, which the queue keeps per entry (as its
  // hits; a 32:1 choice by the bank per entry here cost 1.1 k LUT). The queue's bits are
  // this tCK's: with Ahead the other inputs are after this edge, and they differ only in
  // a bank this tCK's command opens or closes, which tRAS, tRP and tRTP (all above 1 tCK)
  // keep out of this pick (a_row_open).
  logic row_open;
  assign row_open = (row_pick & entry_open_i) != '0;
  always_comb begin
    row_cmd_o     = '0;
    row_cmd_o.cmd = hbm_pkg::RowNop;
    if (ref_cmd_i.cmd != hbm_pkg::RowNop) begin
      row_cmd_o = ref_cmd_i;
    end else if (row_pick != '0) begin
      row_cmd_o.bank = row_bank;
      if (row_open) begin
        row_cmd_o.cmd = hbm_pkg::RowPre;
      end else begin
        row_cmd_o.cmd = hbm_pkg::RowAct;
        row_cmd_o.row = row_row;
      end
    end else if (idle_ok) begin
      row_cmd_o.cmd  = hbm_pkg::RowPre;
      row_cmd_o.bank = idle_bank;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_mode_q  <= 1'b0;
      sid_pass_q <= '0;
    end else begin
      wr_mode_q  <= wr_mode_d;
      sid_pass_q <= sid_pass_d;
    end
  end

  // The banks an ACT or a column command used this tCK.
  logic use_act, use_col;
  assign use_act = row_issued_i.cmd == hbm_pkg::RowAct;
  assign use_col = col_issued_i.cmd != hbm_pkg::ColNop;
  assign use_1h = (use_act ? hbm_pkg::bank_1h(row_issued_i.bank) : '0) |
                  (use_col ? hbm_pkg::bank_1h(col_issued_i.bank) : '0);
`ifdef SYNTHESIS
  // Synthesis: the countdowns, every one every tCK.
  logic [15:0]         idle_q [NumBanks];
  logic [NumBanks-1:0] idle_nz_q;
  assign idle_cand = idle_pre & ~idle_nz_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int b = 0; b < NumBanks; b++) idle_q[b] <= '0;
      idle_nz_q <= '0;
    end else if (idle_count) begin
      for (int b = 0; b < NumBanks; b++) begin
        if (use_1h[b]) begin
          idle_q[b]    <= idle_load;
          idle_nz_q[b] <= idle_load != '0;
        end else begin
          idle_q[b]    <= idle_nz_q[b] ? idle_q[b] - 1'b1 : '0;
          idle_nz_q[b] <= idle_q[b][15:1] != '0;
        end
      end
    end
  end
`else
  // Simulation: the same countdowns as the tick each reaches zero, on a clock of the tCKs
  // the adaptive policy counts. A load writes its bank's end; a count is read only for
  // a bank that could close (open, unwanted, free to precharge), in the rare tCK with one.
  // (Counted down, every countdown running took 2.4 % of a 1-PC run's instructions: ~6
  // banks count at a time, and the 512-bit vector was copied whole every tCK for its
  // partial writes.) Count = end - tick while above zero: a load at tick t ends at
  // t + 1 + load, one tCK after the edge the count is the load. A bank never loaded since
  // reset is at zero (idle_arm_q). equiv.py checks this against the synthesis form.
  logic [63:0]         idle_tick_q;
  logic [63:0]         idle_end_q [NumBanks];
  logic [NumBanks-1:0] idle_arm_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      idle_tick_q <= '0;
      idle_arm_q  <= '0;
    end else if (idle_count) begin
      idle_tick_q <= idle_tick_q + 1'b1;
      idle_arm_q  <= idle_arm_q | use_1h;
    end
  end
  // A load's end, summed only in a tCK with a load (an ACT or column command).
  always_ff @(posedge clk_i) begin
    if (idle_count && (use_act || use_col)) begin
      if (use_act) idle_end_q[row_issued_i.bank] <= idle_tick_q + 64'(idle_load) + 64'd1;
      if (use_col) idle_end_q[col_issued_i.bank] <= idle_tick_q + 64'(idle_load) + 64'd1;
    end
  end
  always_comb begin
    idle_cand = '0;
    if (idle_count && idle_pre != '0) begin
      for (int b = 0; b < NumBanks; b++) begin
        idle_cand[b] = idle_pre[b] && !(idle_arm_q[b] && idle_end_q[b] > idle_tick_q);
      end
    end
  end
`endif

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) a_col_onehot: assert (!rst_ni || $onehot0(col_pick));
  always_ff @(posedge clk_i) a_row_onehot: assert (!rst_ni || $onehot0(row_pick));
  // A queued hit is in an open bank (the row search relies on it): one bank a cycle in
  // turn (a stale hit persists until its entry leaves, so a turn finds it).
  logic [BankW-1:0]    chk_bank;
  logic [NumBanks-1:0] open_now;
  assign chk_bank = now_i[BankW-1:0];
  if (Ahead) begin : g_open_past   // (a register only where read: waveforms keep it alive)
    logic [NumBanks-1:0] open_past_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) open_past_q <= '0;
      else         open_past_q <= open_i;
    end
    assign open_now = open_past_q;
  end else begin : g_open_now
    assign open_now = open_i;
  end
  always_ff @(posedge clk_i)
    a_hit_open: assert (!rst_ni || open_now[chk_bank] ||
                        (hit_i & members_i[chk_bank*N +: N]) == '0);
  // The picked entry's open bit is its bank's as the other inputs see it.
  always_ff @(posedge clk_i)
    a_row_open: assert (!rst_ni || row_pick == '0 || row_open == open_i[row_bank]);
  // A row that a queued request of this phase hits is never closed for another (unless
  // one starves).
  always_ff @(posedge clk_i)
    a_keep_hit_rows: assert (!rst_ni
      || !(row_pick != '0 && !fcfs_i && !starved && open_i[row_bank])
      || !hit_bank[row_bank]);
`endif
endmodule
