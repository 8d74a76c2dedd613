#include "host/workloads/synthetic_workload.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/errors.h"
#include "device/fill_pattern.h"

namespace hbmsim {

uint64_t Rng::next() {
  state_ += 0x9e3779b97f4a7c15ull;
  return splitmix64(state_);
}

namespace {

class SyntheticSource : public TrafficSource {
 public:
  SyntheticSource(const SyntheticSpec& spec, unsigned port, uint64_t port_bytes)
      : spec_(spec), rng_(splitmix64(spec.seed) ^ (uint64_t(port) << 32)) {
    burst_bytes_ = uint64_t(spec.beats) * AxiTxn::kBusBytes;
    span_ = spec.footprint ? std::min(spec.footprint, port_bytes) : port_bytes;
    span_ = span_ / burst_bytes_ * burst_bytes_;
  }

  bool next(AxiTxn& t) override {
    if (issued_ == spec_.requests) return false;
    t.write = rng_.unit() >= spec_.read_ratio;
    t.beats = spec_.beats;
    t.size = 5;
    t.burst = AxiBurst::Incr;
    t.id = unsigned(issued_ % spec_.ids);
    if (spec_.pattern == "seq") {
      t.addr = (issued_ * burst_bytes_) % span_;
    } else if (spec_.pattern == "strided") {
      // (i * stride) mod span without overflow: the offset advances by stride each burst.
      t.addr = offset_;
      offset_ = (offset_ + spec_.stride % span_) % span_;
    } else {
      t.addr = rng_.below(span_ / burst_bytes_) * burst_bytes_;
    }
    if (t.write) {
      t.wdata.resize(burst_bytes_);
      for (size_t i = 0; i < t.wdata.size(); i += 8) {
        const uint64_t v = rng_.next();
        for (size_t b = 0; b < 8; ++b) t.wdata[i + b] = uint8_t(v >> (8 * b));
      }
      t.wstrb.assign(t.beats, 0xffffffffu);
    }
    ++issued_;
    return true;
  }

 private:
  SyntheticSpec spec_;
  Rng rng_;
  uint64_t burst_bytes_ = 0, span_ = 0, issued_ = 0, offset_ = 0;
};

}  // namespace

const std::vector<std::string>& synthetic_patterns() {
  static const std::vector<std::string> patterns{"seq", "random", "strided"};
  return patterns;
}

std::unique_ptr<TrafficSource> make_synthetic(const SyntheticSpec& spec, unsigned port,
                                              uint64_t port_bytes) {
  const auto& known = synthetic_patterns();
  if (std::find(known.begin(), known.end(), spec.pattern) == known.end()) {
    throw UsageError(fmt::format("--workload {}: expected one of {}", spec.pattern,
                                 fmt::join(known, ", ")));
  }
  if (spec.beats == 0 || spec.beats > 128 || (spec.beats & (spec.beats - 1))) {
    throw UsageError(fmt::format("--beats {}: expected a power of two from 1 to 128 (aligned "
                                 "bursts then never cross 4 KiB)", spec.beats));
  }
  const uint64_t burst_bytes = uint64_t(spec.beats) * AxiTxn::kBusBytes;
  // 0 is also --stride's value when not given: name the flag, not a value nobody wrote.
  if (spec.pattern == "strided" && spec.stride == 0) {
    throw UsageError(fmt::format("--workload strided needs --stride: the bytes from one burst "
                                 "to the next, a non-zero multiple of the burst ({} B)",
                                 burst_bytes));
  }
  if (spec.pattern == "strided" && spec.stride % burst_bytes != 0) {
    throw UsageError(fmt::format("--stride {}: the strided workload needs a stride that is a "
                                 "non-zero multiple of the burst ({} B), so bursts stay "
                                 "aligned", spec.stride, burst_bytes));
  }
  if (spec.pattern != "strided" && spec.stride != 0) {
    throw UsageError(fmt::format("--stride {}: only the strided workload takes a stride "
                                 "(--workload strided)", spec.stride));
  }
  if (!(spec.read_ratio >= 0 && spec.read_ratio <= 1)) {   // NaN fails both comparisons
    throw UsageError(fmt::format("--read-ratio {}: expected a number from 0 to 1",
                                 spec.read_ratio));
  }
  if (spec.ids == 0) throw UsageError("the synthetic workload needs at least one AXI ID");
  // The traffic spans whole bursts: less than one burst (or a port smaller than one)
  // would leave nothing to address.
  const uint64_t span = spec.footprint ? std::min(spec.footprint, port_bytes) : port_bytes;
  if (span < burst_bytes) {
    if (spec.footprint != 0 && spec.footprint < burst_bytes) {
      throw UsageError(fmt::format("--footprint {}: smaller than one burst ({} B = --beats {} x "
                                   "32 B); expected 0 (the whole port) or at least {}",
                                   spec.footprint, burst_bytes, spec.beats, burst_bytes));
    }
    throw UsageError(fmt::format("--beats {}: a burst of {} B is larger than the {} B a port "
                                 "holds", spec.beats, burst_bytes, port_bytes));
  }
  // Rounded down, a footprint of 100 B spanned one 64-B burst without a word.
  if (spec.footprint % burst_bytes != 0) {
    const uint64_t below = spec.footprint / burst_bytes * burst_bytes;
    throw UsageError(fmt::format("--footprint {}: not a whole number of bursts ({} B = --beats "
                                 "{} x 32 B); expected a multiple such as {} or {}",
                                 spec.footprint, burst_bytes, spec.beats, below,
                                 below + burst_bytes));
  }
  // A stride that is a multiple of the span wraps to the first burst every time: every
  // burst would go to address 0 (one bank, one row), not strided traffic.
  const uint64_t whole = span / burst_bytes * burst_bytes;
  if (spec.pattern == "strided" && whole > burst_bytes && spec.stride % whole == 0) {
    // A footprint past the port spans the port: the span is not the footprint given.
    const std::string spans =
        spec.footprint == 0 ? std::string("the port's memory")
        : spec.footprint <= port_bytes
            ? std::string("--footprint")
            : fmt::format("the port's memory: --footprint {} is larger", spec.footprint);
    throw UsageError(fmt::format("--stride {}: a multiple of the {} B the traffic spans ({}), so "
                                 "every burst would go to address 0; expected a stride that is "
                                 "not a multiple of {}", spec.stride, whole, spans, whole));
  }
  return std::make_unique<SyntheticSource>(spec, port, port_bytes);
}

}  // namespace hbmsim
