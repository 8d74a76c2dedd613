// The stack behind the interleaving crossbar: one AXI4 port for the whole stack.
//
// Per-PC and per-channel ports are flat vectors, as hbm_stack's (yosys 0.23 reads no
// unpacked-array port).
module hbm_stack_xbar #(
  parameter int unsigned NumPc    = 32,
  parameter int unsigned RDepth   = 32,
  parameter int unsigned WDepth   = 32,
  parameter int unsigned WStage   = 32,   // posted writes staged ahead of the write queue
  parameter int unsigned RobDepth = 64,
  parameter int unsigned WdbDepth = 64,
  parameter bit          Pipe     = 1'b1,   // hbm_pc_ctrl's: commands from a register
  parameter bit          Lists    = 1'b0,   // hbm_pc_ctrl's: the queue as per-bank lists
  parameter bit          HasFcfs     = 1'b1,   // hbm_pc_ctrl's: the comparison policies built
  parameter bit          HasAdaptive = 1'b1,
  localparam int unsigned NumCh   = (NumPc + 1) / 2,
  localparam int unsigned PcW     = (NumPc > 1) ? $clog2(NumPc) : 1,
  // hbm_pkg's row_cmd_t and col_cmd_t, as vectors (see hbm_stack)
  localparam int unsigned RowCmdW = 3 + hbm_pkg::BankW + hbm_pkg::RowW,
  localparam int unsigned ColCmdW = 2 + 1 + hbm_pkg::BankW + hbm_pkg::ColW
) (
  input  logic [NumPc-1:0]                  clk_i,
  input  logic                              rst_ni,
  input  hbm_pkg::timing_t                  t_i,
  input  hbm_pkg::geometry_t                geo_i,
  input  logic [3:0]                        gran_log2_i,
  input  logic [PcW:0]                      pcs_log2_i,
  input  hbm_axi_pkg::axi_req_t             axi_req_i,
  output hbm_axi_pkg::axi_rsp_t             axi_rsp_o,
  input  logic [6:0]                        apb_pc_i,
  input  hbm_pkg::apb_req_t                 apb_i,
  output hbm_pkg::apb_rsp_t                 apb_o,
  output logic [NumCh*RowCmdW-1:0]          row_cmd_o,
  output logic [NumCh-1:0]                  row_pc_o,
  output logic [NumCh*ColCmdW-1:0]          col_cmd_o,
  output logic [NumCh-1:0]                  col_pc_o,
  output logic [NumCh*RowCmdW-1:0]          row_cmd_p1_o,   // 1:2 clock ratio, phase 1
  output logic [NumCh*ColCmdW-1:0]          col_cmd_p1_o,
  output logic [NumPc*hbm_pkg::DfiW-1:0]     wdq_o,
  output logic [NumPc*hbm_pkg::DfiMaskW-1:0] wdq_strb_o,
  output logic [NumPc-1:0]                  wdq_valid_o,
  input  logic [NumPc*hbm_pkg::DfiW-1:0]     rdq_i,
  input  logic [NumPc-1:0]                  rdq_valid_i,
  output logic [NumPc*8-1:0]                queue_count_o,
  output logic [NumPc*8-1:0]                rob_used_o,
  output logic [NumPc*8-1:0]                wdb_used_o,
  output logic [NumPc*8-1:0]                refresh_owed_o   // signed, per PC
);
  logic [NumPc*hbm_axi_pkg::AxiReqW-1:0] pc_req;
  logic [NumPc*hbm_axi_pkg::AxiRspW-1:0] pc_rsp;

  hbm_xbar #(.NumPc(NumPc)) u_xbar (
    .clk_i       (clk_i[0]),
    .rst_ni,
    .gran_log2_i,
    .pcs_log2_i,
    .slv_req_i   (axi_req_i),
    .slv_rsp_o   (axi_rsp_o),
    .pc_req_o    (pc_req),
    .pc_rsp_i    (pc_rsp)
  );

  hbm_stack #(
    .NumPc(NumPc), .RDepth(RDepth), .WDepth(WDepth), .WStage(WStage), .RobDepth(RobDepth), .WdbDepth(WdbDepth),
    .Pipe(Pipe),
    .Lists(Lists), .HasFcfs(HasFcfs), .HasAdaptive(HasAdaptive)
  ) u_stack (
    .clk_i,
    .rst_ni,
    .t_i,
    .geo_i,
    .axi_req_i      (pc_req),
    .axi_rsp_o      (pc_rsp),
    .apb_pc_i,
    .apb_i,
    .apb_o,
    .row_cmd_o,
    .row_pc_o,
    .col_cmd_o,
    .col_pc_o,
    .row_cmd_p1_o,
    .col_cmd_p1_o,
    .wdq_o,
    .wdq_strb_o,
    .wdq_valid_o,
    .rdq_i,
    .rdq_valid_i,
    .queue_count_o,
    .rob_used_o,
    .wdb_used_o,
    .refresh_owed_o
  );
endmodule
