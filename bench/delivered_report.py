"""Markdown report of bench/delivered.sh: delivered_report.py RUNS_DIR NAME SEEDS (N for 1..N, or FIRST-LAST)"""
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


def seed_range(seeds):
    """The seeds of "N" (1..N) or "FIRST-LAST"."""
    first, _, last = seeds.rpartition("-")
    return range(int(first) if first else 1, int(last) + 1)


def evaluation_actions(run):
    """How the run's evaluations chose actions (its delivered model is judged the same way): greedy or sample."""
    config = load(os.path.join(run, "config.json")) or {}
    return str(config.get("evaluation", {}).get("actions", "greedy")).lower()


def main(out, name, seeds):
    print(f"### {name}: the delivered model on 100 fresh episodes\n")
    print("| seed | wall s | env steps | stopped | best evaluation (version) | delivered: greedy / sampled "
          "| final model: greedy / sampled |")
    print("|---|---|---|---|---|---|---|")
    walls, delivered, target, modes = [], [], None, set()
    for s in seeds:
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
        mode = evaluation_actions(run)
        modes.add(mode)
        judged = mean(plays["best-" + mode])
        if judged is not None:
            delivered.append(judged)
        stopped = summary["stop_reason"].split(":")[0]
        best = summary.get("best_eval_mean_return")
        print(f"| {s} | {summary['wall_seconds']:.1f} | {summary['env_steps']:,} | {stopped} | "
              f"{fmt(best)} ({summary.get('best_eval_version', '-')}) | "
              f"{fmt(greedy)} / {fmt(mean(plays['best-sample']))} | "
              f"{fmt(mean(plays['final-greedy']))} / {fmt(mean(plays['final-sample']))} |")
    if walls:
        good = sum(1 for d in delivered if target is not None and d >= target)
        how = " or ".join(sorted(modes))
        print(f"\nDelivered models at or above the target ({fmt(target)}) on 100 fresh episodes ({how}, as the runs "
              f"evaluated): {good} of {len(seeds)}; median wall time {statistics.median(walls):.1f} s"
              + (f"; median delivered mean {statistics.median(delivered):.1f}" if delivered else "") + ".")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], seed_range(sys.argv[3]))
