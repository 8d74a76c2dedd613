// The RTL address mapper against its C++ reference (sim/controller/address_map.*): for
// random addresses, the bank and column of each RD/WR and the row of the ACT that
// opened it, as the command log shows them, equal AddressMap::decode.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "cosim_fixture.h"
#include "host/bench/bench.h"
#include "host/check_log.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim::test {
namespace test_mapper {

struct MapCase {
  std::string name;
  std::string spec;   // empty: the standard's default
  bool bank_xor;
};

void PrintTo(const MapCase& m, std::ostream* os) {
  *os << (m.spec.empty() ? "default map" : m.spec) << (m.bank_xor ? " with bank XOR" : "");
}

const MapCase kMaps[] = {
    {"Default", "", false},
    {"SplitColumn", "RoSiBaCo3BgCo2", false},
    {"DefaultBankXor", "", true},
    {"RowBelowBank", "SiBaRoBgCo", true},
};

using Loc = std::tuple<unsigned, unsigned, unsigned, unsigned, unsigned>;   // sid bg ba row col

Loc loc(const DramAddress& a) { return {a.sid, a.bg, a.bank, a.row, a.col}; }

std::string show(const Loc& l) {
  return fmt::format("sid {} bg {} bank {} row {} col {}", std::get<0>(l), std::get<1>(l),
                     std::get<2>(l), std::get<3>(l), std::get<4>(l));
}

// Column commands of PC 0 in log order, each with the row its bank's last ACT opened.
struct Access {
  bool write;
  Loc where;
};
std::vector<Access> accesses(const std::string& log) {
  std::vector<Access> v;
  std::map<std::tuple<unsigned, unsigned, unsigned>, unsigned> open_row;
  read_command_log(log, [&](const Command& c, uint64_t) {
    const auto bank = std::make_tuple(c.sid, c.bg, c.bank);
    if (c.kind == CmdKind::ACT) open_row[bank] = c.row;
    if (is_column(c.kind)) {
      const auto it = open_row.find(bank);
      v.push_back({is_write(c.kind), {c.sid, c.bg, c.bank,
                                      it == open_row.end() ? ~0u : it->second, c.col}});
    }
  });
  return v;
}

class MapperTest : public CosimTest, public ::testing::WithParamInterface<MapCase> {
 protected:
  void SetUp() override {
    CosimTest::SetUp();
    opt_.ctrl.mapping = GetParam().spec;
    opt_.ctrl.bank_xor = GetParam().bank_xor;
    map_ = std::make_unique<AddressMap>(
        GetParam().spec.empty() ? std_.default_mapping : GetParam().spec, std_.org,
        GetParam().bank_xor);
  }
  // A random 32-byte line of PC 0, and a fresh seed for each.
  uint64_t random_line(Rng& rng) const {
    return rng.below(std_.org.pc_bytes() / 32) * 32;
  }
  std::unique_ptr<AddressMap> map_;
};

// One read at a time: the log's column commands come in issue order, one per read.
TEST_P(MapperTest, OneReadAtATimeMatchesDecode) {
  Rng rng(0x5eed + GetParam().name.size());
  std::vector<AxiTxn> txns;
  for (unsigned i = 0; i < 300; ++i) txns.push_back(make_read(random_line(rng), 1, i % 16));
  // Corners: first and last line, every single address bit set.
  txns.push_back(make_read(0, 1));
  txns.push_back(make_read(std_.org.pc_bytes() - 32, 1));
  for (unsigned bit = 5; (1ull << bit) < std_.org.pc_bytes(); ++bit) {
    txns.push_back(make_read(1ull << bit, 1));
  }
  std::vector<uint64_t> addrs;
  for (const auto& t : txns) addrs.push_back(t.addr);
  AxiMasterOptions mopt;
  mopt.max_reads = 1;
  const CosimResult r = run_list(txns, mopt);
  expect_clean(r);
  const std::vector<Access> got = accesses(opt_.cmd_log);
  ASSERT_EQ(got.size(), addrs.size());
  for (size_t i = 0; i < addrs.size(); ++i) {
    const Loc want = loc(map_->decode(addrs[i]));
    EXPECT_FALSE(got[i].write);
    EXPECT_EQ(got[i].where, want) << "read " << i << " of " << fmt::format("{:#x}", addrs[i])
                                  << ": RTL " << show(got[i].where) << ", reference "
                                  << show(want);
  }
}

// Many reads and writes in flight (served out of order): the same set of locations.
TEST_P(MapperTest, ManyInFlightMatchDecodeAsASet) {
  Rng rng(0xfeed + GetParam().name.size());
  std::vector<AxiTxn> txns;
  std::multiset<Loc> want_rd, want_wr;
  for (unsigned i = 0; i < 600; ++i) {
    const uint64_t a = random_line(rng);
    const bool write = rng.below(3) == 0;
    txns.push_back(write ? make_write(a, 1, i, i % 16) : make_read(a, 1, i % 16));
    (write ? want_wr : want_rd).insert(loc(map_->decode(a)));
  }
  const CosimResult r = run_list(txns);
  expect_clean(r);   // the scoreboard also finds each write where the reference says
  std::multiset<Loc> got_rd, got_wr;
  for (const Access& a : accesses(opt_.cmd_log)) (a.write ? got_wr : got_rd).insert(a.where);
  EXPECT_EQ(got_rd, want_rd);
  EXPECT_EQ(got_wr, want_wr);
}

INSTANTIATE_TEST_SUITE_P(Maps, MapperTest, ::testing::ValuesIn(kMaps),
                         [](const ::testing::TestParamInfo<MapCase>& info) {
                           return info.param.name;
                         });

// The bench's strided workload: the stride it derives from the default map keeps every
// burst in one bank, each in a new row (what the strided benchmark is meant to measure).
TEST_F(CosimTest, StridedWorkloadStaysInOneBankNewRowEachBurst) {
  const AddressMap map(std_.default_mapping, std_.org);
  SyntheticSpec spec;
  spec.pattern = "strided";
  spec.stride = bank_conflict_stride(map, std_.org.rows);
  ASSERT_EQ(spec.stride, std_.org.row_bytes() * std_.org.banks_per_pc())
      << "HBM3's default map puts the row above every bank bit";
  spec.requests = 200;
  spec.read_ratio = 0.5;
  // One bank, a new row per burst: the queue and the write staging hold about 2 000 tCK
  // of work, so with the starvation cap on, a starved read's second beat can be split
  // from its first by a starved write. What is checked here is the mapping.
  opt_.ctrl.starve = 0;
  std::vector<std::unique_ptr<TrafficSource>> src;
  src.push_back(make_synthetic(spec, 0, std_.org.pc_bytes()));
  const CosimResult r = run(std::move(src));
  expect_clean(r);
  const std::vector<Access> got = accesses(opt_.cmd_log);
  ASSERT_EQ(got.size(), 400u);   // two 32-byte beats per burst
  std::set<unsigned> rows;
  for (const Access& a : got) {
    EXPECT_EQ(std::get<0>(a.where), 0u);
    EXPECT_EQ(std::get<1>(a.where), 0u);
    EXPECT_EQ(std::get<2>(a.where), 0u);
    rows.insert(std::get<3>(a.where));
  }
  EXPECT_EQ(rows.size(), 200u) << "each burst in its own row";
  EXPECT_EQ(r.device.commands[static_cast<unsigned>(CmdKind::ACT)], 200u);
}

}  // namespace test_mapper
}  // namespace hbmsim::test
