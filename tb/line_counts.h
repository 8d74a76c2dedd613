// A count per line (a 32-byte address block) of the bursts an AXI master has in flight,
// for its read-after-write and write-after-write checks: a few hundred lines at most,
// looked up every tCK and changed twice per burst.
//
// Open addressing with linear probing and deletion by backward shift, so that changing a
// count allocates nothing: as std::unordered_map, each burst's insert and erase were a
// malloc and a free (1 PC, sequential reads: about 1 % of a run).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hbmsim {

class LineCounts {
 public:
  // Adds delta to line's count; a count that reaches zero removes the line.
  void add(uint64_t line, int delta) {
    if (delta == 0) return;
    size_t i = home(line);
    for (; slots_[i].count != 0; i = next(i)) {
      if (slots_[i].line != line) continue;
      slots_[i].count += delta;
      if (slots_[i].count == 0) erase_at(i);
      return;
    }
    slots_[i] = {line, delta};
    if (++used_ * 2 > slots_.size()) grow();
  }

  bool contains(uint64_t line) const {
    for (size_t i = home(line); slots_[i].count != 0; i = next(i)) {
      if (slots_[i].line == line) return true;
    }
    return false;
  }

  size_t size() const { return used_; }
  bool empty() const { return used_ == 0; }

 private:
  struct Slot {
    uint64_t line = 0;
    int count = 0;   // 0: the slot is empty
  };

  size_t mask() const { return slots_.size() - 1; }
  size_t next(size_t i) const { return (i + 1) & mask(); }
  // Fibonacci hashing: neighbouring lines, a burst's, spread over the table.
  size_t home(uint64_t line) const {
    return static_cast<size_t>((line * 0x9e3779b97f4a7c15ull) >> (64 - bits_));
  }

  // Empties slot i and moves up the entries after it whose probe passed through it, so
  // that every entry stays reachable from its home without tombstones.
  void erase_at(size_t i) {
    for (size_t j = next(i); slots_[j].count != 0; j = next(j)) {
      const size_t k = home(slots_[j].line);
      const bool stays = i < j ? (i < k && k <= j) : (i < k || k <= j);
      if (stays) continue;
      slots_[i] = slots_[j];
      i = j;
    }
    slots_[i] = Slot{};
    --used_;
  }

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    ++bits_;
    used_ = 0;
    for (const Slot& s : old) {
      if (s.count == 0) continue;
      size_t i = home(s.line);
      while (slots_[i].count != 0) i = next(i);
      slots_[i] = s;
      ++used_;
    }
  }

  static constexpr unsigned kInitialBits = 6;   // 64 slots
  unsigned bits_ = kInitialBits;                 // log2 of slots_.size(), for home()
  std::vector<Slot> slots_ = std::vector<Slot>(size_t(1) << kInitialBits);
  size_t used_ = 0;
};

}  // namespace hbmsim
