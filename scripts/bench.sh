#!/usr/bin/env bash
# Whole-process benchmarks for dgs, each reported as a ratio against a baseline measured in
# the same run (this machine is shared and noisy, so absolute times drift):
#   1. a scripted `dgs assess` with 20 answers vs a bare process start (/bin/true)
#   2. `dgs score` (full and lean) on N light JSON Lines answer sets (~25 answers, the keys
#      vary from line to line) vs `jq -c .` on that file
#   3. `dgs score --output full`, `lean` and `wide` on N heavy answer sets (every question of
#      the default questionnaire answered, ~2.3 KB a line) vs `jq -c .` on that file
#   3b. dgs score --output lean vs only splitting and parsing the heavy lines with serde_json
#      and sonic-rs (scripts/json-floor): the floor any reader of that file pays
#   4. peak memory of `dgs score` on 10,000 vs N heavy records, for every output form
#   5. with valgrind: instructions per heavy record (callgrind, one job, 2,000 records, start-up
#      taken off), and of the scripted run — counts that repeat exactly, unlike times
#
# usage: scripts/bench.sh [N]        (default N = 1000000; needs hyperfine, jq, python3)
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-1000000}
for tool in hyperfine jq python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool (Debian: apt-get install hyperfine jq time)" >&2; exit 1; }
done

cargo build --release --quiet
DGS=$PWD/target/release/dgs
WORK=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$WORK"
echo "inputs in $WORK"

"$DGS" questions --format json > "$WORK/questions.json"
for n in "$N" 10000 2000; do
  [ -s "$WORK/answers-$n.jsonl" ] || python3 scripts/gen-answers.py "$n" > "$WORK/answers-$n.jsonl"
  [ -s "$WORK/heavy-$n.jsonl" ] || python3 scripts/gen-answers.py "$n" --heavy "$WORK/questions.json" > "$WORK/heavy-$n.jsonl"
done

ANSWERS=(-a sciatica_both_legs=no -a saddle_numbness=no -a bladder_bowel_change=no
  -a sexual_function_change=no -a leg_weakness_progressive=no -a fever_or_unwell=no
  -a cancer_history=no -a unexplained_weight_loss=no -a recent_trauma=no
  -a night_pain_unrelenting=no -a age=42 -a buttock_pain=yes -a sitting_worsens=yes
  -a pain_radiates=thigh -a pain_intensity=6 -a wallet_back_pocket=yes
  -a sitting_hours_per_day=9 -a workspace_setup=poor -a activity_level=sedentary
  -a vigorous_exercise=none)

median() { jq -r ".results[$1].median" "$2"; }

echo
echo "== 1. start-up: dgs assess (20 answers as flags) vs /bin/true"
hyperfine -N --warmup 20 --runs 300 --export-json "$WORK/startup.json" \
  "/bin/true" "$DGS assess --no-input --format json ${ANSWERS[*]}" >/dev/null
base=$(median 0 "$WORK/startup.json"); run=$(median 1 "$WORK/startup.json")
awk -v b="$base" -v r="$run" 'BEGIN { printf "   /bin/true %.2f ms, dgs %.2f ms: dgs = %.2fx /bin/true (target <= 3x)\n", b*1000, r*1000, r/b }'
/usr/bin/time -v "$DGS" assess --no-input --format json "${ANSWERS[@]}" 2>"$WORK/startup.time" >/dev/null
awk -F': ' '/Maximum resident/ { printf "   peak memory %.1f MB (target < 8 MB)\n", $2/1024 }' "$WORK/startup.time"

echo
echo "== 2. light input: dgs score (full, lean) vs jq -c . on $N answer sets"
hyperfine -N --warmup 1 --runs 5 --output=null --export-json "$WORK/score.json" \
  "jq -c . $WORK/answers-$N.jsonl" "$DGS score $WORK/answers-$N.jsonl" \
  "$DGS score --output lean $WORK/answers-$N.jsonl" >/dev/null 2>&1
jqt=$(median 0 "$WORK/score.json"); full=$(median 1 "$WORK/score.json"); lean=$(median 2 "$WORK/score.json")
awk -v j="$jqt" -v f="$full" -v l="$lean" -v n="$N" 'BEGIN {
  printf "   jq %.2f s; full %.2f s = %.2fx faster than jq, %.0f sets/s\n", j, f, j/f, n/f
  printf "   lean %.2f s = %.2fx faster than jq, %.0f sets/s\n", l, j/l, n/l }'

echo
echo "== 3. heavy input: dgs score --output full, lean and wide vs jq -c . on $N answer sets"
hyperfine -N --warmup 1 --runs 3 --output=null --export-json "$WORK/heavy.json" \
  "jq -c . $WORK/heavy-$N.jsonl" "$DGS score $WORK/heavy-$N.jsonl" \
  "$DGS score --output lean $WORK/heavy-$N.jsonl" \
  "$DGS score --output wide $WORK/heavy-$N.jsonl" >/dev/null 2>&1
