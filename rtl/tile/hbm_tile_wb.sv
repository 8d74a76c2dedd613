// The tile's write-back: takes finished output rows from the head of the accumulation
// window in order, packs them into one Y beat per activation row (8 int32 or 32 int8,
// rounded, shifted and saturated), adds the old Y of an accumulating descriptor, and
// writes each beat to the port of the PC that holds it, with byte strobes for a group
// cut short by the end of the row. A descriptor is finished when its last beat's write
// response is back.
module hbm_tile_wb #(
  parameter int unsigned NumPorts = 64,
  localparam int unsigned PortW   = $clog2(NumPorts)
) (
  input  logic                                   clk_i,
  input  logic                                   rst_ni,
  input  logic [5:0]                             pcs_log2_i,
  input  logic [4:0]                             gran_log2_i,
  input  hbm_tile_pkg::blk_t                     blk_i,
  input  logic                                   blk_valid_i,
  output logic                                   blk_ready_o,   // the block is written back
  input  logic                                   head_done_i,
  input  hbm_tile_pkg::acc_vec_t                 head_sum_i,
  output logic                                   retire_o,
  // Old Y beats from the ports, port p's at [p*W +: W].
  input  logic [NumPorts-1:0]                    y_we_i,
  input  logic [NumPorts*hbm_tile_pkg::GrpW-1:0] y_grp_i,
  input  logic [NumPorts*hbm_tile_pkg::NW-1:0]   y_n_i,
  input  logic [NumPorts*hbm_axi_pkg::DataW-1:0] y_data_i,
  // Write beats to the ports, and their responses.
  output logic                                   wr_valid_o,
  output logic [PortW-1:0]                       wr_port_o,
  output hbm_tile_pkg::wr_req_t                  wr_req_o,
  input  logic                                   wr_ready_i,
  input  logic [7:0]                             b_count_i,   // B responses this tCK
  input  logic [1:0]                             rd_err_i,    // read errors, by descriptor mod 2
  input  logic                                   wr_err_i,    // a write error (this descriptor's)
  output logic                                   desc_done_o,
  output logic                                   desc_fail_o,
  output logic [15:0]                            wr_outstanding_o,
  output logic                                   busy_o
);
  localparam int unsigned AddrW   = hbm_axi_pkg::AddrW;
  localparam int unsigned DataW   = hbm_axi_pkg::DataW;
  localparam int unsigned MaxN    = hbm_tile_pkg::MaxN;
  localparam int unsigned NW      = hbm_tile_pkg::NW;
  localparam int unsigned GrpW    = hbm_tile_pkg::GrpW;
  localparam int unsigned YGroups = hbm_tile_pkg::YGroups;
  typedef hbm_axi_pkg::addr_t addr_t;
  typedef hbm_axi_pkg::data_t data_t;

  typedef enum logic [1:0] { SGather, SFlush, SDrain } state_e;
  state_e state_q, state_d;

  logic [MaxN*DataW-1:0] out_q;            // the group's beat per activation row, n's at n*DataW
  // Old Y by {group, activation row}.
  /* verilator tracing_off */
  data_t       yold_q [YGroups*MaxN];      // not traced: 32 KiB
  /* verilator tracing_on */
  logic [YGroups*MaxN-1:0] yv_q;           // old Y beat landed
  logic [31:0] m_q;                        // rows of the block taken
  logic [4:0]  pos_q;                      // row of the group the next row fills
  logic [NW:0] n_q;
  addr_t       grp_addr_q, addr_q;         // the group's beat for n = 0, for n
  logic [GrpW-1:0] grp_q;
  logic [15:0] wr_out_q;
  logic [1:0]  err_q;                     // by descriptor number mod 2
  logic        dsc_q;                     // number of the descriptor written back, mod 2

  // Requantisation to int8: round half up, arithmetic shift, saturate.
  function automatic logic [7:0] to_i8(hbm_tile_pkg::acc_t v, logic [4:0] shift);
    logic signed [32:0] r;
    r = {v[31], v};
    if (shift != 5'd0) r = (r + (33'sd1 <<< (shift - 5'd1))) >>> shift;
    if (r > 33'sd127)       to_i8 = 8'h7f;
    else if (r < -33'sd128) to_i8 = 8'h80;
    else                    to_i8 = r[7:0];
  endfunction

  // Eight int32 lanes of two beats, added (accumulate).
  function automatic data_t add32(data_t a, data_t b);
    data_t s;
    for (int i = 0; i < 8; i++) s[32*i +: 32] = a[32*i +: 32] + b[32*i +: 32];
    add32 = s;
  endfunction

  logic take_row, group_end, last_row, flush_done;
  logic [5:0] gbytes, gbytes_q;   // bytes of the group's rows in a beat (so far, at its end)
  assign take_row  = state_q == SGather && blk_valid_i && head_done_i;
  assign last_row  = (m_q + 32'd1) == blk_i.m;
  assign group_end = last_row || (blk_i.out_i8 ? pos_q == 5'd31 : pos_q[2:0] == 3'd7);
  assign gbytes    = blk_i.out_i8 ? 6'(pos_q) + 6'd1 : (6'(pos_q[2:0]) + 6'd1) << 2;
  assign retire_o  = take_row;

  // The beat for activation row n_q.
  addr_t gmask;
  logic [6:0] pmask;
  logic  need_old;
  logic [NW-1:0] n;
  data_t out_n;
  assign n          = NW'(n_q);
  assign out_n      = out_q[n*DataW +: DataW];
  assign gmask      = hbm_axi_pkg::low_mask(8'(gran_log2_i));
  assign pmask      = 7'(hbm_axi_pkg::low_mask(8'(pcs_log2_i)));
  assign need_old   = blk_i.acc && !yv_q[{grp_q, n}];
  assign wr_valid_o = state_q == SFlush && !need_old;
  assign wr_port_o  = PortW'((addr_q >> gran_log2_i) & AddrW'(pmask));
  // The bits above the PC number: a 5-bit sum, as a wire of its own (a shift amount is
  // self-determined; yosys 0.23 widens `a + b` there and differs when the sum wraps).
  logic [4:0] above_pc;
  assign above_pc = gran_log2_i + 5'(pcs_log2_i);
  always_comb begin
    wr_req_o      = '0;
    wr_req_o.addr = ((addr_q >> above_pc) << gran_log2_i) | (addr_q & gmask);
    wr_req_o.data = blk_i.acc ? add32(out_n, yold_q[{grp_q, n}]) : out_n;
    wr_req_o.strb = (gbytes_q == 6'd32) ? '1
                  : hbm_axi_pkg::StrbW'((33'd1 << gbytes_q) - 33'd1);
  end
  logic flush_last;
  assign flush_last = (n_q + 1'b1) == blk_i.nb;
  assign flush_done = wr_valid_o && wr_ready_i && flush_last;

  always_comb begin
    state_d     = state_q;
    blk_ready_o = 1'b0;
    desc_done_o = 1'b0;
    unique case (state_q)
      SGather: if (take_row && group_end) state_d = SFlush;
      SFlush:  if (flush_done && (m_q == blk_i.m)) begin
        blk_ready_o = 1'b1;
        state_d     = blk_i.last ? SDrain : SGather;
      end else if (flush_done) begin
        state_d = SGather;
      end
      SDrain:  if (wr_out_q == '0) begin
        desc_done_o = 1'b1;
        state_d     = SGather;
      end
      default: state_d = SGather;
    endcase
  end
  assign desc_fail_o      = err_q[dsc_q] || rd_err_i[dsc_q] || wr_err_i;
  assign wr_outstanding_o = wr_out_q;
  assign busy_o           = state_q != SGather || m_q != '0;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= SGather;
      m_q      <= '0;
      pos_q    <= '0;
      n_q      <= '0;
      grp_q    <= '0;
      wr_out_q <= '0;
      err_q    <= '0;
      dsc_q    <= 1'b0;
      gbytes_q <= '0;
      yv_q     <= '0;
    end else begin
      state_q  <= state_d;
      wr_out_q <= wr_out_q + 16'(wr_valid_o && wr_ready_i) - 16'(b_count_i);
      // A descriptor's errors are its own: the next one's reads may already be answered.
      err_q <= err_q | rd_err_i;
      if (wr_err_i) err_q[dsc_q] <= 1'b1;
      if (desc_done_o) begin
        err_q[dsc_q] <= 1'b0;
        dsc_q        <= !dsc_q;
      end
      if (take_row) begin
        m_q      <= m_q + 32'd1;
        pos_q    <= group_end ? 5'd0 : pos_q + 5'd1;
        gbytes_q <= gbytes;
      end
      if (wr_valid_o && wr_ready_i) begin
        n_q <= flush_last ? '0 : n_q + 1'b1;
        if (blk_i.acc) yv_q[{grp_q, n}] <= 1'b0;
        if (flush_last) grp_q <= grp_q + GrpW'(1);
      end
      if (blk_ready_o) m_q <= '0;
      for (int p = 0; p < NumPorts; p++) begin
        if (y_we_i[p]) yv_q[{y_grp_i[p*GrpW +: GrpW], y_n_i[p*NW +: NW]}] <= 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    for (int p = 0; p < NumPorts; p++) begin
      if (y_we_i[p]) begin
        yold_q[{y_grp_i[p*GrpW +: GrpW], y_n_i[p*NW +: NW]}] <= y_data_i[p*DataW +: DataW];
      end
    end
    if (take_row) begin
      for (int r = 0; r < MaxN; r++) begin
        if (blk_i.out_i8) begin
          out_q[r*DataW + 8*pos_q +: 8] <= to_i8(head_sum_i[32*r +: 32], blk_i.shift);
        end else begin
          out_q[r*DataW + 32*pos_q[2:0] +: 32] <= head_sum_i[32*r +: 32];
        end
      end
      // The group's first row fixes where its beats go.
      if (pos_q == 5'd0) begin
        grp_addr_q <= blk_i.y + (blk_i.out_i8 ? AddrW'(m_q) : AddrW'(m_q) << 2);
        addr_q     <= blk_i.y + (blk_i.out_i8 ? AddrW'(m_q) : AddrW'(m_q) << 2);
      end
    end
    if (wr_valid_o && wr_ready_i) begin
      addr_q <= flush_last ? grp_addr_q : addr_q + AddrW'(blk_i.ldy);
    end
  end

`ifndef SYNTHESIS
  always_ff @(posedge clk_i)
    a_no_b_without_write: assert (!rst_ni
      || (32'(b_count_i) <= 32'(wr_out_q) + 32'(wr_valid_o && wr_ready_i)));
`endif
endmodule
