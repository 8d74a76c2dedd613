// One HBM channel: its pseudo-channel controllers (one or two) sharing the channel's
// row and column command buses. Each PC keeps its own DQ.
//
// Every PC runs on its own copy of the clock (clk_i[pc], gated copies of one clock),
// so an unused PC costs nothing; the buses' arbiters run on PC 0's copy.
//
// Per-PC ports are flat vectors (yosys 0.23 reads no unpacked-array port): PC p's AXI
// request at axi_req_i[p*AxiReqW +: AxiReqW], its DQ at wdq_o[p*DqW +: DqW], its counters
// at queue_count_o[8*p +: 8], and so on.
module hbm_channel #(
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
  // hbm_pkg's apb_req_t and apb_rsp_t, as vectors (Verilator's width lint checks them)
  localparam int unsigned ApbReqW = hbm_pkg::CsrAddrW + 3 + 32,
  localparam int unsigned ApbRspW = 32 + 2
) (
  input  logic [NumPc-1:0]                      clk_i,
  input  logic                                  rst_ni,
  input  hbm_pkg::timing_t                      t_i,
  input  hbm_pkg::geometry_t                    geo_i,
  input  logic [NumPc*hbm_axi_pkg::AxiReqW-1:0] axi_req_i,
  output logic [NumPc*hbm_axi_pkg::AxiRspW-1:0] axi_rsp_o,
  input  logic [NumPc*ApbReqW-1:0]              apb_i,
  output logic [NumPc*ApbRspW-1:0]              apb_o,
  // command buses
  output hbm_pkg::row_cmd_t                     row_cmd_o,
  output logic                                  row_pc_o,
  output hbm_pkg::col_cmd_t                     col_cmd_o,
  output logic                                  col_pc_o,
  // At the 1:2 clock ratio, the clock's second tCK (DFI phase 1): PC 1's commands, PC 0's
  // going in phase 0 above. Nops at 1:1.
  output hbm_pkg::row_cmd_t                     row_cmd_p1_o,
  output hbm_pkg::col_cmd_t                     col_cmd_p1_o,
  // DQ per PC
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
  // hbm_pkg's row_cmd_t and col_cmd_t, as vectors
  localparam int unsigned RowCmdW = 3 + hbm_pkg::BankW + hbm_pkg::RowW;
  localparam int unsigned ColCmdW = 2 + 1 + hbm_pkg::BankW + hbm_pkg::ColW;

  // Each PC's command requests, flat: PC p's at [p*RowCmdW +: RowCmdW] (and ColCmdW).
  logic [NumPc*RowCmdW-1:0] row_req;
  logic [NumPc*ColCmdW-1:0] col_req;
  logic [NumPc-1:0]         row_want, row_act, row_gnt, col_want, col_gnt;

  for (genvar p = 0; p < NumPc; p++) begin : g_pc
    hbm_pc_ctrl #(
      .RDepth(RDepth), .WDepth(WDepth), .WStage(WStage), .RobDepth(RobDepth), .WdbDepth(WdbDepth),
      .Pipe(Pipe),
      .Lists(Lists), .HasFcfs(HasFcfs), .HasAdaptive(HasAdaptive)
    ) u_pc (
      .clk_i          (clk_i[p]),
      .rst_ni,
      .t_i,
      .geo_i,
      .axi_req_i      (axi_req_i[p*ReqW +: ReqW]),
      .axi_rsp_o      (axi_rsp_o[p*RspW +: RspW]),
      .apb_i          (apb_i[p*ApbReqW +: ApbReqW]),
      .apb_o          (apb_o[p*ApbRspW +: ApbRspW]),
      .row_req_o      (row_req[p*RowCmdW +: RowCmdW]),
      .row_gnt_i      (row_gnt[p]),
      .col_req_o      (col_req[p*ColCmdW +: ColCmdW]),
      .col_gnt_i      (col_gnt[p]),
      .wdq_o          (wdq_o[p*DqW +: DqW]),
      .wdq_strb_o     (wdq_strb_o[p*DqMaskW +: DqMaskW]),
      .wdq_valid_o    (wdq_valid_o[p]),
      .rdq_i          (rdq_i[p*DqW +: DqW]),
      .rdq_valid_i    (rdq_valid_i[p]),
      .queue_count_o  (queue_count_o[8*p +: 8]),
      .rob_used_o     (rob_used_o[8*p +: 8]),
      .wdb_used_o     (wdb_used_o[8*p +: 8]),
      .refresh_owed_o (refresh_owed_o[8*p +: 8])
    );
  end

  // What each PC asks of the buses (its request read through a struct at module level:
  // yosys 0.23 reads no member of an array element).
  // (only the command is looked at)
  /* verilator lint_off UNUSEDSIGNAL */
  hbm_pkg::row_cmd_t row_p;
  hbm_pkg::col_cmd_t col_p;
  /* verilator lint_on UNUSEDSIGNAL */
  always_comb begin
    for (int unsigned p = 0; p < NumPc; p++) begin
      row_p       = row_req[p*RowCmdW +: RowCmdW];
      col_p       = col_req[p*ColCmdW +: ColCmdW];
      row_want[p] = (row_p.cmd != hbm_pkg::RowNop);
      row_act[p]  = (row_p.cmd == hbm_pkg::RowAct);
      col_want[p] = (col_p.cmd != hbm_pkg::ColNop);
    end
  end

  // 1:1 clock ratio: one command per bus a clock, round robin; an ACT's row address
  // takes 1.5 tCK, so it holds the row bus into the next clock.
  logic [NumPc-1:0] row_gnt_one, col_gnt_one;
  hbm_cmd_arbiter #(.NumPc(NumPc), .HoldAct(1'b1)) u_row_arb (
    .clk_i    (clk_i[0]),
    .rst_ni,
    .req_i    (row_want),
    .is_act_i (row_act),
    .gnt_o    (row_gnt_one)
  );

  hbm_cmd_arbiter #(.NumPc(NumPc), .HoldAct(1'b0)) u_col_arb (
    .clk_i    (clk_i[0]),
    .rst_ni,
    .req_i    (col_want),
    .is_act_i ('0),
    .gnt_o    (col_gnt_one)
  );

  // 1:2 clock ratio (a burst in one clock: t_i.bl = 1): each bus carries a command in each
  // of the clock's two tCK, PC p's in phase p, so both PCs may go every clock. An ACT's
  // 1.5 tCK of row address take the next phase too: PC 0's ACT leaves phase 1 of its
  // clock to nobody, PC 1's phase 0 of the next clock (act1_q). When PC 0's ACT and a
  // row command of PC 1 meet, they take turns (prio1_q: PC 1 first).
  logic             half;
  logic [NumPc-1:0] row_gnt_two;
  logic             act1_q, act1_d, prio1_q, prio1_d, want0, clash;
  assign half = t_i.bl == 1;
  always_comb begin
    row_gnt_two = '0;
    act1_d      = 1'b0;
    prio1_d     = prio1_q;
    want0       = row_want[0] && !act1_q;
    clash       = 1'b0;
    if (NumPc == 1) begin
      row_gnt_two[0] = want0;
    end else begin
      clash                = want0 && row_act[0] && row_want[NumPc-1];
      row_gnt_two[0]       = want0 && !(clash && prio1_q);
      row_gnt_two[NumPc-1] = row_want[NumPc-1] && !(row_gnt_two[0] && row_act[0]);
      act1_d               = row_gnt_two[NumPc-1] && row_act[NumPc-1];
      if (clash) prio1_d = row_gnt_two[0];
    end
  end
  always_ff @(posedge clk_i[0] or negedge rst_ni) begin
    if (!rst_ni) begin
      act1_q  <= 1'b0;
      prio1_q <= 1'b0;
    end else begin
      act1_q  <= half && act1_d;
      prio1_q <= prio1_d;
    end
  end
  assign row_gnt = half ? row_gnt_two : row_gnt_one;
  assign col_gnt = half ? col_want    : col_gnt_one;

