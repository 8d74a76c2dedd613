// The trace flags of `hbmsim run` (--trace, --trace-format, --trace-timing,
// --trace-clock-ratio) and the flags a trace run refuses.
#pragma once

#include <CLI/CLI.hpp>

#include "host/trace/trace_spec.h"

namespace hbmsim {

void add_trace_options(CLI::App& run, TraceSpec& t);
// UsageError for a flag the chosen traffic would silently ignore.
void check_trace_flags(const CLI::App& run, TraceSpec& t);

}  // namespace hbmsim
