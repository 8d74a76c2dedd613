// Write staging: posted writes wait here, in order, for a free write-queue entry.
//
// The scheduler's write queue is searched every cycle (FR-FCFS), so each entry costs
// logic; the staging FIFO costs only storage. It lets a read phase last while up to
// `Depth` more writes arrive, so a drain empties more writes per bus turnaround (a
// turnaround costs about 20 tCK either way). A read to a line that is still staged
// must not reach the queue before the write (the queue orders it behind writes it
// holds, not behind staged ones): `hit_o` says so for the read beat being offered.
//
// Logic depth (issue 14): the handshakes arrive late in the cycle, so the FIFO's state
// keeps ready-made what they and the outputs need: full and non-empty flags and the
// count of staged writes are registers kept in step with the live slots (a live slot
// at the write pointer means full, at the read pointer non-empty), not a lookup of
// live_q by pointer or a population count.
module hbm_wr_stage #(
  parameter int unsigned Depth = 32   // power of two
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // in: write beats from the AXI front end
  input  hbm_pkg::req_t           req_i,
  input  logic                    valid_i,
  output logic                    ready_o,
  // out: to the transaction queue, oldest first
  output hbm_pkg::req_t           req_o,
  output logic                    valid_o,
  input  logic                    ready_i,
  // read-after-write check for a read beat
  input  hbm_pkg::bank_t          probe_bank_i,
  input  hbm_pkg::row_t           probe_row_i,
  input  hbm_pkg::col_t           probe_col_i,
  output logic                    hit_o,
  output logic [$clog2(Depth):0]  count_o
);
  localparam int unsigned PtrW = $clog2(Depth);

  // Entries are plain vectors of the request's width: yosys 0.23 keeps one bit per
  // element of an unpacked array of a package struct type (hbm_pkg::req_t mem_q [Depth]).
  // The whole request is a memory read at the read pointer only (LUT-RAM for synthesis);
  // the probe's {bank, row, col} key is also kept in flip-flops (key_q, below), which the
  // probe compares in every slot. Read from flip-flops, the request took a 32:1 mux per
  // bit (issue 14: 1 428 LUT for the block).
  logic [$bits(req_i)-1:0] mem_q [Depth];
  logic [Depth-1:0] live_q, live_d;          // which slots hold a staged write
  logic [PtrW-1:0]  wr_ptr_q, rd_ptr_q;
  // The live slots run from the read pointer to the write pointer, so: full_q is
  // live_q[wr_ptr_q], nonempty_q live_q[rd_ptr_q], count_q $countones(live_q). Kept as
  // `full` so that the all-zero state (before reset too) is the empty FIFO's.
  logic             full_q, full_d, nonempty_q, nonempty_d;
  logic [PtrW:0]    count_q, count_d;

  logic push, pop;
  assign ready_o = !full_q;
  assign valid_o = nonempty_q;
  assign req_o   = mem_q[rd_ptr_q];
  assign push    = valid_i && ready_o;
  assign pop     = valid_o && ready_i;
  assign count_o = count_q;

  always_comb begin
    live_d     = live_q;
    full_d     = full_q;
    nonempty_d = nonempty_q;
    count_d    = count_q;
    if (push != pop) begin
      // One in or one out: the flags follow from the count before it (a push never
      // meets a full FIFO, a pop never an empty one).
      full_d     = push && (count_q == (PtrW + 1)'(Depth - 1));
      nonempty_d = push || (count_q != (PtrW + 1)'(1));
      count_d    = push ? count_q + 1'b1 : count_q - 1'b1;
    end
    // As word-wide masks (a bit written at a variable index costs yosys a carry chain).
    if (push || pop) begin
      live_d = (live_q & ~(pop ? Depth'(1) << rd_ptr_q : '0))
             | (push ? Depth'(1) << wr_ptr_q : '0);
    end
  end

  // One comparator per slot; a slot's address only changes when it is written. Of a
  // staged write, the probe compares the address only: bank, row and column, which sit
  // side by side in the request, so one comparison of that slice per slot, kept apart
  // as key_q (a plain vector per slot: yosys 0.23 reads a member of an array element as
  // a new 1-bit wire). With nothing staged there is no hit, and simulation skips the
  // search (an idle channel's every cycle).
  localparam int unsigned KeyLo = hbm_pkg::SlotW;
  localparam int unsigned KeyW  = hbm_pkg::BankW + hbm_pkg::RowW + hbm_pkg::ColW;
  logic [KeyW-1:0] key_q [Depth];
  logic [KeyW-1:0] probe_key;
  assign probe_key = {probe_bank_i, probe_row_i, probe_col_i};
`ifdef SYNTHESIS
  // For synthesis the compares of hbm_key_match (written as `==` here they were 990 of
  // this block's 1 001 LUT); equiv.py checks the two forms.
  logic [Depth*KeyW-1:0] keys;
  logic [Depth-1:0]      key_hit;
  always_comb begin
    for (int i = 0; i < Depth; i++) keys[i*KeyW +: KeyW] = key_q[i];
  end
  hbm_key_match #(.N(Depth), .W(KeyW)) u_key_match (
    .keys_i  (keys),
    .key_i   (probe_key),
    .match_o (key_hit)
  );
  assign hit_o = (live_q & key_hit) != '0;
`else
  always_comb begin
    hit_o = 1'b0;
    if (live_q != '0) begin
      for (int i = 0; i < Depth; i++) hit_o |= live_q[i] && (key_q[i] == probe_key);
    end
  end
`endif

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      live_q     <= '0;
      wr_ptr_q   <= '0;
      rd_ptr_q   <= '0;
      full_q     <= 1'b0;
      nonempty_q <= 1'b0;
      count_q    <= '0;
    end else begin
      live_q     <= live_d;
      full_q     <= full_d;
      nonempty_q <= nonempty_d;
      count_q    <= count_d;
      if (push) wr_ptr_q <= wr_ptr_q + 1'b1;
      if (pop)  rd_ptr_q <= rd_ptr_q + 1'b1;
    end
  end

  // Storage has no reset: a slot is read only while it is live.
  always_ff @(posedge clk_i) begin
    if (push) mem_q[wr_ptr_q] <= req_i;
  end
  always_ff @(posedge clk_i) begin
    if (push) key_q[wr_ptr_q] <= req_i[KeyLo +: KeyW];
  end

`ifndef SYNTHESIS
  initial assert (Depth >= 2 && (Depth & (Depth - 1)) == 0);
  always_ff @(posedge clk_i) a_only_writes: assert (!rst_ni || !push || req_i.write);
  // The registered flags agree with the live slots: checked on the next state whenever it
  // changes (it changes only then, and starts empty), not every idle cycle.
  always_ff @(posedge clk_i)
    if (rst_ni && (push || pop))
      a_stage_state: assert (count_d == (PtrW + 1)'($countones(live_d))
                             && full_d == (count_d == (PtrW + 1)'(Depth))
                             && nonempty_d == (count_d != '0));
  // The probe's key is the request's {bank, row, col}, side by side above the slot.
  /* verilator lint_off UNUSEDSIGNAL */
  hbm_pkg::req_t key_check;
  /* verilator lint_on UNUSEDSIGNAL */
  initial begin
    key_check      = '0;
    key_check.bank = '1;
    key_check.row  = '1;
    key_check.col  = '1;
    a_key_layout: assert ((key_check >> KeyLo) == $bits(req_i)'({KeyW{1'b1}}));
  end
`endif
endmodule
