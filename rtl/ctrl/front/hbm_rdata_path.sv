// Read DQ path: hands each RD's 32 bytes, in command order, to the reorder buffer slot
// the RD was for. The PHY gathers a burst's two tCK beats into one word (hbm_pkg's DfiW)
// and offers it in one controller clock, at any clock ratio; the DRAM returns bursts in
// the order of their RDs, so the slots wait in a FIFO.
module hbm_rdata_path #(
  parameter int unsigned Depth = 32,  // reads in flight between RD and data
  // Entries space_o keeps back: 1 under hbm_pc_ctrl's Pipe, whose pick sees space_o a
  // clock late with a column command already in its register (at 1:2, one a clock, a long
  // latency filled the path and that command's tag was lost).
  parameter int unsigned Slack = 0
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic                     rd_i,          // RD / RDA issued this cycle
  input  hbm_pkg::slot_t           rd_slot_i,
  output logic                     space_o,       // room for one more RD
  input  logic [hbm_pkg::DfiW-1:0] dq_i,
  input  logic                     dq_valid_i,
  output logic                     fill_o,
  output hbm_pkg::slot_t           fill_slot_o,
  output hbm_axi_pkg::data_t       fill_data_o
);
  // Read only by the assertion below (the DRAM returns data only for RDs issued).
  /* verilator lint_off UNUSEDSIGNAL */
  logic head_valid;
  /* verilator lint_on UNUSEDSIGNAL */

  hbm_fifo #(.Width(hbm_pkg::SlotW), .Depth(Depth), .Slack(Slack)) u_tags (
    .clk_i,
    .rst_ni,
    .data_i  (rd_slot_i),
    .valid_i (rd_i),
    .ready_o (space_o),
    .data_o  (fill_slot_o),
    .valid_o (head_valid),
    .ready_i (fill_o)
  );

  assign fill_o      = dq_valid_i;
  assign fill_data_o = dq_i;

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) a_data_expected: assert (!rst_ni || !dq_valid_i || head_valid);
`endif
endmodule
