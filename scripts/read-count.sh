#!/bin/sh
# Instructions per record under callgrind, one job: (run on FILE - run on /dev/null) / records.
# Usage: scripts/read-count.sh OUTPUT FILE RECORDS [OUT.cg]
set -e
DGS=${DGS:-target/release/dgs}
cg=${4:-/tmp/read-cg.out}
total() { grep -m1 '^summary:' "$1" | awk '{print $2}'; }
valgrind --tool=callgrind --callgrind-out-file=/tmp/read-cg-empty.out $DGS score --jobs 1 --output "$1" /dev/null >/dev/null 2>&1
valgrind --tool=callgrind --callgrind-out-file="$cg" $DGS score --jobs 1 --output "$1" "$2" >/dev/null 2>&1
echo "$1 $(basename "$2"): $(( ($(total "$cg") - $(total /tmp/read-cg-empty.out)) / $3 )) per record"
