// Verilator's headers come first: included after SystemC they assume a SystemC-mode
// model and look for sc_time_stamp(). This model is plain C++, clocked by CosimTop.
#include <verilated.h>
#include <verilated_fst_c.h>

#include "cosim/cosim_top.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "common/errors.h"
#include "controller/clock_ratio.h"
#include "controller/rtl_limits.h"
#include "cosim/threads/spare_cores.h"
#include "cosim/wave_scope.h"

namespace hbmsim {
namespace {

// Automatic: a thread only pays with two channel models (4 PCs) or more of its own and a
// core to spare; on a busy machine (a test suite running two at a time) a hand-over waits
// for the scheduler and fewer threads are faster. So: from 8 PCs on, the cores idle over
// the 100 ms before the models are built (spare_cores.h; this thread sleeps through it,
// so its own core counts as idle), rounded, at most one thread per two models. Without
// /proc/stat, the cores the 1-minute load average leaves free.
unsigned eval_threads(const CosimOptions& opt) {
  if (opt.threads != 0) return opt.threads;
  const unsigned cores = std::thread::hardware_concurrency();
  if (opt.pcs < 8 || cores < 2) return 1;
  double free_cores = 0;
  if (const auto idle = measure_idle_cores(std::chrono::milliseconds(100))) {
    free_cores = std::floor(std::min(*idle, double(cores)) + 0.5);
  } else {
    double load = 0;
    if (getloadavg(&load, 1) != 1) return 1;
    free_cores = std::floor(double(cores) - load);
  }
  const unsigned per_two_models = opt.pcs / 4;
  return free_cores < 2 ? 1 : std::min(unsigned(free_cores), per_two_models);
}

// Verilator's FST writer does not notice a write the file-size limit (ulimit -f) refuses:
// under one it crashed (SIGBUS) or never ended (a 20000-request run spun for 14 minutes).
// A waveform is refused up front under a finite limit instead.
void check_wave_file_size_limit(const std::string& file) {
  struct rlimit lim {};
  if (::getrlimit(RLIMIT_FSIZE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return;
  throw ConfigError(fmt::format(
      "--wave {}: a file-size limit is set (ulimit -f: {} bytes), and the waveform writer "
      "cannot report a write that the limit refuses (it would crash or never end); run "
      "without the limit (ulimit -f unlimited) or without --wave", file,
      uint64_t(lim.rlim_cur)));
}

// A model that masters the PCs' ports from registers (crossbar, tile): one pass with the
// clock low settles it and the channels. Its PC-side outputs are as the last rising edge
// left them (registers, whatever the host drove since), so they go to the PCs before it
// is evaluated: an evaluation first would only redo its input logic (its 64 ports' worth).
template <class Master>
void settle_through(Master& m, RtlChannels& rtl) {
  m.to_pcs(rtl);
  rtl.eval(false);
  m.from_pcs(rtl);
  m.eval(false);
}

// Clocks a master model with reset held so its configuration registers load.
template <class Master>
void reset_master(Master& m) {
  m.reset(true);
  for (int i = 0; i < 4; ++i) {
    m.eval(false);
    m.eval(true);
  }
  m.eval(false);
  m.reset(false);
  m.eval(false);
}

}  // namespace

CosimTop::CosimTop(sc_core::sc_module_name name, const Standard& std, const CosimOptions& opt)
    : sc_core::sc_module(name),
      std_(std),
      opt_(opt),
      map_(opt.ctrl.mapping.empty() ? std.default_mapping : opt.ctrl.mapping, std.org,
           opt.ctrl.bank_xor),
      agents_(opt.pcs, nullptr),
      tck_ps_(std.t.tck_ns * 1000.0) {
  check_rtl_limits(std_, opt_.ctrl, opt_.clock_ratio);   // before anything is built or run
  if (const char* split = std::getenv("HBMSIM_SPLIT_EDGES")) {
    opt_.split_edges = opt_.split_edges || std::string(split) == "1";
  }
  if (opt_.pcs == 0 || opt_.pcs > std_.org.pcs()) {
    // A file of the user's may keep a preset's name over another organisation: name the
    // file too ("HBM3 of s.json has 2"), not the preset the name suggests.
    const bool preset = std_.file == standard_file(std_.key);
    throw ConfigError(fmt::format("--pcs {}: must be 1 to {} ({}{} has {} pseudo-channels)",
                                  opt_.pcs, std_.org.pcs(), std_.name,
                                  preset ? std::string() : " of " + std_.file, std_.org.pcs()));
  }
  ctx_ = std::make_unique<VerilatedContext>();
  ctx_->fatalOnError(false);  // a failed RTL assertion stops the run cleanly (stop_now)
  if (!opt_.wave.file.empty()) ctx_->traceEverOn(true);
  if (opt_.tile && opt_.xbar) {
    throw ConfigError("--xbar and a tile workload (gemv, gemm) exclude each other: the tile "
                      "masters every PC's port itself");
  }
  // In the controller's clocks; refuses a ratio the standard cannot take.
  rtl_timing_ = controller_timing(std_.t, opt_.clock_ratio);
  phy_ = std::make_unique<DfiPhy>(opt_.pcs, opt_.clock_ratio, std_.t.WL);
  const unsigned threads = eval_threads(opt_);
  rtl_ = RtlChannels::create(*ctx_, std_.org, opt_.pcs, threads);
  outcome_.eval_threads = RtlChannels::threads_used(opt_.pcs, threads);
  if (opt_.tile) {
    RtlTile::check_pcs(opt_.pcs, std_.org.pcs());
    // The tile's range check covers the whole interleaved space: PC span x PCs.
    const auto pcs_log2 = exact_log2(opt_.pcs);
    tile_ = RtlTile::create(*ctx_, opt_.pcs, opt_.tile_granule,
                            map_.capacity_bits() + (pcs_log2 ? *pcs_log2 : 0));
  }
  if (opt_.xbar) {
    xbar_ = std::make_unique<RtlXbar>(*ctx_, opt_.pcs, opt_.xbar_granule);
    ports_.push_back(xbar_->host_pins());
  } else {   // with the tile: agents on the PCs' ports load tensors before it runs
    for (unsigned pc = 0; pc < opt_.pcs; ++pc) ports_.push_back(rtl_->pc_pins(pc));
  }
  agents_.assign(ports_.size(), nullptr);
  if (!opt_.wave.file.empty()) {
    check_wave_file_size_limit(opt_.wave.file);
    // With a scope, only the model it starts in ("ch3", "xbar", "tile") is traced: with
    // signals of other models after the scope's, Verilator 5.006 reads its enable bits
    // past their end and writes signals it never declared (a crash on 32 PCs).
    const std::string& scope = opt_.wave.scope;
    const std::string model = scope.substr(0, scope.find('.'));
    auto trace = [this](VerilatedFstC& fst, const std::string& only) {
      rtl_->trace(fst, only);
      if (xbar_ && (only.empty() || only == "xbar")) xbar_->trace(fst);
      if (tile_ && (only.empty() || only == "tile")) tile_->trace(fst);
    };
    // A scope that selects no signal would dump every signal (or crash the writer).
    if (!scope.empty()) {
      check_wave_scope(scope, opt_.wave.depth,
                       traced_signal_names([&](VerilatedFstC& f) { trace(f, ""); }));
    }
    fst_ = std::make_unique<VerilatedFstC>();
    trace(*fst_, model);
    // Verilator's dumpvars(0, ...) means "everything", whatever the scope: depth 0 (all
    // levels under the scope) is asked for as a depth no design reaches.
    if (!opt_.wave.scope.empty()) {
      fst_->dumpvars(opt_.wave.depth > 0 ? opt_.wave.depth : 1000, opt_.wave.scope);
    }
    fst_->set_time_unit("1ps");
    fst_->set_time_resolution("1ps");
    // The writer opens the file, FILE.hier and 4 temporary files, and says nothing when
    // one fails (out of file descriptors: ulimit -n): the run went on, and its end said
    // the empty file was "incomplete ... was the disk full?".
    errno = 0;
    fst_->open(opt_.wave.file.c_str());
    if (!fst_->isOpen()) {
      const int err = errno;
      struct stat st {};
      const std::string& file = opt_.wave.file;
      if (::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) {
        std::remove(file.c_str());   // the writer's empty file, no waveform
      }
      throw ConfigError(fmt::format("--wave {}: cannot write: the waveform writer could not open "
                                    "it, {}.hier or its 4 temporary files: {}", file, file,
                                    err ? std::strerror(err) : "no reason given"));
    }
  }
  device_ = std::make_unique<HbmDevice>("device", std_, opt_.pcs, opt_.seed);
  if (!opt_.cmd_log.empty()) log_ = std::make_unique<CommandLog>(opt_.cmd_log);
  for (RunObserver* o : opt_.observers) observe(*o);
  SC_THREAD(thread);
  // The thread evaluates the Verilated models on its own stack (SystemC's default is
  // 256 KiB): Verilator 5.006 builds the tile's wide port vectors in stack temporaries,
  // a settle frame of ~320 KiB. Untouched pages of the larger stack cost nothing.
  set_stack_size(kThreadStackBytes);
}

CosimTop::~CosimTop() {
  close_outputs();
  if (rtl_) rtl_->final();
  if (xbar_) xbar_->final();
  if (tile_) tile_->final();
}

void CosimTop::attach(unsigned port, PortAgent& agent) { agents_.at(port) = &agent; }

void CosimTop::observe(RunObserver& o) {
  observers_.push_back(&o);
  o.attach(*this);
}

void CosimTop::expect_bytes(uint64_t bytes) {
  for (RunObserver* o : observers_) o->on_expected_bytes(bytes);
}

void CosimTop::kernels_start(uint64_t cycle) {
  for (RunObserver* o : observers_) o->on_kernels_start(cycle);
}

void CosimTop::kernel_done(const std::string& label, uint64_t start, uint64_t end) {
  for (RunObserver* o : observers_) o->on_kernel_done(label, start, end);
}

unsigned CosimTop::queue_count(unsigned pc) const { return rtl_->queue_count(pc); }

std::vector<std::string> CosimTop::close_outputs() {
  std::vector<std::string> errors;
  if (log_) {
    const std::string e = log_->close();
    if (!e.empty()) errors.push_back(e);
  }
  if (fst_) {
    // Verilator's FST writer reports no error: look at what it left.
    fst_->close();
    fst_.reset();
    const std::string& file = opt_.wave.file;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
      errors.push_back(fmt::format("--wave {}: the waveform was not written: {}", file,
                                   std::strerror(errno)));
    } else if (S_ISREG(st.st_mode)) {
      void* ctx = st.st_size > 0 ? fstReaderOpen(file.c_str()) : nullptr;
      if (ctx) fstReaderClose(ctx);
      else errors.push_back(fmt::format("--wave {}: the waveform is incomplete ({} bytes, not "
                                        "a readable FST file; was the disk full?)", file,
                                        uint64_t(st.st_size)));
    }
  }
  return errors;
}

// Channels and crossbar or tile come out of reset together; cycle 0 is the first tCK
// after.
void CosimTop::reset() {
  if (xbar_) reset_master(*xbar_);
  if (tile_) reset_master(*tile_);
  rtl_->reset();
}

// Runs tCKs (traffic held back) until every queued CSR access is done.
void CosimTop::run_csr_accesses() {
  while (!csr_.idle()) {
    step();
    advance_time();
  }
  for (const auto& e : csr_.errors()) {
    outcome_.reason = StopReason::Violation;
    outcome_.message = "controller CSR access failed: " + e;
  }
}

// Every PC gets the same map and policies (one broadcast write per register); PC 0's
// ID register confirms the bus works.
void CosimTop::program_csrs() {
  csr_.read(csr::address(0, csr::kId), &csr_id_);
  for (const auto& [offset, value] :
       csr_setup(controller_policy(opt_.ctrl, opt_.clock_ratio), map_,
                 std_.t.refresh_postpone_max)) {
    csr_.write(csr::address(csr::kBroadcastPc, offset), value);
  }
  run_csr_accesses();
  if (csr_id_ != csr::kIdValue && outcome_.message.empty()) {
    outcome_.reason = StopReason::Violation;
    outcome_.message = fmt::format("controller CSR ID reads {:#x}, expected {:#x}", csr_id_,
                                   csr::kIdValue);
  }
}

// Freezes the counters, then reads all of them from every PC.
void CosimTop::read_counters() {
  csr_.write(csr::address(csr::kBroadcastPc, csr::kCntCtrl), csr::kCntFreeze);
  std::vector<uint32_t> words(size_t(opt_.pcs) * csr::kCounterNames.size() * 2);
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    for (unsigned k = 0; k < csr::kCounterNames.size() * 2; ++k) {
      csr_.read(csr::address(pc, csr::kCounters + 4 * k),
                &words[(size_t(pc) * csr::kCounterNames.size() * 2) + k]);
    }
  }
  step();                       // the freeze write completes in its access tCK
  outcome_.counters_frozen = cycle_;
  run_csr_accesses();
  outcome_.counters.assign(opt_.pcs, std::vector<uint64_t>(csr::kCounterNames.size()));
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    for (unsigned k = 0; k < csr::kCounterNames.size(); ++k) {
      const size_t at = (size_t(pc) * csr::kCounterNames.size() + k) * 2;
      outcome_.counters[pc][k] = uint64_t(words[at]) | (uint64_t(words[at + 1]) << 32);
    }
  }
}

