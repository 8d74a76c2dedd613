"""The combinational netlist synth.py leaves (sequential cells deleted): its cells, the
longest path to each, and the RTL names of the nets, for the depth in the table
(synth.py) and the path printed cell by cell (critpath.py)."""
import json
import os
import re
from collections import defaultdict

# Levels on a path: a LUT is one; a carry-chain cell (8 bits) about half a LUT and its
# route; MUXF7/8/9 ride in the LUT's slice (0). An inverter left in the netlist is a LUT1
# on the part (synth.py's hidden_luts: ABC could not fold it into a LUT, as before a
# carry chain's S input), so one level; one that drives only flip-flops' reset pins is
# not on a combinational path here (the flip-flops are deleted). A carry cell's S input
# that no LUT drives (a register, an input) passes through the LUT of its position: one
# level more on that input, not on the chain (Netlist._thru).
WEIGHT = {"CARRY8": 0.5, "CARRY4": 0.5, "INV": 1.0}


def passes_through(driver_type):
    """Whether a carry cell's S input driven by a cell of this type ("" for a register, an
    input or another block's pin) passes through its position's LUT: every driver but a
    LUT or a left-over inverter (itself a LUT1). Constants are the caller's to skip."""
    return not (driver_type.startswith("LUT") or driver_type == "INV")


def cell_weight(ctype):
    """LUT levels a cell adds to a path."""
    if ctype.startswith("LUT"):
        return 1.0
    return WEIGHT.get(ctype, 0.0)


def signal(label):
    """A net label without its bit index: "owed_d[3]" -> "owed_d"."""
    return re.sub(r"\[\d+\]$", "", label)


