// The scratchpad and the int8 MAC array. The scratchpad holds two banks of MaxN
// activation rows (X), written by whichever port a beat of X arrived on. Each port has a
// MAC lane: a weight beat (32 int8 of one row of W) is multiplied with the same 32
// columns of every activation row of the block, MaxN x 32 MACs in one tCK, and summed
// over the burst; the burst's sums go to the reduction as one record. The array knows
// nothing of AXI: it takes weight beats with valid/ready (a beat's bytes are its port's R
// data, r_data_i, which also brings X; w_beat_i has the rest) and gives records.
//
// Per-port signals are flat vectors, port p's element at [p*W +: W] (yosys 0.23 reads no
// unpacked-array port and no packed array of a struct).
module hbm_tile_mac #(
  parameter int unsigned NumPorts = 64
) (
  input  logic                                       clk_i,
  input  logic                                       rst_ni,
  input  logic                                       bank_clear_i,   // bank_i's X is gone
  input  logic                                       bank_i,
  input  logic [NumPorts-1:0]                        x_we_i,
  input  logic [NumPorts*hbm_tile_pkg::SpadIdxW-1:0] x_idx_i,
  input  logic [NumPorts*hbm_axi_pkg::DataW-1:0]     r_data_i,   // each port's R beat: X or W
  input  logic [NumPorts-1:0]                        w_valid_i,
  input  logic [NumPorts*hbm_tile_pkg::WbeatW-1:0]   w_beat_i,
  output logic [NumPorts-1:0]                        w_ready_o,
  output logic [NumPorts-1:0]                        part_valid_o,
  output logic [NumPorts*hbm_tile_pkg::PartW-1:0]    part_o,
  input  logic [NumPorts-1:0]                        part_ready_i,
  output logic [15:0]                                macs_o   // MACs that count, this tCK
);
  localparam int unsigned MaxN      = hbm_tile_pkg::MaxN;
  localparam int unsigned NW        = hbm_tile_pkg::NW;
  localparam int unsigned KwW       = hbm_tile_pkg::KwW;
  localparam int unsigned SlotW     = hbm_tile_pkg::SlotW;
  localparam int unsigned IdxW      = hbm_tile_pkg::SpadIdxW;
  localparam int unsigned DataW     = hbm_axi_pkg::DataW;
  localparam int unsigned WbeatW    = hbm_tile_pkg::WbeatW;
  localparam int unsigned PartW     = hbm_tile_pkg::PartW;
  localparam int unsigned SpadDepth = 2 * MaxN * hbm_tile_pkg::SpadWords;
  typedef hbm_tile_pkg::acc_t acc_t;

  // A valid bit per word: weight beats may arrive before the X words they need. A word's
  // valid bit has the word's scratchpad index {bank, n, kword}.
  // Not traced: 128 KiB of activations would swamp a waveform (and its dump time).
  /* verilator tracing_off */
  hbm_axi_pkg::data_t     spad_q [SpadDepth];
  logic [SpadDepth-1:0]   valid_q;
  /* verilator tracing_on */
  always_ff @(posedge clk_i) begin
    for (int p = 0; p < NumPorts; p++) begin
      if (x_we_i[p]) spad_q[x_idx_i[p*IdxW +: IdxW]] <= r_data_i[p*DataW +: DataW];
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
    end else begin
      if (bank_clear_i) valid_q[bank_i*(SpadDepth/2) +: SpadDepth/2] <= '0;
      for (int p = 0; p < NumPorts; p++) begin
        if (x_we_i[p]) valid_q[x_idx_i[p*IdxW +: IdxW]] <= 1'b1;
      end
    end
  end

  // Dot product of the first `bytes` int8 of a weight beat and an activation word.
  // One C++ function in the Verilated model: inlined at its 4 x NumPorts uses it was a quarter
  // of the tile model's C++, and every evaluation zeroed each use's two 256-bit argument
  // copies (GEMV on 8 PCs: 5.9 % fewer instructions per row as a function).
  function automatic acc_t dot(hbm_axi_pkg::data_t w, hbm_axi_pkg::data_t x, logic [5:0] bytes);
    /* verilator no_inline_task */
    acc_t s;
    logic signed [15:0] prod;
    s = '0;
    for (int b = 0; b < hbm_tile_pkg::BeatBytes; b++) begin
      if (6'(b) < bytes) begin
        prod = $signed(w[8*b +: 8]) * $signed(x[8*b +: 8]);
        s = s + {{16{prod[15]}}, prod};
      end
    end
    dot = s;
  endfunction

  // The fields of each lane's weight beat, as flat per-lane vectors: yosys 0.23 reads no
  // member of a struct declared in a generate block.
  hbm_tile_pkg::wbeat_t        beat;
  logic [NumPorts-1:0]         b_last, b_bank;
  logic [NumPorts*6-1:0]       b_last_bytes;
  logic [NumPorts*(NW+1)-1:0]  b_nb;
  logic [NumPorts*KwW-1:0]     b_kword;
  logic [NumPorts*SlotW-1:0]   b_slot;
  always_comb begin
    beat = '0;
    for (int p = 0; p < NumPorts; p++) begin
      beat = w_beat_i[p*WbeatW +: WbeatW];
      b_last[p]                    = beat.last;
      b_bank[p]                    = beat.tag.bank;
      b_last_bytes[p*6 +: 6]       = beat.tag.last_bytes;
      b_nb[p*(NW+1) +: NW+1]       = beat.tag.nb;
      b_kword[p*KwW +: KwW]        = beat.kword;
      b_slot[p*SlotW +: SlotW]     = beat.tag.slot;
    end
  end

  logic [16*NumPorts-1:0] lane_macs;
  // Each lane's record, gathered into part_o by one loop: as an assign per lane, Verilator
  // built part_o (NumPorts x PartW bits) by a chain of growing concatenations on every
  // edge, copying it NumPorts times.
  logic [SlotW-1:0]       rec_slot [NumPorts];
  logic [32*MaxN-1:0]     rec_sum  [NumPorts];
  always_comb begin
    for (int p = 0; p < NumPorts; p++) part_o[p*PartW +: PartW] = {rec_slot[p], rec_sum[p]};
  end
  for (genvar p = 0; p < NumPorts; p++) begin : g_lane
    logic [32*MaxN-1:0] sum_q;       // this burst so far (acc_vec_t)
    logic               mid_q;       // a burst is under way (its first beat was taken)
    logic               out_valid_q;
    logic [SlotW-1:0]   out_slot_q;  // the record: part_t {slot, sum}
    logic [32*MaxN-1:0] out_sum_q;
    logic               take, granted, x_here, last, bank;
    logic [5:0]         bytes;
    logic [NW:0]        nb;
    logic [KwW-1:0]     kword;

    assign last    = b_last[p];
    assign bank    = b_bank[p];
    assign nb      = b_nb[p*(NW+1) +: NW+1];
    assign kword   = b_kword[p*KwW +: KwW];
    assign granted = part_ready_i[p];
    assign bytes   = last ? b_last_bytes[p*6 +: 6] : 6'd32;
    // Every X word the beat needs has landed.
    always_comb begin
      x_here = 1'b1;
      for (int n = 0; n < MaxN; n++) begin
        if (32'(n) < 32'(nb) && !valid_q[{bank, NW'(n), kword}]) x_here = 1'b0;
      end
    end
    // A last beat also needs the record register.
    assign w_ready_o[p]    = x_here && (!last || !out_valid_q || granted);
    assign take            = w_valid_i[p] && w_ready_o[p];
    assign part_valid_o[p] = out_valid_q;
    assign rec_slot[p]     = out_slot_q;
    assign rec_sum[p]      = out_sum_q;
    assign lane_macs[16*p +: 16]    = take ? 16'(bytes) * 16'(nb) : 16'd0;

    // The multiplies sit inside the enable, so an idle lane costs no simulation time.
    always_ff @(posedge clk_i) begin
      acc_t s, base;
      if (take) begin
        for (int n = 0; n < MaxN; n++) begin
          // An if with no else: Verilator makes an if/else of two assignments a ?:, and
          // calls a function in a ?: on every evaluation, so a batch-1 GEMV paid MaxN
          // dot products a beat for the one it uses.
          s = '0;
          if (32'(n) < 32'(nb)) begin
            s = dot(r_data_i[p*DataW +: DataW], spad_q[{bank, NW'(n), kword}], bytes);
          end
          base = mid_q ? sum_q[32*n +: 32] : '0;
          sum_q[32*n +: 32] <= base + s;
          if (last) out_sum_q[32*n +: 32] <= base + s;
        end
        if (last) out_slot_q <= b_slot[p*SlotW +: SlotW];
      end
    end
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        mid_q       <= 1'b0;
        out_valid_q <= 1'b0;
      end else begin
        if (take) mid_q <= !last;
        if (take && last)     out_valid_q <= 1'b1;
        else if (granted)     out_valid_q <= 1'b0;
      end
    end
`ifndef SYNTHESIS
    // A record not granted stays.
    hbm_hold_check #(.Width($bits({out_slot_q, out_sum_q}))) u_record_hold (
      .clk_i, .rst_ni, .valid_i (out_valid_q), .ready_i (granted),
      .data_i ({out_slot_q, out_sum_q})
    );
`endif
  end

  always_comb begin
    macs_o = '0;
    for (int p = 0; p < NumPorts; p++) macs_o = macs_o + lane_macs[16*p +: 16];
  end

endmodule
