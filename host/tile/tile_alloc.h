// Hands out the tile's tensors in the stack's interleaved address space: each tensor
// starts on an interleave granule, so its first row starts on a PC boundary and tensors
// never share a granule (a burst of one never touches another).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "controller/interleave.h"

namespace hbmsim {

class TileAllocator {
 public:
  struct Block {
    std::string name;
    uint64_t addr = 0, bytes = 0;
  };

  // capacity: bytes of the interleaved space that exist (PC capacity x PCs); max_pcs: the
  // most PCs the standard has (0: not known); shape_flags: the flags that size the
  // workload's tensors, named when they do not fit (e.g. "--m, --k or --batch").
  TileAllocator(const Interleave& il, uint64_t capacity, unsigned max_pcs = 0,
                std::string shape_flags = "its sizes");

  // The bytes of every tensor the workload allocates, in order, when it knows them before
  // its first alloc (a GEMV's or GEMM's W, X and Y). A granule too large for them is then
  // answered with the largest one at which the whole workload fits; without a plan, only
  // the tensors so far are known, and the advice says no more than they show.
  void plan(std::vector<uint64_t> bytes) { plan_ = std::move(bytes); }

  // Throws ConfigError naming the tensor when the stack is full.
  uint64_t alloc(uint64_t bytes, const std::string& name);
  uint64_t used() const { return next_; }
  // The flags that could size the workload down; empty when every one is at its least
  // (a decode of --context 1 on one layer: only more PCs can help).
  const std::string& shape_flags() const { return shape_flags_; }
  // The flags that size the tensors allocated from now on (a transformer's weights are
  // sized by the model and --layers alone, its caches and activations by --context too).
  void set_shape_flags(std::string flags) { shape_flags_ = std::move(flags); }
  // What to change when the workload does not fit: "a smaller shape: FLAGS", or, with
  // nothing left to shrink, that it does not fit at its smallest.
  std::string smaller_shape() const {
    return shape_flags_.empty() ? "nothing smaller: its flags are at their least"
                                : "a smaller shape: " + shape_flags_;
  }
  const std::vector<Block>& blocks() const { return blocks_; }

 private:
  Interleave il_;
  uint64_t capacity_;
  unsigned max_pcs_;
  std::string shape_flags_;
  uint64_t next_ = 0;
  uint64_t data_ = 0;   // the tensors' own bytes, granules not rounded up
  std::vector<Block> blocks_;
  std::vector<uint64_t> plan_;

  // Advice when this tensor's granule does not fit (the tensors' own bytes would).
  std::string granule_advice(uint64_t bytes) const;
  // What to change when the workload does not fit at any granule: more PCs, if the
  // stack has enough for `needed` bytes, or a smaller shape.
  std::string fit_advice(uint64_t needed) const;
};

// Bytes of a row of `bytes`, rounded up to the tile's 32-byte alignment (a packed stride).
inline uint32_t packed_stride(uint64_t bytes) { return uint32_t((bytes + 31) / 32 * 32); }

}  // namespace hbmsim
