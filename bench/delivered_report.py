"""Markdown report of bench/delivered.sh: delivered_report.py RUNS_DIR NAME SEEDS"""
import json
import os
import statistics
import sys


def load(path):
    try:
        with open(path) as f:
            text = f.read().strip()
        return json.loads(text) if text else None
    except (OSError, ValueError):
        return None


def mean(play):
    return None if play is None else play.get("mean_return")


def fmt(x, digits=1):
    return "-" if x is None else f"{x:,.{digits}f}"


def main(out, name, seeds):
    print(f"### {name}: the delivered model on 100 fresh episodes\n")
    print("| seed | wall s | env steps | stopped | best evaluation (version) | delivered: greedy / sampled "
          "| final model: greedy / sampled |")
    print("|---|---|---|---|---|---|---|")
    walls, delivered, target = [], [], None
    for s in range(1, seeds + 1):
        run = os.path.join(out, f"{name}-seed-{s}")
        summary = load(os.path.join(run, "summary.json"))
        if summary is None:
            print(f"| {s} | run failed | | | | | |")
            continue
        target = summary.get("target_return")
        plays = {k: load(os.path.join(run, f"play-{k}.json"))
                 for k in ("best-greedy", "best-sample", "final-greedy", "final-sample")}
        walls.append(summary["wall_seconds"])
        greedy = mean(plays["best-greedy"])
        if greedy is not None:
            delivered.append(greedy)
        stopped = summary["stop_reason"].split(":")[0]
        best = summary.get("best_eval_mean_return")
        print(f"| {s} | {summary['wall_seconds']:.1f} | {summary['env_steps']:,} | {stopped} | "
              f"{fmt(best)} ({summary.get('best_eval_version', '-')}) | "
              f"{fmt(greedy)} / {fmt(mean(plays['best-sample']))} | "
              f"{fmt(mean(plays['final-greedy']))} / {fmt(mean(plays['final-sample']))} |")
    if walls:
        good = sum(1 for d in delivered if target is not None and d >= target)
        print(f"\nDelivered models at or above the target ({fmt(target)}) on 100 fresh greedy episodes: "
              f"{good} of {seeds}; median wall time {statistics.median(walls):.1f} s"
              + (f"; median delivered greedy mean {statistics.median(delivered):.1f}" if delivered else "") + ".")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