jqt=$(median 0 "$WORK/heavy.json"); full=$(median 1 "$WORK/heavy.json")
lean=$(median 2 "$WORK/heavy.json"); wide=$(median 3 "$WORK/heavy.json")
awk -v j="$jqt" -v f="$full" -v l="$lean" -v w="$wide" -v n="$N" 'BEGIN {
  printf "   jq %.2f s\n", j
  printf "   full %.2f s = %.2fx faster than jq, %.0f sets/s (target >= 300000)\n", f, j/f, n/f
  printf "   lean %.2f s = %.2fx faster than jq (target >= 20x), %.0f sets/s (target >= 1000000)\n", l, j/l, n/l
  printf "   wide %.2f s = %.2fx faster than jq, %.0f sets/s\n", w, j/w, n/w }'

echo
echo "== 3b. the floor: dgs score --output lean vs only parsing each heavy line, 2 threads"
# json-floor (its own small crate, never part of dgs's build) splits the file into lines and
# parses each with a general JSON parser that keeps nothing: serde_json, and sonic-rs with
# SIMD for this CPU. No reader of this file can do less, so the ratio says how far the
# reading, scoring and writing of dgs are from the cost of just reading the JSON.
FLOOR=$PWD/scripts/json-floor/target/release/json-floor
if RUSTFLAGS="-C target-cpu=native" cargo build --release --quiet \
    --manifest-path scripts/json-floor/Cargo.toml; then
  hyperfine -N --warmup 1 --runs 3 --output=null --export-json "$WORK/floor.json" \
    "$FLOOR lines $WORK/heavy-$N.jsonl 2" "$FLOOR serde $WORK/heavy-$N.jsonl 2" \
    "$FLOOR sonic $WORK/heavy-$N.jsonl 2" "$DGS score --output lean $WORK/heavy-$N.jsonl" >/dev/null 2>&1
  split=$(median 0 "$WORK/floor.json"); serde=$(median 1 "$WORK/floor.json")
  sonic=$(median 2 "$WORK/floor.json"); lean=$(median 3 "$WORK/floor.json")
  awk -v s="$split" -v j="$serde" -v k="$sonic" -v l="$lean" -v n="$N" 'BEGIN {
    printf "   splitting only %.2f s, %.0f lines/s\n", s, n/s
    printf "   serde_json parse %.2f s, %.0f lines/s; sonic-rs parse %.2f s, %.0f lines/s\n", j, n/j, k, n/k
    printf "   dgs lean %.2f s = %.2fx serde_json'"'"'s parse, %.2fx sonic-rs'"'"'s\n", l, l/j, l/k }'
else
  echo "   (json-floor did not build: skipped)"
fi

echo
echo "== 4. memory: dgs score on 10,000 vs $N heavy answer sets, each output form"
for form in full lean wide; do
  /usr/bin/time -v "$DGS" score --output "$form" "$WORK/heavy-10000.jsonl" 2>"$WORK/small.time" >/dev/null
  /usr/bin/time -v "$DGS" score --output "$form" "$WORK/heavy-$N.jsonl" 2>"$WORK/large.time" >/dev/null
  small=$(awk -F': ' '/Maximum resident/ { print $2 }' "$WORK/small.time")
  large=$(awk -F': ' '/Maximum resident/ { print $2 }' "$WORK/large.time")
  awk -v f="$form" -v s="$small" -v l="$large" 'BEGIN { printf "   %-4s 10,000: %.1f MB, large: %.1f MB: ratio %.2f (target <= 1.5)\n", f, s/1024, l/1024, l/s }'
done

echo
echo "== 5. instructions (callgrind): per heavy record with one job, and a scripted run"
if command -v valgrind >/dev/null; then
  refs() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ { gsub(",", "", $4); print $4 }'; }
  for form in full lean wide; do
    # Scoring no record at all measures the start-up to take off.
    none=$(refs "$DGS" score --jobs 1 --output "$form" /dev/null)
    some=$(refs "$DGS" score --jobs 1 --output "$form" "$WORK/heavy-2000.jsonl")
    awk -v f="$form" -v a="$none" -v b="$some" 'BEGIN { printf "   %-4s %.1fk instructions a record\n", f, (b-a)/2000/1000 }'
  done
  awk -v r="$(refs "$DGS" assess --no-input --format json "${ANSWERS[@]}")" 'BEGIN { printf "   assess with 20 flags: %.2fM instructions\n", r/1e6 }'
else
  echo "   (valgrind not found: skipped)"
fi
