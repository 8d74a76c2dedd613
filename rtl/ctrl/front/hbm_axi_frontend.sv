// AXI4 slave front end of one pseudo-channel controller.
//
// Turns AR and AW/W bursts into 32-byte column requests for the transaction queue
// (one per cycle, reads and staged writes taking turns when both wait), keeps write data
// in the write data buffer and read slots in the reorder buffer, and answers B and R.
// Writes are posted: B leaves once the burst's last beat is staged (hbm_wr_stage); a
// read to a staged line waits until the write is in the queue, and the queue refuses,
// through the space inputs, a request to a line the other direction has queued (asked
// about its two candidates: rd_probe_o, wr_probe_o). Beats that must not reach the DRAM
// (SLVERR, DECERR) bypass the queue but are still answered.
module hbm_axi_frontend #(
  parameter int unsigned RobDepth = 32,
  parameter int unsigned WdbDepth = 32,
  parameter int unsigned WStage   = 32,   // writes staged ahead of the write queue
  parameter int unsigned BDepth   = 8
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  hbm_pkg::geometry_t    geo_i,
  // address map tables, flat: pick k at [MapPickW*k +: MapPickW] (hbm_addr_map)
  input  logic [hbm_pkg::MapBits*hbm_pkg::MapPickW-1:0] map_i,
  input  logic [hbm_pkg::BankW*hbm_pkg::MapPickW-1:0]   xor_i,
  input  hbm_axi_pkg::axi_req_t axi_req_i,
  output hbm_axi_pkg::axi_rsp_t axi_rsp_o,
  // to the transaction queue
  output hbm_pkg::req_t         req_o,
  output logic                  push_o,
  input  logic                  rd_space_i,      // the read queue has a free entry
  input  logic                  wr_space_i,      // the write queue has a free entry
  output hbm_pkg::req_t         rd_probe_o,      // the read beat's line and the oldest staged
  output hbm_pkg::req_t         wr_probe_o,      // write's, before either is taken
  output logic                  rd_waiting_o,    // a read beat waits for the queue
  output logic [$clog2(WStage):0] staged_o,      // writes waiting for the write queue
  // write data, read by the DQ path
  input  hbm_pkg::slot_t        wdb_rd_slot_i,
  output hbm_axi_pkg::data_t    wdb_rd_data_o,
  output hbm_axi_pkg::strb_t    wdb_rd_strb_o,
  input  logic                  wdb_free_i,
  input  hbm_pkg::slot_t        wdb_free_slot_i,
  // read data from the DQ path
  input  logic                  rob_fill_i,
  input  hbm_pkg::slot_t        rob_fill_slot_i,
  input  hbm_axi_pkg::data_t    rob_fill_data_i,
  // occupancy, for the watchdog and waveforms
  output logic [7:0] rob_used_o,
  output logic [7:0] wdb_used_o
);
  typedef hbm_axi_pkg::addr_t addr_t;
  typedef hbm_axi_pkg::id_t   id_t;
  typedef hbm_axi_pkg::resp_e resp_e;
  typedef hbm_pkg::bank_t     bank_t;
  typedef hbm_pkg::row_t      row_t;
  typedef hbm_pkg::col_t      col_t;
  typedef hbm_pkg::slot_t     slot_t;
  // Struct types are not aliased here: yosys 0.23 gives a variable of a local alias of a
  // package struct (typedef hbm_pkg::req_t req_t) no members, silently.
  localparam resp_e RespOkay   = hbm_axi_pkg::RespOkay;
  localparam resp_e RespDecErr = hbm_axi_pkg::RespDecErr;

  // ---- Read beats -----------------------------------------------------------------------
  addr_t r_addr;
  id_t   r_id;
  logic  r_last, r_valid, r_ready;
  logic [11:0] r_step;
  resp_e r_gen_resp;

  hbm_axi_burst_gen u_ar (
    .clk_i,
    .rst_ni,
    .ax_i         (axi_req_i.ar),
    .ax_valid_i   (axi_req_i.ar_valid),
    .ax_ready_o   (axi_rsp_o.ar_ready),
    .beat_addr_o  (r_addr),
    .beat_id_o    (r_id),
    .beat_last_o  (r_last),
    .beat_step_o  (r_step),
    .beat_resp_o  (r_gen_resp),
    .beat_valid_o (r_valid),
    .beat_ready_i (r_ready)
  );

  bank_t r_bank;
  row_t  r_row;
  col_t  r_col;
  logic  r_oor;

  hbm_addr_map #(.AddrW(hbm_axi_pkg::AddrW)) u_map_r (
    .addr_i         (r_addr),
    .valid_i        (r_valid),
    .geo_i,
    .map_i,
    .xor_i,
    .bank_o         (r_bank),
    .row_o          (r_row),
    .col_o          (r_col),
    .out_of_range_o (r_oor)
  );

  // ---- Write beats ----------------------------------------------------------------------
  addr_t w_addr;
  id_t   w_id;
  logic  w_last, w_valid, w_ready;
  logic [11:0] w_step;
  resp_e w_gen_resp;

  hbm_axi_burst_gen u_aw (
    .clk_i,
    .rst_ni,
    .ax_i         (axi_req_i.aw),
    .ax_valid_i   (axi_req_i.aw_valid),
    .ax_ready_o   (axi_rsp_o.aw_ready),
    .beat_addr_o  (w_addr),
    .beat_id_o    (w_id),
    .beat_last_o  (w_last),
    .beat_step_o  (w_step),
    .beat_resp_o  (w_gen_resp),
    .beat_valid_o (w_valid),
    .beat_ready_i (w_ready)
  );

  bank_t w_bank;
  row_t  w_row;
  col_t  w_col;
  logic  w_oor;

  // (Its bank and range check wait for the beat in simulation: read only with w_valid.)
  hbm_addr_map #(.AddrW(hbm_axi_pkg::AddrW), .SimWait(1'b1)) u_map_w (
    .addr_i         (w_addr),
    .valid_i        (w_valid),
    .geo_i,
    .map_i,
    .xor_i,
    .bank_o         (w_bank),
    .row_o          (w_row),
    .col_o          (w_col),
    .out_of_range_o (w_oor)
  );

  // ---- Does the burst's next beat stay in this beat's row? --------------------------------
  // The map is an XOR of address bits, so the next beat's bank and row differ from this
  // one's by the map of the step between them (the bits the step changes): none when the
  // step's bank and row map to zero. The step has 12 bits (a served burst stays in its
  // 4 KiB page), so each map entry is a choice of its 7 bits from 5 up, not of 31. A beat
  // with the flag leaves its row open for the next (the closed page policy); exact, so a
  // row is never left open for a beat that goes elsewhere, nor closed under one that comes.
  // The flag is read only when the beat is taken: the step maps wait for that (in
  // simulation they map nothing in the other tCK). In simulation the last step mapped is
  // kept with its flag and the tables it was mapped with, and a beat with the same step
  // under the same tables takes the flag kept (the steps of a traffic's bursts are few:
  // mapping each beat's was 1.1 % of a 1-PC run's instructions); equiv.py checks the forms.
  hbm_pkg::bank_t r_step_bank, w_step_bank;
  row_t           r_step_row, w_step_row;
  logic           r_more, w_more;
  logic           r_take, w_take;     // a beat with a next one is taken
  logic           r_kept, w_kept;     // ... and its step's flag is kept (simulation)
  assign r_take = r_ready && !r_last;
  assign w_take = w_ready && !w_last;
  /* verilator lint_off UNUSEDSIGNAL */
  col_t           r_step_col, w_step_col;
  logic           r_step_oor, w_step_oor;
  /* verilator lint_on UNUSEDSIGNAL */
  hbm_addr_map #(.AddrW(12), .Step(1'b1)) u_step_r (
    .addr_i         (r_step),
    .valid_i        (r_take && !r_kept),
    .geo_i,
    .map_i,
    .xor_i,
    .bank_o         (r_step_bank),
    .row_o          (r_step_row),
    .col_o          (r_step_col),
    .out_of_range_o (r_step_oor)
  );
  hbm_addr_map #(.AddrW(12), .Step(1'b1)) u_step_w (
    .addr_i         (w_step),
    .valid_i        (w_take && !w_kept),
    .geo_i,
    .map_i,
    .xor_i,
    .bank_o         (w_step_bank),
    .row_o          (w_step_row),
    .col_o          (w_step_col),
    .out_of_range_o (w_step_oor)
  );
