// Read reorder buffer: one slot per read beat, filled by the DRAM in any order and
// drained to the R channel keeping AXI's rule: in order within an ID, any order across
// IDs. Beats of one ID form a chain in arrival order; only the head of a chain may go.
//
// A beat the DRAM will not serve (SLVERR / DECERR) is complete at allocation and
// returns zeros with its error response. Allocating before a read enters the queue
// means DRAM data always has a place to land: R back-pressure never stalls DQ.
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
  // an unpacked array of structs as one struct): the beat's ID, last flag and response.
  hbm_axi_pkg::id_t   id_q [Depth];
  hbm_axi_pkg::resp_e resp_q [Depth];
  logic [Depth-1:0]   last_q;
  hbm_axi_pkg::data_t data_q [Depth];
  // Links and tails are flat vectors (no whole unpacked-array assignment): slot i's next
  // beat at next_q[PtrW*i +: PtrW], ID j's tail at tail_q[PtrW*j +: PtrW]. They are read
  // by part-selects on a narrow index (pick_next, alloc_tail) and written through loops
  // with constant indices.
  logic [Depth*PtrW-1:0]  next_q, next_d;        // next beat of the same ID
  logic [Depth-1:0]       live_q, live_d;        // allocated, not yet drained
  logic [Depth-1:0]       done_q, done_d;        // data present
  logic [Depth-1:0]       head_q, head_d;        // oldest live beat of its ID
  logic [Depth-1:0]       chained_q, chained_d;  // next_q is valid
  logic [NumIds*PtrW-1:0] tail_q, tail_d;
  logic [NumIds-1:0]      id_live_q, id_live_d;

  // The index of a one-hot vector (zero if empty): index bit k is the OR of the bits whose
  // index has bit k set (an OR tree per index bit, not a priority chain over Depth).
  function automatic ptr_t index_of(logic [Depth-1:0] onehot);
    logic [Depth-1:0] with_bit;
    for (int k = 0; k < PtrW; k++) begin
      for (int i = 0; i < Depth; i++) with_bit[i] = i[k];
      index_of[k] = (onehot & with_bit) != '0;
    end
  endfunction

  // ---- Allocation: lowest free slot --------------------------------------------------
  // The lowest clear bit of live_q, one-hot: adding one carries through the trailing
  // ones into it (a carry chain, not a chain of Depth muxes).
  ptr_t             free_slot;
  logic [Depth-1:0] free_oh;
  assign free_oh       = ~live_q & (live_q + 1'b1);
  assign free_slot     = index_of(free_oh);
  assign alloc_ready_o = free_oh != '0;
  assign alloc_slot_o = hbm_pkg::SlotW'(free_slot);

  assign used_o = ($clog2(Depth) + 1)'($countones(live_q));

  // ---- Which beat goes out: hold it while R is stalled; else continue the current
  // burst, else the first ready chain head after the last one served -------------------
  // The first candidate at or after rr_q (wrapping): the candidates rotated down by rr_q,
  // their lowest set bit (x & -x) at distance k, the pick rr_q + k.
  logic [Depth-1:0]   cand, rot, rot_oh;
  // Only the low half of the shifted pair is the rotation.
  /* verilator lint_off UNUSEDSIGNAL */
  logic [2*Depth-1:0] cand2;
  /* verilator lint_on UNUSEDSIGNAL */
  ptr_t               pick, rr_q, rr_d, held_q;
  logic               held_valid_q, pick_ok, drain;
  assign cand   = live_q & done_q & head_q;
  assign cand2  = {cand, cand} >> rr_q;
  assign rot    = cand2[Depth-1:0];
  assign rot_oh = rot & (~rot + 1'b1);
  // With nothing to pick, pick stays held_q (what r_o shows while r_valid_o is low).
  assign pick    = (held_valid_q || rot == '0) ? held_q : rr_q + index_of(rot_oh);
  assign pick_ok = held_valid_q || rot != '0;

  // What the state holds for the picked beat and for the allocating beat's ID.
  hbm_axi_pkg::id_t   pick_id;
  hbm_axi_pkg::resp_e pick_resp;
  logic               pick_last;
  ptr_t               pick_next, alloc_tail;
  assign pick_id   = id_q[pick];
  assign pick_resp = resp_q[pick];
  assign pick_last = last_q[pick];
  assign pick_next  = next_q[PtrW*pick +: PtrW];
  assign alloc_tail = tail_q[PtrW*alloc_id_i +: PtrW];

  assign r_valid_o = pick_ok;
  assign drain     = pick_ok && r_ready_i;
  always_comb begin
    r_o.id   = pick_id;
    r_o.last = pick_last;
    r_o.resp = pick_resp;
    r_o.data = (pick_resp == hbm_axi_pkg::RespOkay) ? data_q[pick] : '0;
  end

  // ---- State updates: drain first, then allocate (an ID may do both in one cycle) ------
  always_comb begin
    live_d    = live_q;
    done_d    = done_q;
    head_d    = head_q;
    chained_d = chained_q;
    next_d    = next_q;
    tail_d    = tail_q;
    id_live_d = id_live_q;
    rr_d      = rr_q;
    if (fill_valid_i) done_d[fill_slot_i[PtrW-1:0]] = 1'b1;
    if (drain) begin
      live_d[pick] = 1'b0;
      head_d[pick] = 1'b0;
      if (chained_q[pick]) head_d[pick_next] = 1'b1;
      else                 id_live_d[pick_id] = 1'b0;
      // Stay with this burst if its next beat follows; else move on.
      rr_d = (chained_q[pick] && !pick_last) ? pick_next : pick + 1'b1;
    end
    if (alloc_valid_i && alloc_ready_o) begin
      live_d[free_slot]    = 1'b1;
      done_d[free_slot]    = (alloc_resp_i != hbm_axi_pkg::RespOkay);
      chained_d[free_slot] = 1'b0;
      if (id_live_d[alloc_id_i]) begin
        for (int i = 0; i < Depth; i++) begin
          if (alloc_tail == PtrW'(i)) next_d[PtrW*i +: PtrW] = free_slot;
        end
        chained_d[alloc_tail] = 1'b1;
        head_d[free_slot]     = 1'b0;
      end else begin
        head_d[free_slot] = 1'b1;
      end
      for (int j = 0; j < NumIds; j++) begin
        if (alloc_id_i == IdW'(j)) tail_d[PtrW*j +: PtrW] = free_slot;
      end
      id_live_d[alloc_id_i] = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      live_q       <= '0;
      done_q       <= '0;
      head_q       <= '0;
      chained_q    <= '0;
      id_live_q    <= '0;
      rr_q         <= '0;
      held_q       <= '0;
      held_valid_q <= 1'b0;
      next_q       <= '0;
      tail_q       <= '0;
    end else begin
      live_q       <= live_d;
      done_q       <= done_d;
      head_q       <= head_d;
      chained_q    <= chained_d;
      next_q       <= next_d;
      tail_q       <= tail_d;
      id_live_q    <= id_live_d;
      rr_q         <= rr_d;
      held_q       <= pick;
      held_valid_q <= pick_ok && !r_ready_i;   // AXI: a shown beat stays until taken
    end
  end

  always_ff @(posedge clk_i) begin
    if (alloc_valid_i && alloc_ready_o) begin
      id_q[free_slot]   <= alloc_id_i;
      last_q[free_slot] <= alloc_last_i;
      resp_q[free_slot] <= alloc_resp_i;
    end
    if (fill_valid_i) data_q[fill_slot_i[PtrW-1:0]] <= fill_data_i;
  end

`ifndef SYNTHESIS
  initial assert (Depth == (1 << PtrW) && Depth <= (1 << hbm_pkg::SlotW));
  always_ff @(posedge clk_i)
    a_fill_pending: assert (!rst_ni
      || !fill_valid_i
      || (live_q[fill_slot_i[PtrW-1:0]] && !done_q[fill_slot_i[PtrW-1:0]]));
  a_r_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
    r_valid_o && !r_ready_i |=> r_valid_o && $stable(r_o));
  always_ff @(posedge clk_i)
    a_head_ready: assert (!rst_ni || !r_valid_o || (head_q[pick] && live_q[pick]));
`endif
endmodule