`ifndef SYNTHESIS
  // At 1:2 no row command goes in a tCK an ACT's address still holds: not PC 1's beside
  // PC 0's ACT, not PC 0's after PC 1's.
  always_ff @(posedge clk_i[0])
    a_act_phase: assert (!rst_ni || !half || NumPc == 1 ||
                         !((row_gnt[0] && row_act[0] && row_gnt[NumPc-1]) ||
                           (act1_q && row_gnt[0])));
`endif

  // Drive the granted PC's command onto each bus (at 1:2, PC 1's onto phase 1).
  always_comb begin
    row_cmd_o        = '0;
    row_cmd_o.cmd    = hbm_pkg::RowNop;
    col_cmd_o        = '0;
    col_cmd_o.cmd    = hbm_pkg::ColNop;
    row_cmd_p1_o     = '0;
    row_cmd_p1_o.cmd = hbm_pkg::RowNop;
    col_cmd_p1_o     = '0;
    col_cmd_p1_o.cmd = hbm_pkg::ColNop;
    row_pc_o         = 1'b0;
    col_pc_o         = 1'b0;
    for (int unsigned p = 0; p < NumPc; p++) begin
      if (half && p == 1) begin
        if (row_gnt[p]) row_cmd_p1_o = row_req[p*RowCmdW +: RowCmdW];
        if (col_gnt[p]) col_cmd_p1_o = col_req[p*ColCmdW +: ColCmdW];
      end else begin
        if (row_gnt[p]) begin
          row_cmd_o = row_req[p*RowCmdW +: RowCmdW];
          row_pc_o  = 1'(p);
        end
        if (col_gnt[p]) begin
          col_cmd_o = col_req[p*ColCmdW +: ColCmdW];
          col_pc_o  = 1'(p);
        end
      end
    end
  end
endmodule
