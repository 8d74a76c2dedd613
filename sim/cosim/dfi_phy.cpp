#include "cosim/dfi_phy.h"

#include <cstring>
#include <stdexcept>

namespace hbmsim {

DfiPhy::DfiPhy(unsigned pcs, unsigned ratio, unsigned write_latency)
    : pcs_(pcs), write_delay_(pcs, 0) {
  if (ratio == 1) return;
  for (unsigned pc = 0; pc < pcs; ++pc) write_delay_[pc] = pc % 2 + write_latency % ratio;
}

const DqWord* DfiPhy::read(unsigned pc, const DqBeat* beat, bool edge) {
  Pc& p = pcs_[pc];
  if (beat) {
    if (!p.have_low) {
      p.low = *beat;
      p.have_low = true;
    } else {
      // A burst whose word was not yet taken would be overwritten: bursts are a
      // controller clock apart at the least, so this is a broken PHY, not bad input.
      if (p.have_word) throw std::logic_error("DfiPhy: a read word was overwritten");
      std::memcpy(p.word.data.data(), p.low.data.data(), DqBeat::kBytes);
      std::memcpy(p.word.data.data() + DqBeat::kBytes, beat->data.data(), DqBeat::kBytes);
      p.have_low = false;
      p.have_word = true;
    }
  }
  if (!edge || !p.have_word) return nullptr;
  p.have_word = false;
  return &p.word;
}

void DfiPhy::write(unsigned pc, uint64_t cycle, const DqWord& word, uint32_t strobes) {
  Pc& p = pcs_[pc];
  if (p.beats + 2 > kBeats) throw std::logic_error("DfiPhy: write beats overflow");
  for (unsigned half = 0; half < 2; ++half) {
    Beat& b = p.ring[(p.head + p.beats) % kBeats];
    b.cycle = cycle + write_delay_[pc] + half;
    std::memcpy(b.data.data.data(), word.data.data() + half * DqBeat::kBytes, DqBeat::kBytes);
    b.strobes = static_cast<uint16_t>(strobes >> (half * DqBeat::kBytes));
    ++p.beats;
  }
}

void DfiPhy::drive(unsigned pc, uint64_t cycle, HbmDevice& device) {
  Pc& p = pcs_[pc];
  while (p.beats != 0 && p.ring[p.head].cycle == cycle) {
    const Beat& b = p.ring[p.head];
    device.write_beat(pc, cycle, b.data, b.strobes);
    p.head = (p.head + 1) % kBeats;
    --p.beats;
  }
}

}  // namespace hbmsim
