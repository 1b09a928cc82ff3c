#!/bin/bash
# Instructions per record that `dgs score --jobs 1` spends on each output form, counted by
# callgrind (counts, not times: stable on a shared machine). The empty input's count (start-up)
# is subtracted. Usage: scripts/instructions.sh [binary] [input] [forms...]
set -euo pipefail
bin=${1:-target/release/dgs}
input=${2:-/tmp/bench-main/heavy-2000.jsonl}
shift $(( $# < 2 ? $# : 2 ))
forms=${*:-full lean wide}
records=$(wc -l < "$input")
count() {
    valgrind --tool=callgrind --callgrind-out-file=/tmp/write-instr.$$.out "$bin" score --jobs 1 \
        --output "$1" "$2" >/dev/null 2>/tmp/write-instr.$$.err
    grep -E '^(summary|totals):' /tmp/write-instr.$$.out | head -1 | awk '{print $2}'
}
for form in $forms; do
    empty=$(count "$form" /dev/null)
    total=$(count "$form" "$input")
    echo "$form $(basename "$input"): $(( (total - empty) / records )) instructions a record"
done
rm -f /tmp/write-instr.$$.out /tmp/write-instr.$$.err
