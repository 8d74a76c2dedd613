#include "cosim/csr/tile_csr.h"

namespace hbmsim::tile {

const char* error_name(Error e) {
  switch (e) {
    case Error::None: return "none";
    case Error::BadOp: return "unknown op";
    case Error::ZeroSize: return "zero size";
    case Error::Misaligned: return "address or stride not a multiple of 32 bytes";
    case Error::Stride: return "stride shorter than its row";
    case Error::Range: return "tensor beyond the stack's memory";
    case Error::TooLarge: return "k beyond the scratchpad or GEMV n beyond MaxN";
    case Error::BadFlags: return "accumulate with int8 output";
    case Error::Memory: return "memory answered SLVERR/DECERR";
  }
  return "unknown error code";
}

}  // namespace hbmsim::tile
