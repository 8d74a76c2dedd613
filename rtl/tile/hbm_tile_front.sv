// The tile's descriptor front end: checks a descriptor before it touches memory, then
// walks it block by block (up to MaxN activation rows): loads the block's X rows into a
// scratchpad bank, then streams every weight row as read bursts, each split at the
// interleave granule and at 4 KiB, sent to the port of the PC that holds it. Each weight
// row takes a slot in the accumulation window; the write-back learns of each block.
// The next descriptor starts while the previous one is still being written back.
module hbm_tile_front #(
  parameter int unsigned NumPorts = 64,
  localparam int unsigned PortW   = $clog2(NumPorts)
) (
  input  logic                              clk_i,
  input  logic                              rst_ni,
  input  logic [5:0]                        pcs_log2_i,
  input  logic [4:0]                        gran_log2_i,
  input  logic [5:0]                        mem_log2_i,
  input  hbm_tile_pkg::desc_t               desc_i,
  input  logic                              desc_valid_i,
  output logic                              desc_ready_o,
  output logic                              chk_fail_o,
  output hbm_tile_pkg::err_e                chk_code_o,
  // Read bursts to the ports.
  output logic                              rd_valid_o,
  output logic [PortW-1:0]                  rd_port_o,
  output hbm_tile_pkg::rd_req_t             rd_req_o,
  input  logic                              rd_ready_i,
  output logic                              bank_clear_o,   // a block starts: bank is empty
  output logic                              bank_o,
  // The accumulation window.
  input  logic                              win_full_i,
  input  logic [hbm_tile_pkg::SlotW-1:0]    tail_slot_i,
  output logic                              row_open_o,
  output logic                              row_burst_o,
  output logic                              row_close_o,
  // Blocks to the write-back, and what it has finished.
  output hbm_tile_pkg::blk_t                blk_o,
  output logic                              blk_valid_o,
  input  logic                              blk_ready_i,
  input  logic                              blk_retired_i,
  input  logic                              desc_done_i,
  output logic                              busy_o
);
  localparam int unsigned AddrW = hbm_axi_pkg::AddrW;
  localparam int unsigned MaxN  = hbm_tile_pkg::MaxN;
  localparam int unsigned NW    = hbm_tile_pkg::NW;
  localparam int unsigned KwW   = hbm_tile_pkg::KwW;
  localparam int unsigned SlotW = hbm_tile_pkg::SlotW;
  localparam int unsigned GrpW  = hbm_tile_pkg::GrpW;
  typedef hbm_axi_pkg::addr_t addr_t;

  typedef enum logic [3:0] {
    SIdle, SCheck, SExtent, SDecide, SStart, SBlock, SXIssue, SWStart, SRowOpen, SYIssue, SWIssue,
    SNextBlk
  } state_e;
  state_e state_q, state_d;

  hbm_tile_pkg::desc_t d_q;
  logic [65:0] pw_q, px_q, py_q;           // (rows - 1) x stride of W, X, Y
  logic [65:0] kr_q, yr_q;                 // row bytes of W/X and Y, whole beats
  logic [65:0] w_end_q, x_end_q, y_end_q;  // one past each tensor's last byte read
  logic [15:0] started_q, completed_q;     // descriptors started / written back
  logic [65:0] prev_y_q, prev_y_end_q;     // Y of the last started descriptor
  logic [15:0] blk_seq_q, retired_q;       // blocks started / written back
  logic [31:0] n0_q, n_q, m_q;
  hbm_tile_pkg::nb_t nb_q;
  addr_t       xblk_q, yblk_q, row_q, cur_q;
  logic [9:0]  rem_q, kw_q;                // beats left in the row, beats done
  logic [SlotW-1:0] slot_q;
  logic [GrpW-1:0]  grp_q, grp_cur_q;     // next old-Y group, the one being read

  // Each register follows its own small rule; the state machine below says when.
  logic [9:0]  kbeats;
  assign kbeats = 10'((d_q.k + 32'd31) >> 5);

  // The bits above the PC number: a 5-bit sum, as a wire of its own (a shift amount is
  // self-determined; yosys 0.23 widens `a + b` there and differs when the sum wraps).
  logic [4:0] above_pc;
  assign above_pc = gran_log2_i + 5'(pcs_log2_i);

  // The next burst of the row being walked: up to the granule's end, 4 KiB, the row's end.
  addr_t      gmask, local_addr;
  logic [6:0] pmask;
  logic [9:0] to_gran, to_4k, chunk;
  logic       row_end;
  always_comb begin
    gmask      = hbm_axi_pkg::low_mask(8'(gran_log2_i));
    pmask      = 7'(hbm_axi_pkg::low_mask(8'(pcs_log2_i)));
    to_4k      = 10'd128 - 10'(cur_q[11:5]);
    // Beats to the granule's end, less one: (gmask - (cur & gmask)) >> 5, which is the
    // mask's bits cur leaves clear (no subtract: cur & gmask lies within gmask).
    to_gran    = ((gmask & ~cur_q) >> 5) >= AddrW'(127) ? 10'd128
               : 10'(((gmask & ~cur_q) >> 5) + AddrW'(1));
    chunk      = rem_q;
    if (to_4k < chunk)   chunk = to_4k;
    if (to_gran < chunk) chunk = to_gran;
    row_end    = (chunk == rem_q);
    local_addr = ((cur_q >> above_pc) << gran_log2_i) | (cur_q & gmask);
    rd_port_o  = PortW'((cur_q >> gran_log2_i) & AddrW'(pmask));
  end

  // The descriptor's checks, in the order the error codes are documented.
  logic [65:0] mem_bytes;
  logic        esize4;
  hbm_tile_pkg::err_e code_d;
  assign mem_bytes = 66'(1) << mem_log2_i;
  assign esize4    = !d_q.out_i8;
  always_comb begin
    code_d = hbm_tile_pkg::ErrNone;
    if (d_q.op != hbm_tile_pkg::OpGemv && d_q.op != hbm_tile_pkg::OpGemm) begin
      code_d = hbm_tile_pkg::ErrBadOp;
    end else if (d_q.m == 0 || d_q.k == 0 || d_q.n == 0) begin
      code_d = hbm_tile_pkg::ErrZeroSize;
    end else if (d_q.acc && d_q.out_i8) begin
      code_d = hbm_tile_pkg::ErrBadFlags;
    end else if ((d_q.w[4:0] | d_q.x[4:0] | d_q.y[4:0] | d_q.ldw[4:0] | d_q.ldx[4:0]
                  | d_q.ldy[4:0]) != 5'd0) begin
      code_d = hbm_tile_pkg::ErrMisaligned;
    end else if (d_q.k > hbm_tile_pkg::MaxK
                 || (d_q.op == hbm_tile_pkg::OpGemv && d_q.n > MaxN)) begin
      code_d = hbm_tile_pkg::ErrTooLarge;
    end else if ((d_q.m > 1 && 66'(d_q.ldw) < 66'(d_q.k))
                 || (d_q.n > 1 && 66'(d_q.ldx) < 66'(d_q.k))
                 || (d_q.n > 1 && 66'(d_q.ldy) < (esize4 ? 66'(d_q.m) << 2 : 66'(d_q.m)))) begin
      code_d = hbm_tile_pkg::ErrStride;
    end else if (d_q.beyond != '0 || w_end_q > mem_bytes || x_end_q > mem_bytes
                 || y_end_q > mem_bytes) begin
      code_d = hbm_tile_pkg::ErrRange;
    end
  end

  // A read of the new descriptor may not pass a write of the one still draining.
  logic hazard, pending;
  function automatic logic overlaps(logic [65:0] a0, logic [65:0] a1, logic [65:0] b0,
                                    logic [65:0] b1);
    overlaps = (a0 < b1) && (b0 < a1);
  endfunction
  assign pending = (started_q != completed_q);
  assign hazard  = pending && (overlaps(66'(d_q.w), w_end_q, prev_y_q, prev_y_end_q)
                            || overlaps(66'(d_q.x), x_end_q, prev_y_q, prev_y_end_q)
                            || (d_q.acc && overlaps(66'(d_q.y), y_end_q, prev_y_q,
                                                    prev_y_end_q)));

  // Outputs of the walk: which request goes out in this state.
  hbm_tile_pkg::tag_t tag;
  always_comb begin
    tag            = '0;
    tag.bank       = blk_seq_q[0];
    tag.nb         = nb_q;
    tag.kword      = KwW'(kw_q);
    tag.slot       = slot_q;
    tag.grp        = grp_cur_q;
    tag.n          = NW'(n_q);
    tag.last_bytes = 6'd32;
    tag.dsc        = !started_q[0];   // counted when it started: this is number started - 1
    unique case (state_q)
      SXIssue: tag.kind = hbm_tile_pkg::KindX;
      SYIssue: tag.kind = hbm_tile_pkg::KindY;
      default: begin
        tag.kind = hbm_tile_pkg::KindW;
        if (row_end && d_q.k[4:0] != 5'd0) tag.last_bytes = 6'(d_q.k[4:0]);
      end
    endcase
  end
  assign rd_valid_o = (state_q == SXIssue) || (state_q == SYIssue) || (state_q == SWIssue);
  always_comb begin
    rd_req_o      = '0;
    rd_req_o.addr = local_addr;
    rd_req_o.len  = (state_q == SYIssue) ? 8'd0 : 8'(chunk - 10'd1);
    rd_req_o.tag  = tag;
  end
  // The block's activation rows: what is left of n, at most MaxN.
  hbm_tile_pkg::nb_t nb_d;
  assign nb_d = (d_q.n - n0_q) >= MaxN ? (NW + 1)'(MaxN) : (NW + 1)'(d_q.n - n0_q);
  always_comb begin
    blk_o        = '0;
    blk_o.y      = yblk_q;
    blk_o.ldy    = d_q.ldy;
    blk_o.m      = d_q.m;
    blk_o.nb     = nb_d;
    blk_o.acc    = d_q.acc;
    blk_o.out_i8 = d_q.out_i8;
    blk_o.shift  = d_q.shift;
    blk_o.last   = (n0_q + 32'(nb_d)) >= d_q.n;
  end

  // A row opens in SRowOpen, or straight from the previous row's last burst (chain_row):
  // a row of one burst then costs one tCK, not two, so short rows (an attention head's
  // K, 128 to 512 bytes) still stream at a PC's rate. m_open is the row that opens.
  logic first_row_of_grp, start_ok, take, chain_row;
  logic [31:0] m_open;
  assign m_open = (state_q == SWIssue) ? m_q + 32'd1 : m_q;
  assign first_row_of_grp = d_q.out_i8 ? (m_open[4:0] == 5'd0) : (m_open[2:0] == 3'd0);
  assign start_ok = !hazard && (started_q - completed_q) < 16'd2;
  assign take     = rd_valid_o && rd_ready_i;
  assign chain_row = (state_q == SWIssue) && take && row_end && (m_open != d_q.m)
                  && !win_full_i && !(d_q.acc && first_row_of_grp);

  always_comb begin
    state_d      = state_q;
    desc_ready_o = 1'b0;
    chk_fail_o   = 1'b0;
    row_open_o   = 1'b0;
    row_burst_o  = 1'b0;
    row_close_o  = 1'b0;
    blk_valid_o  = 1'b0;
    unique case (state_q)
      SIdle:   if (desc_valid_i) begin
        desc_ready_o = 1'b1;
        state_d      = SCheck;
      end
      SCheck:  state_d = SExtent;
      SExtent: state_d = SDecide;
      SDecide: begin
        if (code_d != hbm_tile_pkg::ErrNone) begin
          chk_fail_o = 1'b1;
          state_d    = SIdle;
        end else begin
          state_d = SStart;
        end
      end
      SStart:  if (start_ok) state_d = SBlock;
      SBlock:  if (16'(blk_seq_q - retired_q) < 16'd2) begin
        blk_valid_o = 1'b1;
        if (blk_ready_i) state_d = SXIssue;
      end
      SXIssue: if (take && row_end && 32'(n_q + 1) == 32'(nb_q)) state_d = SWStart;
      // Weights go out at once: a lane holds a weight beat until its X words have landed.
      SWStart: state_d = SRowOpen;
      SRowOpen: begin
        if (m_q == d_q.m) begin
          state_d = SNextBlk;
        end else if (!win_full_i) begin
          row_open_o = 1'b1;
          state_d = (d_q.acc && first_row_of_grp) ? SYIssue : SWIssue;
        end
      end
      SYIssue: if (take && 32'(n_q + 1) == 32'(nb_q)) state_d = SWIssue;
      SWIssue: if (take) begin
        row_burst_o = 1'b1;
        if (row_end) begin
          row_close_o = 1'b1;
          row_open_o  = chain_row;
          state_d     = chain_row ? SWIssue : SRowOpen;
        end
      end
      SNextBlk: state_d = ((n0_q + MaxN) >= d_q.n) ? SIdle : SBlock;
      default: state_d = SIdle;
    endcase
  end
  assign chk_code_o   = code_d;
  assign bank_clear_o = blk_valid_o && blk_ready_i;
  assign bank_o       = blk_seq_q[0];
  assign busy_o     = (state_q != SIdle);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q     <= SIdle;
      started_q   <= '0;
      completed_q <= '0;
      blk_seq_q   <= '0;
      retired_q   <= '0;
      grp_q       <= '0;
      grp_cur_q   <= '0;
    end else begin
      state_q     <= state_d;
      completed_q <= completed_q + 16'(desc_done_i);
      retired_q   <= retired_q + 16'(blk_retired_i);
      if (state_q == SStart && start_ok) started_q <= started_q + 16'd1;
      if (state_q == SNextBlk) blk_seq_q <= blk_seq_q + 16'd1;
      // Output groups (one Y beat per activation row) are numbered in the order the
      // write-back flushes them; an accumulating descriptor's old Y lands by number.
      if (row_open_o && first_row_of_grp) begin
        grp_q     <= grp_q + GrpW'(1);
        grp_cur_q <= grp_q;
      end
    end
  end

  // Datapath registers (no reset needed: each is written before it is used).
  logic step_in_row;   // a burst of X or W went out and the row goes on
  assign step_in_row = take && !row_end && (state_q == SXIssue || state_q == SWIssue);
  always_ff @(posedge clk_i) begin
    if (step_in_row) begin
      cur_q <= cur_q + (AddrW'(chunk) << 5);
      rem_q <= rem_q - chunk;
      kw_q  <= kw_q + chunk;
    end
    unique case (state_q)
      SIdle: if (desc_valid_i) d_q <= desc_i;
      SCheck: begin
        pw_q <= 66'(32'(d_q.m - 32'd1)) * 66'(d_q.ldw);
        px_q <= 66'(32'(d_q.n - 32'd1)) * 66'(d_q.ldx);
        py_q <= 66'(32'(d_q.n - 32'd1)) * 66'(d_q.ldy);
        kr_q <= 66'(kbeats) << 5;
        yr_q <= ((esize4 ? 66'(d_q.m) << 2 : 66'(d_q.m)) + 66'd31) & ~66'd31;
      end
      SExtent: begin
        w_end_q <= 66'(d_q.w) + pw_q + kr_q;
        x_end_q <= 66'(d_q.x) + px_q + kr_q;
        y_end_q <= 66'(d_q.y) + py_q + yr_q;
      end
      SStart: if (start_ok) begin
        prev_y_q     <= 66'(d_q.y);
        prev_y_end_q <= y_end_q;
        n0_q         <= '0;
        xblk_q       <= d_q.x;
        yblk_q       <= d_q.y;
      end
      SBlock: begin
        nb_q  <= nb_d;
        n_q   <= '0;
        cur_q <= xblk_q;
        row_q <= xblk_q;
        rem_q <= kbeats;
        kw_q  <= '0;
      end
      SXIssue: if (take && row_end) begin
        n_q   <= n_q + 32'd1;
        row_q <= row_q + AddrW'(d_q.ldx);
        cur_q <= row_q + AddrW'(d_q.ldx);
        rem_q <= kbeats;
        kw_q  <= '0;
      end
      SWStart: begin
        m_q   <= '0;
        row_q <= d_q.w;
      end
      SRowOpen: if (m_q != d_q.m && !win_full_i) begin
        slot_q <= tail_slot_i;
        n_q    <= '0;
        // Old Y of the group first (beat m x 4 bytes into the block's first Y row).
        cur_q  <= (d_q.acc && first_row_of_grp) ? yblk_q + (AddrW'(m_q) << 2) : row_q;
        rem_q  <= (d_q.acc && first_row_of_grp) ? 10'd1 : kbeats;
        kw_q   <= '0;
      end
      SYIssue: if (take) begin
        n_q   <= n_q + 32'd1;
        cur_q <= (32'(n_q + 1) == 32'(nb_q)) ? row_q : cur_q + AddrW'(d_q.ldy);
        rem_q <= (32'(n_q + 1) == 32'(nb_q)) ? kbeats : 10'd1;
      end
      SWIssue: if (take && row_end) begin
        m_q   <= m_q + 32'd1;
        row_q <= row_q + AddrW'(d_q.ldw);
        if (chain_row) begin   // what SRowOpen would do for the next row
          slot_q <= tail_slot_i;
          n_q    <= '0;
          cur_q  <= row_q + AddrW'(d_q.ldw);
          rem_q  <= kbeats;
          kw_q   <= '0;
        end
      end
      SNextBlk: begin
        n0_q   <= n0_q + MaxN;
        xblk_q <= xblk_q + (AddrW'(d_q.ldx) << NW);
        yblk_q <= yblk_q + (AddrW'(d_q.ldy) << NW);
      end
      default: ;
    endcase
  end

`ifndef SYNTHESIS
  always_ff @(posedge clk_i)
    a_burst_in_4k: assert (!rst_ni
      || !(take && state_q != SYIssue)
      || ((32'(cur_q[11:0]) + (32'(chunk) << 5)) <= 32'd4096));
`endif
endmodule
