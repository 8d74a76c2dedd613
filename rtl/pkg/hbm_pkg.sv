// Types and limits shared by the HBM pseudo-channel controller's blocks.
//
// The RTL is built for a number of banks per PC: `HBM_BANK_W` bits of flat bank index
// {sid, bg, ba}, 5 (32 banks: HBM2, HBM2E, HBM3) or 6 (64: HBM3E's 48, HBM4), given to
// the tools as a define (a package takes no parameters); 6 when not given. Everything
// else is built for the largest organisation any preset needs (128K rows, 64 bursts per
// row); the standard in use is selected at run time through the static configuration
// (geometry, timings) and the address map.
`ifndef HBM_BANK_W
`define HBM_BANK_W 6
`endif
package hbm_pkg;

  // ---- Organisation limits -------------------------------------------------------------
  // Every standard has at least 4 banks per bank group and 4 of {bg, ba} bits together.
  localparam int unsigned BankW     = `HBM_BANK_W;  // flat bank {sid, bg, ba}
  localparam int unsigned NumBanks  = 1 << BankW;
  localparam int unsigned GroupW    = BankW - 2;    // flat bank group {sid, bg}
  localparam int unsigned NumGroups = 1 << GroupW;
  localparam int unsigned SidW      = BankW - 4;
  localparam int unsigned NumSids   = 1 << SidW;
  localparam int unsigned RowW      = 17;
  localparam int unsigned ColW      = 6;           // 32-byte bursts within a row
  localparam int unsigned PcAddrW   = 36;          // byte address inside one PC
  localparam int unsigned DqW       = 128;         // DQ bits per tCK per PC (both edges)
  localparam int unsigned DqMaskW   = DqW / 8;
  // The controller's DQ ports carry a whole burst (both of its tCK's beats) in one
  // controller clock, as a DFI data word of two phases: the PHY (the co-simulation's
  // DfiPhy) splits a write's word into the tCK beats and gathers a read's. At the 1:1
  // clock ratio the word moves in the tCK of the burst's first beat (writes) or last
  // (reads); at 1:2 a controller clock is two tCK (docs/architecture.md, "Clock ratio").
  localparam int unsigned DfiW      = 2 * DqW;
  localparam int unsigned DfiMaskW  = 2 * DqMaskW;

  // Address map: every mapped bit (col, bank, row, in that order, LSB first) names the
  // address bit it comes from; an index beyond the address (e.g. 63) reads as zero, as
  // does one below MapLoBit or at PcAddrW and up (below).
  // The table's bank field is MapBankW wide whatever the build's BankW, so the CSR layout
  // (and the host's table) is the same for every build; a build with fewer banks ignores
  // the top entries of the field.
  localparam int unsigned MapBankW  = 6;
  localparam int unsigned MapBits   = ColW + MapBankW + RowW;
  localparam int unsigned MapSelW   = 6;
  // The RTL keeps an entry as a pick of the bits a map can name, MapLoBit up to PcAddrW
  // (below lies the byte inside a 32-byte burst; from PcAddrW up, no PC's span): pick 0
  // is no bit, pick p is address bit p + MapLoBit - 1. The CSR converts on a write, so a
  // choice is of 31 bits, not of 40 and zeros (issue 14); an entry naming another bit
  // reads back as 63, no bit (the host's tables never name one: its unmapped bit is 63).
  localparam int unsigned MapLoBit  = 5;
  localparam int unsigned MapPickW  = 5;

  // ---- Timers --------------------------------------------------------------------------
  localparam int unsigned TimerW = 12;             // longest: tRFC of HBM4 (~1100 tCK)
  // The per-bank countdowns (32 or 64 of each), sized to what each holds, with room to
  // spare over every standard's preset (sim/controller/rtl_limits.cpp refuses more):
  // ACT / REFpb after the bank's own commands (tRC, tRP, tRFCpb, a read's or write's
  // auto-precharge; HBM4's tRFCpb 560 tCK), PRE after ACT, RD and WR (tRAS, WL + BL + tWR,
  // tRTP; HBM3E's 68), RD / WR after ACT (tRCDRD, tRCDWR; HBM3E's 47).
  localparam int unsigned BankActW = 10;
  localparam int unsigned BankPreW = 8;
  localparam int unsigned BankRcdW = 7;
  // The countdowns of a bank group, a stack ID, tFAW and the PC but tRFC's (tRRDL, tCCDL,
  // WL + BL + tWTRL, tCCDR, tFAW, tRRDS, tRREFD, tCCDS, WL + BL + tWTRS, tRTW, tPPD,
  // tRPab; HBM3E's tRPab 39 is the largest).
  localparam int unsigned ShortW   = 7;
  localparam int unsigned RefiW  = 16;
  typedef logic [TimerW-1:0] timer_t;

  // Timings in tCK, as the standard's configuration file gives them.
  typedef struct packed {
    timer_t rl;      // read latency (CL): RD to first read data beat
    timer_t wl;      // write latency (CWL): WR to first write data beat
    timer_t bl;      // tCK a burst occupies the data bus
    timer_t rcdrd;
    timer_t rcdwr;
    timer_t rp;
    timer_t rpab;    // PREA to ACT / REF
    timer_t ras;
    timer_t rc;
    timer_t rrds;
    timer_t rrdl;
    timer_t faw;
    timer_t ccds;
    timer_t ccdl;
    timer_t ccdr;    // column to column, different stack ID
    timer_t wtrs;
    timer_t wtrl;
    timer_t rtw;     // RD to WR, any bank
    timer_t rtpl;    // tRTP: RD to PRE of the bank read (HBM2 calls it tRTPL)
    timer_t wr;      // write recovery: end of write data to PRE
    timer_t ppd;     // PRE to PRE
    timer_t rfc;     // REFab to anything that needs the banks
    timer_t rfcpb;
    timer_t rrefd;   // REFpb to REFpb / ACT of another bank
    logic [RefiW-1:0] refi;
    logic [RefiW-1:0] refipb;
  } timing_t;

  // Geometry of the selected standard (widths of the flat bank index's fields).
  typedef struct packed {
    logic [1:0] sid_bits;
    logic [1:0] bg_bits;
    logic [1:0] ba_bits;
    logic [2:0] num_sids;   // 1 to 4; a 12-high stack has 3, and SID 3 does not exist
    logic [5:0] addr_bits;  // log2 of the PC's address span in bytes
  } geometry_t;

  typedef logic [MapSelW-1:0] map_sel_t;

  // ---- Command buses (row and column, one command each per tCK) -----------------------
  typedef enum logic [2:0] {
    RowNop   = 3'd0,
    RowAct   = 3'd1,
    RowPre   = 3'd2,
    RowPrea  = 3'd3,
    RowRefab = 3'd4,
    RowRefpb = 3'd5
  } row_cmd_e;

  typedef enum logic [1:0] {
    ColNop = 2'd0,
    ColRd  = 2'd1,
    ColWr  = 2'd2
  } col_cmd_e;

  typedef logic [BankW-1:0] bank_t;
  typedef logic [RowW-1:0]  row_t;
  typedef logic [ColW-1:0]  col_t;

  typedef struct packed {
    row_cmd_e cmd;
    bank_t    bank;
    row_t     row;
  } row_cmd_t;

  typedef struct packed {
    col_cmd_e cmd;
    logic     ap;        // auto-precharge (RDA / WRA)
    bank_t    bank;
    col_t     col;
  } col_cmd_t;

  // ---- Requests inside the controller (one 32-byte column access each) ----------------
  localparam int unsigned SlotW = 6;               // ROB / write buffer slot index
  typedef logic [SlotW-1:0] slot_t;

  // more_in_row: the next column access of this request's AXI burst is to the same bank
  // and row. The closed page policy precharges a row with the burst's last access to it
  // (the one without the flag), not with each 32-byte piece: a 64-byte read is one ACT.
  // Above {bank, row, col}, which hbm_wr_stage compares as one slice beside the slot.
  typedef struct packed {
    logic  write;
    logic  more_in_row;
    bank_t bank;
    row_t  row;
    col_t  col;
    slot_t slot;      // ROB slot (read) or write-data-buffer slot (write)
  } req_t;

  // ---- Performance counters (read over the CSR bus) -------------------------------------
  localparam int unsigned CntCycles      = 0;   // tCK since the counters were cleared
  localparam int unsigned CntReads       = 1;   // RD + RDA
  localparam int unsigned CntWrites      = 2;   // WR + WRA
  localparam int unsigned CntRowHits     = 3;   // column commands to a bank accessed since its ACT
  localparam int unsigned CntRowMisses   = 4;   // first column command after an ACT
  localparam int unsigned CntRowConflict = 5;   // ACTs to a bank last closed by an explicit PRE
  localparam int unsigned CntActs        = 6;
  localparam int unsigned CntPres        = 7;   // PRE + PREA
  localparam int unsigned CntRefab       = 8;
  localparam int unsigned CntRefpb       = 9;
  localparam int unsigned CntTurnarounds = 10;  // column command in the other direction
  localparam int unsigned CntQueueSum    = 11;  // queued requests, summed over cycles
  localparam int unsigned NumCounters    = 12;
  typedef logic [63:0] counter_t;

  // ---- Policies (CSR CTRL register) ------------------------------------------------------
  typedef struct packed {
    logic        fcfs;        // 0: FR-FCFS, 1: FCFS
    logic [1:0]  page;        // 0 open, 1 closed, 2 adaptive
    logic        per_bank;    // refresh: 0 all-bank (REFab), 1 per-bank (REFpb)
    logic [3:0]  postpone;    // refreshes that may be owed before one is forced (0..8)
    logic        pull_in;     // refresh ahead of time when idle
    logic [3:0]  ahead_max;   // refreshes the DRAM lets be done ahead per bank (0..8)
    logic [15:0] page_idle;   // adaptive: close a row idle this long
    logic [15:0] starve;      // a request older than this stops overtaking (0: never)
    logic [7:0]  wr_high;     // write queue entries that start a write drain
    logic [7:0]  wr_low;      // ... and where it stops
  } policy_t;
  // The policy out of reset: FR-FCFS, open page, all-bank refresh postponed up to 8, no
  // pull-in, adaptive idle 64, starvation 2000, write drain from 60 down to 20. Fields in
  // declaration order (yosys 0.23 reads no named assignment pattern); the refresh fields
  // also alone (yosys 0.23 reads no member of a package constant).
  localparam logic       ResetPerBank  = 1'b0;
  localparam logic [3:0] ResetPostpone = 4'd8;
  localparam logic       ResetPullIn   = 1'b0;
  localparam logic [3:0] ResetAheadMax = 4'd8;
  localparam policy_t PolicyReset = {1'b0, 2'd0, ResetPerBank, ResetPostpone, ResetPullIn,
                                     ResetAheadMax, 16'd64, 16'd2000, 8'd60, 8'd20};

  // ---- CSR bus: APB (AMBA 3), one 4 KiB window per PC ------------------------------------
  localparam int unsigned CsrAddrW = 12;
  typedef struct packed {
    logic [CsrAddrW-1:0] addr;
    logic                sel;
    logic                enable;
    logic                write;
    logic [31:0]         wdata;
  } apb_req_t;
  typedef struct packed {
    logic [31:0] rdata;
    logic        ready;
    logic        slverr;
  } apb_rsp_t;

  // Register map (byte offsets).
  localparam logic [CsrAddrW-1:0] CsrId       = 12'h000;  // RO "HBMC"
  localparam logic [CsrAddrW-1:0] CsrCtrl     = 12'h004;  // fcfs, page, refresh policy
  localparam logic [CsrAddrW-1:0] CsrPageIdle = 12'h008;
  localparam logic [CsrAddrW-1:0] CsrStarve   = 12'h00c;
  localparam logic [CsrAddrW-1:0] CsrWmark    = 12'h010;  // [7:0] high, [15:8] low
  localparam logic [CsrAddrW-1:0] CsrCntCtrl  = 12'h014;  // [0] clear (pulse), [1] freeze
  localparam logic [CsrAddrW-1:0] CsrCaps     = 12'h018;  // RO [0] FCFS, [1] adaptive page built
  localparam logic [CsrAddrW-1:0] CsrMap      = 12'h020;  // 6 words, 5 map entries each
  localparam logic [CsrAddrW-1:0] CsrXor      = 12'h040;  // 2 words: XOR source per bank bit
  localparam logic [CsrAddrW-1:0] CsrCounters = 12'h100;  // counter k: lo at +8k, hi at +8k+4
  localparam logic [31:0]         CsrIdValue  = 32'h4842_4d43;
  localparam int unsigned         MapWords    = (MapBits + 4) / 5;

  // ---- Small counters -------------------------------------------------------------------
  // v + 1 for a count of up to 8 bits (narrower ones pass zeros above and keep their low
  // bits), bit by bit: bit j flips when the bits below are all ones. yosys 0.23 maps a sum
  // to a carry chain, whose every bit takes a LUT of its own on the part (the flip-flop
  // passed through it) before the LUT that chooses the next value; these bits fit the
  // choosing LUTs (issue 14: the performance counters' low parts, the refresh's ages).
  function automatic logic [7:0] plus1(logic [7:0] v);
    for (int j = 0; j < 8; j++) plus1[j] = v[j] ^ ((v & 8'((1 << j) - 1)) == 8'((1 << j) - 1));
  endfunction

  // ---- Slot allocators (reorder buffer, write-data buffer) -------------------------------
  // Their searches work on words of SlotSpan slots (a slot count is at most 1 << SlotW =
  // 64), padded with empty slots when a block has fewer.
  localparam int unsigned SlotSpan = 64;
  // Bit plane b of the slot indices: bit i of plane b is bit b of i. A one-hot slot's
  // index bit b is then one AND and an OR tree, not a priority chain over the slots.
  localparam logic [6*SlotSpan-1:0] SlotPlanes = {
    64'hffff_ffff_0000_0000, 64'hffff_0000_ffff_0000, 64'hff00_ff00_ff00_ff00,
    64'hf0f0_f0f0_f0f0_f0f0, 64'hcccc_cccc_cccc_cccc, 64'haaaa_aaaa_aaaa_aaaa};

  // The lowest set bit of x, one-hot (zero if none is). A prefix AND that doubles its
  // span each step marks the bits with none set below them: a tree of ANDs six levels
  // deep, not a carry chain through the slots.
  function automatic logic [SlotSpan-1:0] lowest_set(logic [SlotSpan-1:0] x);
    logic [SlotSpan-1:0] none_below;
    none_below = {~x[SlotSpan-2:0], 1'b1};
    for (int s = 1; s < SlotSpan; s = s * 2) begin
      none_below = none_below & ((none_below << s) | ~({SlotSpan{1'b1}} << s));
    end
    lowest_set = x & none_below;
  endfunction
  // The same where a simulation searches often (a queue's free entry on every arrival):
  // the tree for synthesis, two word operations in simulation (equiv.py checks the two).
  function automatic logic [SlotSpan-1:0] lowest_one(logic [SlotSpan-1:0] x);
`ifdef SYNTHESIS
    lowest_one = lowest_set(x);
`else
    lowest_one = x & (~x + 1'b1);
`endif
  endfunction

`ifndef SYNTHESIS
  // For simulation: the index of the lowest set bit of x, 64 when none is (what counting
  // the bits below it, $countones((x & -x) - 1), gives). Verilator counts bits in software,
  // about 24 instructions for 64 bits, and the simulation's one-hot indices spent 3 % of a
  // 1-PC run in it; in C++ the lowest set bit is one instruction.
  function automatic logic [6:0] lowest_set_index(logic [63:0] x);
`ifdef VERILATOR
    lowest_set_index = (x == '0) ? 7'd64 : 7'($c32("__builtin_ctzll(", x, ")"));
`else
    lowest_set_index = 7'($countones((x & (~x + 1'b1)) - 1'b1));
`endif
  endfunction
`endif

  // The index of a one-hot slot word (zero if it is empty): index bit b is the OR of the
  // slots whose index has bit b set. Simulation counts the slots below a one-hot word
  // instead (the same answer in fewer word operations), answers 0 for an empty word
  // without the planes (a pick is often empty), and ORs for any other word, so the two
  // forms agree on every input (equiv.py drives some at random).
  function automatic logic [5:0] slot_index(logic [SlotSpan-1:0] onehot);
`ifndef SYNTHESIS
    if (onehot == '0)          slot_index = '0;
    else if ($onehot(onehot)) slot_index = 6'(lowest_set_index(64'(onehot)));
    else
`endif
    for (int b = 0; b < 6; b++) slot_index[b] = (onehot & SlotPlanes[SlotSpan*b +: SlotSpan]) != '0;
  endfunction

  // The one-hot of a flat bank index. For yosys a compare per bank (as a shift it builds a
  // barrel shifter, one LUT level deeper); in simulation one shift, not NumBanks compares.
  function automatic logic [NumBanks-1:0] bank_1h(bank_t bank);
`ifdef SYNTHESIS
    for (int b = 0; b < NumBanks; b++) bank_1h[b] = 32'(bank) == 32'(b);
`else
    bank_1h = NumBanks'(1) << bank;
`endif
  endfunction

  // Group and stack ID of a flat bank index, given the geometry (of which only the
  // field widths matter here).
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic logic [GroupW-1:0] group_of(bank_t bank, geometry_t geo);
    group_of = GroupW'(bank >> geo.ba_bits);
  endfunction

  function automatic logic [SidW-1:0] sid_of(bank_t bank, geometry_t geo);
    sid_of = SidW'(bank >> (32'(geo.ba_bits) + 32'(geo.bg_bits)));  // 2 + 2 must not wrap
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

endpackage
