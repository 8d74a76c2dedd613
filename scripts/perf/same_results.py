#!/usr/bin/env python3
"""Runs two hbmsim builds on the same configurations and compares what they produce: the
command log (every DRAM command, byte for byte) and the JSON report (every key but the
wall-clock ones). A change meant to leave behaviour alone (speed, synthesis) must pass.

  scripts/perf/same_results.py OLD_HBMSIM NEW_HBMSIM [--only NAME ...] [--list] [--jobs N]

The configurations cover the five standards, both schedulers, the three page policies,
both refresh modes with and without pull-in and postponement, short starvation caps,
adaptive idle limits from 1 to 300, several PCs, the crossbar and the tile (GEMV, GEMM
and a decode layer), the crossbar and GEMV at two granules. Exit status: 0 all equal, 1 a
difference (named), 2 a run failed.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

MIX = ["--workload", "random", "--read-ratio", "0.67"]
CASES = {
    "hbm3-seq":         ["--standard", "hbm3", "--requests", "20000"],
    "hbm3-random":      ["--standard", "hbm3", "--workload", "random", "--requests", "8000"],
    "hbm3-mix":         ["--standard", "hbm3", *MIX, "--requests", "8000"],
    "hbm3-mix-2pc-ab":  ["--standard", "hbm3", *MIX, "--pcs", "2", "--refresh", "allbank",
                         "--requests", "6000"],
    "hbm3-fcfs":        ["--standard", "hbm3", *MIX, "--scheduler", "fcfs", "--requests", "6000"],
    "hbm3-closed":      ["--standard", "hbm3", *MIX, "--page-policy", "closed",
                         "--requests", "6000"],
    "hbm3-open-ab0":    ["--standard", "hbm3", *MIX, "--page-policy", "open", "--refresh",
                         "allbank", "--refresh-postpone", "0", "--pull-in", "false",
                         "--requests", "6000"],
    "hbm2-mix":         ["--standard", "hbm2", *MIX, "--requests", "6000"],
    "hbm2e-random-ab":  ["--standard", "hbm2e", "--workload", "random", "--refresh", "allbank",
                         "--refresh-postpone", "3", "--requests", "6000"],
    "hbm3e-writes-2pc": ["--standard", "hbm3e", "--read-ratio", "0", "--pcs", "2",
                         "--requests", "8000"],
    "hbm4-mix":         ["--standard", "hbm4", *MIX, "--requests", "6000"],
    "hbm3-strided-4pc": ["--standard", "hbm3", "--workload", "strided", "--stride", "8192",
                         "--pcs", "4", "--requests", "3000"],
    "hbm3-starve25":    ["--standard", "hbm3", *MIX, "--starve", "25", "--requests", "6000"],
    "hbm3-starve40-fcfs": ["--standard", "hbm3", *MIX, "--starve", "40", "--scheduler", "fcfs",
                           "--requests", "6000"],
    "hbm3-starve30-open": ["--standard", "hbm3", *MIX, "--starve", "30", "--page-policy",
                           "open", "--requests", "6000"],
    "hbm3-idle1":       ["--standard", "hbm3", *MIX, "--page-idle", "1", "--requests", "5000"],
    "hbm3-idle16":      ["--standard", "hbm3", *MIX, "--page-idle", "16", "--requests", "5000"],
    "hbm3-idle300":     ["--standard", "hbm3", *MIX, "--page-idle", "300", "--requests", "5000"],
    "hbm4-idle8":       ["--standard", "hbm4", *MIX, "--page-idle", "8", "--requests", "5000"],
    "hbm4-idle40-ab":   ["--standard", "hbm4", *MIX, "--page-idle", "40", "--refresh",
                         "allbank", "--requests", "5000"],
    "hbm3-xbar-8pc":    ["--standard", "hbm3", "--xbar", "--pcs", "8", *MIX,
                         "--requests", "8000"],
    "hbm3-xbar-4pc-g4k": ["--standard", "hbm3", "--xbar", "--pcs", "4", "--xbar-granule", "4096",
                          *MIX, "--requests", "6000", "--beats", "8"],
    "hbm3-gemv-8pc-g512": ["--standard", "hbm3", "--pcs", "8", "--workload", "gemv", "--m", "128",
                           "--k", "8192", "--tile-granule", "512"],
    "hbm3-gemv-4pc":    ["--standard", "hbm3", "--pcs", "4", "--workload", "gemv", "--m", "256",
                         "--k", "4096", "--batch", "2"],
    "hbm3-gemm-4pc":    ["--standard", "hbm3", "--pcs", "4", "--workload", "gemm", "--m", "64",
                         "--k", "1024", "--n", "16", "--int8-out", "--shift", "6"],
    "hbm3-decode-8pc":  ["--standard", "hbm3", "--pcs", "8", "--workload", "decode", "--model",
                         "llama2-7b", "--context", "256", "--layers", "1"],
}
# Keys that describe the host's work, not the simulation ("threads": the default follows
# the cores idle at the start, and a build before 4a2961d has no such key; "validate_s": a
# trace's validating pass, wall seconds).
WALL = {"wall_s", "cycles_per_s", "requests_per_s", "sim_speed", "host", "threads",
        "validate_s"}


def scrub(x):
    if isinstance(x, dict):
        # Input files by name only: two builds from different checkouts read the same files
        # at different paths.
        return {k: (os.path.basename(v) if k.endswith("_file") and isinstance(v, str) else scrub(v))
                for k, v in x.items() if k not in WALL}
    if isinstance(x, list):
        return [scrub(v) for v in x]
    return x


def run(binary, name, args, out):
    rep = os.path.join(out, f"{name}.json")
    log = os.path.join(out, f"{name}.csv")
    p = subprocess.run([binary, "run", *args, "--report", rep, "--cmd-log", log],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1) or not os.path.exists(rep):
        raise RuntimeError(f"{binary} {name}: exit {p.returncode}: {p.stderr.strip()[-300:]}")
    with open(rep) as f:
        report = scrub(json.load(f))
    return report, log


def first_diff(a, b):
    with open(a) as fa, open(b) as fb:
        for n, (la, lb) in enumerate(zip(fa, fb), 1):
            if la != lb:
                return f"line {n}: {la.strip()!r} != {lb.strip()!r}"
        rest_a, rest_b = fa.read(), fb.read()
    return None if rest_a == rest_b else "one log is longer"


def json_diff(a, b, path=""):
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            # A key the new build adds extends the report (its keys are a contract: added
            # to, never renamed); one it drops is a difference.
            if k not in b:
                return f"{path}.{k}: only in the old report"
            if k not in a:
                continue
            d = json_diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            d = json_diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def compare(old, new, name, args, tmp):
    outs = []
    for tag, binary in (("old", old), ("new", new)):
        d = os.path.join(tmp, tag)
        os.makedirs(d, exist_ok=True)
        outs.append(run(binary, name, args, d))
    (ra, la), (rb, lb) = outs
    d = first_diff(la, lb) or json_diff(ra, rb)
    return name, d, ra.get("cycles")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("old", nargs="?")
    ap.add_argument("new", nargs="?")
    ap.add_argument("--only", action="append", help="only this configuration (repeatable)")
    ap.add_argument("--list", action="store_true", help="print the configurations")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if args.list:
        for n, a in CASES.items():
            print(f"{n:20} {' '.join(a)}")
        return 0
    if not args.old or not args.new:
        ap.error("OLD and NEW hbmsim binaries are required")
    names = args.only or list(CASES)
    bad = [n for n in names if n not in CASES]
    if bad:
        ap.error(f"no configuration {bad[0]!r} (--list)")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        jobs = [pool.submit(compare, args.old, args.new, n, CASES[n], tmp) for n in names]
        for j in jobs:
            try:
                name, diff, cycles = j.result()
            except RuntimeError as e:
                print(f"ERROR {e}")
                return 2
            print(f"{'same' if not diff else 'DIFF'} {name} ({cycles} tCK)"
                  + (f": {diff}" if diff else ""), flush=True)
            failed += bool(diff)
    print(f"{len(names) - failed} of {len(names)} configurations the same")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
