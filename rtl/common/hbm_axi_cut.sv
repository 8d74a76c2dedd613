// Cuts every combinational path through an AXI4 port with one spill register per
// channel (after pulp-platform/axi's axi_cut): one tCK more latency each way, full
// throughput. At a PC's port it also keeps the controller's large request logic off
// the inputs, which Verilator would otherwise re-evaluate on every eval.
module hbm_axi_cut (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  hbm_axi_pkg::axi_req_t slv_req_i,
  output hbm_axi_pkg::axi_rsp_t slv_rsp_o,
  output hbm_axi_pkg::axi_req_t mst_req_o,
  input  hbm_axi_pkg::axi_rsp_t mst_rsp_i
);
  hbm_spill #(.Width(hbm_axi_pkg::AxChanW)) u_aw (
    .clk_i, .rst_ni,
    .data_i (slv_req_i.aw), .valid_i (slv_req_i.aw_valid), .ready_o (slv_rsp_o.aw_ready),
    .data_o (mst_req_o.aw), .valid_o (mst_req_o.aw_valid), .ready_i (mst_rsp_i.aw_ready)
  );
  hbm_spill #(.Width(hbm_axi_pkg::WChanW)) u_w (
    .clk_i, .rst_ni,
    .data_i (slv_req_i.w), .valid_i (slv_req_i.w_valid), .ready_o (slv_rsp_o.w_ready),
    .data_o (mst_req_o.w), .valid_o (mst_req_o.w_valid), .ready_i (mst_rsp_i.w_ready)
  );
  hbm_spill #(.Width(hbm_axi_pkg::AxChanW)) u_ar (
    .clk_i, .rst_ni,
    .data_i (slv_req_i.ar), .valid_i (slv_req_i.ar_valid), .ready_o (slv_rsp_o.ar_ready),
    .data_o (mst_req_o.ar), .valid_o (mst_req_o.ar_valid), .ready_i (mst_rsp_i.ar_ready)
  );
  hbm_spill #(.Width(hbm_axi_pkg::BChanW)) u_b (
    .clk_i, .rst_ni,
    .data_i (mst_rsp_i.b), .valid_i (mst_rsp_i.b_valid), .ready_o (mst_req_o.b_ready),
    .data_o (slv_rsp_o.b), .valid_o (slv_rsp_o.b_valid), .ready_i (slv_req_i.b_ready)
  );
  hbm_spill #(.Width(hbm_axi_pkg::RChanW)) u_r (
    .clk_i, .rst_ni,
    .data_i (mst_rsp_i.r), .valid_i (mst_rsp_i.r_valid), .ready_o (mst_req_o.r_ready),
    .data_o (slv_rsp_o.r), .valid_o (slv_rsp_o.r_valid), .ready_i (slv_req_i.r_ready)
  );
endmodule
