#!/usr/bin/env python3
"""Derives the figures of configs/standards/*.json that no public source gives directly.

Run it to see every derived number next to the value in the JSON files; it exits 1 if
a file disagrees with the derivation. Nothing here is read by the simulator: the JSON
files are the data, this script is the arithmetic behind their "ASSUMED" and "scaled"
entries (docs/device-model.md explains the reasoning).
"""
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- HBM2E 3.2 Gb/s: the HBM2 2.0 Gb/s nanosecond figures at tCK 0.625 ns ----------------
# Ramulator 2.1 hbm2.py HBM2_2000Mbps (tCK 1 ns, so tCK counts are ns), HBM2_8Gb density.
HBM2_NS = {"RL": 14, "WL": 5, "RCDRD": 14, "RCDWR": 12, "RP": 14, "RAS": 34, "RC": 48,
           "WR": 16, "RTPL": 5, "CCDL": 4, "WTRS": 6, "WTRL": 8, "RRDS": 4, "RRDL": 4,
           "FAW": 15, "RFC": 350, "RFCpb": 160, "RREFD": 8, "REFI": 3900}


def hbm2e_timing(tck=0.625):
    t = {k: math.ceil(v / tck - 1e-9) for k, v in HBM2_NS.items()}
    t["CCDS"] = 2                       # a burst is 2 tCK at any rate: clamp, not scale
    t["RC"] = max(t["RC"], t["RAS"] + t["RP"])   # rounding up each may break tRC >= tRAS + tRP
    t["RTW"] = t["RL"] + 2 + 2 - t["WL"]          # Ramulator 2.1 HBM2: nCL + nBL + 2 - nCWL
    t["REFIpb"] = t["REFI"] // 16
    return t


# ---- Energy: per-PC currents ------------------------------------------------------------
# HBM2 source: DRAMsim3 configs/HBM2_8Gb_x128.ini, per 128-bit legacy channel = two PCs;
# per PC we take half of every current (both PCs of a channel share nothing but the
# command buses, so each carries half of the channel's core and standby current).
HBM2_PC = {"vdd": 1.2, "idd0": 65 / 2, "idd2n": 40 / 2, "idd3n": 55 / 2, "idd4r": 390 / 2,
           "idd4w": 500 / 2, "idd5ab": 250 / 2}
REFRESHES_PER_WINDOW = 8192   # tREFI 3.9 us x 8192 = 32 ms retention window


def op_energies(e, t, banks, rows):
    """Per-command energies (pJ) from currents (mA), timings (tCK) and tCK (ns)."""
    tck = t["tck_ns"]
    act = e["vdd"] * (e["idd0"] * t["RC"] - (e["idd3n"] * t["RAS"] +
                                               e["idd2n"] * (t["RC"] - t["RAS"]))) * tck
    rd = e["vdd"] * (e["idd4r"] - e["idd3n"]) * t["BL"] * tck
    wr = e["vdd"] * (e["idd4w"] - e["idd3n"]) * t["BL"] * tck
    refab = e["vdd"] * (e["idd5ab"] - e["idd3n"]) * t["RFC"] * tck
    rows_refreshed = banks * rows / REFRESHES_PER_WINDOW
    return {"act": act, "rd": rd, "wr": wr, "refab": refab, "row": refab / rows_refreshed}


def idd5pb_for(e, t, banks, refab_pj):
    """IDD5PB such that a REFpb costs a REFab's energy divided by the banks it covers."""
    return e["idd3n"] + (refab_pj / banks) / (e["vdd"] * t["RFCpb"] * t["tck_ns"])