// With the crossbar or the tile: its PC-side outputs are registered, so one pass settles
// both sides.
void CosimTop::settle(bool clock_high) {
  if (xbar_ && !clock_high) {
    settle_through(*xbar_, *rtl_);
  } else if (tile_ && !loading_ && !clock_high) {
    settle_through(*tile_, *rtl_);
  } else if (xbar_ || tile_) {
    // The master's edge beside the channels' (with threads, on a share of its own): its
    // PC-side pins are copied to and from the channels' only between edges.
    rtl_->eval_beside(clock_high, [this, clock_high] {
      if (xbar_) xbar_->eval(clock_high);
      if (tile_) tile_->eval(clock_high);
    });
  } else {
    rtl_->eval(clock_high);
  }
  if (dumping()) {
    const double t = (double(cycle_) + (clock_high ? 0.5 : 0.0)) * tck_ps_;
    fst_->dump(static_cast<uint64_t>(std::llround(t)));
  }
}

// Read data the device drives in this tCK, to PCs [begin, end).
void CosimTop::exchange_dq_in(unsigned begin, unsigned end) {
  for (unsigned pc = begin; pc < end; ++pc) {
    rtl_->drive_read_data(pc, phy_->read(pc, device_->read_beat(pc, cycle_), true));
  }
}

