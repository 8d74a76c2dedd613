// Write data buffer: holds each queued write's 32 bytes and byte strobes in a slot
// from the moment its W beat is accepted until the data has gone out on DQ.
module hbm_wdata_buf #(
  parameter int unsigned Depth = 32
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // store one beat in a free slot
  input  logic               alloc_valid_i,
  input  hbm_axi_pkg::data_t alloc_data_i,
  input  hbm_axi_pkg::strb_t alloc_strb_i,
  output logic               alloc_ready_o,
  output hbm_pkg::slot_t     alloc_slot_o,
  // read port for the DQ path
  // Slots are sized for the largest buffer; this one may use fewer bits.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::slot_t     rd_slot_i,
  /* verilator lint_on UNUSEDSIGNAL */
  output hbm_axi_pkg::data_t rd_data_o,
  output hbm_axi_pkg::strb_t rd_strb_o,
  // release a slot after its data left
  input  logic               free_valid_i,
  // Slots are sized for the largest buffer; this one may use fewer bits.
  /* verilator lint_off UNUSEDSIGNAL */
  input  hbm_pkg::slot_t     free_slot_i,
  /* verilator lint_on UNUSEDSIGNAL */
  output logic [$clog2(Depth):0] used_o       // slots holding data
);
  localparam int unsigned PtrW = $clog2(Depth);

  // Unpacked arrays of plain vector types only (yosys 0.23 reads an unpacked array of
  // structs as one struct).
  hbm_axi_pkg::data_t data_q [Depth];
  hbm_axi_pkg::strb_t strb_q [Depth];
  logic [Depth-1:0] used_q, used_d;
  logic [PtrW-1:0]  free_idx;

  // Lowest free slot.
  always_comb begin
    free_idx      = '0;
    alloc_ready_o = 1'b0;
    for (int i = Depth - 1; i >= 0; i--) begin
      if (!used_q[i]) begin
        free_idx      = PtrW'(i);
        alloc_ready_o = 1'b1;
      end
    end
  end

  assign alloc_slot_o = hbm_pkg::SlotW'(free_idx);

  assign used_o = ($clog2(Depth) + 1)'($countones(used_q));
  assign rd_data_o    = data_q[rd_slot_i[PtrW-1:0]];
  assign rd_strb_o    = strb_q[rd_slot_i[PtrW-1:0]];

  always_comb begin
    used_d = used_q;
    if (free_valid_i) used_d[free_slot_i[PtrW-1:0]] = 1'b0;
    if (alloc_valid_i && alloc_ready_o) used_d[free_idx] = 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) used_q <= '0;
    else         used_q <= used_d;
  end

  always_ff @(posedge clk_i) begin
    if (alloc_valid_i && alloc_ready_o) begin
      data_q[free_idx] <= alloc_data_i;
      strb_q[free_idx] <= alloc_strb_i;
    end
  end

`ifndef SYNTHESIS
  initial assert (Depth == (1 << PtrW) && Depth <= (1 << hbm_pkg::SlotW));
  always_ff @(posedge clk_i)
    a_free_used: assert (!rst_ni || !free_valid_i || used_q[free_slot_i[PtrW-1:0]]);
`endif
endmodule
