// The scratchpad and the int8 MAC array. The scratchpad holds two banks of MaxN
// activation rows (X), written by whichever port a beat of X arrived on. Each port has a
// MAC lane: a weight beat (32 int8 of one row of W) is multiplied with the same 32
// columns of every activation row of the block, MaxN x 32 MACs in one tCK, and summed
// over the burst; the burst's sums go to the reduction as one record. The array knows
// nothing of AXI: it takes weight beats with valid/ready and gives records.
module hbm_tile_mac
  import hbm_axi_pkg::*;
  import hbm_tile_pkg::*;
#(
  parameter int unsigned NumPorts = 64
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       bank_clear_i,   // bank_i's X words are gone (a new block)
  input  logic       bank_i,
  input  logic       x_we_i    [NumPorts],
  input  spad_idx_t  x_idx_i   [NumPorts],
  input  data_t      x_data_i  [NumPorts],
  input  logic       w_valid_i [NumPorts],
  input  wbeat_t     w_beat_i  [NumPorts],
  output logic       w_ready_o [NumPorts],
  output logic       part_valid_o [NumPorts],
  output part_t      part_o       [NumPorts],
  input  logic       part_ready_i [NumPorts],
  output logic [15:0] macs_o     // MACs that count, this tCK
);
  localparam int unsigned SpadDepth = 2 * MaxN * SpadWords;

  localparam int unsigned BankWords = MaxN * SpadWords;

  // A valid bit per word: weight beats may arrive before the X words they need.
  // Not traced: 128 KiB of activations would swamp a waveform (and its dump time).
  /* verilator tracing_off */
  data_t                spad_q [SpadDepth];
  logic [BankWords-1:0] valid_q [2];
  /* verilator tracing_on */
  always_ff @(posedge clk_i) begin
    for (int p = 0; p < NumPorts; p++) begin
      if (x_we_i[p]) spad_q[x_idx_i[p]] <= x_data_i[p];
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q[0] <= '0;
      valid_q[1] <= '0;
    end else begin
      if (bank_clear_i) valid_q[bank_i] <= '0;
      for (int p = 0; p < NumPorts; p++) begin
        if (x_we_i[p]) valid_q[x_idx_i[p][SpadIdxW-1]][x_idx_i[p][SpadIdxW-2:0]] <= 1'b1;
      end
    end
  end

  // Dot product of the first `bytes` int8 of a weight beat and an activation word.
  function automatic acc_t dot(data_t w, data_t x, logic [5:0] bytes);
    acc_t s;
    logic signed [15:0] prod;
    s = '0;
    for (int b = 0; b < BeatBytes; b++) begin
      if (6'(b) < bytes) begin
        prod = $signed(w[8*b +: 8]) * $signed(x[8*b +: 8]);
        s = s + {{16{prod[15]}}, prod};
      end
    end
    return s;
  endfunction

  logic [15:0] lane_macs [NumPorts];
  for (genvar p = 0; p < NumPorts; p++) begin : g_lane
    acc_vec_t   sum_q;      // this burst so far
    logic       mid_q;      // a burst is under way (its first beat was taken)
    logic       out_valid_q;
    part_t      out_q;
    logic       take, granted, x_here;
    logic [5:0] bytes;
    wbeat_t     beat;

    assign beat    = w_beat_i[p];
    assign granted = part_ready_i[p];
    assign bytes = beat.last ? beat.tag.last_bytes : 6'd32;
    // Every X word the beat needs has landed.
    always_comb begin
      x_here = 1'b1;
      for (int n = 0; n < MaxN; n++) begin
        if (n < int'(beat.tag.nb) && !valid_q[beat.tag.bank][{NW'(n), beat.kword}]) x_here = 1'b0;
      end
    end
    // A last beat also needs the record register.
    assign w_ready_o[p]    = x_here && (!beat.last || !out_valid_q || granted);
    assign take            = w_valid_i[p] && w_ready_o[p];
    assign part_valid_o[p] = out_valid_q;
    assign part_o[p]       = out_q;
    assign lane_macs[p]    = take ? 16'(bytes) * 16'(beat.tag.nb) : 16'd0;

    // The multiplies sit inside the enable, so an idle lane costs no simulation time.
    always_ff @(posedge clk_i) begin
      if (take) begin
        for (int n = 0; n < MaxN; n++) begin
          acc_t s, base;
          s    = (n < int'(beat.tag.nb))
               ? dot(beat.data, spad_q[{beat.tag.bank, NW'(n), beat.kword}], bytes) : '0;
          base = mid_q ? sum_q[n] : '0;
          sum_q[n] <= base + s;
          if (beat.last) out_q.sum[n] <= base + s;
        end
        if (beat.last) out_q.slot <= beat.tag.slot;
      end
    end
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        mid_q       <= 1'b0;
        out_valid_q <= 1'b0;
      end else begin
        if (take) mid_q <= !beat.last;
        if (take && beat.last)     out_valid_q <= 1'b1;
        else if (granted)          out_valid_q <= 1'b0;
      end
    end
`ifndef SYNTHESIS
    a_record_kept: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_valid_q && !granted |=> out_valid_q && $stable(out_q));
`endif
  end

  always_comb begin
    macs_o = '0;
    for (int p = 0; p < NumPorts; p++) macs_o = macs_o + lane_macs[p];
  end

endmodule
