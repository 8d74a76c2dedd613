#include "host/tile/tile_axi_load.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/errors.h"
#include "cosim/cosim_top.h"

namespace hbmsim {

bool TileAxiLoader::Queue::next(AxiTxn& t) {
  if (txns.empty()) return false;
  t = std::move(txns.front());
  txns.pop_front();
  return true;
}

TileAxiLoader::TileAxiLoader(CosimTop& top) : top_(top) {
  if (!top.tile()) throw ConfigError("AXI tensor load: the co-simulation has no tile");
  il_ = top.tile()->interleave();
  for (unsigned pc = 0; pc < top.pcs(); ++pc) queues_.push_back(std::make_unique<Queue>());
}

void TileAxiLoader::attach() {
  if (!masters_.empty()) return;
  for (unsigned pc = 0; pc < queues_.size(); ++pc) {
    masters_.push_back(std::make_unique<AxiMaster>(pc, *queues_[pc],
                                                   std::vector<TxnObserver*>{this}));
    top_.attach(pc, *masters_.back());
  }
}

// Bursts of whole 32-byte beats (strobes mask the bytes outside the range), never across
// a granule (the next PC) or a 512-byte boundary (so never across 4 KiB either).
void TileAxiLoader::add(uint64_t addr, const uint8_t* data, size_t bytes) {
  if (!masters_.empty()) {
    throw ConfigError("AXI tensor load: load every tensor before submitting the first op");
  }
  constexpr uint64_t kBurst = uint64_t(kMaxBeats) * AxiTxn::kBusBytes;
  bytes_ += bytes;
  for (uint64_t a = addr; a < addr + bytes;) {
    const uint64_t line = a / 32 * 32;
    const uint64_t end = std::min({addr + bytes, line / kBurst * kBurst + kBurst,
                                   a + il_.left_in_granule(a)});
    AxiTxn t;
    t.write = true;
    t.addr = il_.local_of(line);
    t.beats = unsigned((end - line + 31) / 32);
    t.wdata.assign(size_t(t.beats) * 32, 0);
    t.wstrb.assign(t.beats, 0);
    for (uint64_t b = a; b < end; ++b) {
      const uint64_t off = b - line;
      t.wdata[off] = data[b - addr];
      t.wstrb[off / 32] |= 1u << (off % 32);
    }
    queues_[il_.pc_of(a)]->txns.push_back(std::move(t));
    a = end;
  }
}

void TileAxiLoader::on_complete(unsigned port, const AxiTxn& t) {
  if (t.write && t.bresp != AxiResp::Okay && errors_.size() < 10) {
    errors_.push_back(fmt::format("AXI tensor load: PC {} write at {:#x} answered {}", port,
                                  t.addr, int(t.bresp)));
  }
}

std::vector<std::string> TileAxiLoader::problems() const {
  std::vector<std::string> all = errors_;
  for (const auto& m : masters_) {
    for (const auto& e : m->protocol_errors()) all.push_back(e);
  }
  return all;
}

}  // namespace hbmsim
