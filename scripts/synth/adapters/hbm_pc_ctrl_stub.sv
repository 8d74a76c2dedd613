// A stand-in for hbm_pc_ctrl (same ports) for checking how yosys reads the stack tops'
// wiring while the controller itself is not in the subset (scripts/synth/adapters/
// stack_stub_blocks.txt): every output is a slice of a register that shifts in every input.
module hbm_pc_ctrl #(
  parameter int unsigned RDepth   = 32,
  parameter int unsigned WDepth   = 32,
  parameter int unsigned WStage   = 32,
  parameter int unsigned RobDepth = 64,
  parameter int unsigned WdbDepth = 64
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  hbm_pkg::timing_t      t_i,
  input  hbm_pkg::geometry_t    geo_i,
  input  hbm_axi_pkg::axi_req_t axi_req_i,
  output hbm_axi_pkg::axi_rsp_t axi_rsp_o,
  input  hbm_pkg::apb_req_t     apb_i,
  output hbm_pkg::apb_rsp_t     apb_o,
  output hbm_pkg::row_cmd_t     row_req_o,
  input  logic                  row_gnt_i,
  output hbm_pkg::col_cmd_t     col_req_o,
  input  logic                  col_gnt_i,
  output logic [hbm_pkg::DqW-1:0]     wdq_o,
  output logic [hbm_pkg::DqMaskW-1:0] wdq_strb_o,
  output logic                  wdq_valid_o,
  input  logic [hbm_pkg::DqW-1:0] rdq_i,
  input  logic                  rdq_valid_i,
  output logic [7:0]            queue_count_o,
  output logic [7:0]            rob_used_o,
  output logic [7:0]            wdb_used_o,
  output logic signed [7:0]     refresh_owed_o
);
  localparam int unsigned InW = $bits(axi_req_i) + $bits(apb_i) + 2 + hbm_pkg::DqW + 1 + 16;
  logic [InW-1:0] in_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) in_q <= '0;
    else in_q <= {axi_req_i, apb_i, row_gnt_i, col_gnt_i, rdq_i, rdq_valid_i,
                  t_i[15:0] ^ 16'(geo_i)} ^ {in_q[0], in_q[InW-1:1]};
  end
  assign {axi_rsp_o, apb_o, row_req_o, col_req_o, wdq_o, wdq_strb_o, wdq_valid_o,
          queue_count_o, rob_used_o, wdb_used_o, refresh_owed_o} =
         in_q[$bits(axi_rsp_o) + $bits(apb_o) + $bits(row_req_o) + $bits(col_req_o) +
              hbm_pkg::DqW + hbm_pkg::DqMaskW + 1 + 32 - 1:0];
endmodule
