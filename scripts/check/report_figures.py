#!/usr/bin/env python3
"""Recompute every figure of `hbmsim run`'s JSON report from first principles.

Runs `hbmsim run` over a set of small configurations with --report, --cmd-log (and,
for some, --timeseries and --html) and checks, independently of the C++:

- command counts per kind, read/write bursts and row hits (the device's rule: the first
  column command after an ACT misses, every later one to that row hits) from the log;
- bytes, bandwidth (GB/s = bytes / (cycles x tCK)), peak (from the standard's data rate
  and DQ width, cross-checked against its tCK and burst) and efficiency;
- per-PC figures (controller counters, time-series rows) summing to the totals;
- energy: every term against the per-command energies derived from the standard's
  currents, the background from the banks the log leaves open tCK by tCK;
- read latency ordering, the tile's and the transformer kernels' figures, the projection;
- time-series windows: contiguous, sized --window, each window's counts equal to the
  log's commands in [start, end);
- with --window 1, each transformer kernel's tCK, bytes, row hits and energy from the
  log over the tCKs the series labels with it;
- the HTML report's numbers against the JSON, its bandwidth-over-time plot and latency
  histogram read back from their pixels (mean, nearest-rank p50/p99, max recomputed);
  the stdout summary against the JSON;
- the trace's own figures against the trace file; the configuration echoed;
- bursts answered DECERR in no figure (bytes = the DRAM's bursts x 32), the crossbar's
  port figures;
- refreshes against tREFI over the run's length, bank by bank (check_refresh); the
  controllers' counters against the log's commands over the tCKs they ran;
- the stdout summary line by line (headline, simulated, bandwidth and peak, axi errors,
  crossbar, latency, trace, probe tables, energy and mW, checks, result) and the HTML's;
- no NaN, inf or negative number anywhere, fractions in [0, 1].

Standard library only. Usage:
    scripts/check/report_figures.py [--hbmsim BIN] [--set default|full] [--only REGEX]
                                    [--random N | --random-tile N] [--seed S]
                                    [--keep DIR] [-v]
    scripts/check/report_figures.py --report R.json --cmd-log L.csv [--summary OUT.txt]
                                    [--timeseries T.csv] [--html H.html]
The first runs hbmsim on its configurations; the second checks one run made elsewhere
(its flags taken from what the report echoes). Exit 0 when every figure checks, 1
otherwise (each discrepancy printed).
"""

import argparse
import collections
import csv
import html
import json
import math
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CHECK_LOG_BINARY = [None]   # hbmsim, for check-log
CMD_KINDS = ["ACT", "PRE", "PREA", "RD", "RDA", "WR", "WRA", "REFab", "REFpb"]
READS, WRITES = ("RD", "RDA"), ("WR", "WRA")
BANK_CMDS = ("ACT", "PRE", "RD", "RDA", "WR", "WRA", "REFpb")

# --------------------------------------------------------------------------------------
# Configurations. Each is (name, args, extras); extras: set of {"ts", "html", "trace:FMT"}.

TRACE_FACTS = {}   # path: {lines, records, reads, writes, last_cycle}



def at_least(v, decimals, digits):
    """As host/report.cpp's: v with `decimals` decimals, more (up to 9) for `digits`
    significant digits when a non-zero v would otherwise print as zero."""
    if 0 < v < 10 ** -decimals:
        decimals = min(9, digits - 1 - math.floor(math.log10(v)))
    return f"{v:.{decimals}f}"

def kernel_figures(k):
    """As host/report.cpp's kernel_row: a kernel's (or the layer's) GB/s, % peak, row hit %
    and pJ/bit, one decimal (two for pJ/bit), more for a figure that would print as zero."""
    def figure(v, decimals, scale=1):
        return "n/a" if v is None else at_least(scale * v, decimals, 2)
    return (figure(k["bandwidth_gbps"], 1), figure(k["efficiency"], 1, 100),
            figure(k["row_hit_rate"], 1, 100), figure(k["pj_per_bit"], 2))

def significant(v, decimals, digits):
    """As host/report.cpp's: v with at least `decimals` decimals and `digits` significant
    digits (up to 9 decimals)."""
    if v > 0:
        decimals = max(decimals, digits - 1 - math.floor(math.log10(v)))
    return f"{v:.{min(9, decimals)}f}"

def note_trace(path):
    """What a trace holds, counted here: lines, records, reads, writes, last cycle."""
    f = collections.Counter()
    cycle = 0
    with open(path) as fh:
        for line in fh:
            f["lines"] += 1
            w = line.split()
            if not w or w[0].startswith("#"):
                continue
            f["records"] += 1
            text = line.lower()
            write = any(x in text for x in ("write", " st ")) or text.startswith("st ") or \
                text.rstrip().endswith(" w")
            f["writes" if write else "reads"] += 1
            if path.endswith(".stl"):
                cycle = max(cycle, int(w[0].rstrip(":")))
            elif len(w) == 3 and w[1] in ("READ", "WRITE"):
                cycle = max(cycle, int(w[2]))
    f["last_cycle"] = cycle
    TRACE_FACTS[os.path.basename(path)] = f


def trace_files(tmp):
    """Small traces in each format, written into tmp; returns {name: path}."""
    files = {}
    lines = []
    cyc = 0
    for i in range(300):
        addr = (i * 0x40 * 7) % (1 << 22)
        lines.append(f"0x{addr:X} {'READ' if i % 3 else 'WRITE'} {cyc}")
        cyc += 3
    files["dramsim3"] = os.path.join(tmp, "a.trace")
    with open(files["dramsim3"], "w") as f:
        f.write("\n".join(lines) + "\n")
    files["ramulator2"] = os.path.join(tmp, "b.trace")
    with open(files["ramulator2"], "w") as f:
        for i in range(200):
            f.write(f"{'LD' if i % 4 else 'ST'} 0x{(i * 4096 + (i % 5) * 64):x}\n")
    files["stl"] = os.path.join(tmp, "c.stl")
    with open(files["stl"], "w") as f:
        for i in range(120):
            addr = 0x400000 + i * 64
            if i % 2:
                f.write(f"{i * 10}: read 0x{addr:x}\n")
            else:
                f.write(f"{i * 10}: write 0x{addr:x}\n")
    files["stl_data"] = os.path.join(tmp, "d.stl")
    with open(files["stl_data"], "w") as f:
        for i in range(40):
            addr = 0x8000 + (i % 20) * 32
            data = "".join(f"{(i * 7 + b) % 256:02x}" for b in range(32))
            if i < 20:
                f.write(f"{i * 4}: (32) write 0x{addr:x} 0x{data}\n")
            else:
                wdata = "".join(f"{((i - 20) * 7 + b) % 256:02x}" for b in range(32))
                f.write(f"{i * 4}: (32) read 0x{addr:x} 0x{wdata}\n")
    files["beyond"] = os.path.join(tmp, "e.trace")
    with open(files["beyond"], "w") as f:
        for i in range(20):
            addr = (1 << 29) + i * 64 if i % 2 else i * 64
            f.write(f"0x{addr:x} READ {i * 4}\n")
    files["cross"] = os.path.join(tmp, "f.stl")
    with open(files["cross"], "w") as f:
        for i in range(12):
            f.write(f"{i * 20}: ({64 + 32 * (i % 4)}) {'read' if i % 3 else 'write'} "
                    f"0x{0x1000 * (i + 1) - 32 * (1 + i % 3):x}\n")
    files["ramulator1"] = os.path.join(tmp, "g.trace")
    with open(files["ramulator1"], "w") as f:
        for i in range(100):
            f.write(f"0x{(i * 0x2340) % (1 << 24):08x} {'W' if i % 5 == 0 else 'R'}\n")
    # Addresses without memory, answered DECERR, never reaching the DRAM, no bandwidth:
    # every 7th past 16 GiB (8 HBM3E PCs), and on one PC a quarter of the rest, in the
    # 4th stack ID of a PC's 2 GiB that HBM3E's 3 do not fill.
    files["decerr"] = os.path.join(tmp, "h.trace")
    with open(files["decerr"], "w") as f:
        for i in range(240):
            addr = ((i * 0x9E3779B1) % (1 << 31)) & ~63 if i % 7 else (1 << 34) + i * 64
            f.write(f"0x{addr:x} {'WRITE' if i % 3 == 0 else 'READ'} {i * 6}\n")
    for path in files.values():
        note_trace(path)
    # A copy of HBM3 given as a file, with energies so small that the summary and HTML
    # need more than their usual decimals (pJ/bit below 0.005, mW per PC below 0.05).
    with open(os.path.join(ROOT, "configs", "standards", "hbm3.json")) as f:
        low = json.load(f)
    low["energy"]["vdd"] = 0.00005
    low["energy"]["io_pj_per_bit"] = 0.00001
    files["std_low_energy"] = os.path.join(tmp, "low_energy_hbm3.json")
    with open(files["std_low_energy"], "w") as f:
        json.dump(low, f, indent=1)
    return files


STD_PCS = {"hbm2": 16, "hbm2e": 16, "hbm3": 32, "hbm3e": 32, "hbm4": 64}


def random_configurations(n, seed):
    """n synthetic-traffic configurations drawn from the flags' ranges (small runs)."""
    import random
    rng = random.Random(seed)
    c = []
    for i in range(n):
        std = rng.choice(sorted(STD_PCS))
        xbar = rng.random() < 0.25
        pcs = rng.choice([1, 2, 4, 8]) if xbar else rng.choice([1, 2, 3, 5, 6, 7, 8, 12])
        beats = rng.choice([1, 2, 2, 4, 8, 16, 128])
        wl = rng.choice(["seq", "random", "random", "strided"])
        req = max(1, int(rng.choice([50, 200, 600]) * 2 / beats * 2))
        args = (f"--standard {std} --pcs {pcs} --workload {wl} --requests {req} --beats {beats} "
                f"--read-ratio {rng.choice(['0', '0.5', '1', '0.3'])} "
                f"--scheduler {rng.choice(['frfcfs', 'fcfs'])} "
                f"--page-policy {rng.choice(['open', 'closed', 'adaptive'])} "
                f"--refresh {rng.choice(['allbank', 'perbank'])} "
                f"--refresh-postpone {rng.randint(0, 8)} --seed {rng.randint(0, 1 << 30)}")
        if wl == "strided":
            args += f" --stride {beats * 32 * rng.choice([1, 3, 64, 129])}"
        if xbar:
            args += " --xbar"
        if rng.random() < 0.2:
            args += f" --max-cycles {rng.randint(100, 3000)}"
        if rng.random() < 0.3:
            args += f" --window {rng.choice([1, 10, 97, 5000])}"
        args += controller_extras(random.Random(seed * 104729 + i), std, pcs, xbar)
        c.append((f"random{seed}-{i}", args, {"ts", "html"}))
    return c


def controller_extras(rng, std, pcs, xbar):
    """More of the controller's flags, drawn from their own generator (so that a seed
    draws the same configurations as before these were added, plus these)."""
    a = ""
    if rng.random() < 0.3:
        a += " --bank-xor"
    if rng.random() < 0.3:
        o = load_standard(std)["organisation"]
        fields = ["Ro", "Ba", "Bg", "Co"] + (["Si"] if o["sids"] > 1 else [])
        rng.shuffle(fields)
        a += " --mapping " + "".join(fields)
    if rng.random() < 0.3:
        a += f" --page-idle {rng.choice([1, 8, 200, 65535])}"
    if rng.random() < 0.3:
        a += f" --starve {rng.choice([0, 1, 50, 5000])}"
    if rng.random() < 0.3:
        high = rng.randint(2, 64)
        a += f" --wr-high {high} --wr-low {rng.randint(0, high - 1)}"
    if rng.random() < 0.3:
        a += f" --max-reads {rng.choice([1, 2, 16, 1024])} --max-writes {rng.choice([1, 3, 64])}"
    if rng.random() < 0.2:
        a += f" --footprint {rng.choice([4096, 65536, 1 << 20]) * (pcs if xbar else 1)}"
    return a


def random_tile_configurations(n, seed, tmp):
    """n tile, transformer and trace configurations drawn at random."""
    import random
    rng = random.Random(seed * 7919 + 1)
    c = []
    for i in range(n):
        kind = rng.choice(["gemv", "gemm", "decode", "prefill", "trace"])
        std = rng.choice(["hbm2", "hbm3", "hbm3e", "hbm4"])
        pcs = rng.choice([1, 2, 4, 8])
        if kind in ("gemv", "gemm"):
            m, k = rng.randint(1, 300), rng.randint(1, 2000)
            args = f"--standard {std} --pcs {pcs} --workload {kind} --m {m} --k {k}"
            args += (f" --batch {rng.randint(1, 4)}" if kind == "gemv"
                     else f" --n {rng.randint(1, 12)}")
            r = rng.random()
            if r < 0.3:
                args += f" --int8-out --shift {rng.randint(0, 12)}"
            elif r < 0.5:
                args += " --accumulate"
            if rng.random() < 0.4:
                args += " --tile-load axi"
            args += f" --tile-granule {rng.choice([512, 1024, 4096, 65536])}"
        elif kind in ("decode", "prefill"):
            model = rng.choice(["tiny", "tiny-moe"])
            args = (f"--standard {std} --pcs {max(2, pcs)} --workload {kind} --model {model} "
                    f"--context {rng.randint(1, 64)} --batch {rng.randint(1, 3)} "
                    f"--layers {rng.randint(1, 2)}")
            if kind == "decode":
                args += f" --tokens {rng.randint(1, 3)}"
        else:
            path = os.path.join(tmp, f"rt{seed}-{i}.stl")
            with open(path, "w") as f:
                cyc = 0
                for r in range(rng.randint(1, 200)):
                    cyc += rng.randint(0, 30)
                    addr = rng.randrange(0, 1 << 22)
                    ln = rng.choice(["", "(32) ", "(64) ", f"({rng.randint(1, 300)}) "])
                    f.write(f"{cyc}: {ln}{rng.choice(['read', 'write'])} 0x{addr:x}\n")
            note_trace(path)
            args = f"--standard {std} --trace {path} --pcs {pcs}"
            if pcs > 1 and rng.random() < 0.5:
                args += " --xbar"
            if rng.random() < 0.3:
                args += " --trace-timing asap"
            args += f" --beats {rng.choice([1, 2, 4])}"
        if rng.random() < 0.2:
            args += f" --max-cycles {rng.randint(50, 4000)}"
        if rng.random() < 0.3:
            args += f" --window {rng.choice([1, 13, 1000])}"
        c.append((f"rtile{seed}-{i}-{kind}", args, {"ts", "html"}))
    return c


