// The Verilated controller, as C++ sees it: one model of rtl/top/hbm_sim_top.sv per HBM
// channel (two pseudo-channel controllers and their shared command buses), created for
// the channels a run uses. Separate models keep the cost of a run proportional to the
// PCs it simulates and the build to one small model.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "cosim/axi_pins.h"
#include "cosim/parallel_eval.h"
#include "device/command.h"
#include "device/hbm_device.h"
#include "standard/standard.h"

class Vhbm_sim_top;
class VerilatedContext;
class VerilatedFstC;

namespace hbmsim {

struct ApbPins {
  bool sel = false, enable = false, write = false;
  uint32_t addr = 0;   // bits [18:12] pick the PC inside the model (127: both), [11:0] register
  uint32_t wdata = 0;
};

class RtlChannels {
 public:
  static constexpr unsigned kPcsPerModel = 2;

  // threads: 1 evaluates every model on the caller's thread; 2 splits the models over
  // the caller and a worker (same results, less wall time with several channels).
  RtlChannels(VerilatedContext& ctx, unsigned pcs, unsigned threads = 1);
  ~RtlChannels();

  unsigned pcs() const { return pcs_; }
  unsigned models() const { return static_cast<unsigned>(models_.size()); }
  Vhbm_sim_top& model(unsigned index) { return *models_[index]; }
  Vhbm_sim_top& model_of(unsigned pc) { return *models_[pc / kPcsPerModel]; }
  static unsigned lane(unsigned pc) { return pc % kPcsPerModel; }

  AxiPins pc_pins(unsigned pc);   // PC pc's own AXI port

  void configure(const Timing& t, const Organisation& org, unsigned addr_bits);
  void reset();
  void eval(bool clock_high);
  // Every channel model into the waveform, or only the one named `only` ("ch3").
  void trace(VerilatedFstC& fst, const std::string& only = "");
  void final();

  // Per tCK: read data in; commands and write data out.
  void drive_read_data(unsigned pc, const DqBeat* beat);
  void commands(uint64_t cycle, const Organisation& org, std::vector<Command>& out);
  bool write_data(unsigned pc, DqBeat& beat, uint16_t& strobes);
  void show_device(unsigned pc, uint64_t open_banks, uint32_t violations);

  // CSR bus of one model.
  void drive_apb(unsigned index, const ApbPins& pins);
  bool apb_ready(unsigned index);
  bool apb_error(unsigned index);
  uint32_t apb_rdata(unsigned index);

  unsigned queue_count(unsigned pc);
  unsigned rob_used(unsigned pc);
  unsigned wdb_used(unsigned pc);
  int refresh_owed(unsigned pc);

 private:
  unsigned pcs_;
  std::vector<std::unique_ptr<Vhbm_sim_top>> models_;
  std::vector<uint8_t> clocks_;   // per model: bit per PC in use
  std::unique_ptr<ParallelEval> parallel_;   // with threads = 2 and two models or more
};

}  // namespace hbmsim
