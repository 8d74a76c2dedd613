// A long random legal stream from the reference scheduler must pass the checker
// untouched, and moving one tightly placed command a tCK earlier must be caught, at
// that command and nowhere else.
#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "device/rules/timing_checker.h"
#include "reference_scheduler.h"
#include "unit_helpers.h"

namespace hbmsim::test {
namespace test_random_stream {

constexpr unsigned kChannels = 2;   // 4 PCs: two of each refresh scheme, two row buses
constexpr size_t kCommands = 100000;  // about 11 tREFI of dense traffic on HBM3
constexpr std::array<uint64_t, 3> kSeeds = {1, 0x5eed, 20240611};

// Every preset, every seed.
struct StreamCase {
  std::string preset;
  uint64_t seed = 0;
};

std::vector<StreamCase> all_cases() {
  std::vector<StreamCase> out;
  for (const std::string& key : known_standards()) {
    for (uint64_t seed : kSeeds) out.push_back({key, seed});
  }
  return out;
}

// Enough commands to outlast the refresh deadline of a PC that never refreshes (9 tREFI)
// on every preset; 100000 cover 11 tREFI of HBM3.
size_t commands_for(const Standard& s) {
  return std::max<size_t>(kCommands, size_t(double(kCommands) * 1.25 * s.t.REFI / 6240.0));
}

std::vector<Violation> check_all(const Standard& s, const std::vector<Command>& cmds) {
  TimingChecker checker(s, kChannels * s.org.pcs_per_channel);
  std::vector<Violation> found;
  for (const Command& c : cmds) {
    if (auto v = checker.check(c)) found.push_back(*v);
  }
  if (auto v = checker.advance(cmds.back().cycle + 1)) found.push_back(*v);
  return found;
}

std::vector<Command> commands(const std::vector<ScheduledCommand>& stream) {
  std::vector<Command> out;
  for (const ScheduledCommand& s : stream) out.push_back(s.cmd);
  return out;
}

std::string violation_messages(const std::vector<Violation>& vs, size_t max = 5) {
  std::string out;
  for (size_t i = 0; i < vs.size() && i < max; ++i) out += "\n  " + vs[i].message();
  return out;
}

class RandomStream : public testing::TestWithParam<StreamCase> {
 protected:
  void SetUp() override { std_ = load_standard(GetParam().preset); }
  Standard std_;
};

TEST_P(RandomStream, LegalStreamHasNoViolations) {
  const uint64_t seed = GetParam().seed;
  SCOPED_TRACE(GetParam().preset + " seed " + std::to_string(seed));
  const size_t count = commands_for(std_);
  const auto stream = random_legal_stream(std_, kChannels, seed, count);
  ASSERT_EQ(stream.size(), count);

  // The stream is what the test claims: sorted, long, and every kind of command in it.
  const Organisation& o = std_.org;
  std::array<size_t, kNumCmdKinds> kinds{};
  std::vector<bool> banks_used(kChannels * o.pcs_per_channel * o.banks_per_pc());
  for (size_t i = 0; i < stream.size(); ++i) {
    const Command& c = stream[i].cmd;
    if (i > 0) {
      ASSERT_LE(stream[i - 1].cmd.cycle, c.cycle);
    }
    ++kinds[unsigned(c.kind)];
    if (c.kind == CmdKind::ACT) {
      const unsigned pc = c.ch * o.pcs_per_channel + c.pc;
      banks_used[pc * o.banks_per_pc() + (c.sid * o.bankgroups + c.bg) * o.banks_per_group +
                 c.bank] = true;
    }
  }
  for (unsigned k = 0; k < kNumCmdKinds; ++k) {
    EXPECT_GT(kinds[k], 0u) << "no " << cmd_name(CmdKind(k)) << " in the stream";
  }
  EXPECT_EQ(std::count(banks_used.begin(), banks_used.end(), true), long(banks_used.size()));
  // Longer than the refresh deadline of a PC that never refreshes (9 tREFI), so a
  // refresh scheme that fell behind would show.
  EXPECT_GT(stream.back().cmd.cycle, (std_.t.refresh_postpone_max + 2ull) * std_.t.REFI);

  const auto found = check_all(std_, commands(stream));
  EXPECT_TRUE(found.empty()) << found.size() << " violations, first:" << violation_messages(found);
}

// Moving a command one tCK earlier can only shorten distances *to* it; distances from
// it to later commands grow, the data bus frees earlier and the order of everything
// else stays. So exactly one violation, at the moved command, is the only right answer
// -- provided the command is alone in its tCK (otherwise it would overtake a command
// of the same tCK, e.g. a PRE the moved RD now precedes by one tCK, which legitimately
// breaks tRTP at that PRE) and it was placed by an exact JEDEC constraint.
TEST_P(RandomStream, CommandMovedOneTckEarlierIsCaughtThere) {
  const uint64_t seed = GetParam().seed;
  SCOPED_TRACE(GetParam().preset + " seed " + std::to_string(seed));
  const size_t count = commands_for(std_);
  const auto stream = random_legal_stream(std_, kChannels, seed, count);
  std::vector<size_t> tight;
  for (size_t i = 1; i + 1 < stream.size(); ++i) {
    const uint64_t c = stream[i].cmd.cycle;
    if (!stream[i].binding.empty() && stream[i - 1].cmd.cycle < c &&
        stream[i + 1].cmd.cycle > c) {
      tight.push_back(i);
    }
  }
  // Most commands share their tCK with a command of the other bus or channel; a
  // twentieth alone and tightly placed is plenty to pick from.
  ASSERT_GT(tight.size(), count / 20);

  // For every constraint that placed some command, one command it alone placed (if
  // there is one): so each rule's value in the checker is compared with the
  // scheduler's. Then one command per kind, so row commands get moved too, not only the
  // far more numerous reads and writes.
  std::mt19937_64 rng(seed);
  std::map<std::string, std::vector<size_t>> alone_by, any_by;
  std::map<unsigned, std::vector<size_t>> by_kind;
  for (size_t i : tight) {
    for (const std::string& b : stream[i].binding) {
      any_by[b].push_back(i);
      if (stream[i].binding.size() == 1) alone_by[b].push_back(i);
    }
    by_kind[unsigned(stream[i].cmd.kind)].push_back(i);
  }
  std::set<size_t> picks;
  for (const auto& [name, all] : any_by) {
    const auto& from = alone_by.count(name) ? alone_by[name] : all;
    picks.insert(from[rng() % from.size()]);
  }
  for (const auto& [kind, all] : by_kind) picks.insert(all[rng() % all.size()]);
  EXPECT_GE(any_by.size(), 20u) << "too few kinds of constraint placed commands";
  EXPECT_GE(by_kind.size(), 7u) << "too few kinds of command were placed tightly";

  for (const size_t i : picks) {
    std::vector<Command> cmds = commands(stream);
    cmds[i].cycle -= 1;
    std::string why;
    for (const std::string& b : stream[i].binding) why += " " + b;
    SCOPED_TRACE("moved command " + std::to_string(i) + " (" + describe(cmds[i]) +
                 ") to cycle " + std::to_string(cmds[i].cycle) + "; placed by" + why);

    const auto found = check_all(std_, cmds);
    ASSERT_EQ(found.size(), 1u) << violation_messages(found);
    EXPECT_TRUE(same_command(found[0].cmd, cmds[i])) << found[0].message();
    const auto& binding = stream[i].binding;
    EXPECT_NE(std::find(binding.begin(), binding.end(), found[0].rule), binding.end())
        << "checker names " << found[0].rule << ", the scheduler was held by" << why;
  }
}

INSTANTIATE_TEST_SUITE_P(Presets, RandomStream, testing::ValuesIn(all_cases()),
                         [](const testing::TestParamInfo<StreamCase>& info) {
                           return info.param.preset + "_seed" + std::to_string(info.param.seed);
                         });

}  // namespace test_random_stream
}  // namespace hbmsim::test