// A command to the device, the log and the observers.
void CosimTop::issue(const Command& c) {
  const uint64_t hits = device_->stats().row_hits;
  device_->command(c);
  if (log_) log_->write(c);
  if (observers_.empty()) return;
  // The device's own row-hit count says whether this access hit.
  const bool hit = device_->stats().row_hits != hits;
  const unsigned pc = c.ch * std_.org.pcs_per_channel + c.pc;
  for (RunObserver* o : observers_) o->on_command(c, pc, hit);
}

// Commands and write data PCs [begin, end) drive in this tCK (whole channel models).
void CosimTop::exchange_buses(unsigned begin, unsigned end) {
  commands_.clear();
  rtl_->commands(cycle_, std_.org, commands_, begin, end,
                 opt_.clock_ratio > 1 ? &phase1_ : nullptr);
  for (const Command& c : commands_) issue(c);
  DqWord word;
  uint32_t strobes = 0;
  for (unsigned pc = begin; pc < end; ++pc) {
    if (rtl_->write_data(pc, word, strobes)) phy_->write(pc, cycle_, word, strobes);
    phy_->drive(pc, cycle_, *device_);
  }
}

// A tCK between two controller clocks (clock ratio 1:2): the device's DQ only. The PHY
// gathers its read beats and drives the write beats due; the controllers, their ports
// and the host's agents wait for their next clock.
void CosimTop::step_dram_only() {
  for (const Command& c : phase1_) issue(c);
  phase1_.clear();
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    phy_->read(pc, device_->read_beat(pc, cycle_), false);
    phy_->drive(pc, cycle_, *device_);
  }
  device_->end_cycle(cycle_);
  for (RunObserver* o : observers_) o->on_cycle_end(cycle_);
  ++cycle_;
}