`ifdef SYNTHESIS
  assign {r_kept, w_kept} = '0;
  assign r_more = !r_last && r_step_bank == '0 && r_step_row == '0;
  assign w_more = !w_last && w_step_bank == '0 && w_step_row == '0;
`else
  typedef struct packed {
    logic                                         valid;
    logic [11:0]                                  step;
    logic [hbm_pkg::MapBits*hbm_pkg::MapPickW-1:0] map_table;
    logic [hbm_pkg::BankW*hbm_pkg::MapPickW-1:0]   xor_table;
    logic                                         more;
  } step_seen_t;
  step_seen_t r_seen_q, w_seen_q;
  // Compared only for a beat taken (an `if`: Verilator evaluates both sides of an &&).
  always_comb begin
    {r_kept, w_kept} = '0;
    if (r_take && r_seen_q.valid) begin
      r_kept = r_seen_q.step == r_step && r_seen_q.map_table == map_i &&
               r_seen_q.xor_table == xor_i;
    end
    if (w_take && w_seen_q.valid) begin
      w_kept = w_seen_q.step == w_step && w_seen_q.map_table == map_i &&
               w_seen_q.xor_table == xor_i;
    end
  end
  assign r_more = !r_last && (r_kept ? r_seen_q.more : (r_step_bank == '0 && r_step_row == '0));
  assign w_more = !w_last && (w_kept ? w_seen_q.more : (w_step_bank == '0 && w_step_row == '0));
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      r_seen_q <= '0;
      w_seen_q <= '0;
    end else begin
      if (r_take && !r_kept) r_seen_q <= {1'b1, r_step, map_i, xor_i, r_more};
      if (w_take && !w_kept) w_seen_q <= {1'b1, w_step, map_i, xor_i, w_more};
    end
  end
`endif

  // ---- Errors: the burst's own, else an address outside the PC --------------------------
  resp_e r_resp, w_resp;
  assign r_resp = (r_gen_resp != RespOkay) ? r_gen_resp : (r_oor ? RespDecErr : RespOkay);
  assign w_resp = (w_gen_resp != RespOkay) ? w_gen_resp : (w_oor ? RespDecErr : RespOkay);

  // ---- Reorder buffer, write data buffer, B queue --------------------------------------
  logic [$clog2(RobDepth):0] rob_used;
  logic [$clog2(WdbDepth):0] wdb_used;
  assign rob_used_o = 8'(rob_used);
  assign wdb_used_o = 8'(wdb_used);
  logic  rob_ready;
  slot_t rob_slot;
  logic  wdb_ready;
  slot_t wdb_slot;
  logic  b_ready;
  resp_e b_acc_q, b_acc_d;   // worst response seen in the current write burst

  // ---- Write staging ---------------------------------------------------------------------
  hbm_pkg::req_t stage_req, stage_in;
  logic stage_ready, stage_valid, stage_pop, stage_hit;

  // Fields set one by one (yosys 0.23 takes no named assignment pattern).
  always_comb begin
    stage_in       = '0;
    stage_in.write = 1'b1;
    stage_in.more_in_row = w_more;
    stage_in.bank  = w_bank;
    stage_in.row   = w_row;
    stage_in.col   = w_col;
    stage_in.slot  = wdb_slot;
  end

  hbm_wr_stage #(.Depth(WStage)) u_stage (
    .clk_i,
    .rst_ni,
    .req_i        (stage_in),
    .valid_i      (w_ready && w_resp == RespOkay),
    .ready_o      (stage_ready),
    .req_o        (stage_req),
    .valid_o      (stage_valid),
    .ready_i      (stage_pop),
    .probe_bank_i (r_bank),
    .probe_row_i  (r_row),
    .probe_col_i  (r_col),
    .hit_o        (stage_hit),
    .count_o      (staged_o)
  );

  // The two candidates' lines, for the queue, which takes no request to a line the other
  // direction has queued (it answers through the space inputs).
  always_comb begin
    rd_probe_o      = '0;
    rd_probe_o.bank = r_bank;
    rd_probe_o.row  = r_row;
    rd_probe_o.col  = r_col;
  end
  assign wr_probe_o = stage_req;

  // ---- Which request enters the queue this cycle -------------------------------------------
  // A write beat is staged as it arrives; the queue takes one request per cycle, the
  // read beat or the oldest staged write, taking turns when both wait. Error beats never
  // need the queue.
  logic r_ok, r_queued, s_ok, both, w_turn_q, w_turn_d;
  assign r_queued = r_resp == RespOkay;
  assign rd_waiting_o = r_valid && r_queued;
  assign r_ok  = r_valid && rob_ready && (!r_queued || (rd_space_i && !stage_hit));
  assign s_ok  = stage_valid && wr_space_i;
  assign both  = r_ok && r_queued && s_ok;
  // r_ok && !(both && w_turn_q), written so that the late inputs (the staged-write hit and
  // the read's response, through the address map) meet the rest in one last LUT.
  assign r_ready   = r_valid && rob_ready
                  && (!r_queued || (rd_space_i && !(s_ok && w_turn_q) && !stage_hit));
  assign stage_pop = s_ok && !(both && !w_turn_q);
  assign w_turn_d  = both ? !w_turn_q : w_turn_q;

  // The address map's out-of-range test comes last: it meets the rest in the last LUT.
  assign w_ready = w_valid && axi_req_i.w_valid && (!w_last || b_ready) &&
                   ((w_gen_resp != RespOkay) || (wdb_ready && stage_ready) || w_oor);
  assign axi_rsp_o.w_ready = w_ready;

  always_comb begin
    push_o = 1'b0;
    req_o  = '0;
    if (r_ready && r_queued) begin
      push_o = 1'b1;
      req_o.write = 1'b0;
      req_o.more_in_row = r_more;
      req_o.bank  = r_bank;
      req_o.row   = r_row;
      req_o.col   = r_col;
      req_o.slot  = rob_slot;
    end else if (stage_pop) begin
      push_o = 1'b1;
      req_o  = stage_req;
    end
  end

  hbm_rob #(.Depth(RobDepth)) u_rob (
    .clk_i,
    .rst_ni,
    .alloc_valid_i (r_ready),
    .alloc_id_i    (r_id),
    .alloc_last_i  (r_last),
    .alloc_resp_i  (r_resp),
    .alloc_ready_o (rob_ready),
    .alloc_slot_o  (rob_slot),
    .fill_valid_i  (rob_fill_i),
    .fill_slot_i   (rob_fill_slot_i),
    .fill_data_i   (rob_fill_data_i),
    .r_o           (axi_rsp_o.r),
    .r_valid_o     (axi_rsp_o.r_valid),
    .r_ready_i     (axi_req_i.r_ready),
    .used_o        (rob_used)
  );

  hbm_wdata_buf #(.Depth(WdbDepth)) u_wdb (
    .clk_i,
    .rst_ni,
    .alloc_valid_i (w_ready && w_resp == RespOkay),
    .alloc_data_i  (axi_req_i.w.data),
    .alloc_strb_i  (axi_req_i.w.strb),
    .alloc_ready_o (wdb_ready),
    .alloc_slot_o  (wdb_slot),
    .rd_slot_i     (wdb_rd_slot_i),
    .rd_data_o     (wdb_rd_data_o),
    .rd_strb_o     (wdb_rd_strb_o),
    .free_valid_i  (wdb_free_i),
    .free_slot_i   (wdb_free_slot_i),
    .used_o        (wdb_used)
  );

  resp_e                  b_resp;
  hbm_axi_pkg::b_chan_t   b_in;
  assign b_resp  = (w_resp > b_acc_q) ? w_resp : b_acc_q;
  assign b_acc_d = !w_ready ? b_acc_q : (w_last ? RespOkay : b_resp);

  always_comb begin
    b_in      = '0;
    b_in.id   = w_id;
    b_in.resp = b_resp;
  end

  hbm_fifo #(.Width(hbm_axi_pkg::BChanW), .Depth(BDepth)) u_bq (
    .clk_i,
    .rst_ni,
    .data_i  (b_in),
    .valid_i (w_ready && w_last),
    .ready_o (b_ready),
    .data_o  (axi_rsp_o.b),
    .valid_o (axi_rsp_o.b_valid),
    .ready_i (axi_req_i.b_ready)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_turn_q <= 1'b0;
      b_acc_q  <= RespOkay;
    end else begin
      w_turn_q <= w_turn_d;
      b_acc_q  <= b_acc_d;
    end
  end

`ifndef SYNTHESIS
  // WLAST must agree with the AW length the beats are counted from.
  always_ff @(posedge clk_i)
    a_wlast_matches: assert (!rst_ni || !w_ready || (axi_req_i.w.last == w_last));
  always_ff @(posedge clk_i)
    a_push_has_room: assert (!rst_ni || !push_o || (req_o.write ? wr_space_i : rd_space_i));
`endif
endmodule
