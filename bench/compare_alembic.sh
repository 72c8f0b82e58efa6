#!/usr/bin/env bash
# gen vs Alembic, offline SQL, on the same synthetic history.
#
#   bench/compare_alembic.sh [SIZES...]        (default: 1000 2000)
#   REPS=5 VENV=/tmp/gen-bench-venv WORK=/tmp/gen-bench bench/compare_alembic.sh 1000 2000 10000
#
# For each size: writes the history with `examples/synth` (YAML + JSON
# manifest), the same history as an Alembic project with
# bench/alembic_writer.py, then times `upgrade heads --sql` and
# `downgrade heads:base --sql` in rounds (Alembic, Alembic with bytecode,
# gen; REPS rounds), and prints the medians and the ratios. Then peak
# memory (/usr/bin/time -v, max RSS) and `gen heads` start-up on
# migrations/.
#
# Python compiles each revision file it imports, and keeps the bytecode in
# `versions/__pycache__` unless PYTHONDONTWRITEBYTECODE is set. The first
# Alembic column is a fresh checkout, where no bytecode exists (the
# variable set, the folder removed); the second has the bytecode of an
# earlier run. gen keeps nothing between runs: its one column is both.
# Needs python3 (venv), PyPI for alembic + sqlalchemy, and GNU time
# (`apt-get install time`); hyperfine is used when present.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REPS="${REPS:-5}"
VENV="${VENV:-/tmp/gen-bench-venv}"
WORK="${WORK:-/tmp/gen-bench}"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 2000)

[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
if [ ! -x "$VENV/bin/alembic" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q alembic sqlalchemy
fi
ALEMBIC="$VENV/bin/alembic"

(cd "$ROOT" && cargo build -q --release --bin gen --example synth)
GEN="$ROOT/target/release/gen"
SYNTH="$ROOT/target/release/examples/synth"
MIX="$("$SYNTH" --mix)"
mkdir -p "$WORK"

now() { date +%s.%N; }
# seconds for one run of "$@", output discarded
timed() { local t0; t0=$(now); "$@" >/dev/null 2>&1; echo "$(now) - $t0" | bc -l; }
median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.4f\n", m}'; }
maxrss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "alembic $("$VENV/bin/python" -c 'import alembic, sqlalchemy; print(alembic.__version__, "/ sqlalchemy", sqlalchemy.__version__)'), $("$GEN" --version)"
printf '\n%-8s %-10s %10s %10s %8s %8s %8s %11s %8s\n' revisions command "alembic s" "+.pyc s" "gen s" ratio "+.pyc" "alembic KB" "gen KB"
for n in "${SIZES[@]}"; do
  H="$WORK/h$n"; A="$WORK/a$n"
  # Written again when missing or made with another operation mix.
  if [ "$(cat "$H/.complete" 2>/dev/null)" != "$MIX" ]; then
    rm -rf "$H" "$A"
    "$SYNTH" "$n" "$H" --manifest "$WORK/h$n.json" 2>/dev/null
    python3 "$ROOT/bench/alembic_writer.py" "$WORK/h$n.json" "$A" 2>/dev/null
    echo "$MIX" >"$H/.complete"
  fi
  for cmd in "upgrade heads" "downgrade heads:base"; do
    read -r -a words <<<"$cmd"
    a_runs=(); p_runs=(); g_runs=()
    fresh=(env PYTHONDONTWRITEBYTECODE=1 "$ALEMBIC" -c alembic.ini "${words[@]}" --sql)
    cached=(env -u PYTHONDONTWRITEBYTECODE "$ALEMBIC" -c alembic.ini "${words[@]}" --sql)
    for _ in $(seq "$REPS"); do
      rm -rf "$A/versions/__pycache__"
      a_runs+=("$(cd "$A" && timed "${fresh[@]}")")
      (cd "$A" && "${cached[@]}" >/dev/null 2>&1) # writes the bytecode
      p_runs+=("$(cd "$A" && timed "${cached[@]}")")
      g_runs+=("$(timed "$GEN" "${words[@]}" --sql --migrations "$H" -o "$WORK/gen.sql")")
    done
    rm -rf "$A/versions/__pycache__"
    a=$(printf '%s\n' "${a_runs[@]}" | median)
    p=$(printf '%s\n' "${p_runs[@]}" | median)
    g=$(printf '%s\n' "${g_runs[@]}" | median)
    a_kb=$(cd "$A" && maxrss "${fresh[@]}")
    g_kb=$(maxrss "$GEN" "${words[@]}" --sql --migrations "$H" -o "$WORK/gen.sql")
    printf '%-8s %-10s %10s %10s %8s %7.1fx %7.1fx %11s %8s\n' "$n" "${words[0]}" "$a" "$p" "$g" \
      "$(echo "$a / $g" | bc -l)" "$(echo "$p / $g" | bc -l)" "$a_kb" "$g_kb"
  done
  echo "         input: $(du -sb --exclude=.complete "$H" | cut -f1) bytes of YAML"
done

echo
echo "gen heads on migrations/ (start-up):"
if command -v hyperfine >/dev/null; then
  (cd "$ROOT" && hyperfine -N --warmup 5 --runs 50 "$GEN heads" 2>/dev/null | grep -E 'Time|Range')
else
  runs=(); for _ in $(seq 50); do runs+=("$(cd "$ROOT" && timed "$GEN" heads)"); done
  echo "  median of 50 runs: $(printf '%s\n' "${runs[@]}" | median) s"
fi
