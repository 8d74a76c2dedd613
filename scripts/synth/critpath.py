#!/usr/bin/env python3
"""Prints the deepest combinational paths of a block synthesized by synth.py: the cells
of the longest path, each with its LUT level and the RTL line it came from, then the
deepest path ends grouped by RTL line. It is what to read before cutting a path.

  scripts/synth/synth.py --block hbm_refresh --no-doc       # writes build/synth/*.comb.json
  scripts/synth/critpath.py --block hbm_refresh
  scripts/synth/critpath.py --block hbm_pc_ctrl --workdir /tmp/syn --ends 30

The netlist is the one synth.py leaves (sequential cells deleted, so every path runs
from a flip-flop, RAM, DSP or input to one of those or an output). Levels are counted as
synth.py counts them (a LUT 1, a CARRY8 0.5, muxes and inverters 0).
"""
import argparse
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from netgraph import (arrival, cell_weight, comb_graph, deepest_end,  # noqa: E402
                      longest_path, net_labels, where)
from synth import ROOT  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--block", required=True, help="block name (its top module)")
    ap.add_argument("--top", help="top module when it differs from the block name")
    ap.add_argument("--workdir", default=os.path.join(ROOT, "build", "synth"))
    ap.add_argument("--ends", type=int, default=15, help="path ends to list (by signal)")
    ap.add_argument("--to", help="the longest path to this signal instead (e.g. block_act_o)")
    args = ap.parse_args()
    comb = os.path.join(args.workdir, f"{args.block}.comb.json")
    if not os.path.exists(comb):
        print(f"critpath.py: no {comb}: run scripts/synth/synth.py --block {args.block} "
              f"--workdir {args.workdir} --no-doc first", file=sys.stderr)
        return 2
    top = args.top or args.block
    cells, fanin = comb_graph(comb, top)
    named, lines = net_labels(comb, top)
    memo = arrival(cells, fanin)
    if not memo:
        print("no combinational cells")
        return 0

    end = deepest_end(cells, memo, named, lines)
    if args.to:
        mine = [n for n in cells
                if re.sub(r"\[\d+\]$", "", where(cells[n], named, lines)) == args.to]
        if not mine:
            print(f"critpath.py: no cell drives {args.to!r}", file=sys.stderr)
            return 2
        end = max(mine, key=memo.get)
    path = longest_path(cells, fanin, memo, end)
    print(f"longest path{' to ' + args.to if args.to else ''}: {memo[path[-1]]:g} LUT levels")
    first = cells[path[0]]
    dirs = first.get("port_directions", {})
    starts = sorted({named.get(b, lines.get(b, "?")) for p, bits in first["connections"].items()
                     if dirs.get(p) == "input" for b in bits if isinstance(b, int)})
    print(f"  from   {', '.join(starts)}")
    last = None
    for node in path:
        c = cells[node]
        w = where(c, named, lines)
        if cell_weight(c["type"]) == 0 and w == last:
            continue
        print(f"  {memo[node]:5.1f}  {c['type']:<8} {w}")
        last = w

    # Path ends: cells no other combinational cell reads (they feed a register or leave).
    read = set()
    for srcs in fanin.values():
        read.update(srcs)
    ends = defaultdict(float)
    for node in cells:
        if node not in read:
            w = re.sub(r"\[\d+\]$", "", where(cells[node], named, lines))
            ends[w] = max(ends[w], memo[node])
    print(f"deepest path ends by signal (of {len(ends)}):")
    for w, d in sorted(ends.items(), key=lambda kv: -kv[1])[:args.ends]:
        print(f"  {d:5.1f}  {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
