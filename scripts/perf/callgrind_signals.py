#!/usr/bin/env python3
"""Charges the instructions callgrind counted in a Verilated model to the RTL block and
signal they compute, and lists the hottest statements of one generated function.

Instructions, unlike perf samples, are the same on every run: two forms of the same RTL
compare without noise. Build with `-DCMAKE_CXX_FLAGS=-g` (same -O2), then:

  valgrind --tool=callgrind --callgrind-out-file=cg.out BUILD/host/hbmsim run ...
  scripts/perf/callgrind_signals.py cg.out BUILD/rtl/CMakeFiles/hbm_rtl.dir/Vhbm_sim_top32.dir
  scripts/perf/callgrind_signals.py cg.out MODEL_DIR --function nba_sequent__TOP__3

Each source line's count goes to the first hierarchical name on that line or the nearest
line above it (up to 40), as scripts/perf/attribute.py does with perf samples; with
--function, to the statement (the line that starts it) within that function.
"""
import argparse
import collections
import os
import re


def parse(path, function=None, event='Ir'):
    """{(file, line): the event's count (instructions by default)}, of one function's lines
    when function is given."""
    names, cost = {}, collections.Counter()

    def name(kind, text):
        m = re.match(r'\((\d+)\)(?: (.*))?', text)
        if not m:
            return text
        if m.group(2) is not None:
            names[(kind, m.group(1))] = m.group(2)
        return names.get((kind, m.group(1)), '?')

    fl = cur = fn = None
    column = 1
    last, skip = 0, False
    for line in open(path):
        line = line.rstrip('\n')
        if line.startswith('events:'):
            events = line.split()[1:]
            if event not in events:
                raise SystemExit(f'{path} has no event {event} (it has {" ".join(events)})')
            column = 1 + events.index(event)
        elif line.startswith('fl='):
            fl = cur = name('f', line[3:])
        elif line.startswith(('fi=', 'fe=')):
            cur = name('f', line[3:])
        elif line.startswith('fn='):
            cur, fn = fl, name('n', line[3:])
        elif line.startswith(('cfi=', 'cfl=')):
            name('f', line[4:])
        elif line.startswith('cfn='):
            name('n', line[4:])
        elif line.startswith('calls='):
            skip = True          # the next cost line is the call's inclusive cost
        elif line and (line[0].isdigit() or line[0] in '+-*'):
            parts = line.split()
            p = parts[0]
            ln = (last + int(p[1:]) if p[0] == '+' else last - int(p[1:]) if p[0] == '-'
                  else last if p == '*' else int(p))
            last = ln
            if skip:
                skip = False
            elif len(parts) > column and (function is None or (fn and function in fn)):
                cost[(cur, ln)] += int(parts[column])
    return cost


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('callgrind_out')
    ap.add_argument('model_dir')
    ap.add_argument('--function', help='list the statements of the generated function '
                    'whose name contains this')
    ap.add_argument('--top', type=int, default=40)
    ap.add_argument('--event', default='Ir', help="the event to charge (Ir; with valgrind's "
                    "--branch-sim=yes, Bcm: mispredicted conditional branches)")
    a = ap.parse_args()
    cost = parse(a.callgrind_out, a.function, a.event)
    total = sum(cost.values()) or 1
    cache = {}

    def lines(f):
        b = os.path.basename(f or '')
        if b not in cache:
            path = os.path.join(a.model_dir, b)
            cache[b] = open(path).read().split('\n') if b and os.path.exists(path) else None
        return cache[b]

    short = lambda t: re.sub(r'hbm_sim_top__DOT__u_stack__DOT__g_ch__BRA__0__KET____DOT__'
                             r'u_ch__DOT__g_pc__BRA__(\d)__KET____DOT__u_pc__DOT__', r'pc\1.',
                             t).replace('__DOT__', '.').replace('vlSelf->', '')
    if a.function:
        stmts = collections.Counter()
        for (f, ln), c in cost.items():
            src = lines(f) or []
            k = ln - 1
            while 0 < k < len(src) and not re.match(
                    r'\s*(if|vlSelf->|__V|\w+\s*=|for|while|VL_|return)', src[k]):
                k -= 1
            text = src[k].strip() if 0 <= k < len(src) else '?'
            stmts[(os.path.basename(f or '?'), k + 1, text)] += c
        print(f'{total} {a.event} in {a.function}')
        for (f, k, t), c in stmts.most_common(a.top):
            print(f'{100 * c / total:5.2f} %  {f}:{k}  {short(t)[:140]}')
        return
    blocks, signals, other = collections.Counter(), collections.Counter(), collections.Counter()
    for (f, ln), c in cost.items():
        src = lines(f)
        if src is None:
            other[os.path.basename(f or '?')] += c
            continue
        hit = None
        for k in range(ln - 1, max(-1, ln - 41), -1):
            m = re.search(r'__DOT__(\w+)', src[k]) if 0 <= k < len(src) else None
            if m:
                hit = m.group(1)
                break
        if not hit:
            blocks['(model, unnamed)'] += c
            continue
        parts = hit.split('__DOT__')
        units = [x for x in parts if x.startswith('u_')]
        block = units[-1] if units else 'pc_glue'
        blocks[block] += c
        signals[f'{block}.{parts[-1]}'] += c
    print(f'{total} {a.event}')
    for title, counter, n in (('blocks', blocks, 25), ('signals', signals, a.top),
                              ('outside the model', other, 12)):
        print(f'--- {title}')
        for k, c in counter.most_common(n):
            print(f'{100 * c / total:5.1f} %  {k}')


if __name__ == '__main__':
    main()
