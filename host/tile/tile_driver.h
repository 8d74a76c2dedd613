// The host's driver of the accelerator tile, the way software on a CPU would run it:
// allocate tensors in the interleaved stack, load them (backdoor), write descriptors
// over APB, wait for the interrupt, read DONE / ERROR / IRQ_STATUS and clear it. Every
// descriptor also goes through the golden model (host/tile/tile_golden.h); after the
// run, check() reads every output by backdoor and compares.
//
// Ops are scripted before the run: submit() / gemv() / gemm() queue descriptors, and
// sync() closes a batch: a batch's descriptors are pushed back to back (the tile's queue
// takes kQueueDepth; a push it refuses with PSLVERR is retried after the next
// interrupt), then the driver waits until all of them finished before the next batch.
// Golden results are computed at submit time from what memory holds then plus what
// earlier ops will have written, so load every input before submitting the op that
// reads it.
#pragma once

#include <array>
#include <functional>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cosim/cosim_top.h"
#include "cosim/tile_agent.h"
#include "cosim/csr/tile_csr.h"
#include "cosim/csr/tile_csr_master.h"
#include "host/tile/tile_alloc.h"
#include "host/tile/tile_axi_load.h"
#include "host/tile/tile_golden.h"
#include "host/tile/tile_memory.h"

namespace hbmsim {

class Rng;

// Where an op's tensors are; a stride of 0 means packed rows (rounded up to 32 bytes).
struct TileTensors {
  uint64_t w = 0, x = 0, y = 0;
  uint32_t ldw = 0, ldx = 0, ldy = 0;
};

struct TileOutput {
  bool int8 = false;        // int8 output (else int32)
  unsigned shift = 0;       // int8: rounding right shift
  bool accumulate = false;  // int32: add to the Y already in memory
};

class TileDriver : public TileAgent {
 public:
  static constexpr size_t kMaxReports = 10;
  using Counters = std::array<uint64_t, tile::kCounterNames.size()>;

  // `top` must have been built with CosimOptions::tile; the driver attaches itself.
  // shape_flags: the flags that size the workload, named if its tensors do not fit.
  explicit TileDriver(CosimTop& top, const std::string& shape_flags = "its sizes");

  // ---- Before the run ----
  uint64_t alloc(uint64_t bytes, const std::string& name) { return alloc_.alloc(bytes, name); }
  // The bytes of every tensor the workload will allocate, when known up front
  // (TileAllocator::plan): a --tile-granule too large is answered with one that works.
  void plan_tensors(std::vector<uint64_t> bytes) { alloc_.plan(std::move(bytes)); }
  // The flags named when a tensor allocated from now on does not fit (TileAllocator).
  void set_shape_flags(const std::string& flags) { alloc_.set_shape_flags(flags); }
  TileMemory& memory() { return mem_; }
  const TileLimits& limits() const { return limits_; }
  // Tensor loads go through the controllers' AXI ports in a load phase before the tile
  // runs (the report's cycles then count the tile's phase only); default: backdoor.
  void load_over_axi();
  void load(uint64_t addr, const uint8_t* data, size_t bytes);
  // rows x cols int8 from rng at addr, rows `ld` bytes apart.
  void load_random_int8(uint64_t addr, uint32_t rows, uint32_t cols, uint32_t ld, Rng& rng);

