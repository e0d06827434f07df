#!/usr/bin/env bash
# CartPole-v1 benchmark: the README's results table comes from this script.
#
#   bench/cartpole.sh [SEEDS] [THROUGHPUT_STEPS] [K...]
#
# 1. Solving: `a3c train --env CartPole-v1 --workers 2 --seed S` for S = 1..SEEDS (default 5), with
#    the defaults (target 475, budget 3M env steps): reached target, env steps, wall time, steps/s.
# 2. Throughput: `a3c train --workers 2 --envs-per-worker K --target-return none --max-steps N` for
#    each K (default: 1 16 32 64; N default 1,000,000): aggregate env steps/s over the whole run
#    (start-up and JIT warm-up included) and each JVM's peak resident memory.
# Runs go to bench-runs/ (one folder each); a markdown report is printed and saved as bench-runs/cartpole.md.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
seeds="${1:-5}"
steps="${2:-1000000}"
shift $(( $# > 2 ? 2 : $# )) || true
ks=("$@")
[ ${#ks[@]} -gt 0 ] || ks=(1 16 32 64)
out="$here/bench-runs"
mkdir -p "$out"
"$here/a3c" --version >/dev/null   # build once before timing anything

for s in $(seq 1 "$seeds"); do
  rm -rf "$out/solve-seed-$s"
  "$here/a3c" train --env CartPole-v1 --workers 2 --seed "$s" --run-dir "$out/solve-seed-$s" > "$out/solve-seed-$s.out" 2>&1 || true
done
for k in "${ks[@]}"; do
  rm -rf "$out/throughput-k$k"
  "$here/a3c" train --env CartPole-v1 --workers 2 --envs-per-worker "$k" --target-return none --max-steps "$steps" \
    --run-dir "$out/throughput-k$k" > "$out/throughput-k$k.out" 2>&1 || true
done

python3 "$here/bench/cartpole_report.py" "$out" "$seeds" "${ks[@]}" | tee "$out/cartpole.md"
