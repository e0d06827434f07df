#!/usr/bin/env bash
# Environment-suite benchmark: the README's results table (beyond CartPole) comes from this script.
#
#   bench/suite.sh NAME [NAME...]      run the named presets (see below), then print the report
#   bench/suite.sh --report            only print the report of the runs already in bench-runs/suite
#
# Each preset is one `a3c train` command line (2 worker JVMs, seed 1 unless the preset names one). Runs go to
# bench-runs/suite/NAME (run folder) and bench-runs/suite/NAME.out (console); the report
# (bench/suite_report.py) reads every run's summary.json and config.json and writes
# bench-runs/suite/results.md.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/bench-runs/suite"
mkdir -p "$out"

declare -A presets=(
  [breakout]="--env MinAtar/Breakout-v1 --max-steps 5000000 --lr 1e-3 --max-grad-norm 40 --target-return none"
  [breakout-entropy]="--env MinAtar/Breakout-v1 --max-steps 5000000 --lr 1e-3 --max-grad-norm 40 --entropy-coef 0.05 --target-return none"
  [space-invaders]="--env MinAtar/SpaceInvaders-v1 --max-steps 5000000 --lr 1e-3 --max-grad-norm 40 --entropy-coef 0.05 --target-return none"
  [asterix]="--env MinAtar/Asterix-v1 --max-steps 5000000 --lr 1e-3 --max-grad-norm 40 --entropy-coef 0.05 --target-return none"
  [seaquest]="--env MinAtar/Seaquest-v1 --max-steps 5000000 --lr 1e-3 --max-grad-norm 40 --entropy-coef 0.05 --target-return none"
  [freeway]="--env MinAtar/Freeway-v1 --max-steps 5000000 --lr 1e-3 --max-grad-norm 40 --entropy-coef 0.05 --target-return none"
  [space-invaders-2m]="--env MinAtar/SpaceInvaders-v1 --max-steps 2000000 --lr 1e-3 --max-grad-norm 40 --target-return none"
  [asterix-2m]="--env MinAtar/Asterix-v1 --max-steps 2000000 --lr 1e-3 --max-grad-norm 40 --target-return none"
  [seaquest-2m]="--env MinAtar/Seaquest-v1 --max-steps 2000000 --lr 1e-3 --max-grad-norm 40 --target-return none"
  [freeway-2m]="--env MinAtar/Freeway-v1 --max-steps 2000000 --lr 1e-3 --max-grad-norm 40 --target-return none"
  [acrobot]="--env Acrobot-v1 --max-steps 2000000 --reward-scale 0.01 --max-grad-norm 40 --entropy-coef 0"
  [pendulum]="--env Pendulum-v1 --max-steps 3000000 --target-return -200 --reward-scale 0.01 --max-grad-norm 40 --normalize-observations --entropy-coef 0.001 --gamma 0.95"
  [lunarlander]="--env LunarLander-v3 --max-steps 10000000 --reward-scale 0.01 --max-grad-norm 40 --gamma 0.995 --entropy-coef 0.001 --lr 1e-3"
  [lunarlander-continuous]="--env LunarLanderContinuous-v3 --max-steps 5000000 --reward-scale 0.01 --max-grad-norm 40 --gamma 0.995 --lr 7e-4 --entropy-coef 0 --rollout-steps 40 --gae-lambda 0.95 --state-dependent-std --initial-log-std -1.6"
  [lunarlander-continuous-s2]="--env LunarLanderContinuous-v3 --max-steps 5000000 --reward-scale 0.01 --max-grad-norm 40 --gamma 0.995 --lr 7e-4 --entropy-coef 0 --rollout-steps 40 --gae-lambda 0.95 --state-dependent-std --initial-log-std -1.6 --seed 2"
  [lunarlander-continuous-s3]="--env LunarLanderContinuous-v3 --max-steps 5000000 --reward-scale 0.01 --max-grad-norm 40 --gamma 0.995 --lr 7e-4 --entropy-coef 0 --rollout-steps 40 --gae-lambda 0.95 --state-dependent-std --initial-log-std -1.6 --seed 3"
  [lunarlander-continuous-t5]="--env LunarLanderContinuous-v3 --max-steps 5000000 --reward-scale 0.01 --max-grad-norm 40 --gamma 0.995 --lr 7e-4 --entropy-coef 0 --no-state-dependent-std --initial-log-std 0 --rollout-steps 5 --gae-lambda 1"
)

if [ "${1:-}" != "--report" ]; then
  [ $# -gt 0 ] || { echo "usage: bench/suite.sh NAME... | --report; presets: ${!presets[*]}" >&2; exit 2; }
  "$here/a3c" --version >/dev/null   # build once before timing anything
  for name in "$@"; do
    flags="${presets[$name]:-}"
    [ -n "$flags" ] || { echo "unknown preset $name; presets: ${!presets[*]}" >&2; exit 2; }
    rm -rf "${out:?}/$name"
    case " $flags " in *" --seed "*) ;; *) flags="--seed 1 $flags";; esac
    echo "a3c train --workers 2 $flags" > "$out/$name.cmd"
    # shellcheck disable=SC2086
    "$here/a3c" train --workers 2 $flags --run-dir "$out/$name" > "$out/$name.out" 2>&1 || true
  done
fi
python3 "$here/bench/suite_report.py" "$out" | tee "$out/results.md"
