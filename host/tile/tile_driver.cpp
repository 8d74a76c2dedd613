#include "host/tile/tile_driver.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/errors.h"
#include "common/excerpt.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim {

using tile::Descriptor;
using tile::Error;

namespace {
RtlTile& tile_of(CosimTop& top) {
  if (!top.tile()) throw ConfigError("tile driver: the co-simulation has no tile");
  // Tensors are allocated from address 0 up over each PC's capacity: a map that leaves
  // holes inside it (a missing stack ID) would put them where no memory is.
  const AddressMap& map = top.address_map();
  if (map.holes_inside()) {
    throw ConfigError(fmt::format(
        "the tile's tensors need each PC's memory as one span from address 0, and the address "
        "map '{}' leaves the missing stack ID of a {}-stack-ID organisation as holes inside "
        "it: put Si first (most significant), as the standard's default mappings do",
        map.spec(), top.standard().org.sids));
  }
  return *top.tile();
}
}  // namespace

TileDriver::TileDriver(CosimTop& top, const std::string& shape_flags)
    : tile_(tile_of(top)),
      top_(top),
      alloc_(tile_.interleave(), top.standard().org.pc_bytes() * top.pcs(),
             top.standard().org.pcs(), shape_flags),
      mem_(top.device(), top.address_map(), tile_.interleave()) {
  const unsigned mem_log2 = top.address_map().capacity_bits() + tile_.interleave().pcs_log2;
  limits_.mem_bytes = uint64_t(1) << mem_log2;
  limits_.max_n = RtlTile::kMaxN;
  limits_.max_k = RtlTile::kMaxK;
  top.attach_tile(*this);
}

void TileDriver::load_random_int8(uint64_t addr, uint32_t rows, uint32_t cols, uint32_t ld,
                                  Rng& rng) {
  std::vector<uint8_t> row(cols);
  for (uint32_t r = 0; r < rows; ++r) {
    for (uint32_t c = 0; c < cols; c += 8) {
      const uint64_t v = rng.next();
      for (uint32_t b = 0; b < 8 && c + b < cols; ++b) row[c + b] = uint8_t(v >> (8 * b));
    }
    load(addr + uint64_t(r) * ld, row.data(), cols);
  }
}

void TileDriver::load_over_axi() {
  if (!axi_) axi_ = std::make_unique<TileAxiLoader>(top_);
}

// Over AXI the bytes reach the device only during the run: the golden model sees them
// as written, and check() compares them too.
void TileDriver::load(uint64_t addr, const uint8_t* data, size_t bytes) {
  if (!axi_) return mem_.load(addr, data, bytes);
  axi_->add(addr, data, bytes);
  golden_write(kLoadedOp, addr, data, bytes);
}

Descriptor TileDriver::make(tile::Op op, const TileTensors& t, uint32_t m, uint32_t k,
                            uint32_t n, const TileOutput& out) const {
  Descriptor d;
  d.op = op;
  d.accumulate = out.accumulate;
  d.out_int8 = out.int8;
  d.shift = out.shift;
  d.w = t.w;
  d.x = t.x;
  d.y = t.y;
  d.m = m;
  d.k = k;
  d.n = n;
  d.ldw = t.ldw ? t.ldw : packed_stride(k);
  d.ldx = t.ldx ? t.ldx : packed_stride(k);
  d.ldy = t.ldy ? t.ldy : packed_stride(uint64_t(m) * (out.int8 ? 1 : 4));
  return d;
}

size_t TileDriver::gemv(const TileTensors& t, uint32_t m, uint32_t k, uint32_t batch,
                        const TileOutput& out, bool wait) {
  const size_t op = submit(make(tile::Op::Gemv, t, m, k, batch, out));
  if (wait) sync();
  return op;
}

size_t TileDriver::gemm(const TileTensors& t, uint32_t m, uint32_t k, uint32_t n,
                        const TileOutput& out, bool wait) {
  const size_t op = submit(make(tile::Op::Gemm, t, m, k, n, out));
  if (wait) sync();
  return op;
}

