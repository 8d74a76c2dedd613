// A peer trace in any format (the first byte picks it, or asks for it to be told from
// the content, and picks the burst size, ports and clock ratio): the validating pass
// reads every line or refuses the file with a ConfigError / UsageError, and a trace it
// accepts is dealt to its ports as AXI bursts that keep the AXI rules.
#include <cstdlib>

#include "common/errors.h"
#include "fuzz_input.h"
#include "host/trace/read/trace_file.h"
#include "host/trace/trace_source.h"

namespace {

using hbmsim::AxiTxn;

void check(bool ok) {
  if (!ok) std::abort();
}

// What every burst the dealer hands out must be: 1 to 128 whole beats, not across 4 KiB,
// a strobe for every beat of a write (and of a read that expects data), on some byte.
void check_burst(const AxiTxn& t) {
  check(t.beats >= 1 && t.beats <= 128);
  check(t.addr % AxiTxn::kBusBytes == 0);
  check(t.addr / 4096 == (t.addr + t.beats * AxiTxn::kBusBytes - 1) / 4096);
  check(t.addr + t.beats * AxiTxn::kBusBytes - 1 <= hbmsim::kTraceMaxAddress);
  const size_t bytes = size_t(t.beats) * AxiTxn::kBusBytes;
  if (t.write) check(t.wdata.size() == bytes && t.wstrb.size() == t.beats);
  if (!t.expect.empty()) check(!t.write && t.expect.size() == bytes && t.expect_strb.size() == t.beats);
  for (uint32_t s : t.write ? t.wstrb : t.expect_strb) check(s != 0);
}

hbmsim::TracePlacement placement(uint8_t pick) {
  hbmsim::TracePlacement p;
  p.burst_bytes = 32u << ((pick >> 3) & 7);    // 32 B to 4 KiB
  p.ports = (pick & 0x40) ? 4 : 1;
  p.spread = hbmsim::Interleave{2, 9};
  p.timed = pick & 0x80;
  p.ratio_num = 1000000000;                    // the largest ratio: 1000 tCK per cycle
  p.ratio_den = 1000000;
  return p;
}

void deal_all(const std::string& path, hbmsim::TraceFormat f, const hbmsim::TracePlacement& p,
              uint64_t records) {
  hbmsim::TraceDealer dealer(path, f, p);
  bool any = true;
  while (any) {
    any = false;
    for (unsigned port = 0; port < p.ports; ++port) {
      AxiTxn t;
      bool waiting = false;
      if (dealer.next(port, t, waiting)) {
        check_burst(t);
        any = true;
      }
      any = any || waiting;
    }
  }
  check(dealer.error().empty() && dealer.records() == records);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t pick = data[0];
  const std::string path = fuzz::as_file(data + 1, size - 1, ".trace");
  try {
    const unsigned which = pick % 6;   // 5: told from the content
    const auto f = which == 5 ? hbmsim::trace_format_of(path, "")
                              : static_cast<hbmsim::TraceFormat>(which);
    const hbmsim::TracePlacement p = placement(pick);
    const hbmsim::TraceSummary s = hbmsim::validate_trace(path, f, p.burst_bytes);
    check(s.records == s.reads + s.writes && s.records > 0);
    deal_all(path, f, p, s.records);
  } catch (const hbmsim::ConfigError&) {
  } catch (const hbmsim::UsageError&) {
  }
  return 0;
}
