// Read DQ path: collects the two 128-bit halves the DRAM returns for each RD, in
// command order, and hands the 32 bytes to the reorder buffer slot the RD was for.
module hbm_rdata_path #(
  parameter int unsigned Depth = 32   // reads in flight between RD and data
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    rd_i,          // RD / RDA issued this cycle
  input  hbm_pkg::slot_t          rd_slot_i,
  output logic                    space_o,       // room for one more RD
  input  logic [hbm_pkg::DqW-1:0] dq_i,
  input  logic                    dq_valid_i,
  output logic                    fill_o,
  output hbm_pkg::slot_t          fill_slot_o,
  output hbm_axi_pkg::data_t      fill_data_o
);
  localparam int unsigned DqW = hbm_pkg::DqW;

  logic           upper_q;     // the next half completes the head's data
  logic [DqW-1:0] lower_q;
  // Read only by the assertion below (the DRAM returns data only for RDs issued).
  /* verilator lint_off UNUSEDSIGNAL */
  logic           head_valid;
  /* verilator lint_on UNUSEDSIGNAL */

  hbm_fifo #(.Width(hbm_pkg::SlotW), .Depth(Depth)) u_tags (
    .clk_i,
    .rst_ni,
    .data_i  (rd_slot_i),
    .valid_i (rd_i),
    .ready_o (space_o),
    .data_o  (fill_slot_o),
    .valid_o (head_valid),
    .ready_i (fill_o)
  );

  assign fill_o      = dq_valid_i && upper_q;
  assign fill_data_o = {dq_i, lower_q};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      upper_q <= 1'b0;
      lower_q <= '0;
    end else if (dq_valid_i) begin
      upper_q <= !upper_q;
      if (!upper_q) lower_q <= dq_i;
    end
  end

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) a_data_expected: assert (!rst_ni || !dq_valid_i || head_valid);
`endif
endmodule
