// Control and status registers of one pseudo-channel controller, on an APB slave:
// scheduling, page and refresh policy, the address map (bit order and bank XOR hashing)
// and the performance counters. Register offsets are in hbm_pkg (Csr*).
module hbm_csr
  import hbm_pkg::*;
(
  input  logic     clk_i,
  input  logic     rst_ni,
  input  apb_req_t apb_i,
  output apb_rsp_t apb_o,
  output policy_t  policy_o,
  output map_sel_t map_o [MapBits],
  output map_sel_t xor_o [BankW],
  output logic     clear_o,
  output logic     freeze_o,
  input  logic [64*NumCounters-1:0] count_i   // counter k at [64*k +: 64]
);
  policy_t  policy_q, policy_d;
  map_sel_t map_q [MapBits], map_d [MapBits];
  map_sel_t xor_q [BankW], xor_d [BankW];
  logic     freeze_q, freeze_d;

  localparam policy_t PolicyReset = '{
    fcfs: 1'b0, page: 2'd0, per_bank: 1'b0, postpone: 4'd8, pull_in: 1'b0,
    page_idle: 16'd64, starve: 16'd2000, wr_high: 8'd60, wr_low: 8'd20
  };

  logic access, wr;
  logic [CsrAddrW-1:0] a;
  assign access = apb_i.sel && apb_i.enable;
  assign wr     = access && apb_i.write;
  assign a      = apb_i.addr;

  // Offsets inside the map and counter windows.
  logic        in_map, in_xor, in_cnt;
  logic [2:0]  map_word;
  logic        xor_word;
  logic [3:0]  cnt_idx;
  logic        cnt_hi;
  assign in_map   = (a >= CsrMap) && (a < CsrMap + CsrAddrW'(4 * MapWords)) && (a[1:0] == 2'b0);
  assign in_xor   = (a == CsrXor) || (a == CsrXor + 12'd4);
  assign in_cnt   = (a >= CsrCounters) && (a < CsrCounters + CsrAddrW'(8 * NumCounters)) &&
                    (a[1:0] == 2'b0);
  assign map_word = 3'((a - CsrMap) >> 2);
  assign xor_word = a[2];
  assign cnt_idx  = 4'((a - CsrCounters) >> 3);
  assign cnt_hi   = a[2];

  always_comb begin
    policy_d = policy_q;
    map_d    = map_q;
    xor_d    = xor_q;
    freeze_d = freeze_q;
    clear_o  = 1'b0;
    if (wr) begin
      unique case (a)
        CsrCtrl: begin
          policy_d.fcfs     = apb_i.wdata[0];
          policy_d.page     = apb_i.wdata[2:1];
          policy_d.per_bank = apb_i.wdata[3];
          policy_d.postpone = (apb_i.wdata[7:4] > 4'd8) ? 4'd8 : apb_i.wdata[7:4];
          policy_d.pull_in  = apb_i.wdata[8];
        end
        CsrPageIdle: policy_d.page_idle = apb_i.wdata[15:0];
        CsrStarve:   policy_d.starve    = apb_i.wdata[15:0];
        CsrWmark: begin
          policy_d.wr_high = apb_i.wdata[7:0];
          policy_d.wr_low  = apb_i.wdata[15:8];
        end
        CsrCntCtrl: begin
          clear_o  = apb_i.wdata[0];
          freeze_d = apb_i.wdata[1];
        end
        default: begin
          if (in_map) begin
            for (int k = 0; k < 5; k++) begin
              if (5 * int'(map_word) + k < MapBits) map_d[5 * int'(map_word) + k] = apb_i.wdata[6*k +: 6];
            end
          end
          if (in_xor) begin
            for (int k = 0; k < 5; k++) begin
              if (5 * int'(xor_word) + k < BankW) xor_d[5 * int'(xor_word) + k] = apb_i.wdata[6*k +: 6];
            end
          end
        end
      endcase
    end
  end

  always_comb begin
    apb_o = '{rdata: '0, ready: 1'b1, slverr: 1'b0};
    if (access) begin
      unique case (a)
        CsrId:       apb_o.rdata = CsrIdValue;
        CsrCtrl:     apb_o.rdata = {23'b0, policy_q.pull_in, policy_q.postpone, policy_q.per_bank,
                                    policy_q.page, policy_q.fcfs};
        CsrPageIdle: apb_o.rdata = {16'b0, policy_q.page_idle};
        CsrStarve:   apb_o.rdata = {16'b0, policy_q.starve};
        CsrWmark:    apb_o.rdata = {16'b0, policy_q.wr_low, policy_q.wr_high};
        CsrCntCtrl:  apb_o.rdata = {30'b0, freeze_q, 1'b0};
        default: begin
          if (in_map) begin
            for (int k = 0; k < 5; k++) begin
              if (5 * int'(map_word) + k < MapBits) apb_o.rdata[6*k +: 6] = map_q[5 * int'(map_word) + k];
            end
          end else if (in_xor) begin
            for (int k = 0; k < 5; k++) begin
              if (5 * int'(xor_word) + k < BankW) apb_o.rdata[6*k +: 6] = xor_q[5 * int'(xor_word) + k];
            end
          end else if (in_cnt && 32'(cnt_idx) < NumCounters) begin
            apb_o.rdata = cnt_hi ? count_i[64 * 32'(cnt_idx) + 32 +: 32]
                                 : count_i[64 * 32'(cnt_idx) +: 32];
          end else begin
            apb_o.slverr = 1'b1;        // no register here
          end
        end
      endcase
      if (wr && (a == CsrId || in_cnt)) apb_o.slverr = 1'b1;   // read-only
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      policy_q <= PolicyReset;
      freeze_q <= 1'b0;
      for (int k = 0; k < MapBits; k++) map_q[k] <= '1;   // every bit reads as zero
      for (int k = 0; k < BankW; k++) xor_q[k] <= '1;
    end else begin
      policy_q <= policy_d;
      map_q    <= map_d;
      xor_q    <= xor_d;
      freeze_q <= freeze_d;
    end
  end

  assign policy_o = policy_q;
  assign map_o    = map_q;
  assign xor_o    = xor_q;
  assign freeze_o = freeze_q;

`ifndef SYNTHESIS
  a_apb_setup_first: assert property (@(posedge clk_i) disable iff (!rst_ni)
    apb_i.sel && apb_i.enable |-> $past(apb_i.sel));
`endif
endmodule
