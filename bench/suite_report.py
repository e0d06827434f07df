#!/usr/bin/env python3
"""Markdown table of the environment-suite runs in a folder (see bench/suite.sh)."""
import json
import os
import sys

# Targets of issue 3; MinAtar rows compare with the MinAtar paper's best actor-critic / DQN results at 5M frames.
TARGETS = {
    "Acrobot-v1": ">= -100",
    "Pendulum-v1": ">= -200",
    "LunarLander-v3": ">= 200",
    "LunarLanderContinuous-v3": ">= 200",
    "MinAtar/Breakout-v1": "> 17.5 at 5M (paper, actor-critic)",
    "MinAtar/SpaceInvaders-v1": "paper at 5M: ~185",
    "MinAtar/Asterix-v1": "paper at 5M: ~19",
    "MinAtar/Seaquest-v1": "paper at 5M: ~15 (DQN ~20)",
    "MinAtar/Freeway-v1": "paper at 5M: ~47 (DQN ~50)",
}


def main(folder):
    rows = []
    for name in sorted(os.listdir(folder)):
        summary_path = os.path.join(folder, name, "summary.json")
        if not os.path.isfile(summary_path):
            continue
        with open(summary_path) as f:
            s = json.load(f)
        command = ""
        cmd_path = os.path.join(folder, name + ".cmd")
        if os.path.isfile(cmd_path):
            with open(cmd_path) as f:
                command = f.read().strip()
        rows.append((s["env"], command, s["env_steps"], s["wall_seconds"], s["steps_per_second"],
                     s.get("avg_return_100"), s.get("best_avg_return_100"), TARGETS.get(s["env"], "")))
    order = list(TARGETS)
    rows.sort(key=lambda r: order.index(r[0]) if r[0] in order else len(order))
    print("| environment | command | env steps | wall time | steps/s | final 100-ep avg | best 100-ep avg | target |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for env, command, steps, wall, sps, final, best, target in rows:
        fmt = lambda v: "-" if v is None else f"{v:.1f}"
        print(f"| {env} | `{command}` | {steps:,} | {wall / 60:.1f} min | {sps:,.0f} | {fmt(final)} | {fmt(best)} | {target} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench-runs/suite")
