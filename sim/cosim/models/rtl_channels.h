// The Verilated controller, as C++ sees it: one model of rtl/top/hbm_sim_top.sv per HBM
// channel (two pseudo-channel controllers and their shared command buses), created for
// the channels a run uses. Separate models keep the cost of a run proportional to the
// PCs it simulates.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cosim/dfi_phy.h"
#include "cosim/models/axi_pins.h"
#include "cosim/threads/parallel_eval.h"
#include "device/command.h"
#include "device/hbm_device.h"
#include "standard/standard.h"

class VerilatedContext;
class VerilatedFstC;

namespace hbmsim {

struct ApbPins {
  bool sel = false, enable = false, write = false;
  uint32_t addr = 0;   // bits [18:12] pick the PC inside the model (127: both), [11:0] register
  uint32_t wdata = 0;
};

// The models' common interface; the implementation is a template over the Verilated
// class (rtl_channels.cpp). The RTL is built for 32 banks per PC (HBM2, HBM2E, HBM3) and
// for 64 (HBM3E, HBM4, and any organisation above 32): a run takes the smaller build that
// holds its organisation, so no tCK pays for banks that do not exist.
class RtlChannels {
 public:
  static constexpr unsigned kPcsPerModel = 2;
  static constexpr unsigned kBuildBankBits[] = {5, 6};   // hbm_pkg::BankW of each build

  // Bits of the flat bank index {sid, bg, ba} the organisation needs.
  static unsigned bank_bits(const Organisation& org);
  // Whether the build with that many bank-index bits holds the organisation.
  static bool fits(const Organisation& org, unsigned build_bank_bits);
  // threads: 1 evaluates every model on the caller's thread; N splits the models over
  // the caller and N - 1 workers, at most one thread per model (same results, less wall
  // time with several channels).
  // Throws ConfigError when no build holds the organisation's banks.
  static std::unique_ptr<RtlChannels> create(VerilatedContext& ctx, const Organisation& org,
                                             unsigned pcs, unsigned threads = 1);
  virtual ~RtlChannels();
  RtlChannels(const RtlChannels&) = delete;
  RtlChannels& operator=(const RtlChannels&) = delete;

  unsigned pcs() const { return pcs_; }
  unsigned models() const { return models_; }
  unsigned built_bank_bits() const { return bank_bits_; }   // the build this run uses
  // Edges evaluated on the caller alone, with threads, because hand-overs were late
  // (parallel_eval.h, LateGuard): the cores were busy with other work.
  uint64_t serial_jobs() const { return parallel_ ? parallel_->serial_jobs() : 0; }
  static unsigned lane(unsigned pc) { return pc % kPcsPerModel; }
  // The threads a run of `pcs` PCs asked for `threads` really evaluates on: at most one per
  // channel model.
  static unsigned threads_used(unsigned pcs, unsigned threads) {
    const unsigned models = (pcs + kPcsPerModel - 1) / kPcsPerModel;
    return threads < models ? threads : models;
  }

  const AxiPins& pc_pins(unsigned pc) const { return pins_[pc]; }   // PC pc's own AXI port

  virtual void configure(const Timing& t, const Organisation& org, unsigned addr_bits) = 0;
  virtual void reset() = 0;
  virtual void eval(bool clock_high) = 0;
  // The same, and `other` (a model that reads none of the channels' pins during an edge:
  // the tile) as one more share of the work, so that with threads it runs beside them.
  virtual void eval_beside(bool clock_high, const std::function<void()>& other) = 0;
  // Both edges of a tCK, each model's falling then rising edge on the thread that owns it,
  // for a tCK in which nothing reads the models between the edges: the channel's outputs
  // come from registers (AXI, commands, write data; not the CSR bus), so after the host
  // drove this tCK's inputs they read the same before the falling edge's evaluation as
  // after it (CosimTop::step; a test compares command logs and reports of both ways).
  // `other` (the tile's two edges) is one more share, as in eval_beside.
  // With `stage`: the host's work for PCs [begin, end), called on the run's thread for
  // each share of models just before that share is evaluated (ParallelEval's prepare:
  // the workers' shares first, in PC order, then the run's thread's own, `last`, which
  // ends at pcs() and holds `other`): the run's thread does the host's work for its own
  // PCs while the workers evaluate theirs.
  using PcStage = std::function<void(unsigned begin, unsigned end, bool last)>;
  virtual void eval_cycle(const std::function<void()>& other, const PcStage* stage = nullptr) = 0;
  // Every channel model into the waveform, or only the one named `only` ("ch3").
  virtual void trace(VerilatedFstC& fst, const std::string& only = "") = 0;
  virtual void final() = 0;

  // Per controller clock: a read's word in; commands and a write's word out (DfiPhy
  // turns words into the device's tCK beats).
  virtual void drive_read_data(unsigned pc, const DqWord* word) = 0;
  // The commands of PCs [pc_begin, pc_end) (whole models: even bounds, or the last PC);
  // at the 1:2 clock ratio those of the clock's second tCK (PC 1's) into *phase1, for
  // the tCK after `cycle`.
  virtual void commands(uint64_t cycle, const Organisation& org, std::vector<Command>& out,
                        unsigned pc_begin = 0, unsigned pc_end = ~0u,
                        std::vector<Command>* phase1 = nullptr) = 0;
  virtual bool write_data(unsigned pc, DqWord& word, uint32_t& strobes) = 0;
  virtual void show_device(unsigned pc, uint64_t open_banks, uint32_t violations) = 0;

  // CSR bus of one model.
  virtual void drive_apb(unsigned index, const ApbPins& pins) = 0;
  virtual bool apb_ready(unsigned index) = 0;
  virtual bool apb_error(unsigned index) = 0;
  virtual uint32_t apb_rdata(unsigned index) = 0;

  virtual unsigned queue_count(unsigned pc) = 0;
  virtual unsigned rob_used(unsigned pc) = 0;
  virtual unsigned wdb_used(unsigned pc) = 0;
  virtual int refresh_owed(unsigned pc) = 0;

 protected:
  RtlChannels(unsigned pcs, unsigned bank_bits, unsigned threads);

  std::vector<AxiPins> pins_;   // per PC, set by the implementation's constructor
  std::unique_ptr<ParallelEval> parallel_;   // with threads >= 2 and two models or more

 private:
  unsigned pcs_;
  unsigned models_;
  unsigned bank_bits_;
};

}  // namespace hbmsim
