// Write staging: posted writes wait here, in order, for a free write-queue entry.
//
// The scheduler's write queue is searched every cycle (FR-FCFS), so each entry costs
// logic; the staging FIFO costs only storage. It lets a read phase last while up to
// `Depth` more writes arrive, so a drain empties more writes per bus turnaround (a
// turnaround costs about 20 tCK either way). A read to a line that is still staged
// must not reach the queue before the write (the queue orders it behind writes it
// holds, not behind staged ones): `hit_o` says so for the read beat being offered.
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
  logic [$bits(req_i)-1:0] mem_q [Depth];
  logic [Depth-1:0] live_q, live_d;          // which slots hold a staged write
  logic [PtrW-1:0]  wr_ptr_q, rd_ptr_q;

  logic push, pop;
  assign ready_o = !live_q[wr_ptr_q];
  assign valid_o = live_q[rd_ptr_q];
  assign req_o   = mem_q[rd_ptr_q];
  assign push    = valid_i && ready_o;
  assign pop     = valid_o && ready_i;
  assign count_o = ($clog2(Depth) + 1)'($countones(live_q));

  always_comb begin
    live_d = live_q;
    if (pop)  live_d[rd_ptr_q] = 1'b0;
    if (push) live_d[wr_ptr_q] = 1'b1;
  end

  // One comparator per slot; a slot's address only changes when it is written. Each slot
  // is copied to a temporary declared here, then its fields read: yosys 0.23 reads a
  // member of an array element (mem_q[i].bank) as a new 1-bit wire.
  // Of a staged write, the probe compares the address only.
  /* verilator lint_off UNUSEDSIGNAL */
  hbm_pkg::req_t slot;
  /* verilator lint_on UNUSEDSIGNAL */
  always_comb begin
    hit_o = 1'b0;
    slot  = '0;
    for (int i = 0; i < Depth; i++) begin
      slot   = mem_q[i];
      hit_o |= live_q[i] && (slot.bank == probe_bank_i) &&
               (slot.row == probe_row_i) && (slot.col == probe_col_i);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      live_q   <= '0;
      wr_ptr_q <= '0;
      rd_ptr_q <= '0;
    end else begin
      live_q <= live_d;
      if (push) wr_ptr_q <= wr_ptr_q + 1'b1;
      if (pop)  rd_ptr_q <= rd_ptr_q + 1'b1;
    end
  end

  // Storage has no reset: a slot is read only while it is live.
  always_ff @(posedge clk_i) begin
    if (push) mem_q[wr_ptr_q] <= req_i;
  end

`ifndef SYNTHESIS
  initial assert (Depth >= 2 && (Depth & (Depth - 1)) == 0);
  always_ff @(posedge clk_i) a_only_writes: assert (!rst_ni || !push || req_i.write);
`endif
endmodule
