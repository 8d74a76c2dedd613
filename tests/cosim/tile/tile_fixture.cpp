#include "tile_fixture.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "device/command.h"
#include "device/fill_pattern.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim::test {

namespace {

// Runs the optional raw descriptor over APB, then hands the tile to the driver; counts
// the interrupt's rising edges in the driver's phase.
class TileProbe : public TileAgent {
 public:
  TileProbe(CosimTop& top, TileDriver& drv, std::optional<tile::Descriptor> raw,
            RawDescriptorResult& out)
      : top_(top), drv_(drv), raw_(std::move(raw)), out_(out) {
    if (!raw_) phase_ = Phase::Driver;
  }

  void drive(RtlTile& tile, uint64_t cycle) override {
    cycle_ = cycle;
    if (phase_ == Phase::Driver) return drv_.drive(tile, cycle);
    advance();
    csr_.drive(tile);
  }

  void sample(RtlTile& tile, uint64_t cycle) override {
    const bool irq = tile.irq();
    if (phase_ == Phase::Driver) {
      if (irq && !last_irq_) ++irq_edges_;
      last_irq_ = irq;
      return drv_.sample(tile, cycle);
    }
    csr_.sample(tile);
    irq_ = irq;
    last_irq_ = irq;
  }

  bool done() const override { return phase_ == Phase::Driver && drv_.done(); }
  uint64_t progress() const override { return csr_.handshakes() + drv_.progress(); }
  std::string status() const override {
    if (phase_ == Phase::Driver) return drv_.status();
    return fmt::format("test fixture's raw descriptor, phase {}", int(phase_));
  }
  uint64_t irq_edges() const { return irq_edges_; }

 private:
  enum class Phase { Start, Push, Pushed, Wait, Read, Cleared, Driver };

  void push(const tile::Descriptor& d) {
    csr_.push_descriptor(d, &out_.push_slverr);
  }

  void advance() {
    if (!csr_.idle()) return;
    switch (phase_) {
      case Phase::Start:
        csr_.read(tile::kId, &out_.id);
        csr_.read(tile::kDone, &out_.done_before);
        csr_.write(tile::kIrqStatus, tile::kIrqDone | tile::kIrqError);
        csr_.write(tile::kIrqEn, tile::kIrqDone | tile::kIrqError);
        csr_.write(tile::kCntCtrl, tile::kCntClear);
        phase_ = Phase::Push;
        return;
      case Phase::Push:
        push(*raw_);
        phase_ = Phase::Pushed;
        return;
      case Phase::Pushed:
        pushed_at_ = cycle_;
        phase_ = Phase::Wait;
        [[fallthrough]];
      case Phase::Wait:
        if (!irq_) return;   // no interrupt: the watchdog ends the run (no progress)
        out_.cycles_to_irq = cycle_ - pushed_at_;
        csr_.read(tile::kIrqStatus, &out_.irq_status);
        csr_.read(tile::kError, &out_.error);
        csr_.read(tile::kDone, &out_.done_after);
        csr_.read(tile::kStatus, &out_.status);
        csr_.write(tile::kCntCtrl, tile::kCntFreeze);
        for (unsigned i = 0; i < words_.size(); ++i) csr_.read(tile::kCounters + 4 * i, &words_[i]);
        csr_.write(tile::kIrqStatus, tile::kIrqDone | tile::kIrqError);
        phase_ = Phase::Read;
        return;
      case Phase::Read:
        phase_ = Phase::Cleared;   // one more tCK for the interrupt pin to follow the clear
        return;
      case Phase::Cleared:
        out_.irq_low_after_clear = !irq_;
        for (size_t i = 0; i < out_.counters.size(); ++i) {
          out_.counters[i] = uint64_t(words_[2 * i]) | uint64_t(words_[2 * i + 1]) << 32;
        }
        out_.device = top_.device().stats();
        out_.ran = true;
        phase_ = Phase::Driver;
        return;
      case Phase::Driver:
        return;
    }
  }

  CosimTop& top_;
  TileDriver& drv_;
  std::optional<tile::Descriptor> raw_;
  RawDescriptorResult& out_;
  TileCsrMaster csr_;
  Phase phase_ = Phase::Start;
  bool irq_ = false, last_irq_ = false;
  uint64_t cycle_ = 0, pushed_at_ = 0, irq_edges_ = 0;
  std::array<uint32_t, tile::kCounterNames.size() * 2> words_{};
};

}  // namespace

uint64_t cmd(const DeviceStats& s, CmdKind k) { return s.commands[unsigned(k)]; }

std::array<uint64_t, kNumCmdKinds> count_log_commands(const std::string& csv_path) {
  std::array<uint64_t, kNumCmdKinds> n{};
  std::ifstream in(csv_path);
  std::string line;
  std::getline(in, line);   // header
  const size_t cmd_field = 4;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string field;
    for (size_t i = 0; i <= cmd_field && std::getline(ss, field, ','); ++i) {
    }
    if (const auto k = parse_cmd(field)) ++n[unsigned(*k)];
  }
  return n;
}

