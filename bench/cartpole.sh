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

python3 - "$out" "$seeds" "${ks[@]}" <<'PY' | tee "$out/cartpole.md"
import json, os, statistics, sys
out, seeds, ks = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def load(run, name):
    p = os.path.join(out, run, name)
    return json.load(open(p)) if os.path.exists(p) else None
print("### Solving CartPole-v1 (target 475, budget 3M env steps, 2 workers, defaults)\n")
print("| seed | reached 475 | env steps | wall s | steps/s | final avg100 | peak RSS server / workers (MB) |")
print("|---|---|---|---|---|---|---|")
walls, rates, solved = [], [], 0
for s in range(1, seeds + 1):
    sm, pr = load(f"solve-seed-{s}", "summary.json"), load(f"solve-seed-{s}", "processes.json")
    if sm is None:
        print(f"| {s} | run failed | | | | | |"); continue
    mem = " / ".join(str(p["peak_rss_mb"]) for p in pr) if pr else "-"
    ok = sm["reached_target"]
    solved += ok
    if ok:
        walls.append(sm["wall_seconds"])
    rates.append(sm["steps_per_second"])
    avg = sm["final_avg_return_100"]
    print(f"| {s} | {'yes' if ok else 'no'} | {sm['env_steps']:,} | {sm['wall_seconds']:.1f} | {sm['steps_per_second']:,.0f} | {avg if avg is None else round(avg, 1)} | {mem} |")
print(f"\nSolved {solved}/{seeds}; median wall time of solved runs {statistics.median(walls):.1f} s; "
      f"median steps/s {statistics.median(rates):,.0f}.\n" if walls else f"\nSolved {solved}/{seeds}.\n")
print("### Throughput with 2 worker JVMs on 2 cores (whole run, start-up included)\n")
print("| K envs per worker | env steps | wall s | aggregate steps/s | peak RSS server / workers (MB) |")
print("|---|---|---|---|---|")
for k in ks:
    sm, pr = load(f"throughput-k{k}", "summary.json"), load(f"throughput-k{k}", "processes.json")
    if sm is None:
        print(f"| {k} | run failed | | | |"); continue
    mem = " / ".join(str(p["peak_rss_mb"]) for p in pr) if pr else "-"
    print(f"| {k} | {sm['env_steps']:,} | {sm['wall_seconds']:.1f} | {sm['steps_per_second']:,.0f} | {mem} |")
PY