// The golden result is computed now, against memory as the tile will find it when this
// descriptor runs: what is loaded, plus what earlier descriptors write.
size_t TileDriver::submit(const Descriptor& d) {
  if (phase_ != Phase::Start) throw ConfigError("tile driver: ops must be queued before the run");
  if (axi_) axi_->attach();   // the load phase holds what was loaded until now
  const size_t index = ops_.size();
  Op op;
  op.d = d;
  op.expected_error = check_descriptor(d, limits_);
  if (op.expected_error == Error::None) {
    // One descriptor's results may pass the limit alone (a GEMM of 16384 x 65536): refused
    // before they are computed, not after the memory ran out.
    check_golden_bytes(index, uint64_t(d.n) * d.m * sizeof(int32_t) * kGoldenBytesPerResultByte);
    const uint64_t bytes = least_bytes(d.m, d.k, d.n, output_bytes(d));
    const uint64_t macs = uint64_t(d.m) * d.k * d.n;
    if (golden_max_cycles_ && index < skip_golden_from_) {
      const uint64_t least = least_tck_closed_ + least_tck(bytes, macs);
      if (golden_max_cycles_ < least) {
        skip_golden_from_ = index;
        skipped_least_tck_ = least;
      }
    }
    least_bytes_open_ += bytes;
    least_macs_open_ += macs;
  }
  const bool computed = index < skip_golden_from_;
  if (op.expected_error == Error::None && (computed || golden_placeholders_)) {
    if (computed) {
      op.golden = golden_output(d, [this](uint64_t a, uint8_t* out, size_t n) {
        golden_read(a, out, n);
      });
      std::vector<uint8_t> row(size_t(d.m) * output_bytes(d));
      for (size_t i = 0; i < d.n; ++i) {
        encode_row(d, &op.golden[i * d.m], row.data());
        golden_write(uint32_t(index), d.y + i * d.ldy, row.data(), row.size());
      }
    } else {
      op.golden.assign(size_t(d.n) * d.m, 0);
      for (size_t i = 0; i < d.n; ++i) {
        golden_overwrite(uint32_t(index), d.y + i * d.ldy, size_t(d.m) * output_bytes(d));
      }
    }
  }
  golden_results_bytes_ += op.golden.size() * sizeof(int32_t);
  ops_.push_back(std::move(op));
  check_golden_bytes(index + 1, 0);
  return index;
}

std::string TileDriver::gib_past(double bytes, uint64_t limit) {
  const double gib = bytes / double(uint64_t(1) << 30);
  const double limit_gib = double(limit) / double(uint64_t(1) << 30);
  int decimals = 1;
  while (decimals < 9 &&
         std::round(gib * std::pow(10.0, decimals)) / std::pow(10.0, decimals) <= limit_gib) {
    ++decimals;
  }
  return fmt::format("{:.{}f}", gib, decimals);
}

void TileDriver::check_golden_bytes(size_t ops, uint64_t more) const {
  // A map node per 32-byte line: the line, its key and the tree's pointers.
  const uint64_t held = golden_results_bytes_ +
                        golden_mem_.size() * (sizeof(GoldenLine) + sizeof(uint64_t) + 32) + more;
  if (held > kMaxGoldenBytes) {
    throw ConfigError(fmt::format(
        "tile: the golden model of the first {} descriptor(s) needs {} GiB, past the {} "
        "GiB a run may use to check the tile's results: the workload is too large to check "
        "({})",
        ops + (more ? 1 : 0), gib_past(double(held), kMaxGoldenBytes), kMaxGoldenBytes >> 30,
        alloc_.smaller_shape()));
  }
}

void TileDriver::sync() {
  if (!ops_.empty() && (batch_end_.empty() || batch_end_.back() != ops_.size())) {
    batch_end_.push_back(ops_.size());
    batch_label_.emplace_back();
    least_tck_closed_ += least_tck(least_bytes_open_, least_macs_open_);
    least_bytes_open_ = least_macs_open_ = 0;
  }
}

uint64_t TileDriver::least_tck(uint64_t bytes, uint64_t macs) const {
  if (golden_bytes_per_tck_ <= 0 || golden_macs_per_tck_ <= 0) return 0;
  return uint64_t(std::max(std::ceil(double(bytes) / golden_bytes_per_tck_),
                           std::ceil(double(macs) / golden_macs_per_tck_)));
}

void TileDriver::limit_golden(uint64_t max_cycles, double pc_bytes_per_tck, bool placeholders) {
  const unsigned pcs = top_.pcs();
  golden_max_cycles_ = max_cycles;
  golden_bytes_per_tck_ = pc_bytes_per_tck * pcs;
  golden_macs_per_tck_ = double(RtlTile::kMacsPerPcPerCycle) * RtlTile::kMaxN * pcs;
  golden_placeholders_ = placeholders;
}

