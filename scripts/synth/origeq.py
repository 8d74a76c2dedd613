#!/usr/bin/env python3
"""Checks that a block converted to the yosys subset still behaves as its original RTL:
the original (from a git revision) and the converted block run side by side under
Verilator on equiv.py's testbench (same seeded random inputs, every output compared
after every edge), optionally with directed inputs.

  scripts/synth/origeq.py --block hbm_refresh [--orig-rev 1f769dd] [--cycles N] [--seed S]
      [--drive NAME=EXPR ...] [--drives FILE] [--static NAME ...] [--at-edge NAME ...]
      [--adapter FILE.sv] [--yosys]
      [--ports FILE] [--param NAME=VALUE ...] [--define NAME=VALUE ...]
      [--orig-under DIR ...] [--orig-patch FILE]

The original's sources are the block's sources under --orig-under (default ctrl/), taken
with `git show REV:rtl/...`; their modules are renamed (<module>_orig) so both versions
build together against today's packages. With the same ports, the original top stands in
for <top>_ys; when its ports differ (unpacked arrays, say), --adapter names an SV file
that defines <top>_ys with the converted ports around <top>_orig. A behaviour changed
on purpose after the conversion is carried into the original by --orig-patch, a unified
diff against the original revision's files (paths a/rtl/..., applied with `git apply`),
so the check still says the conversion kept everything else.

  --drive NAME=EXPR   drive input NAME with a C++ expression each cycle instead of random
                      (it may use `cycle`, `stim(w)`, `next()` and `top->ref_<output>`);
                      for an input wider than 64 bits, a comma list of 32-bit words from
                      word 0, the rest stay random.
  --drives FILE       --drive lines from a file (a directed scenario), one a line; given
                      again, the later file's lines override the earlier's.
  --static NAME       draw input NAME at random during reset only, then hold it
                      (configuration inputs).
  --at-edge NAME      input NAME stands for a register outside the block (a CSR): it takes
                      its next cycle's value at the rising edge, before the after-edge
                      check (a drives file says so in a line `@at-edge NAME`).
  --yosys             the converted block as yosys reads it (equiv.py's netlist) against
                      the original, instead of the converted RTL. With --orig-rev . (the
                      working tree) that is equiv.py's check under directed inputs.
  --ports FILE        'name dir width' lines: the ports without asking yosys (blocks
                      yosys does not read yet; not with --yosys).

Prints, per output of 64 bits or fewer, how often it changed and was non-zero: random
inputs may leave an output constant, and an output that never moves checks nothing.

Exit status: 0 equal, 1 a difference, 2 a tool failed or bad usage.
"""
import argparse
import os
import re
import subprocess
import tempfile
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import equiv  # noqa: E402  (the wrapper, the testbench, yosys's netlist)
import synth  # noqa: E402  (blocks.txt)

