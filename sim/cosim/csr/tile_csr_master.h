// Drives the tile's APB CSR port from C++: queued transfers, one at a time, a setup tCK
// then an access tCK (AMBA APB). Unlike the controllers' CsrMaster, a PSLVERR is an
// answer the caller may expect (a push into a full descriptor queue), so each transfer
// can report it instead of counting as a failure.
#pragma once

#include <cstdint>
#include <deque>

#include "cosim/models/rtl_tile.h"
#include "cosim/csr/tile_csr.h"

namespace hbmsim {

class TileCsrMaster {
 public:
  // *out (reads) and *slverr are set when the transfer completes; either may be null.
  void write(uint32_t offset, uint32_t data, bool* slverr = nullptr);
  void read(uint32_t offset, uint32_t* out, bool* slverr = nullptr);
  // Queues a descriptor: its staging registers, then D_PUSH (*refused is set when the
  // tile's queue was full and answered PSLVERR).
  void push_descriptor(const tile::Descriptor& d, bool* refused);
  bool idle() const { return queue_.empty(); }
  uint64_t handshakes() const { return handshakes_; }
  // Transfers that answered PSLVERR with nobody asking for it.
  uint64_t unexpected_errors() const { return unexpected_errors_; }

  void drive(RtlTile& tile) const;
  void sample(RtlTile& tile);

 private:
  struct Access {
    bool write;
    uint32_t offset, data;
    uint32_t* out;
    bool* slverr;
  };
  std::deque<Access> queue_;
  bool access_phase_ = false;
  uint64_t handshakes_ = 0;
  uint64_t unexpected_errors_ = 0;
};

}  // namespace hbmsim
