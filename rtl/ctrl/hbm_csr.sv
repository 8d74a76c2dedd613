// Control and status registers of one pseudo-channel controller, on an APB slave:
// scheduling, page and refresh policy, the address map (bit order and bank XOR hashing)
// and the performance counters. Register offsets are in hbm_pkg (Csr*).
//
// The tables are flat vectors (yosys 0.23 takes no unpacked-array port and no whole
// unpacked-array assignment): map entry k is map_o[5*k +: 5], XOR entry j is
// xor_o[5*j +: 5]. A counter is read through hbm_perf_counters' read port: the CSR names
// the counter (cnt_idx_o, with cnt_rd_o while its window is read) and takes the count's
// half the address names.
//
// A map or XOR entry is written as the address bit it names (6 bits, 63 for none) and
// kept as a pick (hbm_pkg::MapPickW): the address maps' choices are then of the 31 bits
// a map can name (issue 14). An entry naming a bit below hbm_pkg::MapLoBit or at
// hbm_pkg::PcAddrW and up names no bit, and reads back as 63.
//
// The comparison policies are built only when asked (HasFcfs, HasAdaptive): an FPGA
// build for FR-FCFS leaves them out, and the logic only they use goes with them (their
// fields are constant, so synthesis removes what reads them). CAPS says which are built;
// a CTRL write that asks for one that is not is refused (PSLVERR, the register unchanged)
// rather than run under another policy than the host believes.
module hbm_csr #(
  parameter bit HasFcfs     = 1'b1,   // FCFS (CTRL.fcfs) may be chosen
  parameter bit HasAdaptive = 1'b1    // the adaptive page policy (CTRL.page = 2) may be chosen
) (
  input  logic                                          clk_i,
  input  logic                                          rst_ni,
  input  hbm_pkg::apb_req_t                             apb_i,
  output hbm_pkg::apb_rsp_t                             apb_o,
  output hbm_pkg::policy_t                              policy_o,
  output hbm_pkg::policy_t                              policy_next_o,  // after this edge
  output logic [hbm_pkg::MapBits*hbm_pkg::MapPickW-1:0] map_o,
  output logic [hbm_pkg::BankW*hbm_pkg::MapPickW-1:0]   xor_o,
  output logic                                          clear_o,
  output logic                                          freeze_o,
  output logic                                          cnt_rd_o,
  output logic [3:0]                                    cnt_idx_o,
  input  logic [63:0]                                   cnt_i
);
  localparam int unsigned MapBits     = hbm_pkg::MapBits;
  localparam int unsigned BankW       = hbm_pkg::BankW;
  localparam int unsigned SelW        = hbm_pkg::MapSelW;
  localparam int unsigned PickW       = hbm_pkg::MapPickW;
  localparam int unsigned LoBit       = hbm_pkg::MapLoBit;
  localparam int unsigned HiBit       = hbm_pkg::PcAddrW;
  localparam int unsigned NumCounters = hbm_pkg::NumCounters;
  localparam int unsigned CsrAddrW    = hbm_pkg::CsrAddrW;
  localparam int unsigned MapWords    = hbm_pkg::MapWords;

  hbm_pkg::policy_t         policy_q;
  logic [MapBits*PickW-1:0] map_q;
  logic [BankW*PickW-1:0]   xor_q;
  logic                     freeze_q;

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
  // Read only under sel (an access or a write). In simulation they are decoded only then:
  // the bus is an input of the model, whose input-driven logic Verilator evaluates on
  // every evaluation, for an idle PC and an idle bus too.
  always_comb begin
    {in_map, in_xor, in_cnt, map_word, xor_word, cnt_idx, cnt_hi} = '0;
