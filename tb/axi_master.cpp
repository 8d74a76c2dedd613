#include "tb/axi_master.h"

#include <cstring>

#include <fmt/format.h>


namespace hbmsim {
namespace {
constexpr uint64_t kLine = AxiTxn::kBusBytes;
}

AxiMaster::AxiMaster(unsigned port, TrafficSource& source, std::vector<TxnObserver*> observers,
                     AxiMasterOptions opt)
    : port_(port), source_(source), observers_(std::move(observers)), opt_(std::move(opt)) {
  stage_next();
}

bool AxiMaster::done() const { return source_done_ && !next_ && inflight_.empty(); }

std::string AxiMaster::status() const {
  std::string s = fmt::format("{} reads and {} writes outstanding", reads_, writes_);
  if (!w_queue_.empty()) s += fmt::format(", {} write bursts owe W data", w_queue_.size());
  if (next_) {
    const std::string held =
        !next_ready_ ? "held (conflicts with one in flight)"
        : offered_   ? "offered"
                     : fmt::format("held until its trace tCK {}", next_->not_before);
    s += fmt::format(", next {} at {:#x} {}", next_->write ? "write" : "read", next_->addr, held);
  }
  for (const auto& [seq, t] : inflight_) {
    s += fmt::format(", oldest: {} id {} at {:#x} accepted at cycle {}",
                     t.write ? "write" : "read", t.id, t.addr, t.addr_cycle);
    break;
  }
  return s;
}

void AxiMaster::error(std::string what) {
  if (errors_.size() < 16) errors_.push_back(fmt::format("port {}: {}", port_, what));
}

bool AxiMaster::conflicts(const AxiTxn& t) const {
  // A read conflicts only with writes in flight: none, as in a run of reads, is no
  // conflict, without computing a beat's address.
  if (write_lines_.empty() && (!t.write || read_lines_.empty())) return false;
  for (unsigned i = 0; i < t.beats; ++i) {
    const uint64_t line = t.beat_addr(i) / kLine;
    if (write_lines_.contains(line)) return true;
    if (t.write && read_lines_.contains(line)) return true;
  }
  return false;
}

void AxiMaster::mark_lines(const AxiTxn& t, int delta) {
  auto& lines = t.write ? write_lines_ : read_lines_;
  for (unsigned i = 0; i < t.beats; ++i) {
    const uint64_t line = t.beat_addr(i) / kLine;
    lines.add(line, delta);
  }
}

void AxiMaster::stage_next() {
  if (!next_ && !source_done_) {
    AxiTxn t;
    if (source_.next(t)) {
      t.seq = seq_++;
      next_ = std::move(t);
    } else {
      source_done_ = !source_.waiting();
    }
  }
  // The outstanding limit first: at it (a run that keeps its master busy, most tCK), the
  // conflict check would only be repeated.
  next_ready_ = next_ &&
                (next_->write ? writes_ < opt_.max_writes : reads_ < opt_.max_reads) &&
                !conflicts(*next_);
}

void AxiMaster::drive(const AxiPins& m, uint64_t cycle) {
  if (!origin_) origin_ = cycle;
  const bool offer = next_ready_ && cycle - *origin_ >= next_->not_before;
  // Holding a burst for its trace cycle is waiting on purpose: the watchdog must not
  // call a long gap in a trace a deadlock.
  if (next_ready_ && !offer) ++progress_;
  offered_ = offer;
  *m.ar_valid = offer && !next_->write;
  *m.aw_valid = offer && next_->write;
  if (offer) {
    const AxiTxn& t = *next_;
    if (t.write) {
      *m.aw_id = t.id;
      *m.aw_addr = t.addr;
      *m.aw_len = t.beats - 1;
      *m.aw_size = t.size;
      *m.aw_burst = static_cast<unsigned>(t.burst);
    } else {
      *m.ar_id = t.id;
      *m.ar_addr = t.addr;
      *m.ar_len = t.beats - 1;
      *m.ar_size = t.size;
      *m.ar_burst = static_cast<unsigned>(t.burst);
    }
  }
  *m.w_valid = !w_queue_.empty();
  if (!w_queue_.empty()) {
    const AxiTxn& t = inflight_.at(w_queue_.front());
    std::memcpy(m.w_data, t.wdata.data() + w_beat_ * kLine, kLine);
    // A compliant master strobes only the byte lanes the beat uses (narrow transfers).
    *m.w_strb = t.wstrb[w_beat_] & t.beat_lanes(w_beat_);
    *m.w_last = (w_beat_ + 1 == t.beats);
  }
  r_ready_ = !opt_.r_ready || opt_.r_ready(cycle);
  b_ready_ = !opt_.b_ready || opt_.b_ready(cycle);
  *m.r_ready = r_ready_;
  *m.b_ready = b_ready_;
}

void AxiMaster::sample(const AxiPins& m, uint64_t cycle) {
  sample_w(m);   // before the address phase can add a new write to w_queue_
  sample_address(m, cycle);
  sample_r(m, cycle);
  sample_b(m, cycle);
  stage_next();
}

void AxiMaster::sample_address(const AxiPins& m, uint64_t cycle) {
  if (!offered_) return;
  const bool write = next_->write;
  const bool accepted = write ? (*m.aw_ready != 0) : (*m.ar_ready != 0);
  if (!accepted) return;
  AxiTxn t = std::move(*next_);
  next_.reset();
  t.addr_cycle = cycle;
  mark_lines(t, +1);
  (write ? writes_by_id_ : reads_by_id_)[t.id % kIds].push_back(t.seq);
  (write ? writes_ : reads_) += 1;
  if (write) w_queue_.push_back(t.seq);
  notify(false, t);
  inflight_.emplace(t.seq, std::move(t));
  ++progress_;
}

void AxiMaster::sample_w(const AxiPins& m) {
  if (w_queue_.empty() || !*m.w_ready) return;
  ++progress_;
  if (++w_beat_ == inflight_.at(w_queue_.front()).beats) {
    w_beat_ = 0;
    w_queue_.pop_front();
  }
}

void AxiMaster::sample_r(const AxiPins& m, uint64_t cycle) {
  if (!r_ready_ || !*m.r_valid) return;
  ++progress_;
  const unsigned id = *m.r_id;
  auto& q = reads_by_id_[id % kIds];
  if (q.empty()) return error(fmt::format("R beat with id {} and no read outstanding", id));
  AxiTxn& t = inflight_.at(q.front());
  const size_t beat = t.rresp.size();
  if (beat == 0) {   // room for the burst at once: one allocation each, not one a beat
    t.rdata.reserve(size_t(t.beats) * kLine);
    t.rresp.reserve(t.beats);
  }
  t.rdata.resize((beat + 1) * kLine);
  std::memcpy(t.rdata.data() + beat * kLine, m.r_data, kLine);
  t.rresp.push_back(static_cast<AxiResp>(*m.r_resp));
  const bool last = *m.r_last;
  if (last != (beat + 1 == t.beats)) {
    error(fmt::format("read id {} at {:#x}: RLAST on beat {} of {}", id, t.addr, beat + 1,
                      t.beats));
  }
  if (beat + 1 == t.beats) {
    q.pop_front();
    --reads_;
    complete(t, cycle);
  }
}

void AxiMaster::sample_b(const AxiPins& m, uint64_t cycle) {
  if (!b_ready_ || !*m.b_valid) return;
  ++progress_;
  const unsigned id = *m.b_id;
  auto& q = writes_by_id_[id % kIds];
  if (q.empty()) return error(fmt::format("B with id {} and no write outstanding", id));
  AxiTxn& t = inflight_.at(q.front());
  if (!w_queue_.empty() && w_queue_.front() == t.seq) {
    error(fmt::format("write id {} at {:#x}: B before all W beats", id, t.addr));
    w_queue_.pop_front();   // the burst is over: send no more of its data
    w_beat_ = 0;
  }
  t.bresp = static_cast<AxiResp>(*m.b_resp);
  q.pop_front();
  --writes_;
  complete(t, cycle);
}

void AxiMaster::complete(AxiTxn& t, uint64_t cycle) {
  t.done_cycle = cycle;
  mark_lines(t, -1);
  const uint64_t seq = t.seq;
  notify(true, t);   // may take t's buffers: it leaves inflight_ now
  ++completed_;
  inflight_.erase(seq);
}

// Tells the observers about an issue or a completion, or with defer_events holds it back
// for flush(): an issued burst is copied (it stays in flight, into the slot's buffers), a
// completed one moved (it is dropped right after).
void AxiMaster::notify(bool complete, AxiTxn& t) {
  if (!opt_.defer_events) return deliver(complete, t);
  if (held_ == held_events_.size()) held_events_.emplace_back();
  held_events_[held_].complete = complete;
  if (complete) held_events_[held_].txn = std::move(t);
  else held_events_[held_].txn = t;
  ++held_;
}

void AxiMaster::deliver(bool complete, const AxiTxn& t) {
  for (TxnObserver* o : observers_) {
    if (complete) o->on_complete(port_, t);
    else o->on_issue(port_, t);
  }
}

void AxiMaster::flush() {
  for (size_t i = 0; i < held_; ++i) deliver(held_events_[i].complete, held_events_[i].txn);
  held_ = 0;
}

}  // namespace hbmsim