std::string TileDriver::batch_label_of(size_t index) const {
  const auto it = std::upper_bound(batch_end_.begin(), batch_end_.end(), index);
  return it == batch_end_.end() ? std::string() : batch_label_[size_t(it - batch_end_.begin())];
}

void TileDriver::sync(const std::string& label) {
  sync();
  if (!batch_label_.empty()) batch_label_.back() = label;
}

void TileDriver::golden_read(uint64_t addr, uint8_t* out, size_t bytes) const {
  mem_.read(addr, out, bytes);
  if (addr + bytes <= golden_lo_ || addr >= golden_hi_) return;   // W: nothing written there
  for (uint64_t line = addr / 32 * 32; line < addr + bytes; line += 32) {
    const auto it = golden_mem_.find(line);
    if (it == golden_mem_.end()) continue;
    for (unsigned b = 0; b < 32; ++b) {
      const uint64_t a = line + b;
      const bool inside = a >= addr && a < addr + bytes;
      if (inside && (it->second.mask >> b & 1)) out[a - addr] = it->second.data[b];
    }
  }
}

void TileDriver::golden_write(uint32_t op, uint64_t addr, const uint8_t* data, size_t bytes) {
  golden_lo_ = std::min(golden_lo_, addr);
  golden_hi_ = std::max(golden_hi_, addr + bytes);
  for (size_t i = 0; i < bytes; ++i) {
    const uint64_t a = addr + i;
    GoldenLine& l = golden_mem_[a / 32 * 32];
    const unsigned b = unsigned(a % 32);
    l.data[b] = data[i];
    l.mask |= 1u << b;
    l.op[b] = op;
  }
}

// Only the lines a computed op wrote: a line nobody compares needs no node (a prefill's
// placeholder scores, a map node per 32 bytes, took 35 s and 2.5 GB at --context 1024 of
// a run whose --max-cycles ended it before its first descriptor could finish).
void TileDriver::golden_overwrite(uint32_t op, uint64_t addr, size_t bytes) {
  const uint64_t end = addr + bytes;
  for (auto it = golden_mem_.lower_bound(addr / 32 * 32); it != golden_mem_.end() &&
       it->first < end; ++it) {
    for (unsigned b = 0; b < 32; ++b) {
      const uint64_t a = it->first + b;
      if (a >= addr && a < end && (it->second.mask >> b & 1)) it->second.op[b] = op;
    }
  }
}

// ---- Running: one CSR transfer at a time; each phase queues transfers, and the next
// phase starts when they have all completed. ----

void TileDriver::push(const Descriptor& d) {
  csr_.push_descriptor(d, &push_refused_);   // PSLVERR: the queue is full
}

void TileDriver::problem(std::string what) {
  if (problems_.size() < kMaxReports) problems_.push_back(std::move(what));
  else ++problems_dropped_;
}

// After an interrupt: which descriptors finished, and whether the newest failure is the
// one the golden model predicts.
void TileDriver::on_interrupt_read() {
  finished_ = uint32_t(done_reg_ - done_base_);
  if (finished_ > ops_.size()) {
    problem(fmt::format("tile DONE says {} descriptors finished, only {} were pushed",
                        finished_, ops_.size()));
    finished_ = ops_.size();
  }
  if (error_reg_ == last_error_reg_) return;
  // A new failure. ERROR[31:16] counts the descriptors finished before it, which is not
  // its index when a check failure overtakes the previous descriptor's write-back: match
  // the code with the earliest pushed descriptor the golden model expects to fail so.
  last_error_reg_ = error_reg_;
  const auto code = Error(error_reg_ & 0xff);
  for (size_t i = 0; i < next_push_; ++i) {
    if (!ops_[i].error_seen && ops_[i].expected_error == code) {
      ops_[i].error_seen = true;
      return;
    }
  }
  std::string pending;
  for (size_t i = 0; i < next_push_; ++i) {
    if (!ops_[i].error_seen && ops_[i].expected_error != Error::None) {
      pending += fmt::format(" op {}: {};", i, unsigned(ops_[i].expected_error));
    }
  }
  problem(fmt::format("tile reported error {} ({}) after {} finished descriptors, but no pushed "
                      "descriptor should fail so (expected failures:{})", unsigned(code),
                      tile::error_name(code), error_reg_ >> 16,
                      pending.empty() ? " none" : pending));
}

