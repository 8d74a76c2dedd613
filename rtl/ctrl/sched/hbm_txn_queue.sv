// Transaction queue: a read queue and a write queue in one pool of entries, so the
// scheduler can pick any entry, oldest first, across both.
//
// Reads live in entries [0, RDepth), writes in [RDepth, N). Age is kept as each entry's
// rank in arrival order (rank_o, below), which makes "the oldest of a set" a search for
// the lowest rank, one rank bit at a time over all entries at once.
//
// Ordering to the same 32-byte line (RAW, WAR) is kept at the door, not by dependencies
// inside: a request to a line the other direction has queued waits at the front end
// (rd_conflict_o, wr_conflict_o answer its two candidates, rd_probe_i and wr_probe_i),
// so every queued entry may issue (no ready flags: valid_o says it). Within a direction the scheduler
// keeps order by itself: two queued accesses to one line, or of one burst's run in a
// row, have the same bank, row and direction, so the same hit and legality, and the
// older goes first (FR-FCFS and FCFS alike); a write after a write to its line lands
// last (WAW), a run's last access, which closes the row under the closed page policy,
// goes last. (A 64 x 64 dependency matrix did this before: 4 096 flip-flops, the
// ready flags an AND over each of its rows.)
//
// Facts the scheduler needs per entry every cycle are kept here as registers, updated
// when they change rather than recomputed each cycle:
// - hit_o: the entry's row is open. Set on arrival from the bank's state, then changed
//   only by the commands that open or close its bank (ACT, PRE, PREA, RDA/WRA).
// - first_o: the entry is the oldest queued one of its bank (FCFS serves banks in order).
//   An arrival is first when no other entry of its bank stays; when a first leaves, the
//   oldest that stays of its bank (a search by rank) takes over.
// - members_o: per bank, the entries that hold it (bank b's at [b*N +: N], one-hot across
//   banks per entry, written on arrival; stale once the entry leaves: AND with valid_o).
//   "Does a queued request want bank b" is then one AND-OR over N bits, not N compares.
// - open_o: the entry's bank is open, set on arrival from the bank's state and changed
//   by the commands that open or close its bank, as hit_o (the scheduler's ACT-or-PRE
//   choice read it through a 32:1 choice by the bank per entry: 1.1 k LUT).
// - rd_hits_o, wr_hits_o: per bank, whether a queued read (write) hits its open row.
//   Only the commands and an arrival change hits, each in one bank (PREA in all), so only
//   those banks' bits are recomputed, from the entries of that bank.
// - wanted_o: per bank, whether a queued request holds it. Only an arrival and a column
//   command change it, so only their banks' bits are recomputed (the column command's from
//   the entries of its bank that stay), not an AND-OR over all entries per bank.
// - oldest_o: the entry that arrived first (one-hot), from each entry's rank in arrival
//   order, kept as a register (below); its arrival time and bank as registers too.
// - overdue_o: the oldest has waited longer than the starvation cap, a register loaded
//   from the next cycle's oldest, time and cap (the CSR's policy after the edge), so the
//   scheduler's starvation check starts from one flip-flop (issue 14: the subtract and
//   compare began the whole PC's deepest path).
//
// Ports are flat vectors (yosys 0.23 takes no unpacked-array port): entry i's bank is
// bank_o[i*BankW +: BankW], bank b's members are members_o[b*N +: N], and so on.
module hbm_txn_queue #(
  parameter int unsigned RDepth = 32,
  parameter int unsigned WDepth = 32,
  localparam int unsigned N     = RDepth + WDepth
) (
  input  logic                               clk_i,
  input  logic                               rst_ni,
  input  hbm_pkg::req_t                      req_i,
  input  logic                               push_i,
  output logic                               rd_space_o,
  output logic                               wr_space_o,
  // The front end's next read beat and oldest staged write, before either is taken: is
  // a request of the other direction to its line queued? (Only bank, row and col are
  // read.)
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::req_t                      rd_probe_i,
  input  hbm_pkg::req_t                      wr_probe_i,
  /* verilator lint_on UNUSEDSIGNAL */
  output logic                               rd_conflict_o, // a write to rd_probe_i's line is queued
  output logic                               wr_conflict_o, // a read to wr_probe_i's line is queued
  input  logic [N-1:0]                       pop_i,      // entries whose column command issued
  input  logic [15:0]                        now_i,      // cycle stamp for the arrival time
  input  logic [15:0]                        starve_next_i, // the starvation cap after this edge (0: none)
  // The cap now, for the assertion on overdue_o only.
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [15:0]                        starve_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // commands that took effect this cycle, and the banks' state before them
  // Only the bank and row of the commands matter here.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::row_cmd_t                  row_cmd_i,
  input  hbm_pkg::col_cmd_t                  col_cmd_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic [hbm_pkg::NumBanks-1:0]       open_i,
  // The banks' open rows (hbm_bank_state's), read by an assertion only: the queue keeps
  // its own copy (below).
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [hbm_pkg::NumBanks*hbm_pkg::RowW-1:0] open_row_i,
  /* verilator lint_on UNUSEDSIGNAL */
  // entries
  output logic [N*hbm_pkg::BankW-1:0]        bank_o,
  output logic [N*hbm_pkg::RowW-1:0]         row_o,
  output logic [N*hbm_pkg::ColW-1:0]         col_o,
  output logic [N*hbm_pkg::SlotW-1:0]        slot_o,
  output logic [N-1:0]                       more_in_row_o, // the entry's burst goes on in its row
  output logic [N-1:0]                       valid_o,
  output logic [N-1:0]                       hit_o,
  output logic [N-1:0]                       open_o,     // the entry's bank is open
  output logic [$clog2(N)*N-1:0]             rank_o,     // bit k of entry i's rank at [k*N + i]
  output logic [N-1:0]                       oldest_o,
  output logic                               overdue_o,  // the oldest waited past the cap
  output logic [hbm_pkg::BankW-1:0]          oldest_bank_o,
  output logic [N-1:0]                       first_o,    // the oldest queued entry of its bank
  output logic [hbm_pkg::NumBanks*N-1:0]     members_o,
  output logic [hbm_pkg::NumBanks-1:0]       wanted_o,   // banks some queued request holds
  output logic [hbm_pkg::NumBanks-1:0]       rd_hits_o,  // banks whose open row a queued read hits
  output logic [hbm_pkg::NumBanks-1:0]       wr_hits_o,  // ... a queued write hits
  output logic [$clog2(N):0]                 rd_count_o,
  output logic [$clog2(N):0]                 wr_count_o,
  // The entry an arrival takes (read on a push only): the scheduler keeps its own copy of
  // the fields it reads at its picks, written here as the entry is.
  output logic [$clog2(N)-1:0]               push_idx_o
);
  localparam int unsigned BankW    = hbm_pkg::BankW;
  localparam int unsigned RowW     = hbm_pkg::RowW;
  localparam int unsigned ColW     = hbm_pkg::ColW;
  localparam int unsigned SlotW    = hbm_pkg::SlotW;
  localparam int unsigned NumBanks = hbm_pkg::NumBanks;
  localparam logic [N-1:0] WriteEntries = {{WDepth{1'b1}}, {RDepth{1'b0}}};

  // Storage is flat, as the ports are (yosys 0.23 reads an unpacked array of structs as
  // one struct; flat rows also leave the ports without a copy per cycle in simulation).
  logic [N*BankW-1:0] bank_q;
  logic [N*RowW-1:0]  row_q;
  logic [N*ColW-1:0]  col_q;
  logic [N*SlotW-1:0] slot_q;
  logic [N-1:0]       more_q;
  logic [N-1:0]       valid_q, valid_d, hit_q, hit_d;
  logic [NumBanks*N-1:0] members_q;
