#!/usr/bin/env python3
"""Instruction counts by address for one function of a callgrind run made with
--dump-instr=yes, next to its disassembly: where a hot function spends them.
Usage: hot.py CALLGRIND_OUT BINARY FUNCTION_SUBSTRING [MIN_COUNT]"""
import re, subprocess, sys

out, binary, name = sys.argv[1:4]
least = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
names, counts, cur, addr = {}, {}, False, 0
for line in open(out):
    line = line.rstrip("\n")
    m = re.match(r"^cfn=\((\d+)\) (.*)$", line)
    if m:
        names[m.group(1)] = m.group(2)
    m = re.match(r"^fn=\((\d+)\)(?: (.*))?$", line)
    if m:
        if m.group(2):
            names[m.group(1)] = m.group(2)
        cur = name in names.get(m.group(1), "")
        continue
    if not cur or re.match(r"^(c?ob|c?fi|c?fn|c?fl|fe|calls)=", line):
        if line.startswith("calls="):
            cur = cur and "skip"
        continue
    p = line.split()
    if len(p) < 3:
        continue
    a = p[0]
    if a.startswith("0x"):
        addr = int(a, 16)
    elif a[0] in "+-":
        addr += int(a)
    if cur == "skip":  # the line after calls= is the call's inclusive cost
        cur = True
        continue
    counts[addr] = counts.get(addr, 0) + int(p[2])
lo, hi = min(counts), max(counts)
asm = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-C",
                      f"--start-address={lo}", f"--stop-address={hi + 16}", binary],
                     capture_output=True, text=True).stdout
total = 0
for line in asm.splitlines():
    m = re.match(r"^\s*([0-9a-f]+):\s*(.*)$", line)
    if not m:
        continue
    c = counts.get(int(m.group(1), 16), 0)
    total += c
    if c >= least:
        print(f"{c:>10} {m.group(1)}: {m.group(2)[:90]}")
print("total", total)
