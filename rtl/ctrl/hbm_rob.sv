// Read reorder buffer: one slot per read beat, filled by the DRAM in any order and
// drained to the R channel keeping AXI's rule: in order within an ID, any order across
// IDs. Beats of one ID form a chain in arrival order; only the head of a chain may go.
//
// A beat the DRAM will not serve (SLVERR / DECERR) is complete at allocation and
// returns zeros with its error response. Allocating before a read enters the queue
// means DRAM data always has a place to land: R back-pressure never stalls DQ.
module hbm_rob
  import hbm_pkg::*;
  import hbm_axi_pkg::*;
#(
  parameter int unsigned Depth = 32
) (
  input  logic    clk_i,
  input  logic    rst_ni,
  // allocation, in AR beat order
  input  logic    alloc_valid_i,
  input  id_t     alloc_id_i,
  input  logic    alloc_last_i,
  input  resp_e   alloc_resp_i,
  output logic    alloc_ready_o,
  output slot_t   alloc_slot_o,
  // data from the DRAM, in any slot order
  input  logic    fill_valid_i,
  // Slots are sized for the largest buffer; this one may use fewer bits.
  /* verilator lint_off UNUSEDSIGNAL */
  input  slot_t   fill_slot_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  data_t   fill_data_i,
  // R channel
  output r_chan_t r_o,
  output logic    r_valid_o,
  input  logic    r_ready_i,
  output logic [$clog2(Depth):0] used_o      // beats allocated and not yet returned
);
  localparam int unsigned PtrW = $clog2(Depth);
  localparam int unsigned NumIds = 1 << IdW;
  typedef logic [PtrW-1:0] ptr_t;

  typedef struct packed {
    id_t   id;
    logic  last;
    resp_e resp;
  } meta_t;

  meta_t            meta_q [Depth];
  data_t            data_q [Depth];
  ptr_t             next_q [Depth], next_d [Depth];       // next beat of the same ID
  logic [Depth-1:0] live_q, live_d;       // allocated, not yet drained
  logic [Depth-1:0] done_q, done_d;       // data present
  logic [Depth-1:0] head_q, head_d;       // oldest live beat of its ID
  logic [Depth-1:0] chained_q, chained_d; // next_q is valid
  ptr_t             tail_q [NumIds], tail_d [NumIds];
  logic [NumIds-1:0] id_live_q, id_live_d;

  // ---- Allocation: lowest free slot --------------------------------------------------
  ptr_t free_slot;
  always_comb begin
    free_slot     = '0;
    alloc_ready_o = 1'b0;
    for (int i = Depth - 1; i >= 0; i--) begin
      if (!live_q[i]) begin
        free_slot     = ptr_t'(i);
        alloc_ready_o = 1'b1;
      end
    end
  end
  assign alloc_slot_o = slot_t'(free_slot);

  assign used_o = ($clog2(Depth) + 1)'($countones(live_q));

  // ---- Which beat goes out: hold it while R is stalled; else continue the current
  // burst, else the first ready chain head after the last one served -------------------
  logic [Depth-1:0] cand;
  ptr_t             pick, rr_q, rr_d, held_q;
  logic             held_valid_q, pick_ok, drain;
  assign cand = live_q & done_q & head_q;

  always_comb begin
    pick    = held_q;
    pick_ok = held_valid_q;
    if (!held_valid_q) begin
      for (int k = Depth - 1; k >= 0; k--) begin
        if (cand[rr_q + ptr_t'(k)]) begin
          pick    = rr_q + ptr_t'(k);
          pick_ok = 1'b1;
        end
      end
    end
  end

  assign r_valid_o = pick_ok;
  assign drain     = pick_ok && r_ready_i;
  always_comb begin
    r_o.id   = meta_q[pick].id;
    r_o.last = meta_q[pick].last;
    r_o.resp = meta_q[pick].resp;
    r_o.data = (meta_q[pick].resp == RespOkay) ? data_q[pick] : '0;
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
      if (chained_q[pick]) head_d[next_q[pick]] = 1'b1;
      else                 id_live_d[meta_q[pick].id] = 1'b0;
      // Stay with this burst if its next beat follows; else move on.
      rr_d = (chained_q[pick] && !meta_q[pick].last) ? next_q[pick] : pick + 1'b1;
    end
    if (alloc_valid_i && alloc_ready_o) begin
      live_d[free_slot]    = 1'b1;
      done_d[free_slot]    = (alloc_resp_i != RespOkay);
      chained_d[free_slot] = 1'b0;
      if (id_live_d[alloc_id_i]) begin
        next_d[tail_q[alloc_id_i]]    = free_slot;
        chained_d[tail_q[alloc_id_i]] = 1'b1;
        head_d[free_slot]             = 1'b0;
      end else begin
        head_d[free_slot] = 1'b1;
      end
      tail_d[alloc_id_i]    = free_slot;
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
      for (int i = 0; i < Depth; i++) next_q[i] <= '0;
      for (int i = 0; i < NumIds; i++) tail_q[i] <= '0;
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
      meta_q[free_slot] <= '{id: alloc_id_i, last: alloc_last_i, resp: alloc_resp_i};
    end
    if (fill_valid_i) data_q[fill_slot_i[PtrW-1:0]] <= fill_data_i;
  end

`ifndef SYNTHESIS
  initial assert (Depth == (1 << PtrW) && Depth <= (1 << SlotW));
  a_fill_pending: assert property (@(posedge clk_i) disable iff (!rst_ni)
    fill_valid_i |-> live_q[fill_slot_i[PtrW-1:0]] && !done_q[fill_slot_i[PtrW-1:0]]);
  a_r_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
    r_valid_o && !r_ready_i |=> r_valid_o && $stable(r_o));
  a_head_ready: assert property (@(posedge clk_i) disable iff (!rst_ni)
    r_valid_o |-> head_q[pick] && live_q[pick]);
`endif
endmodule
