// A trace replay in the JSON report and the summary.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "host/run.h"

namespace hbmsim {

// The report's `trace` object: what the file held, how it was replayed, what was checked.
nlohmann::json trace_json(const RunResult& r);
// The report's `workload` keys as they read for a trace (pattern "trace").
void update_trace_workload(const RunResult& r, nlohmann::json& workload);
// The summary's first line, and its `trace` line.
std::string trace_headline(const RunResult& r);
std::string trace_summary(const RunResult& r);

}  // namespace hbmsim
