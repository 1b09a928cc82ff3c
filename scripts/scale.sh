#!/usr/bin/env bash
# How questionnaire loading grows with size: generates questionnaires of N items (default
# 1000, 10000 and 50000) in the shapes that used to be slow, times `dgs validate` on each,
# and prints seconds per size and the ratio to the previous size. Linear growth shows as a
# time ratio close to the size ratio (10× and 5×). A script, not a timed test: the numbers
# depend on the machine.
#
#   chain-back  each item asked if the previous one was answered (enable_when backwards)
#   chain-fwd   each item asked if the next one was answered
#   rules       N patterns, each fed by its own rule
#   bad-ids     N items whose ids are not valid ids (one problem each, each with a line)
#   unknown     N rules that name an unknown pattern (did-you-mean each)
#   nested      N/100 rules whose conditions nest `not`/`all` 20 deep (60 YAML levels of
#               the parser's 128), in flow style
#
# usage: scripts/scale.sh [N ...]    (DGS=path/to/dgs to use another build; needs python3)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-1000 10000 50000}")
read -r -a SIZES <<<"${SIZES[*]}"
if [ -z "${DGS:-}" ]; then
  cargo build --release --quiet
  DGS=$PWD/target/release/dgs
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

gen() { # shape n -> file
  python3 - "$1" "$2" <<'PY'
import sys
shape, n = sys.argv[1], int(sys.argv[2])
out = ["format: dgs-questionnaire/1", "id: scale", 'version: "1"', "title: T", "disclaimer: D",
       "triage:", "  emergency: {title: E, action: e}", "  urgent: {title: U, action: u}",
       "  see_clinician: {title: S, action: s}", "  self_care: {title: C, action: c}",
       "sections:", "  - id: s", "    title: S", "    items:"]
items = n if shape in ("chain-back", "chain-fwd", "bad-ids") else 1
for i in range(items):
    ident = f"Bad-Id-{i}" if shape == "bad-ids" else f"i{i}"
    dep = {"chain-back": i - 1, "chain-fwd": i + 1 if i + 1 < n else -1}.get(shape, -1)
    out.append(f"      - id: {ident}")
    out.append("        type: yes_no")
    out.append("        text: Q")
    if dep >= 0:
        out.append(f"        enable_when: {{q: i{dep}, op: answered}}")
if shape in ("rules", "unknown"):
    out.append("patterns:")
    for i in range(n):
        out.append(f"  - {{id: p{i}, label: P, text: T, evidence: E, likely_at: 1}}")
    out.append("rules:")
    for i in range(n):
        target = f"p{i}" if shape == "rules" else f"q{i}"
        out.append(f"  - {{id: r{i}, when: {{q: i0, op: '=', value: 'yes'}}, patterns: {{{target}: 1}}}}")
if shape == "nested":
    out.append("rules:")
    leaf = "{q: i0, op: '=', value: 'yes'}"
    for r in range(max(1, n // 100)):
        cond = leaf
        for d in range(20):
            cond = f"{{not: {{all: [{cond}]}}}}"
        out.append(f"  - {{id: r{r}, when: {cond}, triage: see_clinician, message: M}}")
print("\n".join(out))
PY
}

printf '%-11s %8s %9s %8s %7s\n' shape items seconds ratio 'exit'
for shape in chain-back chain-fwd rules bad-ids unknown nested; do
  prev=""
  prev_n=""
  for n in "${SIZES[@]}"; do
    file=$WORK/$shape-$n.yaml
    gen "$shape" "$n" >"$file"
    start=$(date +%s.%N)
    set +e
    "$DGS" validate "$file" >/dev/null 2>&1
    code=$?
    set -e
    end=$(date +%s.%N)
    secs=$(python3 -c "print(f'{$end - $start:.3f}')")
    ratio=""
    if [ -n "$prev" ]; then
      ratio=$(python3 -c "print(f'{$secs / max($prev, 0.001):.1f}x/{$n // $prev_n}x')")
    fi
    printf '%-11s %8s %9s %8s %7s\n' "$shape" "$n" "$secs" "$ratio" "$code"
    prev=$secs
    prev_n=$n
  done
done
