#!/usr/bin/env python3
"""The learning suite's table over seeds (bench/seeds.sh): seeds_report.py RUNS_DIR ENV=NAME=SEEDS...

For every environment: the training's 100-episode average at the end and at its best, and the delivered model
(best-model.zip) on 100 fresh episodes with the actions its evaluations used, each as mean +- standard deviation over
seeds with the lowest and highest; how many seeds reached the reference level; then one row per seed.
"""
import json
import os
import statistics
import sys

from delivered_report import fmt, load   # one reader of a run's JSON files for both reports

# Reference levels: the MinAtar paper's actor-critic at 5M frames (Young & Tian 2019, as issue 18 quotes it); the
# environment's own threshold for LunarLanderContinuous-v3.
REFERENCE = {
    "MinAtar/Breakout-v1": (17.5, "MinAtar paper, actor-critic, 5M frames"),
    "MinAtar/SpaceInvaders-v1": (185.0, "MinAtar paper, actor-critic, 5M frames"),
    "MinAtar/Asterix-v1": (19.0, "MinAtar paper, actor-critic, 5M frames"),
    "MinAtar/Seaquest-v1": (15.0, "MinAtar paper, actor-critic, 5M frames"),
    "MinAtar/Freeway-v1": (47.0, "MinAtar paper, actor-critic, 5M frames"),
    "LunarLanderContinuous-v3": (200.0, "Gymnasium's threshold"),
}


def spread(values):
    """mean +- sd (min to max) of the values there are, or '-'."""
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    mean = statistics.fmean(values)
    if len(values) == 1:
        return fmt(mean)
    return f"{fmt(mean)} +- {fmt(statistics.stdev(values))} ({fmt(min(values))} to {fmt(max(values))})"


def seed_rows(out, name, seeds):
    rows = []
    for s in range(1, seeds + 1):
        run = os.path.join(out, f"{name}-seed-{s}")
        summary = load(os.path.join(run, "summary.json"))
        config = load(os.path.join(run, "config.json")) or {}
        actions = (config.get("evaluation", {}).get("actions") or "GREEDY").lower()
        actions = "sample" if actions.startswith("sampl") else "greedy"
        plays = {k: load(os.path.join(run, f"play-{k}.json"))
                 for k in ("best-greedy", "best-sample", "final-greedy", "final-sample")}
        rows.append({"seed": s, "summary": summary, "actions": actions, "plays": plays})
    return rows


def final_average(summary):
    """The 100-episode training average when the run ended (summary.json's key; older servers wrote another)."""
    return summary.get("avg_return_100", summary.get("final_avg_return_100"))


def played(play):
    return None if play is None else play.get("mean_return")


def configurations(out, envs):
    """Each environment's configuration as its runs used it (seed 1's, without the seed): suite-configs.json, which
    docs/suite-configs.json copies when the table goes into the docs, and a test compares with today's defaults."""
    configs = {}
    for env, name, seeds, rows in envs:
        config = load(os.path.join(out, f"{name}-seed-1", "config.json"))
        if config is None:
            continue
        config.get("schedule", {}).pop("seed", None)
        configs[env] = config
    with open(os.path.join(out, "suite-configs.json"), "w") as f:
        json.dump(configs, f, indent=2, sort_keys=True)
        f.write("\n")


def main(out, table):
    envs = []
    for item in table:
        env, name, seeds = item.split("=")
        envs.append((env, name, int(seeds), seed_rows(out, name, int(seeds))))
    configurations(out, envs)

    print("## The suite over seeds (bench/seeds.sh)\n")
    print("Every row: `a3c train --env ENV --workers 2 --seed S` with the environment's defaults, S = 1..N; the "
          "delivered model (best-model.zip) played on 100 fresh episodes (`a3c play --episodes 100 --seed "
          "1000000+S`) with the actions of the run's evaluations. Mean +- standard deviation over seeds (lowest to "
          "highest).\n")
    print("| environment | reference | seeds done | training avg100 at the end | best training avg100 "
          "| delivered model, 100 fresh episodes | seeds at the reference: training end / best / delivered "
          "| median wall time | plot |")
    print("|---|---|---|---|---|---|---|---:|---|")
    for env, name, seeds, rows in envs:
        level, source = REFERENCE.get(env, (None, ""))
        done = [r for r in rows if r["summary"] is not None]
        finals = [final_average(r["summary"]) for r in done]
        bests = [r["summary"].get("best_avg_return_100") for r in done]
        delivered = [played(r["plays"][f"best-{r['actions']}"]) for r in done]
        walls = [r["summary"]["wall_seconds"] for r in done]
        actions = sorted({r["actions"] for r in done}) or ["-"]
        at_level = "-"
        if level is not None and done:
            end_ok = sum(1 for f in finals if f is not None and f >= level)
            best_ok = sum(1 for b in bests if b is not None and b >= level)
            play_ok = sum(1 for d in delivered if d is not None and d >= level)
            at_level = f"{end_ok} / {best_ok} / {play_ok} of {len(done)}"
        wall = f"{statistics.median(walls) / 60:.1f} min" if walls else "-"
        print(f"| {env} | {fmt(level)} ({source}) | {len(done)} of {seeds} | {spread(finals)} | {spread(bests)} | "
              f"{spread(delivered)} ({'/'.join(actions)}) | {at_level} | {wall} | {name}-seeds.png |")

    for env, name, seeds, rows in envs:
        print(f"\n### {env}\n")
        print("| seed | wall time | env steps | stopped | training avg100: end / best | best evaluation in training "
              "| delivered: greedy / sampled | final model: greedy / sampled |")
        print("|---|---:|---:|---|---|---|---|---|")
        for r in rows:
            s = r["summary"]
            if s is None:
                print(f"| {r['seed']} | not run yet | | | | | | |")
                continue
            p = r["plays"]
            print(f"| {r['seed']} | {s['wall_seconds'] / 60:.1f} min | {s['env_steps']:,} | "
                  f"{s['stop_reason'].split(':')[0]} | {fmt(final_average(s))} / "
                  f"{fmt(s.get('best_avg_return_100'))} | {fmt(s.get('best_eval_mean_return'))} | "
                  f"{fmt(played(p['best-greedy']))} / {fmt(played(p['best-sample']))} | "
                  f"{fmt(played(p['final-greedy']))} / {fmt(played(p['final-sample']))} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