void TileDriver::advance() {
  // Several phases may pass in one tCK; each stops where it queued a transfer or waits.
  while (csr_.idle()) {
    switch (phase_) {
      case Phase::Start:
        if (on_start_) on_start_(cycle_);
        sync();
        csr_.read(tile::kId, &id_);
        csr_.read(tile::kMaxN, &max_n_);
        csr_.read(tile::kMaxK, &max_k_);
        csr_.read(tile::kDone, &done_base_);
        csr_.write(tile::kIrqStatus, tile::kIrqDone | tile::kIrqError);
        csr_.write(tile::kIrqEn, tile::kIrqDone | tile::kIrqError);
        csr_.write(tile::kCntCtrl, tile::kCntClear);
        phase_ = Phase::Init;
        return;
      case Phase::Init:
        if (id_ != tile::kIdValue || max_n_ != limits_.max_n || max_k_ != limits_.max_k) {
          problem(fmt::format("tile CSRs ID {:#x} MaxN {} MaxK {}, expected {:#x}, {}, {}", id_,
                              max_n_, max_k_, tile::kIdValue, limits_.max_n, limits_.max_k));
          phase_ = Phase::Done;
          return;
        }
        error_reg_ = last_error_reg_ = 0;
        csr_.read(tile::kError, &last_error_reg_);
        phase_ = Phase::NextBatch;
        return;
      case Phase::NextBatch:
        if (batch_ == batch_end_.size()) {
          csr_.write(tile::kCntCtrl, tile::kCntFreeze);
          for (unsigned i = 0; i < counter_words_.size(); ++i) {
            csr_.read(tile::kCounters + 4 * i, &counter_words_[i]);
          }
          phase_ = Phase::Counters;
          return;
        }
        phase_ = Phase::Push;
        break;
      case Phase::Push:
        if (next_push_ == batch_end_[batch_]) {
          phase_ = Phase::Wait;
          wait_since_ = cycle_;
          return;
        }
        push(ops_[next_push_].d);
        phase_ = Phase::Pushed;
        return;
      case Phase::Pushed:
        if (push_refused_) {   // queue full: try again after the next interrupt
          ++refused_pushes_;
          phase_ = Phase::Wait;
          wait_since_ = cycle_;
          return;
        }
        ++next_push_;
        phase_ = Phase::Push;
        break;
      case Phase::Wait:
        if (!irq_) return;
        csr_.read(tile::kIrqStatus, &irq_status_);
        csr_.write(tile::kIrqStatus, tile::kIrqDone | tile::kIrqError);
        csr_.read(tile::kDone, &done_reg_);
        csr_.read(tile::kError, &error_reg_);
        phase_ = Phase::Irq;
        return;
      case Phase::Irq:
        on_interrupt_read();
        if (finished_ >= batch_end_[batch_]) {
          if (on_batch_done_) on_batch_done_(batch_, batch_label_[batch_], cycle_);
          ++batch_;
          phase_ = Phase::NextBatch;
        } else {
          phase_ = next_push_ < batch_end_[batch_] ? Phase::Push : Phase::Wait;
          wait_since_ = cycle_;
        }
        break;
      case Phase::Counters:
        for (size_t i = 0; i < counters_.size(); ++i) {
          counters_[i] =
              uint64_t(counter_words_[2 * i]) | uint64_t(counter_words_[2 * i + 1]) << 32;
        }
        counters_read_ = true;
        phase_ = Phase::Done;
        return;
      case Phase::Done:
        return;
    }
  }
}

// From the start callback on, as the kernels' meter and time series count: the first
// batch's tCKs include the driver's CSR reads before its first push. A run stopped in
// them had no kernel in progress, so its kernels and layer row held none of its tCKs while
// the time series called them "unfinished".
std::string TileDriver::batch_in_progress() const {
  return started() && batch_ < batch_label_.size() ? batch_label_[batch_] : std::string();
}

void TileDriver::drive(RtlTile& tile, uint64_t cycle) {
  cycle_ = cycle;
  advance();
  csr_.drive(tile);
}

void TileDriver::sample(RtlTile& tile, uint64_t) {
  csr_.sample(tile);
  irq_ = tile.irq();
}

