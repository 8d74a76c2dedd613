// The PHY between the controllers' DQ words and the device's tCK beats (hbm_pkg's DfiW:
// a burst's two beats in one controller clock). A write's word becomes two beats on
// consecutive tCK, from the tCK it is offered (1:1) or later at 1:2: the controller's WL
// is rounded down to its clocks (WL % 2 tCK more), and PC 1 of a channel issues in the
// clock's second tCK (hbm_channel: one more). A read's two beats become one word, offered
// in the controller clock of the second beat's tCK or the first after it.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "device/hbm_device.h"

namespace hbmsim {

// A controller clock's DQ word: a burst, low beat first.
struct DqWord {
  static constexpr unsigned kBytes = 2 * DqBeat::kBytes;
  std::array<uint8_t, kBytes> data{};
};

class DfiPhy {
 public:
  DfiPhy(unsigned pcs, unsigned ratio, unsigned write_latency);

  // The beat the device drives this tCK (or null) gathered; returns the word to offer the
  // controller now (or null), only in a tCK that is a controller clock (`edge`).
  const DqWord* read(unsigned pc, const DqBeat* beat, bool edge);
  // The word the controller offers in this tCK, and its byte strobes (low beat's first).
  void write(unsigned pc, uint64_t cycle, const DqWord& word, uint32_t strobes);
  // The write beats due in this tCK, driven into the device.
  void drive(unsigned pc, uint64_t cycle, HbmDevice& device);

 private:
  struct Beat {
    uint64_t cycle = 0;
    DqBeat data;
    uint16_t strobes = 0;
  };
  // At most two words in flight a PC (a word is two tCK of beats, words come a
  // controller clock apart at the least, and wait at most 2 tCK): four beats, a ring.
  static constexpr unsigned kBeats = 4;
  struct Pc {
    DqBeat low;                 // a read's first beat, waiting for its second
    bool have_low = false;
    DqWord word;                // a read's whole burst, waiting for a controller clock
    bool have_word = false;
    std::array<Beat, kBeats> ring;
    unsigned head = 0, beats = 0;
  };
  std::vector<Pc> pcs_;
  std::vector<unsigned> write_delay_;   // per PC: tCK from the word to its first beat
};

}  // namespace hbmsim
