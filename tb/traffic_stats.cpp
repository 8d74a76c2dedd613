#include "tb/traffic_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hbmsim {

void TrafficStats::on_complete(unsigned, const AxiTxn& t) {
  bool decerr = false, slverr = false;
  auto note = [&](AxiResp r) {
    decerr |= r == AxiResp::DecErr;
    slverr |= r == AxiResp::SlvErr;
  };
  if (t.write) note(t.bresp);
  for (AxiResp r : t.rresp) note(r);
  if (decerr || slverr) {
    ++(decerr ? decerr_ : slverr_);
    return;
  }
  const uint64_t bytes = uint64_t(t.beats) << t.size;
  if (t.write) {
    ++writes_;
    write_bytes_ += bytes;
    return;
  }
  ++reads_;
  read_bytes_ += bytes;
  latencies_.push_back(static_cast<uint32_t>(t.done_cycle - t.addr_cycle));
}

LatencySummary TrafficStats::read_latency() const {
  LatencySummary s;
  if (latencies_.empty()) return s;
  std::vector<uint32_t> v = latencies_;
  std::sort(v.begin(), v.end());
  // Nearest-rank percentiles.
  auto pct = [&](double p) {
    size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * double(v.size())));
    return double(v[std::min(v.size(), std::max<size_t>(rank, 1)) - 1]);
  };
  s.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  s.p50 = pct(50);
  s.p99 = pct(99);
  s.max = v.back();
  return s;
}

std::vector<uint64_t> TrafficStats::latency_histogram() const {
  std::vector<uint64_t> h;
  for (uint32_t l : latencies_) {
    if (l >= h.size()) h.resize(size_t(l) + 1, 0);
    ++h[l];
  }
  return h;
}

}  // namespace hbmsim
