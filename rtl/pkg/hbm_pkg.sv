// Types and limits shared by the HBM pseudo-channel controller's blocks.
//
// The RTL is built for the largest organisation any preset needs (64 banks per PC,
// 128K rows, 64 bursts per row); the standard in use is selected at run time through
// the static configuration (geometry, timings) and the address map.
package hbm_pkg;

  // ---- Organisation limits -------------------------------------------------------------
  localparam int unsigned BankW     = 6;           // flat bank {sid, bg, ba}
  localparam int unsigned NumBanks  = 1 << BankW;
  localparam int unsigned GroupW    = 4;           // flat bank group {sid, bg}
  localparam int unsigned NumGroups = 1 << GroupW;
  localparam int unsigned SidW      = 2;
  localparam int unsigned NumSids   = 1 << SidW;
  localparam int unsigned RowW      = 17;
  localparam int unsigned ColW      = 6;           // 32-byte bursts within a row
  localparam int unsigned PcAddrW   = 36;          // byte address inside one PC
  localparam int unsigned DqW       = 128;         // DQ bits per tCK per PC (both edges)
  localparam int unsigned DqMaskW   = DqW / 8;

  // Address map: every mapped bit (col, bank, row, in that order, LSB first) names the
  // address bit it comes from; an index beyond the address (e.g. 63) reads as zero.
  localparam int unsigned MapBits   = ColW + BankW + RowW;
  localparam int unsigned MapSelW   = 6;

  // ---- Timers --------------------------------------------------------------------------
  localparam int unsigned TimerW = 12;             // longest: tRFC of HBM4 (~1100 tCK)
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
    timer_t rtps;    // RD to PRE, another bank group
    timer_t rtpl;    // RD to PRE, same bank group (and PREA)
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
    logic [5:0] addr_bits;  // log2 of the PC's capacity in bytes
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

  typedef struct packed {
    logic  write;
    bank_t bank;
    row_t  row;
    col_t  col;
    slot_t slot;      // ROB slot (read) or write-data-buffer slot (write)
  } req_t;

  // Group and stack ID of a flat bank index, given the geometry (of which only the
  // field widths matter here).
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic logic [GroupW-1:0] group_of(bank_t bank, geometry_t geo);
    return GroupW'(bank >> geo.ba_bits);
  endfunction

  function automatic logic [SidW-1:0] sid_of(bank_t bank, geometry_t geo);
    return SidW'(bank >> (32'(geo.ba_bits) + 32'(geo.bg_bits)));  // 2 + 2 must not wrap
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

endpackage