ROOT = synth.ROOT


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--block", required=True)
    ap.add_argument("--orig-rev", default="1f769dd",
                    help="git revision of the original RTL ('.': the working tree, which "
                         "with --yosys is equiv.py's check under the directed drives)")
    ap.add_argument("--orig-patch", help="unified diff applied to the original sources: "
                    "behaviour changed on purpose since --orig-rev")
    ap.add_argument("--orig-under", action="append",
                    help="sources under this rtl/ folder are taken from --orig-rev "
                         "(repeatable; default ctrl/)")
    ap.add_argument("--cycles", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--adapter", help="SV file defining <top>_ys around <top>_orig")
    ap.add_argument("--ports", help="file of 'name dir width' lines instead of yosys's")
    ap.add_argument("--yosys", action="store_true",
                    help="compare the original with yosys's netlist of the converted block")
    ap.add_argument("--param", action="append", default=[], help="NAME=VALUE over blocks.txt")
    ap.add_argument("--define", action="append", default=[],
                    help="NAME=VALUE over blocks.txt's defines (another HBM_BANK_W)")
    ap.add_argument("--drive", action="append", default=[], help="NAME=C++ expression")
    ap.add_argument("--drives", action="append", default=[],
                    help="file of --drive lines (NAME=EXPR; '#' comments); repeatable")
    ap.add_argument("--static", action="append", default=[], help="input held after reset")
    ap.add_argument("--at-edge", action="append", default=[],
                    help="input that stands for a register outside the block: it takes its "
                         "next cycle's value at the rising edge (a drives file may say so)")
    ap.add_argument("--workdir", default=os.path.join(ROOT, "build", "synth", "origeq"))
    ap.add_argument("--lock", help="hold this file's flock while building (shared machines)")
    a = ap.parse_args()
    if a.yosys and a.ports:
        ap.error("--yosys needs yosys's ports: drop --ports")
    a.orig_under = a.orig_under or ["ctrl/"]
    # The files first, in order: a later file's line, and --drive on the command line,
    # override an earlier line for the same input.
    lines = []
    for path in a.drives:
        with open(path) as f:
            lines += [l.strip() for l in f]
    a.drive = [l for l in lines if l and not l.startswith("#")] + a.drive
    # "@at-edge NAME" lines of a drives file.
    a.at_edge += [d.split()[1] for d in a.drive if d.startswith("@at-edge ")]
    a.drive = [d for d in a.drive if not d.startswith("@at-edge ")]
    return a


def block_of(a):
    b = {x.name: x for x in synth.read_blocks()}.get(a.block)
    if b is None:
        sys.exit(f"origeq: no block {a.block!r} in {synth.BLOCKS}")
    for p in a.param:
        k, v = p.split("=", 1)
        b.params = [x for x in b.params if x[0] != k] + [[k, v]]
    for d in a.define:
        k, v = d.split("=", 1)
        b.defines = [x for x in b.defines if x[0] != k] + [(k, v)]
    return b


def path_at(rev, s):
    """The path under rtl/ that source s had at rev: its own, or, for a file moved since
    (rtl/ctrl/hbm_refresh.sv -> rtl/ctrl/sched/), the one file of that name under rtl/."""
    r = subprocess.run(["git", "-C", ROOT, "cat-file", "-e", f"{rev}:rtl/{s}"],
                       capture_output=True, text=True)
    if r.returncode == 0:
        return f"rtl/{s}"
    r = subprocess.run(["git", "-C", ROOT, "ls-tree", "-r", "--name-only", rev, "rtl/"],
                       capture_output=True, text=True)
    same = [p for p in r.stdout.split() if os.path.basename(p) == os.path.basename(s)]
    return same[0] if len(same) == 1 else f"rtl/{s}"


def patched(patch, texts):
    """texts {source: (path at the revision, text)} with the patch applied (git apply in a
    scratch folder holding the files at their revision's paths); exits if it does not apply."""
    with tempfile.TemporaryDirectory() as tmp:
        for path, text in texts.values():
            os.makedirs(os.path.join(tmp, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(tmp, path), "w") as f:
                f.write(text)
        r = subprocess.run(["git", "apply", os.path.abspath(patch)], cwd=tmp,
                           capture_output=True, text=True)
        if r.returncode:
            sys.exit(f"origeq: --orig-patch {patch} does not apply: {r.stderr.strip()}")
        out = {}
        for s, (path, _) in texts.items():
            with open(os.path.join(tmp, path)) as f:
                out[s] = f.read()
        return out


def original_sources(a, b, work, top_name):
    """Writes the original sources of the block, modules renamed, and returns their paths.
    The original top becomes `top_name`; every other module gets the suffix _orig."""
    texts = {}
    for s in b.sources:
        if any(s.startswith(d) for d in a.orig_under):
            if a.orig_rev == ".":   # the working tree: with --yosys, equiv.py under drives
                with open(os.path.join(ROOT, "rtl", s)) as f:
                    texts[s] = (f"rtl/{s}", f.read())
                continue
            path = path_at(a.orig_rev, s)
            r = subprocess.run(["git", "-C", ROOT, "show", f"{a.orig_rev}:{path}"],
                               capture_output=True, text=True)
            if r.returncode:
                sys.exit(f"origeq: git show {a.orig_rev}:{path}: {r.stderr.strip()}")
            texts[s] = (path, r.stdout)
    if not texts:
        sys.exit(f"origeq: no source of {b.name} under {a.orig_under}")
    if a.orig_patch:
        texts = patched(a.orig_patch, texts)
    else:
        texts = {s: text for s, (_, text) in texts.items()}
    names = set()
    for t in texts.values():
        names |= set(re.findall(r"^\s*module\s+(\w+)", t, re.M))
    paths = []
    for s, t in texts.items():
        for n in names:
            t = re.sub(rf"\b{n}\b", top_name if n == b.top else n + "_orig", t)
        p = os.path.join(work, "orig_" + os.path.basename(s))
        with open(p, "w") as f:
            f.write(t)
        paths.append(p)
    return paths


def patch_lines(t, name, make):
    """Replaces the testbench's random drive of input `name` by make(line, wide)."""
    lines = t.split("\n")
    hit = False
    for i, l in enumerate(lines):
        s = l.strip()
        wide = s.startswith("for (") and f"top->{name}[i]" in s
        if s.startswith(f"top->{name} =") or wide:
            lines[i] = make(s, wide)
            hit = True
    if not hit:
        sys.exit(f"origeq: no input {name}")
    return "\n".join(lines)


def drive(t, spec):
    name, expr = spec.split("=", 1)

    def make(s, wide):
        if not wide:
            return f"    top->{name} = {expr};"
        # Random words first, then the given ones over the low words.
        return (f"    {s} {{ const uint32_t w_{name}[] = {{{expr}}}; for (unsigned i = 0; "
                f"i < sizeof w_{name} / 4; ++i) top->{name}[i] = w_{name}[i]; }}")
    return patch_lines(t, name, make)


def hold(t, name):
    return patch_lines(t, name, lambda s, wide: f"    if (cycle < kResetCycles) {s}")


def at_edge(t, name):
    """Input `name` stands for a register elsewhere (a CSR, say): it changes at the rising
    edge, as the block's own registers do, not at the next cycle's start. Its drive runs
    before the first cycle and then right after each edge with the next cycle's number,
    and the block is evaluated again before the after-edge check."""
    lines = t.split("\n")
    at = [i for i, l in enumerate(lines) if l.strip().startswith(f"top->{name} =")]
    if len(at) != 1:
        sys.exit(f"origeq: --at-edge {name}: no single-word input of that name")
    line = lines[at[0]].strip()
    lines[at[0]] = f"    if (cycle == 0) {line}"
    nxt = re.sub(r"\bcycle\b", "(cycle + 1)", line)
    edge = [i for i, l in enumerate(lines) if l.strip() == "top->clk_i = 1;"]
    if len(edge) != 1:
        sys.exit(f"origeq: --at-edge {name}: the block has no clock")
    lines.insert(edge[0] + 2, f"    {nxt}\n    top->eval();")
    return "\n".join(lines)


def coverage(t, outs):
    """Counts per narrow output how often it changed and was non-zero; prints at the end."""
    decl, count, report = [], [], []
    for n, _, w in outs:
        if not equiv.ctype(w):
            continue
        decl.append(f"uint64_t last_{n} = 0, tog_{n} = 0, ones_{n} = 0;")
        count.append(f"    if (top->ref_{n} != last_{n}) {{ ++tog_{n}; last_{n} = top->ref_{n}; }}"
                     f" if (top->ref_{n}) ++ones_{n};")
        report.append(f'  std::printf("  %-20s changes %8" PRIu64 "  non-zero %8" PRIu64 '
                      f'"\\n", "{n}", tog_{n}, ones_{n});')
    after = '    if (check(cycle, "after the rising edge")) return 1;\n'
    t = t.replace("int main(int argc", "\n".join(decl) + "\nint main(int argc")
    t = t.replace(after, after + "\n".join(count) + "\n")
    return t.replace("  return 0;\n}\n", "\n".join(report) + "\n  return 0;\n}\n")


def testbench(a, b, ins, outs, path, left, right):
    # A given drive is the input's value in its cycle: drawn every cycle, also held.
    equiv.testbench(b, ins, outs, path, every_cycle={d.split("=", 1)[0] for d in a.drive})
    with open(path) as f:
        t = f.read()
    for n in a.static:
        t = hold(t, n)
    for d in a.drive:
        t = drive(t, d)
    for n in a.at_edge:
        t = at_edge(t, n)
    t = coverage(t, outs)
    t = t.replace('"equiv ', '"origeq ')
    t = t.replace("RTL %s, yosys %s", f"{left} %s, {right} %s")
    with open(path, "w") as f:
        f.write(t)


def main():
    a = parse_args()
    b = block_of(a)
    work = os.path.join(a.workdir, b.name)
    os.makedirs(work, exist_ok=True)
    if a.ports:
        with open(a.ports) as f:
            ports = [(l.split()[0], l.split()[1], int(l.split()[2])) for l in f if l.strip()]
        net_v = None
    else:
        net_v, ports = equiv.netlist(b, work)
    # The wrapper instantiates <top> (u_ref) and <top>_ys (u_syn), with blocks.txt's
    # parameters on u_ref only (yosys's netlist has them built in).
    if a.yosys:
        left, right = "original", "yosys"
        rtl = original_sources(a, b, work, b.top) + [net_v]
        keep = [s for s in b.sources if not any(s.startswith(d) for d in a.orig_under)]
    else:
        left, right = "converted", "original"
        rtl = original_sources(a, b, work, b.top + "_orig" if a.adapter else b.top + "_ys")
        rtl += [a.adapter] if a.adapter else []
        keep = b.sources
    top_sv, tb = os.path.join(work, "eq_top.sv"), os.path.join(work, "tb.cpp")
    ins, outs = equiv.wrapper(b, ports, top_sv)
    if b.params and not a.yosys:
        pr = ", ".join(f".{k}({v})" for k, v in b.params)
        with open(top_sv) as f:
            t = f.read()
        with open(top_sv, "w") as f:
            f.write(t.replace(f"  {b.top}_ys u_syn (", f"  {b.top}_ys #({pr}) u_syn ("))
    testbench(a, b, ins, outs, tb, left, right)
    srcs = [os.path.join(ROOT, "rtl", s) for s in keep]
    rc = equiv.build_testbench(b, work, srcs + rtl + [top_sv, tb], a.lock, "origeq",
                               "the versions' ports differ in width", jobs=1)
    if rc:
        return rc
    rc = subprocess.run([os.path.join(work, "obj", "eqsim"), str(a.cycles), str(a.seed)]).returncode
    return 0 if rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
