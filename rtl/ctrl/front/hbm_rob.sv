// Read reorder buffer: one slot per read beat, filled by the DRAM in any order and
// drained to the R channel keeping AXI's rule: in order within an ID, any order across
// IDs. Beats of one ID form a chain in arrival order; only the head of a chain may go.
//
// A beat the DRAM will not serve (SLVERR / DECERR) is complete at allocation and
// returns zeros with its error response. Allocating before a read enters the queue
// means DRAM data always has a place to land: R back-pressure never stalls DQ.
//
// Logic depth (issue 14): the pick of the beat to return is the loop that sets the
// clock (this cycle's pick decides the next one's round-robin start and candidates), so
// the state keeps what the pick needs ready-made: the candidates, and the candidates at
// or after the round-robin start, as registered masks. A tree of 4-way priority choices
// finds the first of each and carries its chained flag along with its index; the beat's
// next link and last flag are read at that index from LUT-RAM. No carry chain over the
// slots: the free slot is found with a prefix AND, the beats in use are counted as they
// come and go.
module hbm_rob #(
  parameter int unsigned Depth = 32
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // allocation, in AR beat order
  input  logic                 alloc_valid_i,
  input  hbm_axi_pkg::id_t     alloc_id_i,
  input  logic                 alloc_last_i,
  input  hbm_axi_pkg::resp_e   alloc_resp_i,
  output logic                 alloc_ready_o,
  output hbm_pkg::slot_t       alloc_slot_o,
  // data from the DRAM, in any slot order
  input  logic                 fill_valid_i,
  // Slots are sized for the largest buffer; this one may use fewer bits.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::slot_t       fill_slot_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  hbm_axi_pkg::data_t   fill_data_i,
  // R channel
  output hbm_axi_pkg::r_chan_t r_o,
  output logic                 r_valid_o,
  input  logic                 r_ready_i,
  output logic [$clog2(Depth):0] used_o      // beats allocated and not yet returned
);
  localparam int unsigned PtrW   = $clog2(Depth);
  localparam int unsigned IdW    = hbm_axi_pkg::IdW;
  localparam int unsigned NumIds = 1 << IdW;
  typedef logic [PtrW-1:0] ptr_t;

  // Per-slot storage in unpacked arrays of plain vector or enum types (yosys 0.23 reads
  // an unpacked array of structs as one struct): the beat's ID and response, and its
  // data. Read at the picked slot (the ID also at the allocating ID's tail): LUT-RAM.
  hbm_axi_pkg::id_t   id_q [Depth];
  hbm_axi_pkg::resp_e resp_q [Depth];
  hbm_axi_pkg::data_t data_q [Depth];
  // Each ID's newest beat, read and written at alloc_id_i only: LUT-RAM as well. An ID
  // has live beats exactly when its tail is live and holds a beat of that ID (beats of an
  // ID drain in order, the tail last; a freed tail slot that is allocated again holds
  // another ID's beat, or the ID's new tail). So no reset, and no per-ID live flags.
  ptr_t               tail_q [NumIds];
  // A slot's next beat (written when the ID's next beat links to it, at the ID's tail)
  // and its last flag (written at allocation): one write each a tCK, read at the pick,
  // so LUT-RAM too. Carried through the pick's search as bit planes of flip-flops, with
  // the index, they were 1 297 LUT and 448 flip-flops of this block (issue 14).
  ptr_t                   next_mem [Depth];      // next beat of the same ID
  logic                   last_mem [Depth];      // last beat of its burst
  logic [Depth-1:0]       live_q, live_d;        // allocated, not yet drained
  logic [Depth-1:0]       done_q, done_d;        // data present
  logic [Depth-1:0]       head_q, head_d;        // oldest live beat of its ID
  logic [Depth-1:0]       chained_q, chained_d;  // next_mem is valid
  // What the pick searches, kept as registers so the search starts from flip-flops:
  // cand_q = live_q & done_q & head_q (the beats that may go), rr_mask_q the slots at or
  // after the round-robin start, cand_rr_q = cand_q & rr_mask_q.
  logic [Depth-1:0]       cand_q, cand_d;
  logic [Depth-1:0]       rr_mask_q, rr_mask_d;
  logic [Depth-1:0]       cand_rr_q, cand_rr_d;
  logic [PtrW:0]          used_q, used_d;
  logic [PtrW:0]          used_up, used_down;   // used_q + 1, used_q - 1

  // The pick's search and the free slot's index work on TreeW slots, padded with empty
  // slots when Depth is less.
  localparam int unsigned TreeW = hbm_pkg::SlotSpan;

  // ---- Allocation: lowest free slot --------------------------------------------------
  ptr_t             free_slot;
  logic [Depth-1:0] free_oh;
  // Formed at Depth bits first: a cast to TreeW would widen live_q before the inversion
  // and count the missing slots above Depth as free.
  logic [Depth-1:0] not_live;
  assign not_live  = ~live_q;
  assign free_oh   = Depth'(hbm_pkg::lowest_set(TreeW'(not_live)));
  assign free_slot = PtrW'(hbm_pkg::slot_index(TreeW'(free_oh)));
  // A free slot is left while the count of live ones is short of Depth: a compare on the
  // count's register, where an AND over the live slots became, in one yosys run, a chain
  // of 20 LUTs at the head of the whole PC's deepest path (a_used_counted keeps the two
  // the same).
  assign alloc_ready_o = used_q != (PtrW + 1)'(Depth);
  assign alloc_slot_o  = hbm_pkg::SlotW'(free_slot);

  // Counted as beats are allocated and drained (the same as $countones(live_q), without
  // an adder tree over the slots).
  assign used_o    = used_q;
  assign used_up   = used_q + 1'b1;
  assign used_down = used_q - 1'b1;

  // ---- Which beat goes out: hold it while R is stalled; else continue the current
  // burst, else the first ready chain head at or after the round-robin start, wrapping --
  // Each search is a tree of 4-way priority choices, made for all groups at once on
  // words of TreeW bits, bit i for slot i: one word per flag and one per bit of what the
  // pick needs of a slot, its record {chained, index}. At each level, of
  // each group of four entries S bits apart (S = 1, 4, 16), the first whose flag is set
  // passes its record to the group's first bit, and the group's flag is the OR of its
  // entries'. After three levels bit 0 holds the first candidate's record. Each level is
  // one LUT level (below).
  localparam int unsigned RecW = PtrW + 1;
  typedef logic [RecW-1:0] rec_t;

  // At or after the round-robin start if there is a candidate there, else from slot 0.
  rec_t rec;
  logic pick_ok, pick_rr;
  assign pick_ok = cand_q != '0;
  assign pick_rr = cand_rr_q != '0;

  // Synthesis: the trees below. Simulation: the first candidate's index as the number of
  // slots below it (a population count), its record read at that index; equiv.py checks
  // the two forms equal. (In Verilator the trees' word operations on 14 record planes were
  // about 3 % of a 1-PC run; there are 7 now.) With no candidate the record differs, and
  // nothing reads it.
