#!/usr/bin/env python3
"""Measures ABC's spread on one block of scripts/synth/blocks.txt: synthesizes it N times
as synth.py does, sample k with yosys reading k unused one-line modules after the block's
own files (hierarchy drops them before synthesis, so every sample is the same logic), and
prints each sample and the median of the LUT counts.

  scripts/synth/samples.py --block hbm_pc_ctrl_frfcfs [--samples 4] [--jobs 2] [--workdir D]

Why: yosys 0.23 gives the same netlist for the same input, but what it reads shifts the
numbering of its internal cells, and ABC's mapping of a whole PC moves by about +-1 k LUT
with it (docs/synthesis.md, stop 69). One figure is one sample; a size that is meant to
hold is read as the median of several. Flip-flops and LUT-RAM do not move.

Exit status: 0 when every sample synthesized, 1 when one did not, 2 on bad usage.
"""
import argparse
import copy
import os
import statistics
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synth  # noqa: E402  (blocks.txt, the synthesis script, the stat parser)


def sample(b, k, workdir):
    """Sample k of block b: its synthesis with k unused modules read after its files."""
    work = os.path.join(workdir, f"sample{k}")
    os.makedirs(work, exist_ok=True)
    bk = copy.copy(b)
    if k:
        pad = os.path.join(work, "unused.sv")
        with open(pad, "w") as f:
            for i in range(k):
                f.write(f"module hbm_synth_unused_{i} (input logic a_i, output logic b_o);"
                        f" assign b_o = ~a_i; endmodule\n")
        bk.sources = list(b.sources) + [pad]   # absolute: read_script keeps it as it is
    return synth.run_block(bk, work)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--block", required=True, help="the block (a name in blocks.txt)")
    ap.add_argument("--samples", type=int, default=4, help="how many (default 4)")
    ap.add_argument("--jobs", type=int, default=1, help="samples run at once (default 1)")
    ap.add_argument("--workdir", default=os.path.join(synth.ROOT, "build", "synth-samples"))
    ap.add_argument("--blocks", help="another block list (tests); sources may be absolute")
    args = ap.parse_args()
    if args.samples < 1 or args.jobs < 1:
        print("samples.py: --samples and --jobs must be at least 1", file=sys.stderr)
        return 2
    blocks = {b.name: b for b in synth.read_blocks(args.blocks)}
    if args.block not in blocks:
        print(f"samples.py: no block {args.block!r} in {args.blocks or synth.BLOCKS}",
              file=sys.stderr)
        return 2
    b = blocks[args.block]
    work = os.path.join(os.path.abspath(args.workdir), b.name)
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda k: sample(b, k, work), range(args.samples)))
    failed = False
    for k, r in enumerate(results):
        if r["status"] != "ok" or "lut" not in r:
            print(f"sample {k}: {r['status']} {r['detail']}")
            failed = True
            continue
        print(f"sample {k}: {r['lut']} LUT, {r['ff']} FF, {r['lutram']} LUTRAM, "
              f"depth {r['depth']:g} ({r['time']:.0f} s)")
    luts = [r["lut"] for r in results if "lut" in r and r["status"] == "ok"]
    if luts:
        print(f"{b.name}: median {statistics.median(luts):g} LUT of {len(luts)} samples "
              f"(min {min(luts)}, max {max(luts)}; budget {b.lut_budget})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
