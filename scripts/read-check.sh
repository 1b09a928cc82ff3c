#!/bin/sh
# Byte-identity check for `dgs score`: md5 of every output format on the heavy and light inputs
# (and the summary file). Run with no argument to print; compare against a saved baseline.
set -e
DGS=${DGS:-target/release/dgs}
for f in /tmp/bench-main/heavy-10000.jsonl /tmp/bench-main/answers-10000.jsonl; do
  for o in full lean wide; do
    printf '%s %s ' "$(basename $f)" "$o"
    $DGS score --output $o --summary-file /tmp/read-s.json "$f" | md5sum | cut -d' ' -f1
    printf '%s %s summary ' "$(basename $f)" "$o"
    md5sum < /tmp/read-s.json | cut -d' ' -f1
  done
done
