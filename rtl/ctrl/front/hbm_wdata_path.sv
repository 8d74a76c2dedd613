// Write DQ path: offers each write's 32 bytes to the PHY as one word (hbm_pkg's DfiW), in
// the controller clock t_i.wl after its WR command, then frees its write-buffer slot in
// the next. The PHY (the co-simulation's DfiPhy) drives the word's two tCK beats: at the
// 1:1 clock ratio from that tCK on, WL after the WR; at 1:2, where t_i.wl is WL / 2
// rounded down, WL % 2 tCK later.
module hbm_wdata_path #(
  parameter int unsigned Depth = 16,  // writes in flight between WR and data
  // Entries space_o keeps back: 1 under hbm_pc_ctrl's Pipe, whose pick sees space_o a
  // clock late with a column command already in its register (at 1:2, one a clock, a long
  // latency filled the path and that command's tag was lost).
  parameter int unsigned Slack = 0
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  // Configuration comes whole; this block reads only some fields.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::timing_t             t_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic                         wr_i,          // WR / WRA issued this cycle
  input  hbm_pkg::slot_t               wr_slot_i,
  output logic                         space_o,       // room for one more WR
  // write data buffer: the word is read at wdb_slot_o, the slot freed a clock later
  output hbm_pkg::slot_t               wdb_slot_o,
  input  hbm_axi_pkg::data_t           wdb_data_i,
  input  hbm_axi_pkg::strb_t           wdb_strb_i,
  output logic                         wdb_free_o,
  output hbm_pkg::slot_t               wdb_free_slot_o,
  // DQ
  output logic [hbm_pkg::DfiW-1:0]     dq_o,
  output logic [hbm_pkg::DfiMaskW-1:0] dq_strb_o,
  output logic                         dq_valid_o
);
  // A write in flight: its buffer slot and the cycle stamp its data is due. The members
  // are plain vectors (yosys 0.23 takes no package type in a struct declared here), and
  // the FIFO carries the struct as PendingW bits.
  typedef struct packed {
    logic [hbm_pkg::SlotW-1:0] slot;
    logic [15:0]               due;
  } pending_t;
  localparam int unsigned PendingW = hbm_pkg::SlotW + 16;

  logic [15:0]    now_q;
  pending_t       pending, head;
  logic           head_valid, start;
  // The slot is freed a clock after its word goes (the write buffer's timing as when the
  // word went out in two halves, one a clock).
  logic           free_q;
  hbm_pkg::slot_t free_slot_q;

  always_comb begin
    pending      = '0;
    pending.slot = wr_slot_i;
    pending.due  = now_q + 16'(t_i.wl);
  end

  hbm_fifo #(.Width(PendingW), .Depth(Depth), .Slack(Slack)) u_pending (
    .clk_i,
    .rst_ni,
    .data_i  (pending),
    .valid_i (wr_i),
    .ready_o (space_o),
    .data_o  (head),
    .valid_o (head_valid),
    .ready_i (start)
  );

  assign start           = head_valid && (head.due == now_q);
  assign wdb_slot_o      = head.slot;
  assign wdb_free_o      = free_q;
  assign wdb_free_slot_o = free_slot_q;
  assign dq_valid_o      = start;
  assign dq_o            = wdb_data_i;
  assign dq_strb_o       = wdb_strb_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      now_q       <= '0;
      free_q      <= 1'b0;
      free_slot_q <= '0;
    end else begin
      now_q       <= now_q + 1'b1;
      free_q      <= start;
      free_slot_q <= head.slot;
    end
  end

`ifndef SYNTHESIS
  // A burst is 32 bytes in two tCK in every supported standard: 2 controller clocks at
  // the 1:1 ratio, 1 at 1:2.
  always_ff @(posedge clk_i) a_burst_clocks: assert (!rst_ni || t_i.bl == 2 || t_i.bl == 1);
  // Data must never be late: the head is due now or in the future.
  always_ff @(posedge clk_i)
    a_not_late: assert (!rst_ni || !head_valid || ((head.due - now_q) <= 16'(t_i.wl)));
`endif
endmodule