`ifndef SYNTHESIS
  logic [N-1:0]       members_m [NumBanks];   // simulation: members_q's rows (below)
`endif
  logic [N-1:0]       slot_oh;     // the entry the incoming request takes (one-hot)

  // Lowest free entry of the partition the new request belongs to. The search matters
  // only on a push; it runs then only (in simulation; in hardware a push selects its
  // result). For synthesis a tree (hbm_pkg::lowest_one): the increment's 64-bit carry
  // chain was 8 levels of the whole PC's deepest path (the front end's push -> the slot ->
  // the entry's next state).
  logic [N-1:0] free;
  assign free    = ~valid_q & (req_i.write ? WriteEntries : ~WriteEntries);
  assign slot_oh = push_i ? N'(hbm_pkg::lowest_one(hbm_pkg::SlotSpan'(free))) : '0;
  // Its index (read only on a push).
  logic [$clog2(N)-1:0] push_idx;
  assign push_idx = $clog2(N)'(hbm_pkg::slot_index(hbm_pkg::SlotSpan'(slot_oh)));
  assign push_idx_o = push_idx;

  assign rd_space_o = (~valid_q & ~WriteEntries) != '0;
  assign wr_space_o = (~valid_q &  WriteEntries) != '0;

  // Entries still here after this cycle's pop that hold the incoming request's bank.
  logic [N-1:0] same_bank, remaining;
  logic [N-1:0] req_bank, row_bank, col_bank;   // entries of a bank (below)
  assign remaining = valid_q & ~pop_i;
  assign same_bank = push_i ? req_bank & remaining : '0;

  // ---- Lines the other direction has queued -----------------------------------------------
  // A compare per entry of the other direction. A probe's fields may be stale when the
  // front end has no such request: it then reads no answer. For synthesis the compares of
  // hbm_line_match (hbm_key_match's: written as `==` they were 1.8 k LUT of this block).
  // In simulation only the entries of the probe's bank are compared, lowest first (its
  // member set), not 32 compares of fields at odd offsets every tCK; equiv.py checks the
  // two forms.