std::string TileDriver::status() const {
  const size_t end = batch_ < batch_end_.size() ? batch_end_[batch_] : ops_.size();
  switch (phase_) {
    case Phase::Wait:
      return fmt::format("waiting since cycle {} for the interrupt: {} of {} descriptors "
                         "finished, {} pushed{}", wait_since_, finished_, end, next_push_,
                         push_refused_ ? " (the last push found the queue full)" : "");
    case Phase::Done:
      return "done";
    default:
      return fmt::format("CSR transfers of batch {} ({} of {} descriptors pushed)", batch_,
                         next_push_, end);
  }
}

// ---- After the run ----

std::vector<int32_t> TileDriver::output(size_t index) const {
  const Descriptor& d = ops_.at(index).d;
  const unsigned eb = output_bytes(d);
  std::vector<int32_t> y(size_t(d.n) * d.m);
  std::vector<uint8_t> row(size_t(d.m) * eb);
  for (size_t i = 0; i < d.n; ++i) {
    mem_.read(d.y + i * d.ldy, row.data(), row.size());
    for (size_t r = 0; r < d.m; ++r) {
      uint32_t v = 0;
      for (unsigned b = 0; b < eb; ++b) v |= uint32_t(row[r * eb + b]) << (8 * b);
      y[i * d.m + r] = eb == 1 ? int32_t(int8_t(v)) : int32_t(v);
    }
  }
  return y;
}

// The tile moves whole 32-byte beats: each row of W and X is its k bytes rounded up to
// beats, each row of Y its m outputs so (read too when accumulating), and W is read once
// per block of up to MaxN rows of X. Counted from the elements, a model whose FFN is 33
// wide (rows of two beats for 33 bytes) sat at 99.9 % from 90 % of a prefill's tCK on.
uint64_t TileDriver::expected_bytes() const {
  uint64_t bytes = 0;
  for (const Op& op : ops_) {
    if (op.expected_error != tile::Error::None) continue;
    const tile::Descriptor& d = op.d;
    const uint64_t passes =
        d.op == tile::Op::Gemm ? (d.n + RtlTile::kMaxN - 1) / RtlTile::kMaxN : 1;
    const uint64_t row = packed_stride(d.k);
    const uint64_t y = d.n * uint64_t(packed_stride(uint64_t(d.m) * output_bytes(d))) *
                       (d.accumulate ? 2 : 1);
    bytes += d.m * row * passes + d.n * row + y;
  }
  return bytes;
}

uint64_t TileDriver::check() {
  uint64_t legal = 0;
  for (const Op& op : ops_) legal += op.expected_error == Error::None;
  const uint64_t want[] = {legal, ops_.size() - legal};
  const size_t idx[] = {5, 6};   // kCounterNames: descriptors, errors
  for (unsigned i = 0; i < 2; ++i) {
    if (counters_[idx[i]] != want[i]) {
      problem(fmt::format("tile counter {} is {}, expected {}", tile::kCounterNames[idx[i]],
                          counters_[idx[i]], want[i]));
    }
  }
  if (finished_ != ops_.size()) {
    problem(fmt::format("tile finished {} of {} descriptors", finished_, ops_.size()));
  }
  compare_golden(ops_.size(), {});
  if (ops_.size() > skip_golden_from_) {
    problem(fmt::format("{} had no golden model (it was not built: the run was to stop "
                        "before they could finish): their outputs not compared",
                        count_of(ops_.size() - skip_golden_from_, "descriptor")));
  }
  return end_check();
}

