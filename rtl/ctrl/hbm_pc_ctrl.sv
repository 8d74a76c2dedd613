// HBM pseudo-channel controller: one AXI4 slave port and one APB CSR port in, one
// pseudo-channel's row and column command requests and DQ out.
//
// Data path:   AXI -> front end (writes staged) -> transaction queue -> scheduler -> command buses
//              W data -> write buffer -> DQ (WL after WR);  DQ -> reorder buffer -> R
// Command requests are offered to the channel, which may share its buses between two
// pseudo-channels; a command takes effect only in a cycle its grant is high.
module hbm_pc_ctrl #(
  parameter int unsigned RDepth   = 32,   // read queue entries
  parameter int unsigned WDepth   = 32,   // write queue entries
  parameter int unsigned WStage   = 32,   // posted writes staged ahead of the write queue
  parameter int unsigned RobDepth = 64,   // read beats outstanding on AXI
  parameter int unsigned WdbDepth = 64,   // write beats held for the DRAM
  // The scheduler's commands from a register: picked a tCK ahead, from the bank state's
  // legality after this edge (docs/synthesis.md, "A pipelined pick"; the default since
  // stop 61: 22 LUT levels where the single-cycle form is 29.5, 3.8 k LUT fewer, the bench
  // within 0.7 points); off: picked and offered in the same tCK.
  parameter bit          Pipe     = 1'b1,
  // The queue as per-bank lists (hbm_bank_lists): the scheduler sees each bank's oldest
  // read and oldest write, not every entry.
  parameter bit          Lists    = 1'b0,
  // The comparison policies (hbm_csr): FCFS and the adaptive page policy. The simulator
  // builds both; an FPGA build for FR-FCFS with open or closed pages may leave them out
  // (docs/synthesis.md, "An FPGA build without the comparison policies").
  parameter bit          HasFcfs     = 1'b1,
  parameter bit          HasAdaptive = 1'b1
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // static configuration
  input  hbm_pkg::timing_t            t_i,     // static; registered here, so stable a tCK before reset ends
  input  hbm_pkg::geometry_t          geo_i,
  // host port and CSRs
  input  hbm_axi_pkg::axi_req_t           axi_req_i,
  output hbm_axi_pkg::axi_rsp_t           axi_rsp_o,
  input  hbm_pkg::apb_req_t           apb_i,
  output hbm_pkg::apb_rsp_t           apb_o,
  // command buses, through the channel's arbiter
  output hbm_pkg::row_cmd_t           row_req_o,
  input  logic               row_gnt_i,
  output hbm_pkg::col_cmd_t           col_req_o,
  input  logic               col_gnt_i,
  // DQ
  output logic [hbm_pkg::DfiW-1:0]     wdq_o,
  output logic [hbm_pkg::DfiMaskW-1:0] wdq_strb_o,
  output logic               wdq_valid_o,
  input  logic [hbm_pkg::DfiW-1:0]     rdq_i,
  input  logic               rdq_valid_i,
  // observation
  output logic [7:0]         queue_count_o,
  output logic [7:0]         rob_used_o,       // read beats waiting for data or for R
  output logic [7:0]         wdb_used_o,       // write beats waiting for the DRAM
  output logic signed [7:0]  refresh_owed_o
);
  localparam int unsigned N = RDepth + WDepth;
  // The scheduler's candidates: the queue's entries, or the lists' heads.
  localparam int unsigned C = Lists ? 2 * hbm_pkg::NumBanks : N;
  localparam int unsigned RankW = (Lists && $clog2(C) > $clog2(N)) ? $clog2(C) : $clog2(N);
  localparam int unsigned NumBanks = hbm_pkg::NumBanks;
  localparam int unsigned NumSids = hbm_pkg::NumSids;
  localparam int unsigned BankW = hbm_pkg::BankW;
  localparam int unsigned RowW = hbm_pkg::RowW;
  localparam int unsigned ColW = hbm_pkg::ColW;
  localparam int unsigned SlotW = hbm_pkg::SlotW;
  localparam int unsigned MapBits = hbm_pkg::MapBits;
  localparam int unsigned MapPickW = hbm_pkg::MapPickW;
  localparam int unsigned SidW = hbm_pkg::SidW;

  // This PC's own copy of the static configuration, on its own clock: a copy shared with
  // the other PC of the channel would make every edge of one PC's clock re-evaluate the
  // other's logic (in simulation, an idle PC then cost about a quarter of a 1-PC run).
  // It is latched while in reset (cfg_ld_q: the reset's clocks and the first tCK after
  // it), as what is derived from it below: static, it needs no load on every tCK, and in
  // simulation a register process whose enable is off costs a test, where a copy and a
  // recomputation every tCK cost about 4 % of a 1-PC run. Reset holds the clock four tCK:
  // cfg_ld_q rises at the first, the copy loads at the second, what is derived from it
  // at the third (in the refresh, from that, at the fourth), all again at the fifth.
  logic               cfg_ld_q;
  hbm_pkg::timing_t   t_q;
  hbm_pkg::geometry_t geo_q;
  hbm_cfg_load u_cfg_ld (.clk_i, .rst_ni, .load_o(cfg_ld_q));
  always_ff @(posedge clk_i) begin
    if (cfg_ld_q) begin
      t_q   <= t_i;
      geo_q <= geo_i;
    end
  end

  logic [15:0] now_q;   // cycle stamp for ages and idle times (wraps)
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) now_q <= '0;
    else         now_q <= now_q + 1'b1;
  end

  // ---- CSRs ------------------------------------------------------------------------------
  hbm_pkg::policy_t  policy;
  /* verilator lint_off UNUSEDSIGNAL */
  hbm_pkg::policy_t  policy_next;        // the refresh and the queue read their fields
  /* verilator lint_on UNUSEDSIGNAL */
  logic [MapBits*MapPickW-1:0] map;      // pick k at [MapPickW*k +: MapPickW]
  logic [BankW*MapPickW-1:0]   xor_sel;
  logic     clear_counters, freeze_counters;
  logic        cnt_rd;     // the CSR reads counter cnt_idx: its count
  logic [3:0]  cnt_idx;
  logic [63:0] cnt_word;

  hbm_csr #(.HasFcfs(HasFcfs), .HasAdaptive(HasAdaptive)) u_csr (
    .clk_i,
    .rst_ni,
    .apb_i,
    .apb_o,
    .policy_o      (policy),
    .policy_next_o (policy_next),
    .map_o    (map),
    .xor_o    (xor_sel),
    .clear_o  (clear_counters),
    .freeze_o (freeze_counters),
    .cnt_rd_o  (cnt_rd),
    .cnt_idx_o (cnt_idx),
    .cnt_i     (cnt_word)
  );

  // ---- Front end and queue ---------------------------------------------------------------
  hbm_axi_pkg::axi_req_t axi_req;
  hbm_axi_pkg::axi_rsp_t axi_rsp;

  hbm_axi_cut u_cut (
    .clk_i,
    .rst_ni,
    .slv_req_i (axi_req_i),
    .slv_rsp_o (axi_rsp_o),
    .mst_req_o (axi_req),
    .mst_rsp_i (axi_rsp)
  );

  hbm_pkg::req_t  new_req;
  logic  push, rd_space, wr_space;
  // What the front end may push: room, and no queued request of the other direction to
  // the candidate's line (same-line order is kept at this door, for both queue forms).
  logic  rd_take, wr_take;
  logic  rd_blocked;   // a read beat waits for a queued write to its line
  logic  wr_blocked;   // the oldest staged write waits for a queued read to its line
  logic  rd_waiting;   // a read beat waits for the queue
  hbm_pkg::req_t  rd_probe, wr_probe;   // the front end's candidates, asked about
  hbm_pkg::slot_t wdb_rd_slot;
  hbm_axi_pkg::data_t wdb_rd_data;
  hbm_axi_pkg::strb_t wdb_rd_strb;
  logic  wdb_free;
  hbm_pkg::slot_t wdb_free_slot;
  logic  rob_fill;
  logic [$clog2(WStage):0] staged;
  hbm_pkg::slot_t rob_fill_slot;
  hbm_axi_pkg::data_t rob_fill_data;

  hbm_axi_frontend #(.RobDepth(RobDepth), .WdbDepth(WdbDepth), .WStage(WStage)) u_frontend (
    .clk_i,
    .rst_ni,
    .geo_i           (geo_q),
    .map_i           (map),
    .xor_i           (xor_sel),
    .axi_req_i       (axi_req),
    .axi_rsp_o       (axi_rsp),
    .req_o           (new_req),
    .push_o          (push),
    .rd_space_i      (rd_take),
    .wr_space_i      (wr_take),
    .rd_probe_o      (rd_probe),
    .wr_probe_o      (wr_probe),
    .rd_waiting_o    (rd_waiting),
    .staged_o        (staged),
    .wdb_rd_slot_i   (wdb_rd_slot),
    .wdb_rd_data_o   (wdb_rd_data),
    .wdb_rd_strb_o   (wdb_rd_strb),
    .wdb_free_i      (wdb_free),
    .wdb_free_slot_i (wdb_free_slot),
    .rob_fill_i      (rob_fill),
    .rob_fill_slot_i (rob_fill_slot),
    .rob_fill_data_i (rob_fill_data),
    .rob_used_o,
    .wdb_used_o
  );

  // The queue's entries, field by field (entry i's at [i*W +: W]), and its registers of
  // per-entry facts.
  logic [C*BankW-1:0]  q_bank;
  logic [C*RowW-1:0]   q_row;
  logic [C*ColW-1:0]   q_col;
  logic [C*SlotW-1:0]  q_slot;
  logic                overdue;
  logic [BankW-1:0]    oldest_bank;
  logic [C-1:0]        valid, q_hit, pop, pick;
  logic [RankW*C-1:0] rank;
  logic [C-1:0]        same_next;
  logic [C-1:0]        more_in_row;   // the candidate's burst goes on in its row
  logic [C-1:0]        oldest, first;
  logic [NumBanks*C-1:0] members;
  logic [NumBanks-1:0] wanted;
  logic [NumBanks-1:0] rd_hits, wr_hits;   // banks whose open row a queued read / write hits
  logic [C-1:0]        q_open;             // the candidate's bank is open
  logic [$clog2(C)-1:0] push_idx;          // the queue entry an arrival takes (the pool's)
  logic [$clog2(N):0]  rd_count, wr_count;
  logic [7:0]          wr_pending;   // writes queued or staged: what a drain is counted on
  logic [NumBanks-1:0] open;
  logic [NumBanks*RowW-1:0] open_row;
  // With lists, the column command's column and slot: read at the scheduler's pick.
  /* verilator lint_off UNUSEDSIGNAL */
  hbm_pkg::col_t                l_pick_col;
  hbm_pkg::slot_t               l_pick_slot;
  /* verilator lint_on UNUSEDSIGNAL */
  hbm_pkg::row_cmd_t            row_cmd;
  hbm_pkg::col_cmd_t            col_cmd;

  logic rd_conflict, wr_conflict;   // a request of the other direction to the line is queued
  if (Lists) begin : g_lists
    hbm_bank_lists #(.RDepth(RDepth), .WDepth(WDepth)) u_queue (
      .clk_i,
      .rst_ni,
      .req_i        (new_req),
      .push_i       (push),
      .rd_space_o   (rd_space),
      .wr_space_o   (wr_space),
      .rd_probe_i   (rd_probe),
      .wr_probe_i   (wr_probe),
      .rd_conflict_o (rd_conflict),
      .wr_conflict_o (wr_conflict),
      .pop_i        (pop),
      .pick_i       (pick),
      .now_i        (now_q),
      .starve_next_i (policy_next.starve),
      .starve_i     (policy.starve),
      .row_cmd_i    (row_cmd),
      .col_cmd_i    (col_cmd),
      .open_i       (open),
      .open_row_i   (open_row),
      .bank_o       (q_bank),
      .row_o        (q_row),
      .pick_col_o   (l_pick_col),
      .pick_slot_o  (l_pick_slot),
      .valid_o      (valid),
      .hit_o        (q_hit),
      .rank_o       (rank),
      .oldest_o     (oldest),
      .overdue_o    (overdue),
      .oldest_bank_o    (oldest_bank),
      .first_o      (first),
      .same_row_next_o (same_next),
      .more_in_row_o (more_in_row),
      .members_o    (members),
      .wanted_o     (wanted),
      .rd_count_o   (rd_count),
      .wr_count_o   (wr_count)
    );
    assign {q_col, q_slot} = '0;   // the scheduler's column fields are the lists' pick's
    // The heads' hits: list l is bank l % NumBanks's, reads first.
    assign {wr_hits, rd_hits} = q_hit;
    assign push_idx = '0;   // the scheduler keeps no copy of the heads' fields
  end else begin : g_pool
    hbm_txn_queue #(.RDepth(RDepth), .WDepth(WDepth)) u_queue (
      .clk_i,
      .rst_ni,
      .req_i        (new_req),
      .push_i       (push),
      .rd_space_o   (rd_space),
      .wr_space_o   (wr_space),
      .rd_probe_i   (rd_probe),
      .wr_probe_i   (wr_probe),
      .rd_conflict_o (rd_conflict),
      .wr_conflict_o (wr_conflict),
      .pop_i        (pop),
      .now_i        (now_q),
      .starve_next_i (policy_next.starve),
      .starve_i     (policy.starve),
      .row_cmd_i    (row_cmd),
      .col_cmd_i    (col_cmd),
      .open_i       (open),
      .open_row_i   (open_row),
      .bank_o       (q_bank),
      .row_o        (q_row),
      .col_o        (q_col),
      .slot_o       (q_slot),
      .more_in_row_o (more_in_row),
      .valid_o      (valid),
      .hit_o        (q_hit),
      .open_o       (q_open),
      .rank_o       (rank),
      .oldest_o     (oldest),
      .overdue_o    (overdue),
      .oldest_bank_o    (oldest_bank),
      .first_o      (first),
      .members_o    (members),
      .wanted_o     (wanted),
      .rd_hits_o    (rd_hits),
      .wr_hits_o    (wr_hits),
      .rd_count_o   (rd_count),
      .wr_count_o   (wr_count),
      .push_idx_o   (push_idx)
    );
    assign same_next = '0;   // the scheduler sees every queued entry
    assign {l_pick_col, l_pick_slot} = '0;
  end
  assign rd_take    = rd_space && !rd_conflict;
  assign wr_take    = wr_space && !wr_conflict;
  assign rd_blocked = rd_waiting && rd_conflict;
  assign wr_blocked = staged != '0 && wr_conflict;

  // Staged writes held back by a queued read to the oldest's line are not counted: the
  // read phase must go on until that read has left.
  assign wr_pending = 8'(wr_count) + (wr_blocked ? 8'd0 : 8'(staged));

  // ---- Scheduling --------------------------------------------------------------------------
  logic [NumBanks-1:0] block_act, block_col, banks;
  hbm_pkg::row_cmd_t            ref_cmd, row_cand;
  hbm_pkg::col_cmd_t            col_cand, sched_col;
  hbm_pkg::slot_t               col_slot, pick_slot, sched_slot;
  logic [C-1:0]        col_pick;
  // What the scheduler and the refresh decide on: the legality now, or after this edge.
  logic [NumBanks-1:0] d_open, d_can_act, d_can_pre, d_can_rd, d_can_wr, d_can_refpb;
  logic [NumSids-1:0]  d_sid_rd_ok, d_sid_wr_ok;
  logic                d_can_prea, d_can_refab;
  logic [C-1:0]        pick_ready;
  logic                rd_next;   // a popped read list has a successor, not yet its head
  // The bank state's legality now and after this edge: Pipe reads one set, the bank
  // state's assertions the other.
  /* verilator lint_off UNUSEDSIGNAL */
  logic [NumBanks-1:0] can_act, can_pre, can_rd, can_wr, can_refpb;
  logic [NumSids-1:0]  sid_rd_ok, sid_wr_ok;
  logic                can_prea, can_refab;
  logic [NumBanks-1:0] open_n, can_act_n, can_pre_n, can_rd_n, can_wr_n, can_refpb_n;
  logic [NumSids-1:0]  sid_rd_ok_n, sid_wr_ok_n;
  logic                can_prea_n, can_refab_n;
  /* verilator lint_on UNUSEDSIGNAL */
  logic                rd_room, wr_room;
  // Draining writes: for waveforms only.
  /* verilator lint_off UNUSEDSIGNAL */
  logic                wr_mode;
  /* verilator lint_on UNUSEDSIGNAL */

  // tCK from a WR to an RDA of its bank: WL + BL + tWR - tRTPL (the RDA's precharge after
  // the write's recovery), at the 1:2 clock ratio one clock more, as these sums are
  // rounded up each on its own (controller/clock_ratio.cpp).
  hbm_pkg::timer_t rda_wait, wr_to_pre;
  assign wr_to_pre = t_q.wl + t_q.bl + t_q.wr;
  assign rda_wait  = (wr_to_pre > t_q.rtpl) ? wr_to_pre - t_q.rtpl + {{(hbm_pkg::TimerW-1){1'b0}}, t_q.bl == 1}
                                            : '0;

  // With lists the scheduler's partitions are the read and the write lists.
  hbm_scheduler #(.RDepth(Lists ? NumBanks : RDepth), .WDepth(Lists ? NumBanks : WDepth),
                  .Ahead(Pipe), .RankW(RankW), .Heads(Lists)) u_scheduler (
    .clk_i,
    .rst_ni,
    .fcfs_i       (policy.fcfs),
    .page_i       (policy.page),
    .page_idle_i  (policy.page_idle),
    .rda_wait_i   (rda_wait),
    .wr_high_i    (policy.wr_high),
    .wr_low_i     (policy.wr_low),
    .now_i        (now_q),
    .bank_i       (q_bank),
    .row_i        (q_row),
    .col_i        (q_col),
    .slot_i       (q_slot),
    .valid_i      (valid),
    .hit_i        (q_hit),
    .entry_open_i (q_open),
    .ready_i      (pick_ready),
    .fld_we_i     (push && !Lists),
    .fld_idx_i    (push_idx),
    .fld_req_i    (new_req),
    .rank_i       (rank),
    .oldest_i     (oldest),
    .overdue_i    (overdue),
    .oldest_bank_i    (oldest_bank),
    .first_i      (first),
    .members_i    (members),
    .wanted_i     (wanted),
    .rd_hits_i    (rd_hits),
    .wr_hits_i    (wr_hits),
    .same_next_i  (same_next),
    .more_in_row_i (more_in_row),
    .wr_count_i   (wr_pending),
    .rd_blocked_i (rd_blocked),
    .rd_next_i    (rd_next),
    .open_i       (d_open),
    .can_act_i    (d_can_act),
    .can_pre_i    (d_can_pre),
    .can_rd_i     (d_can_rd),
    .can_wr_i     (d_can_wr),
    .sid_rd_ok_i  (d_sid_rd_ok),
    .sid_wr_ok_i  (d_sid_wr_ok),
    .geo_i        (geo_q),
    .ref_cmd_i    (ref_cmd),
    .block_act_i  (block_act),
    .block_col_i  (block_col),
    .rd_room_i    (rd_room),
    .wr_room_i    (wr_room),
    .row_issued_i (row_cmd),
    .col_issued_i (col_cmd),
    .row_cmd_o    (row_cand),
    .col_cmd_o    (sched_col),
    .col_slot_o   (sched_slot),
    .col_pick_o   (pick),
    .wr_mode_o    (wr_mode)
  );

  // With lists the column and slot of the scheduler's column command are read at its pick.
  always_comb begin
    col_cand  = sched_col;
    pick_slot = sched_slot;
    if (Lists) begin
      col_cand.col = l_pick_col;
      pick_slot    = l_pick_slot;
    end
  end

  // The commands offered to the channel: the scheduler's, or last tCK's from registers.
  // Ahead, the entry whose column command issues this tCK is kept out of the next pick
  // (tCCDS >= 2 keeps it out anyway; this holds for any timing); one the channel refused
  // stays in (FCFS, which may pick only the oldest, lost 15 points on 32 PCs without).
  if (Pipe) begin : g_pipe
    hbm_pkg::row_cmd_t row_q;
    hbm_pkg::col_cmd_t col_q;
    hbm_pkg::slot_t    slot_q;
    logic [C-1:0]      pick_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin   // all zero: RowNop, ColNop
        row_q  <= '0;
        col_q  <= '0;
        slot_q <= '0;
        pick_q <= '0;
      end else begin
        row_q  <= row_cand;
        col_q  <= col_cand;
        slot_q <= pick_slot;
        pick_q <= pick;
      end
    end
    assign row_req_o  = row_q;
    assign col_req_o  = col_q;
    assign col_slot   = slot_q;
    assign col_pick   = pick_q;
    assign pick_ready = valid & ~pop;   // granted: a refused one may be picked again
    // A popped read list's successor becomes its head after this edge, so for a tCK no
    // read shows as able to go: without this the phase turned to writes and closed the
    // row between a burst's two reads (a strided stream in one bank: 244 ACTs for 200
    // rows). A read stays queued after the pop when the count holds more than the popped
    // one; any read but the successor is another list's head, which pick_ready shows
    // anyway, so this is exact. For lists only: a popped pooled entry leaves nothing
    // behind it.
    assign rd_next    = Lists && (pop[C/2-1:0] != '0) && rd_count > 1;
    assign {d_open, d_can_act, d_can_pre, d_can_rd, d_can_wr, d_can_refpb} =
      {open_n, can_act_n, can_pre_n, can_rd_n, can_wr_n, can_refpb_n};
    assign {d_sid_rd_ok, d_sid_wr_ok, d_can_prea, d_can_refab} =
      {sid_rd_ok_n, sid_wr_ok_n, can_prea_n, can_refab_n};
  end else begin : g_now
    assign row_req_o  = row_cand;
    assign col_req_o  = col_cand;
    assign col_slot   = pick_slot;
    assign col_pick   = pick;
    assign pick_ready = valid;
    assign rd_next    = 1'b0;
    assign {d_open, d_can_act, d_can_pre, d_can_rd, d_can_wr, d_can_refpb} =
      {open, can_act, can_pre, can_rd, can_wr, can_refpb};
    assign {d_sid_rd_ok, d_sid_wr_ok, d_can_prea, d_can_refab} =
      {sid_rd_ok, sid_wr_ok, can_prea, can_refab};
  end
  // With lists the candidates' banks are constants: their open bits are the banks'.
  if (Lists) begin : g_heads_open
    assign q_open = {d_open, d_open};
  end

  // What the channel granted is what happens.
  always_comb begin
    row_cmd = row_req_o;
    col_cmd = col_req_o;
    if (!row_gnt_i) row_cmd.cmd = hbm_pkg::RowNop;
    if (!col_gnt_i) col_cmd.cmd = hbm_pkg::ColNop;
  end
  assign pop = (col_cmd.cmd != hbm_pkg::ColNop) ? col_pick : '0;

  hbm_bank_state #(.Ahead(Pipe)) u_banks (
    .clk_i,
    .rst_ni,
    .t_i         (t_q),
    .geo_i       (geo_q),
    .row_cmd_i   (row_cmd),
    .col_cmd_i   (col_cmd),
    .open_o      (open),
    .open_row_o  (open_row),
    .can_act_o   (can_act),
    .can_pre_o   (can_pre),
    .can_rd_o    (can_rd),
    .can_wr_o    (can_wr),
    .sid_rd_ok_o (sid_rd_ok),
    .sid_wr_ok_o (sid_wr_ok),
    .can_refpb_o (can_refpb),
    .can_prea_o  (can_prea),
    .can_refab_o (can_refab),
    .open_n_o      (open_n),
    .can_act_n_o   (can_act_n),
    .can_pre_n_o   (can_pre_n),
    .can_rd_n_o    (can_rd_n),
    .can_wr_n_o    (can_wr_n),
    .sid_rd_ok_n_o (sid_rd_ok_n),
    .sid_wr_ok_n_o (sid_wr_ok_n),
    .can_refpb_n_o (can_refpb_n),
    .can_prea_n_o  (can_prea_n),
    .can_refab_n_o (can_refab_n)
  );

  // Banks that exist: a 12-high stack has no fourth stack ID. (hbm_pkg::sid_of written
  // out, and the shift amounts wires of their own: yosys 0.23 sizes neither that
  // function's cast nor a sum inside a shift as Verilator does.)
  logic [31:0] bank_bits, sid_shift;
  assign bank_bits = 32'(geo_q.sid_bits) + 32'(geo_q.bg_bits) + 32'(geo_q.ba_bits);
  assign sid_shift = 32'(geo_q.ba_bits) + 32'(geo_q.bg_bits);
  // The bank's index and stack ID as unsigned vectors: a cast of the signed loop index
  // stays signed, and a 1-bit stack ID would widen to all ones.
  // A register, latched from the static geometry as geo_q is (cfg_ld_q): the sums and
  // compares began the pipelined PC's deepest path (geo_q -> the banks -> the refresh's
  // pick, 25.5 LUT levels). Computed in the register process, so that the simulation
  // skips the loop with the enable off.
  function automatic logic bank_exists(logic [BankW-1:0] idx, logic [31:0] bits,
                                       logic [31:0] shift, logic [2:0] num_sids);
    logic [SidW-1:0] sid;
    sid         = SidW'(idx >> shift);
    bank_exists = (32'(idx) >> bits) == 0 && 32'(sid) < 32'(num_sids);
  endfunction
  always_ff @(posedge clk_i) begin
    if (cfg_ld_q) begin
      for (int b = 0; b < NumBanks; b++) begin
        banks[b] <= bank_exists(BankW'(b), bank_bits, sid_shift, geo_q.num_sids);
      end
    end
  end

  hbm_refresh u_refresh (
    .clk_i,
    .rst_ni,
    .t_i         (t_q),
    .banks_i     (banks),
    .per_bank_i  (policy.per_bank),
    .postpone_i  (policy.postpone),
    .pull_in_i   (policy.pull_in),
    .ahead_max_i (policy.ahead_max),
    .per_bank_next_i (policy_next.per_bank),
    .postpone_next_i (policy_next.postpone),
    .pull_in_next_i  (policy_next.pull_in),
    .ahead_max_next_i (policy_next.ahead_max),
    .open_i      (d_open),
    .wanted_i    (wanted),
    .idle_i      (valid == '0),
    .can_pre_i   (d_can_pre),
    .can_refpb_i (d_can_refpb),
    .can_prea_i  (d_can_prea),
    .can_refab_i (d_can_refab),
    .issued_i    (row_cmd),
    .col_issued_i (col_cmd),
    .now_i       (now_q),
    .cmd_o       (ref_cmd),
    .block_act_o (block_act),
    .block_col_o (block_col),
    .owed_o      (refresh_owed_o)
  );

  hbm_perf_counters #(.QCountW($clog2(N) + 1)) u_counters (
    .clk_i,
    .rst_ni,
    .clear_i   (clear_counters),
    .freeze_i  (freeze_counters),
    .row_cmd_i (row_cmd),
    .col_cmd_i (col_cmd),
    .queued_i  (rd_count + wr_count),
    .rd_en_i   (cnt_rd),
    .rd_idx_i  (cnt_idx),
    .rd_o      (cnt_word)
  );

  // ---- DQ ------------------------------------------------------------------------------
  hbm_wdata_path #(.Slack(Pipe ? 1 : 0)) u_wdata (
    .clk_i,
    .rst_ni,
    .t_i        (t_q),
    .wr_i       (col_cmd.cmd == hbm_pkg::ColWr),
    .wr_slot_i  (col_slot),
    .space_o    (wr_room),
    .wdb_slot_o (wdb_rd_slot),
    .wdb_data_i (wdb_rd_data),
    .wdb_strb_i (wdb_rd_strb),
    .wdb_free_o (wdb_free),
    .wdb_free_slot_o (wdb_free_slot),
    .dq_o       (wdq_o),
    .dq_strb_o  (wdq_strb_o),
    .dq_valid_o (wdq_valid_o)
  );

  hbm_rdata_path #(.Slack(Pipe ? 1 : 0)) u_rdata (
    .clk_i,
    .rst_ni,
    .rd_i        (col_cmd.cmd == hbm_pkg::ColRd),
    .rd_slot_i   (col_slot),
    .space_o     (rd_room),
    .dq_i        (rdq_i),
    .dq_valid_i  (rdq_valid_i),
    .fill_o      (rob_fill),
    .fill_slot_o (rob_fill_slot),
    .fill_data_o (rob_fill_data)
  );

  assign queue_count_o = 8'(rd_count) + 8'(wr_count);

`ifndef SYNTHESIS
  // Row and column buses never act on the same bank in one cycle.
  always_ff @(posedge clk_i)
    a_row_col_distinct: assert (!rst_ni
      || !(row_cmd.cmd inside {hbm_pkg::RowAct, hbm_pkg::RowPre, hbm_pkg::RowRefpb}
           && col_cmd.cmd != hbm_pkg::ColNop)
      || (row_cmd.bank != col_cmd.bank));
`endif
endmodule
