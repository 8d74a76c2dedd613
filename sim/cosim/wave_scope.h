// --wave-scope checked against the signals the waveform would hold: a scope that names
// nothing (or nothing within --wave-depth) is refused before the run, saying which scopes
// exist, instead of dumping everything or nothing.
#pragma once

#include <functional>
#include <string>
#include <vector>

class VerilatedFstC;

namespace hbmsim {

// Every traced signal's full name, scopes and signal separated by spaces as Verilator's
// dumpvars matches them (e.g. "ch0 hbm_sim_top u_stack clk_i"). `trace` registers every
// model with the tracer it is given; they are declared into a throwaway FST file.
std::vector<std::string> traced_signal_names(const std::function<void(VerilatedFstC&)>& trace);

// Throws ConfigError unless `scope` (dot-separated) with `depth` levels under it (0: all)
// selects at least one of `names`, as Verilator's dumpvars would.
void check_wave_scope(const std::string& scope, int depth, const std::vector<std::string>& names);

}  // namespace hbmsim
