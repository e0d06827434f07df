#!/usr/bin/env bash
# End-to-end env steps/s of `a3c train` (2 worker JVMs) against other programs, in alternating runs so that the
# machine's noise hits all alike; prints each run and the medians.
#   bench/throughput.sh ENV STEPS ROUNDS [TRAIN OPTIONS...]   e.g. bench/throughput.sh MinAtar/Breakout-v1 500000 3
# Runs go to bench-runs/throughput/ENV-VARIANT-ROUND (evaluation off: only training is timed; start-up included).
# Variants (A3C_THROUGHPUT_VARIANTS, default "a3c pytorch"):
#   a3c       this checkout's a3c (a short run first writes its class-data archives, so that every timed run has them)
#   a3c-nocds this checkout's a3c without class-data sharing (A3C_CDS=off)
#   a3c@NAME  this checkout's a3c with the JVM options of the variable A3C_OPTS_NAME for its server and workers
#             (A3C_CHILD_JAVA_OPTS), e.g. A3C_OPTS_c1="-XX:TieredStopAtLevel=1" and the variant a3c@c1
#   a3c+NAME  this checkout's a3c with the extra train options of the variable A3C_ARGS_NAME, e.g.
#             A3C_ARGS_bf16="--wire-precision bfloat16" and the variant a3c+bf16
#   baseline  the a3c of another checkout, A3C_BASELINE (for example an older commit: git worktree add DIR COMMIT)
#   pytorch   bench/pytorch_a3c.py with 2 processes and as many environments each as a3c's workers, for 60 s
#             (MinAtar shapes; python with torch from A3C_TORCH_PYTHON, default bench/.venv/bin/python)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
env="$1"; steps="$2"; rounds="$3"; shift 3
out="$here/bench-runs/throughput"
mkdir -p "$out"
"$here/a3c" --version >/dev/null 2>&1   # build once before timing anything
if [ -n "${A3C_BASELINE:-}" ]; then "$A3C_BASELINE/a3c" --version >/dev/null 2>&1; fi
case " ${A3C_THROUGHPUT_VARIANTS:-a3c pytorch} " in
  *" a3c "*) "$here/a3c" train --env "$env" --workers 2 --max-steps 2000 --target-return none --eval-episodes 0 \
               --run-dir "$out/warm-up" "$@" > /dev/null 2>&1 || true ;;
esac
name="${env//\//_}"
for round in $(seq 1 "$rounds"); do
  for variant in ${A3C_THROUGHPUT_VARIANTS:-a3c pytorch}; do
    if [ "$variant" = pytorch ]; then
      envs="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["algorithm"]["envsPerWorker"])' \
        < <("$here/a3c" config --env "$env" "$@"))"
      "${A3C_TORCH_PYTHON:-$here/bench/.venv/bin/python}" "$here/bench/pytorch_a3c.py" 2 "$envs" 60 \
        | sed -E "s/^pytorch-a3c .*: ([0-9]+) env steps in ([0-9.]+) s: ([0-9]+) steps\/s/$round pytorch \1 steps in \2 s: \3 steps\/s/"
      continue
    fi
    cds=on
    child_opts="${A3C_CHILD_JAVA_OPTS:-}"
    extra=()
    case "$variant" in
      a3c) program="$here/a3c" ;;
      a3c-nocds) program="$here/a3c"; cds=off ;;
      a3c@*) program="$here/a3c"; opts_var="A3C_OPTS_${variant#a3c@}"; child_opts="${!opts_var:?$opts_var: the JVM options of $variant}" ;;
      a3c+*) program="$here/a3c"; args_var="A3C_ARGS_${variant#a3c+}"; read -r -a extra <<< "${!args_var:?$args_var: the train options of $variant}" ;;
      baseline) program="${A3C_BASELINE:?A3C_BASELINE: the checkout to compare with}/a3c" ;;
      *) echo "unknown variant $variant" >&2; exit 2 ;;
    esac
    dir="$out/$name-$variant-$round"
    rm -rf "$dir"
    A3C_CDS="$cds" A3C_CHILD_JAVA_OPTS="$child_opts" "$program" train --env "$env" --workers 2 --max-steps "$steps" \
      --target-return none --eval-episodes 0 --run-dir "$dir" "$@" "${extra[@]}" > "$dir.out" 2>&1
    python3 - "$dir/summary.json" "$variant" "$round" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"{sys.argv[3]} {sys.argv[2]} {s['env_steps']} steps in {s['wall_seconds']:.1f} s: {s['steps_per_second']:.0f} steps/s")
PY
  done
done | tee "$out/$name.txt"
python3 - "$out/$name.txt" <<'PY'
import statistics, sys
by = {}
for line in open(sys.argv[1]):
    parts = line.split()
    by.setdefault(parts[1], []).append(float(parts[-2]))
med = {k: statistics.median(v) for k, v in by.items()}
print(" ".join(f"{k}: median {v:.0f} steps/s over {len(by[k])} runs;" for k, v in med.items()),
      " ".join(f"a3c / {k} = {med['a3c'] / v:.2f}x;" for k, v in med.items() if k != "a3c" and "a3c" in med))
PY
