// Address-interleaving crossbar: one AXI4 slave port in front of NumPc pseudo-channel
// controllers, so one master sees the whole stack as one address space.
//
// Consecutive granules of 2^gran_log2_i bytes go to consecutive PCs (of the first
// 2^pcs_log2_i); inside a PC the granules pack densely. A burst that crosses granules
// is split into sub-bursts, one per granule. Sub-bursts carry ID 0, so each PC answers
// them in order, and order FIFOs put R beats and B responses back together in the
// order the master issued them: traffic through the crossbar completes in order.
// An INCR burst crossing 4 KiB (or wider than the bus) is answered SLVERR here.
//
// Outputs towards the PCs come from registers, so nothing the PCs drive reaches them
// combinationally (the co-simulation evaluates crossbar and channels as separate models).
module hbm_xbar
  import hbm_axi_pkg::*;
#(
  parameter int unsigned NumPc     = 64,
  parameter int unsigned FifoDepth = 64,   // sub-bursts outstanding (reads; writes)
  localparam int unsigned PcW      = (NumPc > 1) ? $clog2(NumPc) : 1
) (
  input  logic     clk_i,
  input  logic     rst_ni,
  input  logic [3:0] gran_log2_i,          // granule = 2^(gran_log2_i + 9) bytes (512 B..)
  input  logic [PcW:0] pcs_log2_i,         // PCs in use = 2^pcs_log2_i
  input  axi_req_t slv_req_i,
  output axi_rsp_t slv_rsp_o,
  output axi_req_t pc_req_o [NumPc],
  input  axi_rsp_t pc_rsp_i [NumPc]
);
  typedef logic [PcW-1:0] pc_t;

  // Sub-burst bookkeeping for the response paths.
  typedef struct packed {
    pc_t  pc;
    logic err;       // answered here, not by a PC
    len_t len;       // beats - 1 of the sub-burst
    logic last;      // last sub-burst of the master's burst
    id_t  id;        // the master's ID
  } sub_t;

  logic [5:0] gran_w;
  assign gran_w = 6'd9 + 6'(gran_log2_i);

  // Each PC's readiness, per address channel.
  logic [NumPc-1:0] pc_ar_ready, pc_aw_ready;
  always_comb begin
    for (int unsigned p = 0; p < NumPc; p++) begin
      pc_ar_ready[p] = pc_rsp_i[p].ar_ready;
      pc_aw_ready[p] = pc_rsp_i[p].aw_ready;
    end
  end

  // ---- Read side ---------------------------------------------------------------------------
  ax_chan_t ar_out_q;                // the sub-burst waiting for its PC
  pc_t      ar_pc_q;
  logic     ar_out_valid_q;
  sub_t     r_push, r_head;
  logic     r_push_valid, r_fifo_ready, r_head_valid, r_pop;

  hbm_xbar_split #(.NumPc(NumPc)) u_ar_split (
    .clk_i,
    .rst_ni,
    .gran_w_i    (gran_w),
    .pcs_log2_i,
    .ax_i        (slv_req_i.ar),
    .ax_valid_i  (slv_req_i.ar_valid),
    .ax_ready_o  (slv_rsp_o.ar_ready),
    .sub_o       (ar_out_q),
    .sub_pc_o    (ar_pc_q),
    .sub_valid_o (ar_out_valid_q),
    .pc_ready_i  (pc_ar_ready),
    .room_i      (r_fifo_ready),
    .push_o      (r_push_valid),
    .push_pc_o   (r_push.pc),
    .push_err_o  (r_push.err),
    .push_len_o  (r_push.len),
    .push_last_o (r_push.last),
    .push_id_o   (r_push.id)
  );

  // ---- Write side --------------------------------------------------------------------------
  ax_chan_t aw_out_q;
  pc_t      aw_pc_q;
  logic     aw_out_valid_q;
  sub_t     w_push;
  // W needs the head's PC and length, B its PC, ID and last flag.
  /* verilator lint_off UNUSEDSIGNAL */
  sub_t     w_head, b_head;
  /* verilator lint_on UNUSEDSIGNAL */
  logic     w_push_valid, w_fifo_ready, b_fifo_ready, w_head_valid, b_head_valid, w_pop, b_pop;

  hbm_xbar_split #(.NumPc(NumPc)) u_aw_split (
    .clk_i,
    .rst_ni,
    .gran_w_i    (gran_w),
    .pcs_log2_i,
    .ax_i        (slv_req_i.aw),
    .ax_valid_i  (slv_req_i.aw_valid),
    .ax_ready_o  (slv_rsp_o.aw_ready),
    .sub_o       (aw_out_q),
    .sub_pc_o    (aw_pc_q),
    .sub_valid_o (aw_out_valid_q),
    .pc_ready_i  (pc_aw_ready),
    .room_i      (w_fifo_ready && b_fifo_ready),
    .push_o      (w_push_valid),
    .push_pc_o   (w_push.pc),
    .push_err_o  (w_push.err),
    .push_len_o  (w_push.len),
    .push_last_o (w_push.last),
    .push_id_o   (w_push.id)
  );

  hbm_fifo #(.T(sub_t), .Depth(FifoDepth)) u_r_order (
    .clk_i,
    .rst_ni,
    .data_i  (r_push),
    .valid_i (r_push_valid),
    .ready_o (r_fifo_ready),
    .data_o  (r_head),
    .valid_o (r_head_valid),
    .ready_i (r_pop)
  );

  hbm_fifo #(.T(sub_t), .Depth(FifoDepth)) u_w_order (
    .clk_i,
    .rst_ni,
    .data_i  (w_push),
    .valid_i (w_push_valid),
    .ready_o (w_fifo_ready),
    .data_o  (w_head),
    .valid_o (w_head_valid),
    .ready_i (w_pop)
  );

  hbm_fifo #(.T(sub_t), .Depth(FifoDepth)) u_b_order (
    .clk_i,
    .rst_ni,
    .data_i  (w_push),
    .valid_i (w_push_valid),
    .ready_o (b_fifo_ready),
    .data_o  (b_head),
    .valid_o (b_head_valid),
    .ready_i (b_pop)
  );

  // ---- W beats: to the PC of the oldest write sub-burst, through a register ------------
  w_chan_t w_out_q, w_out_d;
  pc_t     w_pc_q, w_pc_d;
  logic    w_out_valid_q, w_out_valid_d, w_out_free, w_take;
  len_t    w_count_q, w_count_d;     // beats of the head sub-burst already taken

  assign w_out_free = !w_out_valid_q || pc_rsp_i[w_pc_q].w_ready;
  assign w_take     = slv_req_i.w_valid && w_head_valid && (w_head.err || w_out_free);
  assign slv_rsp_o.w_ready = w_take;
  assign w_pop      = w_take && (w_count_q == w_head.len);

  always_comb begin
    w_out_d       = w_out_q;
    w_pc_d        = w_pc_q;
    w_out_valid_d = w_out_valid_q && !pc_rsp_i[w_pc_q].w_ready;
    w_count_d     = w_count_q;
    if (w_take) begin
      w_count_d = w_pop ? '0 : w_count_q + 1'b1;
      if (!w_head.err) begin
        w_out_d       = slv_req_i.w;
        w_out_d.last  = (w_count_q == w_head.len);
        w_pc_d        = w_head.pc;
        w_out_valid_d = 1'b1;
      end
    end
  end

  // ---- R beats: from the PC of the oldest read sub-burst, straight through --------------
  len_t r_count_q, r_count_d;
  logic r_beat;
  always_comb begin
    slv_rsp_o.r_valid = 1'b0;
    slv_rsp_o.r       = '0;
    if (r_head_valid) begin
      slv_rsp_o.r_valid = r_head.err || pc_rsp_i[r_head.pc].r_valid;
      slv_rsp_o.r       = r_head.err ? '{id: '0, data: '0, resp: RespSlvErr, last: 1'b0}
                                     : pc_rsp_i[r_head.pc].r;
      slv_rsp_o.r.id    = r_head.id;
      slv_rsp_o.r.last  = r_head.last && (r_count_q == r_head.len);
    end
  end
  assign r_beat    = slv_rsp_o.r_valid && slv_req_i.r_ready;
  assign r_pop     = r_beat && (r_count_q == r_head.len);
  assign r_count_d = r_beat ? (r_pop ? '0 : r_count_q + 1'b1) : r_count_q;

  // ---- B: collect one per sub-burst, answer the master at the last ---------------------
  // A sub-burst's B never passes its W beats (AXI): count sub-bursts whose W went by.
  localparam int unsigned CntW = $clog2(FifoDepth) + 1;
  logic [CntW-1:0] w_done_q, w_done_d;
  resp_e b_acc_q, b_acc_d, b_resp;
  logic  b_in;
  assign b_in   = b_head_valid && (w_done_q != '0) &&
                  (b_head.err || pc_rsp_i[b_head.pc].b_valid);
  assign w_done_d = w_done_q + CntW'(w_pop) - CntW'(b_pop);
  assign b_resp = b_head.err ? RespSlvErr : pc_rsp_i[b_head.pc].b.resp;
  always_comb begin
    slv_rsp_o.b_valid = b_in && b_head.last;
    slv_rsp_o.b       = '{id: b_head.id, resp: (b_resp > b_acc_q) ? b_resp : b_acc_q};
  end
  assign b_pop   = b_in && (!b_head.last || slv_req_i.b_ready);
  assign b_acc_d = !b_pop ? b_acc_q : (b_head.last ? RespOkay : slv_rsp_o.b.resp);

  // ---- PC ports ------------------------------------------------------------------------------
  always_comb begin
    for (int unsigned p = 0; p < NumPc; p++) begin
      pc_req_o[p]          = '0;
      pc_req_o[p].ar       = ar_out_q;
      pc_req_o[p].ar_valid = ar_out_valid_q && (ar_pc_q == pc_t'(p));
      pc_req_o[p].aw       = aw_out_q;
      pc_req_o[p].aw_valid = aw_out_valid_q && (aw_pc_q == pc_t'(p));
      pc_req_o[p].w        = w_out_q;
      pc_req_o[p].w_valid  = w_out_valid_q && (w_pc_q == pc_t'(p));
      pc_req_o[p].r_ready  = r_head_valid && !r_head.err && (r_head.pc == pc_t'(p)) &&
                             slv_req_i.r_ready;
      pc_req_o[p].b_ready  = b_head_valid && !b_head.err && (b_head.pc == pc_t'(p)) &&
                             (w_done_q != '0) && (!b_head.last || slv_req_i.b_ready);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_out_q        <= '0;
      w_pc_q         <= '0;
      w_out_valid_q  <= 1'b0;
      w_count_q      <= '0;
      r_count_q      <= '0;
      b_acc_q        <= RespOkay;
      w_done_q       <= '0;
    end else begin
      w_out_q        <= w_out_d;
      w_pc_q         <= w_pc_d;
      w_out_valid_q  <= w_out_valid_d;
      w_count_q      <= w_count_d;
      r_count_q      <= r_count_d;
      b_acc_q        <= b_acc_d;
      w_done_q       <= w_done_d;
    end
  end

`ifndef SYNTHESIS
  logic pc_r_last;
  assign pc_r_last = pc_rsp_i[r_head.pc].r.last;
  // The PC's own RLAST agrees with the sub-burst's length.
  a_r_from_head: assert property (@(posedge clk_i) disable iff (!rst_ni)
    r_beat && !r_head.err |-> pc_r_last == (r_count_q == r_head.len));
`endif
endmodule