  // Queue ops; each returns its op index. wait=true closes the batch after it (sync()).
  size_t gemv(const TileTensors& t, uint32_t m, uint32_t k, uint32_t batch = 1,
              const TileOutput& out = {}, bool wait = true);
  size_t gemm(const TileTensors& t, uint32_t m, uint32_t k, uint32_t n,
              const TileOutput& out = {}, bool wait = true);
  size_t submit(const tile::Descriptor& d);   // any descriptor, an illegal one too
  // A run that stops at `max_cycles` (tCK from reset) compares no op that cannot finish by
  // then, so none gets its golden result computed: an op that, after the least tCK of
  // every batch closed before its own (the driver starts a batch when the last has
  // finished), needs more, nor any op after it. An op or batch needs at least its bytes
  // (W and X read once, Y written once) at `bytes_per_tck` (the PCs' peak) and its MACs at
  // `macs_per_tck` (the array's), whichever takes longer. With `placeholders`, such an
  // op's golden result is zeros, as long as its real one, for a script that reads
  // expected() (its outputs feed the host steps of later ops, none of which is compared
  // either), and it is still each byte's last writer, so what it overwrites is not
  // compared. Were one to finish, a problem line says it was not compared. 0: no limit.
  // `pc_bytes_per_tck`: one PC's peak; the run's PCs and the array's rate are the driver's.
  void limit_golden(uint64_t max_cycles, double pc_bytes_per_tck, bool placeholders);
  // The least tCK `bytes` and `macs` take at the rates limit_golden set (0 before).
  uint64_t least_tck(uint64_t bytes, uint64_t macs) const;
  // The MACs the array does a tCK over the run's PCs.
  double macs_per_tck() const { return golden_macs_per_tck_; }
  // The first op without a golden result (SIZE_MAX: none), and the least tCK it needed.
  size_t golden_skipped_from() const { return skip_golden_from_; }
  uint64_t golden_skipped_least_tck() const { return skipped_least_tck_; }
  // The least bytes an op of m x k x n moves: W and X read once, Y (`out_bytes` an
  // element) written once.
  static uint64_t least_bytes(uint64_t m, uint64_t k, uint64_t n, unsigned out_bytes) {
    return m * k + n * k + n * m * out_bytes;
  }
  // The label of the batch (kernel) op `index` is in ("" before it is closed).
  std::string batch_label_of(size_t index) const;
  void sync();
  // Closes the batch and names it (a kernel of a workload); on_batch_done is called with
  // the batch's index, its name and the tCK its last descriptor's interrupt was read.
  void sync(const std::string& label);
  using BatchDone = std::function<void(size_t batch, const std::string& label, uint64_t cycle)>;
  void on_batch_done(BatchDone fn) { on_batch_done_ = std::move(fn); }
  // Called once, at the tCK the driver starts (before its first CSR transfer).
  void on_start(std::function<void(uint64_t cycle)> fn) { on_start_ = std::move(fn); }
  size_t ops() const { return ops_.size(); }
  // About what the DRAM will move for the legal ops scripted so far: W once per block of
  // MaxN rows of X, X, Y (twice when accumulating). For the progress line's percent.
  uint64_t expected_bytes() const;

  const tile::Descriptor& descriptor(size_t op) const { return ops_.at(op).d; }
  tile::Error expected_error(size_t op) const { return ops_.at(op).expected_error; }
  // Golden Y of a legal op (n x m), as it is right after that op.
  const std::vector<int32_t>& expected(size_t op) const { return ops_.at(op).golden; }

  // ---- TileAgent ----
  void drive(RtlTile& tile, uint64_t cycle) override;
  void sample(RtlTile& tile, uint64_t cycle) override;
  bool bus_idle() const override { return csr_.idle(); }
  bool done() const override { return phase_ == Phase::Done; }
  uint64_t progress() const override { return csr_.handshakes(); }
  std::string status() const override;

  // ---- After the run ----
  // Compares every output byte the golden model expects with the device (backdoor);
  // only meaningful after a run that drained. Returns mismatched output elements.
  uint64_t check();
  // After a run that stopped early: compares what the descriptors that finished wrote
  // (bytes no unfinished one writes), and says in a problem line what was not compared.
  uint64_t check_finished();
  // After a run that ended for `reason`: check() if it drained, else check_finished().
  uint64_t check_after(StopReason reason) {
    return reason == StopReason::Done ? check() : check_finished();
  }
  // Y of op as memory holds it now (n x m).
  std::vector<int32_t> output(size_t op) const;
  uint64_t outputs_checked() const { return outputs_checked_; }
  // Their bytes (1 or 4 an element: a transformer's kernels mix int8 and int32 outputs).
  uint64_t bytes_checked() const { return bytes_checked_; }
  uint64_t mismatches() const { return mismatches_; }
  uint64_t descriptors_finished() const { return finished_; }
  uint64_t refused_pushes() const { return refused_pushes_; }   // queue full, pushed again
  const Counters& counters() const { return counters_; }   // tile::kCounterNames order
  // The counters are read over APB after the last batch; a run stopped before (by
  // --max-cycles, a deadlock) has none, and counters() is then all zero.
  bool counters_read() const { return counters_read_; }
  // The driver has started (a tCK of the traffic phase): with --tile-load axi it starts
  // only once the load phase is done.
  bool started() const { return phase_ != Phase::Start; }
  // Batches closed by sync(), and those whose every descriptor finished.
  size_t batches() const { return batch_end_.size(); }
  size_t batches_done() const { return batch_; }
  // The label of the batch the tile is working on (the first from the start callback on,
  // its CSR set-up included); empty before it and after the last.
  std::string batch_in_progress() const;
  const std::vector<std::string>& problems() const { return problems_; }
  uint64_t axi_loaded_bytes() const { return axi_ ? axi_->bytes() : 0; }