def configurations(which, traces):
    c = []
    add = lambda name, args, extras=(): c.append((name, args, set(extras)))
    # The default set: small, varied, under a minute in all on 2 cores.
    add("hbm3-seq-1pc", "--standard hbm3 --workload seq --requests 1500", ["ts", "html"])
    add("hbm3-random-mix-3pc", "--standard hbm3 --pcs 3 --workload random --read-ratio 0.5 "
        "--requests 800", ["ts", "html"])
    add("hbm2-random-wr-2pc", "--standard hbm2 --pcs 2 --workload random --read-ratio 0 "
        "--requests 800 --beats 1", ["ts"])
    add("hbm2e-strided-5pc", "--standard hbm2e --pcs 5 --workload strided --stride 4096 "
        "--requests 400 --read-ratio 1", ["ts", "html"])
    add("hbm3e-seq-beats8-xbar4", "--standard hbm3e --pcs 4 --xbar --workload seq --beats 8 "
        "--requests 600 --read-ratio 0.5", ["ts", "html"])
    add("hbm4-random-closed-fcfs", "--standard hbm4 --pcs 2 --workload random --requests 600 "
        "--scheduler fcfs --page-policy closed --refresh allbank --read-ratio 0.7", ["ts"])
    add("hbm3-maxcycles", "--standard hbm3 --pcs 2 --workload random --requests 5000 "
        "--read-ratio 0.5 --max-cycles 3000", ["ts", "html"])
    add("hbm3-gemv", "--standard hbm3 --pcs 2 --workload gemv --m 256 --k 512", ["ts", "html"])
    add("hbm3-decode-tiny", "--pcs 2 --workload decode --model tiny --context 64",
        ["ts", "html"])
    add("trace-dramsim3", f"--trace {traces['dramsim3']} --pcs 2", ["ts", "html"])
    add("probe", "--workload probe --probe-samples 20 --sweep-reads 64 "
        "--sweep-max-stride 4096", ["html"])
    # Per-bank refresh without postponement or pull-in: the tightest bound, a round behind
    # at most (it allowed the round the timer's first interval lost, a23eb88).
    add("hbm3-perbank-nopostpone", "--standard hbm3 --workload random --requests 3000 "
        "--read-ratio 0.6 --refresh-postpone 0 --pull-in false")
    # One burst: the summary gives its energy in nJ. Stopped after one command: check-log's
    # "1 command".
    add("hbm3-one-burst", "--standard hbm3 --requests 1")
    add("hbm4-stopped-one-command", "--standard hbm4 --workload random --requests 100 "
        "--read-ratio 0.5 --scheduler fcfs --refresh allbank --seed 378006380 "
        "--max-cycles 195")
    # The spread of the brief for CI: every standard, 1 to 32 PCs, mixed reads and writes,
    # both schedulers and all page policies, both refresh modes, a prefill, addresses
    # without memory (DECERR), the smallest tile run.
    add("hbm2-8pc-seq-mix-fcfs-open", "--standard hbm2 --pcs 8 --workload seq --requests 120 "
        "--read-ratio 0.5 --scheduler fcfs --page-policy open --threads 1", ["ts"])
    add("hbm2e-random-closed-allbank", "--standard hbm2e --workload random --requests 500 "
        "--read-ratio 0.7 --page-policy closed --refresh allbank", ["ts"])
    add("hbm3e-32pc-strided-mix", "--standard hbm3e --pcs 32 --workload strided --stride 8192 "
        "--requests 16 --read-ratio 0.5 --threads 1", ["ts"])
    add("hbm4-prefill-tiny", "--standard hbm4 --pcs 2 --workload prefill --model tiny "
        "--context 4", ["ts"])
    add("trace-decerr-hbm3e-1pc", f"--standard hbm3e --trace {traces['decerr']}",
        ["ts", "html"])
    add("hbm3-gemv-1x1", "--standard hbm3 --workload gemv --m 1 --k 1", ["ts", "html"])
    # The stack ID lowest: each 64-byte burst's two beats in two stack IDs, half of those
    # in the 3rd and the missing 4th answered DECERR with one beat in memory.
    add("hbm3e-random-partial-decerr", "--standard hbm3e --workload random --requests 300 "
        "--read-ratio 0.5 --mapping BgRoCoBaSi", ["ts", "html"])
    if which == "default":
        return c
    add("hbm3-seq-wr-beats128", "--standard hbm3 --workload seq --read-ratio 0 --beats 128 "
        "--requests 40", ["ts"])
    add("hbm3-random-open-7pc", "--standard hbm3 --pcs 7 --workload random --requests 300 "
        "--page-policy open --read-ratio 0.5 --window 333", ["ts", "html"])
    add("hbm3-allbank-nopull", "--standard hbm3 --pcs 1 --workload random --requests 3000 "
        "--refresh allbank --pull-in false --refresh-postpone 0", ["ts"])
    add("hbm2-seq-xbar8-granule", "--standard hbm2 --pcs 8 --xbar --xbar-granule 1024 "
        "--workload seq --requests 800 --read-ratio 0.5", ["ts", "html"])
    add("hbm3e-strided-3pc-closed", "--standard hbm3e --pcs 3 --workload strided --stride 192 "
        "--requests 500 --page-policy closed --read-ratio 0.5", ["ts"])
    add("hbm4-seq-32pc", "--standard hbm4 --pcs 32 --workload seq --requests 60 "
        "--read-ratio 0.5 --threads 1", ["ts", "html"])
    add("hbm3-random-footprint", "--standard hbm3 --pcs 2 --workload random --requests 700 "
        "--footprint 65536 --read-ratio 0.5 --bank-xor", ["ts"])
    add("hbm3-maxcycles-xbar", "--standard hbm3 --pcs 4 --xbar --workload seq --requests 5000 "
        "--max-cycles 2500 --read-ratio 0.5", ["ts", "html"])
    add("hbm3-gemm", "--standard hbm3 --pcs 4 --workload gemm --m 128 --k 256 --n 8",
        ["ts", "html"])
    add("hbm3-gemv-axi-load", "--standard hbm3 --pcs 2 --workload gemv --m 128 --k 1024 "
        "--batch 2 --tile-load axi", ["ts", "html"])
    add("hbm2-gemv-maxcycles", "--standard hbm2 --pcs 2 --workload gemv --m 512 --k 1024 "
        "--max-cycles 2000", ["ts", "html"])
    add("hbm3-prefill-tiny", "--pcs 2 --workload prefill --model tiny --context 16 --layers 2",
        ["ts", "html"])
    add("hbm3-decode-moe-2tok", "--pcs 4 --workload decode --model tiny-moe --context 32 "
        "--tokens 2 --batch 2", ["ts", "html"])
    add("hbm3-decode-maxcycles", "--pcs 2 --workload decode --model tiny --context 64 "
        "--max-cycles 3000", ["ts", "html"])
    add("trace-ramulator2-asap", f"--trace {traces['ramulator2']} --pcs 4", ["ts"])
    add("trace-stl-xbar", f"--trace {traces['stl']} --pcs 2 --xbar --trace-clock-ratio 1.5",
        ["ts", "html"])
    add("trace-dramsim3-asap-1pc", f"--trace {traces['dramsim3']} --trace-timing asap",
        ["ts"])
    add("probe-stopped", "--workload probe --probe-samples 20 --sweep-reads 64 "
        "--sweep-max-stride 4096 --max-cycles 3000", ["ts", "html"])
    add("probe-stopped-in-sweep", "--workload probe --probe-samples 20 --sweep-reads 64 "
        "--sweep-max-stride 4096 --max-cycles 20000", ["ts", "html"])
    add("hbm2e-probe", "--standard hbm2e --workload probe --probe-samples 10 --sweep-reads 32 "
        "--sweep-max-stride 2048", [])
    add("hbm3-decode-window1", "--pcs 2 --workload decode --model tiny --context 64 --window 1",
        ["ts"])
    add("hbm3-prefill-window1", "--pcs 2 --workload prefill --model tiny --context 8 --layers 2 "
        "--window 1", ["ts"])
    add("hbm3-decode-moe-window1", "--pcs 2 --workload decode --model tiny-moe --context 16 "
        "--tokens 2 --window 1", ["ts"])
    add("hbm3-decode-maxcycles-window1", "--pcs 2 --workload decode --model tiny --context 64 "
        "--max-cycles 4000 --window 1", ["ts"])
    add("hbm3-html-coarsened", "--pcs 1 --workload random --requests 3000 --read-ratio 0.5 "
        "--window 1", ["ts", "html"])
    add("hbm3-html-coarsened-twice", "--pcs 1 --workload seq --requests 6000 --read-ratio 0.5 "
        "--window 1", ["html"])
    add("hbm4-64pc-seq", "--standard hbm4 --pcs 64 --workload seq --requests 20 "
        "--read-ratio 0.5 --threads 1", ["ts", "html"])
    add("hbm2-16pc-xbar-random", "--standard hbm2 --pcs 16 --xbar --workload random "
        "--requests 500 --read-ratio 0.5 --beats 4 --threads 1", ["ts", "html"])
    add("hbm4-64pc-gemv", "--standard hbm4 --pcs 64 --workload gemv --m 64 --k 4096 "
        "--threads 1", ["ts", "html"])
    add("hbm3-mapping-starve-wr", "--standard hbm3 --pcs 2 --workload random --requests 600 "
        "--mapping BgRoSiBaCo --starve 50 --wr-high 30 --wr-low 5 --read-ratio 0.5 "
        "--max-reads 8 --max-writes 4", ["ts", "html"])
    add("hbm3-32pc-random-window7", "--standard hbm3 --pcs 32 --workload random --requests 40 "
        "--read-ratio 0.5 --window 7 --threads 1", ["ts", "html"])
    add("hbm3-one-request", "--standard hbm3 --workload random --requests 1 --read-ratio 1",
        ["ts", "html"])
    add("hbm3-wronly-html", "--standard hbm3 --pcs 2 --workload seq --requests 300 "
        "--read-ratio 0", ["ts", "html"])
    add("hbm2e-maxcycles-posted-writes", "--standard hbm2e --workload random --requests 1200 "
        "--read-ratio 0.3 --seed 547482920 --max-cycles 115", ["ts", "html"])
    # The watchdog at its floor on HBM3 (a lower --watchdog is refused: a false deadlock).
    add("hbm3-watchdog-floor", "--pcs 2 --workload random --requests 300 --read-ratio 0.5 "
        "--watchdog 5165", ["ts", "html"])
    add("hbm3-maxcycles-tiny", "--standard hbm3 --pcs 2 --workload seq --requests 300 "
        "--max-cycles 40", ["ts", "html"])
    add("hbm3-window-huge", "--standard hbm3 --pcs 2 --workload seq --requests 300 "
        "--window 100000000", ["ts", "html"])
    add("hbm3-decode-2layers-3tok", "--pcs 2 --workload decode --model tiny --context 16 "
        "--layers 2 --tokens 3", ["ts", "html"])
    add("hbm3-prefill-batch2", "--pcs 4 --workload prefill --model tiny --context 8 --batch 2",
        ["ts", "html"])
    add("hbm3-gemm-int8-maxcycles", "--standard hbm3 --pcs 2 --workload gemm --m 256 --k 256 "
        "--n 8 --int8-out --shift 4 --max-cycles 1500", ["ts", "html"])
    add("hbm3-gemv-accumulate", "--standard hbm3 --pcs 4 --workload gemv --m 256 --k 256 "
        "--batch 4 --accumulate --tile-granule 512", ["ts", "html"])
    add("hbm4-gemv-1pc", "--standard hbm4 --workload gemv --m 64 --k 2048", ["ts"])
    add("hbm2-probe-ts", "--standard hbm2 --workload probe --probe-samples 8 --sweep-reads 16 "
        "--sweep-max-stride 1024", ["ts", "html"])
    add("trace-stl-data", f"--trace {traces['stl_data']} --pcs 1", ["ts", "html"])
    add("trace-beyond", f"--trace {traces['beyond']} --pcs 1", ["ts", "html"])
    add("trace-cross-4k-2pc", f"--trace {traces['cross']} --pcs 2 --xbar-granule 1024",
        ["ts", "html"])
    add("trace-ramulator1-4pc-xbar", f"--trace {traces['ramulator1']} --trace-format ramulator1 "
        "--pcs 4 --xbar --beats 4", ["ts", "html"])
    add("trace-dramsim3-ratio", f"--trace {traces['dramsim3']} --pcs 2 --trace-clock-ratio 2.5 "
        "--max-cycles 1500", ["ts", "html"])
    # Tiny runs: stopped before or during the set-up, one 4 KiB burst, the smallest tile
    # and transformer runs.
    add("hbm3-maxcycles-29", "--standard hbm3 --workload seq --requests 10 --max-cycles 29",
        ["ts", "html"])
    add("hbm2-maxcycles-setup", "--standard hbm2 --pcs 2 --workload random --requests 10 "
        "--read-ratio 0.5 --max-cycles 30", ["ts", "html"])
    add("hbm3-one-4k-write", "--standard hbm3 --workload seq --requests 1 --beats 128 "
        "--read-ratio 0", ["ts", "html"])
    add("hbm3e-one-read-8pc", "--standard hbm3e --pcs 8 --workload random --requests 1",
        ["ts", "html"])
    add("hbm2e-decode-context1", "--standard hbm2e --pcs 2 --workload decode --model tiny "
        "--context 1", ["ts", "html"])
    add("trace-decerr-hbm3e-xbar4", f"--standard hbm3e --trace {traces['decerr']} --pcs 4 "
        "--xbar --beats 4", ["ts", "html"])
    add("trace-decerr-hbm3e-stopped", f"--standard hbm3e --trace {traces['decerr']} --pcs 2 "
        "--max-cycles 700", ["ts", "html"])
    # A map with the stack ID low: HBM3E's missing 4th one is holes in the PC's span, where
    # synthetic bursts are answered DECERR (docs/limits.md): whole bursts here.
    add("hbm3e-random-mapping-holes", "--standard hbm3e --pcs 2 --workload random "
        "--requests 300 --read-ratio 0.5 --mapping BaBgRoSiCo", ["ts", "html"])
    add("hbm3-file-low-energy", f"--standard {traces['std_low_energy']} --pcs 2 --workload "
        "random --requests 300 --read-ratio 0.5", ["ts", "html"])
    add("hbm3e-random-beats4-fcfs-open", "--standard hbm3e --pcs 6 --workload random "
        "--requests 250 --beats 4 --scheduler fcfs --page-policy open --read-ratio 0.25",
        ["ts", "html"])
    return c


