#include "host/trace/trace_source.h"

#include <algorithm>

#include "common/errors.h"
#include "device/fill_pattern.h"

namespace hbmsim {
namespace {

constexpr uint64_t kBeat = AxiTxn::kBusBytes;
constexpr uint64_t kAxiBoundary = 4096;

// Byte lanes of the beat at `beat` that fall in [lo, hi).
uint32_t lanes_within(uint64_t beat, uint64_t lo, uint64_t hi) {
  const uint64_t from = std::max(lo, beat) - beat;
  const uint64_t to = std::min(hi, beat + kBeat) - beat;
  const uint64_t ones = (to >= 32 ? ~uint64_t(0) : (uint64_t(1) << to) - 1);
  return uint32_t(ones & ~((uint64_t(1) << from) - 1));
}

// A write's byte at global address a when the trace gives no data: fixed by the seed,
// the record and the address, so the scoreboard knows what every later read returns.
uint8_t made_byte(uint64_t seed, uint64_t index, uint64_t a) {
  return uint8_t(splitmix64(seed ^ splitmix64(index * 0x10001 + a / 8)) >> (8 * (a % 8)));
}

class TracePortSource : public TrafficSource {
 public:
  TracePortSource(TraceDealer& dealer, unsigned port) : dealer_(dealer), port_(port) {}
  bool next(AxiTxn& t) override { return dealer_.next(port_, t, waiting_); }
  bool waiting() const override { return waiting_; }

 private:
  TraceDealer& dealer_;
  unsigned port_;
  bool waiting_ = false;
};

}  // namespace

uint64_t trace_tck(uint64_t c, const TracePlacement& p) {
  const unsigned __int128 scaled = (unsigned __int128)c * p.ratio_num;
  return uint64_t((scaled + p.ratio_den - 1) / p.ratio_den);
}

void cut_record(const TraceRecord& r, uint64_t index, const TracePlacement& p,
                const std::function<void(unsigned port, AxiTxn&&)>& emit) {
  // (len), or data without it (DRAMSys' default length from the address on), says which
  // bytes; a bare address names the aligned burst that holds it.
  const uint64_t len = r.length ? r.length : r.data.size();
  const uint64_t lo = len ? r.addr : r.addr / p.burst_bytes * p.burst_bytes;
  const uint64_t hi = lo + (len ? len : p.burst_bytes);
  const uint64_t boundary =
      p.ports > 1 ? std::min(kAxiBoundary, p.spread.granule()) : kAxiBoundary;
  const uint64_t not_before = p.timed ? trace_tck(r.cycle, p) : 0;
  for (uint64_t a = lo; a < hi;) {
    const uint64_t end = std::min(hi, (a / boundary + 1) * boundary);
    const uint64_t first = a / kBeat * kBeat;
    AxiTxn t;
    t.write = r.write;
    t.addr = p.ports > 1 ? p.spread.local_of(first) : first;
    t.beats = unsigned((end - first + kBeat - 1) / kBeat);
    t.not_before = not_before;
    std::vector<uint8_t>& bytes = r.write ? t.wdata : t.expect;
    std::vector<uint32_t>& strb = r.write ? t.wstrb : t.expect_strb;
    if (r.write || !r.data.empty()) {
      bytes.assign(size_t(t.beats) * kBeat, 0);
      for (unsigned b = 0; b < t.beats; ++b) strb.push_back(lanes_within(first + b * kBeat, a, end));
      for (uint64_t g = a; g < end; ++g) {
        bytes[g - first] = r.data.empty() ? made_byte(p.seed, index, g) : r.data[g - r.addr];
      }
    }
    emit(p.ports > 1 ? p.spread.pc_of(a) : 0, std::move(t));
    a = end;
  }
}

TraceDealer::TraceDealer(const std::string& path, TraceFormat f, const TracePlacement& p)
    : file_(path, f, p.burst_bytes),
      place_(p),
      queues_(p.ports),
      queued_records_(p.ports),
      handed_records_(p.ports),
      next_id_(p.ports, 0) {}

std::unique_ptr<TrafficSource> TraceDealer::source(unsigned port) {
  return std::make_unique<TracePortSource>(*this, port);
}

// Reads and cuts one record; false at the end of the trace (or at a line that no longer
// parses: the file changed after the validating pass, and the run reports it).
bool TraceDealer::read_one() {
  if (done_) return false;
  TraceRecord r;
  try {
    done_ = !file_.next(r);
  } catch (const ConfigError& e) {
    error_ = e.what();
    done_ = true;
  }
  if (done_) return false;
  const uint64_t record = records_++;
  unsigned cut = 0;
  cut_record(r, record, place_, [this, record, &cut](unsigned port, AxiTxn&& t) {
    t.id = next_id_[port]++ % kIds;
    queues_[port].push_back(std::move(t));
    queued_records_[port].push_back(record);
    ++queued_;
    ++bursts_;
    ++cut;
  });
  if (cut) unissued_[record] = cut;
  return true;
}

void TraceDealer::on_issue(unsigned port, const AxiTxn& t) {
  if (port >= handed_records_.size() || handed_records_[port].empty()) return;
  const uint64_t record = handed_records_[port].front();
  handed_records_[port].pop_front();
  ++bursts_issued_;
  min_beats_ = bursts_issued_ == 1 ? t.beats : std::min(min_beats_, t.beats);
  max_beats_ = std::max(max_beats_, t.beats);
  auto it = unissued_.find(record);
  if (it != unissued_.end() && --it->second == 0) {
    unissued_.erase(it);
    ++records_issued_;
  }
}

bool TraceDealer::next(unsigned port, AxiTxn& t, bool& waiting) {
  std::deque<AxiTxn>& q = queues_[port];
  while (q.empty() && queued_ < kReadAhead && read_one()) {
  }
  waiting = q.empty() && !done_;
  if (q.empty()) return false;
  t = std::move(q.front());
  q.pop_front();
  handed_records_[port].push_back(queued_records_[port].front());
  queued_records_[port].pop_front();
  --queued_;
  return true;
}

}  // namespace hbmsim
