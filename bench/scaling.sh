#!/usr/bin/env bash
# Does gen's cost grow with the history, or faster? Times `upgrade heads`
# and `downgrade heads:base` on every dialect, on N and 10N revisions of
# bench/stress_history.py (the operations the benchmark mix leaves out),
# and prints the ratio: about 10x is linear, 100x quadratic.
#
#   bench/scaling.sh [N]        (default 2000; WORK=/tmp/gen-scaling)
#
# Medians of 3 runs each, after a warm-up. Needs python3 and bc. Reports;
# it gates nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-2000}"
BIG=$((N * 10))
WORK="${WORK:-/tmp/gen-scaling}"
mkdir -p "$WORK"
(cd "$ROOT" && cargo build -q --release --bin gen)
GEN="$ROOT/target/release/gen"

for n in "$N" "$BIG"; do
  [ -d "$WORK/s$n" ] || NOBULK=1 python3 "$ROOT/bench/stress_history.py" "$n" "$WORK/s$n"
done

now() { date +%s.%N; }
median3() { sort -g | sed -n 2p; }
timed() {
  "$@" >/dev/null 2>&1
  local runs=() t0
  for _ in 1 2 3; do
    t0=$(now)
    "$@" >/dev/null 2>&1
    runs+=("$(echo "$(now) - $t0" | bc -l)")
  done
  printf '%s\n' "${runs[@]}" | median3
}

printf '%-11s %-10s %10s %10s %7s\n' dialect command "$N" "$BIG" ratio
for d in postgresql mysql sqlite mssql; do
  for cmd in "upgrade heads" "downgrade heads:base"; do
    read -r -a words <<<"$cmd"
    small=$(timed "$GEN" "${words[@]}" --sql --dialect "$d" --migrations "$WORK/s$N" -o "$WORK/out.sql")
    big=$(timed "$GEN" "${words[@]}" --sql --dialect "$d" --migrations "$WORK/s$BIG" -o "$WORK/out.sql")
    printf '%-11s %-10s %9.3fs %9.3fs %6.1fx\n' "$d" "${words[0]}" "$small" "$big" "$(echo "$big / $small" | bc -l)"
  done
done
