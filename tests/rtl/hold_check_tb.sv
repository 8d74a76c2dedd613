// Drives hbm_hold_check through one held output, in the way given by +case=N:
//   0: held, then taken, same data            (passes)
//   1: held, and the data changes the next tCK (a_held fails)
//   2: held, and valid drops the next tCK      (a_held fails)
//   3: held, data changes while reset is low   (passes: no check in reset)
module hold_check_tb;
  logic       clk = 1'b0;
  logic       rst_n = 1'b0;
  logic       valid = 1'b0;
  logic       ready = 1'b0;
  logic [7:0] data = 8'h00;
  int unsigned kind;

  hbm_hold_check #(.Width(8)) u_chk (
    .clk_i (clk), .rst_ni (rst_n), .valid_i (valid), .ready_i (ready), .data_i (data)
  );

  always #5 clk <= !clk;

  initial begin
    if (!$value$plusargs("case=%d", kind)) kind = 0;
    #12 rst_n = 1'b1;
    @(negedge clk) begin valid = 1'b1; data = 8'h5a; end        // offered, not taken
    @(negedge clk) begin
      unique case (kind)
        1:       data  = 8'h5b;
        2:       valid = 1'b0;
        3:       begin rst_n = 1'b0; data = 8'h5b; end
        default: ;
      endcase
    end
    @(negedge clk) ready = 1'b1;                                // taken
    @(negedge clk) begin valid = 1'b0; ready = 1'b0; end
    @(negedge clk) $finish;
  end
endmodule
