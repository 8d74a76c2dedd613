// JEDEC HBM command spacing, one line per rule. Sources: JESD235/JESD238 as modelled
// by DRAMSys and Ramulator 2.1 (see docs/device-model.md for the reasoning per rule).
#include "device/rules/timing_rules.h"

namespace hbmsim {

const char* scope_name(RuleScope scope) {
  switch (scope) {
    case RuleScope::Bank: return "same bank";
    case RuleScope::Group: return "same bank group";
    case RuleScope::Sid: return "same stack ID";
    case RuleScope::OtherSid: return "other stack ID";
    case RuleScope::Pc: return "same pseudo-channel";
    case RuleScope::Channel: return "same channel";
  }
  return "?";
}

std::vector<TimingRule> make_timing_rules(const Timing& t) {
  using K = CmdKind;
  const uint32_t act = bit(K::ACT), pre = bit(K::PRE), prea = bit(K::PREA);
  const uint32_t rd = bit(K::RD), rda = bit(K::RDA), wr = bit(K::WR), wra = bit(K::WRA);
  const uint32_t refab = bit(K::REFab), refpb = bit(K::REFpb);
  const uint32_t reads = rd | rda, writes = wr | wra, cols = reads | writes;
  const uint32_t rows = act | pre | prea | refab | refpb;

  const unsigned wr_end = t.WL + t.BL;          // last write data beat has arrived
  const unsigned wr_recovery = wr_end + t.WR;   // write to precharge, same bank
  using S = RuleScope;
  return {
      // ---- one bank ----
      {"tRC", act, act | refpb, S::Bank, t.RC, "tRC"},
      {"tRCDRD", act, reads, S::Bank, t.RCDRD, "tRCDRD"},
      {"tRCDWR", act, writes, S::Bank, t.RCDWR, "tRCDWR"},
      {"tRAS", act, pre, S::Bank, t.RAS, "tRAS"},
      {"tRP", pre, act | refpb, S::Bank, t.RP, "tRP"},
      {"tWR", wr, pre, S::Bank, wr_recovery, "WL + BL + tWR"},
      // Read to precharge of the bank read (JEDEC tRTP; HBM2 calls it tRTPL). Every open
      // model applies it to the same bank only (docs/device-model.md, "tRTP").
      {"tRTP", reads, pre, S::Bank, t.RTPL, "tRTPL"},
      {"tRTP+tRP", rda, act | refpb, S::Bank, t.RTPL + t.RP, "tRTPL + tRP"},
      // A read with auto-precharge precharges tRTPL after it: not before the recovery of
      // a write to the bank has ended (DRAMSys's tWRPRE - tRTP).
      {"tWR-tRTP", wr, rda, S::Bank, wr_recovery > t.RTPL ? wr_recovery - t.RTPL : 0,
       "WL + BL + tWR - tRTPL"},
      {"tWR+tRP", wra, act | refpb, S::Bank, wr_recovery + t.RP, "WL + BL + tWR + tRP"},
      {"tRFCpb", refpb, act | refpb, S::Bank, t.RFCpb, "tRFCpb"},
      // ---- one bank group ----
      {"tRRDL", act | refpb, act | refpb, S::Group, t.RRDL, "tRRDL"},
      {"tCCDL", reads, reads, S::Group, t.CCDL, "tCCDL"},
      {"tCCDL", writes, writes, S::Group, t.CCDL, "tCCDL"},
      {"tWTRL", writes, reads, S::Group, wr_end + t.WTRL, "WL + BL + tWTRL"},
      // ---- one stack ID; across stack IDs ----
      {"tCCDS", reads, reads, S::Sid, t.CCDS, "tCCDS"},
      {"tCCDS", writes, writes, S::Sid, t.CCDS, "tCCDS"},
      {"tCCDR", reads, reads, S::OtherSid, t.CCDR, "tCCDR"},
      {"tCCDR", writes, writes, S::OtherSid, t.CCDR, "tCCDR"},
      // ---- one pseudo-channel ----
      {"tRRDS", act, act | refpb, S::Pc, t.RRDS, "tRRDS"},
      {"tWTRS", writes, reads, S::Pc, wr_end + t.WTRS, "WL + BL + tWTRS"},
      {"tRTW", reads, writes, S::Pc, t.RTW, "tRTW"},
      {"tRTP", rd, prea, S::Pc, t.RTPL, "tRTPL"},
      {"tWR", wr, prea, S::Pc, wr_recovery, "WL + BL + tWR"},
      {"tRAS", act, prea, S::Pc, t.RAS, "tRAS"},
      {"tPPD", pre | prea, pre | prea, S::Pc, t.PPD, "tPPD"},
      {"tRPab", prea, act | refab | refpb, S::Pc, t.RPab, "tRPab"},
      {"tRP", pre, refab, S::Pc, t.RP, "tRP"},
      {"tRC", act, refab, S::Pc, t.RC, "tRC"},
      {"tRTP+tRP", rda, refab, S::Pc, t.RTPL + t.RP, "tRTPL + tRP"},
      {"tWR+tRP", wra, refab, S::Pc, wr_recovery + t.RP, "WL + BL + tWR + tRP"},
      {"tRFC", refab, act | pre | prea | refab | refpb, S::Pc, t.RFC, "tRFC"},
      {"tRFCpb", refpb, refab, S::Pc, t.RFCpb, "tRFCpb"},
      {"tRREFD", refpb, act | refpb, S::Pc, t.RREFD, "tRREFD"},
      // ---- command buses shared by the channel's pseudo-channels ----
      {"ROW_BUS", rows, rows, S::Channel, 1, "one row command per tCK"},
      // An ACT takes 1.5 tCK of row address; at tCK granularity no row command of either
      // PC can start in the tCK after it.
      {"ROW_BUS_ACT", act, rows, S::Channel, t.act_bus_cycles, "ACT occupies the row bus"},
      {"COL_BUS", cols, cols, S::Channel, 1, "one column command per tCK"},
  };
}

}  // namespace hbmsim
