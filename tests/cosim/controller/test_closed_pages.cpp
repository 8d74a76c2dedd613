// The closed page policy precharges a row with a request's last access to it: the 32-byte
// pieces of one AXI burst in one row are one ACT, column commands without auto-precharge
// and a last RDA / WRA. (It used to auto-precharge every piece: a 64-byte random read was
// two ACTs, 32.0 % of peak on HBM3 where the adaptive policy gave 64.7 %.) Judged from the
// command log against the requests' pieces as the C++ address map places them.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "controller/address_map.h"
#include "cosim_fixture.h"
#include "host/check_log.h"
#include "host/workloads/synthetic_workload.h"

namespace hbmsim::test {
namespace test_closed_pages {

using RowKey = std::tuple<unsigned, unsigned, unsigned, unsigned>;   // sid bg bank row

// A row's part in a burst, or what the log shows a row going through: the direction,
// the row, and the column accesses in order, each with its auto-precharge.
struct RowUse {
  bool write = false;
  RowKey row;
  std::vector<std::pair<unsigned, bool>> cols;   // (column, auto-precharge)

  bool operator<(const RowUse& o) const {
    return std::tie(write, row, cols) < std::tie(o.write, o.row, o.cols);
  }
  bool operator==(const RowUse& o) const {
    return std::tie(write, row, cols) == std::tie(o.write, o.row, o.cols);
  }
};

std::string show(const RowUse& u) {
  std::string s = fmt::format("{} sid {} bg {} bank {} row {}:", u.write ? "write" : "read",
                              std::get<0>(u.row), std::get<1>(u.row), std::get<2>(u.row),
                              std::get<3>(u.row));
  for (const auto& [col, ap] : u.cols) s += fmt::format(" {}{}", col, ap ? "A" : "");
  return s;
}

// The burst's runs: its beats in order, split where the bank or row changes; the last
// access of each run auto-precharges. A burst the controller refuses has none.
std::vector<RowUse> runs_of(const AxiTxn& t, const AddressMap& map) {
  std::vector<RowUse> v;
  if (t.refused()) return v;
  for (unsigned i = 0; i < t.beats; ++i) {
    const DramAddress a = map.decode(t.beat_addr(i));
    const RowKey row{a.sid, a.bg, a.bank, a.row};
    if (v.empty() || v.back().row != row) v.push_back({t.write, row, {}});
    v.back().cols.emplace_back(a.col, false);
  }
  for (RowUse& u : v) u.cols.back().second = true;
  return v;
}

// The log's rows of PC 0, each from its ACT to what closed it, and the rows still open
// at the end.
struct LogRows {
  std::vector<RowUse> closed_by_ap;   // closed by their last column command
  std::vector<RowUse> closed_else;    // by a PRE or PREA
  std::vector<RowUse> open_at_end;
};

LogRows log_rows(const std::string& log) {
  LogRows out;
  std::map<std::tuple<unsigned, unsigned, unsigned>, RowUse> open;
  read_command_log(log, [&](const Command& c, uint64_t) {
    if (c.ch != 0 || c.pc != 0) return;
    const auto bank = std::make_tuple(c.sid, c.bg, c.bank);
    if (c.kind == CmdKind::ACT) {
      open[bank] = {false, {c.sid, c.bg, c.bank, c.row}, {}};
    } else if (is_column(c.kind)) {
      RowUse& u = open[bank];   // the device checks that the bank is open
      u.write = is_write(c.kind);
      u.cols.emplace_back(c.col, auto_precharges(c.kind));
      if (auto_precharges(c.kind)) {
        out.closed_by_ap.push_back(u);
        open.erase(bank);
      }
    } else if (c.kind == CmdKind::PRE && open.count(bank)) {
      out.closed_else.push_back(open[bank]);
      open.erase(bank);
    } else if (c.kind == CmdKind::PREA) {
      for (auto& [b, u] : open) out.closed_else.push_back(u);
      open.clear();
    }
  });
  for (auto& [b, u] : open) out.open_at_end.push_back(u);
  return out;
}

uint64_t count(const CosimResult& r, CmdKind k) {
  return r.device.commands[static_cast<unsigned>(k)];
}

class ClosedPagesTest : public CosimTest {
 protected:
  void SetUp() override {
    CosimTest::SetUp();
    opt_.ctrl.page = PagePolicy::Closed;
    opt_.wave.file.clear();   // the command log is what is judged
    // Refresh that closes a row between two pieces of a burst would cost it a second ACT,
    // rightly: all-bank refresh owed under load (up to 8, longer than these runs) and
    // none pulled in, so that every ACT below is the traffic's.
    opt_.ctrl.refresh = RefreshPolicy::AllBank;
    opt_.ctrl.pull_in = false;
  }
};

// ---- One ACT per row of a request -----------------------------------------------------

struct Case {
  std::string name;
  double read_ratio;
  unsigned beats;        // 32-byte beats per burst
  std::string mapping;   // empty: the standard's default (RoSiBaCo4BgCo1 on HBM3)
  unsigned requests;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

const Case kCases[] = {
    {"RandomReads64B", 1.0, 2, "", 2000},
    {"RandomWrites64B", 0.0, 2, "", 2000},
    // Columns lowest: a 256-byte burst is 8 pieces of one row.
    {"RandomReads256BInOneRow", 1.0, 8, "RoSiBaBgCo", 500},
    {"RandomWrites256BInOneRow", 0.0, 8, "RoSiBaBgCo", 500},
    // The default map moves to the next bank group every 64 bytes: two rows, two ACTs.
    {"RandomReads128BInTwoBankGroups", 1.0, 4, "", 1000},
    // The row above the columns: a 2 KiB burst is two rows of one bank.
    {"RandomReads2KiBInTwoRowsOfABank", 1.0, 64, "SiBaBgRoCo", 100},
};

class ClosedPagesPerRequest : public ClosedPagesTest,
                              public ::testing::WithParamInterface<Case> {};

// Random bursts aligned to their size, each in rows no other burst touches (so that every
// row the log opens is one request's), reads and writes at the case's ratio.
TEST_P(ClosedPagesPerRequest, OneActPerRowOfARequestAndItsLastAccessPrecharges) {
  const Case& c = GetParam();
  opt_.ctrl.mapping = c.mapping;
  const AddressMap map(c.mapping.empty() ? std_.default_mapping : c.mapping, std_.org);
  const uint64_t burst_bytes = uint64_t(c.beats) * AxiTxn::kBusBytes;
  Rng rng(0xc105ed + c.beats);
  std::set<RowKey> used;
  std::vector<AxiTxn> txns;
  std::vector<RowUse> want;
  while (txns.size() < c.requests) {
    const uint64_t a = rng.below(std_.org.pc_bytes() / burst_bytes) * burst_bytes;
    const bool write = rng.unit() >= c.read_ratio;
    const unsigned id = unsigned(txns.size() % 16);
    AxiTxn t = write ? make_write(a, c.beats, txns.size(), id) : make_read(a, c.beats, id);
    const std::vector<RowUse> runs = runs_of(t, map);
    if (std::any_of(runs.begin(), runs.end(), [&](const RowUse& u) { return used.count(u.row); })) {
      continue;
    }
    for (const RowUse& u : runs) used.insert(u.row);
    want.insert(want.end(), runs.begin(), runs.end());
    txns.push_back(std::move(t));
  }
  const CosimResult r = run_list(txns);
  expect_clean(r);
  ASSERT_EQ(r.done.size(), txns.size());

  EXPECT_EQ(count(r, CmdKind::ACT), want.size()) << "one ACT per row of each request";
  EXPECT_EQ(count(r, CmdKind::RDA) + count(r, CmdKind::WRA), want.size());
  EXPECT_EQ(count(r, CmdKind::RD) + count(r, CmdKind::WR),
            txns.size() * c.beats - want.size());
  LogRows got = log_rows(opt_.cmd_log);
  EXPECT_TRUE(got.closed_else.empty()) << got.closed_else.size() << " rows closed by a PRE, "
                                       << "the first " << show(got.closed_else.front());
  EXPECT_TRUE(got.open_at_end.empty()) << got.open_at_end.size() << " rows left open, "
                                       << "the first " << show(got.open_at_end.front());
  // Each row the log opened is one request's row: its pieces in beat order, the last alone
  // auto-precharging.
  std::sort(want.begin(), want.end());
  std::sort(got.closed_by_ap.begin(), got.closed_by_ap.end());
  ASSERT_EQ(got.closed_by_ap.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got.closed_by_ap[i], want[i]) << "log: " << show(got.closed_by_ap[i])
                                            << "\nwanted: " << show(want[i]);
  }
}

INSTANTIATE_TEST_SUITE_P(Bursts, ClosedPagesPerRequest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

// ---- Bursts of every kind, many to the same rows ----------------------------------------

// Narrow beats (several to one 32-byte column), WRAP, FIXED, unaligned starts, refused
// bursts, reads and writes to the same few rows: each burst's run in a row ends with the
// one auto-precharge (so their counts are the runs' whatever the order the scheduler
// chose), and no row is left open once the traffic is done. Runs of different bursts
// meet in a row here, and line dependencies hold some pieces back: the first piece of a
// run waiting for a write to its line must not let the rest of its run go first.
TEST_F(ClosedPagesTest, BurstsOfEveryKindEndEachRunWithTheAutoPrecharge) {
  const AddressMap map(std_.default_mapping, std_.org);
  const std::vector<AxiTxn> txns = random_bursts(77, 600, 16);
  uint64_t runs = 0, pieces = 0;
  for (const AxiTxn& t : txns) {
    for (const RowUse& u : runs_of(t, map)) {
      ++runs;
      pieces += u.cols.size();
    }
  }
  const CosimResult r = run_list(txns);
  expect_clean(r);
  ASSERT_EQ(r.done.size(), txns.size());
  // A run's last read within WL + BL + tWR - tRTPL of a write to its bank goes as RD (the
  // device's tWR-tRTP), and a PRE closes its row.
  const uint64_t ap = count(r, CmdKind::RDA) + count(r, CmdKind::WRA);
  EXPECT_EQ(ap + count(r, CmdKind::RD) + count(r, CmdKind::WR), pieces);
  EXPECT_LE(ap, runs);
  EXPECT_GE(count(r, CmdKind::PRE), runs - std::min<uint64_t>(ap, runs));
  EXPECT_LE(runs - std::min<uint64_t>(ap, runs), runs / 10);
  const LogRows got = log_rows(opt_.cmd_log);
  EXPECT_TRUE(got.open_at_end.empty()) << got.open_at_end.size() << " rows left open, "
                                       << "the first " << show(got.open_at_end.front());
}

// ---- A run's first piece held back ------------------------------------------------------

// A 64-byte read whose first 32 bytes have a write queued ahead of them (read after
// write): the first piece waits for the write, the second does not. Were the second
// allowed first, it would auto-precharge the row as the run's last, and the first,
// served after the write, would open the row again and leave it open with nothing queued
// for it. Reads to other banks keep the read phase going meanwhile (the write is not
// drained while reads can go).
TEST_F(ClosedPagesTest, ARunWaitingForAWriteToItsFirstLineStillClosesItsRowLast) {
  const AddressMap map(std_.default_mapping, std_.org);
  auto at = [&](unsigned bank, unsigned row, unsigned col) {
    return bank_address(map, bank, row, col);
  };
  Rng rng(5);
  std::vector<AxiTxn> txns;
  auto filler_reads = [&](unsigned n, uint64_t not_before) {
    for (unsigned k = 0; k < n; ++k) {
      AxiTxn t = make_read(at(1 + unsigned(rng.below(15)), 100 + unsigned(rng.below(5000)),
                              unsigned(rng.below(std_.org.columns))),
                           1, 1 + k % 15);
      t.not_before = not_before;
      txns.push_back(std::move(t));
    }
  };
  const uint64_t line = at(0, 7, 0);   // bank 0, row 7, columns 0 and 1
  filler_reads(40, 0);
  txns.push_back(make_write(line, 1, 3, 0));
  AxiTxn read = make_read(line, 2, 0);
  read.not_before = 100;   // the write is queued by then
  txns.push_back(read);
  filler_reads(100, 100);
  const CosimResult r = run_list(txns);
  expect_clean(r);
  ASSERT_EQ(r.done.size(), txns.size());

  // Bank 0's column commands in log order: the write, then the read's two pieces, the
  // second alone auto-precharging; and the bank closed at the end.
  std::vector<std::string> bank0;   // "WRA 0": command and column
  uint64_t write_cycle = 0;
  read_command_log(opt_.cmd_log, [&](const Command& c, uint64_t) {
    if (c.pc != 0 || c.sid != 0 || c.bg != 0 || c.bank != 0 || !is_column(c.kind)) return;
    bank0.push_back(fmt::format("{} {}", cmd_name(c.kind), c.col));
    if (is_write(c.kind)) write_cycle = c.cycle;
  });
  uint64_t read_arrival = 0;
  for (const AxiTxn& t : r.done) {
    if (!t.write && t.addr == line) read_arrival = t.addr_cycle;
  }
  ASSERT_LT(read_arrival, write_cycle) << "the read must arrive while the write is queued";
  EXPECT_EQ(bank0, (std::vector<std::string>{"WRA 0", "RD 0", "RDA 1"}));
  const LogRows got = log_rows(opt_.cmd_log);
  EXPECT_TRUE(got.open_at_end.empty()) << got.open_at_end.size() << " rows left open, "
                                       << "the first " << show(got.open_at_end.front());
}

}  // namespace test_closed_pages
}  // namespace hbmsim::test