// The device's state, as waveform-only inputs of the models.
void CosimTop::show_device_state() {
  const unsigned banks = std_.org.banks_per_pc();
  const auto violations = static_cast<uint32_t>(device_->violations().size());
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    uint64_t open = 0;
    for (unsigned b = 0; b < banks; ++b) {
      if (device_->checker().is_open(pc, b)) open |= 1ull << b;
    }
    rtl_->show_device(pc, open, violations);
  }
}

bool CosimTop::dumping() const {
  return fst_ && cycle_ >= opt_.wave.start && cycle_ <= opt_.wave.end;
}

// The falling edge settles only input-driven logic, and what the host reads of the
// channels comes from registers (rtl_channels.h, eval_cycle): with nothing else to settle,
// both edges are evaluated after the host's work, on the threads that own the models,
// instead of a serial falling edge of every model before it. A CSR bus's response is
// input-driven and a waveform dumps both edges (in its --wave-start to --wave-end
// window): those tCKs take the two passes (settle).
bool CosimTop::edges_after_host(bool tile_on) const {
  const bool tile_idle = !tile_ || (tile_on && tile_agent_->bus_idle());
  return !opt_.split_edges && !dumping() && csr_.idle() && tile_idle;
}

// Before the host's work, for both edges after it: the tile's and the crossbar's PC-side
// outputs are registers, as are the channels', so their pins are exchanged first; the
// crossbar's host side may pass the PCs' answers through, so its falling edge settles it.
void CosimTop::exchange_master_pins() {
  if (tile_) {
    tile_->to_pcs(*rtl_);
    tile_->from_pcs(*rtl_);
  } else if (xbar_) {
    xbar_->to_pcs(*rtl_);
    xbar_->from_pcs(*rtl_);
    xbar_->eval(false);
  }
}

