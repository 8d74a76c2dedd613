// An HBM stack's controllers: NumPc pseudo-channel controllers, grouped in pairs into
// channels that share command buses, each with its own AXI4 port.
module hbm_stack
  import hbm_pkg::*;
  import hbm_axi_pkg::*;
#(
  parameter int unsigned NumPc    = 2,
  parameter int unsigned QDepth   = 16,
  parameter int unsigned RobDepth = 32,
  parameter int unsigned WdbDepth = 32,
  localparam int unsigned NumCh   = (NumPc + 1) / 2
) (
  input  logic [NumPc-1:0]   clk_i,     // per-PC copies of one clock (see hbm_channel)
  input  logic               rst_ni,
  input  timing_t            t_i,
  input  geometry_t          geo_i,
  input  map_sel_t           map_i [MapBits],
  input  logic               close_page_i,
  input  axi_req_t           axi_req_i [NumPc],
  output axi_rsp_t           axi_rsp_o [NumPc],
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
  output logic [3:0]         refresh_owed_o [NumPc]
);
  for (genvar ch = 0; ch < NumCh; ch++) begin : g_ch
    localparam int unsigned First = 2 * ch;
    localparam int unsigned Pcs   = (NumPc - First >= 2) ? 2 : 1;

    axi_req_t           req [Pcs];
    axi_rsp_t           rsp [Pcs];
    logic [DqW-1:0]     wdq [Pcs];
    logic [DqMaskW-1:0] wstrb [Pcs];
    logic               wvalid [Pcs];
    logic [DqW-1:0]     rdq [Pcs];
    logic               rvalid [Pcs];
    logic [7:0]         qcount [Pcs];
    logic [3:0]         owed [Pcs];

    for (genvar p = 0; p < Pcs; p++) begin : g_port
      assign req[p]                   = axi_req_i[First + p];
      assign axi_rsp_o[First + p]     = rsp[p];
      assign wdq_o[First + p]         = wdq[p];
      assign wdq_strb_o[First + p]    = wstrb[p];
      assign wdq_valid_o[First + p]   = wvalid[p];
      assign rdq[p]                   = rdq_i[First + p];
      assign rvalid[p]                = rdq_valid_i[First + p];
      assign queue_count_o[First + p] = qcount[p];
      assign refresh_owed_o[First + p] = owed[p];
    end

    hbm_channel #(.NumPc(Pcs), .QDepth(QDepth), .RobDepth(RobDepth), .WdbDepth(WdbDepth)) u_ch (
      .clk_i          (clk_i[First +: Pcs]),
      .rst_ni,
      .t_i,
      .geo_i,
      .map_i,
      .close_page_i,
      .axi_req_i      (req),
      .axi_rsp_o      (rsp),
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
      .refresh_owed_o (owed)
    );
  end
endmodule
