// What a run produced: the JSON report other tools read, and the summary people read.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "host/run.h"

namespace hbmsim {

nlohmann::json make_report(const RunResult& r);
void write_report(const nlohmann::json& report, const std::string& path);
std::string format_summary(const RunResult& r, const nlohmann::json& report);

}  // namespace hbmsim
