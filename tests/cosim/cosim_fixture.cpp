#include "cosim_fixture.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "host/workloads/synthetic_workload.h"

#ifndef HBMSIM_TEST_ARTEFACT_DIR
#define HBMSIM_TEST_ARTEFACT_DIR "test-artefacts"
#endif

namespace hbmsim::test {

bool ListSource::next(AxiTxn& t) {
  if (txns_.empty()) return false;
  t = std::move(txns_.front());
  txns_.pop_front();
  return true;
}

void Recorder::on_complete(unsigned port, const AxiTxn& t) {
  done.push_back(t);
  done_ports.push_back(port);
}

uint64_t bank_address(const AddressMap& map, unsigned bank, unsigned row, unsigned col) {
  DramAddress a;
  a.bank = bank & 3;
  a.bg = (bank >> 2) & 3;
  a.sid = bank >> 4;
  a.row = row;
  a.col = col;
  return map.encode(a);
}

AxiTxn make_read(uint64_t addr, unsigned beats, unsigned id) {
  AxiTxn t;
  t.addr = addr;
  t.beats = beats;
  t.id = id;
  return t;
}

AxiTxn make_write(uint64_t addr, unsigned beats, uint64_t seed, unsigned id) {
  AxiTxn t = make_read(addr, beats, id);
  t.write = true;
  Rng rng(seed);
  t.wdata.resize(size_t(beats) * AxiTxn::kBusBytes);
  for (auto& b : t.wdata) b = static_cast<uint8_t>(rng.next());
  t.wstrb.assign(beats, 0xffffffffu);
  return t;
}

namespace {
unsigned random_beats(Rng& rng, AxiBurst burst) {
  if (burst == AxiBurst::Wrap) {
    return rng.below(5) ? 2u << rng.below(4) : 1 + unsigned(rng.below(20));   // mostly legal
  }
  const uint64_t kind = rng.below(10);
  if (kind < 6) return 1 + unsigned(rng.below(8));
  if (kind < 9) return 9 + unsigned(rng.below(56));
  return 65 + unsigned(rng.below(192));
}
}  // namespace

std::vector<std::unique_ptr<TrafficSource>> synthetic_traffic(const char* pattern,
                                                              uint64_t requests,
                                                              double read_ratio,
                                                              uint64_t footprint) {
  SyntheticSpec spec;
  spec.pattern = pattern;
  spec.requests = requests;
  spec.read_ratio = read_ratio;
  spec.footprint = footprint;
  std::vector<std::unique_ptr<TrafficSource>> src;
  src.push_back(make_synthetic(spec, 0, 512ull << 20));
  return src;
}

std::vector<AxiTxn> random_bursts(uint64_t seed, unsigned count, unsigned pages) {
  Rng rng(seed);
  std::vector<AxiTxn> out;
  for (unsigned n = 0; n < count; ++n) {
    const bool write = rng.below(2);
    const unsigned id = unsigned(rng.below(8));
    const unsigned size = rng.below(2) ? 5 : unsigned(rng.below(7));   // 6: wider than the bus
    const uint64_t kind = rng.below(20);
    const AxiBurst burst = kind < 14 ? AxiBurst::Incr : kind < 17 ? AxiBurst::Wrap : AxiBurst::Fixed;
    const unsigned beats = random_beats(rng, burst);
    // Half of them end near their page's end: some just inside, some just past it.
    const uint64_t span = uint64_t(beats) << size;
    uint64_t offset = rng.below(4096);
    if (rng.below(2)) offset = 4096 - std::min<uint64_t>(4096, span + 64) + rng.below(128);
    offset = std::min<uint64_t>(offset, 4095);
    if (rng.below(5)) offset &= ~((uint64_t(1) << size) - 1);   // mostly aligned
    const uint64_t addr = rng.below(pages) * 4096 + offset;
    AxiTxn t = write ? make_write(addr, beats, n, id) : make_read(addr, beats, id);
    t.size = size;
    t.burst = burst;
    out.push_back(std::move(t));
  }
  return out;
}

void CosimTest::SetUp() {
  std_ = load_standard("hbm3");
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = fmt::format("{}.{}", info->test_suite_name(), info->name());
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  std::filesystem::create_directories(HBMSIM_TEST_ARTEFACT_DIR);
  artefact_base_ = std::string(HBMSIM_TEST_ARTEFACT_DIR) + "/" + name;
  opt_.pcs = 1;
  opt_.seed = 1;
  opt_.watchdog_cycles = 20000;
  opt_.wave.file = artefact_base_ + ".fst";
  opt_.cmd_log = artefact_base_ + ".csv";
}

void CosimTest::TearDown() {
  if (HasFailure()) {
    std::printf("waveform of the failing run: %s\ncommand log: %s\n", opt_.wave.file.c_str(),
                opt_.cmd_log.c_str());
    return;
  }
  std::remove((artefact_base_ + ".fst").c_str());
  std::remove((artefact_base_ + ".csv").c_str());
}

CosimResult CosimTest::run(std::vector<std::unique_ptr<TrafficSource>> sources,
                           const AxiMasterOptions& mopt, bool use_scoreboard) {
  CosimTop top("top", std_, opt_);
  Scoreboard scoreboard(opt_.xbar ? xbar_locator(top.address_map(), *top.xbar())
                                  : per_pc_locator(top.address_map()),
                        opt_.seed);
  Recorder recorder;
  std::vector<TxnObserver*> observers{&recorder};
  if (use_scoreboard) observers.push_back(&scoreboard);

  std::vector<std::unique_ptr<AxiMaster>> masters;
  for (unsigned pc = 0; pc < sources.size(); ++pc) {
    masters.push_back(std::make_unique<AxiMaster>(pc, *sources[pc], observers, mopt));
    top.attach(pc, *masters.back());
  }
  CosimResult r;
  r.outcome = run_cosim(top);
  // Only a run that drained has every write in the device to compare.
  if (use_scoreboard && r.outcome.reason == StopReason::Done) {
    scoreboard.check_storage(top.device().storage());
  }
  r.device = top.device().stats();
  r.violations = top.device().violations();
  r.mismatches = scoreboard.mismatches() + scoreboard.response_errors();
  r.bytes_checked = scoreboard.bytes_checked();
  r.problems = scoreboard.reports();
  for (const auto& m : masters) {
    for (const auto& e : m->protocol_errors()) r.problems.push_back(e);
  }
  r.done = std::move(recorder.done);
  r.done_ports = std::move(recorder.done_ports);
  return r;
}

CosimResult CosimTest::run_list(std::vector<AxiTxn> txns, const AxiMasterOptions& mopt,
                                bool use_scoreboard) {
  std::vector<std::unique_ptr<TrafficSource>> sources;
  sources.push_back(std::make_unique<ListSource>(std::move(txns)));
  return run(std::move(sources), mopt, use_scoreboard);
}

CosimResult CosimTest::run_on_every_pc(const SyntheticSpec& spec) {
  std::vector<std::unique_ptr<TrafficSource>> sources;
  for (unsigned pc = 0; pc < opt_.pcs; ++pc) {
    sources.push_back(make_synthetic(spec, pc, std_.org.pc_bytes()));
  }
  return run(std::move(sources));
}

void CosimTest::expect_read_write_checked(const CosimResult& r,
                                          const SyntheticSpec& spec) const {
  expect_clean(r);
  EXPECT_EQ(r.done.size(), spec.requests * opt_.pcs);
  EXPECT_GT(r.device.write_bursts, spec.requests * opt_.pcs / 2);
  EXPECT_EQ(r.bytes_checked, r.device.read_bursts * 32);
}

std::vector<PresetCase> preset_cases() {
  std::vector<PresetCase> out;
  for (const std::string& key : known_standards()) {
    out.push_back({key, "seq"});
    out.push_back({key, "random"});
  }
  return out;
}

std::string preset_case_name(const testing::TestParamInfo<PresetCase>& info) {
  return info.param.preset + "_" + info.param.pattern;
}

void expect_clean(const CosimResult& r) {
  EXPECT_EQ(r.outcome.reason, StopReason::Done) << r.outcome.message;
  EXPECT_TRUE(r.violations.empty()) << r.violations.front().message();
  EXPECT_EQ(r.mismatches, 0u);
  for (const auto& p : r.problems) ADD_FAILURE() << p;
}

}  // namespace hbmsim::test
