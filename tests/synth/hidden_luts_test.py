#!/usr/bin/env python3
"""synth.py's hidden_luts() on a hand-made netlist: an INV is a LUT on the part unless
every pin it drives is a flip-flop's set, reset or clock pin (programmable inversion);
a carry's S input driven by no LUT, INV or constant passes through its position's LUT.
Exit 0 when the counts are right, 1 with what differs."""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts", "synth"))
import synth  # noqa: E402

IN, OUT = "input", "output"


def inv(a, o):
    return {"type": "INV", "port_directions": {"I": IN, "O": OUT},
            "connections": {"I": [a], "O": [o]}}


def cell(ctype, **pins):
    """pins: name -> (direction, bit)."""
    return {"type": ctype, "port_directions": {p: d for p, (d, _) in pins.items()},
            "connections": {p: [b] for p, (_, b) in pins.items()}}


def netlist():
    # Bits: 2 rst_ni, 3 clk, 10+ inverter outputs, 30+ other nets.
    cells = {
        "i_rst": inv(2, 10),      # -> two FDCE CLR pins: free
        "i_clk": inv(3, 11),      # -> an FDRE C pin: free
        "i_s": inv(30, 12),       # -> a carry's S: a LUT
        "i_d": inv(31, 13),       # -> an FDRE D: a LUT
        "i_out": inv(32, 14),     # -> an output port: a LUT
        "i_mix": inv(33, 15),     # -> an FDCE CLR and a LUT input: a LUT
        "i_none": inv(34, 16),    # drives nothing: free (nothing to build)
        "ff0": cell("FDCE", C=(IN, 3), CLR=(IN, 10), D=(IN, 40), Q=(OUT, 41)),
        "ff1": cell("FDCE", C=(IN, 3), CLR=(IN, 10), D=(IN, 42), Q=(OUT, 43)),
        "ff2": cell("FDRE", C=(IN, 11), R=(IN, 44), D=(IN, 13), Q=(OUT, 45)),
        "ff3": cell("FDCE", C=(IN, 3), CLR=(IN, 15), D=(IN, 46), Q=(OUT, 47)),
        "cy": cell("CARRY4", S=(IN, 12), CI=(IN, 48), O=(OUT, 49)),
        # S from an INV (counted above), a LUT, a constant, a flip-flop and an input:
        # the last two pass through a LUT each.
        "cy4": {"type": "CARRY4", "port_directions": {"S": IN, "CO": OUT},
                "connections": {"S": [12, 51, "0", 41], "CO": [52, 53, 54, 55]}},
        "cy8": {"type": "CARRY8", "port_directions": {"S": IN, "CO": OUT},
                "connections": {"S": [2, "1"], "CO": [56, 57]}},
        "lut": cell("LUT2", I0=(IN, 15), I1=(IN, 50), O=(OUT, 51)),
    }
    ports = {"o": {"direction": OUT, "bits": [14]}, "rst_ni": {"direction": IN, "bits": [2]}}
    return {"modules": {"top": {"ports": ports, "cells": cells, "netnames": {}}}}


def main():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "n.json")
        with open(path, "w") as f:
            json.dump(netlist(), f)
        got = synth.hidden_luts(path)
    want = {"inv": 4, "thru": 2}   # i_s, i_d, i_out, i_mix; ff0's Q and rst_ni
    if got != want:
        print(f"hidden_luts: {got}, expected {want}")
        return 1
    print(f"hidden_luts: {got['inv']} of 7 inverters are LUTs, {got['thru']} route-throughs (ok)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
