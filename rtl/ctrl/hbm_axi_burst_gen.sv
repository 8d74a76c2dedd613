// Splits one AXI4 address-channel burst (AW or AR) into beats, one per cycle.
//
// Each beat carries its byte address; the 32-byte container it falls in is one DRAM
// column access. Bursts the controller cannot serve are still walked beat by beat, so
// that every W beat is consumed and every R beat is answered, but they carry SLVERR:
// an INCR burst crossing 4 KiB, a WRAP burst whose length is not 2/4/8/16 or whose
// address is not aligned to its size, and a beat wider than the data bus.
module hbm_axi_burst_gen
  import hbm_axi_pkg::*;
(
  input  logic     clk_i,
  input  logic     rst_ni,
  input  ax_chan_t ax_i,
  input  logic     ax_valid_i,
  output logic     ax_ready_o,
  output addr_t    beat_addr_o,
  output id_t      beat_id_o,
  output logic     beat_last_o,
  output resp_e    beat_resp_o,
  output logic     beat_valid_o,
  input  logic     beat_ready_i
);
  localparam int unsigned MaxSize = $clog2(StrbW);

  logic   busy_q, busy_d;
  addr_t  addr_q, addr_d;
  addr_t  wrap_mask_q, wrap_mask_d;   // bytes covered by a WRAP burst, minus one
  len_t   left_q, left_d;             // beats after the current one
  size_t  size_q, size_d;
  burst_e burst_q, burst_d;
  id_t    id_q, id_d;
  resp_e  resp_q, resp_d;

  // Decides whether an incoming burst can be served.
  // ID and length's upper bits play no part in whether a burst can be served.
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic resp_e check_burst(ax_chan_t ax);
    logic [12:0] end_off;
    logic        wrap_len_ok;
    logic        aligned;
    end_off     = {1'b0, ax.addr[11:0]} + ((13'(ax.len) + 13'd1) << ax.size);
    wrap_len_ok = (ax.len == 8'd1) || (ax.len == 8'd3) || (ax.len == 8'd7) || (ax.len == 8'd15);
    aligned     = (ax.addr & ((addr_t'(1) << ax.size) - addr_t'(1))) == '0;
    if (32'(ax.size) > MaxSize) return RespSlvErr;
    if (ax.burst == BurstIncr && end_off > 13'd4096) return RespSlvErr;
    if (ax.burst == BurstWrap && !(wrap_len_ok && aligned)) return RespSlvErr;
    if (ax.burst == 2'b11) return RespSlvErr;  // reserved encoding
    return RespOkay;
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // Address of the beat after `addr` within the burst.
  function automatic addr_t next_addr(addr_t addr, size_t size, burst_e burst, addr_t wrap_mask);
    addr_t step, incr;
    step = addr_t'(1) << size;
    incr = (addr & ~(step - addr_t'(1))) + step;
    unique case (burst)
      BurstFixed: return addr;
      BurstWrap:  return (addr & ~wrap_mask) | (incr & wrap_mask);
      default:    return incr;
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
      wrap_mask_d = ((addr_t'(ax_i.len) + addr_t'(1)) << ax_i.size) - addr_t'(1);
      left_d      = ax_i.len;
      size_d      = ax_i.size;
      burst_d     = ax_i.burst;
      id_d        = ax_i.id;
      resp_d      = check_burst(ax_i);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q      <= 1'b0;
      addr_q      <= '0;
      wrap_mask_q <= '0;
      left_q      <= '0;
      size_q      <= '0;
      burst_q     <= BurstIncr;
      id_q        <= '0;
      resp_q      <= RespOkay;
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
