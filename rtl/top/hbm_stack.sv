// An HBM stack's controllers: NumPc pseudo-channel controllers, grouped in pairs into
// channels that share command buses, each with its own AXI4 port, and one APB port
// reaching every PC's CSRs (address bits [18:12] pick the PC; 127 writes to all, so 64 PCs leave it free).
//
// Per-PC and per-channel ports are flat vectors (yosys 0.23 reads no unpacked-array port):
// PC p's AXI request at axi_req_i[p*AxiReqW +: AxiReqW], its DQ at wdq_o[p*DqW +: DqW],
// channel ch's row command at row_cmd_o[ch*RowCmdW +: RowCmdW] (a hbm_pkg::row_cmd_t), and
// so on (see hbm_channel).
module hbm_stack #(
  parameter int unsigned NumPc    = 2,
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
  // hbm_pkg's row_cmd_t and col_cmd_t, as vectors (Verilator's width lint checks them)
  localparam int unsigned RowCmdW = 3 + hbm_pkg::BankW + hbm_pkg::RowW,
  localparam int unsigned ColCmdW = 2 + 1 + hbm_pkg::BankW + hbm_pkg::ColW
) (
  input  logic [NumPc-1:0]                      clk_i,     // per-PC copies of one clock (see hbm_channel)
  input  logic                                  rst_ni,
  input  hbm_pkg::timing_t                      t_i,
  input  hbm_pkg::geometry_t                    geo_i,
  input  logic [NumPc*hbm_axi_pkg::AxiReqW-1:0] axi_req_i,
  output logic [NumPc*hbm_axi_pkg::AxiRspW-1:0] axi_rsp_o,
  input  logic [6:0]                            apb_pc_i,  // paddr[18:12]
  input  hbm_pkg::apb_req_t                     apb_i,
  output hbm_pkg::apb_rsp_t                     apb_o,
  output logic [NumCh*RowCmdW-1:0]              row_cmd_o,
  output logic [NumCh-1:0]                      row_pc_o,
  output logic [NumCh*ColCmdW-1:0]              col_cmd_o,
  output logic [NumCh-1:0]                      col_pc_o,
  output logic [NumCh*RowCmdW-1:0]              row_cmd_p1_o,   // 1:2 clock ratio, phase 1
  output logic [NumCh*ColCmdW-1:0]              col_cmd_p1_o,
  output logic [NumPc*hbm_pkg::DfiW-1:0]         wdq_o,
  output logic [NumPc*hbm_pkg::DfiMaskW-1:0]     wdq_strb_o,
  output logic [NumPc-1:0]                      wdq_valid_o,
  input  logic [NumPc*hbm_pkg::DfiW-1:0]         rdq_i,
  input  logic [NumPc-1:0]                      rdq_valid_i,
  output logic [NumPc*8-1:0]                    queue_count_o,
  output logic [NumPc*8-1:0]                    rob_used_o,
  output logic [NumPc*8-1:0]                    wdb_used_o,
  output logic [NumPc*8-1:0]                    refresh_owed_o   // signed, per PC
);
  localparam int unsigned ReqW    = hbm_axi_pkg::AxiReqW;
  localparam int unsigned RspW    = hbm_axi_pkg::AxiRspW;
  localparam int unsigned DqW     = hbm_pkg::DfiW;   // a controller clock's DQ word
  localparam int unsigned DqMaskW = hbm_pkg::DfiMaskW;
  // hbm_pkg's apb_req_t and apb_rsp_t, as vectors
  localparam int unsigned ApbReqW = hbm_pkg::CsrAddrW + 3 + 32;
  localparam int unsigned ApbRspW = 32 + 2;
  localparam logic [6:0] Broadcast = 7'h7f;

  // ---- CSR bus: select one PC, or every PC for a broadcast write ------------------------
  // PC p's request at apb_pc[p*ApbReqW +: ApbReqW], its response at apb_rsp[p*ApbRspW +: ..].
  logic [NumPc*ApbReqW-1:0] apb_pc;
  logic [NumPc*ApbRspW-1:0] apb_rsp;
  hbm_pkg::apb_req_t        apb_p;
  // (In simulation an idle bus is passed on as all zeros, without the copies: a PC reads
  // nothing of its request without sel, and the bus is an input of the model, whose
  // input-driven logic Verilator evaluates on every evaluation.)
  always_comb begin
    apb_p  = '0;
    apb_pc = '0;
`ifndef SYNTHESIS
    if (apb_i.sel)
`endif
    for (int unsigned p = 0; p < NumPc; p++) begin
      apb_p     = apb_i;
      apb_p.sel = apb_i.sel && (apb_pc_i == 7'(p) || (apb_pc_i == Broadcast && apb_i.write));
      apb_pc[p*ApbReqW +: ApbReqW] = apb_p;
    end
  end
  always_comb begin
    apb_o       = '0;
    apb_o.ready = 1'b1;
    for (int unsigned p = 0; p < NumPc; p++) begin
      if (apb_pc_i == 7'(p)) apb_o = apb_rsp[p*ApbRspW +: ApbRspW];
    end
    if (apb_i.sel && apb_pc_i != Broadcast && 32'(apb_pc_i) >= NumPc) apb_o.slverr = 1'b1;
  end

  for (genvar ch = 0; ch < NumCh; ch++) begin : g_ch
    localparam int unsigned First = 2 * ch;
    localparam int unsigned Pcs   = (NumPc - First >= 2) ? 2 : 1;

    hbm_channel #(
      .NumPc(Pcs), .RDepth(RDepth), .WDepth(WDepth), .WStage(WStage), .RobDepth(RobDepth), .WdbDepth(WdbDepth),
      .Pipe(Pipe),
      .Lists(Lists), .HasFcfs(HasFcfs), .HasAdaptive(HasAdaptive)
    ) u_ch (
      .clk_i          (clk_i[First +: Pcs]),
      .rst_ni,
      .t_i,
      .geo_i,
      .axi_req_i      (axi_req_i[First*ReqW +: Pcs*ReqW]),
      .axi_rsp_o      (axi_rsp_o[First*RspW +: Pcs*RspW]),
      .apb_i          (apb_pc[First*ApbReqW +: Pcs*ApbReqW]),
      .apb_o          (apb_rsp[First*ApbRspW +: Pcs*ApbRspW]),
      .row_cmd_o      (row_cmd_o[ch*RowCmdW +: RowCmdW]),
      .row_pc_o       (row_pc_o[ch]),
      .col_cmd_o      (col_cmd_o[ch*ColCmdW +: ColCmdW]),
      .col_pc_o       (col_pc_o[ch]),
      .row_cmd_p1_o   (row_cmd_p1_o[ch*RowCmdW +: RowCmdW]),
      .col_cmd_p1_o   (col_cmd_p1_o[ch*ColCmdW +: ColCmdW]),
      .wdq_o          (wdq_o[First*DqW +: Pcs*DqW]),
      .wdq_strb_o     (wdq_strb_o[First*DqMaskW +: Pcs*DqMaskW]),
      .wdq_valid_o    (wdq_valid_o[First +: Pcs]),
      .rdq_i          (rdq_i[First*DqW +: Pcs*DqW]),
      .rdq_valid_i    (rdq_valid_i[First +: Pcs]),
      .queue_count_o  (queue_count_o[8*First +: 8*Pcs]),
      .rob_used_o     (rob_used_o[8*First +: 8*Pcs]),
      .wdb_used_o     (wdb_used_o[8*First +: 8*Pcs]),
      .refresh_owed_o (refresh_owed_o[8*First +: 8*Pcs])
    );
  end
endmodule
