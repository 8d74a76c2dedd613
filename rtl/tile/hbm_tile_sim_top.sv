// Top level for Verilator of the accelerator tile alone, with flat ports: the
// co-simulation evaluates it as its own model beside the channel models. Its pc_* ports
// have the names and types of the crossbar's PC side, so the same C++ code connects
// either to the PCs' AXI ports; they come from registers (hbm_axi_cut), so one pass
// per tCK settles the tile and the PCs. For Verilator only (its ports are unpacked arrays
// and the flattening macros use named assignment patterns): yosys reads hbm_tile.
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
  `HBM_AXI_PC_PORTS(NumPorts)
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

  // Not traced: a waveform shows the same beats on the pc_* ports, and a traced copy is
  // kept up to date on every evaluation, waveform or not.
  /* verilator tracing_off */
  axi_req_t pc_req [NumPorts];
  axi_rsp_t pc_rsp [NumPorts];
  /* verilator tracing_on */
  `HBM_AXI_PC_FLATTEN(NumPorts, pc_req, pc_rsp)

  // The tile's ports carry the array flat. tile_req is split per port for the simulator:
  // whole, it is assembled from the 64 ports' requests through nested concatenation
  // temporaries, 320 KiB of one function's stack frame, more than a SystemC thread has.
  logic [NumPorts*AxiReqW-1:0] tile_req /* verilator split_var */;
  logic [NumPorts*AxiRspW-1:0] tile_rsp;
  for (genvar p = 0; p < NumPorts; p++) begin : g_port
    assign pc_req[p]                      = tile_req[p*AxiReqW +: AxiReqW];
    assign tile_rsp[p*AxiRspW +: AxiRspW] = pc_rsp[p];
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
    .mst_req_o        (tile_req),
    .mst_rsp_i        (tile_rsp)
  );
endmodule
