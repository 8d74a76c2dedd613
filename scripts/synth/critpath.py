#!/usr/bin/env python3
"""Prints the deepest combinational paths of a block synthesized by synth.py: the cells
of the longest path, each with its LUT level and the RTL line it came from, then the
deepest path ends grouped by RTL line. It is what to read before cutting a path.

  scripts/synth/synth.py --block hbm_refresh --no-doc       # writes build/synth/*.comb.json
  scripts/synth/critpath.py --block hbm_refresh
  scripts/synth/critpath.py --block hbm_pc_ctrl --workdir /tmp/syn --ends 30
  scripts/synth/critpath.py --block hbm_pc_ctrl_frfcfs --top hbm_pc_ctrl \
      --from g_pipe.row_q --to row_cand          # a loop through one register

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
    ap.add_argument("--from", dest="src",
                    help="only paths that start at this wire or register's outputs "
                         "(e.g. g_pipe.row_q); with --to its own next value, the loop "
                         "through it")
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

    arrival = net.depth
    if args.src:
        bits = net.bits_of(args.src)
        if not bits:
            print(f"critpath.py: no net is called {args.src!r}", file=sys.stderr)
            return 2
        arrival = net.arrival_from(bits)
        if not arrival:
            print(f"no combinational cell reads {args.src}")
            return 0
    end = None
    if args.to:
        mine = [n for n in arrival if signal(net.where(n)) == args.to]
        if not mine:
            print(f"critpath.py: no cell drives {args.to!r}"
                  f"{' on a path from ' + args.src if args.src else ''}", file=sys.stderr)
            return 2
        end = max(mine, key=arrival.get)
    elif args.src:
        end = max(sorted(arrival), key=arrival.get)
    path = net.longest_path(end, arrival)
    print(f"longest path{' from ' + args.src if args.src else ''}"
          f"{' to ' + args.to if args.to else ''}: {arrival[path[-1]]:g} LUT levels")
    print(f"  from   {', '.join(net.starts(path[0]))}")
    last = None
    for node in path:
        w = net.where(node)
        if cell_weight(net.cells[node]["type"]) == 0 and w == last:
            continue
        print(f"  {arrival[node]:5.1f}  {net.cells[node]['type']:<8} {w}")
        last = w

    ends = net.ends(arrival)
    print(f"deepest path ends by signal (of {len(ends)}):")
    for w, d in sorted(ends.items(), key=lambda kv: -kv[1])[:args.ends]:
        print(f"  {d:5.1f}  {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
