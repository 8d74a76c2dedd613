#!/usr/bin/env python3
"""Charges perf samples of a Verilated model to the RTL block and signal they compute.

Verilator's C++ has no line information of the SystemVerilog, but each statement writes
a signal whose name carries the hierarchy (`...__DOT__u_pc__DOT__u_queue__DOT__slot_oh`).
Build with `-DCMAKE_CXX_FLAGS=-g` (same -O2), then:

  perf record -F 4000 -o p.data BUILD/host/hbmsim run ...
  perf script -i p.data -F ip,sym,srcline > samples.txt
  scripts/perf/attribute.py samples.txt BUILD/rtl/CMakeFiles/hbm_rtl.dir/Vhbm_sim_top32.dir

Each sample whose source line is in the generated C++ is charged to the first
hierarchical name on that line or the nearest line above it (up to 40): the block is the
last `u_*` instance below the PC (`pc_glue` when none), the signal its last component.
Samples in Verilator's headers (wide-vector helpers) and in the host are listed apart.
"""
import collections
import os
import re
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    samples, model_dir = sys.argv[1], sys.argv[2]
    cache = {}

    def lines(f):
        if f not in cache:
            path = os.path.join(model_dir, f)
            cache[f] = open(path).read().split('\n') if os.path.exists(path) else []
        return cache[f]

    blocks, signals, helpers = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for line in open(samples):
        m = re.match(r'\s*(\S+\.(?:cpp|h|cc|c|S)):(\d+)', line)
        if not m:
            continue
        total += 1
        f, n = m.group(1), int(m.group(2))
        if not f.startswith('V'):
            if 'verilated' in f:
                helpers[f'{f}:{n}'] += 1
                blocks['verilated helpers'] += 1
            else:
                blocks['host'] += 1
            continue
        text = lines(f)
        name = None
        for k in range(min(n - 1, len(text) - 1), max(-1, n - 41), -1):
            found = re.findall(r'([A-Za-z0-9_]*__DOT__[A-Za-z0-9_]+)', text[k])
            if found:
                name = found[0]
                break
        if not name:
            blocks['model, unnamed'] += 1
            continue
        parts = name.split('__DOT__')
        inst = [p for p in parts[:-1] if p.startswith('u_') and p not in ('u_stack', 'u_ch', 'u_pc')]
        block = inst[-1] if inst else 'pc_glue'
        blocks[block] += 1
        signals[f'{block}.{parts[-1]}'] += 1
    if not total:
        sys.exit('no samples with source lines (build with -g, perf script -F ip,sym,srcline)')
    for title, counter, limit in (('blocks', blocks, 30), ('signals', signals, 40),
                                  ('verilated helpers', helpers, 10)):
        print(f'--- {title}')
        for k, v in counter.most_common(limit):
            print(f'{100.0 * v / total:5.1f} %  {k}')
    print(f'{total} samples')


if __name__ == '__main__':
    main()
