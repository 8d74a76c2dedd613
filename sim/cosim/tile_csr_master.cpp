#include "cosim/tile_csr_master.h"

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

}  // namespace hbmsim
