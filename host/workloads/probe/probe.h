// `--workload probe`: unloaded read latency for a page hit, a closed page and a page
// miss (one read outstanding, the next issued when the previous returns, as Shuhai's
// latency benchmark chains them), and read bandwidth against stride with many reads in
// flight (Shuhai's stride sweep). How each case is produced: docs/probe.md.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hbmsim {

struct ProbeSpec {
  unsigned samples = 200;          // reads per latency case (--probe-samples)
  unsigned sweep_reads = 1024;     // 32-byte reads per stride (--sweep-reads)
  uint64_t stride_min = 32, stride_max = uint64_t(1) << 20;   // powers of two
};

// A latency case tries at most this many reads per sample asked: past it the case keeps
// what it counted (fewer, or none) and the summary says why (probe_report.cpp).
constexpr uint64_t kProbeMaxTries = 50;

// The three cases, in the order they run.
enum class ProbeCase : uint8_t { Closed, Hit, Miss };
constexpr std::array<const char*, 3> kProbeCaseNames = {"closed", "hit", "miss"};

// One latency case: only samples whose commands (seen on the command bus) are exactly
// the case's count; latencies in tCK, AR handshake to the R beat.
struct LatencyFigures {
  uint64_t samples = 0;            // counted
  uint64_t other_commands = 0;     // left out: the bank saw other commands than the case's
  uint64_t refresh_nearby = 0;     // left out: a refresh could have delayed it
  uint64_t asked = 0;              // --probe-samples
  uint64_t tried = 0;              // reads issued for the case
  uint64_t min = 0, max = 0;
  double mean = 0;
};

struct StridePoint {
  uint64_t stride = 0, reads = 0, cycles = 0;   // first AR to last R beat, inclusive
  uint64_t row_hits = 0, acts = 0;
  bool done = false;   // the stride's phase finished (not: a run stopped before or in it)
};

struct ProbeFigures {
  bool present = false;
  std::array<LatencyFigures, 3> latency;   // by ProbeCase
  std::vector<StridePoint> sweep;
  std::string sweep_page_policy;
};

}  // namespace hbmsim