  // Host memory the golden model may hold (results and written lines) before a run is
  // refused as too large to check, rather than scripted for hours and killed for want of
  // memory (a decode of --tokens 4096 --batch 64 was, within every flag's range). It holds
  // about kGoldenBytesPerResultByte per byte of results: a 32-byte line costs a ~200-byte
  // map node, beside the int32 vector.
  static constexpr uint64_t kMaxGoldenBytes = uint64_t(16) << 30;
  static constexpr unsigned kGoldenBytesPerResultByte = 8;
  // `bytes`, past `limit`, in GiB for the refusal: one decimal, more while that would
  // read as the limit itself ('2.0 GiB of attention scores ... so at most 2 GiB').
  static std::string gib_past(double bytes, uint64_t limit);

 private:
  enum class Phase { Start, Init, NextBatch, Push, Pushed, Wait, Irq, Counters, Done };
  struct Op {
    tile::Descriptor d;
    tile::Error expected_error = tile::Error::None;
    bool error_seen = false;   // the tile's ERROR showed this descriptor's code
    std::vector<int32_t> golden;
  };
  struct GoldenLine {            // a 32-byte line the golden model wrote
    std::array<uint8_t, 32> data{};
    uint32_t mask = 0;           // bytes written
    std::array<uint32_t, 32> op{};   // op that wrote each byte last
  };

  tile::Descriptor make(tile::Op op, const TileTensors& t, uint32_t m, uint32_t k, uint32_t n,
                        const TileOutput& out) const;
  void golden_read(uint64_t addr, uint8_t* out, size_t bytes) const;
  void golden_write(uint32_t op, uint64_t addr, const uint8_t* data, size_t bytes);
  // An op without a golden result (limit_golden) becomes the last writer of the bytes it
  // overwrites, so they are not compared; it adds no line of its own.
  void golden_overwrite(uint32_t op, uint64_t addr, size_t bytes);
  // Throws ConfigError when the golden model, `more` bytes on, passes kMaxGoldenBytes.
  void check_golden_bytes(size_t ops, uint64_t more) const;
  void advance();
  void push(const tile::Descriptor& d);
  void on_interrupt_read();
  void problem(std::string what);
  void compare_golden(size_t ops_done, const std::vector<bool>& settled);
  uint64_t end_check();   // the AXI load's problems, the count of those dropped
  std::string not_compared() const;

  RtlTile& tile_;
  CosimTop& top_;
  TileAllocator alloc_;
  size_t skip_golden_from_ = SIZE_MAX;   // ops from here on have no golden result
  uint64_t skipped_least_tck_ = 0;
  uint64_t golden_max_cycles_ = 0;
  double golden_bytes_per_tck_ = 0, golden_macs_per_tck_ = 0;
  bool golden_placeholders_ = false;
  uint64_t least_tck_closed_ = 0;   // of the batches closed by sync()
  uint64_t least_bytes_open_ = 0, least_macs_open_ = 0;   // of the batch being scripted
  TileMemory mem_;
  TileLimits limits_;
  static constexpr uint32_t kLoadedOp = ~0u;   // golden bytes an AXI load wrote

  std::unique_ptr<TileAxiLoader> axi_;
  std::vector<Op> ops_;
  std::vector<size_t> batch_end_;   // op index one past each closed batch
  std::vector<std::string> batch_label_;
  BatchDone on_batch_done_;
  std::function<void(uint64_t)> on_start_;
  std::map<uint64_t, GoldenLine> golden_mem_;   // ordered: reports come in address order
  uint64_t golden_lo_ = ~0ull, golden_hi_ = 0;
  uint64_t golden_results_bytes_ = 0;   // every op's golden vector

  // Run state.
  TileCsrMaster csr_;
  Phase phase_ = Phase::Start;
  size_t batch_ = 0, next_push_ = 0;
  bool push_refused_ = false, irq_ = false;
  uint32_t id_ = 0, max_n_ = 0, max_k_ = 0, done_base_ = 0, done_reg_ = 0;
  uint32_t error_reg_ = 0, last_error_reg_ = 0, irq_status_ = 0;
  uint64_t finished_ = 0, refused_pushes_ = 0, cycle_ = 0, wait_since_ = 0;
  std::array<uint32_t, tile::kCounterNames.size() * 2> counter_words_{};
  Counters counters_{};
  bool counters_read_ = false;

  uint64_t outputs_checked_ = 0, bytes_checked_ = 0, mismatches_ = 0;
  uint64_t unsettled_ = 0;   // differing bytes a stopped run's posted writes may explain
  std::vector<std::string> problems_;
  uint64_t problems_dropped_ = 0;
};

}  // namespace hbmsim