// A run stopped early compared nothing: a decode stopped in its fifth kernel said "0 tile
// outputs compared" of the four it had finished. What no unfinished descriptor writes is
// final; but a finished descriptor's last writes may still be posted in its PC's
// controller (answered before they reach the DRAM), so a byte that differs on a PC whose
// controller holds requests, or while the DRAM has a burst in flight, is counted apart,
// not as a mismatch.
uint64_t TileDriver::check_finished() {
  const unsigned pcs = mem_.interleave().pcs();
  const bool dram_idle = top_.device().idle();
  std::vector<bool> settled(pcs);
  for (unsigned pc = 0; pc < pcs; ++pc) settled[pc] = dram_idle && top_.queue_count(pc) == 0;
  compare_golden(finished_, settled);
  if (finished_ > skip_golden_from_) {
    problem(fmt::format("{} finished that had no golden model (it was not built: the run was "
                        "to stop before they could finish): their outputs not compared",
                        count_of(finished_ - skip_golden_from_, "descriptor")));
  }
  std::string unsettled;
  if (unsettled_) {
    unsettled = fmt::format(", {} more not: they differ on PCs whose controllers still "
                            "held requests (posted writes may not have reached the DRAM)",
                            unsettled_);
  }
  problem(finished_ == 0 ? fmt::format("the run stopped before any of its {} finished: no "
                                       "output compared with the golden model",
                                       count_of(ops_.size(), "descriptor"))
                         : fmt::format("the run stopped with {} of {} descriptors finished: "
                                       "{} of their outputs compared with the golden model{}{}",
                                       finished_, ops_.size(), outputs_checked_, unsettled,
                                       not_compared()));
  return end_check();
}

// "; the other N descriptors' outputs (from kernel K on) not compared", or "" if none.
std::string TileDriver::not_compared() const {
  const size_t rest = ops_.size() - finished_;
  if (rest == 0) return "";
  const std::string from = batch_in_progress();
  return fmt::format("; the other {} descriptor{} outputs{} not compared", rest,
                     rest == 1 ? "'s" : "s'", from.empty() ? "" : " (from kernel " + from + " on)");
}

// Every byte the golden model wrote, element by element, against the device: those whose
// last writer is one of the first `ops_done` descriptors (or an AXI load that finished).
// `settled` (per PC; empty: every PC) tells where a difference is a mismatch.
void TileDriver::compare_golden(size_t ops_done, const std::vector<bool>& settled) {
  outputs_checked_ = bytes_checked_ = mismatches_ = unsettled_ = 0;
  const bool loaded = started();   // an AXI load phase ends before the driver starts
  for (const auto& [line, g] : golden_mem_) {
    std::array<uint8_t, 32> found;
    mem_.read(line, found.data(), 32);
    const bool final = settled.empty() || settled[mem_.interleave().pc_of(line)];
    for (unsigned b = 0; b < 32;) {
      if (!(g.mask >> b & 1)) {
        ++b;
        continue;
      }
      if (g.op[b] == kLoadedOp) {   // input loaded over AXI, not an output
        if (loaded && g.data[b] != found[b]) {
          if (!final) {
            ++unsettled_;
          } else {
            ++mismatches_;
            problem(fmt::format("AXI tensor load: byte {:#x} holds {}, {} was written",
                                line + b, int(int8_t(found[b])), int(int8_t(g.data[b]))));
          }
        }
        ++b;
        continue;
      }
      const Descriptor& d = ops_[g.op[b]].d;
      const unsigned eb = output_bytes(d);
      // Written last by a descriptor that did not finish, or by one without a golden
      // result (check() and check_finished() say so in a problem line).
      if (g.op[b] >= ops_done || g.op[b] >= skip_golden_from_) {
        b += eb;
        continue;
      }
      uint32_t e = 0, f = 0;
      for (unsigned i = 0; i < eb && b + i < 32; ++i) {
        e |= uint32_t(g.data[b + i]) << (8 * i);
        f |= uint32_t(found[b + i]) << (8 * i);
      }
      if (e != f && !final) {   // may be a posted write still on its way
        ++unsettled_;
        b += eb;
        continue;
      }
      ++outputs_checked_;
      bytes_checked_ += eb;
      if (e != f) {
        ++mismatches_;
        const uint64_t rel = line + b - d.y;
        const auto as_int = [eb](uint32_t v) {
          return eb == 1 ? int32_t(int8_t(v)) : int32_t(v);
        };
        problem(fmt::format("op {} {}: Y[n={}][m={}] expected {}, found {}", g.op[b],
                            d.op == tile::Op::Gemv ? "gemv" : "gemm", rel / d.ldy,
                            rel % d.ldy / eb, as_int(e), as_int(f)));
      }
      b += eb;
    }
  }
}

uint64_t TileDriver::end_check() {
  if (axi_) {
    for (const auto& p : axi_->problems()) problem(p);
  }
  if (problems_dropped_) {
    problems_.push_back(fmt::format("... and {} more problems", problems_dropped_));
    problems_dropped_ = 0;
  }
  return mismatches_;
}

}  // namespace hbmsim
