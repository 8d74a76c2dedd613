// Drives two hbm_csr, one with every policy built and one without the comparison
// policies (HasFcfs = 0, HasAdaptive = 0, an FPGA build for FR-FCFS), through the same
// APB writes and reads, and checks what each answers:
//   - CAPS reads the policies built, and is read-only;
//   - a CTRL write that asks for FCFS or the adaptive page policy is refused by the
//     second (PSLVERR, the policy unchanged) and taken by the first;
//   - a CTRL write both build (closed pages, per-bank refresh) is taken by both;
//   - a map or XOR entry is kept as a pick of the bits a map can name (5 to 35): one
//     naming another bit is no bit (pick 0) and reads back 63; a lane past the table's
//     end reads 0.
// Ends with "PASS" and status 0, or stops at the first wrong answer with $fatal.
module csr_policies_tb;
  logic clk = 1'b0;
  logic rst_n = 1'b0;
  hbm_pkg::apb_req_t apb;
  hbm_pkg::apb_rsp_t rsp [2];
  hbm_pkg::policy_t  policy [2];

  for (genvar k = 0; k < 2; k++) begin : g_csr
    /* verilator lint_off UNUSEDSIGNAL */
    hbm_pkg::policy_t policy_next;
    logic [hbm_pkg::MapBits*hbm_pkg::MapPickW-1:0] map;
    logic [hbm_pkg::BankW*hbm_pkg::MapPickW-1:0]   xor_sel;
    logic clear, freeze;
    /* verilator lint_on UNUSEDSIGNAL */
    // The counters' read port answers with a word made of the counter's index.
    logic       cnt_rd;
    logic [3:0] cnt_idx;
    logic [63:0] cnt;
    assign cnt = cnt_rd ? {32'h1000_0000 | 32'(cnt_idx), 32'h2000_0000 | 32'(cnt_idx)} : '0;
    hbm_csr #(.HasFcfs(k == 0), .HasAdaptive(k == 0)) u_csr (
      .clk_i         (clk),
      .rst_ni        (rst_n),
      .apb_i         (apb),
      .apb_o         (rsp[k]),
      .policy_o      (policy[k]),
      .policy_next_o (policy_next),
      .map_o         (map),
      .xor_o         (xor_sel),
      .clear_o       (clear),
      .freeze_o      (freeze),
      .cnt_rd_o      (cnt_rd),
      .cnt_idx_o     (cnt_idx),
      .cnt_i         (cnt)
    );
  end

  always #5 clk <= !clk;

  // One APB transfer (setup, then access), both CSRs answering; their answers are
  // sampled in the access phase.
  logic [31:0] rdata [2];
  logic        err [2];
  task automatic transfer(input logic write, input logic [11:0] addr, input logic [31:0] wdata);
    @(negedge clk);
    apb = '0;
    apb.sel = 1'b1; apb.write = write; apb.addr = addr; apb.wdata = wdata;
    @(negedge clk);
    apb.enable = 1'b1;
    #1;
    for (int k = 0; k < 2; k++) begin
      rdata[k] = rsp[k].rdata;
      err[k]   = rsp[k].slverr;
    end
    @(negedge clk);
    apb = '0;
  endtask

  task automatic expect_eq(input string what, input logic [31:0] got, input logic [31:0] want);
    if (got !== want) $fatal(1, "%s: got %0h, want %0h", what, got, want);
  endtask

  // CTRL: [0] fcfs, [2:1] page, [3] per-bank refresh, [7:4] postpone, [8] pull-in.
  localparam logic [31:0] AskFcfs     = 32'h0000_0081;   // FCFS, postpone 8
  localparam logic [31:0] AskAdaptive = 32'h0000_0084;   // adaptive pages
  localparam logic [31:0] AskClosed   = 32'h0000_008a;   // closed pages, per-bank refresh
  localparam logic [31:0] AskAhead1   = 32'h0000_0281;   // FCFS, 1 refresh ahead
  localparam logic [31:0] AskAhead9   = 32'h0000_1281;   // FCFS, 9 ahead: kept as 8

  initial begin
    apb = '0;
    #12 rst_n = 1'b1;

    transfer(1'b0, hbm_pkg::CsrCaps, '0);
    expect_eq("CAPS, every policy built", rdata[0], 32'h3);
    expect_eq("CAPS, FR-FCFS only", rdata[1], 32'h0);
    transfer(1'b1, hbm_pkg::CsrCaps, 32'h3);
    expect_eq("CAPS written (full)", 32'(err[0]), 1);
    expect_eq("CAPS written (FR-FCFS only)", 32'(err[1]), 1);

    transfer(1'b1, hbm_pkg::CsrCtrl, AskFcfs);
    expect_eq("FCFS asked (full): error", 32'(err[0]), 0);
    expect_eq("FCFS asked (FR-FCFS only): error", 32'(err[1]), 1);
    expect_eq("FCFS asked (full): policy", 32'(policy[0].fcfs), 1);
    expect_eq("FCFS asked (FR-FCFS only): policy", 32'(policy[1].fcfs), 0);

    transfer(1'b1, hbm_pkg::CsrCtrl, AskAdaptive);
    expect_eq("adaptive asked (full): error", 32'(err[0]), 0);
    expect_eq("adaptive asked (FR-FCFS only): error", 32'(err[1]), 1);
    expect_eq("adaptive asked (full): page", 32'(policy[0].page), 2);
    expect_eq("adaptive asked (FR-FCFS only): page", 32'(policy[1].page), 0);

    transfer(1'b1, hbm_pkg::CsrCtrl, AskClosed);
    for (int k = 0; k < 2; k++) begin
      expect_eq($sformatf("closed asked (%0d): error", k), 32'(err[k]), 0);
      expect_eq($sformatf("closed asked (%0d): page", k), 32'(policy[k].page), 1);
      expect_eq($sformatf("closed asked (%0d): fcfs", k), 32'(policy[k].fcfs), 0);
      expect_eq($sformatf("closed asked (%0d): per-bank", k), 32'(policy[k].per_bank), 1);
    end
    // A refused write leaves every field as it was, not only the refused ones.
    transfer(1'b1, hbm_pkg::CsrCtrl, AskFcfs);
    expect_eq("FCFS refused: page kept", 32'(policy[1].page), 1);
    expect_eq("FCFS refused: per-bank kept", 32'(policy[1].per_bank), 1);
    transfer(1'b0, hbm_pkg::CsrCtrl, '0);
    expect_eq("CTRL read back (full)", rdata[0], AskFcfs);
    expect_eq("CTRL read back (FR-FCFS only)", rdata[1], AskClosed);
    // The refreshes the DRAM lets be done ahead: at most 8, as the postponement.
    transfer(1'b1, hbm_pkg::CsrCtrl, AskAhead9);
    expect_eq("9 ahead asked: 8 kept", 32'(policy[0].ahead_max), 8);
    transfer(1'b1, hbm_pkg::CsrCtrl, AskAhead1);
    expect_eq("1 ahead asked", 32'(policy[0].ahead_max), 1);
    transfer(1'b0, hbm_pkg::CsrCtrl, '0);
    expect_eq("CTRL read back with 1 ahead", rdata[0], AskAhead1);

    // The map and XOR tables (both builds keep them the same; checked on the full one).
    transfer(1'b0, hbm_pkg::CsrMap + 12'd4, '0);
    expect_eq("map word 1 after reset: no bits", rdata[0], 32'h3fff_ffff);
    // Word 0, entries 0-4, from lane 0: bits 5, 35, 4, 36, 63.
    transfer(1'b1, hbm_pkg::CsrMap, {2'b0, 6'd63, 6'd36, 6'd4, 6'd35, 6'd5});
    expect_eq("map picks 0-4", 32'(g_csr[0].map[24:0]), 32'({5'd0, 5'd0, 5'd0, 5'd31, 5'd1}));
    transfer(1'b0, hbm_pkg::CsrMap, '0);
    expect_eq("map word 0 read back", rdata[0], {2'b0, 6'd63, 6'd63, 6'd63, 6'd35, 6'd5});
    // Word 5 holds entries 25-28: its lane 4 reads 0.
    transfer(1'b1, hbm_pkg::CsrMap + 12'd20, {2'b0, 6'd20, 6'd21, 6'd22, 6'd23, 6'd24});
    expect_eq("map pick 28", 32'(g_csr[0].map[5*28 +: 5]), 32'(21 - 4));
    transfer(1'b0, hbm_pkg::CsrMap + 12'd20, '0);
    expect_eq("map word 5 read back", rdata[0], {2'b0, 6'd0, 6'd21, 6'd22, 6'd23, 6'd24});
    transfer(1'b1, hbm_pkg::CsrXor, {2'b0, 6'd30, 6'd12, 6'd0, 6'd13, 6'd14});
    expect_eq("XOR picks", 32'(g_csr[0].xor_sel[9:0]), 32'({5'd9, 5'd10}));
    transfer(1'b0, hbm_pkg::CsrXor, '0);
    expect_eq("XOR word 0 read back", rdata[0], {2'b0, 6'd30, 6'd12, 6'd63, 6'd13, 6'd14});
    // Word 1 holds entry 5 only where the flat bank has six bits (HBM4's 64 banks).
    transfer(1'b0, hbm_pkg::CsrXor + 12'd4, '0);
    expect_eq("XOR word 1 read back", rdata[0], (hbm_pkg::BankW > 5) ? 32'h3f : 32'h0);

    // A counter's words: the low half at 8 * k, the high half at 8 * k + 4; the last
    // counter is 11, past it no register.
    for (int k = 0; k < 2; k++) begin
      transfer(1'b0, hbm_pkg::CsrCounters + 12'd8 * 12'(hbm_pkg::CntActs), '0);
      expect_eq($sformatf("ACT count, low word (%0d)", k), rdata[k],
                32'h2000_0000 | hbm_pkg::CntActs);
      transfer(1'b0, hbm_pkg::CsrCounters + 12'd8 * 12'(hbm_pkg::CntQueueSum) + 12'd4, '0);
      expect_eq($sformatf("queue sum, high word (%0d)", k), rdata[k],
                32'h1000_0000 | hbm_pkg::CntQueueSum);
      transfer(1'b0, hbm_pkg::CsrCounters + 12'd8 * 12'(hbm_pkg::NumCounters), '0);
      expect_eq($sformatf("past the counters: error (%0d)", k), 32'(err[k]), 1);
    end
    $display("PASS");
    $finish;
  end
endmodule
