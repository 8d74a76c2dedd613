// Splits one AXI4 address-channel burst (AW or AR) into beats, one per cycle.
//
// Each beat carries its byte address; the 32-byte container it falls in is one DRAM
// column access. Bursts the controller cannot serve are still walked beat by beat, so
// that every W beat is consumed and every R beat is answered, but they carry SLVERR:
// an INCR burst crossing 4 KiB, a WRAP burst whose length is not 2/4/8/16 or whose
// address is not aligned to its size, and a beat wider than the data bus.
module hbm_axi_burst_gen (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  hbm_axi_pkg::ax_chan_t ax_i,
  input  logic                  ax_valid_i,
  output logic                  ax_ready_o,
  output hbm_axi_pkg::addr_t    beat_addr_o,
  output hbm_axi_pkg::id_t      beat_id_o,
  output logic                  beat_last_o,
  output hbm_axi_pkg::resp_e    beat_resp_o,
  output logic                  beat_valid_o,
  input  logic                  beat_ready_i
);
  localparam int unsigned MaxSize = $clog2(hbm_axi_pkg::StrbW);
  localparam int unsigned AddrW   = hbm_axi_pkg::AddrW;
  typedef hbm_axi_pkg::addr_t  addr_t;
  typedef hbm_axi_pkg::len_t   len_t;
  typedef hbm_axi_pkg::size_t  size_t;
  typedef hbm_axi_pkg::burst_e burst_e;
  typedef hbm_axi_pkg::id_t    id_t;
  typedef hbm_axi_pkg::resp_e  resp_e;

  logic   busy_q, busy_d;
  addr_t  addr_q, addr_d;
  addr_t  wrap_mask_q, wrap_mask_d;   // bytes covered by a WRAP burst, minus one
  len_t   left_q, left_d;             // beats after the current one
  size_t  size_q, size_d;
  burst_e burst_q, burst_d;
  id_t    id_q, id_d;
  resp_e  resp_q, resp_d;

  // Decides whether an incoming burst can be served: the first rule that fails gives
  // SLVERR. Written on ax_i in the module, not as a function of the channel struct
  // (yosys 0.23 does not resolve a struct argument's members in a function).
  logic [12:0] ax_end_off;
  logic        ax_wrap_len_ok, ax_aligned;
  resp_e       ax_resp;
  always_comb begin
    ax_end_off     = {1'b0, ax_i.addr[11:0]} + ((13'(ax_i.len) + 13'd1) << ax_i.size);
    ax_wrap_len_ok = (ax_i.len == 8'd1) || (ax_i.len == 8'd3) || (ax_i.len == 8'd7) ||
                     (ax_i.len == 8'd15);
    ax_aligned     = (ax_i.addr & ((AddrW'(1) << ax_i.size) - AddrW'(1))) == '0;
    if (32'(ax_i.size) > MaxSize) begin
      ax_resp = hbm_axi_pkg::RespSlvErr;
    end else if (ax_i.burst == hbm_axi_pkg::BurstIncr && ax_end_off > 13'd4096) begin
      ax_resp = hbm_axi_pkg::RespSlvErr;
    end else if (ax_i.burst == hbm_axi_pkg::BurstWrap && !(ax_wrap_len_ok && ax_aligned)) begin
      ax_resp = hbm_axi_pkg::RespSlvErr;
    end else if (ax_i.burst == 2'b11) begin
      ax_resp = hbm_axi_pkg::RespSlvErr;  // reserved encoding
    end else begin
      ax_resp = hbm_axi_pkg::RespOkay;
    end
  end

  // Address of the beat after `addr` within the burst.
  function automatic addr_t next_addr(addr_t addr, size_t size, burst_e burst, addr_t wrap_mask);
    addr_t step, incr;
    step = AddrW'(1) << size;
    incr = (addr & ~(step - AddrW'(1))) + step;
    unique case (burst)
      hbm_axi_pkg::BurstFixed: next_addr = addr;
      hbm_axi_pkg::BurstWrap:  next_addr = (addr & ~wrap_mask) | (incr & wrap_mask);
      default:                 next_addr = incr;
    endcase
  endfunction

  assign ax_ready_o   = !busy_q || (beat_ready_i && left_q == '0);
  assign beat_valid_o = busy_q;
  assign beat_addr_o  = addr_q;
  assign beat_id_o    = id_q;
  assign beat_last_o  = (left_q == '0);
  assign beat_resp_o  = resp_q;

  always_comb begin
    busy_d      = busy_q;
    addr_d      = addr_q;
    wrap_mask_d = wrap_mask_q;
    left_d      = left_q;
    size_d      = size_q;
    burst_d     = burst_q;
    id_d        = id_q;
    resp_d      = resp_q;
    if (busy_q && beat_ready_i) begin
      if (left_q == '0) begin
        busy_d = 1'b0;
      end else begin
        addr_d = next_addr(addr_q, size_q, burst_q, wrap_mask_q);
        left_d = left_q - 1'b1;
      end
    end
    if (ax_valid_i && ax_ready_o) begin
      busy_d      = 1'b1;
      addr_d      = ax_i.addr;
      wrap_mask_d = ((AddrW'(ax_i.len) + AddrW'(1)) << ax_i.size) - AddrW'(1);
      left_d      = ax_i.len;
      size_d      = ax_i.size;
      burst_d     = ax_i.burst;
      id_d        = ax_i.id;
      resp_d      = ax_resp;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q      <= 1'b0;
      addr_q      <= '0;
      wrap_mask_q <= '0;
      left_q      <= '0;
      size_q      <= '0;
      burst_q     <= hbm_axi_pkg::BurstIncr;
      id_q        <= '0;
      resp_q      <= hbm_axi_pkg::RespOkay;
    end else begin
      busy_q      <= busy_d;
      addr_q      <= addr_d;
      wrap_mask_q <= wrap_mask_d;
      left_q      <= left_d;
      size_q      <= size_d;
      burst_q     <= burst_d;
      id_q        <= id_d;
      resp_q      <= resp_d;
    end
  end

`ifndef SYNTHESIS
  a_beat_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
    beat_valid_o && !beat_ready_i |=> beat_valid_o && $stable(beat_addr_o));
`endif
endmodule