// Both edges of every model, the tile's (both) or the crossbar's (rising) beside the
// channels'; with `stage`, the host's work for each share of PCs just before it.
void CosimTop::eval_both_edges(const RtlChannels::PcStage* stage) {
  if (tile_) {
    rtl_->eval_cycle([this] { tile_->eval_cycle(); }, stage);
  } else if (xbar_) {
    rtl_->eval_cycle([this] { xbar_->eval(true); }, stage);
  } else {
    rtl_->eval_cycle({}, stage);
  }
}

// The host's work PC by PC, in shares before each share's evaluation (RtlChannels::
// eval_cycle), pays only beside other threads: with them, for a port per PC (not the
// crossbar's one) whose agents hold their observers' calls back until all have sampled
// (PortAgent::deferrable), so that every call comes in the order it would in one pass:
// the device's per PC in PC order, the agents' in port order after them. On one thread it
// only cost (1 PC: 4 % more instructions). Decided once the agents are attached.
void CosimTop::decide_staging() {
  stage_with_ports_ = stage_without_ports_ = outcome_.eval_threads > 1 && !xbar_;
  for (const PortAgent* a : agents_) {
    if (a && !a->deferrable()) stage_with_ports_ = false;
  }
}

// The host's work for PCs [begin, end) of this tCK: the tile's pins to and from them, read
// data in, commands and write data out, each port's sample.
void CosimTop::stage_pcs(unsigned begin, unsigned end, bool ports_on) {
  if (tile_) {
    tile_->to_pcs(*rtl_, begin, end);
    tile_->from_pcs(*rtl_, begin, end);
  }
  exchange_dq_in(begin, end);
  exchange_buses(begin, end);
  for (unsigned p = begin; p < end && ports_on; ++p) {
    if (agents_[p]) agents_[p]->sample(ports_[p], cycle_);
  }
}

// The host's work after every PC's and the device's tCK (what the tile's driver samples
// includes them): the agents' held calls, the tile.
void CosimTop::end_host_work(bool ports_on, bool tile_on) {
  for (PortAgent* a : agents_) {
    if (a && ports_on) a->flush();
  }
  if (tile_ && !loading_) {
    tile_->count_handshakes();
    if (tile_on) tile_agent_->sample(*tile_, cycle_);
  }
}

