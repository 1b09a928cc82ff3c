#!/bin/sh
# Byte-identity check for `dgs score` while making it faster: md5 of every output form, and of
# the JSON summary without its timing, on the heavy and light inputs bench.sh makes. Save the
# output of a run before a change and diff it against a run after.
# Usage: DGS=target/release/dgs scripts/same-output.sh [DIR]   (DIR: bench.sh's BENCH_DIR)
set -e
DGS=${DGS:-target/release/dgs}
DIR=${1:-/tmp/bench-main}
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
for f in "$DIR/heavy-10000.jsonl" "$DIR/answers-10000.jsonl"; do
  for o in full lean wide; do
    printf '%s %s ' "$(basename "$f")" "$o"
    "$DGS" score --output "$o" --summary-format json --summary-file "$summary" "$f" | md5sum | cut -d' ' -f1
    printf '%s %s summary ' "$(basename "$f")" "$o"
    grep -v '"seconds"' "$summary" | md5sum | cut -d' ' -f1
  done
done