# --------------------------------------------------------------------------------------

class Checker:
    def __init__(self, name, verbose):
        self.name = name
        self.problems = []
        self.checked = 0
        self.verbose = verbose

    def fail(self, what):
        self.problems.append(what)

    def eq(self, what, stated, expected):
        self.checked += 1
        if stated != expected:
            self.fail(f"{what}: report says {stated!r}, recomputed {expected!r}")

    def close(self, what, stated, expected, rel=1e-9, abs_=1e-9):
        self.checked += 1
        if stated is None or expected is None:
            if stated is not expected:
                self.fail(f"{what}: report says {stated!r}, recomputed {expected!r}")
            return
        if not math.isclose(float(stated), float(expected), rel_tol=rel, abs_tol=abs_):
            self.fail(f"{what}: report says {stated!r}, recomputed {expected!r}")

    def true(self, what, cond):
        self.checked += 1
        if not cond:
            self.fail(what)


def load_standard(name_or_path):
    path = name_or_path
    if not os.path.exists(path):
        path = os.path.join(ROOT, "configs", "standards", name_or_path.lower() + ".json")
    with open(path) as f:
        return json.load(f)


def command_energies(std):
    """pJ per command / tCK per PC, derived here from the standard's currents."""
    e, t = std["energy"], std["timing"]
    v_ns = e["vdd"] * t["tck_ns"]
    return {
        "act_pre": v_ns * (e["idd0_ma"] * t["RC"] - (e["idd3n_ma"] * t["RAS"] +
                                                     e["idd2n_ma"] * (t["RC"] - t["RAS"]))),
        "read": v_ns * (e["idd4r_ma"] - e["idd3n_ma"]) * t["BL"],
        "write": v_ns * (e["idd4w_ma"] - e["idd3n_ma"]) * t["BL"],
        "refab": v_ns * (e["idd5ab_ma"] - e["idd3n_ma"]) * t["RFC"],
        "refpb": v_ns * (e["idd5pb_ma"] - e["idd3n_ma"]) * t["RFCpb"],
        "active": v_ns * e["idd3n_ma"],
        "idle": v_ns * e["idd2n_ma"],
        "io": e["io_pj_per_bit"],
    }


def walk_numbers(obj, path=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk_numbers(v, f"{path}.{k}" if path else k)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk_numbers(v, f"{path}[{i}]")
    elif isinstance(obj, bool):
        return
    elif isinstance(obj, (int, float)):
        yield path, obj


class Log:
    """The command log, replayed: counts, row hits, open banks per tCK."""

    def __init__(self, path, pcs_per_channel, pcs):
        self.counts = collections.Counter()
        self.per_pc = collections.defaultdict(collections.Counter)
        self.row_hits = 0
        self.row_misses = 0
        self.pc_hits = collections.Counter()
        self.cmds = []            # (cycle, pc, kind, hit)
        fresh = {}
        open_rows = {}
        open_per_pc = collections.Counter()
        self.active_pc_tcks = 0   # summed up to last_cycle inclusive
        self.first_col = None
        self.last_col = None
        self.last_cycle = -1
        self.header = None
        self.bad_lines = []
        last_seen = -1
        # active tCK accounting: between events, the number of PCs with an open bank is
        # constant; the device counts a tCK's state after its commands.
        n_active = 0
        self.active_after = {}    # tCK with commands: PCs with a bank open after them
        self.turnarounds = collections.Counter()   # per PC: read/write direction changes
        self.last_dir = {}
        self.refs = []            # (cycle, pc, kind, (sid, bg, bank) or None for REFab)
        with open(path, newline="") as f:
            r = csv.reader(f)
            self.header = next(r)
            for lineno, row in enumerate(r, start=2):
                if len(row) != 9:
                    self.bad_lines.append(lineno)
                    continue
                cyc = int(row[0])
                ch, pc = int(row[1]), int(row[2])
                kind = row[4]
                gpc = ch * pcs_per_channel + pc
                if cyc < last_seen:
                    self.bad_lines.append(lineno)
                if cyc != last_seen:
                    if last_seen >= 0:
                        # tCKs last_seen .. cyc-1 had n_active PCs active
                        self.active_pc_tcks += n_active * (cyc - last_seen)
                    last_seen = cyc
                self.counts[kind] += 1
                self.per_pc[gpc][kind] += 1
                hit = False
                if kind == "REFab":
                    self.refs.append((cyc, gpc, kind, None))
                elif kind == "REFpb":
                    self.refs.append((cyc, gpc, kind, (int(row[3] or 0), int(row[5]),
                                                       int(row[6]))))
                if kind in BANK_CMDS:
                    bank = (gpc, int(row[3]), int(row[5]), int(row[6]))
                    was_open = bank in open_rows
                    if kind == "ACT":
                        open_rows[bank] = int(row[7])
                        fresh[bank] = True
                    elif kind == "PRE":
                        open_rows.pop(bank, None)
                    elif kind in READS + WRITES:
                        w = kind in WRITES
                        if gpc in self.last_dir and self.last_dir[gpc] != w:
                            self.turnarounds[gpc] += 1
                        self.last_dir[gpc] = w
                        if fresh.get(bank):
                            self.row_misses += 1
                        else:
                            self.row_hits += 1
                            self.pc_hits[gpc] += 1
                            hit = True
                        fresh[bank] = False
                        if kind in ("RDA", "WRA"):
                            open_rows.pop(bank, None)
                        if self.first_col is None:
                            self.first_col = cyc
                        self.last_col = cyc
                    now_open = bank in open_rows
                    if now_open != was_open:
                        before = open_per_pc[gpc]
                        open_per_pc[gpc] += 1 if now_open else -1
                        after = open_per_pc[gpc]
                        n_active += (after > 0) - (before > 0)
                elif kind == "PREA":
                    for b in [b for b in open_rows if b[0] == gpc]:
                        del open_rows[b]
                    if open_per_pc[gpc] > 0:
                        n_active -= 1
                    open_per_pc[gpc] = 0
                self.cmds.append((cyc, gpc, kind, hit))
                self.active_after[cyc] = n_active
        self.last_cycle = last_seen
        self.n_active_at_end = n_active

    def active_per_tck(self, n):
        """PCs with a bank open after each tCK 0..n-1."""
        out = [0] * n
        cur = 0
        for t in range(n):
            cur = self.active_after.get(t, cur)
            out[t] = cur
        return out

    def active_through(self, last_tck):
        """PC x tCK with a bank open over tCKs 0..last_tck inclusive."""
        if self.last_cycle < 0:
            return 0
        return self.active_pc_tcks + self.n_active_at_end * (last_tck - self.last_cycle + 1)


def refresh_excursions(L, std, pcs, T):
    """Per bank, how far its refreshes ran ahead of and fell behind tREFI over [0, T):
    credits (a REFab credits every bank of its PC, a REFpb its bank) against t / tREFI,
    the most ahead just after a refresh, the most behind just before one or at T.
    Returns (max ahead, max behind, (pc, bank) of each)."""
    org, refi = std["organisation"], std["timing"]["REFI"]
    banks = [(s, g, b) for s in range(org["sids"]) for g in range(org["bankgroups"])
             for b in range(org["banks_per_group"])]
    credit = {(p, b): 0 for p in range(pcs) for b in banks}
    ahead, behind = (-math.inf, None), (-math.inf, None)
    for cyc, pc, kind, bank in L.refs:
        for key in ([(pc, b) for b in banks] if bank is None else [(pc, bank)]):
            if key not in credit:
                continue
            behind = max(behind, (cyc / refi - credit[key], key))
            credit[key] += 1
            ahead = max(ahead, (credit[key] - cyc / refi, key))
    for key, c in credit.items():
        behind = max(behind, (T / refi - c, key))
    return ahead, behind


def c_mapping_is_default(j, std):
    return j["controller"]["mapping"] == std["default_mapping"]


def check_refresh(ck, j, std, L, T):
    """Refresh counts against tREFI over the run's T tCK: every bank refreshed once per
    tREFI on average, within the controller's own bounds (hbm_refresh.sv; check-log checks
    JEDEC's, 8 owed, 9 x tREFI between two): all-bank, at most refresh_postpone owed (1
    with 0) and as many pulled in; per-bank, whose debt counts REFpb against one every
    tREFIpb from reset, at most refresh_postpone / 2 rounds owed and one round pulled in,
    plus a round for the order within a round. (Until a23eb88 the per-bank timer ran its
    first interval as a whole tREFI, and this allowed a round more.) Slack: a row cycle
    and a refresh (the forced refresh waits for the PC's rows to close)."""
    pcs = j["pcs"]
    c = j["controller"]
    t = std["timing"]
    ahead, behind = refresh_excursions(L, std, pcs, T)
    if os.environ.get("REPORT_FIGURES_REFRESH_STATS"):
        print(f"      refresh: T {T}, ahead {ahead[0]:.3f} at {ahead[1]}, behind "
              f"{behind[0]:.3f} at {behind[1]}")
    slack = (t["RC"] + t["RFC"]) / t["REFI"]
    p = c["refresh_postpone"]
    if c["refresh"] == "allbank":
        limit_ahead = (p if c["pull_in"] else 0) + 1
        limit_behind = max(p, 1) + slack
    else:
        limit_ahead = 2 if c["pull_in"] else 1
        limit_behind = p // 2 + 1 + slack
    ck.true(f"refresh: bank {ahead[1]} {ahead[0]:.2f} refreshes ahead of tREFI, more than "
            f"{limit_ahead} ({c['refresh']}, pull-in {c['pull_in']})",
            ahead[0] <= limit_ahead + 1e-9)
    ck.true(f"refresh: bank {behind[1]} {behind[0]:.2f} refreshes behind tREFI over "
            f"{T} tCK, more than {limit_behind:.2f} ({c['refresh']}, refresh_postpone {p})",
            behind[0] <= limit_behind)


def fmt_num(x, digits):
    return f"{x:.{digits}f}"


def parse_html(path):
    with open(path) as f:
        text = f.read()
    rows = re.findall(r"<tr>(.*?)</tr>", text, re.S)
    table_rows = []
    for r in rows:
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)
        table_rows.append([html.unescape(c) for c in cells])
    bars = [(html.unescape(a), float(b)) for a, b in
            re.findall(r"<title>([^<:]+): ([-0-9.e+]+)</title>", text)]
    return text, table_rows, bars


def check_run(name, args, extras, binary, workdir, verbose):
    ck = Checker(name, verbose)
    rep = os.path.join(workdir, f"{name}.json")
    log = os.path.join(workdir, f"{name}.csv")
    ts = os.path.join(workdir, f"{name}_ts.csv")
    htm = os.path.join(workdir, f"{name}.html")
    cmd = [binary, "run"] + args.split() + ["--report", rep, "--cmd-log", log]
    if "ts" in extras:
        cmd += ["--timeseries", ts]
    if "html" in extras:
        cmd += ["--html", htm]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=600)
    stopped = "--max-cycles" in args or "--watchdog" in args
    if p.returncode not in (0, 1) or (p.returncode == 1 and not stopped):
        ck.fail(f"exit {p.returncode}: {p.stdout.strip()[-500:]}")
        return ck
    with open(rep) as f:
        j = json.load(f)
    std = load_standard(j["standard_file"])
    try:
        check_report(ck, j, std, args, log, ts if "ts" in extras else None,
                     htm if "html" in extras else None, p.stdout)
    except (KeyError, TypeError, ValueError, IndexError, ZeroDivisionError) as e:
        import traceback
        ck.fail(f"the report could not be checked: {type(e).__name__} {e} at "
                f"{traceback.extract_tb(e.__traceback__)[-1].lineno}")
    return ck


def arg_value(args, flag, default=None):
    parts = args.split()
    for i, a in enumerate(parts):
        if a == flag and i + 1 < len(parts):
            return parts[i + 1]
    return default


def args_of_report(j, ts_path=None):
    """The flags a report's run was given, as far as the report echoes them: for checking
    a report and log written elsewhere (--report / --cmd-log), where the echo checks then
    hold by construction and every figure is still recomputed."""
    c, wl = j["controller"], j["workload"]
    a = [f"--pcs {j['pcs']}", f"--scheduler {c['scheduler']}",
         f"--page-policy {c['page_policy']}", f"--refresh {c['refresh']}",
         f"--refresh-postpone {c['refresh_postpone']}",
         f"--pull-in {'true' if c['pull_in'] else 'false'}", f"--mapping {c['mapping']}",
         f"--seed {wl['seed']}"]
    if c["bank_xor"]:
        a.append("--bank-xor")
    if j["xbar"]:
        a.append(f"--xbar --xbar-granule {j['xbar']['granule_bytes']}")
    if "trace" in j:
        a.append(f"--trace {j['trace']['file']}")
    else:
        a.append(f"--workload {wl['pattern']}")
    if wl["pattern"] in ("seq", "random", "strided") and "trace" not in j:
        per = wl["requests"] if j["xbar"] else wl["requests"] // j["pcs"]
        a.append(f"--requests {per} --beats {wl['burst_bytes'] // 32} "
                 f"--read-ratio {wl['read_ratio']!r}")
    if ts_path:
        with open(ts_path, newline="") as f:
            rows = list(csv.reader(f))
        if len(rows) > 2 and int(rows[-1][0]) > 0:
            # the first window's length, unless the run fits one window
            a.append(f"--window {int(rows[1][1]) - int(rows[1][0])}")
    for p in j["problems"]:
        m = re.search(r"stopped at the cycle limit \((\d+) tCK\)", p)
        if m:
            a.append(f"--max-cycles {m.group(1)}")
    return " ".join(a)


def check_files(report, cmd_log, summary, ts, htm, verbose):
    """Checks a report and command log written by a run elsewhere (and its summary, time
    series and HTML report when given)."""
    ck = Checker(os.path.basename(report), verbose)
    with open(report) as f:
        j = json.load(f)
    out = ""
    if summary:
        with open(summary) as f:
            out = f.read()
    std = load_standard(j["standard_file"])
    try:
        check_report(ck, j, std, args_of_report(j, ts), cmd_log, ts, htm, out)
    except (KeyError, TypeError, ValueError, IndexError, ZeroDivisionError) as e:
        import traceback
        ck.fail(f"the report could not be checked: {type(e).__name__} {e} at "
                f"{traceback.extract_tb(e.__traceback__)[-1].lineno}")
    return ck


