// The latency probe's figures in the JSON report (`probe`) and the summary's table.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/run.h"

namespace hbmsim {

nlohmann::json probe_json(const RunResult& r);
// A line per latency case that counted fewer samples than asked after trying every read
// it may (kProbeMaxTries per sample): how many, and why the others were left out. Its
// figures are n/a without a sample, which otherwise only a run stopped early gives.
std::vector<std::string> probe_shortfalls(const nlohmann::json& probe);
std::string probe_summary(const nlohmann::json& probe);

}  // namespace hbmsim