`ifdef SYNTHESIS
  localparam logic [TreeW-1:0] Start1  = {16{4'b0001}};   // each level's group starts
  localparam logic [TreeW-1:0] Start4  = {4{16'h0001}};
  localparam logic [TreeW-1:0] Start16 = 64'h1;

  // Of each group, the first entry whose flag is set; the last entry when none of the
  // others' is (whether its own flag is set or not: the group's flag tells), so each
  // record bit of a group depends on 3 flags and 4 record bits, one LUT.
  function automatic logic [TreeW-1:0] first_in_4(logic [TreeW-1:0] flag, int unsigned s,
                                                   logic [TreeW-1:0] start);
    first_in_4 = (flag | (start << 3 * s))
               & ~((flag << s) & ~start)
               & ~((flag << 2 * s) & ((start << 2 * s) | (start << 3 * s)))
               & ~((flag << 3 * s) & (start << 3 * s));
  endfunction

  // The OR of each group's entries, at the group's start.
  function automatic logic [TreeW-1:0] fold_4(logic [TreeW-1:0] x, int unsigned s,
                                              logic [TreeW-1:0] start);
    fold_4 = (x | (x >> s) | (x >> 2 * s) | (x >> 3 * s)) & start;
  endfunction

  // Which entry of each group comes first, level by level, for the two searches: at or
  // after the round-robin start (rr) and from slot 0 (all).
  logic [TreeW-1:0] first1_rr, first2_rr, first3_rr, any1_rr, any2_rr;
  logic [TreeW-1:0] first1_all, first2_all, first3_all, any1_all, any2_all;
  assign first1_rr  = first_in_4(TreeW'(cand_rr_q), 1, Start1);
  assign any1_rr    = fold_4(TreeW'(cand_rr_q), 1, Start1);
  assign first2_rr  = first_in_4(any1_rr, 4, Start4);
  assign any2_rr    = fold_4(any1_rr, 4, Start4);
  assign first3_rr  = first_in_4(any2_rr, 16, Start16);
  assign first1_all = first_in_4(TreeW'(cand_q), 1, Start1);
  assign any1_all   = fold_4(TreeW'(cand_q), 1, Start1);
  assign first2_all = first_in_4(any1_all, 4, Start4);
  assign any2_all   = fold_4(any1_all, 4, Start4);
  assign first3_all = first_in_4(any2_all, 16, Start16);

  // Each bit of the record, its plane carried through the levels of each search (both
  // searches side by side and a mux). An index bit is the same for the four entries of a group (bits 2 and up
  // at the first level) or of a group of groups (bits 4 and up at the second): it needs
  // no choice there.
  for (genvar p = 0; p < RecW; p++) begin : g_rec
    logic [TreeW-1:0] plane, lvl1, lvl2;
    if (p < PtrW) begin : g_index
      assign plane = hbm_pkg::SlotPlanes[TreeW*p +: TreeW];
    end else begin : g_chained
      assign plane = TreeW'(chained_q);
    end
    always_comb begin
      if (pick_rr) begin
        lvl1 = (p < PtrW && p >= 2) ? plane & Start1 : fold_4(plane & first1_rr, 1, Start1);
        lvl2 = (p < PtrW && p >= 4) ? plane & Start4 : fold_4(lvl1 & first2_rr, 4, Start4);
        rec[p] = (lvl2 & first3_rr) != '0;
      end else begin
        lvl1 = (p < PtrW && p >= 2) ? plane & Start1 : fold_4(plane & first1_all, 1, Start1);
        lvl2 = (p < PtrW && p >= 4) ? plane & Start4 : fold_4(lvl1 & first2_all, 4, Start4);
        rec[p] = (lvl2 & first3_all) != '0;
      end
    end
  end
`else
  logic [Depth-1:0] first_set;
  ptr_t             first_idx;
  always_comb begin
    first_set = pick_rr ? cand_rr_q : cand_q;
    first_idx = PtrW'(hbm_pkg::lowest_set_index(64'(first_set)));
    rec[PtrW-1:0] = first_idx;
    rec[PtrW]     = chained_q[first_idx];
  end
