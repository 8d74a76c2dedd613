// The accelerator tile: CSRs and a descriptor queue, the front end that checks and walks
// descriptors, one AXI4 master port per pseudo-channel, the scratchpad and MAC lanes,
// the accumulation window and the write-back (docs/architecture.md, "The tile").
//
// Arrays over the ports are flat vectors, port p's element at [p*W +: W] (yosys 0.23 reads
// no unpacked-array port and no packed array of a struct).
module hbm_tile #(
  parameter int unsigned NumPorts = 64,
  localparam int unsigned PortW   = $clog2(NumPorts)
) (
  input  logic                                     clk_i,
  input  logic                                     rst_ni,
  input  logic [5:0]                               pcs_log2_i,
  input  logic [4:0]                               gran_log2_i,
  input  logic [5:0]                               mem_log2_i,
  input  hbm_pkg::apb_req_t                        apb_i,
  output hbm_pkg::apb_rsp_t                        apb_o,
  output logic                                     irq_o,
  output logic                                     busy_o,
  output logic [15:0]                              rd_outstanding_o,
  output logic [15:0]                              wr_outstanding_o,
  output logic [10:0]                              window_rows_o,
  output logic [3:0]                               queued_o,
  // An AXI4 master per PC: port p's axi_req_t / axi_rsp_t at [p*W +: W].
  output logic [NumPorts*hbm_axi_pkg::AxiReqW-1:0] mst_req_o,
  input  logic [NumPorts*hbm_axi_pkg::AxiRspW-1:0] mst_rsp_i
);
  localparam int unsigned ReqW   = hbm_axi_pkg::AxiReqW;
  localparam int unsigned RspW   = hbm_axi_pkg::AxiRspW;
  localparam int unsigned DataW  = hbm_axi_pkg::DataW;
  localparam int unsigned IdxW   = hbm_tile_pkg::SpadIdxW;
  localparam int unsigned GrpW   = hbm_tile_pkg::GrpW;
  localparam int unsigned NW     = hbm_tile_pkg::NW;
  localparam int unsigned WbeatW = hbm_tile_pkg::WbeatW;
  localparam int unsigned PartW  = hbm_tile_pkg::PartW;

  // CSRs -> front end.
  hbm_tile_pkg::desc_t desc;
  logic                desc_valid, desc_ready, chk_fail, desc_done, desc_fail;
  hbm_tile_pkg::err_e  chk_code;
  // Front end -> ports and window.
  logic                          rd_valid, rd_ready;
  logic [PortW-1:0]              rd_port;
  hbm_tile_pkg::rd_req_t         rd_req;
  logic                          row_open, row_burst, row_close, win_full;
  logic [hbm_tile_pkg::SlotW-1:0] tail_slot;
  hbm_tile_pkg::blk_t            blk_in, blk_out;
  logic                          blk_in_valid, blk_in_ready, blk_out_valid, blk_out_ready;
  logic                          front_busy, wb_busy;
  // Ports <-> MAC lanes, window, write-back.
  logic [NumPorts-1:0]        p_rd_ready, x_we, y_we, w_valid, w_ready;
  logic [NumPorts*IdxW-1:0]   x_idx;
  logic [NumPorts*GrpW-1:0]   y_grp;
  logic [NumPorts*NW-1:0]     y_n;
  logic [NumPorts*DataW-1:0]  rdata;
  // Each port's R data, gathered into rdata by one loop: port outputs wired to slices of
  // rdata made Verilator build it (NumPorts x 256 bits) by a chain of growing
  // concatenations on every edge.
  hbm_axi_pkg::data_t         rdata_port [NumPorts];
  always_comb begin
    for (int p = 0; p < NumPorts; p++) rdata[p*DataW +: DataW] = rdata_port[p];
  end
  logic [NumPorts*WbeatW-1:0] w_beat;
  logic [NumPorts-1:0]        r_beat, r_done;
  logic [NumPorts*2-1:0]      r_err;
  logic [NumPorts-1:0]        p_wr_ready, b, b_err;
  logic [NumPorts-1:0]        part_valid, part_ready;
  logic [NumPorts*PartW-1:0]  part;
  logic                          head_done, retire;
  hbm_tile_pkg::acc_vec_t        head_sum;
  logic                          wr_valid;
  logic [PortW-1:0]              wr_port;
  hbm_tile_pkg::wr_req_t         wr_req;
  logic [15:0]                   macs;

  // Per-tCK sums over the ports.
  logic [7:0] rd_beats, rd_dones, b_count;
  logic       bank_clear, bank;
  logic [1:0] rd_err;
  logic       wr_err;
  always_comb begin
    rd_beats = '0;
    rd_dones = '0;
    b_count  = '0;
    rd_err   = '0;
    wr_err   = 1'b0;
    for (int p = 0; p < NumPorts; p++) begin
      rd_beats = rd_beats + 8'(r_beat[p]);
      rd_dones = rd_dones + 8'(r_done[p]);
      b_count  = b_count + 8'(b[p]);
      rd_err   = rd_err | r_err[2*p +: 2];
      wr_err   = wr_err || b_err[p];
    end
  end

  logic [15:0] rd_out_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) rd_out_q <= '0;
    else rd_out_q <= rd_out_q + 16'(rd_valid && rd_ready) - 16'(rd_dones);
  end
  assign rd_outstanding_o = rd_out_q;
  assign busy_o = front_busy || wb_busy || window_rows_o != '0 || queued_o != '0
               || blk_out_valid;

  hbm_tile_csr u_csr (
    .clk_i, .rst_ni,
    .apb_i, .apb_o, .irq_o,
    .queued_o,
    .desc_o       (desc),
    .desc_valid_o (desc_valid),
    .desc_ready_i (desc_ready),
    .chk_fail_i   (chk_fail),
    .chk_code_i   (chk_code),
    .wb_done_i    (desc_done),
    .wb_fail_i    (desc_fail),
    .busy_i       (busy_o),
    .stall_i      (busy_o && rd_out_q != '0 && rd_beats == '0),
    .rd_beats_i   (rd_beats),
    .wr_beat_i    (wr_valid && p_wr_ready[wr_port]),
    .macs_i       (macs)
  );

  hbm_tile_front #(.NumPorts(NumPorts)) u_front (
    .clk_i, .rst_ni,
    .pcs_log2_i, .gran_log2_i, .mem_log2_i,
    .desc_i        (desc),
    .desc_valid_i  (desc_valid),
    .desc_ready_o  (desc_ready),
    .chk_fail_o    (chk_fail),
    .chk_code_o    (chk_code),
    .rd_valid_o    (rd_valid),
    .rd_port_o     (rd_port),
    .rd_req_o      (rd_req),
    .rd_ready_i    (rd_ready),
    .bank_clear_o  (bank_clear),
    .bank_o        (bank),
    .win_full_i    (win_full),
    .tail_slot_i   (tail_slot),
    .row_open_o    (row_open),
    .row_burst_o   (row_burst),
    .row_close_o   (row_close),
    .blk_o         (blk_in),
    .blk_valid_o   (blk_in_valid),
    .blk_ready_i   (blk_in_ready),
    .blk_retired_i (blk_out_valid && blk_out_ready),
    .desc_done_i   (desc_done),
    .busy_o        (front_busy)
  );
  assign rd_ready = p_rd_ready[rd_port];

  // Blocks the front end started and the write-back has not finished (two at most:
  // the scratchpad has two banks).
  hbm_fifo #(.Width(hbm_tile_pkg::BlkW), .Depth(2)) u_blocks (
    .clk_i, .rst_ni,
    .data_i (blk_in), .valid_i (blk_in_valid), .ready_o (blk_in_ready),
    .data_o (blk_out), .valid_o (blk_out_valid), .ready_i (blk_out_ready)
  );

  for (genvar p = 0; p < NumPorts; p++) begin : g_port
    hbm_tile_port u_port (
      .clk_i, .rst_ni,
      .rd_valid_i  (rd_valid && rd_port == PortW'(p)),
      .rd_req_i    (rd_req),
      .rd_ready_o  (p_rd_ready[p]),
      .x_we_o      (x_we[p]),
      .x_idx_o     (x_idx[p*IdxW +: IdxW]),
      .y_we_o      (y_we[p]),
      .y_grp_o     (y_grp[p*GrpW +: GrpW]),
      .y_n_o       (y_n[p*NW +: NW]),
      .rdata_o     (rdata_port[p]),
      .w_valid_o   (w_valid[p]),
      .w_beat_o    (w_beat[p*WbeatW +: WbeatW]),
      .w_ready_i   (w_ready[p]),
      .r_beat_o    (r_beat[p]),
      .r_done_o    (r_done[p]),
      .r_err_o     (r_err[2*p +: 2]),
      .wr_valid_i  (wr_valid && wr_port == PortW'(p)),
      .wr_req_i    (wr_req),
      .wr_ready_o  (p_wr_ready[p]),
      .b_o         (b[p]),
      .b_err_o     (b_err[p]),
      .mst_req_o   (mst_req_o[p*ReqW +: ReqW]),
      .mst_rsp_i   (mst_rsp_i[p*RspW +: RspW])
    );
  end

  hbm_tile_mac #(.NumPorts(NumPorts)) u_mac (
    .clk_i, .rst_ni,
    .bank_clear_i (bank_clear),
    .bank_i       (bank),
    .x_we_i       (x_we),
    .x_idx_i      (x_idx),
    .r_data_i     (rdata),
    .w_valid_i    (w_valid),
    .w_beat_i     (w_beat),
    .w_ready_o    (w_ready),
    .part_valid_o (part_valid),
    .part_o       (part),
    .part_ready_i (part_ready),
    .macs_o       (macs)
  );

  hbm_tile_reduce #(.NumPorts(NumPorts)) u_reduce (
    .clk_i, .rst_ni,
    .row_open_i   (row_open),
    .row_burst_i  (row_burst),
    .row_close_i  (row_close),
    .tail_slot_o  (tail_slot),
    .full_o       (win_full),
    .rows_o       (window_rows_o),
    .part_valid_i (part_valid),
    .part_i       (part),
    .part_ready_o (part_ready),
    .head_done_o  (head_done),
    .head_sum_o   (head_sum),
    .retire_i     (retire)
  );

  hbm_tile_wb #(.NumPorts(NumPorts)) u_wb (
    .clk_i, .rst_ni,
    .pcs_log2_i, .gran_log2_i,
    .blk_i            (blk_out),
    .blk_valid_i      (blk_out_valid),
    .blk_ready_o      (blk_out_ready),
    .head_done_i      (head_done),
    .head_sum_i       (head_sum),
    .retire_o         (retire),
    .y_we_i           (y_we),
    .y_grp_i          (y_grp),
    .y_n_i            (y_n),
    .y_data_i         (rdata),
    .wr_valid_o       (wr_valid),
    .wr_port_o        (wr_port),
    .wr_req_o         (wr_req),
    .wr_ready_i       (p_wr_ready[wr_port]),
    .b_count_i        (b_count),
    .rd_err_i         (rd_err),
    .wr_err_i         (wr_err),
    .desc_done_o      (desc_done),
    .desc_fail_o      (desc_fail),
    .wr_outstanding_o (wr_outstanding_o),
    .busy_o           (wb_busy)
  );
endmodule