void CosimTop::step() {
  if (opt_.clock_ratio > 1 && cycle_ % opt_.clock_ratio != 0) {
    step_dram_only();
    return;
  }
  // With the tile, port agents run only in the load phase, the tile only after it.
  const bool ports_on = traffic_on_ && (!tile_ || loading_);
  const bool tile_on = traffic_on_ && tile_agent_ && !loading_;
  csr_.drive(*rtl_);
  for (unsigned p = 0; p < agents_.size(); ++p) {
    if (agents_[p] && ports_on) agents_[p]->drive(ports_[p], cycle_);
  }
  if (tile_on) tile_agent_->drive(*tile_, cycle_);
  if (dumping()) show_device_state();   // waveform-only inputs: nothing else reads them
  const bool both_edges_after = edges_after_host(tile_on);
  const bool staged = ports_on ? stage_with_ports_ : stage_without_ports_;
  if (both_edges_after && staged) {
    csr_.sample(*rtl_);   // idle (edges_after_host): before the agents, which may queue
    // Captures by value fit std::function's own storage: no allocation a tCK.
    const RtlChannels::PcStage stage = [this, ports_on, tile_on](unsigned begin, unsigned end,
                                                                 bool last) {
      stage_pcs(begin, end, ports_on);
      if (!last) return;
      device_->end_cycle(cycle_);
      end_host_work(ports_on, tile_on);
    };
    eval_both_edges(&stage);
  } else {
    exchange_dq_in(0, opt_.pcs);
    if (both_edges_after) exchange_master_pins();
    else settle(false);
    exchange_buses(0, opt_.pcs);
    device_->end_cycle(cycle_);
    csr_.sample(*rtl_);   // before the agents: an agent may queue an access (the probe)
    for (unsigned p = 0; p < agents_.size(); ++p) {
      if (agents_[p] && ports_on) agents_[p]->sample(ports_[p], cycle_);
    }
    end_host_work(ports_on, tile_on);
    if (both_edges_after) eval_both_edges();
    else settle(true);
  }
  for (RunObserver* o : observers_) o->on_cycle_end(cycle_);
  ++cycle_;
}

bool CosimTop::stop_now() {
  if (ctx_->gotError()) {
    outcome_.reason = StopReason::RtlAssertion;
    outcome_.message = fmt::format("an RTL assertion failed by cycle {} (Verilator's message "
                                   "is above)", cycle_);
    return true;
  }
  const auto& v = device_->violations();
  if (opt_.stop_on_violation && v.size() > violations_seen_) {
    outcome_.reason = StopReason::Violation;
    outcome_.message = v[violations_seen_].message();
    return true;
  }
  violations_seen_ = v.size();

  bool done = true;
  uint64_t progress = 0;
  for (PortAgent* a : agents_) {
    if (!a) continue;
    done = done && a->done();
    progress += a->progress();
  }
  // The load phase ends when its writes reached the DRAM; the traffic phase (the tile's)
  // starts then.
  if (loading_ && done && rtl_idle()) {
    loading_ = false;
    begin_traffic();
  }
  // The tile's progress is its driver's CSR transfers and its own AXI beats on the PCs'
  // ports: a long GEMV moves data with no CSR access at all.
  if (tile_agent_) {
    done = done && !loading_ && tile_agent_->done();
    progress += tile_agent_->progress() + tile_->handshakes();
  }
  // Writes are posted: the host is done before the controller has written everything.
  if (done && rtl_idle()) return true;
  if (progress != last_progress_) {
    last_progress_ = progress;
    last_progress_cycle_ = cycle_;
  } else if (cycle_ - last_progress_cycle_ >= opt_.watchdog_cycles) {
    outcome_.reason = StopReason::Deadlock;
    outcome_.message = fmt::format("deadlock: no AXI handshake for {} tCK (since cycle {}); "
                                   "{}", opt_.watchdog_cycles, last_progress_cycle_,
                                   stuck_report());
    return true;
  }
  if (opt_.max_cycles && cycle_ >= opt_.max_cycles) {
    outcome_.reason = StopReason::CycleLimit;
    outcome_.message = fmt::format("stopped at the cycle limit ({} tCK)", opt_.max_cycles);
    return true;
  }
  return false;
}