class Netlist:
    """The top module of a netlist JSON, read once: cells, who drives each cell's inputs,
    the longest path to each cell (`depth`) and what the nets are called."""

    def __init__(self, netlist_json, top):
        with open(netlist_json) as f:
            mods = json.load(f)["modules"]
        mod = mods.get(top) or next(iter(mods.values()))
        self.cells = mod["cells"]
        self.fanin = self._fanin()
        self.depth = self._arrival()
        self.named, self.lines = self._labels(mod["netnames"])
        self.nets = {name: [b for b in n["bits"] if isinstance(b, int)]
                     for name, n in mod["netnames"].items()}

    def _ports(self, cell, direction):
        dirs = cell.get("port_directions", {})
        return [b for p, bits in cell["connections"].items() if dirs.get(p) == direction
                for b in bits if isinstance(b, int)]

    def _fanin(self):
        drivers = {}                   # bit -> cell
        for name, c in self.cells.items():
            for bit in self._ports(c, "output"):
                drivers[bit] = name
        self.drv_cell = drivers
        fanin = defaultdict(set)       # cell -> cells driving it
        for name, c in self.cells.items():
            fanin[name].update(drivers[b] for b in self._ports(c, "input") if b in drivers)
        return fanin

    def _arrival(self):
        """Per cell, the LUT levels of the longest path ending at its output."""
        memo = {}
        for node in self._topological():
            memo[node] = cell_weight(self.cells[node]["type"]) + max(
                [memo[p] for p in self.fanin[node]] + self._thru(node, memo) + [0.0])
        return memo

    def _thru(self, node, memo, starts=None):
        """The arrivals at a carry cell's S inputs that no LUT or inverter drives (a
        register, an input, a wide mux: each passes through its position's LUT, one level
        on that input only, beside the chain); none for other cells and constants. With
        `starts` (arrival_from's), only the inputs on a path from them."""
        c = self.cells[node]
        late = []
        if c["type"].startswith("CARRY"):
            for bit in c["connections"].get("S", []):
                if not isinstance(bit, int):
                    continue
                src = self.drv_cell.get(bit)
                if not passes_through(self.cells[src]["type"] if src else ""):
                    continue
                if starts is None:
                    late.append(1.0 + (memo.get(src, 0.0) if src else 0.0))
                elif bit in starts:
                    late.append(1.0)
                elif src in memo:
                    late.append(1.0 + memo[src])
        return late

    @staticmethod
    def _labels(netnames):
        """Per net bit, the RTL names that carry it: a named wire ("forced", "owed_q")
        where one survived, else the register an internal one feeds ("cnt_q (D)", from
        yosys's `$0\\cnt_q[...]` next-value nets), else its RTL line. ABC's LUTs carry only
        the techmap file as `src`; the nets they drive still carry the RTL's names."""
        named, lines, d_nets = {}, {}, {}
        for name, n in netnames.items():
            reg = re.match(r"\$0\\(.+?)\[", name)
            src = n.get("attributes", {}).get("src", "")
            rtl = [s for s in src.split("|")
                   if re.search(r"\.s?v:\d", s) and "/share/yosys/" not in s]
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

    def label(self, bit):
        return self.named.get(bit, self.lines.get(bit, "?"))

    def where(self, node):
        """What a cell computes, by the nets it drives: a wire's name, else an RTL line."""
        outs = self._ports(self.cells[node], "output")
        for b in outs:
            if b in self.named:
                return self.named[b]
        for b in outs:
            if b in self.lines:
                return self.lines[b]
        return "?"

    def starts(self, node):
        """The signals feeding a cell (a path's start)."""
        return sorted({self.label(b) for b in self._ports(self.cells[node], "input")})

    def deepest_end(self):
        """The cell ending a longest path: of the equally deep, the first whose output has
        a name or an RTL line (a path to "?" says little)."""
        top = max(self.depth.values())
        deepest = [n for n in self.cells if self.depth.get(n) == top]
        return next((n for n in deepest if self.where(n) != "?"), deepest[0])

    def longest_path(self, end=None, arrival=None):
        """The cells of one longest path to `end` (default: the deepest end), from its
        start; with `arrival` (arrival_from's), one of the paths it counts."""
        arrival = self.depth if arrival is None else arrival
        node = end or self.deepest_end()
        path = [node]
        while True:
            fanin = sorted(p for p in self.fanin[node] if p in arrival)   # sorted: same path
            if not fanin:
                break
            best = max(fanin, key=arrival.get)
            if arrival is not self.depth and arrival[best] + cell_weight(
                    self.cells[node]["type"]) < arrival[node]:
                break                  # the path starts at this cell's inputs
            node = best
            path.append(node)
            if arrival[node] <= 0 and cell_weight(self.cells[node]["type"]) == 0:
                break
        return path[::-1]

    def bits_of(self, name):
        """The net bits of a named wire or register (its outputs, where a path starts)."""
        return set(self.nets.get(name, []))

    def arrival_from(self, bits):
        """Per cell, the LUT levels of the longest path from `bits` (a register's outputs,
        say) to its output; cells no such path reaches are left out. Cells come in the
        order of `depth`, so each one's drivers are done before it."""
        memo = {}
        for node in self._topological():
            c = self.cells[node]
            here = [memo[p] for p in self.fanin[node] if p in memo]
            if any(b in bits for b in self._ports(c, "input")):
                here.append(0.0)
            here += self._thru(node, memo, bits)
            if here:
                memo[node] = cell_weight(c["type"]) + max(here)
        return memo

    def _topological(self):
        """The cells, each after every cell driving it."""
        order, seen = [], set()
        for start in self.cells:
            stack = [(start, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    order.append(node)
                    continue
                if node in seen:
                    continue
                seen.add(node)
                stack.append((node, True))
                stack.extend((p, False) for p in self.fanin[node] if p not in seen)
        return order

    def ends(self, arrival=None):
        """Per signal, the depth of the deepest path ending there (cells no other
        combinational cell reads: they feed a register or leave)."""
        arrival = self.depth if arrival is None else arrival
        read = set().union(*self.fanin.values()) if self.fanin else set()
        ends = defaultdict(float)
        for node in arrival:
            if node not in read:
                w = signal(self.where(node))
                ends[w] = max(ends[w], arrival[node])
        return ends
