#include "cosim/csr/tile_csr_master.h"

namespace hbmsim {

void TileCsrMaster::write(uint32_t offset, uint32_t data, bool* slverr) {
  queue_.push_back({true, offset, data, nullptr, slverr});
}

void TileCsrMaster::read(uint32_t offset, uint32_t* out, bool* slverr) {
  queue_.push_back({false, offset, 0, out, slverr});
}

void TileCsrMaster::drive(RtlTile& tile) const {
  TileApbPins pins;
  if (!queue_.empty()) {
    const Access& a = queue_.front();
    pins = {true, access_phase_, a.write, a.offset, a.data};
  }
  tile.drive_apb(pins);
}

void TileCsrMaster::sample(RtlTile& tile) {
  if (queue_.empty()) return;
  if (!access_phase_) {
    access_phase_ = true;   // setup done; the access phase comes next tCK
    return;
  }
  if (!tile.apb_ready()) return;
  const Access& a = queue_.front();
  const bool error = tile.apb_error();
  if (!a.write && a.out) *a.out = tile.apb_rdata();
  if (a.slverr) *a.slverr = error;
  else if (error) ++unexpected_errors_;
  ++handshakes_;
  queue_.pop_front();
  access_phase_ = false;
}

void TileCsrMaster::push_descriptor(const tile::Descriptor& d, bool* refused) {
  const uint32_t op = uint32_t(d.op) | (d.accumulate ? 1u << 8 : 0) |
                      (d.out_int8 ? 1u << 9 : 0) | ((d.shift & 31u) << 16);
  write(tile::kDOp, op);
  const std::pair<uint32_t, uint64_t> addrs[] = {{tile::kDW, d.w}, {tile::kDX, d.x}, {tile::kDY, d.y}};
  for (const auto& [reg, a] : addrs) {
    write(reg, uint32_t(a));
    write(reg + 4, uint32_t(a >> 32));
  }
  write(tile::kDM, d.m);
  write(tile::kDK, d.k);
  write(tile::kDN, d.n);
  write(tile::kDLdw, d.ldw);
  write(tile::kDLdx, d.ldx);
  write(tile::kDLdy, d.ldy);
  write(tile::kDPush, 1, refused);
}

}  // namespace hbmsim
