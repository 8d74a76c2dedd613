// One direction (AR or AW) of the address-interleaving crossbar: holds the master's
// burst and cuts it into one sub-burst per granule, one per cycle, into an output
// register that then waits for its target PC. Each sub-burst is also pushed into the
// parent's order FIFO(s), which put the responses back together.
//
// A burst the crossbar answers itself (INCR across 4 KiB, beats wider than the bus)
// becomes one error sub-burst that never reaches a PC.
module hbm_xbar_split
  import hbm_axi_pkg::*;
#(
  parameter int unsigned NumPc = 64,
  localparam int unsigned PcW  = (NumPc > 1) ? $clog2(NumPc) : 1
) (
  input  logic           clk_i,
  input  logic           rst_ni,
  input  logic [5:0]     gran_w_i,       // log2 of the granule in bytes
  input  logic [PcW:0]   pcs_log2_i,     // PCs in use = 2^pcs_log2_i
  // The master's address channel.
  input  ax_chan_t       ax_i,
  input  logic           ax_valid_i,
  output logic           ax_ready_o,
  // Towards the PCs: a registered sub-burst (local address, ID 0) and its PC.
  output ax_chan_t       sub_o,
  output logic [PcW-1:0] sub_pc_o,
  output logic           sub_valid_o,
  input  logic [NumPc-1:0] pc_ready_i,   // each PC's AR/AW ready
  // Into the order FIFO(s): one entry per sub-burst, when they have room.
  input  logic           room_i,
  output logic           push_o,
  output logic [PcW-1:0] push_pc_o,
  output logic           push_err_o,     // answered by the crossbar, not by a PC
  output len_t           push_len_o,     // beats - 1 of the sub-burst
  output logic           push_last_o,    // last sub-burst of the master's burst
  output id_t            push_id_o       // the master's ID
);
  typedef logic [PcW-1:0] pc_t;

  typedef struct packed {
    ax_chan_t ax;    // remaining part of the burst (global address)
    logic     busy;
  } split_t;

  // The next sub-burst of a burst being split, and what remains of the burst.
  typedef struct packed {
    ax_chan_t sub;   // towards the PC: local address, ID 0
    pc_t      pc;
    logic     err;   // answered here: the whole burst is one error sub-burst
    logic     last;
    split_t   rest;
  } step_t;

  // ---- Address arithmetic -------------------------------------------------------------
  function automatic pc_t pc_of(addr_t a, logic [5:0] gw, logic [PcW:0] np);
    return pc_t'((a >> gw) & ((addr_t'(1) << np) - 1'b1));
  endfunction

  function automatic addr_t local_of(addr_t a, logic [5:0] gw, logic [PcW:0] np);
    addr_t low;
    low = a & ((addr_t'(1) << gw) - 1'b1);
    return ((a >> (32'(gw) + 32'(np))) << gw) | low;
  endfunction

  // (ID and the top bits of the length play no part in these two decisions.)
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic logic local_error(ax_chan_t ax);
    logic [12:0] end_off;
    end_off = {1'b0, ax.addr[11:0]} + ((13'(ax.len) + 13'd1) << ax.size);
    return (32'(ax.size) > $clog2(StrbW)) || (ax.burst == BurstIncr && end_off > 13'd4096);
  endfunction

  // Beats of `ax` that stay in its first granule (all of them unless INCR).
  function automatic len_t first_len(ax_chan_t ax, logic [5:0] gw);
    addr_t aligned, to_edge, beats;
    aligned = ax.addr & ~((addr_t'(1) << ax.size) - 1'b1);
    to_edge = (addr_t'(1) << gw) - (aligned & ((addr_t'(1) << gw) - 1'b1));
    beats   = to_edge >> ax.size;
    if (ax.burst != BurstIncr || beats > addr_t'(ax.len)) return ax.len;
    return len_t'(beats - 1'b1);
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  function automatic step_t split(split_t s, logic [5:0] gw, logic [PcW:0] np);
    step_t o;
    len_t  n;
    o.err      = local_error(s.ax);
    n          = o.err ? s.ax.len : first_len(s.ax, gw);
    o.sub      = s.ax;
    o.sub.id   = '0;
    o.sub.len  = n;
    o.sub.addr = local_of(s.ax.addr, gw, np);
    o.pc       = pc_of(s.ax.addr, gw, np);
    o.last     = (n == s.ax.len);
    o.rest     = s;
    if (o.last) begin
      o.rest.busy = 1'b0;
    end else begin
      o.rest.ax.len  = s.ax.len - n - 1'b1;
      o.rest.ax.addr = ((s.ax.addr >> gw) + 1'b1) << gw;   // start of the next granule
    end
    return o;
  endfunction

  // ---- State ------------------------------------------------------------------------------
  split_t   s_q, s_d;                 // the master's burst being split
  ax_chan_t sub_q, sub_d;            // the sub-burst waiting for its PC
  pc_t      pc_q, pc_d;
  logic     valid_q, valid_d;
  step_t    step;

  // A new burst is taken as soon as the last sub-burst of the current one leaves.
  assign step       = split(s_q, gran_w_i, pcs_log2_i);
  assign push_o     = s_q.busy && room_i && (step.err || !valid_q || pc_ready_i[pc_q]);
  assign ax_ready_o = !s_q.busy || (push_o && step.last);

  assign push_pc_o   = step.pc;
  assign push_err_o  = step.err;
  assign push_len_o  = step.sub.len;
  assign push_last_o = step.last;
  assign push_id_o   = s_q.ax.id;

  always_comb begin
    s_d     = s_q;
    sub_d   = sub_q;
    pc_d    = pc_q;
    valid_d = valid_q && !pc_ready_i[pc_q];
    if (push_o) begin
      s_d = step.rest;
      if (!step.err) begin
        sub_d   = step.sub;
        pc_d    = step.pc;
        valid_d = 1'b1;
      end
    end
    if (ax_valid_i && ax_ready_o) s_d = '{ax: ax_i, busy: 1'b1};
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s_q     <= '0;
      sub_q   <= '0;
      pc_q    <= '0;
      valid_q <= 1'b0;
    end else begin
      s_q     <= s_d;
      sub_q   <= sub_d;
      pc_q    <= pc_d;
      valid_q <= valid_d;
    end
  end

  assign sub_o       = sub_q;
  assign sub_pc_o    = pc_q;
  assign sub_valid_o = valid_q;

`ifndef SYNTHESIS
  // A sub-burst offered to a PC stays put until that PC takes it.
  a_sub_hold: assert property (@(posedge clk_i) disable iff (!rst_ni)
    valid_q && !pc_ready_i[pc_q] |=> valid_q && $stable(sub_q) && $stable(pc_q));
`endif
endmodule
