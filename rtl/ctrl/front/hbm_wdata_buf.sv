// Write data buffer: holds each queued write's 32 bytes and byte strobes in a slot
// from the moment its W beat is accepted until the data has gone out on DQ.
//
// Logic depth (issue 14): the W handshake that allocates arrives late in the cycle, so
// the state keeps ready-made what an allocation needs: the lowest free slot and whether
// there is one are registers, and so is the count of slots in use (no adder tree over
// the slots). Next cycle's lowest free slot is worked out both ways, as if this cycle
// allocates and as if it does not, from the registers and the freed slot; the
// handshake only picks one.
module hbm_wdata_buf #(
  parameter int unsigned Depth = 32
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // store one beat in a free slot
  input  logic               alloc_valid_i,
  input  hbm_axi_pkg::data_t alloc_data_i,
  input  hbm_axi_pkg::strb_t alloc_strb_i,
  output logic               alloc_ready_o,
  output hbm_pkg::slot_t     alloc_slot_o,
  // read port for the DQ path
  // Slots are sized for the largest buffer; this one may use fewer bits.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::slot_t     rd_slot_i,
  /* verilator lint_on UNUSEDSIGNAL */
  output hbm_axi_pkg::data_t rd_data_o,
  output hbm_axi_pkg::strb_t rd_strb_o,
  // release a slot after its data left
  input  logic               free_valid_i,
  // Slots are sized for the largest buffer; this one may use fewer bits.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::slot_t     free_slot_i,
  /* verilator lint_on UNUSEDSIGNAL */
  output logic [$clog2(Depth):0] used_o       // slots holding data
);
  localparam int unsigned PtrW = $clog2(Depth);
  typedef logic [PtrW-1:0] ptr_t;

  // Unpacked arrays of plain vector types only (yosys 0.23 reads an unpacked array of
  // structs as one struct).
  hbm_axi_pkg::data_t data_q [Depth];
  hbm_axi_pkg::strb_t strb_q [Depth];
  logic [Depth-1:0] used_q, used_d;
  // The lowest free slot (0 when none is) and whether there is one: what the original
  // search over used_q gave, kept in step with it.
  ptr_t             free_idx_q, free_idx_d;
  // Kept as `full`, so that the all-zero state (before reset too) is the empty buffer's.
  logic             full_q, full_d;
  logic [PtrW:0]    cnt_q, cnt_d;          // $countones(used_q), kept in step

  logic alloc_fire, free_used;
  ptr_t free_slot;
  assign free_slot     = free_slot_i[PtrW-1:0];
  assign alloc_fire    = alloc_valid_i && !full_q;
  // A release of a slot not in use (against a_free_used) changes nothing.
  assign free_used     = free_valid_i && used_q[free_slot];

  assign alloc_ready_o = !full_q;
  assign alloc_slot_o  = hbm_pkg::SlotW'(free_idx_q);
  assign used_o        = cnt_q;
  assign rd_data_o     = data_q[rd_slot_i[PtrW-1:0]];
  assign rd_strb_o     = strb_q[rd_slot_i[PtrW-1:0]];

  localparam int unsigned TreeW = hbm_pkg::SlotSpan;   // the free-slot search's width

  // Next cycle's lowest free slot. Without an allocation it is the freed slot if that is
  // lower (a release of a slot not in use is above the lowest free one, or is it). With
  // one, a search of the slots in use after both, the allocated one taken: from
  // registers and the freed slot's index, not from the handshake. Worked out in
  // simulation only when something may change.
  logic [Depth-1:0] free_oh, taken_oh, free_after;
  logic [6:0]       next_free;
  ptr_t             keep_idx;
  always_comb begin
    free_oh    = Depth'(free_valid_i) << free_slot;
    taken_oh   = Depth'(1) << free_idx_q;
    keep_idx   = free_idx_q;
    next_free  = '0;
    free_after = '0;
    if (free_valid_i && (full_q || free_slot < free_idx_q)) keep_idx = free_slot;
    if (alloc_valid_i) begin
      // Formed at Depth bits first: a cast to TreeW would widen the operands before the
      // inversion and count the missing slots above Depth as free.
      free_after = ~((used_q & ~free_oh) | taken_oh);
      next_free  = {free_after != '0,
                    hbm_pkg::slot_index(hbm_pkg::lowest_set(TreeW'(free_after)))};
    end
  end

  always_comb begin
    used_d     = used_q;
    free_idx_d = free_idx_q;
    full_d     = full_q;
    cnt_d      = cnt_q;
    if (alloc_fire || free_valid_i) begin
      used_d = (used_q & ~free_oh) | (alloc_fire ? taken_oh : '0);
      if (alloc_fire) begin
        free_idx_d = PtrW'(next_free[5:0]);
        full_d     = !next_free[6];
      end else begin
        free_idx_d = keep_idx;
        full_d     = 1'b0;
      end
      cnt_d = cnt_q + (PtrW + 1)'(alloc_fire) - (PtrW + 1)'(free_used);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      used_q     <= '0;
      free_idx_q <= '0;
      full_q     <= 1'b0;
      cnt_q      <= '0;
    end else begin
      used_q     <= used_d;
      free_idx_q <= free_idx_d;
      full_q     <= full_d;
      cnt_q      <= cnt_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (alloc_fire) begin
      data_q[free_idx_q] <= alloc_data_i;
      strb_q[free_idx_q] <= alloc_strb_i;
    end
  end

`ifndef SYNTHESIS
  initial assert (Depth == (1 << PtrW) && Depth <= (1 << hbm_pkg::SlotW));
  always_ff @(posedge clk_i)
    a_free_used: assert (!rst_ni || !free_valid_i || used_q[free_slot_i[PtrW-1:0]]);
  // The registered facts agree with the slots in use: checked on the next state whenever
  // it changes (it changes only then, and starts empty), not every idle cycle.
  always_ff @(posedge clk_i)
    if (rst_ni && (alloc_fire || free_valid_i))
      a_wdb_state: assert (cnt_d == (PtrW + 1)'($countones(used_d))
                           && full_d == (&used_d)
                           && (full_d ? free_idx_d == '0
                                      : !used_d[free_idx_d]
                                        && (used_d & ~({Depth{1'b1}} << free_idx_d))
                                           == ~({Depth{1'b1}} << free_idx_d)));
`endif
endmodule
