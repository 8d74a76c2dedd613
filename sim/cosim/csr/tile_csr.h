// The accelerator tile's CSR map and descriptor, as the C++ driver sees them; the RTL's
// copy is rtl/tile/hbm_tile_pkg.sv (keep the two in step: tests read every register).
#pragma once

#include <array>
#include <cstdint>

namespace hbmsim::tile {

constexpr uint32_t kId = 0x000, kStatus = 0x004, kError = 0x008, kIrqEn = 0x00C,
                   kIrqStatus = 0x010, kCntCtrl = 0x014, kMaxN = 0x018, kMaxK = 0x01C,
                   kDOp = 0x020, kDW = 0x024, kDX = 0x02C, kDY = 0x034, kDM = 0x03C,
                   kDK = 0x040, kDN = 0x044, kDLdw = 0x048, kDLdx = 0x04C, kDLdy = 0x050,
                   kDPush = 0x054, kDone = 0x058, kCounters = 0x080;
constexpr uint32_t kIdValue = 0x711E0001;
constexpr uint32_t kIrqDone = 1, kIrqError = 2;
constexpr uint32_t kCntClear = 1, kCntFreeze = 2;

enum class Op : uint32_t { Gemv = 1, Gemm = 2 };

enum class Error : uint32_t {
  None = 0, BadOp = 1, ZeroSize = 2, Misaligned = 3, Stride = 4, Range = 5, TooLarge = 6,
  BadFlags = 7, Memory = 8
};
const char* error_name(Error e);

// Counter order in the CSR window (64 bits each, low word first).
constexpr std::array<const char*, 7> kCounterNames = {
    "busy_cycles", "mem_stall_cycles", "bytes_read", "bytes_written", "macs",
    "descriptors", "errors"};

// One descriptor: Y[n][m] = sum_k W[m][k] * X[n][k] (+ Y if accumulate), int8 inputs,
// int32 sums; int8 output = saturate((sum + round) >> shift). Addresses and strides in
// bytes, multiples of 32.
struct Descriptor {
  Op op = Op::Gemv;
  bool accumulate = false;
  bool out_int8 = false;
  unsigned shift = 0;       // 0 to 31
  uint64_t w = 0, x = 0, y = 0;
  uint32_t m = 0, k = 0, n = 1;
  uint32_t ldw = 0, ldx = 0, ldy = 0;
};

}  // namespace hbmsim::tile
