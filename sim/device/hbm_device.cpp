#include "device/hbm_device.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "common/errors.h"

namespace hbmsim {

HbmDevice::HbmDevice(sc_core::sc_module_name name, const Standard& std, unsigned num_pcs,
                     uint64_t seed)
    : sc_core::sc_module(name),
      std_(std),
      num_pcs_(num_pcs),
      checker_(std, num_pcs),
      storage_(std.org, seed),
      pcs_(num_pcs),
      fresh_(size_t(num_pcs) * std.org.banks_per_pc(), 0),
      open_banks_(num_pcs, 0) {}

BurstLocation HbmDevice::location(const Command& c, unsigned row) const {
  return {checker_.pc_index(c), checker_.bank_index(c), row, c.col};
}

bool HbmDevice::idle() const {
  for (const PcData& d : pcs_) {
    if (!d.reads.empty() || !d.writes.empty()) return false;
  }
  return true;
}

void HbmDevice::record(Violation v) { violations_.push_back(std::move(v)); }

const DqBeat* HbmDevice::read_beat(unsigned pc, uint64_t cycle) {
  PcData& d = pcs_[pc];
  if (d.reads.empty() || cycle < d.reads.front().start) return nullptr;
  const Burst& b = d.reads.front();
  const unsigned half = static_cast<unsigned>(cycle - b.start);
  std::memcpy(d.beat.data.data(), b.data.data() + half * DqBeat::kBytes, DqBeat::kBytes);
  if (half + 1 == std_.t.BL) d.reads.pop_front();
  return &d.beat;
}

void HbmDevice::command(const Command& c) {
  const bool addressable = checker_.addressable(c);
  const unsigned pc = checker_.pc_index(c);
  const bool was_open =
      addressable && targets_bank(c.kind) && checker_.is_open(pc, checker_.bank_index(c));
  if (auto v = checker_.check(c)) record(std::move(*v));
  ++stats_.commands[static_cast<unsigned>(c.kind)];
  // A command to a bank that does not exist has been reported; it changes nothing.
  if (!addressable) return;
  if (c.kind == CmdKind::PREA) {
    open_banks_[pc] = 0;
  } else if (targets_bank(c.kind)) {
    const bool now_open = checker_.is_open(pc, checker_.bank_index(c));
    open_banks_[pc] = open_banks_[pc] + unsigned(now_open) - unsigned(was_open);
  }
  if (c.kind == CmdKind::ACT) fresh_[pc * std_.org.banks_per_pc() + checker_.bank_index(c)] = 1;
  if (!is_column(c.kind)) return;

  uint8_t& fresh = fresh_[pc * std_.org.banks_per_pc() + checker_.bank_index(c)];
  (fresh ? stats_.row_misses : stats_.row_hits) += 1;
  fresh = 0;

  // The checker has applied the command: an RDA / WRA bank already reads as closed,
  // but its row is still the one the access uses.
  Burst b;
  b.cmd = c;
  b.loc = location(c, checker_.open_row(pc, checker_.bank_index(c)));
  if (is_read(c.kind)) {
    ++stats_.read_bursts;
    b.start = c.cycle + std_.t.RL;
    storage_.read(b.loc, b.data.data());
    pcs_[pc].reads.push_back(b);
  } else {
    ++stats_.write_bursts;
    b.start = c.cycle + std_.t.WL;
    pcs_[pc].writes.push_back(b);
  }
}

void HbmDevice::write_beat(unsigned pc, uint64_t cycle, const DqBeat& beat, uint16_t strobes) {
  PcData& d = pcs_[pc];
  if (d.writes.empty() || cycle != d.writes.front().start + d.writes.front().got) {
    Violation v{cycle, Command{}, kRuleWriteData};
    v.subject = fmt::format("DQ of ch{} pc{}", pc / std_.org.pcs_per_channel,
                            pc % std_.org.pcs_per_channel);
    v.detail = "write data driven in a tCK no WR expects it";
    record(std::move(v));
    return;
  }
  Burst& b = d.writes.front();
  std::memcpy(b.data.data() + b.got * DqBeat::kBytes, beat.data.data(), DqBeat::kBytes);
  b.strobes |= uint32_t(strobes) << (b.got * DqBeat::kBytes);
  if (++b.got == std_.t.BL) {
    storage_.write(b.loc, b.data.data(), b.strobes);
    d.writes.pop_front();
  }
}

void HbmDevice::end_cycle(uint64_t cycle) {
  // A beat that was due by this tCK and did not come is lost data.
  for (PcData& d : pcs_) {
    if (d.writes.empty()) continue;
    const Burst& b = d.writes.front();
    if (cycle < b.start + b.got) continue;
    Violation v{cycle, b.cmd, kRuleWriteData};
    v.detail = fmt::format("beat {} of the write data for this WR was due at cycle {} and "
                           "did not come", b.got, b.start + b.got);
    record(std::move(v));
    d.writes.pop_front();
  }
  if (auto v = checker_.advance(cycle)) record(std::move(*v));
  // Background energy: this tCK's state, after its commands.
  for (unsigned pc = 0; pc < num_pcs_; ++pc) {
    (open_banks_[pc] ? stats_.active_pc_tcks : stats_.idle_pc_tcks) += 1;
  }
  ++stats_.tcks;
}

DeviceStats DeviceStats::since(const DeviceStats& e) const {
  DeviceStats d = *this;
  for (size_t k = 0; k < commands.size(); ++k) d.commands[k] -= e.commands[k];
  d.read_bursts -= e.read_bursts;
  d.write_bursts -= e.write_bursts;
  d.row_hits -= e.row_hits;
  d.row_misses -= e.row_misses;
  d.active_pc_tcks -= e.active_pc_tcks;
  d.idle_pc_tcks -= e.idle_pc_tcks;
  d.tcks -= e.tcks;
  return d;
}

void DeviceStats::add(const DeviceStats& o) {
  for (size_t k = 0; k < commands.size(); ++k) commands[k] += o.commands[k];
  read_bursts += o.read_bursts;
  write_bursts += o.write_bursts;
  row_hits += o.row_hits;
  row_misses += o.row_misses;
  active_pc_tcks += o.active_pc_tcks;
  idle_pc_tcks += o.idle_pc_tcks;
  tcks += o.tcks;
}

EnergyBreakdown HbmDevice::energy() const { return energy(stats_); }

EnergyBreakdown HbmDevice::energy(const DeviceStats& span) const {
  EnergyCounts n;
  n.commands = span.commands;
  n.read_bursts = span.read_bursts;
  n.write_bursts = span.write_bursts;
  n.active_pc_tcks = span.active_pc_tcks;
  n.idle_pc_tcks = span.idle_pc_tcks;
  n.tcks = span.tcks;
  n.pcs = num_pcs_;
  return account_energy(std_, n);
}

template <typename Fn>
void HbmDevice::for_each_burst(unsigned pc, uint64_t addr, size_t bytes, const AddressMap& map,
                               Fn&& fn) const {
  if (pc >= num_pcs_) {
    throw ConfigError(fmt::format("backdoor: PC {} is not modelled (the device has {})", pc,
                                  num_pcs_));
  }
  const uint64_t burst = Storage::kBurstBytes;
  for (size_t done = 0; done < bytes;) {
    const uint64_t at = addr + done;
    if (!map.exists(at)) {
      throw ConfigError(fmt::format("backdoor: address {:#x} of PC {} does not exist (map {}, "
                                    "{} bytes per PC)", at, pc, map.spec(),
                                    std_.org.pc_bytes()));
    }
    const unsigned offset = unsigned(at % burst);
    const size_t len = std::min<uint64_t>(burst - offset, bytes - done);
    const DramAddress a = map.decode(at - offset);
    fn(BurstLocation{pc, map.flat_bank(a), a.row, a.col}, offset, done, len);
    done += len;
  }
}

void HbmDevice::load(unsigned pc, uint64_t addr, const uint8_t* data, size_t bytes,
                     const AddressMap& map) {
  for_each_burst(pc, addr, bytes, map,
                 [&](const BurstLocation& loc, unsigned offset, size_t from, size_t len) {
                   std::array<uint8_t, Storage::kBurstBytes> buf{};
                   std::memcpy(buf.data() + offset, data + from, len);
                   const uint32_t strobes =
                       uint32_t(((uint64_t(1) << len) - 1) << offset);
                   storage_.write(loc, buf.data(), strobes);
                 });
}

void HbmDevice::dump(unsigned pc, uint64_t addr, uint8_t* out, size_t bytes,
                     const AddressMap& map) const {
  for_each_burst(pc, addr, bytes, map,
                 [&](const BurstLocation& loc, unsigned offset, size_t from, size_t len) {
                   const auto burst = storage_.peek(loc);
                   std::memcpy(out + from, burst.data() + offset, len);
                 });
}

std::array<uint8_t, Storage::kBurstBytes> HbmDevice::peek(const BurstLocation& loc) const {
  return storage_.peek(loc);
}

void HbmDevice::poke(const BurstLocation& loc, const uint8_t* data, uint32_t strobes) {
  storage_.write(loc, data, strobes);
}

}  // namespace hbmsim