`endif

  // With nothing to pick, pick stays held_q (what r_o shows while r_valid_o is low). A
  // beat shown while R is stalled stays the pick because the round-robin start moves to
  // it (below) and it stays a candidate until drained.
  ptr_t pick, pick_slot, pick_next, held_q;
  logic pick_chained, pick_last, drain, cont;
  assign {pick_chained, pick_slot} = rec;
  assign pick         = pick_ok ? pick_slot : held_q;
  // Read at pick, the slot R shows (the same as pick_slot whenever cont is read): one
  // read of the flag for the burst's continuation and for R.
  assign pick_last    = last_mem[pick];
  assign pick_next    = next_mem[pick_slot];
  assign drain        = pick_ok && r_ready_i;
  assign cont         = pick_chained && !pick_last;   // the burst's next beat follows

  assign r_valid_o = pick_ok;
  always_comb begin
    r_o.id   = id_q[pick];
    r_o.last = pick_last;
    r_o.resp = resp_q[pick];
    r_o.data = (resp_q[pick] == hbm_axi_pkg::RespOkay) ? data_q[pick] : '0;
  end

  // ---- State updates: drain first, then allocate (an ID may do both in one cycle) ------
  // As word-wide masks: the drained slot, the head its chain moves to, the filled slot,
  // the allocated slot.
  logic [Depth-1:0] drained_oh, new_head_oh, fill_oh, alloc_oh, link_oh;
  logic alloc_fire, alloc_err, alloc_id_live, alloc_head, alloc_link;
  ptr_t alloc_tail;
  assign alloc_fire    = alloc_valid_i && alloc_ready_o;
  assign alloc_err     = alloc_resp_i != hbm_axi_pkg::RespOkay;
  assign alloc_tail    = tail_q[alloc_id_i];
  assign alloc_id_live = live_q[alloc_tail] && id_q[alloc_tail] == alloc_id_i;
  assign drained_oh    = Depth'(drain) << pick_slot;
  assign new_head_oh   = Depth'(drain && pick_chained) << pick_next;
  assign fill_oh       = Depth'(fill_valid_i) << fill_slot_i[PtrW-1:0];
  assign alloc_oh      = alloc_fire ? free_oh : '0;
  // The allocating beat heads a chain unless its ID has a live beat after the drain: the
  // drain ends the ID's chain if the drained beat is the ID's tail.
  assign alloc_head    = !alloc_id_live
                      || (drain && !pick_chained && pick_slot == alloc_tail);
  // The tail is linked to the new beat when the ID is live before the drain; if the drain
  // ends the ID in the same cycle, the link lands on a slot that is no longer live, and
  // the slot's next allocation clears chained_q before anything reads it.
  assign alloc_link    = alloc_fire && alloc_id_live;
  assign link_oh       = Depth'(alloc_link) << alloc_tail;

  // The fill (read data from the DRAM, an input of the PC) reaches only done_d and the
  // candidates, in a block of their own: the simulator evaluates a block that reads an
  // input on every evaluation, for the idle PC too, and the rest of the next state here
  // depends on registers only.
  always_comb begin
    done_d    = ((done_q | fill_oh) & ~alloc_oh) | (alloc_err ? alloc_oh : '0);
    cand_d    = live_d & done_d & head_d;
    cand_rr_d = cand_d & rr_mask_d;
  end
  always_comb begin
    live_d    = (live_q & ~drained_oh) | alloc_oh;
    head_d    = (((head_q & ~drained_oh) | new_head_oh) & ~alloc_oh)
              | (alloc_head ? alloc_oh : '0);
    chained_d = (chained_q | link_oh) & ~alloc_oh;
    // The round-robin start: unchanged with nothing shown; the shown beat while R stalls;
    // after a drain, the burst's next beat if it follows, else the slot after the drained
    // one (no slot after the last: the search then starts from slot 0).
    if (!pick_ok)        rr_mask_d = rr_mask_q;
    else if (!r_ready_i) rr_mask_d = {Depth{1'b1}} << pick_slot;
    else if (cont)       rr_mask_d = {Depth{1'b1}} << pick_next;
    else                 rr_mask_d = ({Depth{1'b1}} << pick_slot) << 1;
    // The handshakes come late (the allocation after the address map and the staged-write
    // check, the drain after r_ready): they choose between counts worked out from the
    // register, rather than feeding an adder (the front end's deepest path, issue 14).
    // An AND-OR, not a case: yosys turns a choice between two sums back into one sum of
    // the chosen operands.
    used_d    = (used_up & {(PtrW + 1){alloc_fire && !drain}})
              | (used_down & {(PtrW + 1){drain && !alloc_fire}})
              | (used_q & {(PtrW + 1){alloc_fire == drain}});
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      live_q    <= '0;
      done_q    <= '0;
      head_q    <= '0;
      chained_q <= '0;
      held_q    <= '0;
      cand_q    <= '0;
      cand_rr_q <= '0;
      rr_mask_q <= '1;
      used_q    <= '0;
    end else begin
      live_q    <= live_d;
      done_q    <= done_d;
      head_q    <= head_d;
      chained_q <= chained_d;
      held_q    <= pick;
      cand_q    <= cand_d;
      cand_rr_q <= cand_rr_d;
      rr_mask_q <= rr_mask_d;
      used_q    <= used_d;
    end
  end

  // The per-slot fields need no reset: a slot's are written when it is allocated, its
  // next link when the ID's next beat is (read only once chained_q says so).
  always_ff @(posedge clk_i) begin
    if (alloc_fire) begin
      id_q[free_slot]     <= alloc_id_i;
      resp_q[free_slot]   <= alloc_resp_i;
      last_mem[free_slot] <= alloc_last_i;
      tail_q[alloc_id_i]  <= free_slot;
    end
    if (alloc_link) begin
      next_mem[alloc_tail] <= free_slot;
    end
    if (fill_valid_i) data_q[fill_slot_i[PtrW-1:0]] <= fill_data_i;
  end

`ifndef SYNTHESIS
  initial assert (Depth == (1 << PtrW) && Depth <= (1 << hbm_pkg::SlotW) && Depth <= TreeW);
  always_ff @(posedge clk_i)
    a_fill_pending: assert (!rst_ni
      || !fill_valid_i
      || (live_q[fill_slot_i[PtrW-1:0]] && !done_q[fill_slot_i[PtrW-1:0]]));
  // A beat not taken stays.
  hbm_hold_check #(.Width($bits(r_o))) u_r_hold (
    .clk_i, .rst_ni, .valid_i (r_valid_o), .ready_i (r_ready_i), .data_i (r_o)
  );
  always_ff @(posedge clk_i)
    a_head_ready: assert (!rst_ni || !r_valid_o || (head_q[pick] && live_q[pick]));
  // The registers kept for the pick agree with the state they are made from.
  always_ff @(posedge clk_i)
    a_cand_kept: assert (!rst_ni || (cand_q == (live_q & done_q & head_q)
                                     && cand_rr_q == (cand_q & rr_mask_q)));
  // Checked on the tCKs that change the count (it starts at zero with nothing live), not
  // every idle one: a population count of 64 bits is some 30 instructions in simulation.
  always_ff @(posedge clk_i)
    if (rst_ni && (alloc_fire || drain))
      a_used_counted: assert (used_d == ($clog2(Depth) + 1)'($countones(live_d)));
`endif
endmodule
