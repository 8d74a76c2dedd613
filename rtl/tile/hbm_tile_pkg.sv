// Types, parameters and the CSR map of the accelerator tile: a descriptor-driven int8
// GEMV/GEMM engine with one AXI4 master per pseudo-channel (docs/architecture.md, "The
// tile"). The C++ driver's copy of the CSR map is sim/cosim/csr/tile_csr.h.
//
// In the SystemVerilog subset Debian's yosys (0.23) reads (docs/synthesis.md): no imports
// (names are qualified), no packed arrays of a typedef'd element (yosys keeps one element
// and says nothing: a vector of N elements is declared flat, element i at [i*W +: W]), and
// each struct's width is a localparam (*W below) for the flat vectors and FIFOs that carry
// it; Verilator's width lint checks each where a struct meets its vector.
package hbm_tile_pkg;

  // hbm_axi_pkg's widths: yosys 0.23 resolves no other package's name inside a package.
  // Where these meet the AXI structs, Verilator's width lint checks that they agree.
  localparam int unsigned AddrW = 40;
  localparam int unsigned DataW = 256;
  localparam int unsigned StrbW = DataW / 8;

  localparam int unsigned BeatBytes = DataW / 8;   // 32: one AXI beat, one DRAM burst

  // Descriptor operations and flags.
  typedef enum logic [3:0] {
    OpGemv = 4'd1,   // Y[n][m] = sum_k W[m][k] * X[n][k], n < MaxN (one scratchpad block)
    OpGemm = 4'd2    // the same over any N, in blocks of MaxN activation rows
  } op_e;

  typedef struct packed {
    logic [3:0]  op;
    logic        acc;      // add the int32 already in Y (int32 output only)
    logic        out_i8;   // int8 output: round, arithmetic shift right, saturate
    logic [4:0]  shift;
    logic [AddrW-1:0] w, x, y;  // byte addresses in the interleaved stack
    logic [31:0] m, k, n;  // W is m x k, X is n x k, Y is n x m
    logic [31:0] ldw, ldx, ldy;   // row strides in bytes
    logic [2:0]  beyond;   // W, X, Y: the high address word set bits above addr_t
  } desc_t;

  // Error codes (CSR ERROR[7:0]); a descriptor that fails a check touches no memory.
  typedef enum logic [7:0] {
    ErrNone       = 8'd0,
    ErrBadOp      = 8'd1,   // op is not GEMV or GEMM
    ErrZeroSize   = 8'd2,   // m, k or n is 0
    ErrMisaligned = 8'd3,   // an address or a stride is not a multiple of 32 bytes
    ErrStride     = 8'd4,   // a stride is shorter than its row (rows would overlap)
    ErrRange      = 8'd5,   // a tensor reaches beyond the stack's memory
    ErrTooLarge   = 8'd6,   // k beyond the scratchpad, or a GEMV n beyond MaxN
    ErrBadFlags   = 8'd7,   // accumulate with int8 output
    ErrMemory     = 8'd8    // a read or write answered SLVERR/DECERR (found while running)
  } err_e;

  // CSR offsets (APB, 32-bit registers).
  localparam logic [11:0] CsrId        = 12'h000;   // RO kTileId
  localparam logic [11:0] CsrStatus    = 12'h004;   // RO [0] busy [1] queue full [7:4] queued
  localparam logic [11:0] CsrError     = 12'h008;   // RO [7:0] code, [31:16] descriptor number
  localparam logic [11:0] CsrIrqEn     = 12'h00C;   // RW [0] done [1] error
  localparam logic [11:0] CsrIrqStatus = 12'h010;   // RW1C [0] done [1] error
  localparam logic [11:0] CsrCntCtrl   = 12'h014;   // WO [0] clear [1] freeze
  localparam logic [11:0] CsrMaxN      = 12'h018;   // RO MaxN
  localparam logic [11:0] CsrMaxK      = 12'h01C;   // RO largest k (scratchpad bytes per row)
  localparam logic [11:0] CsrDOp       = 12'h020;   // [3:0] op [8] acc [9] int8 out [20:16] shift
  localparam logic [11:0] CsrDW        = 12'h024;   // lo, hi at +4
  localparam logic [11:0] CsrDX        = 12'h02C;
  localparam logic [11:0] CsrDY        = 12'h034;
  localparam logic [11:0] CsrDM        = 12'h03C;
  localparam logic [11:0] CsrDK        = 12'h040;
  localparam logic [11:0] CsrDN        = 12'h044;
  localparam logic [11:0] CsrDLdw      = 12'h048;
  localparam logic [11:0] CsrDLdx      = 12'h04C;
  localparam logic [11:0] CsrDLdy      = 12'h050;
  localparam logic [11:0] CsrDPush     = 12'h054;   // WO: queue the staged descriptor
  localparam logic [11:0] CsrDone      = 12'h058;   // RO descriptors finished (ok or not)
  localparam logic [11:0] CsrCounters  = 12'h080;   // 64-bit counters, lo then hi
  localparam logic [31:0] TileId       = 32'h711E_0001;

  localparam int unsigned NumCounters = 7;
  typedef enum logic [2:0] {
    CntBusy     = 3'd0,   // a descriptor is being checked, read, computed or written
    CntMemStall = 3'd1,   // busy, reads outstanding, and no read beat arrived
    CntRdBytes  = 3'd2,   // 32 x read beats received
    CntWrBytes  = 3'd3,   // 32 x write beats sent
    CntMacs     = 3'd4,   // int8 multiply-accumulates that count (k < K, n < N)
    CntDescs    = 3'd5,   // descriptors completed without error
    CntErrors   = 3'd6    // descriptors that ended with an error
  } cnt_e;

  // What a read burst's data is for; travels with the burst in the port's tag FIFO.
  typedef enum logic [1:0] {
    KindX = 2'd0,   // activation row into the scratchpad
    KindW = 2'd1,   // weight row chunk into the MAC lane
    KindY = 2'd2    // old Y for an accumulating descriptor
  } kind_e;


  // Sizes of the build. MaxN activation rows share each weight beat: a lane does
  // BeatBytes x MaxN MACs per beat, so one port's lane alone outruns its PC (one beat per
  // 2 tCK) even at batch 1. The scratchpad holds two banks (the next block loads while
  // the current one computes) of MaxN rows of up to SpadWords x 32 bytes.
  localparam int unsigned MaxN      = 4;
  localparam int unsigned SpadWords = 512;                 // k <= 16384
  localparam int unsigned MaxK      = SpadWords * BeatBytes;
  localparam int unsigned RowWin    = 1024;                // output rows in flight
  localparam int unsigned YGroups   = 256;                 // old-Y beats buffered, per n
  localparam int unsigned TagDepth  = 32;                  // read bursts in flight per port
  localparam int unsigned NW        = $clog2(MaxN);
  localparam int unsigned KwW       = $clog2(SpadWords);
  localparam int unsigned SlotW     = $clog2(RowWin);
  localparam int unsigned GrpW      = $clog2(YGroups);
  localparam int unsigned SpadIdxW  = 1 + NW + KwW;        // {bank, n, kword}

  typedef logic [NW:0]            nb_t;     // 1 to MaxN
  typedef logic [SpadIdxW-1:0]    spad_idx_t;
  typedef logic signed [31:0]     acc_t;
  typedef logic [32*MaxN-1:0]     acc_vec_t;   // MaxN acc_t, row n at [32*n +: 32]

  // Travels with a read burst through the port's tag FIFO.
  typedef struct packed {
    kind_e            kind;
    logic             bank;
    logic [NW-1:0]    n;           // X, Y: activation row
    nb_t              nb;          // W: activation rows in the block
    logic [KwW-1:0]   kword;       // X, W: 32-byte word of k of the burst's first beat
    logic [5:0]       last_bytes;  // W: bytes of k in the burst's last beat (1 to 32)
    logic [SlotW-1:0] slot;        // W: window slot of the output row
    logic [GrpW-1:0]  grp;         // Y: old-Y buffer entry
    logic             dsc;         // the descriptor's number, mod 2 (errors are its own)
  } tag_t;

  // A read burst from the front end to one port (PC-local address).
  typedef struct packed {
    logic [AddrW-1:0] addr;
    logic [7:0]       len;
    tag_t             tag;
  } rd_req_t;

  // What a MAC lane needs of a weight beat besides its data (the lane reads that from its
  // port's R beat, which also carries X and old Y: one copy of the 256 bits, not two).
  typedef struct packed {
    tag_t           tag;
    logic [KwW-1:0] kword;
    logic           last;
  } wbeat_t;

  // A lane's dot products over one burst, for every activation row.
  typedef struct packed {
    logic [SlotW-1:0] slot;
    acc_vec_t         sum;
  } part_t;

  // One write beat from the write-back to a port (PC-local address).
  typedef struct packed {
    logic [AddrW-1:0] addr;
    logic [DataW-1:0] data;
    logic [StrbW-1:0] strb;
  } wr_req_t;

  // A block of up to MaxN activation rows, from the front end to the write-back.
  typedef struct packed {
    logic [AddrW-1:0] y;  // Y row of the block's first activation row
    logic [31:0] ldy;
    logic [31:0] m;
    nb_t         nb;
    logic        acc;
    logic        out_i8;
    logic [4:0]  shift;
    logic        last;     // the descriptor's last block
  } blk_t;

  // Widths of the structs above.
  localparam int unsigned DescW  = 4 + 1 + 1 + 5 + 3 * AddrW + 6 * 32 + 3;
  localparam int unsigned TagW   = 2 + 1 + NW + (NW + 1) + KwW + 6 + SlotW + GrpW + 1;
  localparam int unsigned WbeatW = TagW + KwW + 1;
  localparam int unsigned PartW  = SlotW + 32 * MaxN;
  localparam int unsigned BlkW   = AddrW + 32 + 32 + (NW + 1) + 1 + 1 + 5 + 1;

endpackage
