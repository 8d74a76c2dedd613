// One direction (AR or AW) of the address-interleaving crossbar: holds the master's
// burst and cuts it into one sub-burst per granule, one per cycle, into an output
// register that then waits for its target PC. Each sub-burst is also pushed into the
// parent's order FIFO(s), which put the responses back together.
//
// A burst the crossbar answers itself (INCR across 4 KiB, beats wider than the bus)
// becomes one error sub-burst that never reaches a PC.
module hbm_xbar_split #(
  parameter int unsigned NumPc = 64,
  localparam int unsigned PcW  = (NumPc > 1) ? $clog2(NumPc) : 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic [5:0]            gran_w_i,       // log2 of the granule in bytes
  input  logic [PcW:0]          pcs_log2_i,     // PCs in use = 2^pcs_log2_i
  // The master's address channel.
  input  hbm_axi_pkg::ax_chan_t ax_i,
  input  logic                  ax_valid_i,
  output logic                  ax_ready_o,
  // Towards the PCs: a registered sub-burst (local address, ID 0) and its PC.
  output hbm_axi_pkg::ax_chan_t sub_o,
  output logic [PcW-1:0]        sub_pc_o,
  output logic                  sub_valid_o,
  input  logic [NumPc-1:0]      pc_ready_i,     // each PC's AR/AW ready
  // Into the order FIFO(s): one entry per sub-burst, when they have room.
  input  logic                  room_i,
  output logic                  push_o,
  output logic [PcW-1:0]        push_pc_o,
  output logic                  push_err_o,     // answered by the crossbar, not by a PC
  output hbm_axi_pkg::len_t     push_len_o,     // beats - 1 of the sub-burst
  output logic                  push_last_o,    // last sub-burst of the master's burst
  output hbm_axi_pkg::id_t      push_id_o       // the master's ID
);
  localparam int unsigned AddrW = hbm_axi_pkg::AddrW;
  localparam int unsigned SizeMax = $clog2(hbm_axi_pkg::StrbW);   // widest beat: the bus
  // gran_w_i + pcs_log2_i, wide enough not to wrap.
  localparam int unsigned AboveW = ((PcW + 1 > 6) ? PcW + 1 : 6) + 1;
  typedef logic [PcW-1:0]   pc_t;
  typedef hbm_axi_pkg::addr_t addr_t;
  typedef hbm_axi_pkg::len_t  len_t;

  // ---- State ------------------------------------------------------------------------------
  // (Struct types are not declared here: yosys 0.23 takes no package type as a member of a
  // struct declared in a module.)
  hbm_axi_pkg::ax_chan_t s_ax_q, s_ax_d;     // remaining part of the master's burst
  logic                  s_busy_q, s_busy_d; //   (global address), and whether there is one
  hbm_axi_pkg::ax_chan_t sub_q, sub_d;       // the sub-burst waiting for its PC
  pc_t                   pc_q, pc_d;
  logic                  valid_q, valid_d;

  // ---- The next sub-burst of the burst being split, and what remains of the burst -------
  hbm_axi_pkg::ax_chan_t step_sub;   // towards the PC: local address, ID 0
  pc_t                   step_pc;
  logic                  step_err;   // answered here: the whole burst is one error sub-burst
  logic                  step_last;
  hbm_axi_pkg::ax_chan_t rest_ax;
  logic                  rest_busy;

  // The bits above the PC number start at gran_w_i + pcs_log2_i: a sum as a wire of its
  // own (a shift amount is self-determined; yosys 0.23 sizes `a + b` there otherwise).
  logic [AboveW-1:0] above_pc;
  assign above_pc = AboveW'(gran_w_i) + AboveW'(pcs_log2_i);

  logic [15:0] end_off;
  addr_t       gran_mask, aligned, to_edge, beats;
  len_t        first_n, n;

  always_comb begin
    gran_mask = hbm_axi_pkg::low_mask(8'(gran_w_i));
    // Answered here: beats wider than the bus, or an INCR burst across 4 KiB: the bytes
    // it covers, from its address aligned to the size, end past its page (an unaligned
    // start covers less of its first beat, never more). 16 bits hold 4095 + 256 << 7.
    end_off   = (16'(s_ax_q.addr[11:0]) & ~((16'd1 << s_ax_q.size) - 16'd1))
              + ((16'(s_ax_q.len) + 16'd1) << s_ax_q.size);
    step_err  = (32'(s_ax_q.size) > SizeMax) ||
                (s_ax_q.burst == hbm_axi_pkg::BurstIncr && end_off > 16'd4096);
    // Beats that stay in the first granule (all of them unless INCR).
    aligned   = s_ax_q.addr & ~hbm_axi_pkg::low_mask(8'(s_ax_q.size));
    // (1 << gran) - (aligned & mask), as the bits of the mask aligned does not set, + 1.
    to_edge   = (gran_mask & ~aligned) + 1'b1;
    beats     = to_edge >> s_ax_q.size;
    if (s_ax_q.burst != hbm_axi_pkg::BurstIncr || beats > AddrW'(s_ax_q.len)) begin
      first_n = s_ax_q.len;
    end else begin
      first_n = 8'(beats - 1'b1);
    end
    n = step_err ? s_ax_q.len : first_n;

    step_sub      = s_ax_q;
    step_sub.id   = '0;
    step_sub.len  = n;
    step_sub.addr = ((s_ax_q.addr >> above_pc) << gran_w_i) | (s_ax_q.addr & gran_mask);
    step_pc       = PcW'((s_ax_q.addr >> gran_w_i) & hbm_axi_pkg::low_mask(8'(pcs_log2_i)));
    step_last     = (n == s_ax_q.len);

    rest_ax   = s_ax_q;
    rest_busy = s_busy_q;
    if (step_last) begin
      rest_busy = 1'b0;
    end else begin
      rest_ax.len  = s_ax_q.len - n - 1'b1;
      rest_ax.addr = ((s_ax_q.addr >> gran_w_i) + 1'b1) << gran_w_i;   // next granule's start
    end
  end

  // A new burst is taken as soon as the last sub-burst of the current one leaves.
  assign push_o     = s_busy_q && room_i && (step_err || !valid_q || pc_ready_i[pc_q]);
  assign ax_ready_o = !s_busy_q || (push_o && step_last);

  assign push_pc_o   = step_pc;
  assign push_err_o  = step_err;
  assign push_len_o  = step_sub.len;
  assign push_last_o = step_last;
  assign push_id_o   = s_ax_q.id;

  always_comb begin
    s_ax_d   = s_ax_q;
    s_busy_d = s_busy_q;
    sub_d    = sub_q;
    pc_d     = pc_q;
    valid_d  = valid_q && !pc_ready_i[pc_q];
    if (push_o) begin
      s_ax_d   = rest_ax;
      s_busy_d = rest_busy;
      if (!step_err) begin
        sub_d   = step_sub;
        pc_d    = step_pc;
        valid_d = 1'b1;
      end
    end
    if (ax_valid_i && ax_ready_o) begin
      s_ax_d   = ax_i;
      s_busy_d = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s_ax_q   <= '0;
      s_busy_q <= 1'b0;
      sub_q    <= '0;
      pc_q     <= '0;
      valid_q  <= 1'b0;
    end else begin
      s_ax_q   <= s_ax_d;
      s_busy_q <= s_busy_d;
      sub_q    <= sub_d;
      pc_q     <= pc_d;
      valid_q  <= valid_d;
    end
  end

  assign sub_o       = sub_q;
  assign sub_pc_o    = pc_q;
  assign sub_valid_o = valid_q;

`ifndef SYNTHESIS
  // A sub-burst offered to a PC stays put until that PC takes it.
  hbm_hold_check #(.Width($bits({sub_q, pc_q}))) u_sub_hold (
    .clk_i, .rst_ni, .valid_i (valid_q), .ready_i (pc_ready_i[pc_q]), .data_i ({sub_q, pc_q})
  );
`endif
endmodule
