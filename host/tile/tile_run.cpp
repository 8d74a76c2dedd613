// `hbmsim run --workload gemv|gemm`: one descriptor on the tile, over the whole run's
// PCs, its output compared element by element with the golden model.
#include <cstdio>

#include <fmt/format.h>

#include "common/errors.h"
#include "device/fill_pattern.h"
#include "host/report/progress.h"
#include "host/run.h"
#include "host/workloads/synthetic_workload.h"
#include "host/tile/tile_driver.h"

namespace hbmsim {
namespace {

void validate(const std::string& pattern, const TileSpec& t) {
  if (t.m == 0 || t.k == 0) {
    throw UsageError(fmt::format("--workload {} needs --m and --k (W is m x k), both at least 1",
                                 pattern));
  }
  if (t.k > RtlTile::kMaxK) {
    throw UsageError(fmt::format("--k {}: the tile's scratchpad holds rows of at most {} bytes",
                                 t.k, RtlTile::kMaxK));
  }
  if (t.n == 0) {
    throw UsageError(fmt::format("--{} 0: at least one row of X",
                                 pattern == "gemv" ? "batch" : "n"));
  }
  if (pattern == "gemv" && t.n > RtlTile::kMaxN) {
    throw UsageError(fmt::format("--batch {}: a GEMV takes at most {} rows of X (use "
                                 "--workload gemm --n {})", t.n, RtlTile::kMaxN, t.n));
  }
  if (t.accumulate && t.int8_out) {
    throw UsageError("--accumulate adds to int32 outputs; it does not go with --int8-out");
  }
  if (t.shift > 31) throw UsageError(fmt::format("--shift {}: expected 0 to 31", t.shift));
  if (t.shift && !t.int8_out) throw UsageError("--shift requantises int8 outputs: add --int8-out");
}

}  // namespace

bool is_tile_workload(const std::string& pattern) { return pattern == "gemv" || pattern == "gemm"; }

void collect_tile_results(const TileDriver& drv, RunResult& r) {
  r.tile.present = true;
  r.tile.counters_read = drv.counters_read();
  r.tile.counters = drv.counters();
  r.tile.outputs_checked = drv.outputs_checked();
  // The checks' bytes are the outputs' (a decode's were 0 beside 1104 outputs compared).
  r.bytes_checked = drv.bytes_checked();
  r.tile.max_n = RtlTile::kMaxN;
  r.tile.ops = unsigned(drv.ops());
  // Bytes, reads and writes from the DRAM (32 B per read or write burst it took), not from
  // the tile's counters: those are read over APB only after the last descriptor, so a run
  // stopped early has none, while the DRAM's figures are what the command log shows. Only
  // the traffic phase's, the tCKs `cycles` counts: a --tile-load axi load phase before it
  // is set-up (its writes are r.tile.load_bytes). On a run that completes they equal the
  // tile's bytes read and written. A run stopped in the load phase (--max-cycles) never
  // began the traffic phase: every burst was the load's (its 20 writes were reported as
  // the tile's traffic, 14.2 GB/s, 27.8 % of peak, for a tile that never ran).
  const bool loading = !drv.started();
  const uint64_t reads_before = loading ? r.device.read_bursts : r.outcome.read_bursts_before;
  const uint64_t writes_before = loading ? r.device.write_bursts : r.outcome.write_bursts_before;
  r.reads = r.device.read_bursts - reads_before;
  r.writes = r.device.write_bursts - writes_before;
  r.read_bytes = r.reads * 32;
  r.write_bytes = r.writes * 32;
  r.tile.load_bytes = (reads_before + writes_before) * 32;
  r.tile.stopped_loading = loading && r.opt.tile.load_axi;
  // Stopped after the load phase but before the tile's first burst reached the DRAM
  // (--max-cycles 200 on a GEMV whose load took 113 tCK), every bit was still the load's:
  // its 6.42 pJ/bit read as the workload's beside 0 bytes and 0.00 GB/s.
  r.tile.only_load_bits = r.tile.stopped_loading || (r.opt.tile.load_axi && r.reads == 0 &&
                                                     r.writes == 0 && r.tile.load_bytes > 0);
  for (const auto& p : drv.problems()) r.problems.push_back(p);
}

RunResult run_tile(const RunOptions& opt) {
  const std::string& pattern = opt.workload.pattern;
  const TileSpec& t = opt.tile;
  validate(pattern, t);
  RunResult r;
  r.opt = opt;
  r.opt.cosim.tile = true;
  r.std = run_standard(opt);

  CosimTop top("top", r.std, r.opt.cosim);
  TileDriver drv(top, pattern == "gemv" ? "--m, --k or --batch" : "--m, --k or --n");
  const unsigned eb = t.int8_out ? 1 : 4;
  TileTensors tt;
  tt.ldw = tt.ldx = packed_stride(t.k);
  tt.ldy = packed_stride(uint64_t(t.m) * eb);
  const uint64_t w_bytes = uint64_t(t.m) * tt.ldw, x_bytes = uint64_t(t.n) * tt.ldx,
                 y_bytes = uint64_t(t.n) * tt.ldy;
  drv.plan_tensors({w_bytes, x_bytes, y_bytes});
  tt.w = drv.alloc(w_bytes, "W");   // never loaded: the fill pattern
  tt.x = drv.alloc(x_bytes, "X");
  tt.y = drv.alloc(y_bytes, "Y");   // --accumulate adds to its fill pattern
  if (t.load_axi) drv.load_over_axi();
  Rng rng(splitmix64(opt.workload.seed) ^ 0x711e);
  drv.load_random_int8(tt.x, t.n, t.k, tt.ldx, rng);
  const TileOutput out{t.int8_out, t.shift, t.accumulate};
  // The descriptor reads W and X and writes Y at least once: a --max-cycles that ends the
  // run before those bytes could move at the PCs' peak ends it before the tile finishes,
  // and its golden model would never be compared. It is not built: a GEMM of 16384 x
  // 16384 x 16384 under --max-cycles 1000 would compute 4.4e12 MACs (about 15 minutes at
  // the 3.5 s measured for n 64) and hold 8 GiB of it before the 1000 tCK ran.
  drv.limit_golden(opt.cosim.max_cycles, r.std.peak_gbps_per_pc() * r.std.t.tck_ns, false);
  const uint64_t least_bytes = TileDriver::least_bytes(t.m, t.k, t.n, eb);
  const uint64_t macs = uint64_t(t.m) * t.k * t.n;
  const bool unfinishable = opt.cosim.max_cycles != 0 &&
                            opt.cosim.max_cycles < drv.least_tck(least_bytes, macs);
  {
    // The golden result is computed as the descriptor is queued: m x k x n MACs on the
    // host, 13 s for a GEMM of 16384 x 16384 x 256 with nothing on stderr.
    const SlowStepNote note(!opt.quiet && !unfinishable, [&] {
      return fmt::format("building the golden model of the {} (m {} k {} {} {}: {} MACs on "
                         "the host) before the run", pattern, t.m, t.k,
                         pattern == "gemv" ? "batch" : "n", t.n, uint64_t(t.m) * t.k * t.n);
    });
    if (pattern == "gemv") drv.gemv(tt, t.m, t.k, t.n, out);
    else drv.gemm(tt, t.m, t.k, t.n, out);
  }
  if (drv.golden_skipped_from() == 0 && !opt.quiet) {
    std::fprintf(stderr,
                 "hbmsim: note: --max-cycles %llu ends the run before the %s can finish (it "
                 "needs at least %llu tCK: %llu bytes at the peak of %u PC%s, %llu MACs at "
                 "the tile's %.0f a tCK, whichever takes longer): its golden model is not "
                 "built, and no output will be compared\n",
                 static_cast<unsigned long long>(opt.cosim.max_cycles), pattern.c_str(),
                 static_cast<unsigned long long>(drv.golden_skipped_least_tck()),
                 static_cast<unsigned long long>(least_bytes), opt.cosim.pcs,
                 opt.cosim.pcs == 1 ? "" : "s", static_cast<unsigned long long>(macs),
                 drv.macs_per_tck());
  }

  top.expect_bytes(drv.expected_bytes());
  r.outcome = run_cosim(top);

  // Only a run that drained has every output in the device to compare; one stopped
  // early compares what its finished descriptors wrote.
  drv.check_after(r.outcome.reason);
  collect_device_results(top, r);
  collect_tile_results(drv, r);
  r.data_mismatches = drv.mismatches();
  return r;
}

}  // namespace hbmsim
