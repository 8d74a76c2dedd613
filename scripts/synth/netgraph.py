"""The combinational netlist synth.py leaves (sequential cells deleted): its cells, the
longest path to each, and the RTL names of the nets, for the depth in the table
(synth.py) and the path printed cell by cell (critpath.py)."""
import json
import os
import re
from collections import defaultdict

# Levels on a path: a LUT is one; a carry-chain cell (8 bits) about half a LUT and its
# route; MUXF7/8/9 and inverters ride in the LUT's slice (0).
WEIGHT = {"CARRY8": 0.5, "CARRY4": 0.5}


def cell_weight(ctype):
    """LUT levels a cell adds to a path."""
    if ctype.startswith("LUT"):
        return 1.0
    return WEIGHT.get(ctype, 0.0)


def comb_graph(netlist_json, top):
    """Cells of the top module and, per cell, the cells driving its inputs."""
    with open(netlist_json) as f:
        mods = json.load(f)["modules"]
    mod = mods.get(top) or next(iter(mods.values()))
    drivers = {}                   # bit -> cell
    fanin = defaultdict(set)       # cell -> cells driving it
    cells = mod["cells"]
    for name, c in cells.items():
        dirs = c.get("port_directions", {})
        for port, bits in c["connections"].items():
            if dirs.get(port) == "output":
                for bit in bits:
                    drivers[bit] = name
    for name, c in cells.items():
        dirs = c.get("port_directions", {})
        for port, bits in c["connections"].items():
            if dirs.get(port) == "input":
                for bit in bits:
                    if bit in drivers:
                        fanin[name].add(drivers[bit])
    return cells, fanin


def arrival(cells, fanin):
    """Per cell, the LUT levels of the longest path ending at its output (iterative: a
    whole PC is deeper than Python's recursion)."""
    memo = {}
    for start in cells:
        stack = [(start, False)]
        while stack:
            node, done = stack.pop()
            if node in memo:
                continue
            if done:
                memo[node] = cell_weight(cells[node]["type"]) + max(
                    (memo[p] for p in fanin[node]), default=0.0)
                continue
            stack.append((node, True))
            for p in fanin[node]:
                if p not in memo:
                    stack.append((p, False))
    return memo


def net_labels(netlist_json, top):
    """Per net bit, the RTL names that carry it: a named wire ("forced", "owed_q") where
    one survived, else the register an internal one feeds ("cnt_q (D)", from yosys's
    `$0\\cnt_q[...]` next-value nets), else its RTL line. ABC's LUTs carry only the
    techmap file as `src`; the nets they drive still carry the RTL's names."""
    with open(netlist_json) as f:
        mods = json.load(f)["modules"]
    mod = mods.get(top) or next(iter(mods.values()))
    named, lines, d_nets = {}, {}, {}
    for name, n in mod["netnames"].items():
        reg = re.match(r"\$0\\(.+?)\[", name)
        src = n.get("attributes", {}).get("src", "")
        rtl = [s for s in src.split("|") if re.search(r"\.s?v:\d", s) and "/share/yosys/" not in s]
        for i, bit in enumerate(n["bits"]):
            if not isinstance(bit, int):
                continue
            if not n.get("hide_name") and bit not in named:
                named[bit] = name if len(n["bits"]) == 1 else f"{name}[{i}]"
            if reg:
                d_nets[bit] = f"{reg.group(1)} (D)"
            if rtl and bit not in lines:
                m = re.match(r"(.*?):(\d+)", rtl[0])
                lines[bit] = f"{os.path.basename(m.group(1))}:{m.group(2)}"
    lines.update(d_nets)
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
        node = max(sorted(fanin[node]), key=memo.get)   # sorted: the same path every run
        if memo[node] <= 0 and cell_weight(cells[node]["type"]) == 0:
            path.append(node)
            break
        path.append(node)
    return path[::-1]


def deepest_end(cells, memo, named, lines):
    """The cell ending a longest path: of the equally deep, the first whose output has a
    name or an RTL line (a path to "?" says little)."""
    top = max(memo.values())
    deepest = [n for n in cells if memo.get(n) == top]
    for n in deepest:
        if where(cells[n], named, lines) != "?":
            return n
    return deepest[0]
