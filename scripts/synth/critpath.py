#!/usr/bin/env python3
"""Prints the deepest combinational paths of a block synthesized by synth.py: the cells
of the longest path, each with its LUT level and the RTL line it came from, then the
deepest path ends grouped by RTL line. It is what to read before cutting a path.

  scripts/synth/synth.py --block hbm_refresh --no-doc       # writes build/synth/*.comb.json
  scripts/synth/critpath.py --block hbm_refresh
  scripts/synth/critpath.py --block hbm_pc_ctrl --workdir /tmp/syn --ends 30

The netlist is the one synth.py leaves (sequential cells deleted, so every path runs
from a flip-flop, RAM, DSP or input to one of those or an output). Levels are counted as
synth.py counts them (a LUT or a left-over inverter 1, a CARRY8 0.5, MUXF7/8/9 0).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from netgraph import Netlist, cell_weight, signal  # noqa: E402
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
    net = Netlist(comb, args.top or args.block)
    if not net.depth:
        print("no combinational cells")
        return 0

    end = None
    if args.to:
        mine = [n for n in net.cells if signal(net.where(n)) == args.to]
        if not mine:
            print(f"critpath.py: no cell drives {args.to!r}", file=sys.stderr)
            return 2
        end = max(mine, key=net.depth.get)
    path = net.longest_path(end)
    print(f"longest path{' to ' + args.to if args.to else ''}: "
          f"{net.depth[path[-1]]:g} LUT levels")
    print(f"  from   {', '.join(net.starts(path[0]))}")
    last = None
    for node in path:
        w = net.where(node)
        if cell_weight(net.cells[node]["type"]) == 0 and w == last:
            continue
        print(f"  {net.depth[node]:5.1f}  {net.cells[node]['type']:<8} {w}")
        last = w

    ends = net.ends()
    print(f"deepest path ends by signal (of {len(ends)}):")
    for w, d in sorted(ends.items(), key=lambda kv: -kv[1])[:args.ends]:
        print(f"  {d:5.1f}  {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
