"""Markdown report of bench/cartpole.sh's runs: cartpole_report.py RUNS_DIR SEEDS K..."""
import csv
import json
import os
import statistics
import sys


def load(out, run, name):
    path = os.path.join(out, run, name)
    return json.load(open(path)) if os.path.exists(path) else None


def memory(processes):
    return " / ".join(str(p["peak_rss_mb"]) for p in processes) if processes else "-"


def second_half_rate(out, run):
    """Aggregate steps/s over the second half of the run (after start-up and JIT warm-up), from metrics.csv."""
    path = os.path.join(out, run, "metrics.csv")
    if not os.path.exists(path):
        return None
    rows = [(float(r["wall_seconds"]), int(r["env_steps"])) for r in csv.DictReader(open(path))]
    if len(rows) < 4:
        return None
    (t0, s0), (t1, s1) = rows[len(rows) // 2], rows[-1]
    return (s1 - s0) / (t1 - t0) if t1 > t0 else None


def main(out, seeds, ks):
    print("### Solving CartPole-v1 (target 475, budget 3M env steps, 2 workers, defaults)\n")
    print("| seed | reached 475 | env steps | wall s | steps/s | final avg100 | peak RSS server / workers (MB) |")
    print("|---|---|---|---|---|---|---|")
    walls, rates, solved = [], [], 0
    for s in range(1, seeds + 1):
        run = f"solve-seed-{s}"
        summary, processes = load(out, run, "summary.json"), load(out, run, "processes.json")
        if summary is None:
            print(f"| {s} | run failed | | | | | |")
            continue
        solved += summary["reached_target"]
        if summary["reached_target"]:
            walls.append(summary["wall_seconds"])
        rates.append(summary["steps_per_second"])
        avg = summary["avg_return_100"]
        print(f"| {s} | {'yes' if summary['reached_target'] else 'no'} | {summary['env_steps']:,} | "
              f"{summary['wall_seconds']:.1f} | {summary['steps_per_second']:,.0f} | "
              f"{'-' if avg is None else round(avg, 1)} | {memory(processes)} |")
    print(f"\nSolved {solved}/{seeds}" + (f"; median wall time {statistics.median(walls):.1f} s; median steps/s "
                                         f"{statistics.median(rates):,.0f}." if walls else ".") + "\n")
    print("### Throughput with 2 worker JVMs on 2 cores\n")
    print("| K envs per worker | env steps | wall s | steps/s, whole run | steps/s, second half | peak RSS server / workers (MB) |")
    print("|---|---|---|---|---|---|")
    for k in ks:
        run = f"throughput-k{k}"
        summary, processes = load(out, run, "summary.json"), load(out, run, "processes.json")
        if summary is None:
            print(f"| {k} | run failed | | | | |")
            continue
        late = second_half_rate(out, run)
        print(f"| {k} | {summary['env_steps']:,} | {summary['wall_seconds']:.1f} | {summary['steps_per_second']:,.0f} | "
              f"{'-' if late is None else f'{late:,.0f}'} | {memory(processes)} |")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3:])
