// For scripts/synth/origeq.py: the original hbm_bank_state (edd380f, open rows as an
// unpacked-array port) with the converted block's ports: open_row_o flat, bank b's row at
// [b*RowW +: RowW]. Everything else passes straight through.
module hbm_bank_state_ys (
  input  logic                                         clk_i,
  input  logic                                         rst_ni,
  input  hbm_pkg::timing_t                             t_i,
  input  hbm_pkg::geometry_t                           geo_i,
  input  hbm_pkg::row_cmd_t                            row_cmd_i,
  input  hbm_pkg::col_cmd_t                            col_cmd_i,
  output logic [hbm_pkg::NumBanks-1:0]                 open_o,
  output logic [hbm_pkg::NumBanks*hbm_pkg::RowW-1:0]   open_row_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_act_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_pre_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_rd_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_wr_o,
  output logic [hbm_pkg::NumSids-1:0]                  sid_rd_ok_o,
  output logic [hbm_pkg::NumSids-1:0]                  sid_wr_ok_o,
  output logic [hbm_pkg::NumBanks-1:0]                 can_refpb_o,
  output logic                                         can_prea_o,
  output logic                                         can_refab_o
);
  hbm_pkg::row_t open_row [hbm_pkg::NumBanks];

  hbm_bank_state_orig u_orig (
    .clk_i, .rst_ni, .t_i, .geo_i, .row_cmd_i, .col_cmd_i, .open_o,
    .open_row_o (open_row),
    .can_act_o, .can_pre_o, .can_rd_o, .can_wr_o, .sid_rd_ok_o, .sid_wr_ok_o,
    .can_refpb_o, .can_prea_o, .can_refab_o
  );

  for (genvar b = 0; b < hbm_pkg::NumBanks; b++) begin : g_row
    assign open_row_o[b*hbm_pkg::RowW +: hbm_pkg::RowW] = open_row[b];
  end
endmodule
