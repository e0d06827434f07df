#!/usr/bin/env bash
# The learning suite over several seeds (issue 18): every environment of the table with its defaults (`a3c train
# --env ENV --workers 2 --seed S`, nothing else), the delivered model of each seed played on 100 fresh episodes, a
# results table with the mean and spread over seeds, per-seed rows and one plot per environment with every seed.
#
#   bench/seeds.sh [--seeds N] [ENV...]                run in this terminal
#   bench/seeds.sh --background [--seeds N] [ENV...]  run detached (log: bench-runs/delivered/seeds.log), return
#   bench/seeds.sh --report                           only write the table of the runs there are
#
# ENV defaults to the five MinAtar games (3 seeds each) and LunarLanderContinuous-v3 (10 seeds); --seeds N gives
# every ENV named N seeds. Resumable: bench/delivered.sh keeps finished seeds, resumes stopped ones from their
# checkpoints and starts the rest; run the same command again after an interruption. The table is written to
# bench-runs/delivered/seeds.md, the plots beside it (NAME-seeds.png).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/bench-runs/delivered"
mkdir -p "$out"

# ENV -> seeds when none are given
declare -A default_seeds=(
  [MinAtar/Breakout-v1]=3 [MinAtar/SpaceInvaders-v1]=3 [MinAtar/Asterix-v1]=3 [MinAtar/Seaquest-v1]=3
  [MinAtar/Freeway-v1]=3 [LunarLanderContinuous-v3]=10
)
order=(MinAtar/Breakout-v1 MinAtar/SpaceInvaders-v1 MinAtar/Asterix-v1 MinAtar/Seaquest-v1 MinAtar/Freeway-v1
  LunarLanderContinuous-v3)

# the runs' folder prefix for an environment id: minatar-breakout-v1, lunarlandercontinuous-v3
slug() { echo "$1" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9.\n-' '-' | sed 's/--*/-/g'; }

background=0
report_only=0
seeds=""
envs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --background) background=1 ;;
    --report) report_only=1 ;;
    --seeds) seeds="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) envs+=("$1") ;;
  esac
  shift
done
[ ${#envs[@]} -gt 0 ] || envs=("${order[@]}")

if [ "$background" = 1 ]; then
  args=()
  [ -n "$seeds" ] && args+=(--seeds "$seeds")
  nohup setsid "$0" "${args[@]}" "${envs[@]}" >> "$out/seeds.log" 2>&1 < /dev/null &
  echo "$!" > "$out/seeds.pid"
  echo "running in the background (pid $!): tail -f $out/seeds.log; the table: $out/seeds.md"
  exit 0
fi

table=()
for env in "${envs[@]}"; do
  n="${seeds:-${default_seeds[$env]:-3}}"
  name="$(slug "$env")"
  table+=("$env=$name=$n")
  if [ "$report_only" = 0 ]; then
    echo "$(date -u +%FT%TZ) $env: $n seeds"
    "$here/bench/delivered.sh" "$name" "$n" "$env" > /dev/null
  fi
  runs=()
  for s in $(seq 1 "$n"); do
    [ -s "$out/$name-seed-$s/episodes.csv" ] && runs+=(--run-dir "$out/$name-seed-$s")
  done
  if [ ${#runs[@]} -gt 0 ]; then
    "$here/a3c" plot "${runs[@]}" --out "$out/$name-seeds.png" 2>&1 | tail -n 1
  fi
done
python3 "$here/bench/seeds_report.py" "$out" "${table[@]}" > "$out/seeds.md"
cat "$out/seeds.md"
