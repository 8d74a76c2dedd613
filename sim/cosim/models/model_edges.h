// Both edges of one tCK of a Verilated model, for a tCK in which nothing reads the model
// between them (CosimTop::edges_after_host): the falling edge is recorded rather than
// evaluated when the model allows it. Its evaluation would settle only the input-driven
// logic, which the rising edge's settles again from the same inputs; what matters is
// Verilator's record that each clock was low, which clock_fell() writes (generated beside
// the model's class from its own scheduler: scripts/build/clock_fall.cmake; false when it
// could not be, and the edge is then evaluated). 1 PC: 5 % of a run's instructions.
#pragma once

namespace hbmsim {

// `high`: the clock input's value at the rising edge (the channels': a bit per PC in use).
template <class M, class Clock>
void eval_tck(M& m, Clock high) {
  m.clk_i = 0;
  if (!clock_fell(m)) m.eval();
  m.clk_i = high;
  m.eval();
}

}  // namespace hbmsim
