// Splits one AXI4 address-channel burst (AW or AR) into beats, one per cycle.
//
// Each beat carries its byte address; the 32-byte container it falls in is one DRAM
// column access. Bursts the controller cannot serve are still walked beat by beat, so
// that every W beat is consumed and every R beat is answered, but they carry SLVERR:
// an INCR burst crossing 4 KiB, a WRAP burst whose length is not 2/4/8/16 or whose
// address is not aligned to its size, and a beat wider than the data bus.
//
// With each beat goes the step to the next: the address bits in which the burst's next
// beat differs from this one. The front end maps the step (the address map is linear, an
// XOR of address bits) to learn whether the next beat stays in this beat's bank and row,
// which the closed page policy needs to precharge a row with the burst's last access to it.
// A burst the controller serves stays within one 4 KiB page (INCR; WRAP within 512 bytes,
// FIXED in place), so the step has bits 11:0 only; on a burst's last beat, or on one that
// carries an error, it means nothing.
module hbm_axi_burst_gen (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  hbm_axi_pkg::ax_chan_t ax_i,
  input  logic                  ax_valid_i,
  output logic                  ax_ready_o,
  output hbm_axi_pkg::addr_t    beat_addr_o,
  output hbm_axi_pkg::id_t      beat_id_o,
  output logic                  beat_last_o,
  output logic [11:0]           beat_step_o,    // address bits the next beat changes
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

  // A WRAP burst covers at most 256 beats of 128 bytes (sizes beyond the bus are walked
  // too): its mask has no bit at or above WrapW.
  localparam int unsigned WrapW = 15;

  logic   busy_q, busy_d;
  addr_t  addr_q, addr_d;
  logic [WrapW-1:0] wrap_mask_q, wrap_mask_d;   // bytes covered by a WRAP burst, minus one
  len_t   left_q, left_d;             // beats after the current one
  size_t  size_q, size_d;
  burst_e burst_q, burst_d;
  id_t    id_q, id_d;
  resp_e  resp_q, resp_d;

  // Decides whether an incoming burst can be served: a rule that fails gives SLVERR.
  // Written on ax_i in the module, not as a function of the channel struct (yosys 0.23
  // does not resolve a struct argument's members in a function).
  //
  // An INCR burst crosses 4 KiB when the bytes it covers, from its address aligned to
  // the size (AXI4 A3.4.1: an unaligned start covers less of its first beat, never
  // more), run past its page. Without a shifter by the size and a second adder after it
  // (logic depth, issue 14), it is worked out for each size the bus takes (a larger one
  // fails the first rule) with the size a constant, from a = addr[11:0]:
  // - s < 5: with a' = a aligned to the size and L = (len << s) | (2^s - 1) = ((len + 1)
  //   << s) - 1, the burst ends at a' + L + 1 <= 8192: past the page when bit 12 of
  //   a' + L is set. One 13-bit adder.
  // - s = 5: in beats, a[11:5] + len + 1 > 128: a[11:5] + len (9 bits) is 128 or more.
  function automatic logic past_4k(logic [11:0] a, len_t len, int unsigned s);
    // Of the sum, only bit 12 is read.
    /* verilator lint_off UNUSEDSIGNAL */
    logic [12:0] y;
    /* verilator lint_on UNUSEDSIGNAL */
    y       = (13'(a) & (13'hfff << s)) + ((13'(len) << s) | 13'((1 << s) - 1));
    past_4k = y[12];
  endfunction
  // Of the sum, only the top bits are read.
  /* verilator lint_off UNUSEDSIGNAL */
  logic [8:0]   ax_v;                  // a[11:5] + len, for s = 5
  /* verilator lint_on UNUSEDSIGNAL */
  logic         ax_cross;              // for the burst's size (a size beyond the bus: 0)
  logic         ax_wrap_len_ok, ax_aligned;
  resp_e        ax_resp;
  always_comb begin
    ax_cross = 1'b0;
    ax_v     = '0;
    // The sums are only read when a burst is offered, and only the one of its size:
    // simulation works out that one only then (synthesis builds them all and a choice).
    if (ax_valid_i) begin
      unique case (ax_i.size)
        3'd0: ax_cross = past_4k(ax_i.addr[11:0], ax_i.len, 0);
        3'd1: ax_cross = past_4k(ax_i.addr[11:0], ax_i.len, 1);
        3'd2: ax_cross = past_4k(ax_i.addr[11:0], ax_i.len, 2);
        3'd3: ax_cross = past_4k(ax_i.addr[11:0], ax_i.len, 3);
        3'd4: ax_cross = past_4k(ax_i.addr[11:0], ax_i.len, 4);
        3'd5: begin
          ax_v     = 9'(ax_i.addr[11:5]) + 9'(ax_i.len);
          ax_cross = ax_v[8:7] != 2'b00;
        end
        default: ;   // beyond the bus: the size rule fails the burst
      endcase
    end
    ax_wrap_len_ok = (ax_i.len == 8'd1) || (ax_i.len == 8'd3) || (ax_i.len == 8'd7) ||
                     (ax_i.len == 8'd15);
    ax_aligned     = (ax_i.addr[7:0] & ~(8'hff << ax_i.size)) == '0;
    // Any failed rule gives SLVERR: an OR of them all, not a chain of choices.
    if ((32'(ax_i.size) > MaxSize)
        || (ax_i.burst == hbm_axi_pkg::BurstIncr && ax_cross)
        || (ax_i.burst == hbm_axi_pkg::BurstWrap && !(ax_wrap_len_ok && ax_aligned))
        || (ax_i.burst == 2'b11)) begin   // reserved encoding
      ax_resp = hbm_axi_pkg::RespSlvErr;
    end else begin
      ax_resp = hbm_axi_pkg::RespOkay;
    end
  end

  // Address of the beat after addr_q within the burst. INCR: addr_q with the bits below
  // the size cleared, plus 1 << size: bit i (at or above the size) flips when every bit
  // from the size up to i - 1 is set. That prefix AND doubles its span each step (a tree
  // of ANDs, not a 40-bit carry chain); the bits below the size count as set.
  addr_t below_ones, low_mask, incr, next_addr;
  always_comb begin
    low_mask   = ~({AddrW{1'b1}} << size_q);
    below_ones = {addr_q[AddrW-2:0] | low_mask[AddrW-2:0], 1'b1};
    for (int s = 1; s < AddrW; s = s * 2) begin
      below_ones = below_ones & ((below_ones << s) | ~({AddrW{1'b1}} << s));
    end
    incr = (addr_q ^ below_ones) & ~low_mask;
    unique case (burst_q)
      hbm_axi_pkg::BurstFixed: next_addr = addr_q;
      hbm_axi_pkg::BurstWrap:  next_addr = {addr_q[AddrW-1:WrapW],
                                            (addr_q[WrapW-1:0] & ~wrap_mask_q)
                                            | (incr[WrapW-1:0] & wrap_mask_q)};
      default:                 next_addr = incr;
    endcase
  end

  logic last_beat;
  assign last_beat    = left_q == '0;
  assign ax_ready_o   = !busy_q || (beat_ready_i && last_beat);
  assign beat_valid_o = busy_q;
  assign beat_addr_o  = addr_q;
  assign beat_id_o    = id_q;
  assign beat_last_o  = last_beat;
  assign beat_step_o  = addr_q[11:0] ^ next_addr[11:0];
  assign beat_resp_o  = resp_q;

  // The beat handshake (beat_ready_i) comes late in the cycle (issue 14): what it decides
  // is worked out both ways and it picks one, so it is the last input of each next-state
  // bit rather than an input of the burst's acceptance that the state then waits on.
  logic take_if_ready, take_if_stalled, take;
  addr_t addr_if_ready, addr_if_stalled;
  assign take_if_ready   = ax_valid_i && (!busy_q || last_beat);
  assign take_if_stalled = ax_valid_i && !busy_q;
  assign take            = beat_ready_i ? take_if_ready : take_if_stalled;
  assign addr_if_ready   = take_if_ready ? ax_i.addr : (busy_q && !last_beat) ? next_addr : addr_q;
  assign addr_if_stalled = take_if_stalled ? ax_i.addr : addr_q;

  always_comb begin
    busy_d      = beat_ready_i ? (take_if_ready || (busy_q && !last_beat))
                               : (take_if_stalled || busy_q);
    addr_d      = beat_ready_i ? addr_if_ready : addr_if_stalled;
    left_d      = left_q;
    wrap_mask_d = wrap_mask_q;
    size_d      = size_q;
    burst_d     = burst_q;
    id_d        = id_q;
    resp_d      = resp_q;
    if (busy_q && beat_ready_i && !last_beat) left_d = left_q - 1'b1;
    if (take) begin
      // ((len + 1) << size) - 1, without the adders: len << size, the bits below set.
      wrap_mask_d = (WrapW'(ax_i.len) << ax_i.size) | ~({WrapW{1'b1}} << ax_i.size);
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
  // The 4 KiB check spells out the sizes of a 32-byte bus.
  initial assert (MaxSize == 5);
  // A beat not taken stays.
  hbm_hold_check #(.Width($bits(beat_addr_o))) u_beat_hold (
    .clk_i, .rst_ni, .valid_i (beat_valid_o), .ready_i (beat_ready_i), .data_i (beat_addr_o)
  );
`endif
endmodule
