// The stated maximums of a run's counts and cycles (docs/limits.md), checked where an
// input is read: the command line (host/cli/cli_numbers.h) and the command logs
// check-log reads (host/check_log.cpp).
#pragma once

#include <cstdint>

namespace hbmsim {

constexpr uint64_t kMaxCycle = (uint64_t(1) << 48) - 1;   // any tCK given on the line
constexpr uint64_t kMaxRequests = uint64_t(1) << 40;      // bursts per port
constexpr uint64_t kMaxBytes = uint64_t(1) << 48;         // footprint, stride
// The controllers' CSR map names PCs 0 to 126: window 127 writes to every PC
// (csr::kBroadcastPc), so a 128th PC's counters cannot be read back and a 128-PC run
// failed after its traffic with "CSR read at 0x7f15c: no such PC".
constexpr unsigned kMaxPcsOption = 127;
constexpr unsigned kMaxThreads = 64;                      // one per channel at most is used

}  // namespace hbmsim
