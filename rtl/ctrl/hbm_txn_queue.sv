// Transaction queue: a read queue and a write queue in one pool of entries, so the
// scheduler can pick any entry, oldest first, across both.
//
// Reads live in entries [0, RDepth), writes in [RDepth, N). Age is kept as a matrix:
// older_o[i][j] says entry j arrived before entry i, which makes "the oldest of a set"
// one AND per entry. Ordering to the same 32-byte line is kept by dependencies recorded
// on arrival: a read waits for older writes to its line, a write for older reads and
// writes to its line (RAW, WAR, WAW); an entry may issue once its dependencies are gone.
module hbm_txn_queue
  import hbm_pkg::*;
#(
  parameter int unsigned RDepth = 32,
  parameter int unsigned WDepth = 32,
  localparam int unsigned N     = RDepth + WDepth
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  req_t                     req_i,
  input  logic                     push_i,
  output logic                     rd_space_o,
  output logic                     wr_space_o,
  input  logic [N-1:0]             pop_i,        // entries whose column command issued
  input  logic [15:0]              now_i,        // cycle stamp for the arrival time
  output req_t                     entries_o [N],
  output logic [N-1:0]             valid_o,
  output logic [N-1:0]             older_o [N],
  output logic [N-1:0]             ready_o,      // no older access to the same line left
  output logic [15:0]              arrival_o [N],
  output logic [$clog2(N):0]       rd_count_o,
  output logic [$clog2(N):0]       wr_count_o
);
  localparam logic [N-1:0] WriteEntries = {{WDepth{1'b1}}, {RDepth{1'b0}}};

  req_t          entries_q [N];
  logic [15:0]   arrival_q [N];
  logic [N-1:0]  valid_q, valid_d;
  logic [N-1:0]  older_q [N], older_d [N];
  logic [N-1:0]  deps_q [N], deps_d [N];
  logic [$clog2(N)-1:0] slot;
  logic          slot_free;

  // Lowest free entry of the partition the new request belongs to. The searches below
  // matter only on a push; they run then only (in simulation; in hardware a push
  // selects their result).
  always_comb begin
    slot      = '0;
    slot_free = 1'b0;
    if (push_i) begin
      for (int i = N - 1; i >= 0; i--) begin
        if (!valid_q[i] && (WriteEntries[i] == req_i.write)) begin
          slot      = ($clog2(N))'(i);
          slot_free = 1'b1;
        end
      end
    end
  end

  assign rd_space_o = (~valid_q & ~WriteEntries) != '0;
  assign wr_space_o = (~valid_q &  WriteEntries) != '0;

  // Entries holding the same line as the incoming request.
  logic [N-1:0] same_line, remaining;
  assign remaining = valid_q & ~pop_i;
  always_comb begin
    same_line = '0;
    if (push_i) begin
      for (int i = 0; i < N; i++) begin
        same_line[i] = remaining[i] && entries_q[i].bank == req_i.bank &&
                       entries_q[i].row == req_i.row && entries_q[i].col == req_i.col;
      end
    end
  end

  always_comb begin
    valid_d = valid_q & ~pop_i;
    older_d = older_q;
    for (int i = 0; i < N; i++) deps_d[i] = deps_q[i] & ~pop_i;
    if (push_i) begin
      valid_d[slot] = 1'b1;
      older_d[slot] = remaining;                      // everyone still here is older
      for (int i = 0; i < N; i++) older_d[i][slot] = 1'b0;
      deps_d[slot]  = req_i.write ? same_line : (same_line & WriteEntries);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      for (int i = 0; i < N; i++) begin
        older_q[i] <= '0;
        deps_q[i]  <= '0;
      end
    end else begin
      valid_q <= valid_d;
      older_q <= older_d;
      deps_q  <= deps_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (push_i) begin
      entries_q[slot] <= req_i;
      arrival_q[slot] <= now_i;
    end
  end

  always_comb begin
    for (int i = 0; i < N; i++) ready_o[i] = valid_q[i] && (deps_q[i] == '0);
  end
  assign rd_count_o = ($clog2(N) + 1)'($countones(valid_q & ~WriteEntries));
  assign wr_count_o = ($clog2(N) + 1)'($countones(valid_q &  WriteEntries));

  assign entries_o = entries_q;
  assign valid_o   = valid_q;
  assign older_o   = older_q;
  assign arrival_o = arrival_q;

`ifndef SYNTHESIS
  a_push_has_room: assert property (@(posedge clk_i) disable iff (!rst_ni) push_i |-> slot_free);
  a_pop_valid: assert property (@(posedge clk_i) disable iff (!rst_ni) (pop_i & ~valid_q) == '0);
  a_one_pop: assert property (@(posedge clk_i) disable iff (!rst_ni) $onehot0(pop_i));
`endif
endmodule
