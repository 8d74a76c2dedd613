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
//
// The PC ports are flat vectors (yosys 0.23 reads no unpacked-array port): PC p's request
// at pc_req_o[p*AxiReqW +: AxiReqW], its response at pc_rsp_i[p*AxiRspW +: AxiRspW].
module hbm_xbar #(
  parameter int unsigned NumPc     = 64,
  parameter int unsigned FifoDepth = 64,   // sub-bursts outstanding (reads; writes)
  localparam int unsigned PcW      = (NumPc > 1) ? $clog2(NumPc) : 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic [3:0]            gran_log2_i,   // granule = 2^(gran_log2_i + 9) bytes (512 B..)
  input  logic [PcW:0]          pcs_log2_i,    // PCs in use = 2^pcs_log2_i
  input  hbm_axi_pkg::axi_req_t slv_req_i,
  output hbm_axi_pkg::axi_rsp_t slv_rsp_o,
  // Not traced: whole, Verilator would assemble these 26 and 18 kbit vectors from the
  // PCs' slices on every evaluation of a traced build (hbm_xbar_sim_top traces the ports).
  /* verilator tracing_off */
  output logic [NumPc*hbm_axi_pkg::AxiReqW-1:0] pc_req_o,
  // (the PCs' B IDs are not looked at: sub-bursts carry ID 0)
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [NumPc*hbm_axi_pkg::AxiRspW-1:0] pc_rsp_i
  /* verilator lint_on UNUSEDSIGNAL */
  /* verilator tracing_on */
);
  localparam int unsigned ReqW   = hbm_axi_pkg::AxiReqW;
  localparam int unsigned RspW   = hbm_axi_pkg::AxiRspW;
  localparam int unsigned RChanW = hbm_axi_pkg::RChanW;
  localparam int unsigned IdW    = hbm_axi_pkg::IdW;
  typedef logic [PcW-1:0]     pc_t;
  typedef hbm_axi_pkg::len_t  len_t;
  typedef hbm_axi_pkg::resp_e resp_e;
  localparam resp_e RespOkay   = hbm_axi_pkg::RespOkay;
  localparam resp_e RespSlvErr = hbm_axi_pkg::RespSlvErr;

  // Sub-burst bookkeeping for the response paths (members of plain vector types: yosys
  // 0.23 takes no package type as a member of a struct declared in a module).
  typedef struct packed {
    logic [PcW-1:0] pc;
    logic           err;    // answered here, not by a PC
    logic [7:0]     len;    // beats - 1 of the sub-burst
    logic           last;   // last sub-burst of the master's burst
    logic [IdW-1:0] id;     // the master's ID
  } sub_t;
  localparam int unsigned SubW = PcW + 1 + 8 + 1 + IdW;

  logic [5:0] gran_w;
  assign gran_w = 6'd9 + 6'(gran_log2_i);

  // ---- The PCs' responses, by field: per-PC vectors and arrays of plain types, from which
  // the head's PC is then picked by index. Read as constant slices at axi_rsp_t's member
  // offsets (from bit 0: r_valid, r, ar_ready, b_valid, b {id, resp}, w_ready, aw_ready),
  // so Verilator can keep each port's slice of the flat vector apart (split_var in
  // hbm_xbar_sim_top) instead of assembling the whole vector every evaluation.
  localparam int unsigned OffR       = 1;
  localparam int unsigned OffArReady = OffR + RChanW;
  localparam int unsigned OffBValid  = OffArReady + 1;
  localparam int unsigned OffB       = OffBValid + 1;
  localparam int unsigned OffWReady  = OffB + hbm_axi_pkg::BChanW;
  localparam int unsigned OffAwReady = OffWReady + 1;
  logic [NumPc-1:0]  pc_ar_ready, pc_aw_ready, pc_w_ready, pc_b_valid, pc_r_valid;
  logic [1:0]        pc_b_resp [NumPc];
  logic [RChanW-1:0] pc_r      [NumPc];
  for (genvar p = 0; p < NumPc; p++) begin : g_rsp
    assign pc_r_valid[p]  = pc_rsp_i[p*RspW];
    assign pc_r[p]        = pc_rsp_i[p*RspW + OffR +: RChanW];
    assign pc_ar_ready[p] = pc_rsp_i[p*RspW + OffArReady];
    assign pc_b_valid[p]  = pc_rsp_i[p*RspW + OffBValid];
    assign pc_b_resp[p]   = pc_rsp_i[p*RspW + OffB +: 2];
    assign pc_w_ready[p]  = pc_rsp_i[p*RspW + OffWReady];
    assign pc_aw_ready[p] = pc_rsp_i[p*RspW + OffAwReady];
  end

  // ---- Read side ---------------------------------------------------------------------------
  hbm_axi_pkg::ax_chan_t ar_out_q;   // the sub-burst waiting for its PC
  pc_t      ar_pc_q;
  logic     ar_out_valid_q, ar_ready;
  sub_t     r_push, r_head;
  logic     r_push_valid, r_fifo_ready, r_head_valid, r_pop;

  hbm_xbar_split #(.NumPc(NumPc)) u_ar_split (
    .clk_i,
    .rst_ni,
    .gran_w_i    (gran_w),
    .pcs_log2_i,
    .ax_i        (slv_req_i.ar),
    .ax_valid_i  (slv_req_i.ar_valid),
    .ax_ready_o  (ar_ready),
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
  hbm_axi_pkg::ax_chan_t aw_out_q;
  pc_t      aw_pc_q;
  logic     aw_out_valid_q, aw_ready;
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
    .ax_ready_o  (aw_ready),
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

  hbm_fifo #(.Width(SubW), .Depth(FifoDepth)) u_r_order (
    .clk_i,
    .rst_ni,
    .data_i  (r_push),
    .valid_i (r_push_valid),
    .ready_o (r_fifo_ready),
    .data_o  (r_head),
    .valid_o (r_head_valid),
    .ready_i (r_pop)
  );

  hbm_fifo #(.Width(SubW), .Depth(FifoDepth)) u_w_order (
    .clk_i,
    .rst_ni,
    .data_i  (w_push),
    .valid_i (w_push_valid),
    .ready_o (w_fifo_ready),
    .data_o  (w_head),
    .valid_o (w_head_valid),
    .ready_i (w_pop)
  );

  hbm_fifo #(.Width(SubW), .Depth(FifoDepth)) u_b_order (
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
  hbm_axi_pkg::w_chan_t w_out_q, w_out_d;
  pc_t     w_pc_q, w_pc_d;
  logic    w_out_valid_q, w_out_valid_d, w_out_free, w_take;
  len_t    w_count_q, w_count_d;     // beats of the head sub-burst already taken

  assign w_out_free = !w_out_valid_q || pc_w_ready[w_pc_q];
  assign w_take     = slv_req_i.w_valid && w_head_valid && (w_head.err || w_out_free);
  assign w_pop      = w_take && (w_count_q == w_head.len);

  always_comb begin
    w_out_d       = w_out_q;
    w_pc_d        = w_pc_q;
    w_out_valid_d = w_out_valid_q && !pc_w_ready[w_pc_q];
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
  hbm_axi_pkg::r_chan_t r_sel, r_out;
  len_t r_count_q, r_count_d;
  logic r_out_valid, r_beat;
  assign r_sel = pc_r[r_head.pc];
  always_comb begin
    r_out_valid = 1'b0;
    r_out       = '0;
    if (r_head_valid) begin
      r_out_valid = r_head.err || pc_r_valid[r_head.pc];
      if (r_head.err) begin
        r_out      = '0;
        r_out.resp = RespSlvErr;
      end else begin
        r_out      = r_sel;
      end
      r_out.id   = r_head.id;
      r_out.last = r_head.last && (r_count_q == r_head.len);
    end
  end
  assign r_beat    = r_out_valid && slv_req_i.r_ready;
  assign r_pop     = r_beat && (r_count_q == r_head.len);
  assign r_count_d = r_beat ? (r_pop ? '0 : r_count_q + 1'b1) : r_count_q;

  // ---- B: collect one per sub-burst, answer the master at the last ---------------------
  // A sub-burst's B never passes its W beats (AXI): count sub-bursts whose W went by.
  localparam int unsigned CntW = $clog2(FifoDepth) + 1;
  logic [CntW-1:0] w_done_q, w_done_d;
  // Responses as 2-bit vectors (resp_e's encoding, worst highest), set from the PCs' bits.
  logic [1:0] b_acc_q, b_acc_d, b_resp, b_out_resp;
  logic  b_in;
  assign b_in       = b_head_valid && (w_done_q != '0) &&
                      (b_head.err || pc_b_valid[b_head.pc]);
  assign w_done_d   = w_done_q + CntW'(w_pop) - CntW'(b_pop);
  assign b_resp     = b_head.err ? RespSlvErr : pc_b_resp[b_head.pc];
  assign b_out_resp = (b_resp > b_acc_q) ? b_resp : b_acc_q;
  assign b_pop      = b_in && (!b_head.last || slv_req_i.b_ready);
  assign b_acc_d    = !b_pop ? b_acc_q : (b_head.last ? RespOkay : b_out_resp);

  // ---- The master's response ---------------------------------------------------------------
  always_comb begin
    slv_rsp_o          = '0;
    slv_rsp_o.aw_ready = aw_ready;
    slv_rsp_o.w_ready  = w_take;
    slv_rsp_o.b        = {b_head.id, b_out_resp};
    slv_rsp_o.b_valid  = b_in && b_head.last;
    slv_rsp_o.ar_ready = ar_ready;
    slv_rsp_o.r        = r_out;
    slv_rsp_o.r_valid  = r_out_valid;
  end

  // ---- PC ports ------------------------------------------------------------------------------
  // Every PC sees the same AR, AW and W registers; only its valids and readies are its own.
  // Each port is assembled in axi_req_t's member order (aw, aw_valid, w, w_valid, b_ready,
  // ar, ar_valid, r_ready); Verilator's width check holds it to AxiReqW.
  logic [NumPc-1:0] pc_ar_valid, pc_aw_valid, pc_w_valid, pc_r_ready, pc_b_ready;
  always_comb begin
    for (int unsigned p = 0; p < NumPc; p++) begin
      pc_ar_valid[p] = ar_out_valid_q && (ar_pc_q == PcW'(p));
      pc_aw_valid[p] = aw_out_valid_q && (aw_pc_q == PcW'(p));
      pc_w_valid[p]  = w_out_valid_q && (w_pc_q == PcW'(p));
      pc_r_ready[p]  = r_head_valid && !r_head.err && (r_head.pc == PcW'(p)) &&
                       slv_req_i.r_ready;
      pc_b_ready[p]  = b_head_valid && !b_head.err && (b_head.pc == PcW'(p)) &&
                       (w_done_q != '0) && (!b_head.last || slv_req_i.b_ready);
    end
  end
  for (genvar p = 0; p < NumPc; p++) begin : g_pc
    assign pc_req_o[p*ReqW +: ReqW] = {aw_out_q, pc_aw_valid[p], w_out_q, pc_w_valid[p],
                                       pc_b_ready[p], ar_out_q, pc_ar_valid[p], pc_r_ready[p]};
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
  // The PC's own RLAST agrees with the sub-burst's length.
  always_ff @(posedge clk_i)
    a_r_from_head: assert (!rst_ni
      || !(r_beat && !r_head.err)
      || (r_sel.last == (r_count_q == r_head.len)));
`endif
endmodule
