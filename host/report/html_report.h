// `--html FILE`: the run as one self-contained XHTML page (inline SVG, no script, no
// external font or link): summary, kernels, probe, bandwidth over time with kernel
// boundaries, read-latency histogram, per-PC and per-kernel bandwidth, configuration.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "host/report/timeseries.h"
#include "host/run.h"

namespace hbmsim {

std::string html_report(const nlohmann::json& report, const RunResult& r, const TimeSeries& ts);
void write_html_report(const std::string& path, const nlohmann::json& report, const RunResult& r,
                       const TimeSeries& ts);

}  // namespace hbmsim
