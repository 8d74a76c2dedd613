// An HBM stack's controllers: NumPc pseudo-channel controllers, grouped in pairs into
// channels that share command buses, each with its own AXI4 port, and one APB port
// reaching every PC's CSRs (address bits [18:12] pick the PC; 127 writes to all, so 64 PCs leave it free).
module hbm_stack
  import hbm_pkg::*;
  import hbm_axi_pkg::*;
#(
  parameter int unsigned NumPc    = 2,
  parameter int unsigned RDepth   = 32,
  parameter int unsigned WDepth   = 32,
  parameter int unsigned WStage   = 32,   // posted writes staged ahead of the write queue
  parameter int unsigned RobDepth = 64,
  parameter int unsigned WdbDepth = 64,
  localparam int unsigned NumCh   = (NumPc + 1) / 2
) (
  input  logic [NumPc-1:0]   clk_i,     // per-PC copies of one clock (see hbm_channel)
  input  logic               rst_ni,
  input  timing_t            t_i,
  input  geometry_t          geo_i,
  input  axi_req_t           axi_req_i [NumPc],
  output axi_rsp_t           axi_rsp_o [NumPc],
  input  logic [6:0]         apb_pc_i,  // paddr[18:12]
  input  apb_req_t           apb_i,
  output apb_rsp_t           apb_o,
  output row_cmd_t           row_cmd_o [NumCh],
  output logic               row_pc_o  [NumCh],
  output col_cmd_t           col_cmd_o [NumCh],
  output logic               col_pc_o  [NumCh],
  output logic [DqW-1:0]     wdq_o       [NumPc],
  output logic [DqMaskW-1:0] wdq_strb_o  [NumPc],
  output logic               wdq_valid_o [NumPc],
  input  logic [DqW-1:0]     rdq_i       [NumPc],
  input  logic               rdq_valid_i [NumPc],
  output logic [7:0]         queue_count_o  [NumPc],
  output logic [7:0]         rob_used_o     [NumPc],
  output logic [7:0]         wdb_used_o     [NumPc],
  output logic signed [7:0]  refresh_owed_o [NumPc]
);
  localparam logic [6:0] Broadcast = 7'h7f;

  // ---- CSR bus: select one PC, or every PC for a broadcast write ------------------------
  apb_req_t apb_pc [NumPc];
  apb_rsp_t apb_rsp [NumPc];
  always_comb begin
    apb_o = '{rdata: '0, ready: 1'b1, slverr: 1'b0};
    for (int unsigned p = 0; p < NumPc; p++) begin
      apb_pc[p]     = apb_i;
      apb_pc[p].sel = apb_i.sel && (apb_pc_i == 7'(p) || (apb_pc_i == Broadcast && apb_i.write));
      if (apb_pc_i == 7'(p)) apb_o = apb_rsp[p];
    end
    if (apb_i.sel && apb_pc_i != Broadcast && 32'(apb_pc_i) >= NumPc) apb_o.slverr = 1'b1;
  end

  for (genvar ch = 0; ch < NumCh; ch++) begin : g_ch
    localparam int unsigned First = 2 * ch;
    localparam int unsigned Pcs   = (NumPc - First >= 2) ? 2 : 1;

    axi_req_t           req [Pcs];
    axi_rsp_t           rsp [Pcs];
    apb_req_t           creq [Pcs];
    apb_rsp_t           crsp [Pcs];
    logic [DqW-1:0]     wdq [Pcs];
    logic [DqMaskW-1:0] wstrb [Pcs];
    logic               wvalid [Pcs];
    logic [DqW-1:0]     rdq [Pcs];
    logic               rvalid [Pcs];
    logic [7:0]         qcount [Pcs];
    logic [7:0]         robu [Pcs];
    logic [7:0]         wdbu [Pcs];
    logic signed [7:0]  owed [Pcs];

    for (genvar p = 0; p < Pcs; p++) begin : g_port
      assign req[p]                    = axi_req_i[First + p];
      assign axi_rsp_o[First + p]      = rsp[p];
      assign creq[p]                   = apb_pc[First + p];
      assign apb_rsp[First + p]        = crsp[p];
      assign wdq_o[First + p]          = wdq[p];
      assign wdq_strb_o[First + p]     = wstrb[p];
      assign wdq_valid_o[First + p]    = wvalid[p];
      assign rdq[p]                    = rdq_i[First + p];
      assign rvalid[p]                 = rdq_valid_i[First + p];
      assign queue_count_o[First + p]  = qcount[p];
      assign rob_used_o[First + p]     = robu[p];
      assign wdb_used_o[First + p]     = wdbu[p];
      assign refresh_owed_o[First + p] = owed[p];
    end

    hbm_channel #(
      .NumPc(Pcs), .RDepth(RDepth), .WDepth(WDepth), .WStage(WStage), .RobDepth(RobDepth), .WdbDepth(WdbDepth)
    ) u_ch (
      .clk_i          (clk_i[First +: Pcs]),
      .rst_ni,
      .t_i,
      .geo_i,
      .axi_req_i      (req),
      .axi_rsp_o      (rsp),
      .apb_i          (creq),
      .apb_o          (crsp),
      .row_cmd_o      (row_cmd_o[ch]),
      .row_pc_o       (row_pc_o[ch]),
      .col_cmd_o      (col_cmd_o[ch]),
      .col_pc_o       (col_pc_o[ch]),
      .wdq_o          (wdq),
      .wdq_strb_o     (wstrb),
      .wdq_valid_o    (wvalid),
      .rdq_i          (rdq),
      .rdq_valid_i    (rvalid),
      .queue_count_o  (qcount),
      .rob_used_o     (robu),
      .wdb_used_o     (wdbu),
      .refresh_owed_o (owed)
    );
  end
endmodule