def derived_currents(hbm2, vdd, t, banks, rows):
    """Currents of a preset with no public figures: HBM2's per-operation energies scaled
    by (VDD / 1.2 V)^2 (dynamic C V^2 energy), HBM2's per-PC standby currents."""
    s = (vdd / 1.2) ** 2
    e = {"vdd": vdd, "idd2n": HBM2_PC["idd2n"], "idd3n": HBM2_PC["idd3n"]}
    tck = t["tck_ns"]
    act = hbm2["act"] * s
    e["idd0"] = (act / (vdd * tck) + e["idd3n"] * t["RAS"] +
                 e["idd2n"] * (t["RC"] - t["RAS"])) / t["RC"]
    e["idd4r"] = e["idd3n"] + hbm2["rd"] * s / (vdd * t["BL"] * tck)
    e["idd4w"] = e["idd3n"] + hbm2["wr"] * s / (vdd * t["BL"] * tck)
    refab = hbm2["row"] * s * banks * rows / REFRESHES_PER_WINDOW
    e["idd5ab"] = e["idd3n"] + refab / (vdd * t["RFC"] * tck)
    e["idd5pb"] = idd5pb_for(e, t, banks, refab)
    return e


# I/O: C V^2 per bit with the same C as HBM2; V is the signalling swing.
HBM2_IO_PJ = 2.0


def io_pj(swing):
    return HBM2_IO_PJ * (swing / 1.2) ** 2


def load(key):
    with open(os.path.join(HERE, key + ".json")) as f:
        return json.load(f)


def main():
    bad = 0

    def check(what, want, got, tol=0.006):
        nonlocal bad
        ok = abs(want - got) <= tol * max(1.0, abs(want))
        bad += not ok
        print(f"  {what:28s} derived {want:10.3f}  file {got:10.3f}  {'' if ok else 'MISMATCH'}")

    print("hbm2e timing (scaled from HBM2 ns figures):")
    t2e = load("hbm2e")["timing"]
    for k, v in sorted(hbm2e_timing().items()):
        check(k, v, t2e[k], tol=0)

    j2 = load("hbm2")
    org2 = j2["organisation"]
    banks2 = org2["sids"] * org2["bankgroups"] * org2["banks_per_group"]
    hbm2 = op_energies(HBM2_PC, j2["timing"], banks2, org2["rows"])
    print("hbm2 per-PC energies (pJ):", {k: round(v, 3) for k, v in hbm2.items()})
    for k in HBM2_PC:
        check("hbm2 " + k, HBM2_PC[k], j2["energy"][k if k == "vdd" else k + "_ma"])
    check("hbm2 idd5pb", idd5pb_for(HBM2_PC, j2["timing"], banks2, hbm2["refab"]),
          j2["energy"]["idd5pb_ma"])
    # Calibration of the HBM2 I/O figure: 3.9 pJ/bit per access including I/O, less what
    # the model charges a sequential read stream at peak (read burst, ACT+PRE per 1 KB
    # row, active standby at 16 GB/s).
    bits = 32 * 8
    core = hbm2["rd"] / bits + hbm2["act"] / (1024 * 8) + \
        HBM2_PC["vdd"] * HBM2_PC["idd3n"] * 1e-3 / (16e9 * 8) * 1e12
    print(f"  hbm2 I/O calibration: 3.9 - {core:.3f} = {3.9 - core:.3f} pJ/bit "
          f"(file {j2['energy']['io_pj_per_bit']})")

    swings = {"hbm2e": 1.2, "hbm3": 0.4, "hbm3e": 0.4, "hbm4": 0.4}
    for key, swing in swings.items():
        j = load(key)
        o, t, e = j["organisation"], j["timing"], j["energy"]
        banks = o["sids"] * o["bankgroups"] * o["banks_per_group"]
        d = derived_currents(hbm2, e["vdd"], t, banks, o["rows"])
        print(f"{key} (VDD {e['vdd']} V, {banks} banks, {o['rows']} rows):")
        for k in ("idd0", "idd2n", "idd3n", "idd4r", "idd4w", "idd5ab", "idd5pb"):
            check(k, d[k], e[k + "_ma"])
        check("io_pj_per_bit", io_pj(swing), e["io_pj_per_bit"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
