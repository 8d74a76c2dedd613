// One AXI4 master port of the tile, towards one pseudo-channel: takes read bursts from
// the front end (one AXI ID, so answers come in order and each burst's tag waits in a
// FIFO), routes each read beat by its tag (X into the scratchpad, W to this port's MAC
// lane, old Y to the write-back) and sends the write-back's beats (AW and W together).
// Every channel leaves through a spill register, so nothing combinational reaches the PC.
module hbm_tile_port (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  // Read bursts (PC-local addresses).
  input  logic                          rd_valid_i,
  input  hbm_tile_pkg::rd_req_t         rd_req_i,
  output logic                          rd_ready_o,
  // Read beats, by kind.
  output logic                          x_we_o,
  output hbm_tile_pkg::spad_idx_t       x_idx_o,
  output logic                          y_we_o,
  output logic [hbm_tile_pkg::GrpW-1:0] y_grp_o,
  output logic [hbm_tile_pkg::NW-1:0]   y_n_o,
  output hbm_axi_pkg::data_t            rdata_o,
  output logic                          w_valid_o,
  output hbm_tile_pkg::wbeat_t          w_beat_o,
  input  logic                          w_ready_i,
  output logic                          r_beat_o,   // a beat accepted this tCK
  output logic                          r_done_o,   // a burst's last beat accepted this tCK
  output logic [1:0]                    r_err_o,    // an error answer, by descriptor mod 2
  // Write beats.
  input  logic                          wr_valid_i,
  input  hbm_tile_pkg::wr_req_t         wr_req_i,
  output logic                          wr_ready_o,
  output logic                          b_o,
  output logic                          b_err_o,
  output hbm_axi_pkg::axi_req_t         mst_req_o,
  input  hbm_axi_pkg::axi_rsp_t         mst_rsp_i
);
  localparam int unsigned KwW = hbm_tile_pkg::KwW;

  hbm_axi_pkg::axi_req_t req;
  hbm_axi_pkg::axi_rsp_t rsp;
  hbm_axi_cut u_cut (
    .clk_i, .rst_ni,
    .slv_req_i (req), .slv_rsp_o (rsp),
    .mst_req_o, .mst_rsp_i
  );

  // AR: a burst queues here until the PC takes it, so the front end never waits for a
  // busy PC while others run dry; its tag waits until its last beat. The tag FIFO holds
  // at least what the AR queue does, so its room is the port's.
  typedef struct packed {
    logic [hbm_axi_pkg::AddrW-1:0] addr;   // (yosys 0.23: no package type in a local struct)
    logic [7:0]                    len;
  } ar_t;
  localparam int unsigned ArW = hbm_axi_pkg::AddrW + 8;
  hbm_tile_pkg::tag_t head;
  ar_t  ar_in, ar_head;
  logic tag_ready, head_valid, pop, ar_valid, ar_room;
  assign rd_ready_o = tag_ready;
  always_comb begin
    ar_in      = '0;
    ar_in.addr = rd_req_i.addr;
    ar_in.len  = rd_req_i.len;
  end
  hbm_fifo #(.Width(ArW), .Depth(hbm_tile_pkg::TagDepth)) u_arq (
    .clk_i, .rst_ni,
    .data_i (ar_in), .valid_i (rd_valid_i && tag_ready),
    .ready_o (ar_room),
    .data_o (ar_head), .valid_o (ar_valid), .ready_i (rsp.ar_ready)
  );
  hbm_fifo #(.Width(hbm_tile_pkg::TagW), .Depth(hbm_tile_pkg::TagDepth)) u_tags (
    .clk_i, .rst_ni,
    .data_i (rd_req_i.tag), .valid_i (rd_valid_i && tag_ready), .ready_o (tag_ready),
    .data_o (head), .valid_o (head_valid), .ready_i (pop)
  );

  // R: the head tag says where the beat goes; only the MAC lane can hold it back.
  logic [KwW-1:0] beat_q;
  logic           take;
  assign take     = rsp.r_valid && req.r_ready;
  assign pop      = take && rsp.r.last;
  assign rdata_o  = rsp.r.data;
  assign x_we_o   = take && head.kind == hbm_tile_pkg::KindX;
  assign x_idx_o  = {head.bank, head.n, head.kword + beat_q};
  assign y_we_o   = take && head.kind == hbm_tile_pkg::KindY;
  assign y_grp_o  = head.grp;
  assign y_n_o    = head.n;
  assign w_valid_o = rsp.r_valid && head.kind == hbm_tile_pkg::KindW;
  always_comb begin
    w_beat_o       = '0;
    w_beat_o.tag   = head;
    w_beat_o.kword = head.kword + beat_q;
    w_beat_o.last  = rsp.r.last;
  end
  assign r_beat_o = take;
  assign r_done_o = pop;
  assign r_err_o  = (take && rsp.r.resp != hbm_axi_pkg::RespOkay) ? 2'(1) << head.dsc : 2'b00;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)   beat_q <= '0;
    else if (take) beat_q <= rsp.r.last ? '0 : beat_q + KwW'(1);
  end

  // AW and W of a write beat go out together; each may be taken in a different tCK.
  logic aw_sent_q, w_sent_q, aw_ok, w_ok;
  assign aw_ok      = aw_sent_q || rsp.aw_ready;
  assign w_ok       = w_sent_q || rsp.w_ready;
  assign wr_ready_o = wr_valid_i && aw_ok && w_ok;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      aw_sent_q <= 1'b0;
      w_sent_q  <= 1'b0;
    end else if (wr_ready_o) begin
      aw_sent_q <= 1'b0;
      w_sent_q  <= 1'b0;
    end else begin
      if (req.aw_valid && rsp.aw_ready) aw_sent_q <= 1'b1;
      if (req.w_valid && rsp.w_ready)   w_sent_q  <= 1'b1;
    end
  end
  assign b_o     = rsp.b_valid;
  assign b_err_o = rsp.b_valid && rsp.b.resp != hbm_axi_pkg::RespOkay;

  always_comb begin
    req          = '0;
    req.ar.addr  = ar_head.addr;
    req.ar.len   = ar_head.len;
    req.ar.size  = 3'd5;
    req.ar.burst = hbm_axi_pkg::BurstIncr;
    req.ar_valid = ar_valid;
    req.r_ready  = head.kind != hbm_tile_pkg::KindW || w_ready_i;
    req.aw.addr  = wr_req_i.addr;
    req.aw.size  = 3'd5;
    req.aw.burst = hbm_axi_pkg::BurstIncr;
    req.aw_valid = wr_valid_i && !aw_sent_q;
    req.w.data   = wr_req_i.data;
    req.w.strb   = wr_req_i.strb;
    req.w.last   = 1'b1;
    req.w_valid  = wr_valid_i && !w_sent_q;
    req.b_ready  = 1'b1;
  end

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) a_beat_has_tag: assert (!rst_ni || !rsp.r_valid || head_valid);
  always_ff @(posedge clk_i) a_tags_cover_bursts: assert (!rst_ni || !tag_ready || ar_room);
`endif
endmodule
