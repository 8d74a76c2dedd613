// Command scheduler of one pseudo-channel: picks this cycle's row and column command.
//
// Column commands are first-come first-served: only the oldest request may read or
// write. Row commands look ahead: the oldest request of each bank may have its bank
// precharged and activated while older requests to other banks stream, so a
// sequential stream finds the next row open when it gets there. A younger request
// never touches a bank an older one is waiting on.
//
// When a refresh is due, nothing new starts: open banks are precharged together
// (PREA) as soon as their timers allow, then REFab issues.
module hbm_scheduler
  import hbm_pkg::*;
#(
  parameter int unsigned QDepth = 16
) (
  input  req_t                      entries_i [QDepth],
  input  logic [QDepth-1:0]         valid_i,
  input  logic [$clog2(QDepth)-1:0] head_i,
  input  logic                      close_page_i, // auto-precharge every column command
  input  logic [NumBanks-1:0]       open_i,
  input  row_t                      open_row_i [NumBanks],
  input  logic [NumBanks-1:0]       can_act_i,
  input  logic [NumBanks-1:0]       can_pre_i,
  input  logic [NumBanks-1:0]       can_rd_i,
  input  logic [NumBanks-1:0]       can_wr_i,
  input  logic                      can_prea_i,
  input  logic                      can_refab_i,
  input  logic                      ref_due_i,
  output row_cmd_t                  row_cmd_o,
  output col_cmd_t                  col_cmd_o,
  output slot_t                     col_slot_o
);
  localparam int unsigned PtrW = $clog2(QDepth);

  // ---- Row command: refresh first, else the oldest request whose bank needs one -------
  logic [NumBanks-1:0] seen;   // banks an older request already waits on
  logic                found;
  logic [PtrW-1:0]     idx;
  // Row commands need only bank and row of a request.
  /* verilator lint_off UNUSEDSIGNAL */
  req_t                e;
  /* verilator lint_on UNUSEDSIGNAL */

  always_comb begin
    idx       = head_i;
    e         = entries_i[head_i];
    seen      = '0;
    found     = 1'b0;
    row_cmd_o = '{cmd: RowNop, bank: '0, row: '0};
    if (ref_due_i) begin
      if (open_i != '0) begin
        if (can_prea_i) row_cmd_o.cmd = RowPrea;
      end else if (can_refab_i) begin
        row_cmd_o.cmd = RowRefab;
      end
    end else begin
      for (int unsigned p = 0; p < QDepth; p++) begin
        idx = head_i + PtrW'(p);
        e   = entries_i[idx];
        if (valid_i[idx] && !seen[e.bank] && !found) begin
          if (!open_i[e.bank] && can_act_i[e.bank]) begin
            row_cmd_o = '{cmd: RowAct, bank: e.bank, row: e.row};
            found     = 1'b1;
          end else if (open_i[e.bank] && open_row_i[e.bank] != e.row && can_pre_i[e.bank]) begin
            row_cmd_o = '{cmd: RowPre, bank: e.bank, row: '0};
            found     = 1'b1;
          end
        end
        if (valid_i[idx]) seen[e.bank] = 1'b1;
      end
    end
  end

  // ---- Column command: the oldest request, once its row is open and timers allow -------
  req_t head;
  logic head_hit;
  assign head     = entries_i[head_i];
  assign head_hit = valid_i[head_i] && open_i[head.bank] && (open_row_i[head.bank] == head.row);

  always_comb begin
    col_cmd_o  = '{cmd: ColNop, ap: 1'b0, bank: head.bank, col: head.col};
    col_slot_o = head.slot;
    if (head_hit && !ref_due_i) begin
      col_cmd_o.ap = close_page_i;
      if (head.write && can_wr_i[head.bank])       col_cmd_o.cmd = ColWr;
      else if (!head.write && can_rd_i[head.bank]) col_cmd_o.cmd = ColRd;
    end
  end
endmodule
