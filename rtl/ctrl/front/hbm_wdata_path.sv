// Write DQ path: sends each write's 32 bytes WL tCK after its WR command, as two
// 128-bit halves on consecutive tCK, then frees its write-buffer slot.
module hbm_wdata_path #(
  parameter int unsigned Depth = 16   // writes in flight between WR and data
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  // Configuration comes whole; this block reads only some fields.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::timing_t            t_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic                        wr_i,          // WR / WRA issued this cycle
  input  hbm_pkg::slot_t              wr_slot_i,
  output logic                        space_o,       // room for one more WR
  // write data buffer
  output hbm_pkg::slot_t              wdb_slot_o,
  input  hbm_axi_pkg::data_t          wdb_data_i,
  input  hbm_axi_pkg::strb_t          wdb_strb_i,
  output logic                        wdb_free_o,
  // DQ
  output logic [hbm_pkg::DqW-1:0]     dq_o,
  output logic [hbm_pkg::DqMaskW-1:0] dq_strb_o,
  output logic                        dq_valid_o
);
  localparam int unsigned DqW     = hbm_pkg::DqW;
  localparam int unsigned DqMaskW = hbm_pkg::DqMaskW;
  localparam int unsigned DataW   = hbm_axi_pkg::DataW;
  localparam int unsigned StrbW   = hbm_axi_pkg::StrbW;

  // A write in flight: its buffer slot and the cycle stamp its data is due. The members
  // are plain vectors (yosys 0.23 takes no package type in a struct declared here), and
  // the FIFO carries the struct as PendingW bits.
  typedef struct packed {
    logic [hbm_pkg::SlotW-1:0] slot;
    logic [15:0]               due;
  } pending_t;
  localparam int unsigned PendingW = hbm_pkg::SlotW + 16;

  logic [15:0] now_q;
  logic        upper_q;    // the second half of the head's data goes out this cycle
  pending_t    pending, head;
  logic        head_valid, start;

  always_comb begin
    pending      = '0;
    pending.slot = wr_slot_i;
    pending.due  = now_q + 16'(t_i.wl);
  end

  hbm_fifo #(.Width(PendingW), .Depth(Depth)) u_pending (
    .clk_i,
    .rst_ni,
    .data_i  (pending),
    .valid_i (wr_i),
    .ready_o (space_o),
    .data_o  (head),
    .valid_o (head_valid),
    .ready_i (upper_q)
  );

  assign start      = head_valid && !upper_q && (head.due == now_q);
  assign wdb_slot_o = head.slot;
  assign wdb_free_o = upper_q;
  assign dq_valid_o = start || upper_q;
  assign dq_o       = upper_q ? wdb_data_i[DataW-1:DqW] : wdb_data_i[DqW-1:0];
  assign dq_strb_o  = upper_q ? wdb_strb_i[StrbW-1:DqMaskW] : wdb_strb_i[DqMaskW-1:0];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      now_q   <= '0;
      upper_q <= 1'b0;
    end else begin
      now_q   <= now_q + 1'b1;
      upper_q <= start;
    end
  end

`ifndef SYNTHESIS
  // The bus carries 32 bytes in two tCK in every supported standard.
  always_ff @(posedge clk_i) a_two_beats: assert (!rst_ni || (t_i.bl == 2));
  // Data must never be late: the head is due now or in the future.
  always_ff @(posedge clk_i)
    a_not_late: assert (!rst_ni
      || !(head_valid && !upper_q)
      || ((head.due - now_q) <= 16'(t_i.wl)));
`endif
endmodule
