// For scripts/synth/origeq.py --block hbm_refresh against a revision before the registered
// thresholds (its ports lack the policy after the edge): the original with today's ports,
// the *_next_i inputs left unread. The drives must make them the policy of the next cycle
// (hbm_refresh_drive.txt does).
module hbm_refresh_ys (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  hbm_pkg::timing_t    t_i,
  input  logic [hbm_pkg::NumBanks-1:0] banks_i,
  input  logic                per_bank_i,
  input  logic [3:0]          postpone_i,
  input  logic                pull_in_i,
  input  logic [3:0]          ahead_max_i,
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic                per_bank_next_i,
  input  logic [3:0]          postpone_next_i,
  input  logic                pull_in_next_i,
  input  logic [3:0]          ahead_max_next_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic [hbm_pkg::NumBanks-1:0] open_i,
  input  logic [hbm_pkg::NumBanks-1:0] wanted_i,
  input  logic                idle_i,
  input  logic [hbm_pkg::NumBanks-1:0] can_pre_i,
  input  logic [hbm_pkg::NumBanks-1:0] can_refpb_i,
  input  logic                can_prea_i,
  input  logic                can_refab_i,
  input  hbm_pkg::row_cmd_t   issued_i,
  input  hbm_pkg::col_cmd_t   col_issued_i,
  input  logic [15:0]         now_i,
  output hbm_pkg::row_cmd_t   cmd_o,
  output logic [hbm_pkg::NumBanks-1:0] block_act_o,
  output logic [hbm_pkg::NumBanks-1:0] block_col_o,
  output logic signed [7:0]   owed_o
);
  hbm_refresh_orig u_orig (
    .clk_i, .rst_ni, .t_i, .banks_i, .per_bank_i, .postpone_i, .pull_in_i, .ahead_max_i,
    .open_i,
    .wanted_i, .idle_i, .can_pre_i, .can_refpb_i, .can_prea_i, .can_refab_i, .issued_i,
    .col_issued_i, .now_i,
    .cmd_o, .block_act_o, .block_col_o, .owed_o
  );
endmodule
