#!/usr/bin/env bash
# The model a run delivers, judged on fresh episodes: the benchmark behind the README's "Delivered models".
#
#   bench/delivered.sh NAME SEEDS ENV [TRAIN FLAGS...]
#
# SEEDS is a count N (seeds 1..N) or a range FIRST-LAST (e.g. 11-20, another set of the same size). For each seed S: `a3c train --env ENV --workers 2 --seed S [TRAIN FLAGS]` into bench-runs/delivered/NAME-seed-S,
# then `a3c play` of the delivered model (best-model.zip) and of the final model over 100 fresh episodes, greedy
# and sampled, from seed 1000000 + S (neither a worker's nor the evaluator's). The report (bench/delivered_report.py)
# lists per seed: wall time, env steps, why training stopped, the best evaluation during the run, and the fresh
# means; it is printed and saved as bench-runs/delivered/NAME.md.
#
# Long runs span sessions: a seed whose run finished (its summary.json says so) is kept as it is (delete the folder
# to redo it); one that was stopped (checkpoints, and no summary or one of a server shut down before the end) goes
# on with `a3c train --resume`.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 3 ] || { echo "usage: bench/delivered.sh NAME SEEDS|FIRST-LAST ENV [TRAIN FLAGS...]" >&2; exit 2; }
name="$1"
seeds="$2"
env="$3"
shift 3
case "$seeds" in
  *-*) first="${seeds%-*}"; last="${seeds#*-}" ;;
  *) first=1; last="$seeds" ;;
esac
[[ "$first" =~ ^[0-9]+$ && "$last" =~ ^[0-9]+$ && "$first" -le "$last" ]] \
  || { echo "SEEDS must be N or FIRST-LAST, got $seeds" >&2; exit 2; }
out="$here/bench-runs/delivered"
mkdir -p "$out"
"$here/a3c" --version >/dev/null   # build once before timing anything

# whether the run in folder $1 finished training (a server stopped by a signal writes a summary too)
finished() {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d.get("finished", d.get("stop_reason") != "server shut down") else 1)' "$1/summary.json" 2>/dev/null
}

for s in $(seq "$first" "$last"); do
  run="$out/$name-seed-$s"
  if finished "$run" && [ -s "$run/play-final-sample.json" ]; then
    continue
  elif finished "$run"; then
    :   # trained, not yet played
  elif compgen -G "$run/checkpoints/ckpt-*.zip" >/dev/null; then
    "$here/a3c" train --env "$env" --workers 2 --seed "$s" --run-dir "$run" --resume "$@" >> "$run.out" 2>&1 || true
  else
    rm -rf "$run"
    "$here/a3c" train --env "$env" --workers 2 --seed "$s" --run-dir "$run" "$@" > "$run.out" 2>&1 || true
  fi
  fresh=$((1000000 + s))
  for model in best final; do
    for actions in greedy sample; do
      flag=""
      [ "$model" = final ] && flag="--final"
      "$here/a3c" play --run-dir "$run" $flag --episodes 100 --seed "$fresh" --actions "$actions" 2>/dev/null \
        | tail -n 1 > "$run/play-$model-$actions.json" || true
    done
  done
done

python3 "$here/bench/delivered_report.py" "$out" "$name" "$seeds" | tee "$out/$name.md"
