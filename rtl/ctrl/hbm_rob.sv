// Read reorder buffer: one slot per read beat, allocated in AR order and drained to
// the R channel in that order, whatever order the DRAM returns the data in.
//
// A beat the DRAM will not serve (SLVERR / DECERR) is complete at allocation and
// returns zeros with its error response. Allocating before a read enters the queue
// means the DRAM data always has a place to land: R back-pressure never stalls DQ.
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
  input  logic    r_ready_i
);
  localparam int unsigned PtrW = $clog2(Depth);

  typedef struct packed {
    id_t   id;
    logic  last;
    resp_e resp;
  } meta_t;

  meta_t           meta_q [Depth];
  data_t           data_q [Depth];
  logic [Depth-1:0] done_q, done_d;
  logic [PtrW-1:0] head_q, tail_q;
  logic [PtrW:0]   count_q;

  logic alloc, drain;
  assign alloc_ready_o = (count_q != (PtrW + 1)'(Depth));
  assign alloc_slot_o  = slot_t'(tail_q);
  assign alloc         = alloc_valid_i && alloc_ready_o;
  assign r_valid_o     = (count_q != '0) && done_q[head_q];
  assign drain         = r_valid_o && r_ready_i;

  always_comb begin
    r_o.id   = meta_q[head_q].id;
    r_o.last = meta_q[head_q].last;
    r_o.resp = meta_q[head_q].resp;
    r_o.data = (meta_q[head_q].resp == RespOkay) ? data_q[head_q] : '0;
  end

  always_comb begin
    done_d = done_q;
    if (fill_valid_i) done_d[fill_slot_i[PtrW-1:0]] = 1'b1;
    if (drain)        done_d[head_q] = 1'b0;
    if (alloc)        done_d[tail_q] = (alloc_resp_i != RespOkay);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      head_q  <= '0;
      tail_q  <= '0;
      count_q <= '0;
      done_q  <= '0;
    end else begin
      if (alloc) tail_q <= tail_q + 1'b1;
      if (drain) head_q <= head_q + 1'b1;
      count_q <= count_q + (PtrW + 1)'(alloc) - (PtrW + 1)'(drain);
      done_q  <= done_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (alloc)        meta_q[tail_q] <= '{id: alloc_id_i, last: alloc_last_i, resp: alloc_resp_i};
    if (fill_valid_i) data_q[fill_slot_i[PtrW-1:0]] <= fill_data_i;
  end

`ifndef SYNTHESIS
  initial assert (Depth == (1 << PtrW) && Depth <= (1 << SlotW));
  a_fill_pending: assert property (@(posedge clk_i) disable iff (!rst_ni)
    fill_valid_i |-> !done_q[fill_slot_i[PtrW-1:0]]);
  a_r_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
    r_valid_o && !r_ready_i |=> r_valid_o && $stable(r_o));
`endif
endmodule
