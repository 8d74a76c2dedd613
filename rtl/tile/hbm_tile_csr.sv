// The tile's control and status registers on an APB slave: descriptor staging registers
// and a queue the host pushes into, status, the last error, interrupt enable/status,
// and the counters. Offsets are in hbm_tile_pkg (Csr*).
module hbm_tile_csr #(
  parameter int unsigned QueueDepth = 4
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  hbm_pkg::apb_req_t    apb_i,
  output hbm_pkg::apb_rsp_t    apb_o,
  output logic                 irq_o,
  output logic [3:0]           queued_o,
  // Descriptors to the front end.
  output hbm_tile_pkg::desc_t  desc_o,
  output logic                 desc_valid_o,
  input  logic                 desc_ready_i,
  // Descriptors finished: failed a check (front end), or written back (write-back).
  input  logic                 chk_fail_i,
  input  hbm_tile_pkg::err_e   chk_code_i,
  input  logic                 wb_done_i,
  input  logic                 wb_fail_i,   // with wb_done_i: a memory error was answered
  // Per-tCK counter increments.
  input  logic                 busy_i,
  input  logic                 stall_i,
  input  logic [7:0]           rd_beats_i,
  input  logic                 wr_beat_i,
  input  logic [15:0]          macs_i
);
  localparam int unsigned NumCounters = hbm_tile_pkg::NumCounters;
  localparam int unsigned QCountW     = $clog2(QueueDepth + 1);

  hbm_tile_pkg::desc_t stage_q, stage_d;
  logic [1:0]          irq_en_q, irq_en_d, irq_st_q, irq_st_d;
  hbm_tile_pkg::err_e  err_q, err_d;
  logic [15:0]         err_seq_q, err_seq_d;
  logic [31:0]         done_q, done_d;
  logic                freeze_q, freeze_d, clear;
  logic [64*NumCounters-1:0] cnt_q;   // counter c at [64*c +: 64]

  logic access, wr, push, q_ready;
  logic [11:0] a;
  assign access = apb_i.sel && apb_i.enable;
  assign wr     = access && apb_i.write;
  assign a      = apb_i.addr[11:0];
  assign push   = wr && (a == hbm_tile_pkg::CsrDPush);
  assign clear  = wr && (a == hbm_tile_pkg::CsrCntCtrl) && apb_i.wdata[0];

  logic [QCountW-1:0] q_count_q;
  hbm_fifo #(.Width(hbm_tile_pkg::DescW), .Depth(QueueDepth)) u_queue (
    .clk_i, .rst_ni,
    .data_i  (stage_q), .valid_i (push), .ready_o (q_ready),
    .data_o  (desc_o), .valid_o (desc_valid_o), .ready_i (desc_ready_i)
  );
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) q_count_q <= '0;
    else q_count_q <= q_count_q + QCountW'(push && q_ready)
                                - QCountW'(desc_valid_o && desc_ready_i);
  end
  assign queued_o = 4'(q_count_q);
  assign irq_o    = |(irq_st_q & irq_en_q);

  // Register writes; a finished descriptor sets its interrupt bit.
  always_comb begin
    stage_d  = stage_q;
    irq_en_d = irq_en_q;
    irq_st_d = irq_st_q;
    err_d    = err_q;
    err_seq_d = err_seq_q;
    freeze_d = freeze_q;
    done_d   = done_q + 32'(chk_fail_i) + 32'(wb_done_i);
    if (wr) begin
      unique case (a)
        hbm_tile_pkg::CsrDOp: begin
          stage_d.op     = apb_i.wdata[3:0];
          stage_d.acc    = apb_i.wdata[8];
          stage_d.out_i8 = apb_i.wdata[9];
          stage_d.shift  = apb_i.wdata[20:16];
        end
        hbm_tile_pkg::CsrDW:           stage_d.w[31:0]  = apb_i.wdata;
        // The high words' bits above addr_t: `beyond`, below.
        hbm_tile_pkg::CsrDW + 12'd4:   stage_d.w[39:32] = apb_i.wdata[7:0];
        hbm_tile_pkg::CsrDX:           stage_d.x[31:0]  = apb_i.wdata;
        hbm_tile_pkg::CsrDX + 12'd4:   stage_d.x[39:32] = apb_i.wdata[7:0];
        hbm_tile_pkg::CsrDY:           stage_d.y[31:0]  = apb_i.wdata;
        hbm_tile_pkg::CsrDY + 12'd4:   stage_d.y[39:32] = apb_i.wdata[7:0];
        hbm_tile_pkg::CsrDM:           stage_d.m   = apb_i.wdata;
        hbm_tile_pkg::CsrDK:           stage_d.k   = apb_i.wdata;
        hbm_tile_pkg::CsrDN:           stage_d.n   = apb_i.wdata;
        hbm_tile_pkg::CsrDLdw:         stage_d.ldw = apb_i.wdata;
        hbm_tile_pkg::CsrDLdx:         stage_d.ldx = apb_i.wdata;
        hbm_tile_pkg::CsrDLdy:         stage_d.ldy = apb_i.wdata;
        hbm_tile_pkg::CsrIrqEn:        irq_en_d = apb_i.wdata[1:0];
        hbm_tile_pkg::CsrIrqStatus:    irq_st_d = irq_st_q & ~apb_i.wdata[1:0];
        hbm_tile_pkg::CsrCntCtrl:      freeze_d = apb_i.wdata[1];
        default: ;
      endcase
    end
    // A high address word with bits beyond the 40-bit space makes the tensor out of range
    // (the front end's check), rather than wrap to a low address.
    if (wr && a == hbm_tile_pkg::CsrDW + 12'd4) stage_d.beyond[0] = apb_i.wdata[31:8] != '0;
    if (wr && a == hbm_tile_pkg::CsrDX + 12'd4) stage_d.beyond[1] = apb_i.wdata[31:8] != '0;
    if (wr && a == hbm_tile_pkg::CsrDY + 12'd4) stage_d.beyond[2] = apb_i.wdata[31:8] != '0;
    if (wb_done_i && !wb_fail_i) irq_st_d[0] = 1'b1;
    if (chk_fail_i || (wb_done_i && wb_fail_i)) begin
      irq_st_d[1] = 1'b1;
      err_d       = chk_fail_i ? chk_code_i : hbm_tile_pkg::ErrMemory;
      err_seq_d   = 16'(done_q);   // descriptors finished before this one
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      stage_q   <= '0;
      irq_en_q  <= '0;
      irq_st_q  <= '0;
      err_q     <= hbm_tile_pkg::ErrNone;
      err_seq_q <= '0;
      freeze_q  <= 1'b0;
      done_q    <= '0;
    end else begin
      stage_q   <= stage_d;
      irq_en_q  <= irq_en_d;
      irq_st_q  <= irq_st_d;
      err_q     <= err_d;
      err_seq_q <= err_seq_d;
      freeze_q  <= freeze_d;
      done_q    <= done_d;
    end
  end

  // Counters.
  logic [64*NumCounters-1:0] inc;
  always_comb begin
    inc = '0;
    inc[64*hbm_tile_pkg::CntBusy     +: 64] = 64'(busy_i);
    inc[64*hbm_tile_pkg::CntMemStall +: 64] = 64'(stall_i);
    inc[64*hbm_tile_pkg::CntRdBytes  +: 64] = 64'(rd_beats_i) << 5;
    inc[64*hbm_tile_pkg::CntWrBytes  +: 64] = 64'(wr_beat_i) << 5;
    inc[64*hbm_tile_pkg::CntMacs     +: 64] = 64'(macs_i);
    inc[64*hbm_tile_pkg::CntDescs    +: 64] = 64'(wb_done_i && !wb_fail_i);
    inc[64*hbm_tile_pkg::CntErrors   +: 64] = 64'(chk_fail_i) + 64'(wb_done_i && wb_fail_i);
  end
  for (genvar c = 0; c < NumCounters; c++) begin : g_cnt
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni)        cnt_q[64*c +: 64] <= '0;
      else if (clear)     cnt_q[64*c +: 64] <= '0;
      else if (!freeze_q) cnt_q[64*c +: 64] <= cnt_q[64*c +: 64] + inc[64*c +: 64];
    end
  end

  // Reads.
  logic [31:0] rdata;
  logic        in_cnt;
  logic [2:0]  cnt_idx;
  assign in_cnt  = (a >= hbm_tile_pkg::CsrCounters)
                && (a < hbm_tile_pkg::CsrCounters + 12'(8 * NumCounters));
  assign cnt_idx = 3'((a - hbm_tile_pkg::CsrCounters) >> 3);
  always_comb begin
    rdata = '0;
    if (in_cnt) begin
      rdata = cnt_q[64*cnt_idx + 32*a[2] +: 32];
    end else begin
      unique case (a)
        hbm_tile_pkg::CsrId:        rdata = hbm_tile_pkg::TileId;
        hbm_tile_pkg::CsrStatus:    rdata = {24'd0, 4'(q_count_q), 2'b0, !q_ready, busy_i};
        hbm_tile_pkg::CsrError:     rdata = {err_seq_q, 8'd0, err_q};
        hbm_tile_pkg::CsrIrqEn:     rdata = 32'(irq_en_q);
        hbm_tile_pkg::CsrIrqStatus: rdata = 32'(irq_st_q);
        hbm_tile_pkg::CsrMaxN:      rdata = hbm_tile_pkg::MaxN;
        hbm_tile_pkg::CsrMaxK:      rdata = hbm_tile_pkg::MaxK;
        hbm_tile_pkg::CsrDone:      rdata = done_q;
        default:                    rdata = '0;
      endcase
    end
  end
  always_comb begin
    apb_o        = '0;
    apb_o.rdata  = rdata;
    apb_o.ready  = 1'b1;
    apb_o.slverr = push && !q_ready;
  end
endmodule
