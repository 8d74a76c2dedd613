// The line checks of a pool of entries, for synthesis: which write entries hold the read
// probe's 32-byte line, and which read entries the write probe's (reads in [0, RDepth),
// writes above, as hbm_txn_queue and hbm_bank_lists keep them). Each compare of an entry's
// {bank, row, col} with a probe's is hbm_key_match's. The callers AND the matches with
// their entries' valid flags; their simulation forms search only the probe's bank.
module hbm_line_match #(
  parameter int unsigned  RDepth = 32,
  parameter int unsigned  WDepth = 32,
  localparam int unsigned N      = RDepth + WDepth
) (
  input  logic [N*hbm_pkg::BankW-1:0] bank_i,   // entry i's at [i*BankW +: BankW]
  input  logic [N*hbm_pkg::RowW-1:0]  row_i,
  input  logic [N*hbm_pkg::ColW-1:0]  col_i,
  // Only the probes' bank, row and col are read.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::req_t               rd_probe_i,
  input  hbm_pkg::req_t               wr_probe_i,
  /* verilator lint_on UNUSEDSIGNAL */
  output logic [WDepth-1:0]           rd_match_o,   // write entries to rd_probe_i's line
  output logic [RDepth-1:0]           wr_match_o    // read entries to wr_probe_i's line
);
  localparam int unsigned BankW = hbm_pkg::BankW;
  localparam int unsigned RowW  = hbm_pkg::RowW;
  localparam int unsigned ColW  = hbm_pkg::ColW;
  localparam int unsigned KeyW  = BankW + RowW + ColW;

  logic [N*KeyW-1:0] line_key;
  always_comb begin
    for (int i = 0; i < N; i++) begin
      line_key[i*KeyW +: KeyW] = {bank_i[i*BankW +: BankW], row_i[i*RowW +: RowW],
                                  col_i[i*ColW +: ColW]};
    end
  end
  hbm_key_match #(.N(WDepth), .W(KeyW)) u_rd_probe (
    .keys_i  (line_key[RDepth*KeyW +: WDepth*KeyW]),
    .key_i   ({rd_probe_i.bank, rd_probe_i.row, rd_probe_i.col}),
    .match_o (rd_match_o)
  );
  hbm_key_match #(.N(RDepth), .W(KeyW)) u_wr_probe (
    .keys_i  (line_key[0 +: RDepth*KeyW]),
    .key_i   ({wr_probe_i.bank, wr_probe_i.row, wr_probe_i.col}),
    .match_o (wr_match_o)
  );
endmodule