// The traffic phase (the report's cycles) starts now: what the DRAM did before is set-up.
void CosimTop::begin_traffic() {
  outcome_.traffic_start = cycle_;
  outcome_.read_bursts_before = device_->stats().read_bursts;
  outcome_.write_bursts_before = device_->stats().write_bursts;
  for (RunObserver* o : observers_) o->on_traffic_start(cycle_);
}

bool CosimTop::rtl_idle() const {
  // A command of the clock's second tCK (1:2) has left the controller, not yet reached
  // the device: a run that ended now would lose PC 1's last write.
  // (A write beat still in the PHY belongs to a WR the device waits on: device_->idle.)
  if (!phase1_.empty()) return false;
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    if (rtl_->queue_count(pc) != 0) return false;
  }
  return device_->idle();
}

std::string CosimTop::stuck_report() const {
  std::string s;
  for (unsigned p = 0; p < agents_.size(); ++p) {
    if (agents_[p] && !agents_[p]->done()) s += fmt::format("[host port {}: {}] ", p, agents_[p]->status());
  }
  if (tile_agent_ && !tile_agent_->done()) {
    s += fmt::format("[tile driver: {}] ", tile_agent_->status());
  }
  if (tile_) s += fmt::format("[{}] ", tile_->status());
  // Every PC holding something, with each of its queues and buffers.
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    const unsigned q = rtl_->queue_count(pc), rob = rtl_->rob_used(pc), wdb = rtl_->wdb_used(pc);
    if (q == 0 && rob == 0 && wdb == 0) continue;
    // The refresh debt goes negative when refreshes were pulled in ahead of their time.
    const int owed = rtl_->refresh_owed(pc);
    const std::string refresh = owed < 0 ? fmt::format("{} refreshes pulled in ahead", -owed)
                                         : fmt::format("{} refreshes owed", owed);
    s += fmt::format("[pc {}: controller queue holds {} requests; read reorder buffer holds {} "
                     "beats{}; write buffer holds {} beats; {}] ", pc, q, rob,
                     q == 0 && rob > 0 ? " (read data waits for the host to take R)" : "",
                     wdb, refresh);
  }
  return s;
}

// One tCK stepped: SystemC time catches up once a quantum has gone by.
void CosimTop::advance_time() {
  if (++unsynced_tck_ >= kQuantumTck) sync_time();
}

// SystemC time catches up with the tCKs stepped.
void CosimTop::sync_time() {
  if (unsynced_tck_ == 0) return;
  wait(sc_core::sc_time(std_.t.tck_ns * double(unsynced_tck_), sc_core::SC_NS));
  unsynced_tck_ = 0;
}

void CosimTop::thread() {
  const auto start = std::chrono::steady_clock::now();
  if (opt_.rtl_timing_fault) opt_.rtl_timing_fault(rtl_timing_);
  rtl_->configure(rtl_timing_, std_.org, map_.capacity_bits());
  reset();
  program_csrs();
  begin_traffic();
  traffic_on_ = outcome_.message.empty();
  loading_ = tile_ && std::any_of(agents_.begin(), agents_.end(),
                                  [](const PortAgent* a) { return a != nullptr; });
  decide_staging();
  while (traffic_on_) {
    step();
    if (stop_now()) break;
    advance_time();
  }
  outcome_.cycles = cycle_ - outcome_.traffic_start;
  traffic_on_ = false;
  if (outcome_.reason == StopReason::Done) read_counters();
  if (log_) log_->flush();
  sync_time();   // the traffic's tCKs and the counter reads' after it
  outcome_.total_cycles = cycle_;
  outcome_.eval_serial_jobs = rtl_->serial_jobs();
  outcome_.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sc_core::sc_stop();
}

RunOutcome run_cosim(CosimTop& top) {
  sc_core::sc_start();
  return top.outcome();
}

}  // namespace hbmsim
