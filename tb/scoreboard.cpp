#include "tb/scoreboard.h"

#include <cstring>

#include <fmt/format.h>

#include "cosim/models/rtl_xbar.h"

namespace hbmsim {
namespace {
constexpr uint64_t kBeatBytes = AxiTxn::kBusBytes;
constexpr uint32_t kAllLanes = uint32_t((uint64_t(1) << kBeatBytes) - 1);
constexpr size_t kMaxReports = 10;
}  // namespace

Scoreboard::Scoreboard(Locator locate, uint64_t fill_seed)
    : locate_(std::move(locate)), seed_(fill_seed) {}

void Scoreboard::report(std::string what) {
  if (reports_.size() < kMaxReports) reports_.push_back(std::move(what));
}

Scoreboard::Line Scoreboard::expected_line(unsigned port, uint64_t line_addr,
                                           const BurstLocation& loc) const {
  auto it = golden_.find({port, line_addr});
  if (it != golden_.end()) return it->second;
  Line l;
  fill_pattern(seed_, loc, l.data());
  return l;
}

void Scoreboard::on_issue(unsigned port, const AxiTxn& t) {
  if (!t.write || t.refused()) return;   // a refused burst stores nothing
  for (unsigned i = 0; i < t.beats; ++i) {
    const uint64_t a = t.beat_addr(i);
    const auto loc = locate_(port, a);
    if (!loc) continue;  // answered DECERR, stores nothing
    const uint64_t line_addr = a / kBeatBytes * kBeatBytes;
    Line line = expected_line(port, line_addr, *loc);
    const uint32_t lanes = t.beat_lanes(i) & t.wstrb[i];
    for (unsigned b = 0; b < kBeatBytes; ++b) {
      if (lanes & (1u << b)) line[b] = t.wdata[i * kBeatBytes + b];
    }
    golden_[{port, line_addr}] = line;
  }
}

void Scoreboard::on_complete(unsigned port, const AxiTxn& t) {
  if (t.refused()) {
    check_refused(port, t);
    return;
  }
  if (t.write) {
    bool any_missing = false;
    for (unsigned i = 0; i < t.beats; ++i) any_missing |= !locate_(port, t.beat_addr(i));
    const AxiResp want = any_missing ? AxiResp::DecErr : AxiResp::Okay;
    if (t.bresp != want) {
      ++bad_responses_;
      report(fmt::format("port {} write at {:#x}: B response {} (expected {})", port, t.addr,
                         int(t.bresp), int(want)));
    }
    return;
  }
  for (unsigned i = 0; i < t.beats && i < t.rresp.size(); ++i) {
    const uint64_t a = t.beat_addr(i);
    const auto loc = locate_(port, a);
    const AxiResp want = loc ? AxiResp::Okay : AxiResp::DecErr;
    if (t.rresp[i] != want) {
      ++bad_responses_;
      report(fmt::format("port {} read at {:#x} beat {}: response {} (expected {})", port, a, i,
                         int(t.rresp[i]), int(want)));
      continue;
    }
    if (!loc) {
      check_error_data(port, t, i);
      continue;
    }
    const Line line = expected_line(port, a / kBeatBytes * kBeatBytes, *loc);
    const uint32_t lanes = t.beat_lanes(i);
    // A whole beat that matches (nearly every beat) in one compare.
    if (lanes == kAllLanes && std::memcmp(&t.rdata[i * kBeatBytes], line.data(), kBeatBytes) == 0) {
      bytes_checked_ += kBeatBytes;
      continue;
    }
    unsigned bad = 0;
    for (unsigned b = 0; b < kBeatBytes; ++b) {
      if (!(lanes & (1u << b))) continue;
      ++bytes_checked_;
      if (t.rdata[i * kBeatBytes + b] != line[b]) ++bad;
    }
    if (bad) {
      mismatched_bytes_ += bad;
      report(fmt::format("port {} read id {} at {:#x} beat {} (cycle {}): {} of 32 bytes "
                         "differ from what was written", port, t.id, a, i, t.done_cycle, bad));
    }
  }
}

// A refused burst is answered SLVERR on its B or on every R beat, whatever its address:
// the burst's own rules are checked before the address map's.
void Scoreboard::check_refused(unsigned port, const AxiTxn& t) {
  const auto bad = [&](AxiResp got, const std::string& where) {
    if (got == AxiResp::SlvErr) return;
    ++bad_responses_;
    report(fmt::format("port {} {} at {:#x} (size {}, {} beats, burst type {}){}: response {} "
                       "(expected SLVERR: the burst breaks an AXI4 rule)", port,
                       t.write ? "write" : "read", t.addr, t.size, t.beats, int(t.burst), where,
                       int(got), int(AxiResp::SlvErr)));
  };
  if (t.write) {
    bad(t.bresp, "");
    return;
  }
  for (size_t i = 0; i < t.rresp.size(); ++i) {
    bad(t.rresp[i], fmt::format(" beat {}", i));
    check_error_data(port, t, unsigned(i));
  }
}

void Scoreboard::check_error_data(unsigned port, const AxiTxn& t, unsigned beat) {
  if (t.rdata.size() < size_t(beat + 1) * kBeatBytes) return;
  const uint8_t* d = &t.rdata[size_t(beat) * kBeatBytes];
  for (unsigned b = 0; b < kBeatBytes; ++b) {
    if (d[b] == 0) continue;
    ++bad_responses_;
    report(fmt::format("port {} read id {} at {:#x} beat {}: an error response's data is not "
                       "zero (byte {} is {:#04x})", port, t.id, t.beat_addr(beat), beat, b,
                       d[b]));
    return;
  }
}

Scoreboard::Locator per_pc_locator(const AddressMap& map) {
  return [&map](unsigned port, uint64_t addr) -> std::optional<BurstLocation> {
    const auto a = map.locate(addr);
    if (!a) return std::nullopt;
    return BurstLocation{port, map.flat_bank(*a), a->row, a->col};
  };
}

Scoreboard::Locator xbar_locator(const AddressMap& map, const RtlXbar& xbar) {
  return [&map, &xbar](unsigned, uint64_t addr) -> std::optional<BurstLocation> {
    const auto a = map.locate(xbar.local_of(addr));
    if (!a) return std::nullopt;
    return BurstLocation{xbar.pc_of(addr), map.flat_bank(*a), a->row, a->col};
  };
}

uint64_t Scoreboard::check_storage(const Storage& storage) {
  uint64_t bad_total = 0;
  for (const auto& [key, line] : golden_) {
    const auto loc = locate_(key.port, key.line);
    Line stored;
    storage.read(*loc, stored.data());
    unsigned bad = 0;
    for (unsigned b = 0; b < kBeatBytes; ++b) bad += stored[b] != line[b];
    if (bad) {
      report(fmt::format("port {} line {:#x}: {} bytes in the device differ from what was "
                         "written (lost or misplaced write)", key.port, key.line, bad));
    }
    bad_total += bad;
  }
  mismatched_bytes_ += bad_total;
  return bad_total;
}

}  // namespace hbmsim