`ifdef SYNTHESIS
  logic [WDepth-1:0] rd_probe_match;   // write entries to the read probe's line
  logic [RDepth-1:0] wr_probe_match;   // read entries to the write probe's line
  hbm_line_match #(.RDepth(RDepth), .WDepth(WDepth)) u_lines (
    .bank_i     (bank_q),
    .row_i      (row_q),
    .col_i      (col_q),
    .rd_probe_i,
    .wr_probe_i,
    .rd_match_o (rd_probe_match),
    .wr_match_o (wr_probe_match)
  );
  assign rd_conflict_o = (valid_q[N-1:RDepth] & rd_probe_match) != '0;
  assign wr_conflict_o = (valid_q[RDepth-1:0] & wr_probe_match) != '0;
`else
  function automatic logic line_queued(logic write, logic [BankW-1:0] bank,
                                       logic [RowW-1:0] row, logic [ColW-1:0] col);
    logic [N-1:0] cand;
    int unsigned  i;
    cand = valid_q & (write ? WriteEntries : ~WriteEntries) & members_m[bank];
    line_queued = 1'b0;
    while (cand != '0) begin
      i    = 32'(hbm_pkg::lowest_set_index(64'(cand)));
      line_queued = line_queued |
        (row_q[i*RowW +: RowW] == row && col_q[i*ColW +: ColW] == col);
      cand = cand & (cand - 1'b1);
    end
  endfunction
  assign rd_conflict_o = line_queued(1'b1, rd_probe_i.bank, rd_probe_i.row, rd_probe_i.col);
  assign wr_conflict_o = line_queued(1'b0, wr_probe_i.bank, wr_probe_i.row, wr_probe_i.col);
`endif

  // ---- Row hits --------------------------------------------------------------------------
  // The bank's state after this cycle's commands, as hbm_bank_state will hold it: an ACT
  // opens its bank at its row; PRE, PREA and an auto-precharge close. (The row and the
  // column bus never act on the same bank in one cycle.)
  logic             act, row_touch, close_row, close_col;
  logic [RowW-1:0]  new_open_row;
  logic             new_open;
  assign act       = row_cmd_i.cmd == hbm_pkg::RowAct;
  assign row_touch = act || row_cmd_i.cmd == hbm_pkg::RowPre;   // a row command to one bank
  assign close_row = row_cmd_i.cmd == hbm_pkg::RowPre || row_cmd_i.cmd == hbm_pkg::RowPrea;
  assign close_col = col_cmd_i.cmd != hbm_pkg::ColNop && col_cmd_i.ap;

  // The entries whose bank is the incoming request's, the row command's, the column
  // command's (read by the row hits and by FCFS's next first): for yosys a compare per
  // entry; in simulation the bank's member set, one word, taken only when it is read
  // (entries never written may differ, and are read only through valid or hit flags that
  // are 0 for them). equiv.py checks the two forms.
`ifdef SYNTHESIS
  always_comb begin
    for (int i = 0; i < N; i++) begin
      req_bank[i] = bank_q[i*BankW +: BankW] == req_i.bank;
      row_bank[i] = bank_q[i*BankW +: BankW] == row_cmd_i.bank;
      col_bank[i] = bank_q[i*BankW +: BankW] == col_cmd_i.bank;
    end
  end
`else
  always_comb begin
    req_bank = '0;
    row_bank = '0;
    col_bank = '0;
    if (push_i) req_bank = members_m[req_i.bank];
    if (row_touch) row_bank = members_m[row_cmd_i.bank];
    if (close_col || pop_i != '0) col_bank = members_m[col_cmd_i.bank];
  end
`endif

  // Each bank's open row, a copy of hbm_bank_state's in LUT-RAM: written by an ACT, as
  // that one is, and read at the arrival's bank. (A 32:1 choice of each bit of the bank
  // state's 32 rows in flip-flops: the block measured 8 193 LUT with it, 7 670 with the
  // copy; and those 480 flip-flops had no other reader in the pooled PC.) A row is read
  // only for a bank that is open, which an ACT since reset made so; the copy starts at
  // zero all the same (an FPGA's LUT-RAM INIT), so that an equivalence check's free
  // inputs read the same in both forms. a_open_row_copied checks it against the bank
  // state's.
  logic [RowW-1:0] open_row_mem [NumBanks];
  initial begin
    for (int b = 0; b < NumBanks; b++) open_row_mem[b] = '0;
  end
  always_ff @(posedge clk_i) begin
    if (act) open_row_mem[row_cmd_i.bank] <= row_cmd_i.row;
  end

  // Is the incoming request's row open once this cycle's commands have acted?
  always_comb begin
    new_open_row = '0;
    new_open     = 1'b0;
    if (push_i) begin
      // The bank's open flag: a compare per bank for yosys, a read at the index in
      // simulation (32 compares less on every arrival).
`ifdef SYNTHESIS
      for (int b = 0; b < NumBanks; b++) begin
        if (req_i.bank == BankW'(b)) new_open = open_i[b];
      end
`else
      new_open = open_i[req_i.bank];
`endif
      new_open_row = open_row_mem[req_i.bank];
      if (act && row_cmd_i.bank == req_i.bank) begin
        new_open     = 1'b1;
        new_open_row = row_cmd_i.row;
      end
      if ((close_row && (row_cmd_i.cmd == hbm_pkg::RowPrea || row_cmd_i.bank == req_i.bank)) ||
          (close_col && col_cmd_i.bank == req_i.bank)) begin
        new_open = 1'b0;
      end
    end
  end

  // For synthesis, the entries whose row is the ACT's as hbm_key_match's LUT6 pieces: 64
  // compares of 17 bits written as `==` were some 500 LUT more of this block (6 971 ->
  // 6 468; issue 14). The simulation compares only the ACT bank's entries, and only on an
  // ACT, as below.
`ifdef SYNTHESIS
  logic [N-1:0] act_row_eq;
  hbm_key_match #(.N(N), .W(RowW)) u_act_row (
    .keys_i  (row_q),
    .key_i   (row_cmd_i.row),
    .match_o (act_row_eq)
  );
`endif
  // Queued entries: only a command to their bank changes their hit.
  always_comb begin
    hit_d = hit_q & ~pop_i;
    if (act) begin
      for (int i = 0; i < N; i++) begin
`ifdef SYNTHESIS
        if (row_bank[i]) hit_d[i] = remaining[i] && act_row_eq[i];
`else
        if (row_bank[i]) hit_d[i] = remaining[i] && row_q[i*RowW +: RowW] == row_cmd_i.row;
`endif
      end
    end else if (row_cmd_i.cmd == hbm_pkg::RowPrea) begin
      hit_d = '0;
    end else if (row_cmd_i.cmd == hbm_pkg::RowPre) begin
      hit_d = hit_d & ~row_bank;
    end
    if (close_col) hit_d = hit_d & ~col_bank;
    if (push_i && new_open && new_open_row == req_i.row) hit_d = hit_d | slot_oh;
  end

  // ---- Entries -------------------------------------------------------------------------
  assign valid_d = (valid_q & ~pop_i) | slot_oh;

  always_ff @(posedge clk_i) begin
    if (push_i) begin
      for (int i = 0; i < N; i++) begin
        if (slot_oh[i]) begin
          bank_q[i*BankW +: BankW] <= req_i.bank;
          row_q[i*RowW +: RowW]    <= req_i.row;
          col_q[i*ColW +: ColW]    <= req_i.col;
          slot_q[i*SlotW +: SlotW] <= req_i.slot;
          more_q[i]                <= req_i.more_in_row;
        end
      end
    end
  end

  // The member sets written two ways, checked equal by scripts/synth/equiv.py (yosys reads
  // the SYNTHESIS form, the simulation the other). For synthesis, bit by bit: a row enable,
  // which maps onto a flip-flop's enable pin with no LUT.
`ifdef SYNTHESIS
  always_ff @(posedge clk_i) begin
    for (int b = 0; b < NumBanks; b++) begin
      for (int i = 0; i < N; i++) begin
        if (slot_oh[i]) members_q[b*N + i] <= req_i.bank == BankW'(b);
      end
    end
  end
`else
  always_ff @(posedge clk_i) begin
    // The arrival's entry leaves the set of the bank it held before (its bank field still
    // says which: an entry is in one set at most, the one of its bank field) and joins
    // its new bank's, in that order, so that a same-bank arrival keeps the join. Two sets
    // written, not all 32: as one flat vector written in part, Verilator copied its
    // 2 048 bits to a shadow and back every tCK (2.5 % of a 1-PC run).
    if (push_i) begin
      members_m[bank_q[push_idx*BankW +: BankW]] <= members_m[bank_q[push_idx*BankW +: BankW]] &
                                                    ~slot_oh;
      members_m[req_i.bank] <= members_m[req_i.bank] | slot_oh;
    end
  end
  always_comb begin
    for (int b = 0; b < NumBanks; b++) members_q[b*N +: N] = members_m[b];
  end
  // The sets start empty (whatever Verilator's --x-initial), so that each entry is in at
  // most the set of its bank field, as the arrival's two writes above rely on.
  initial begin
    for (int b = 0; b < NumBanks; b++) members_m[b] = '0;
  end
`endif

  // ---- The oldest entry ----------------------------------------------------------------
  // Each entry's rank in arrival order (0: the oldest), set on arrival to the number of
  // entries that stay, and lowered by one when an older entry leaves. The oldest is the
  // valid entry of rank 0: a compare per entry on registers (a search over the age matrix
  // cost ~4.4 k LUT, and on the scheduler's row-pick path 14 of its 35 LUT levels).
  // Ranks are stored bit-sliced: plane k (rank_q[k*N +: N]) holds bit k of every entry's
  // rank, so each step is an N-bit operation per plane (in simulation a few word
  // operations; per entry as ranks they cost it ~10 % of a run).
  localparam int unsigned RankW = $clog2(N);
  logic [RankW*N-1:0] rank_q, rank_d;
  logic [RankW-1:0]   pop_rank, push_rank;
  logic [N-1:0]       rank_nonzero, rank_upper;
  logic               popping;
  assign popping = pop_i != '0;
  always_comb begin
    rank_upper = '0;   // a rank bit other than bit 0 set
    for (int k = 1; k < RankW; k++) rank_upper = rank_upper | rank_q[k*N +: N];
    rank_nonzero = rank_upper | rank_q[0 +: N];
  end
  assign push_rank = RankW'(rd_count_o + wr_count_o - {{RankW{1'b0}}, popping});

  // On a pop, the entries that stay and rank above the leaving one go down by one; the
  // newcomer takes its rank (hbm_rank_planes).
  always_comb begin
    pop_rank = '0;
    if (popping) begin
      for (int k = 0; k < RankW; k++) pop_rank[k] = (rank_q[k*N +: N] & pop_i) != '0;
    end
  end
  hbm_rank_planes #(.N(N), .RankW(RankW)) u_rank (
    .rank_i      (rank_q),
    .pop_i       (popping),
    .pop_rank_i  (pop_rank),
    .stay_i      (remaining),
    .load_i      (slot_oh),
    .load_rank_i (push_rank),
    .rank_o      (rank_d)
  );
  always_ff @(posedge clk_i) begin
    if (push_i || popping) rank_q <= rank_d;
  end
  assign oldest_o = valid_q & ~rank_nonzero;

  // The oldest's arrival and bank, and the starvation flag (hbm_oldest_age).
  /* verilator lint_off UNUSEDSIGNAL */
  logic [15:0]      oldest_arr_q;   // (read by hbm_oldest_age's assertion only)
  /* verilator lint_on UNUSEDSIGNAL */
  logic [BankW-1:0] oldest_bank_q;
  hbm_oldest_age #(.N(N), .RankW(RankW)) u_age (
    .clk_i,
    .rst_ni,
    .valid_i         (valid_q),
    .rank_i          (rank_q),
    .load_i          (push_i),
    .load_idx_i      (push_idx),
    .oldest_leaves_i ((pop_i & oldest_o) != '0),
    .older_stays_i   ((remaining & ~slot_oh) != '0),
    .push_i,
    .push_bank_i     (req_i.bank),
    .now_i,
    .starve_next_i,
    .starve_i,
    .oldest_arr_o    (oldest_arr_q),
    .oldest_bank_o   (oldest_bank_q),
    .overdue_o
  );
  assign oldest_bank_o = oldest_bank_q;

  // ---- The first of each bank (FCFS) ---------------------------------------------------
  // When a bank's first leaves (its column command issued: col_cmd_i names its bank), the
  // oldest of the bank's entries that stay (col_bank) is the new first. An arrival is
  // first when no entry of its bank stays (same_bank). The set is searched only when a
  // first leaves (in simulation; in hardware the AND is always there).
  logic [N-1:0] first_q, first_d, bank_rest, bank_next;
  assign bank_rest = ((pop_i & first_q) != '0) ? col_bank & remaining : '0;
  hbm_oldest #(.N(N)) u_bank_next (
    .set_i    (bank_rest),
    .rank_i   (rank_q),
    .oldest_o (bank_next)
  );
  assign first_d = (first_q & ~pop_i) | bank_next | ((push_i && same_bank == '0) ? slot_oh : '0);

  // How many reads and writes are queued, kept as counts: an arrival takes a free entry of
  // its partition and a pop leaves a queued one (at most one of each a tCK), so each count
  // moves by what enters and leaves its partition. Population counts of valid_q were two
  // 64-bit adder trees in hardware and 1 % of a 1-PC run's instructions in simulation.
  localparam int unsigned CountW = $clog2(N) + 1;
  logic [CountW-1:0] rd_count_q, wr_count_q;
  logic              rd_in, rd_out, wr_in, wr_out;
  assign rd_in  = (slot_oh & ~WriteEntries) != '0;
  assign wr_in  = (slot_oh &  WriteEntries) != '0;
  assign rd_out = (pop_i & ~WriteEntries) != '0;
  assign wr_out = (pop_i &  WriteEntries) != '0;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q       <= '0;
      hit_q         <= '0;
      first_q       <= '0;
      rd_count_q    <= '0;
      wr_count_q    <= '0;
    end else begin
      valid_q       <= valid_d;
      hit_q         <= hit_d;
      first_q       <= first_d;
      rd_count_q    <= rd_count_q + CountW'(rd_in) - CountW'(rd_out);
      wr_count_q    <= wr_count_q + CountW'(wr_in) - CountW'(wr_out);
    end
  end

  // ---- Banks wanted ------------------------------------------------------------------------
  // An arrival sets its bank's bit; when an entry leaves, its bank's bit is whether any of
  // the bank's entries stays (col_bank: the column command's bank, the leaving entry's).
  logic [NumBanks-1:0] wanted_q, wanted_d, col_1h, req_1h;
  assign col_1h = hbm_pkg::bank_1h(col_cmd_i.bank);
  assign req_1h = hbm_pkg::bank_1h(req_i.bank);
  always_comb begin
    wanted_d = wanted_q;
    if (popping) wanted_d = (wanted_d & ~col_1h) | ((remaining & col_bank) != '0 ? col_1h : '0);
    if (push_i)  wanted_d = wanted_d | req_1h;
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) wanted_q <= '0;
    else         wanted_q <= wanted_d;
  end
  assign wanted_o = wanted_q;

  // ---- The entries' banks open --------------------------------------------------------------
  // Each entry's bank's open bit, changed by what changes its hit: an ACT to the bank sets
  // it, a PRE, a PREA or an auto-precharge clears it, an arrival takes the bank's state
  // after this tCK's commands (new_open). Only queued entries' bits are kept (zero for the
  // others), so the two forms' member sets and bank compares, which differ for entries
  // never written, agree.
  logic [N-1:0] open_q, open_d;
  always_comb begin
    open_d = open_q;
    if (act)                                     open_d = open_d | row_bank;
    else if (row_cmd_i.cmd == hbm_pkg::RowPrea) open_d = '0;
    else if (row_cmd_i.cmd == hbm_pkg::RowPre)  open_d = open_d & ~row_bank;
    if (close_col) open_d = open_d & ~col_bank;
    if (push_i)    open_d = (open_d & ~slot_oh) | (new_open ? slot_oh : '0);
  end
  assign open_o = open_q;

  // ---- Banks with a queued hit ---------------------------------------------------------------
  // The scheduler keeps a row open while a queued request of the phase hits it. Per bank
  // and direction that was an AND-OR over the entries' hits and member sets in the
  // scheduler, every tCK (2.6 k LUT of its 14.5 k: ablation, stop 60). Hits change only in
  // the banks of this tCK's commands (ACT, PRE, and PREA in all; a column command's pop
  // and auto-precharge) and of an arrival, so only those bits are recomputed: a command's
  // bank from its entries' next hits (the arrival's entry aside: it was not queued, so no
  // hit of it is in hit_q or in a recomputed bank), then the arrival's own hit added.
  logic [NumBanks-1:0] rd_hits_q, wr_hits_q, rd_hits_d, wr_hits_d, row_1h;
  logic [N-1:0]        hit_old;   // next hits of the entries that were queued
  logic                new_hit;
  assign row_1h    = hbm_pkg::bank_1h(row_cmd_i.bank);
  assign hit_old   = hit_d & ~slot_oh;
  assign new_hit   = (hit_d & slot_oh) != '0;
  always_comb begin
    rd_hits_d = rd_hits_q;
    wr_hits_d = wr_hits_q;
    if (row_cmd_i.cmd == hbm_pkg::RowPrea) begin
      rd_hits_d = '0;
      wr_hits_d = '0;
    end else if (row_touch) begin
      rd_hits_d = (rd_hits_d & ~row_1h) | (((hit_old & row_bank & ~WriteEntries) != '0) ? row_1h : '0);
      wr_hits_d = (wr_hits_d & ~row_1h) | (((hit_old & row_bank &  WriteEntries) != '0) ? row_1h : '0);
    end
    if (close_col || popping) begin
      rd_hits_d = (rd_hits_d & ~col_1h) | (((hit_old & col_bank & ~WriteEntries) != '0) ? col_1h : '0);
      wr_hits_d = (wr_hits_d & ~col_1h) | (((hit_old & col_bank &  WriteEntries) != '0) ? col_1h : '0);
    end
    if (new_hit) begin
      if (req_i.write) wr_hits_d = wr_hits_d | req_1h;
      else             rd_hits_d = rd_hits_d | req_1h;
    end
  end
  // (the open bits above and the hit banks)
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      open_q    <= '0;
      rd_hits_q <= '0;
      wr_hits_q <= '0;
    end else begin
      open_q    <= open_d & valid_d;
      rd_hits_q <= rd_hits_d;
      wr_hits_q <= wr_hits_d;
    end
  end
  assign rd_hits_o = rd_hits_q;
  assign wr_hits_o = wr_hits_q;

  // ---- Outputs -----------------------------------------------------------------------------
  assign bank_o       = bank_q;
  assign row_o        = row_q;
  assign col_o        = col_q;
  assign slot_o       = slot_q;
  assign more_in_row_o = more_q;
  assign rank_o       = rank_q;
  assign first_o      = first_q;
  assign members_o    = members_q;
  assign rd_count_o = rd_count_q;
  assign wr_count_o = wr_count_q;
  assign valid_o    = valid_q;
  assign hit_o      = hit_q;

`ifndef SYNTHESIS
  // The synthesis form's free-slot search works on one slot word.
  initial a_fits_slot_word: assert (N <= hbm_pkg::SlotSpan);
  always_ff @(posedge clk_i) a_push_has_room: assert (!rst_ni || !push_i || (free != '0));
  always_ff @(posedge clk_i) a_pop_valid: assert (!rst_ni || ((pop_i & ~valid_q) == '0));
  always_ff @(posedge clk_i) a_one_pop: assert (!rst_ni || $onehot0(pop_i));
  // What the front end pushes has no request of the other direction to its line queued
  // (the order the dependency matrix kept before).
  always_ff @(posedge clk_i)
    a_no_conflict: assert (!rst_ni || !push_i || !line_queued(!req_i.write, req_i.bank, req_i.row, req_i.col));
  // The copy of the open rows holds the bank state's, for an open bank an arrival reads.
  always_ff @(posedge clk_i)
    a_open_row_copied: assert (!rst_ni || !push_i || !open_i[req_i.bank]
      || open_row_mem[req_i.bank] == open_row_i[req_i.bank*RowW +: RowW]);
  always_ff @(posedge clk_i) a_hit_valid: assert (!rst_ni || ((hit_q & ~valid_q) == '0));
  // The counts are the queued entries of each partition: checked every 64th cycle (a
  // wrong count stays wrong), as the ranks below.
  logic counts_ok;
  always_comb begin
    counts_ok = 1'b1;
    if (now_i[5:0] == '0) begin
      counts_ok = rd_count_q == CountW'($countones(valid_q & ~WriteEntries)) &&
                  wr_count_q == CountW'($countones(valid_q &  WriteEntries));
    end
  end
  always_ff @(posedge clk_i) a_counts: assert (!rst_ni || counts_ok);
  // The ranks of the queued entries are 0 .. count-1, each once. Every cycle, cheaply,
  // one rank bit in turn: it is set in as many queued entries as it is among
  // 0 .. count-1 (all bits every cycle cost 1.7 % of a 1-PC run in software population
  // counts). Every 64th cycle, the whole permutation. A wrong rank persists while its
  // entries stay.
  // The oldest is one entry, and its bank register holds its bank.
  logic [RankW*N-1:0] rank_view;   // entry-major copy: entry i's rank at [i*RankW +: RankW]
  logic [N-1:0]       ranks_seen;
  logic               plane_counts_ok, oldest_fields_ok;
  logic [$clog2(N):0] count, expect_ones;
  logic [$clog2(RankW+1)-1:0] plane_q;   // the rank bit checked this cycle
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)                            plane_q <= '0;
    else if (32'(plane_q) == RankW - 1)     plane_q <= '0;
    else                                    plane_q <= plane_q + 1'b1;
  end
  assign count = rd_count_o + wr_count_o;
  always_comb begin
    plane_counts_ok = 1'b1;
    expect_ones     = '0;
    for (int k = 0; k < RankW; k++) begin
      if (32'(plane_q) == k) begin
        expect_ones = (($clog2(N)+1)'(count >> (k + 1)) << k);
        if (32'(count) % (2 << k) > (1 << k)) expect_ones = expect_ones + ($clog2(N)+1)'(32'(count) % (2 << k) - (1 << k));
        if (32'($countones(rank_q[k*N +: N] & valid_q)) != 32'(expect_ones)) plane_counts_ok = 1'b0;
      end
    end
    ranks_seen = '0;
    rank_view  = '0;
    if (now_i[5:0] == '0) begin
      for (int i = 0; i < N; i++) begin
        for (int k = 0; k < RankW; k++) rank_view[i*RankW + k] = rank_q[k*N + i];
        if (valid_q[i]) ranks_seen[rank_view[i*RankW +: RankW]] = 1'b1;
      end
    end
    // (its arrival: hbm_oldest_age checks it against the arrival it keeps; a second
    // oldest fails a_oldest's one-hot test)
    oldest_fields_ok = oldest_o == '0 ||
      bank_q[32'(hbm_pkg::slot_index(hbm_pkg::SlotSpan'(oldest_o)))*BankW +: BankW] == oldest_bank_q;
  end
  always_ff @(posedge clk_i)
    a_ranks: assert (!rst_ni || (plane_counts_ok
      && (now_i[5:0] != '0 || ranks_seen == (N'(1) << count) - N'(1))));
  // Each bank with queued entries has one first, and none of its entries ranks below it
  // (checked every 64th cycle, with the ranks).
  logic               firsts_ok;
  logic [N-1:0]       in_bank, lower, same_rank, bank_first;
  logic [RankW-1:0]   first_rank;
  always_comb begin
    firsts_ok  = 1'b1;
    in_bank    = '0;
    lower      = '0;
    same_rank  = '0;
    bank_first = '0;
    first_rank = '0;
    if (now_i[5:0] == '0) begin
      for (int b = 0; b < NumBanks; b++) begin
        in_bank    = members_m[b] & valid_q;
        bank_first = in_bank & first_q;
        for (int k = 0; k < RankW; k++) first_rank[k] = (rank_q[k*N +: N] & bank_first) != '0;
        lower     = '0;
        same_rank = '1;
        for (int k = RankW - 1; k >= 0; k--) begin
          lower     = lower | (same_rank & ~rank_q[k*N +: N] & {N{first_rank[k]}});
          same_rank = same_rank & ~(rank_q[k*N +: N] ^ {N{first_rank[k]}});
        end
        if (!$onehot0(bank_first) || ((in_bank != '0) != (bank_first != '0)) ||
            (lower & in_bank) != '0) begin
          firsts_ok = 1'b0;
        end
      end
    end
  end
  always_ff @(posedge clk_i) a_firsts: assert (!rst_ni || firsts_ok);
  // Each bank's wanted bit is whether it holds an entry: one bank a cycle in turn (a wrong
  // bit persists until an entry of that bank arrives or leaves).
  logic [BankW-1:0] chk_bank;
  assign chk_bank = now_i[BankW-1:0];
  always_ff @(posedge clk_i)
    a_wanted: assert (!rst_ni || wanted_q[chk_bank] == ((valid_q & members_m[chk_bank]) != '0));
  // Each bank's hit bits are whether a queued read or write of it hits: one bank a cycle
  // in turn, as a_wanted.
  always_ff @(posedge clk_i)
    a_hits: assert (!rst_ni
      || (rd_hits_q[chk_bank] == ((hit_q & ~WriteEntries & members_m[chk_bank]) != '0)
          && wr_hits_q[chk_bank] == ((hit_q & WriteEntries & members_m[chk_bank]) != '0)));
  // A queued entry's open bit is its bank's: one bank a cycle in turn.
  always_ff @(posedge clk_i)
    a_open: assert (!rst_ni || ((open_q ^ (open_i[chk_bank] ? valid_q : '0)) & members_m[chk_bank] & valid_q) == '0);
  always_ff @(posedge clk_i)
    a_oldest: assert (!rst_ni
      || ($onehot0(oldest_o) && ((oldest_o == '0) == (valid_q == '0)) && oldest_fields_ok));
`endif
endmodule