def check_report(ck, j, std, args, log_path, ts_path, html_path, stdout):
    org, tim = std["organisation"], std["timing"]
    tck = tim["tck_ns"]
    pcs = j["pcs"]
    burst = org["dq_bits"] * org["burst_length"] // 8
    # ---- internal consistency: numbers ----
    for path, v in walk_numbers(j):
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            ck.fail(f"{path} is {v}")
        elif v < 0:
            ck.fail(f"{path} is negative: {v}")
    for path, v in walk_numbers(j):
        leaf = path.split(".")[-1]
        if leaf in ("efficiency", "row_hit_rate", "read_ratio", "mac_utilization") or \
                leaf.endswith("_rate") or leaf.endswith("_efficiency"):
            ck.true(f"{path} = {v} is a fraction in [0, 1]", 0 <= v <= 1)
    ck.eq("standard", j["standard"], std["name"])
    ck.close("tck_ns", j["tck_ns"], tck)
    ck.eq("pcs", pcs, int(arg_value(args, "--pcs", "1")))

    # ---- peak, from the data rate and DQ width; cross-check with tCK and BL ----
    peak_pc = std["data_rate_gbps"] * org["dq_bits"] / 8
    ck.close(f"peak per PC from tCK ({burst} B per {tim['BL']} tCK) vs data rate",
             burst / (tim["BL"] * tck), peak_pc, rel=1e-6)
    ck.close("peak_gbps", j["peak_gbps"], peak_pc * pcs, rel=1e-6)

    # ---- the log ----
    L = Log(log_path, org["pcs_per_channel"], pcs)
    ck.eq("command log header", ",".join(L.header), "cycle,ch,pc,sid,cmd,bg,bank,row,col")
    ck.eq("command log malformed or out-of-order lines", L.bad_lines[:5], [])
    for k in CMD_KINDS:
        ck.eq(f"commands.{k}", j["commands"].get(k), L.counts.get(k, 0))
    rd = sum(L.counts[k] for k in READS)
    wr = sum(L.counts[k] for k in WRITES)
    ck.eq("dram.read_bursts", j["dram"]["read_bursts"], rd)
    ck.eq("dram.write_bursts", j["dram"]["write_bursts"], wr)
    ck.eq("dram.row_hits", j["dram"]["row_hits"], L.row_hits)
    ck.eq("dram.row_misses", j["dram"]["row_misses"], L.row_misses)
    ck.eq("row_hits + row_misses = bursts", L.row_hits + L.row_misses, rd + wr)
    ck.close("row_hit_rate", j["row_hit_rate"],
             L.row_hits / (rd + wr) if rd + wr else None)
    pcs_in_log = {pc for pc in L.per_pc}
    ck.true(f"log names PCs {sorted(pcs_in_log)} beyond --pcs {pcs}",
            all(pc < pcs for pc in pcs_in_log))

    cycles = j["cycles"]
    # A tile's --tile-load axi phase comes before the traffic phase: its writes are the
    # log's first column commands, load_bytes / 32 of them.
    load_bursts = (j["workload"].get("load_bytes") or 0) // 32
    cols = [(cyc, kind) for cyc, pc, kind, hit in L.cmds if kind in READS + WRITES]
    ck.true("the load phase's bursts are the log's first column commands, all writes",
            all(kind in WRITES for _, kind in cols[:load_bursts]))
    cols = cols[load_bursts:]
    if cols:
        span = cols[-1][0] - cols[0][0] + 1
        ck.true(f"cycles {cycles} shorter than the log's column-command span {span}",
                cycles >= span)

    # ---- bytes and bandwidth ----
    tile = "tile" in j
    wl = j["workload"]
    ck.close("bandwidth_gbps = bytes / (cycles x tck_ns)", j["bandwidth_gbps"],
             j["bytes"] / (cycles * tck) if cycles else 0.0)
    ck.close("efficiency = bandwidth / peak", j["efficiency"],
             j["bandwidth_gbps"] / j["peak_gbps"])
    ck.true(f"efficiency {j['efficiency']} above 1", j["efficiency"] <= 1 + 1e-12)
    ck.close("cycles_per_s", j["cycles_per_s"], cycles / j["wall_s"] if j["wall_s"] else 0,
             rel=1e-6)
    axi_err = j["axi_errors"]["decerr"] + j["axi_errors"]["slverr"]
    completed = j["status"] == "pass"
    # The crossbar's one port: 32 bytes a tCK each way (R and W), each direction's bytes
    # over it; the bytes are the DRAM's (every answered one reached it, else the log's).
    if "--xbar" in args.split():
        x = j["xbar"]
        ck.eq("xbar.granule_bytes", x["granule_bytes"],
              int(arg_value(args, "--xbar-granule", "512")))
        ck.close("xbar.port_peak_gbps_each_way = 32 B / tCK", x["port_peak_gbps_each_way"],
                 32 / tck)
        bb = wl["burst_bytes"]
        for key, bursts, answered in (("port_read_efficiency", rd, j["reads"]),
                                      ("port_write_efficiency", wr, j["writes"])):
            # the bytes answered OKAY; a stopped run's, and without DECERR, the DRAM's
            b = (bursts * burst if not completed or axi_err == 0 else
                 answered * bb if bb is not None else None)
            if b is not None:
                ck.close(f"xbar.{key} = bytes / (cycles x tCK) / port peak", x[key],
                         b / (cycles * tck) / (32 / tck) if cycles else 0.0)
    else:
        ck.eq("xbar null without --xbar", j["xbar"], None)
    if tile:
        ck.eq("reads = DRAM read bursts (tile: 32-B beats)", j["reads"], rd)
        ck.eq("writes = DRAM write bursts (tile: 32-B beats) but the load's", j["writes"],
              wr - load_bursts)
        ck.eq("bytes = DRAM bursts x 32 (tile) but the load's", j["bytes"],
              (rd + wr - load_bursts) * 32)
    else:
        bb = wl["burst_bytes"]
        if bb is not None and completed:
            ck.eq("bytes = (reads + writes) x burst_bytes", j["bytes"],
                  (j["reads"] + j["writes"]) * bb)
        # A burst answered DECERR is in no figure. One that lies partly in memory (a map
        # with HBM3E's missing stack ID below the top field puts holes inside bursts; a
        # crossbar burst cut over PCs may run past the memory's end) still moves its beats
        # there: they are the DRAM's (commands, dram, energy) and a read's are compared
        # (checks.bytes_checked), but the burst is not in reads, writes or bytes.
        partial = j["axi_errors"]["decerr"] > 0 and (
            (std["organisation"]["sids"] == 3 and not j["controller"]["mapping"].startswith("Si"))
            or (j["xbar"] is not None and (bb or 4096) > j["xbar"]["granule_bytes"]))
        if completed and "trace" not in j and "probe" not in j:
            if partial:
                ck.true(f"checks.bytes_checked {j['checks']['bytes_checked']} below reads x "
                        f"burst_bytes {j['reads'] * bb}",
                        j["checks"]["bytes_checked"] >= j["reads"] * bb)
            else:
                ck.eq("checks.bytes_checked = reads x burst_bytes",
                      j["checks"]["bytes_checked"], j["reads"] * bb)
        if completed and j["axi_errors"]["slverr"] == 0 and partial:
            ck.true(f"bytes {j['bytes']} above DRAM bursts x 32 {(rd + wr) * burst}",
                    j["bytes"] <= (rd + wr) * burst)
            if "probe" not in j and bb is not None:
                ck.true("reads x burst <= DRAM read bursts x 32", j["reads"] * bb <= rd * burst)
                ck.true("writes x burst <= DRAM write bursts x 32",
                        j["writes"] * bb <= wr * burst)
        elif completed and j["axi_errors"]["slverr"] == 0:
            # A burst wholly past the memory never reaches the DRAM.
            ck.eq("bytes = DRAM bursts x 32 (every served burst reached the DRAM, none "
                  "answered DECERR did)",
                  j["bytes"], (rd + wr) * burst)
            if "probe" not in j and bb is not None:
                ck.eq("reads x burst = DRAM read bursts x 32", j["reads"] * bb, rd * burst)
                ck.eq("writes x burst = DRAM write bursts x 32", j["writes"] * bb, wr * burst)
        elif not completed:
            # stopped early: the DRAM's bytes (posted writes it never took are not moved)
            ck.eq("bytes of a stopped run = DRAM bursts x 32", j["bytes"], (rd + wr) * burst)
            if bb is not None:
                ck.true(f"reads answered {j['reads'] * bb} B above DRAM read bursts x 32 "
                        f"{rd * burst}", j["reads"] * bb <= rd * burst)

    # ---- workload ----
    if not tile and "probe" not in j and "trace" not in j:
        req = int(arg_value(args, "--requests", "10000"))
        total = req if "--xbar" in args else req * pcs
        ck.eq("workload.requests", wl["requests"], total)
        ck.eq("workload.requests_per_pc", wl["requests_per_pc"],
              total // pcs if total % pcs == 0 else None)
        ck.eq("workload.burst_bytes", wl["burst_bytes"], int(arg_value(args, "--beats", "2")) * 32)
        ck.close("workload.read_ratio", wl["read_ratio"],
                 float(arg_value(args, "--read-ratio", "1")))
        if completed:
            # A --mapping with the stack ID below the top field leaves HBM3E's missing 4th
            # stack ID as holes in each PC's span: bursts there are answered DECERR
            # (docs/limits.md), in no other figure.
            ck.eq("reads + writes + bursts answered DECERR = requests",
                  j["reads"] + j["writes"] + axi_err, total)
            ck.true(f"{axi_err} bursts answered DECERR with a map that has no hole",
                    axi_err == 0 or (std["organisation"]["sids"] == 3 and
                                     not j["controller"]["mapping"].startswith("Si")))
            rr = wl["read_ratio"]
            if axi_err:
                pass   # which bursts were refused is not in the report: no ratio to check
            elif rr in (0, 1):
                ck.eq("reads at read ratio 0/1", j["reads"], int(rr * total))
            else:
                ck.true(f"reads {j['reads']} of {total} far from read ratio {rr}",
                        abs(j["reads"] / total - rr) < 5 * math.sqrt(rr * (1 - rr) / total) + 0.02)
    if "trace" in j:
        t = j["trace"]
        ck.eq("workload.requests = trace.bursts", wl["requests"], t["bursts"])
        if completed and axi_err == 0 and t["bursts"] == t["records"]:
            ck.eq("reads = trace.reads", j["reads"], t["reads"])
            ck.eq("writes = trace.writes", j["writes"], t["writes"])
            ck.eq("trace.records_replayed = records", t["records_replayed"], t["records"])
        facts = TRACE_FACTS.get(os.path.basename(t["file"]))
        if facts:
            for key in ("lines", "records", "reads", "writes", "last_cycle"):
                ck.eq(f"trace.{key} = the file's", t[key], facts[key])
        ck.true(f"trace.records_replayed {t['records_replayed']} above records {t['records']}",
                t["records_replayed"] <= t["records"])
        ck.true(f"served {j['reads'] + j['writes'] + axi_err} above trace.bursts (issued) "
                f"{t['bursts']}", j["reads"] + j["writes"] + axi_err <= t["bursts"])
        if completed:
            ck.eq("trace.records_replayed = records", t["records_replayed"], t["records"])
            ck.true("trace.bursts >= records", t["bursts"] >= t["records"])
            ck.eq("reads + writes = trace.bursts (no AXI error)" if axi_err == 0 else
                  "reads + writes + errors = trace.bursts", j["reads"] + j["writes"] + axi_err,
                  t["bursts"])
        ck.close("workload.read_ratio = trace reads / records", wl["read_ratio"],
                 t["reads"] / t["records"] if t["records"] else None)
        if wl["burst_bytes"] is not None and axi_err == 0 and completed:
            ck.eq("bytes = trace.bursts x burst_bytes", j["bytes"], t["bursts"] * wl["burst_bytes"])

    # ---- latency ----
    lat = j["read_latency_ns"]
    if lat["samples"] == 0:
        for k in ("mean", "p50", "p99", "max"):
            ck.eq(f"read_latency_ns.{k} without samples", lat[k], None)
    else:
        ck.true(f"latency p50 {lat['p50']} <= p99 {lat['p99']} <= max {lat['max']}",
                lat["p50"] <= lat["p99"] <= lat["max"])
        ck.true(f"latency mean {lat['mean']} <= max {lat['max']}", lat["mean"] <= lat["max"])
        floor = (tim["RL"] + tim["BL"] - 1) * tck
        ck.true(f"latency p50 {lat['p50']} / mean {lat['mean']} below RL+BL {floor} ns",
                lat["p50"] >= floor and lat["mean"] >= floor)
        for k in ("p50", "p99", "max"):
            n = lat[k] / tck
            ck.true(f"latency {k} {lat[k]} ns not a whole number of tCK", abs(n - round(n)) < 1e-6)
        if not tile and "probe" not in j:
            ck.eq("read_latency_ns.samples = reads (served)", lat["samples"], j["reads"])
        if lat["samples"] == 1:
            ck.close("one sample: mean = max", lat["mean"], lat["max"])
            ck.close("one sample: p50 = max", lat["p50"], lat["max"])

    # ---- controller counters ----
    cc, ccp = j["controller_counters"], j["controller_counters_per_pc"]
    if completed or ccp:
        ck.eq("controller_counters_per_pc entries", len(ccp), pcs)
    for key in cc:
        ck.eq(f"controller_counters.{key} = sum over PCs", cc[key], sum(p[key] for p in ccp))
    if completed:
        for i, p in enumerate(ccp):
            pl = L.per_pc[i]
            ck.eq(f"controller_counters_per_pc[{i}].reads = log RD+RDA", p["reads"],
                  pl["RD"] + pl["RDA"])
            ck.eq(f"controller_counters_per_pc[{i}].writes = log WR+WRA", p["writes"],
                  pl["WR"] + pl["WRA"])
            ck.eq(f"controller_counters_per_pc[{i}].acts = log ACT", p["acts"], pl["ACT"])
            # PREs for refreshes after the counters froze (open rows) are the device's only
            ck.true(f"controller_counters_per_pc[{i}].pres {p['pres']} above log PRE + PREA "
                    f"{pl['PRE'] + pl['PREA']}", p["pres"] <= pl["PRE"] + pl["PREA"])
            ck.true(f"controller_counters_per_pc[{i}].row_conflicts {p['row_conflicts']} above "
                    f"pres {p['pres']}", p["row_conflicts"] <= p["pres"])
            ck.eq(f"controller_counters_per_pc[{i}].turnarounds = log read/write switches",
                  p["turnarounds"], L.turnarounds[i])
            ck.eq(f"controller_counters_per_pc[{i}] row hits + misses = columns",
                  p["row_hits"] + p["row_misses"], p["reads"] + p["writes"])
            ck.eq(f"controller_counters_per_pc[{i}].row_hits = log's", p["row_hits"],
                  L.pc_hits[i])
            ck.true(f"controller_counters_per_pc[{i}] refreshes {p['refab']}/{p['refpb']} above "
                    f"the log's {pl['REFab']}/{pl['REFpb']}",
                    p["refab"] <= pl["REFab"] and p["refpb"] <= pl["REFpb"])

    # ---- energy ----
    E = command_energies(std)
    en = j["energy"]
    ck.close("energy.act_pre = E(ACT+PRE) x ACT", en["act_pre"], E["act_pre"] * L.counts["ACT"])
    ck.close("energy.read = E(RD) x read bursts", en["read"], E["read"] * rd)
    ck.close("energy.write = E(WR) x write bursts", en["write"], E["write"] * wr)
    ck.close("energy.refresh", en["refresh"],
             E["refab"] * L.counts["REFab"] + E["refpb"] * L.counts["REFpb"])
    bits = (rd + wr) * burst * 8
    ck.close("energy.io = io pJ/bit x bits", en["io"], E["io"] * bits)
    total = sum(en.values())
    ck.close("energy_pj = sum of the breakdown", j["energy_pj"], total, rel=1e-9)
    # A tile run stopped in its --tile-load axi load phase moved only the load's bytes, not
    # the workload's: it gives no pJ/bit (its traffic bytes are 0).
    wl = j.get("workload")
    in_load = isinstance(wl, dict) and wl.get("load") == "axi" and j["bytes"] == 0
    ck.close("pj_per_bit = energy_pj / bits (none in a stopped tile's AXI load)",
             j["pj_per_bit"], total / bits if bits and not in_load else None)
    # Background: tCKs the device was clocked, from the power (ns = energy / power / pcs).
    if j["power_mw"] > 0:
        tcks = total / j["power_mw"] / pcs / tck
        ck.true(f"device tCK from power {tcks:.3f} not whole", abs(tcks - round(tcks)) < 1e-3)
        T = round(tcks)
        ck.device_tcks = T
        ck.true(f"device clocked {T} tCK, but the log runs to tCK {L.last_cycle}",
                T >= L.last_cycle + 1)
        ck.true(f"device clocked {T} tCK, fewer than the traffic's cycles {cycles}", T >= cycles)
        active = L.active_through(T - 1)
        ck.close("energy.background = active x IDD3N + idle x IDD2N (banks open from the log)",
                 en["background"], E["active"] * active + E["idle"] * (pcs * T - active),
                 rel=1e-9)

    # ---- cycles, the bandwidth's denominator, against the log ----
    # The traffic phase starts when the controllers' CSR set-up ends (28 tCK from reset
    # with a preset's map, docs/limits.md) and ends when the last burst's data has moved:
    # every column command's data (RL or WL, then BL) lies inside it. A run stopped at
    # --max-cycles was clocked exactly that long.
    setup = 28 if c_mapping_is_default(j, std) and j["workload"].get("load") != "axi" else None
    max_cycles = int(arg_value(args, "--max-cycles", "0"))
    T_dev = getattr(ck, "device_tcks", None)
    if setup is not None and T_dev:
        if max_cycles and not completed:
            ck.eq("a stopped run's device tCKs = --max-cycles", T_dev, max_cycles)
            ck.eq("a stopped run's cycles = --max-cycles - set-up", cycles, max_cycles - setup)
        if completed and load_bursts == 0:
            ends = [cyc + (tim["WL"] if kind in WRITES else tim["RL"]) + tim["BL"]
                    for cyc, pc, kind, hit in L.cmds if kind in READS + WRITES]
            if ends:
                ck.true(f"the last burst's data ends at tCK {max(ends)}, after the traffic "
                        f"phase [{setup}, {setup + cycles})", max(ends) <= setup + cycles)
                first = min(cyc for cyc, pc, kind, hit in L.cmds if kind in READS + WRITES)
                ck.true(f"a column command at tCK {first}, in the CSR set-up (before {setup})",
                        first >= setup)

    # ---- the controllers' counters: the log's commands over the tCKs they ran ----
    # They clear as the traffic phase starts (after the set-up) and run `cycles` tCK
    # (their own count, 2 more than the report's: they freeze as the drain is seen);
    # refreshes, ACTs and PREs in that window are theirs, the device's over the rest.
    if setup is not None and completed and load_bursts == 0:
        for i, p in enumerate(j["controller_counters_per_pc"]):
            win = collections.Counter(kind for cyc, pc, kind, hit in L.cmds
                                      if pc == i and setup <= cyc < setup + p["cycles"])
            ck.eq(f"controller_counters_per_pc[{i}] acts, pres, refab, refpb = the log's in "
                  f"tCK [{setup}, {setup + p['cycles']})",
                  (p["acts"], p["pres"], p["refab"], p["refpb"]),
                  (win["ACT"], win["PRE"] + win["PREA"], win["REFab"], win["REFpb"]))

    # ---- refresh against tREFI ----
    check_refresh(ck, j, std, L, getattr(ck, "device_tcks", None) or L.last_cycle + 1)

    # ---- tile ----
    if tile:
        t = j["tile"]
        if t["busy_cycles"] is not None:
            maxn = 4
            ck.close("tile.mac_utilization = macs / (busy x pcs x 32 x 4)", t["mac_utilization"],
                     t["macs"] / (t["busy_cycles"] * pcs * 32 * maxn) if t["busy_cycles"] else 0)
            ck.true("tile.mem_stall_cycles <= busy_cycles", t["mem_stall_cycles"] <= t["busy_cycles"])
            ck.true(f"tile.busy_cycles {t['busy_cycles']} <= cycles {cycles}",
                    t["busy_cycles"] <= cycles)
            if completed and "m" in wl:
                ck.eq("checks.tile_outputs_checked = m x n", j["checks"]["tile_outputs_checked"],
                      wl["m"] * wl["n"])
                # Work the op defines, whatever the DMA's bursts: every MAC once, W read
                # at least once, every output written.
                ck.eq("tile.macs = m x k x n", t["macs"], wl["m"] * wl["k"] * wl["n"])
                ck.true(f"tile.bytes_read {t['bytes_read']} below W's m x k + X's n x k",
                        t["bytes_read"] >= wl["m"] * wl["k"] + wl["n"] * wl["k"])
                ck.true(f"tile.bytes_written {t['bytes_written']} below Y's m x n elements",
                        t["bytes_written"] >= wl["m"] * wl["n"] * (1 if wl["int8_out"] else 4))
                ck.eq("checks.bytes_checked = outputs x element bytes",
                      j["checks"]["bytes_checked"],
                      j["checks"]["tile_outputs_checked"] * (1 if wl["int8_out"] else 4))
            if completed:
                axi_load = wl.get("load") == "axi"
                ck.eq("tile.bytes_read = DRAM read bursts x 32", t["bytes_read"], rd * 32)
                ck.eq("tile.bytes_written = DRAM write bursts x 32 but the load's",
                      t["bytes_written"], (wr - load_bursts) * 32)
                ck.eq("bytes = tile bytes read + written", j["bytes"],
                      t["bytes_read"] + t["bytes_written"])
                if axi_load and "n" in wl and "load_bytes" in wl:
                    ck.true(f"workload.load_bytes {wl['load_bytes']} not X's n x k "
                            f"{wl['n'] * wl['k']} in whole 32-byte beats",
                            wl["load_bytes"] >= wl["n"] * wl["k"] and wl["load_bytes"] % 32 == 0
                            and wl["load_bytes"] < wl["n"] * (wl["k"] + 64))
        else:
            ck.true("tile keys all null when unread", all(v is None for v in t.values()))
    # ---- transformer ----
    if "kernels" in j:
        check_kernels(ck, j, std, completed, rd, wr)
        outputs = j["checks"]["tile_outputs_checked"]
        ck.true("checks.bytes_checked: the outputs' int8 and int32 bytes",
                outputs <= j["checks"]["bytes_checked"] <= 4 * outputs
                and (outputs == 0) == (j["checks"]["bytes_checked"] == 0))

    # ---- probe ----
    if "probe" in j:
        p = j["probe"]
        for c in ("hit", "closed", "miss"):
            l = p[c]
            if l["samples"]:
                ck.true(f"probe.{c} min <= mean <= max",
                        l["tck_min"] <= l["tck_mean"] <= l["tck_max"])
                for a in ("min", "mean", "max"):
                    ck.close(f"probe.{c}.ns_{a} = tck_{a} x tCK", l[f"ns_{a}"], l[f"tck_{a}"] * tck)
            else:
                for a in ("min", "mean", "max"):
                    ck.eq(f"probe.{c}.tck_{a} without a sample", l[f"tck_{a}"], None)
                    ck.eq(f"probe.{c}.ns_{a} without a sample", l[f"ns_{a}"], None)
        both = lambda a, b: p[a]["samples"] and p[b]["samples"]
        ck.close("probe.closed_minus_hit_tck", p["closed_minus_hit_tck"],
                 p["closed"]["tck_mean"] - p["hit"]["tck_mean"] if both("closed", "hit") else None)
        ck.close("probe.miss_minus_closed_tck", p["miss_minus_closed_tck"],
                 p["miss"]["tck_mean"] - p["closed"]["tck_mean"] if both("miss", "closed")
                 else None)
        # docs/probe.md: closed - hit is tRCD and miss - closed tRP, exactly
        if all(p[c]["samples"] for c in ("hit", "closed", "miss")):
            ck.close("probe closed - hit = tRCD", p["closed_minus_hit_tck"], tim["RCDRD"])
            ck.close("probe miss - closed = tRP", p["miss_minus_closed_tck"], tim["RP"])
        ck.eq("probe.trcd_tck", p["trcd_tck"], tim["RCDRD"])
        ck.eq("probe.trp_tck", p["trp_tck"], tim["RP"])
        stride = 32
        for s in p["stride_sweep"]:
            ck.eq("probe sweep strides: powers of two from 32", s["stride"], stride)
            stride *= 2
            if s["reads"] is None:
                ck.true(f"probe sweep stride {s['stride']}: unfinished only on a stopped run",
                        not completed)
                ck.true(f"probe sweep stride {s['stride']}: every figure null",
                        all(s[k] is None for k in s if k != "stride"))
                continue
            sb = p["sweep_burst_bytes"]
            gb = s["reads"] * sb / (s["cycles"] * tck)
            ck.close(f"probe sweep stride {s['stride']} bandwidth", s["bandwidth_gbps"], gb)
            ck.close(f"probe sweep stride {s['stride']} efficiency", s["efficiency"], gb / peak_pc,
                     rel=1e-6)
            ck.true(f"probe sweep stride {s['stride']}: acts {s['acts']} above reads",
                    s["acts"] <= s["reads"])

    # the configuration echoed: the flags given, else their defaults
    c = j["controller"]
    ck.eq("controller.scheduler", c["scheduler"], arg_value(args, "--scheduler", "frfcfs"))
    ck.eq("controller.page_policy", c["page_policy"], arg_value(args, "--page-policy", "adaptive"))
    ck.eq("controller.refresh", c["refresh"], arg_value(args, "--refresh", "perbank"))
    ck.eq("controller.refresh_postpone", c["refresh_postpone"],
          int(arg_value(args, "--refresh-postpone", "8")))
    ck.eq("controller.pull_in", c["pull_in"], arg_value(args, "--pull-in", "true") == "true")
    ck.eq("controller.bank_xor", c["bank_xor"], "--bank-xor" in args.split())
    ck.eq("controller.mapping", c["mapping"], arg_value(args, "--mapping", std["default_mapping"]))
    ck.eq("workload.seed", wl["seed"], int(arg_value(args, "--seed", "1")))
    if "trace" not in j:
        ck.eq("workload.pattern", wl["pattern"], arg_value(args, "--workload", "seq"))
    if tile and "m" in wl:
        ck.eq("tile.descriptors (one GEMV / GEMM)", j["tile"]["descriptors"],
              1 if completed else j["tile"]["descriptors"])
    if tile and j["tile"]["errors"] is not None:
        ck.eq("tile.errors", j["tile"]["errors"], 0)
    if "trace" in j:
        with open(j["trace"]["file"]) as f:
            with_data = sum(1 for line in f if re.search(r"0x[0-9a-fA-F]+\s+0x", line))
        ck.eq("trace.records_with_data = lines with data", j["trace"]["records_with_data"],
              with_data)
        ck.true("trace.data_bytes_checked <= bytes_checked",
                j["trace"]["data_bytes_checked"] <= j["checks"]["bytes_checked"])
    ck.eq("storage_bytes = dram.storage_bytes", j["storage_bytes"], j["dram"]["storage_bytes"])
    # ---- the log re-checked by check-log: every line a command ----
    if CHECK_LOG_BINARY[0]:
        p = subprocess.run([CHECK_LOG_BINARY[0], "check-log", "--standard", j["standard_file"],
                            log_path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        n = sum(L.counts.values())
        if j["checks"]["timing_violations"] == 0:
            said = f"0 violations in {n} command{'' if n == 1 else 's'}"
            ck.true(f"check-log: {p.stdout.strip()[-200:]!r}, expected {said}", said in p.stdout)

    # ---- time series ----
    if ts_path:
        check_timeseries(ck, j, args, ts_path, L, pcs)
    # ---- HTML ----
    if html_path:
        check_html(ck, j, html_path, L, pcs, tck, stdout)
    # ---- stdout summary ----
    check_summary(ck, j, stdout)


def check_kernels(ck, j, std, completed, rd, wr):
    tck = j["tck_ns"]
    peak = j["peak_gbps"]
    ks, layer, m = j["kernels"], j["layer"], j["model"]
    sums = collections.Counter()
    for k in ks:
        n = k["name"]
        ck.eq(f"kernel {n} bytes = read + written", k["bytes"], k["bytes_read"] + k["bytes_written"])
        gb = k["bytes"] / (k["cycles"] * tck) if k["cycles"] else 0.0
        ck.close(f"kernel {n} bandwidth_gbps", k["bandwidth_gbps"], gb)
        ck.close(f"kernel {n} efficiency", k["efficiency"], gb / peak)
        ck.close(f"kernel {n} pj_per_bit = energy / bits", k["pj_per_bit"],
                 k["energy_pj"] / (k["bytes"] * 8) if k["bytes"] else None)
        for key in ("bytes", "bytes_read", "bytes_written", "cycles", "energy_pj"):
            sums[key] += k[key]
        sums["hits"] += (k["row_hit_rate"] or 0) * k["bytes"] / 32
    for key in ("bytes", "bytes_read", "bytes_written", "cycles"):
        ck.eq(f"layer.{key} = sum over kernels", layer[key], sums[key])
    ck.close("layer.energy_pj = sum over kernels", layer["energy_pj"], sums["energy_pj"], rel=1e-9)
    if layer["bytes"]:
        ck.close("layer.row_hit_rate = kernels' hits / bursts", layer["row_hit_rate"],
                 sums["hits"] / (layer["bytes"] / 32), rel=1e-9)
    gb = layer["bytes"] / (layer["cycles"] * tck) if layer["cycles"] else 0.0
    ck.close("layer.bandwidth_gbps", layer["bandwidth_gbps"], gb)
    ck.true(f"layer.bytes {layer['bytes']} <= report bytes {j['bytes']}", layer["bytes"] <= j["bytes"])
    ck.true(f"layer.cycles {layer['cycles']} <= report cycles {j['cycles']}",
            layer["cycles"] <= j["cycles"])
    ck.true(f"layer.energy_pj {layer['energy_pj']} <= energy_pj {j['energy_pj']}",
            layer["energy_pj"] <= j["energy_pj"] * (1 + 1e-12))
    steps = m["layers_simulated"] * (1 if m["mode"] == "prefill" else m["tokens"])
    if completed:
        ck.eq("layer.instances = layers x tokens", layer["instances"], steps)
        step_s = layer["cycles"] * tck * 1e-9 / steps * m["layers"]
        ck.close("model.step_latency_s_projected", m["step_latency_s_projected"], step_s)
        tps = m["batch"] * (m["context"] if m["mode"] == "prefill" else 1)
        ck.close("model.tokens_per_s_projected", m["tokens_per_s_projected"], tps / step_s)
        ck.close("model.joules_per_token_projected", m["joules_per_token_projected"],
                 layer["energy_pj"] * 1e-12 / steps * m["layers"] / tps)
        ck.eq("layer.bytes = all DRAM bytes? (kernels cover the traffic)", layer["bytes"],
              (rd + wr) * 32)
        model_file = os.path.join(ROOT, "configs", "models", m["preset"] + ".json")
        if os.path.exists(model_file):
            with open(model_file) as f:
                spec = json.load(f)
            rows = m["batch"] * (m["context"] if m["mode"] == "prefill" else 1)
            ck.eq("model.reference_bytes_compared = steps x rows x d_model (architecture.md)",
                  m["reference_bytes_compared"],
                  (1 if m["mode"] == "prefill" else m["tokens"]) * rows * spec["d_model"])
            if spec.get("experts", 1) == 1:
                for k in ks:
                    ck.eq(f"kernel {k['name']} runs = layers x steps", k["instances"], steps)
    else:
        for key in ("step_latency_s_projected", "tokens_per_s_projected",
                    "joules_per_token_projected", "reference_bytes_compared",
                    "reference_mismatches"):
            ck.eq(f"model.{key} null when stopped", m[key], None)
        ck.true("layer.instances < steps when stopped", layer["instances"] <= steps)


def check_timeseries(ck, j, args, path, L, pcs):
    verbose_queue = ck.verbose
    window = int(arg_value(args, "--window", "1000"))
    with open(path, newline="") as f:
        r = csv.reader(f)
        header = next(r)
        rows = list(r)
    ck.eq("timeseries header", ",".join(header),
          "start,end,pc,bytes_read,bytes_written,row_hits,acts,refreshes,queue_mean,kernel")
    wins = collections.OrderedDict()
    for row in rows:
        key = (int(row[0]), int(row[1]))
        wins.setdefault(key, {})[int(row[2])] = row
    keys = list(wins)
    if not keys:
        ck.fail("timeseries has no rows")
        return
    ck.eq("timeseries first window starts at 0", keys[0][0], 0)
    for a, b in zip(keys, keys[1:]):
        if a[1] != b[0]:
            ck.fail(f"timeseries windows not contiguous: {a} then {b}")
            break
    for i, (s, e) in enumerate(keys):
        if i < len(keys) - 1 and e - s != window:
            ck.fail(f"timeseries window [{s},{e}) is not {window} tCK")
            break
        if i == len(keys) - 1:
            ck.true(f"last window [{s},{e}) longer than {window}", 0 < e - s <= window)
        if sorted(wins[(s, e)]) != list(range(pcs)):
            ck.fail(f"timeseries window [{s},{e}) has PCs {sorted(wins[(s, e)])}")
            break
    ck.true(f"timeseries ends at {keys[-1][1]}, before the log's last tCK {L.last_cycle}",
            keys[-1][1] >= L.last_cycle + 1)
    if getattr(ck, "device_tcks", None):
        ck.eq("timeseries end = tCKs the device was clocked (the whole run)", keys[-1][1],
              ck.device_tcks)
    # per window, per PC, from the log
    idx = {k: i for i, k in enumerate(keys)}
    starts = [k[0] for k in keys]
    import bisect
    exp = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
    for cyc, pc, kind, hit in L.cmds:
        w = bisect.bisect_right(starts, cyc) - 1
        e = exp[(w, pc)]
        if kind in READS:
            e[0] += 32
        if kind in WRITES:
            e[1] += 32
        e[2] += hit
        if kind == "ACT":
            e[3] += 1
        if kind in ("REFab", "REFpb"):
            e[4] += 1
    bad = 0
    queue_sum = collections.Counter()
    queue_tol = collections.Counter()
    for i, k in enumerate(keys):
        for pc, row in wins[k].items():
            got = [int(x) for x in row[3:8]]
            want = exp.get((i, pc), [0, 0, 0, 0, 0])
            if got != want:
                bad += 1
                if bad <= 3:
                    ck.fail(f"timeseries [{k[0]},{k[1]}) pc {pc}: bytes_read,bytes_written,"
                            f"row_hits,acts,refreshes {got}, the log gives {want}")
            q = float(row[8])
            if q < 0 or math.isnan(q):
                ck.fail(f"timeseries queue_mean {q}")
            queue_sum[pc] += q * (k[1] - k[0])
            queue_tol[pc] += 0.0005 * (k[1] - k[0])
    ck.checked += 1
    if bad > 3:
        ck.fail(f"... {bad} timeseries rows disagree with the log in all")
    # totals
    tot = collections.Counter()
    for k in keys:
        for row in wins[k].values():
            tot["r"] += int(row[3])
            tot["w"] += int(row[4])
            tot["h"] += int(row[5])
            tot["a"] += int(row[6])
            tot["f"] += int(row[7])
    ck.eq("timeseries bytes_read sum = dram.read_bursts x 32", tot["r"],
          j["dram"]["read_bursts"] * 32)
    ck.eq("timeseries bytes_written sum = dram.write_bursts x 32", tot["w"],
          j["dram"]["write_bursts"] * 32)
    ck.eq("timeseries row_hits sum = dram.row_hits", tot["h"], j["dram"]["row_hits"])
    ck.eq("timeseries acts sum = commands.ACT", tot["a"], j["commands"]["ACT"])
    ck.eq("timeseries refreshes sum = REFab + REFpb", tot["f"],
          j["commands"]["REFab"] + j["commands"]["REFpb"])
    # queue occupancy: the windows cover the controller's counted tCKs (and more)
    for i, p in enumerate(j["controller_counters_per_pc"]):
        qs = p["queue_occupancy_sum"]
        ck.true(f"timeseries pc {i} queue occupancy {queue_sum[i]:.1f} differs from the controller's "
                f"queue_occupancy_sum {qs}",
                abs(queue_sum[i] - qs) <= queue_tol[i] + 1e-6)
        if verbose_queue:
            print(f"      queue pc {i}: series {queue_sum[i]:.1f} counters {qs}")
    if "kernels" in j and window == 1:
        check_kernel_spans(ck, j, keys, wins, L)
    # kernels: every window inside the run has a label when the workload has kernels
    if "kernels" in j:
        labels = {row[9] for k in keys for row in wins[k].values()}
        names = {k["name"] for k in j["kernels"]} | {"unfinished", ""}
        for lab in labels:
            for part in lab.split("+"):
                ck.true(f"timeseries kernel label {part!r} is not a kernel", part in names)


def check_kernel_spans(ck, j, keys, wins, L):
    """With --window 1 the series labels every tCK with its kernel: each kernel's tCK,
    bytes, row hits and energy recomputed from the log over its tCKs."""
    std = load_standard(j["standard_file"])
    E = command_energies(std)
    pcs = j["pcs"]
    label = {}
    for (s, e) in keys:
        label[s] = wins[(s, e)][0][9]
    T = keys[-1][1]
    active = L.active_per_tck(T)
    per = collections.defaultdict(collections.Counter)
    for t in range(T):
        k = label.get(t, "")
        per[k]["cycles"] += 1
        per[k]["active"] += active[t]
    for cyc, pc, kind, hit in L.cmds:
        k = label.get(cyc, "")
        per[k][kind] += 1
        per[k]["hits"] += hit
    # the writes drained after the last kernel's interrupt go with the last kernel, and so
    # do their tCKs up to the end of the traffic phase, j["cycles"] from the first kernel's
    # start (also in a run stopped while they drained: no kernel was in progress, no
    # window 'unfinished')
    names = [k["name"] for k in j["kernels"]]
    last = None
    for t in range(T - 1, -1, -1):
        if label.get(t) in names:
            last = label[t]
            break
    tail = per.get("", collections.Counter())
    tail_after = collections.Counter()
    if last and "unfinished" not in per:
        last_t = max(t for t in range(T) if label.get(t) == last)
        first_t = min(t for t in range(T) if label.get(t, "") != "")
        tail_after["cycles"] = first_t + j["cycles"] - (last_t + 1)
        for cyc, pc, kind, hit in L.cmds:
            if cyc > last_t:
                tail_after[kind] += 1
                tail_after["hits"] += hit
    unfinished = per.get("unfinished")
    for k in j["kernels"]:
        c = per[k["name"]]
        if unfinished and k["cycles"] == c["cycles"] + unfinished["cycles"]:
            c = c + unfinished   # the kernel the run stopped in (its windows: 'unfinished')
            unfinished = None
        extra = tail_after if k["name"] == last else collections.Counter()
        if True:
            ck.eq(f"kernel {k['name']} cycles = tCKs the series labels with it (the last: and "
                  "the drain after it)", k["cycles"], c["cycles"] + extra["cycles"])
        rd = c["RD"] + c["RDA"] + extra["RD"] + extra["RDA"]
        wr = c["WR"] + c["WRA"] + extra["WR"] + extra["WRA"]
        ck.eq(f"kernel {k['name']} bytes_read = log RD/RDA in its tCKs x 32", k["bytes_read"],
              rd * 32)
        ck.eq(f"kernel {k['name']} bytes_written = log WR/WRA in its tCKs x 32",
              k["bytes_written"], wr * 32)
        if rd + wr:
            ck.close(f"kernel {k['name']} row_hit_rate from the log", k["row_hit_rate"],
                     (c["hits"] + extra["hits"]) / (rd + wr))
        acts = c["ACT"] + extra["ACT"]
        e = (E["act_pre"] * acts + E["read"] * rd + E["write"] * wr +
             E["refab"] * (c["REFab"] + extra["REFab"]) + E["refpb"] * (c["REFpb"] + extra["REFpb"]) +
             E["io"] * (rd + wr) * 256 +
             E["active"] * c["active"] + E["idle"] * (pcs * c["cycles"] - c["active"]))
        ck.close(f"kernel {k['name']} energy_pj from the log's commands and open banks",
                 k["energy_pj"], e, rel=1e-9)


def coarse_windows(T, window, max_points=4096):
    """[start, end) windows of the HTML's bandwidth plot: `window` tCK each, the last one
    shorter; at max_points neighbours merge pairwise and later windows group twice as many."""
    out, group, pending = [], 1, None
    for start in range(0, T, window):
        end = min(T, start + window)
        pending = [pending[0] if pending else start, end, (pending[2] + 1) if pending else 1]
        if pending[2] < group:
            continue
        out.append((pending[0], pending[1]))
        pending = None
        if len(out) >= max_points:
            out = [(out[i][0], out[min(i + 1, len(out) - 1)][1]) for i in range(0, len(out), 2)]
            group *= 2
    if pending:
        out.append((pending[0], pending[1]))
    return out


def check_bandwidth_plot(ck, j, text, L, tck):
    """The 'Bandwidth over time' plot's read and write paths, read back from their pixels
    (y = 256 - v / (1.05 max) x 228), against the log's bursts per window."""
    m = re.search(r"Windows of (\d+) tCK or wider", text)
    plot = re.search(r"Bandwidth over time \(all PCs\)</text>(.*?)</svg>", text, re.S)
    if not m or not plot:
        ck.fail("html: no bandwidth-over-time plot or window note")
        return
    paths = re.findall(r'<path class="series" d="([^"]*)"', plot.group(1))
    if len(paths) != 2:
        ck.fail(f"html bandwidth plot has {len(paths)} series, not 2 (read, write)")
        return
    T = getattr(ck, "device_tcks", None)
    if not T:
        return
    wins = coarse_windows(T, int(m.group(1)))
    starts = [w[0] for w in wins]
    import bisect
    rd = [0] * len(wins)
    wr = [0] * len(wins)
    for cyc, pc, kind, hit in L.cmds:
        i = bisect.bisect_right(starts, cyc) - 1
        if kind in READS:
            rd[i] += 1
        elif kind in WRITES:
            wr[i] += 1
    want = [[b * 32 / ((e - s) * tck) for b, (s, e) in zip(series, wins)] for series in (rd, wr)]
    vmax = max(max(want[0]), max(want[1]))
    yhi = vmax * 1.05 if vmax > 0 else 1.0
    # x: each window's middle, and the first and last windows' values also at the run's
    # two ends (the line spans the run), in us
    at = [wins[0][0]] + [(s + e) / 2 for s, e in wins] + [wins[-1][1]]
    at = [a * tck / 1000 for a in at]
    for name, d, w in zip(("read", "write"), paths, want):
        w = [w[0]] + w + [w[-1]]
        pts = [tuple(map(float, p.split(","))) for p in re.findall(r"[-0-9.]+,[-0-9.]+", d)]
        ck.eq(f"html bandwidth plot {name}: points = windows + the run's 2 ends", len(pts),
              len(w))
        if len(pts) != len(w):
            continue
        got = [(256 - y) / 228 * yhi for _, y in pts]
        worst = max(abs(a - b) for a, b in zip(got, w))
        ck.true(f"html bandwidth plot {name}: a point {worst:.3f} GB/s from the log's",
                worst <= yhi * 0.001)
        xs = [x for x, _ in pts]
        span = (at[-1] - at[0]) or 1
        worst_x = max(abs((x - xs[0]) / (xs[-1] - xs[0] or 1) - (a - at[0]) / span)
                      for x, a in zip(xs, at))
        ck.true(f"html bandwidth plot {name}: x off by {worst_x:.4f} of the width",
                worst_x <= 0.001)


def cmax_readable(cmax):
    """Bar heights to 0.01 px over 228 px tell counts apart while a 0.005 px rounding is
    well under half a read."""
    return cmax * 1.05 / 228 * 0.005 < 0.2


def check_latency_plot(ck, j, text, tck):
    """The read-latency histogram read back from its bars (one per tCK of latency, height
    = reads), and the report's mean, p50, p99 (nearest rank), max and samples from it."""
    lat = j["read_latency_ns"]
    plot = re.search(r"Read latency \(AR to last R beat\)</text>(.*?)</svg>", text, re.S)
    if lat["samples"] == 0 or "tile" in j:
        ck.true("html: a latency plot without a timed read", plot is None)
        return
    if not plot:
        ck.fail("html: no read-latency plot")
        return
    bars = [tuple(map(float, b)) for b in re.findall(
        r'<rect class="bar" x="([-0-9.]+)" y="([-0-9.]+)" width="([-0-9.]+)" '
        r'height="([-0-9.]+)"', plot.group(1))]
    if not bars:
        ck.fail("html: the latency plot has no bars")
        return
    # x scale: from the first bar's left (its latency) to the last bar's right; the bars
    # are one tCK wide, so the pixels per tCK and each bar's latency follow.
    heights = [b[3] for b in bars]
    hmax = max(heights)
    # counts: height / (228 / (1.05 max count)); the tallest bar holds max count
    lo_px, hi_px = 64.0, 760 - 16.0
    n_tck_span = None
    # latency of each bar from x: x0 = 64 + (l - lmin) / (lmax + 1 - lmin) x 680
    xs = [b[0] for b in bars]
    # solve lmin, lmax from max latency (report) and the bar count's spread
    lmax = round(lat["max"] / tck)
    # the x axis from its tick labels (ns at x px): the first and last give px per ns
    ticks = [(float(x), float(v)) for x, v in re.findall(
        r'<text x="([0-9.]+)" y="270.0" text-anchor="middle">([0-9.]+)</text>', plot.group(1))]
    if len(ticks) < 2:
        return
    px_ns = (ticks[-1][0] - ticks[0][0]) / (ticks[-1][1] - ticks[0][1])
    if px_ns * tck < 2:
        return   # bars too dense to tell apart at 0.1 px
    lats = [round((ticks[0][1] + (x - ticks[0][0]) / px_ns) / tck) for x in xs]
    ck.eq("html latency histogram: the last bar is the max", lats[-1], lmax)
    # counts: the unknown max count c gives height = c_i / (1.05 c) x 228 -> c_i / c
    rel = [h / 228 * 1.05 for h in heights]
    n = lat["samples"]
    # the tallest bar's count: the integer near n / sum(rel) whose counts add up to n and
    # sit on the pixels (heights are printed to 0.01 px: a histogram whose tallest bar holds
    # thousands of reads cannot be read back exactly, and is skipped)
    est = n / sum(rel)
    fits = []
    slack = 3 + int(est * len(rel) * 0.01 * 1.05 / 228 / n * est) + 1
    for cmax in range(max(1, round(est) - slack), round(est) + slack + 1):
        counts = [round(r * cmax) for r in rel]
        worst = max(abs(r * cmax - c) for r, c in zip(rel, counts))
        if sum(counts) == n and max(counts) == cmax and worst < 0.3:
            fits.append(counts)
    if len(fits) != 1:
        ck.true(f"html latency histogram: no reading of its bars adds up to {n} reads",
                not cmax_readable(est))
        return
    counts = fits[0]
    vals = sorted(l for l, c in zip(lats, counts) for _ in range(c))
    mean = sum(vals) / n * tck
    pct = lambda p: vals[min(n, max(math.ceil(p / 100 * n), 1)) - 1] * tck
    ck.close("read_latency_ns.mean from the histogram", lat["mean"], mean, rel=1e-9)
    ck.close("read_latency_ns.p50 (nearest rank) from the histogram", lat["p50"], pct(50))
    ck.close("read_latency_ns.p99 (nearest rank) from the histogram", lat["p99"], pct(99))
    ck.close("read_latency_ns.max from the histogram", lat["max"], vals[-1] * tck)


def check_html(ck, j, path, L, pcs, tck, stdout=""):
    text, rows, bars = parse_html(path)
    kv0 = {r[0]: r[1] for r in rows if len(r) == 2}
    for key in ("projected", "tile", "tile MACs"):
        m = re.search(rf"^  {re.escape(key)}\s{{2,}}(\S.*)$", stdout, re.M)
        if m and key in kv0:
            ck.eq(f"html {key} row = the summary's", kv0[key], m.group(1))
    check_bandwidth_plot(ck, j, text, L, tck)
    check_latency_plot(ck, j, text, tck)
    check_pc_bars(ck, j, text, L)
    kv = {r[0]: r[1] for r in rows if len(r) == 2}
    ck.eq("html bandwidth", kv.get("bandwidth"),
          f"{at_least(j['bandwidth_gbps'], 2, 3)} GB/s of {j['peak_gbps']:.2f} GB/s peak = "
          f"{at_least(100 * j['efficiency'], 1, 2)} %")
    m = re.search(r"^hbmsim run: (.*?), (?:\d+ PCs?|PC 0)", stdout, re.M)
    if m:
        first = next((r[1] for r in rows if len(r) == 2 and r[0] == "standard"), None)
        ck.eq("html standard row = the summary's", first,
              f"{m.group(1)}, {j['pcs']} PC{'' if j['pcs'] == 1 else 's'}")
    ck.eq("html simulated (tCK)", (kv.get("simulated") or "").split(" tCK")[0], str(j["cycles"]))
    us = at_least(j["cycles"] * tck / 1000, 1, 2)
    ck.true(f"html simulated us: {kv.get('simulated')} vs {us}",
            f"({us} us)" in (kv.get("simulated") or ""))
    rh = j["row_hit_rate"]
    ck.eq("html row hit rate", kv.get("row hit rate"),
          f"{at_least(100 * rh, 1, 2)} %" if rh is not None else "n/a (no column command)")
    ppb = j["pj_per_bit"]
    ck.eq("html energy", kv.get("energy"),
          f"{'n/a' if ppb is None else at_least(ppb, 2, 2)} pJ/bit, "
          f"{at_least(j['power_mw'], 1, 2)} mW per PC")
    lat = j["read_latency_ns"]
    if "tile" not in j:
        want = ("n/a (no read was served)" if lat["mean"] is None else
                f"mean {lat['mean']:.1f} ns, p99 {lat['p99']:.1f} ns, max {lat['max']:.1f} ns")
        ck.eq("html read latency", kv.get("read latency"), want)
    c = j["checks"]
    tv, dm = c["timing_violations"], c["data_mismatches"]
    ck.eq("html checks", kv.get("checks"),
          f"{tv} timing violation{'' if tv == 1 else 's'}, "
          f"{dm} data {'mismatch' if dm == 1 else 'mismatches'}")
    ck.eq("html result", kv.get("result"), "PASS" if j["status"] == "pass" else "FAIL")
    ck.eq("html tck_ns", kv.get("tck_ns"), f"{j['tck_ns']:.4g}")
    ck.eq("html peak_gbps", kv.get("peak_gbps"), f"{j['peak_gbps']:.4g}")
    # the configuration tables: every scalar as the JSON has it
    def cell(v):
        if v is None:
            return "n/a"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float):
            return re.sub(r"e([+-])0*(\d\d)", r"e\g<1>\2", f"{v:.4g}")
        if isinstance(v, str):
            return v
        return json.dumps(v)
    for part in ("workload", "controller", "model"):
        if part not in j:
            continue
        m = re.search(rf"<h3>{part}</h3>\n<table class=\"kv\">(.*?)</table>", text, re.S)
        if not m:
            ck.fail(f"html has no {part} table")
            continue
        cells = dict((html.unescape(a), html.unescape(b)) for a, b in
                     re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", m.group(1), re.S))
        for key, v in j[part].items():
            if isinstance(v, (dict, list)):
                continue
            ck.eq(f"html {part}.{key}", cells.get(key), cell(v))
    # per-PC bars: the traffic phase's bandwidth of each PC
    pc_bars = [b for b in bars if b[0].isdigit()]
    ns = j["cycles"] * tck
    load = j["workload"].get("load_bytes") or 0
    if pc_bars and load:
        ck.true(f"html per-PC bars sum {sum(v for _, v in pc_bars)}, bandwidth "
                f"{j['bandwidth_gbps']}",
                abs(sum(v for _, v in pc_bars) - j["bandwidth_gbps"]) <= 5e-4 * j["bandwidth_gbps"])
    elif pc_bars:
        ck.eq("html per-PC bars", len(pc_bars), pcs)
        total = 0.0
        for label, v in pc_bars:
            pl = L.per_pc[int(label)]
            bytes_ = (pl["RD"] + pl["RDA"] + pl["WR"] + pl["WRA"]) * 32
            total += bytes_
            want = bytes_ / ns if ns else 0
            ck.true(f"html bar PC {label}: {v} GB/s, the log gives {want:.4f}",
                    abs(v - want) <= 5e-4 * want + 1e-9)
    if "probe" in j:
        ptab = {r[0]: r for r in rows if len(r) == 9}
        for c in ("hit", "closed", "miss"):
            l, r = j["probe"][c], ptab.get(c)
            if r is None:
                ck.fail(f"html probe table has no row {c}")
                continue
            f = lambda v, d: "n/a" if v is None else f"{v:.{d}f}"
            g = lambda v: "n/a" if v is None else str(v)
            ck.eq(f"html probe {c}", r[1:], [l["page_policy"], str(l["samples"]),
                                             f(l["ns_min"], 2), f(l["ns_mean"], 2),
                                             f(l["ns_max"], 2), g(l["tck_min"]),
                                             f(l["tck_mean"], 1), g(l["tck_max"])])
    if "kernels" in j:
        ktab = {r[0]: r for r in rows if len(r) == 8}
        for k in j["kernels"] + [j["layer"]]:
            r = ktab.get(k["name"])
            if r is None:
                ck.fail(f"html kernel table has no row {k['name']}")
                continue
            ck.eq(f"html kernel {k['name']} bytes", r[2], str(k["bytes"]))
            ck.eq(f"html kernel {k['name']} tCK", r[3], str(k["cycles"]))
            want = kernel_figures(k)
            ck.eq(f"html kernel {k['name']} GB/s", r[4], want[0])
            ck.eq(f"html kernel {k['name']} % peak", r[5], want[1])
            ck.eq(f"html kernel {k['name']} runs", r[1], str(k["instances"]))
            ck.eq(f"html kernel {k['name']} row hit", r[6], want[2])
            ck.eq(f"html kernel {k['name']} pJ/bit", r[7], want[3])
        kb = {b[0]: b[1] for b in bars if not b[0].isdigit()}
        for k in j["kernels"]:
            if k["name"] in kb:
                ck.true(f"html kernel bar {k['name']} {kb[k['name']]} vs {k['bandwidth_gbps']}",
                        abs(kb[k["name"]] - k["bandwidth_gbps"]) <= 5e-4 * k["bandwidth_gbps"])


def check_pc_bars(ck, j, text, L):
    """The 'Bandwidth per PC' bars (title: four significant digits) against the log: each
    PC's RD/RDA/WR/WRA x 32 B (less a --tile-load axi load's first writes) over the
    traffic phase's cycles x tCK; they add up to the report's bandwidth when its bytes are
    the DRAM's."""
    sec = re.search(r"<h2>Bandwidth per PC</h2>(.*?)</svg>", text, re.S)
    if not sec:
        ck.fail("html: no 'Bandwidth per PC' chart")
        return
    bars = {int(a): float(b) for a, b in
            re.findall(r"<title>(\d+): ([-0-9.e+]+)</title>", sec.group(1))}
    ck.eq("html PC bars: one per PC", sorted(bars), list(range(j["pcs"])))
    load = (j["workload"].get("load_bytes") or 0) // 32
    per = collections.Counter()
    for cyc, pc, kind, hit in L.cmds:
        if kind in READS + WRITES:
            if load and kind in WRITES:
                load -= 1          # the load phase's writes come first
                continue
            per[pc] += 1
    ns = j["cycles"] * j["tck_ns"]
    stopped_loading = j["workload"].get("load") == "axi" and j["bytes"] == 0 and j["cycles"] \
        and not any(per.values())
    for pc, v in sorted(bars.items()):
        want = per[pc] * 32 / ns if ns and not stopped_loading else 0.0
        ck.true(f"html PC bar {pc}: {v} GB/s, the log gives {want:.6g}",
                abs(v - want) <= 5e-4 * want + 1e-12)


def check_summary(ck, j, out):
    if not out:
        return   # a report checked without the summary its run printed
    lat = j["read_latency_ns"]
    m = re.search(r"^  read latency  (.*)$", out, re.M)
    if m and "tile" not in j:
        ck.eq("summary read latency", m.group(1),
              "n/a (no read was served)" if lat["mean"] is None else
              f"mean {lat['mean']:.1f} ns, p50 {lat['p50']:.1f}, p99 {lat['p99']:.1f}, "
              f"max {lat['max']:.1f}")
    m = re.search(r"^  simulated\s+(\d+) tCK \(([0-9.]+) us\)", out, re.M)
    if m:
        ck.eq("summary simulated us", m.group(2), at_least(j['cycles'] * j['tck_ns'] / 1000, 1, 2))
    wl = j["workload"]
    if wl["pattern"] in ("seq", "random", "strided"):
        m = re.search(r"traffic, (\d+) x (\d+) B bursts .*read ratio ([0-9.e+-]+), seed (\d+)",
                      out)
        if m:
            per = wl["requests"] if "through the crossbar" in out else wl["requests_per_pc"]
            # Two decimals when they are the ratio, else its shortest exact form.
            rr = f"{wl['read_ratio']:.2f}"
            if float(rr) != wl["read_ratio"]:
                rr = repr(float(wl["read_ratio"]))
            ck.eq("summary headline", m.groups(), (str(per), str(wl["burst_bytes"]), rr,
                                                   str(wl["seed"])))
    if "kernels" in j:
        for k in j["kernels"] + [j["layer"]]:
            m = re.search(rf"^  {re.escape(k['name'])}\s+(\d+)\s+(\d+)\s+(\d+)\s+([0-9.]+)\s+"
                          rf"([0-9.]+)\s+(\S+)\s+(\S+)$", out, re.M)
            if not m:
                ck.fail(f"summary has no kernel row {k['name']}")
                continue
            want = (str(k["instances"]), str(k["bytes"]), str(k["cycles"])) + kernel_figures(k)
            ck.eq(f"summary kernel row {k['name']}", m.groups(), want)
    if "model" in j and j["model"]["step_latency_s_projected"] is not None:
        mo = j["model"]
        m = re.search(r"projected\s+.*: ([0-9.]+) ms per .*?, ([0-9.]+) tokens/s, ([0-9.]+) "
                      r"(J|mJ|uJ|nJ) per token", out)
        if not m:
            ck.fail("summary has no projection line")
        else:
            ms = 1e3 * mo["step_latency_s_projected"]
            ck.true(f"summary projected ms {m.group(1)} vs {ms} (three significant digits, "
                    "at least three decimals)",
                    abs(float(m.group(1)) - ms) <= 0.006 * ms
                    and len(m.group(1).split(".")[1]) >= 3)
            ck.eq("summary projected tokens/s", m.group(2),
                  significant(mo["tokens_per_s_projected"], 1, 3))
            shown = float(m.group(3)) * {"J": 1, "mJ": 1e-3, "uJ": 1e-6, "nJ": 1e-9}[m.group(4)]
            want = mo["joules_per_token_projected"]
            ck.true(f"summary projected J per token {m.group(3)} {m.group(4)} vs {want}",
                    abs(shown - want) <= 0.006 * want)   # three significant digits
    if "tile" in j and j["tile"]["busy_cycles"] is not None:
        t = j["tile"]
        ck.true("summary tile line", f"busy {t['busy_cycles']} tCK ({t['mem_stall_cycles']} "
                f"stalled on memory), {t['bytes_read']} B read, {t['bytes_written']} B written"
                in out)
        util = at_least(100 * t["mac_utilization"], 1, 2)
        ck.true("summary MACs line", f"{t['macs']} = {util} % of the array" in out)
    if "probe" in j:
        p = j["probe"]
        f = lambda v, d, scale=1: "n/a" if v is None else f"{scale * v:.{d}f}"
        g = lambda v: "n/a" if v is None else str(v)
        for c in ("hit", "closed", "miss"):
            l = p[c]
            m = re.search(rf"^  {c}\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$",
                          out, re.M)
            ck.eq(f"summary probe {c} row", m and m.groups(),
                  (str(l["samples"]), f(l["ns_min"], 2), f(l["ns_mean"], 2), f(l["ns_max"], 2),
                   g(l["tck_min"]), f(l["tck_mean"], 1), g(l["tck_max"])))
        for sw in p["stride_sweep"]:
            b = sw["stride"]
            name = (f"{b >> 20} MiB" if b >= 1 << 20 else f"{b >> 10} KiB" if b >= 1024
                    else f"{b} B")
            m = re.search(rf"^  {re.escape(name)}\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$", out, re.M)
            ck.eq(f"summary probe stride {name} row", m and m.groups(),
                  (g(sw["reads"]), f(sw["bandwidth_gbps"], 2), f(sw["efficiency"], 1, 100),
                   f(sw["row_hit_rate"], 1, 100)))
    m = re.search(r"^  simulated     (\d+) tCK \(.*?\) in ([0-9.]+) s wall = (\d+) cycles/s "
                  r"\((\d+) threads?", out, re.M)
    ck.eq("summary simulated line: tCK, wall s, cycles/s, threads",
          m and (int(m.group(1)), m.group(2), m.group(3), int(m.group(4))),
          (j["cycles"], f"{j['wall_s']:.2f}", f"{j['cycles_per_s']:.0f}", j["threads"]))
    m = re.search(r"bandwidth\s+([0-9.]+) GB/s of ([0-9.]+) GB/s peak = ([0-9.]+) %", out)
    ck.true("summary has a bandwidth line", m is not None)
    if m:
        ck.eq("summary bandwidth", m.group(1), at_least(j["bandwidth_gbps"], 2, 3))
        ck.eq("summary peak", m.group(2), f"{j['peak_gbps']:.2f}")
        ck.eq("summary efficiency", m.group(3), at_least(100 * j["efficiency"], 1, 2))
    # The standard, its data rate and the PCs, as the first line names them.
    m = re.search(r"^hbmsim run: (\S+) .*?\(([0-9.]+) Gb/s\), (?:(\d+) PCs?|PC 0)", out, re.M)
    ck.true("summary has its headline", m is not None)
    if m:
        ck.eq("summary headline standard", m.group(1), j["standard"])
        ck.close("summary headline data rate", float(m.group(2)),
                 load_standard(j["standard_file"])["data_rate_gbps"])
        if m.group(3):
            ck.eq("summary headline PCs", int(m.group(3)), j["pcs"])
    # DECERR / SLVERR bursts: a line when there are any, none otherwise.
    ae = j["axi_errors"]
    m = re.search(r"^  axi errors    (\d+) bursts? answered DECERR and (\d+) SLVERR", out, re.M)
    if ae["decerr"] or ae["slverr"]:
        ck.eq("summary axi errors", m and (int(m.group(1)), int(m.group(2))),
              (ae["decerr"], ae["slverr"]))
    else:
        ck.true("summary has an axi errors line without an error", m is None)
    # The crossbar's one port, when it carries less than the PCs.
    x = j["xbar"]
    m = re.search(r"^  crossbar      one AXI port for the (\d+) PCs: at most ([0-9.]+) GB/s "
                  r"each way; reads ([0-9.]+) %, writes ([0-9.]+) % of it$", out, re.M)
    if x and x["port_peak_gbps_each_way"] < j["peak_gbps"]:
        ck.eq("summary crossbar line", m and m.groups(),
              (str(j["pcs"]), f"{x['port_peak_gbps_each_way']:.2f}",
               at_least(100 * x["port_read_efficiency"], 1, 2),
               at_least(100 * x["port_write_efficiency"], 1, 2)))
    else:
        ck.true("summary crossbar line without a crossbar narrower than the PCs", m is None)
    if "trace" in j:
        t = j["trace"]
        plural = lambda n, w: f"{n} {w}{'' if n == 1 else 's'}"
        m = re.search(r"^  trace         (.*) checked in [0-9.]+ s: (.*)$", out, re.M)
        ck.eq("summary trace line", m and (m.group(1), m.group(2)),
              (plural(t["lines"], "line"),
               f"{plural(t['reads'], 'read')}, {plural(t['writes'], 'write')}; "
               f"{plural(t['records_replayed'], 'record')} replayed as "
               f"{plural(t['bursts'], 'burst')}"))
        m = re.search(r"^  trace data    (\d+) records? (?:carries|carry) data; (\d+) bytes? "
                      r"read compared with it, (\d+) differ$", out, re.M)
        if t["records_with_data"]:
            ck.eq("summary trace data line", m and tuple(int(g) for g in m.groups()),
                  (t["records_with_data"], t["data_bytes_checked"], t["data_mismatches"]))
        else:
            ck.true("summary trace data line without data", m is None)
    c = j["checks"]
    if "tile" in j:
        m = re.search(r"^  checks        (\d+) timing violations?, (\d+) data mismatch(?:es)? "
                      r"\((\d+) tile outputs? compared with the golden model", out, re.M)
        ck.eq("summary checks (tile)", m and tuple(int(g) for g in m.groups()),
              (c["timing_violations"], c["data_mismatches"], c["tile_outputs_checked"]))
    m = re.search(r"^  checks        (\d+) timing violations?, (\d+) data mismatch(?:es)? "
                  r"\((\d+) bytes read back", out, re.M)
    if "tile" not in j:
        ck.eq("summary checks", m and tuple(int(g) for g in m.groups()),
              (c["timing_violations"], c["data_mismatches"], c["bytes_checked"]))
    m = re.search(r"^  result        (PASS|FAIL)$", out, re.M)
    ck.eq("summary result", m and m.group(1), "PASS" if j["status"] == "pass" else "FAIL")
    m = re.search(r"simulated\s+(\d+) tCK", out)
    if m:
        ck.eq("summary tCK", int(m.group(1)), j["cycles"])
    m = re.search(r"commands\s+(.*)", out)
    if m:
        got = dict(re.findall(r"(\w+) (\d+)", m.group(1)))
        want = {k: str(v) for k, v in j["commands"].items() if v}
        ck.eq("summary commands", got, want)
    m = re.search(r"^  energy        n/a pJ/bit \(.*\), ([0-9.]+) mW per PC, ([0-9.]+) "
                  r"(J|mJ|uJ|nJ) in all$", out, re.M)
    if j["pj_per_bit"] is None:
        ck.true("summary energy line says n/a pJ/bit", m is not None)
        if m:
            ck.eq("summary mW per PC", m.group(1), at_least(j["power_mw"], 1, 2))
    m = re.search(r"energy\s+([0-9.]+) pJ/bit \(([0-9.]+) without I/O\), ([0-9.]+) mW per PC, "
                  r"([0-9.]+) (J|mJ|uJ|nJ) in all", out)
    if m and j["pj_per_bit"] is not None:
        bits = j["pj_per_bit"] and j["energy_pj"] / j["pj_per_bit"]
        ck.eq("summary pJ/bit", m.group(1), at_least(j["pj_per_bit"], 2, 2))
        ck.eq("summary pJ/bit without I/O", m.group(2),
              at_least((j["energy_pj"] - j["energy"]["io"]) / bits, 2, 2))
        ck.eq("summary mW per PC", m.group(3), at_least(j["power_mw"], 1, 2))
        # In all: three decimals of the unit that keeps the figure short (J from 0.1 J, mJ
        # from 0.1 mJ, uJ from 0.1 uJ, else nJ).
        joules = j["energy_pj"] * 1e-12
        unit = ("J" if joules >= 0.1 or joules == 0 else "mJ" if joules >= 1e-4 else
                "uJ" if joules >= 1e-7 else "nJ")
        scale = {"J": 1, "mJ": 1e3, "uJ": 1e6, "nJ": 1e9}[unit]
        ck.eq("summary energy in all", (m.group(4), m.group(5)), (f"{joules * scale:.3f}", unit))
    m = re.search(r"row hit rate\s+([0-9.]+) %", out)
    if m:
        ck.eq("summary row hit", m.group(1), at_least(100 * j['row_hit_rate'], 1, 2))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hbmsim", default=os.path.join(ROOT, "build", "host", "hbmsim"))
    ap.add_argument("--set", choices=["default", "full"], default="default")
    ap.add_argument("--random", type=int, default=0, metavar="N",
                    help="instead: N synthetic configurations drawn at random (--seed)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--random-tile", type=int, default=0, metavar="N",
                    help="instead: N tile, transformer and trace configurations at random")
    ap.add_argument("--only", default=None, help="regex on configuration names")
    ap.add_argument("--keep", default=None, help="keep the outputs in this directory")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--report", default=None, metavar="JSON",
                    help="instead: check this report of a run made elsewhere, with --cmd-log")
    ap.add_argument("--cmd-log", default=None, metavar="CSV", help="that run's command log")
    ap.add_argument("--summary", default=None, metavar="TXT",
                    help="and what it printed on stdout (its summary)")
    ap.add_argument("--timeseries", default=None, metavar="CSV", help="and its time series")
    ap.add_argument("--html", default=None, metavar="HTML", help="and its HTML report")
    a = ap.parse_args()
    if a.report or a.cmd_log:
        if not (a.report and a.cmd_log):
            ap.error("--report and --cmd-log go together")
        CHECK_LOG_BINARY[0] = a.hbmsim if os.path.exists(a.hbmsim) else None
        ck = check_files(a.report, a.cmd_log, a.summary, a.timeseries, a.html, a.verbose)
        print(f"{'ok' if not ck.problems else 'WRONG':5} {ck.name}: {ck.checked} figures checked"
              + (f", {len(ck.problems)} wrong" if ck.problems else ""))
        for p in ck.problems:
            print(f"      {p}")
        return 1 if ck.problems else 0
    workdir = a.keep or tempfile.mkdtemp(prefix="report_figures_")
    os.makedirs(workdir, exist_ok=True)
    traces = trace_files(workdir)
    CHECK_LOG_BINARY[0] = a.hbmsim
    failed = 0
    total_checks = 0
    todo = (random_configurations(a.random, a.seed) if a.random
            else random_tile_configurations(a.random_tile, a.seed, workdir) if a.random_tile
            else configurations(a.set, traces))
    for name, args, extras in todo:
        if a.only and not re.search(a.only, name):
            continue
        ck = check_run(name, args, extras, a.hbmsim, workdir, a.verbose)
        total_checks += ck.checked
        status = "ok" if not ck.problems else "WRONG"
        print(f"{status:5} {name}: {ck.checked} figures checked"
              + (f", {len(ck.problems)} wrong" if ck.problems else ""))
        for p in ck.problems:
            print(f"      {p}")
        failed += bool(ck.problems)
    print(f"{failed} configuration(s) with wrong figures; {total_checks} figures checked"
          + (f"; outputs in {workdir}" if a.keep else ""))
    if not a.keep:
        import shutil
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