std::vector<int32_t> reference_product(const std::vector<int8_t>& w, const std::vector<int8_t>& x,
                                       uint32_t m, uint32_t k, uint32_t n, bool int8_out,
                                       unsigned shift, const std::vector<int32_t>* old) {
  std::vector<int32_t> y(size_t(n) * m);
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t r = 0; r < m; ++r) {
      int64_t s = 0;
      for (uint32_t j = 0; j < k; ++j) s += int64_t(w[size_t(r) * k + j]) * x[size_t(i) * k + j];
      if (old) s += (*old)[size_t(i) * m + r];
      if (int8_out) {
        // round half up, then saturate: floor((s + 2^(shift-1)) / 2^shift)
        if (shift) {
          const int64_t num = s + (int64_t(1) << (shift - 1));
          const int64_t den = int64_t(1) << shift;
          s = num >= 0 ? num / den : -((-num + den - 1) / den);
        }
        s = std::clamp<int64_t>(s, -128, 127);
      }
      y[size_t(i) * m + r] = int32_t(s);
    }
  }
  return y;
}

std::vector<int8_t> random_int8(size_t count, uint64_t seed) {
  Rng rng(splitmix64(seed) ^ 0x5eed);
  std::vector<int8_t> v(count);
  for (auto& b : v) b = int8_t(rng.next() >> 24);
  return v;
}

void load_matrix(TileDriver& drv, uint64_t addr, const std::vector<int8_t>& a, uint32_t rows,
                 uint32_t cols, uint32_t ld) {
  for (uint32_t r = 0; r < rows; ++r) {
    drv.load(addr + uint64_t(r) * ld, reinterpret_cast<const uint8_t*>(&a[size_t(r) * cols]),
             cols);
  }
}

std::vector<int8_t> read_matrix(TileDriver& drv, uint64_t addr, uint32_t rows, uint32_t cols,
                                uint32_t ld) {
  std::vector<int8_t> a(size_t(rows) * cols);
  for (uint32_t r = 0; r < rows; ++r) {
    drv.memory().read(addr + uint64_t(r) * ld, reinterpret_cast<uint8_t*>(&a[size_t(r) * cols]),
                      cols);
  }
  return a;
}

void TileTest::SetUp() {
  CosimTest::SetUp();
  opt_.tile = true;
  opt_.watchdog_cycles = 50000;
}

TileResult TileTest::run_tile(const std::function<void(TileDriver&)>& script,
                              const RawFn& raw_fn,
                              const std::function<void(TileDriver&, TileResult&)>& after) {
  TileResult r;
  CosimTop top("top", std_, opt_);
  TileDriver drv(top);
  r.mem_bytes = drv.limits().mem_bytes;
  script(drv);
  r.expected_bytes = drv.expected_bytes();
  std::optional<tile::Descriptor> raw;
  if (raw_fn) raw = raw_fn(drv);
  TileProbe probe(top, drv, std::move(raw), r.raw);
  top.attach_tile(probe);
  r.outcome = run_cosim(top);
  if (r.outcome.reason == StopReason::Done) drv.check();
  r.device = top.device().stats();
  r.violations = top.device().violations();
  r.problems = drv.problems();
  r.mismatches = drv.mismatches();
  r.outputs_checked = drv.outputs_checked();
  r.finished = drv.descriptors_finished();
  r.refused_pushes = drv.refused_pushes();
  r.irq_edges = probe.irq_edges();
  r.counters = drv.counters();
  for (size_t i = 0;; ++i) {
    try {
      r.ops.push_back(drv.descriptor(i));
    } catch (const std::out_of_range&) {
      break;
    }
    r.expected_errors.push_back(drv.expected_error(i));
    r.outputs.push_back(r.expected_errors.back() == tile::Error::None ? drv.output(i)
                                                                      : std::vector<int32_t>{});
  }
  if (after) after(drv, r);
  return r;
}

void expect_tile_clean(const TileResult& r) {
  EXPECT_EQ(r.outcome.reason, StopReason::Done) << r.outcome.message;
  if (!r.violations.empty()) ADD_FAILURE() << r.violations.front().message();
  for (const auto& p : r.problems) ADD_FAILURE() << "tile driver: " << p;
  EXPECT_EQ(r.mismatches, 0u);
  EXPECT_EQ(r.finished, r.ops.size());
}

void expect_counters_consistent(const TileResult& r, uint64_t macs, uint64_t legal,
                                uint64_t illegal) {
  const auto& c = r.counters;   // busy, stall, read, written, macs, descriptors, errors
  EXPECT_EQ(c[2], 32 * (cmd(r.device, CmdKind::RD) + cmd(r.device, CmdKind::RDA)))
      << "bytes_read vs the device's RD + RDA";
  EXPECT_EQ(c[3], 32 * (cmd(r.device, CmdKind::WR) + cmd(r.device, CmdKind::WRA)))
      << "bytes_written vs the device's WR + WRA";
  EXPECT_EQ(c[2], 32 * r.device.read_bursts);
  EXPECT_EQ(c[3], 32 * r.device.write_bursts);
  EXPECT_EQ(c[2] + c[3], r.expected_bytes) << "bytes moved vs the driver's expected bytes";
  EXPECT_EQ(c[4], macs) << "macs";
  EXPECT_EQ(c[5], legal) << "descriptors";
  EXPECT_EQ(c[6], illegal) << "errors";
  EXPECT_GT(c[0], 0u) << "busy_cycles";
  EXPECT_LE(c[0], r.outcome.cycles) << "busy_cycles vs the run's cycles";
  EXPECT_LE(c[1], c[0]) << "mem_stall_cycles vs busy_cycles";
}

}  // namespace hbmsim::test
