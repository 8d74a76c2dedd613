#include "host/trace/trace_check.h"

#include <fmt/format.h>

#include "common/excerpt.h"

namespace hbmsim {
namespace {
constexpr size_t kMaxReports = 10;
constexpr unsigned kBeatBytes = AxiTxn::kBusBytes;
}  // namespace

void TraceReadCheck::on_complete(unsigned port, const AxiTxn& t) {
  if (t.write || t.expect.empty()) return;
  uint64_t bad = 0;
  size_t first = 0;
  for (unsigned i = 0; i < t.beats && i < t.rresp.size(); ++i) {
    // A beat answered with an error carries no data; the scoreboard reports the response.
    if (t.rresp[i] != AxiResp::Okay) continue;
    for (unsigned b = 0; b < kBeatBytes; ++b) {
      if (!(t.expect_strb[i] & (1u << b))) continue;
      ++bytes_checked_;
      const size_t at = size_t(i) * kBeatBytes + b;
      if (t.rdata[at] != t.expect[at] && bad++ == 0) first = at;
    }
  }
  if (!bad) return;
  mismatched_bytes_ += bad;
  if (reports_.size() < kMaxReports) {
    // On one port (one PC, or the crossbar's) the burst's address is the trace's.
    const uint64_t at = ports_ > 1 ? spread_.global_of(port, t.addr) : t.addr;
    const std::string where = ports_ > 1 ? fmt::format("{:#x} (PC {}'s {:#x})", at, port, t.addr)
                                         : fmt::format("{:#x}", at);
    reports_.push_back(fmt::format(
        "port {} read at {} (cycle {}): {} {} from the trace's data, first at {:#x}: read "
        "{:#04x}, the trace expects {:#04x}", port, where, t.done_cycle,
        count_of(bad, "byte"), bad == 1 ? "differs" : "differ", at + first,
        t.rdata[first], t.expect[first]));
  }
}

}  // namespace hbmsim
