// What a run produced: the JSON report other tools read, and the summary people read.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/run.h"

namespace hbmsim {

nlohmann::json make_report(const RunResult& r);
void write_report(const nlohmann::json& report, const std::string& path);
std::string format_summary(const RunResult& r, const nlohmann::json& report);

// Requests per PC on average: requests / pcs, null when that is not a whole number (the
// crossbar, or a trace's addresses, spread requests over the PCs).
nlohmann::json requests_per_pc(uint64_t requests, unsigned pcs);

// A figure of the report with `digits` decimals after multiplying by `scale`; "n/a" for
// null (a figure that is undefined for the run, e.g. pJ/bit when no bit moved).
std::string fixed(const nlohmann::json& v, int digits, double scale = 1.0);
// A fraction as a percentage, or "n/a (why_na)" for null.
std::string percent_text(const nlohmann::json& v, const char* why_na);

// "B GB/s of P GB/s peak = E %", the headline of the summary and the HTML report: two
// decimals for the bandwidth and one for the efficiency, more when a figure that is not
// zero would otherwise print as zero (a trace of a few bursts over a long gap: "0.00 GB/s
// ... 0.0 %"), to three and two significant digits.
std::string bandwidth_text(const nlohmann::json& report);
// "T us", the time `cycles` tCK of `tck_ns` take: one decimal, more (to two significant
// digits) when a time that is not zero would print as 0.0 (a run of 12 tCK).
std::string microseconds_text(uint64_t cycles, double tck_ns);
// The standard as the summary's first line names it: its file's `name` ("HBM3"), and the
// file when --standard gave a path, not a preset's name: a modified copy of hbm3.json read
// "HBM3" alone, as if it were the preset.
std::string standard_label(const RunResult& r);

// One row of the kernel table, the summary's and the HTML report's, from a kernel of the
// report's `kernels` or its `layer`: name, runs, bytes, tCK, GB/s, % peak, row hit %,
// pJ/bit ("n/a" for null).
std::vector<std::string> kernel_row(const nlohmann::json& kernel);

// Lines of the summary the HTML report shows too, from the report's JSON: the projection
// of the whole model (from the report's `model` and `layer` objects), and the tile's
// counters (its `tile` object); each says "n/a" and why when the run stopped before the
// figures existed.
std::string projection_text(const nlohmann::json& report);
// "one AXI port for the N PCs: at most P GB/s each way; reads R %, writes W % of it",
// from the report's `xbar`; "" without the crossbar or when its port is as fast as the
// PCs (1 or 2 PCs).
std::string xbar_port_text(const nlohmann::json& report);
// "N bursts answered DECERR and M SLVERR, left out of ...", from the report's
// `axi_errors`; "" when every burst was answered OKAY.
std::string axi_errors_text(const nlohmann::json& report);
// "X pJ/bit, Y mW per PC", the HTML report's energy row, from the report's `pj_per_bit`
// ("n/a" for null) and `power_mw`, each as the summary prints it: two (one) decimals, more
// when a figure that is not zero would print as zero.
std::string energy_text(const nlohmann::json& report);
std::string tile_busy_text(const nlohmann::json& tile);
std::string tile_macs_text(const nlohmann::json& tile);
// For a transformer run stopped inside a kernel: what its kernel row and the layer row
// hold ("" for a run that stopped in none).
std::string stopped_kernel_text(const TransformerFigures& f);

}  // namespace hbmsim
