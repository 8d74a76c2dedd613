// Top level for Verilator of the accelerator tile alone, with flat ports: the
// co-simulation evaluates it as its own model beside the channel models. Its pc_* ports
// have the names and types of the crossbar's PC side, so the same C++ code connects
// either to the PCs' AXI ports; they come from registers (hbm_axi_cut), so one pass
// per tCK settles the tile and the PCs.
module hbm_tile_sim_top
  import hbm_pkg::apb_req_t;
  import hbm_pkg::apb_rsp_t;
  import hbm_axi_pkg::*;
#(
  parameter int unsigned NumPorts = 64
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // The interleave of the stack's address space: PC = (addr >> gran_log2) mod 2^pcs_log2.
  input  logic [5:0]  cfg_pcs_log2_i,
  input  logic [4:0]  cfg_gran_log2_i,   // 9 to 24
  input  logic [5:0]  cfg_mem_log2_i,    // bytes of the whole interleaved space, log2
  input  logic [11:0] apb_addr_i,
  input  logic        apb_sel_i,
  input  logic        apb_enable_i,
  input  logic        apb_write_i,
  input  logic [31:0] apb_wdata_i,
  output logic [31:0] apb_rdata_o,
  output logic        apb_ready_o,
  output logic        apb_slverr_o,
  output logic        irq_o,
  // For the watchdog's message: what the tile holds.
  output logic        busy_o,
  output logic [15:0] rd_outstanding_o,   // read bursts issued and not fully answered
  output logic [15:0] wr_outstanding_o,   // write bursts without their B
  output logic [10:0] window_rows_o,      // output rows being accumulated
  output logic [3:0]  queued_o,           // descriptors waiting in the queue
  output id_t         pc_aw_id_o    [NumPorts],
  output addr_t       pc_aw_addr_o  [NumPorts],
  output len_t        pc_aw_len_o   [NumPorts],
  output size_t       pc_aw_size_o  [NumPorts],
  output logic [1:0]  pc_aw_burst_o [NumPorts],
  output logic        pc_aw_valid_o [NumPorts],
  output data_t       pc_w_data_o   [NumPorts],
  output strb_t       pc_w_strb_o   [NumPorts],
  output logic        pc_w_last_o   [NumPorts],
  output logic        pc_w_valid_o  [NumPorts],
  output logic        pc_b_ready_o  [NumPorts],
  output id_t         pc_ar_id_o    [NumPorts],
  output addr_t       pc_ar_addr_o  [NumPorts],
  output len_t        pc_ar_len_o   [NumPorts],
  output size_t       pc_ar_size_o  [NumPorts],
  output logic [1:0]  pc_ar_burst_o [NumPorts],
  output logic        pc_ar_valid_o [NumPorts],
  output logic        pc_r_ready_o  [NumPorts],
  input  logic        pc_aw_ready_i [NumPorts],
  input  logic        pc_w_ready_i  [NumPorts],
  input  id_t         pc_b_id_i     [NumPorts],
  input  logic [1:0]  pc_b_resp_i   [NumPorts],
  input  logic        pc_b_valid_i  [NumPorts],
  input  logic        pc_ar_ready_i [NumPorts],
  input  id_t         pc_r_id_i     [NumPorts],
  input  data_t       pc_r_data_i   [NumPorts],
  input  logic [1:0]  pc_r_resp_i   [NumPorts],
  input  logic        pc_r_last_i   [NumPorts],
  input  logic        pc_r_valid_i  [NumPorts]
);
  // Static configuration into registers (see hbm_sim_top: input-driven logic would be
  // re-evaluated on every eval).
  logic [5:0] pcs_log2_q;
  logic [4:0] gran_log2_q;
  logic [5:0] mem_log2_q;
  always_ff @(posedge clk_i) begin
    pcs_log2_q  <= cfg_pcs_log2_i;
    gran_log2_q <= cfg_gran_log2_i;
    mem_log2_q  <= cfg_mem_log2_i;
  end

  apb_rsp_t apb_rsp;
  assign apb_rdata_o  = apb_rsp.rdata;
  assign apb_ready_o  = apb_rsp.ready;
  assign apb_slverr_o = apb_rsp.slverr;

  axi_req_t pc_req [NumPorts];
  axi_rsp_t pc_rsp [NumPorts];
  for (genvar p = 0; p < NumPorts; p++) begin : g_pc
    assign pc_aw_id_o[p]    = pc_req[p].aw.id;
    assign pc_aw_addr_o[p]  = pc_req[p].aw.addr;
    assign pc_aw_len_o[p]   = pc_req[p].aw.len;
    assign pc_aw_size_o[p]  = pc_req[p].aw.size;
    assign pc_aw_burst_o[p] = pc_req[p].aw.burst;
    assign pc_aw_valid_o[p] = pc_req[p].aw_valid;
    assign pc_w_data_o[p]   = pc_req[p].w.data;
    assign pc_w_strb_o[p]   = pc_req[p].w.strb;
    assign pc_w_last_o[p]   = pc_req[p].w.last;
    assign pc_w_valid_o[p]  = pc_req[p].w_valid;
    assign pc_b_ready_o[p]  = pc_req[p].b_ready;
    assign pc_ar_id_o[p]    = pc_req[p].ar.id;
    assign pc_ar_addr_o[p]  = pc_req[p].ar.addr;
    assign pc_ar_len_o[p]   = pc_req[p].ar.len;
    assign pc_ar_size_o[p]  = pc_req[p].ar.size;
    assign pc_ar_burst_o[p] = pc_req[p].ar.burst;
    assign pc_ar_valid_o[p] = pc_req[p].ar_valid;
    assign pc_r_ready_o[p]  = pc_req[p].r_ready;
    assign pc_rsp[p] = '{
      aw_ready: pc_aw_ready_i[p], w_ready: pc_w_ready_i[p],
      b: '{id: pc_b_id_i[p], resp: resp_e'(pc_b_resp_i[p])}, b_valid: pc_b_valid_i[p],
      ar_ready: pc_ar_ready_i[p],
      r: '{id: pc_r_id_i[p], data: pc_r_data_i[p], resp: resp_e'(pc_r_resp_i[p]),
           last: pc_r_last_i[p]},
      r_valid: pc_r_valid_i[p]
    };
  end

  hbm_tile #(.NumPorts(NumPorts)) u_tile (
    .clk_i,
    .rst_ni,
    .pcs_log2_i       (pcs_log2_q),
    .gran_log2_i      (gran_log2_q),
    .mem_log2_i       (mem_log2_q),
    .apb_i            ('{addr: apb_addr_i, sel: apb_sel_i, enable: apb_enable_i,
                         write: apb_write_i, wdata: apb_wdata_i}),
    .apb_o            (apb_rsp),
    .irq_o,
    .busy_o,
    .rd_outstanding_o,
    .wr_outstanding_o,
    .window_rows_o,
    .queued_o,
    .mst_req_o        (pc_req),
    .mst_rsp_i        (pc_rsp)
  );
endmodule
