// The latency probe's figures in the JSON report (`probe`) and the summary's table.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "host/run.h"

namespace hbmsim {

nlohmann::json probe_json(const RunResult& r);
std::string probe_summary(const nlohmann::json& probe);

}  // namespace hbmsim