`ifndef SYNTHESIS
    if (apb_i.sel)
`endif
    begin
      in_map   = (a >= hbm_pkg::CsrMap) && (a < hbm_pkg::CsrMap + CsrAddrW'(4 * MapWords)) &&
                 (a[1:0] == 2'b0);
      in_xor   = (a == hbm_pkg::CsrXor) || (a == hbm_pkg::CsrXor + 12'd4);
      in_cnt   = (a >= hbm_pkg::CsrCounters) &&
                 (a < hbm_pkg::CsrCounters + CsrAddrW'(8 * NumCounters)) && (a[1:0] == 2'b0);
      map_word = 3'((a - hbm_pkg::CsrMap) >> 2);
      xor_word = a[2];
      cnt_idx  = 4'((a - hbm_pkg::CsrCounters) >> 3);
      cnt_hi   = a[2];
    end
  end

  // (With sel: the simulation decodes the address only then.)
  assign cnt_rd_o  = apb_i.sel && in_cnt;
  assign cnt_idx_o = apb_i.sel ? cnt_idx : '0;

  // A map or XOR word holds five entries, from 5 * word on; entry e is field e % 5 of word
  // e / 5. The loops below run over the entries with constant indices (a variable part
  // select costs yosys a multiplier and a shifter per access).
  // A write's effect is computed in the register process (on a write only), not in an
  // always_comb: the APB bus is driven by the model's inputs, and Verilator evaluates
  // input-driven combinational logic on every evaluation, for an idle PC too.
  assign clear_o = wr && a == hbm_pkg::CsrCntCtrl && apb_i.wdata[0];

  // A CTRL write that asks for a policy this build leaves out (page 3, reserved, reads
  // as open; without the adaptive policy the page field's high bit is refused whole).
  logic ctrl_refused;
  assign ctrl_refused = (!HasFcfs && apb_i.wdata[0]) || (!HasAdaptive && apb_i.wdata[2]);

  // An entry as a pick (written) and as the bit it names (read). Called with a data lane
  // of the word (the same five lanes for every word), so synthesis keeps five converters
  // each way, not one per entry. The write's is called in the register process: the bus
  // is the model's input (see above).
  function automatic logic [PickW-1:0] pick_of(logic [SelW-1:0] bit_idx);
    pick_of = (32'(bit_idx) >= LoBit && 32'(bit_idx) < HiBit)
            ? PickW'(32'(bit_idx) - LoBit + 1) : '0;
  endfunction
  function automatic logic [SelW-1:0] bit_of(logic [PickW-1:0] kept);
    bit_of = (kept == '0) ? '1 : SelW'(32'(kept) + LoBit - 1);
  endfunction
  // The read word's picks, before they become bit indices, and its lanes that hold one.
  logic [5*PickW-1:0] rd_picks;
  logic [4:0]         rd_lanes;

  always_comb begin
    apb_o       = '0;
    apb_o.ready = 1'b1;
    rd_picks    = '0;
    rd_lanes    = '0;
    if (access) begin
      unique case (a)
        hbm_pkg::CsrId:       apb_o.rdata = hbm_pkg::CsrIdValue;
        hbm_pkg::CsrCaps:     apb_o.rdata = {30'b0, HasAdaptive, HasFcfs};
        hbm_pkg::CsrCtrl:     apb_o.rdata = {19'b0, policy_o.ahead_max, policy_o.pull_in,
                                             policy_o.postpone, policy_o.per_bank,
                                             policy_o.page, policy_o.fcfs};
        hbm_pkg::CsrPageIdle: apb_o.rdata = {16'b0, policy_q.page_idle};
        hbm_pkg::CsrStarve:   apb_o.rdata = {16'b0, policy_q.starve};
        hbm_pkg::CsrWmark:    apb_o.rdata = {16'b0, policy_q.wr_low, policy_q.wr_high};
        hbm_pkg::CsrCntCtrl:  apb_o.rdata = {30'b0, freeze_q, 1'b0};
        default: begin
          if (in_map || in_xor) begin
            // The word's entries, each on its lane; a lane past the table's end reads 0.
            for (int e = 0; e < MapBits; e++) begin
              if (in_map && 32'(map_word) == e / 5) begin
                rd_picks[PickW*(e%5) +: PickW] = map_q[PickW*e +: PickW];
                rd_lanes[e%5] = 1'b1;
              end
            end
            for (int e = 0; e < BankW; e++) begin
              if (in_xor && 32'(xor_word) == e / 5) begin
                rd_picks[PickW*(e%5) +: PickW] = xor_q[PickW*e +: PickW];
                rd_lanes[e%5] = 1'b1;
              end
            end
            for (int l = 0; l < 5; l++) begin
              if (rd_lanes[l]) apb_o.rdata[SelW*l +: SelW] = bit_of(rd_picks[PickW*l +: PickW]);
            end
          end else if (in_cnt && 32'(cnt_idx) < NumCounters) begin
            apb_o.rdata = cnt_hi ? cnt_i[63:32] : cnt_i[31:0];
          end else begin
            apb_o.slverr = 1'b1;        // no register here
          end
        end
      endcase
      if (wr && (a == hbm_pkg::CsrId || a == hbm_pkg::CsrCaps || in_cnt)) begin
        apb_o.slverr = 1'b1;                                    // read-only
      end
      if (wr && a == hbm_pkg::CsrCtrl && ctrl_refused) apb_o.slverr = 1'b1;
    end
  end

  // The policy after this edge. It is the one write decode computed outside the register
  // process: the refresh keeps thresholds derived from the policy as registers (issue
  // 14: off its path to the scheduler), loaded from this, so that they change on the
  // same edge as the policy itself.
  hbm_pkg::policy_t policy_d;
  // A refresh count as the policy keeps it: JEDEC's 8 at most.
  function automatic logic [3:0] at_most_8(logic [3:0] v);
    at_most_8 = (v > 4'd8) ? 4'd8 : v;
  endfunction
  always_comb begin
    policy_d = policy_q;
    if (wr) begin
      unique case (a)
        hbm_pkg::CsrCtrl: begin
          if (!ctrl_refused) begin
            policy_d.fcfs      = apb_i.wdata[0];
            policy_d.page      = apb_i.wdata[2:1];
            policy_d.per_bank  = apb_i.wdata[3];
            policy_d.postpone  = at_most_8(apb_i.wdata[7:4]);
            policy_d.pull_in   = apb_i.wdata[8];
            policy_d.ahead_max = at_most_8(apb_i.wdata[12:9]);
          end
        end
        hbm_pkg::CsrPageIdle: policy_d.page_idle = apb_i.wdata[15:0];
        hbm_pkg::CsrStarve:   policy_d.starve    = apb_i.wdata[15:0];
        hbm_pkg::CsrWmark: begin
          policy_d.wr_high = apb_i.wdata[7:0];
          policy_d.wr_low  = apb_i.wdata[15:8];
        end
        default: ;
      endcase
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      policy_q <= hbm_pkg::PolicyReset;
      freeze_q <= 1'b0;
      map_q    <= '0;   // every entry no bit (63): every bit reads as zero
      xor_q    <= '0;
    end else if (wr) begin
      policy_q <= policy_d;
      unique case (a)
        hbm_pkg::CsrCntCtrl: freeze_q <= apb_i.wdata[1];
        default: begin
          if (in_map) begin
            for (int e = 0; e < MapBits; e++) begin
              if (32'(map_word) == e / 5) map_q[PickW*e +: PickW] <= pick_of(apb_i.wdata[6*(e%5) +: 6]);
            end
          end
          if (in_xor) begin
            for (int e = 0; e < BankW; e++) begin
              if (32'(xor_word) == e / 5) xor_q[PickW*e +: PickW] <= pick_of(apb_i.wdata[6*(e%5) +: 6]);
            end
          end
        end
      endcase
    end
  end
  // The fields of a policy left out are constants on the output (the refusal keeps the
  // register at its reset value, which yosys does not find by itself), so synthesis
  // removes what reads them. policy_next_o feeds the refresh only, which reads neither.
  always_comb begin
    policy_o = policy_q;
    if (!HasFcfs)     policy_o.fcfs    = 1'b0;
    if (!HasAdaptive) policy_o.page[1] = 1'b0;
  end
  assign policy_next_o = policy_d;
  assign map_o    = map_q;
  assign xor_o    = xor_q;
  assign freeze_o = freeze_q;

`ifndef SYNTHESIS
  // A pick names every bit from MapLoBit below PcAddrW, and nothing beyond (hbm_pkg's
  // MapPickW is written out: this keeps it in step with PcAddrW).
  initial assert ((1 << PickW) - 1 == HiBit - LoBit);
  // An access phase follows a setup phase: sel was high the tCK before. (A register and
  // an immediate assertion, not $past: see hbm_hold_check.)
  logic sel_q;
  always_ff @(posedge clk_i) sel_q <= apb_i.sel;
  always_ff @(posedge clk_i)
    a_apb_setup_first: assert (!rst_ni || !(apb_i.sel && apb_i.enable) || sel_q);
`endif
endmodule
