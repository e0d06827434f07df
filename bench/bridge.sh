#!/usr/bin/env bash
# The environment bridge's cost: env steps/s of one worker JVM training CartPole-v1 built in and through the bridge
# (gymnasium:CartPole-v1), and Atari frames through it (gymnasium:ALE/Pong-v5), in alternating runs.
#   bench/bridge.sh [ROUNDS (2)] [CARTPOLE_STEPS (300000)] [PONG_STEPS (20000)]
# Runs go to bench-runs/bridge/; start-up is included, evaluation is off. With A3C_BASELINE=DIR (another checkout, e.g.
# `git worktree add DIR COMMIT`), the bridge's runs are repeated with that checkout's a3c, alternating, as
# "baseline:ID".
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-2}"; cartpole="${2:-300000}"; pong="${3:-20000}"
out="$here/bench-runs/bridge"
mkdir -p "$out"
"$here/a3c" --version > /dev/null 2>&1
"$here/bridge/venv.sh" > /dev/null
variants=("a3c CartPole-v1 $cartpole" "a3c gymnasium:CartPole-v1 $cartpole" "a3c gymnasium:ALE/Pong-v5 $pong")
if [ -n "${A3C_BASELINE:-}" ]; then
  "$A3C_BASELINE/a3c" --version > /dev/null 2>&1
  variants+=("baseline gymnasium:CartPole-v1 $cartpole" "baseline gymnasium:ALE/Pong-v5 $pong")
fi
for round in $(seq 1 "$rounds"); do
  for variant in "${variants[@]}"; do
    set -- $variant
    program="$here/a3c"; label="$2"
    if [ "$1" = baseline ]; then program="$A3C_BASELINE/a3c"; label="baseline:$2"; fi
    dir="$out/${label//[:\/]/_}-$round"
    rm -rf "$dir"
    "$program" train --env "$2" --workers 1 --max-steps "$3" --target-return none --eval-episodes 0 \
      --run-dir "$dir" > "$dir.out" 2>&1
    python3 - "$dir/summary.json" "$label" "$round" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"{sys.argv[3]} {sys.argv[2]} {s['env_steps']} steps in {s['wall_seconds']:.1f} s: {s['steps_per_second']:.0f} steps/s")
PY
  done
done | tee "$out/bridge.txt"
python3 - "$out/bridge.txt" <<'PY'
import statistics, sys
by = {}
for line in open(sys.argv[1]):
    parts = line.split()
    by.setdefault(parts[1], []).append(float(parts[-2]))
med = {k: statistics.median(v) for k, v in by.items()}
print("; ".join(f"{k}: median {v:.0f} env steps/s (one worker)" for k, v in med.items()))
if "CartPole-v1" in med and "gymnasium:CartPole-v1" in med:
    print(f"bridge / built in (CartPole-v1): {med['gymnasium:CartPole-v1'] / med['CartPole-v1']:.2f}")
if "gymnasium:ALE/Pong-v5" in med:
    print(f"Atari: {4 * med['gymnasium:ALE/Pong-v5']:.0f} frames/s (frame skip 4)")
for k in med:
    if k.startswith("baseline:") and k[len("baseline:"):] in med:
        print(f"{k[len('baseline:'):]}: this checkout / baseline = {med[k[len('baseline:'):]] / med[k]:.2f}x")
PY
