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
import json
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synth import ROOT, arrival, cell_weight, comb_graph  # noqa: E402


def net_labels(netlist_json, top):
    """Per net bit, the RTL names that carry it: a named wire ("forced", "owed_q") where
    one survived, else the RTL line of an internal one. ABC's LUTs carry only the
    techmap file as `src`; the nets they drive still carry the RTL's names."""
    with open(netlist_json) as f:
        mods = json.load(f)["modules"]
    mod = mods.get(top) or next(iter(mods.values()))
    named, lines = {}, {}
    for name, n in mod["netnames"].items():
        src = n.get("attributes", {}).get("src", "")
        rtl = [s for s in src.split("|") if re.search(r"\.s?v:\d", s) and "/share/yosys/" not in s]
        for i, bit in enumerate(n["bits"]):
            if not isinstance(bit, int):
                continue
            if not n.get("hide_name") and bit not in named:
                named[bit] = name if len(n["bits"]) == 1 else f"{name}[{i}]"
            if rtl and bit not in lines:
                m = re.match(r"(.*?):(\d+)", rtl[0])
                lines[bit] = f"{os.path.basename(m.group(1))}:{m.group(2)}"
    return named, lines


def where(cell, named, lines):
    """What a cell computes, by the nets it drives: a wire's name, else an RTL line."""
    dirs = cell.get("port_directions", {})
    outs = [b for p, bits in cell["connections"].items() if dirs.get(p) == "output"
            for b in bits]
    for b in outs:
        if b in named:
            return named[b]
    for b in outs:
        if b in lines:
            return lines[b]
    return "?"


def longest_path(cells, fanin, memo, end=None):
    """The cells of one longest path, from its start to its end (or to the cell `end`)."""
    node = end or max(memo, key=memo.get)
    path = [node]
    while fanin[node]:
        node = max(fanin[node], key=memo.get)
        if memo[node] <= 0 and cell_weight(cells[node]["type"]) == 0:
            path.append(node)
            break
        path.append(node)
    return path[::-1]


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

    end = None
    if args.to:
        mine = [n for n in cells
                if re.sub(r"\[\d+\]$", "", where(cells[n], named, lines)) == args.to]
        if not mine:
            print(f"critpath.py: no cell drives {args.to!r}", file=sys.stderr)
            return 2
        end = max(mine, key=memo.get)
    path = longest_path(cells, fanin, memo, end)
    print(f"longest path{' to ' + args.to if end else ''}: {memo[path[-1]]:g} LUT levels")
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
