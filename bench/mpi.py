#!/usr/bin/env python3
"""One process against several ranks (mpirun) on this machine, as whole processes, in one invocation.

  /usr/bin/python3 bench/mpi.py --data ../shared/data [--seeds 5] [--workloads ptb-cbow,ptb-skipgram,text8-cbow]
                                [--layouts 1x2,2x1,2x2] [--tiered] [--sum] [--yield] [--unbound]
                                [--set KEY=VALUE ...]

A layout RxW is R processes (R > 1: mpirun ranks) of W Hogwild workers each. Each workload of compare.py (same
configs, corpora and seeds) runs in every layout, alternating layouts within each seed, since a shared machine's
speed drifts from minute to minute; each run is timed from start to exit and exports its vectors, scored by
gensim's evaluator. Printed per workload and layout: the median words/s (corpus tokens x epochs / seconds), the
median and range of the analogy accuracy and of WordSim-353's Spearman over the seeds, and for ranks the syncs,
the MB each rank sent per sync and the ms per sync (rank 0's, waiting for the others included), as the run's
last line reports them. --tiered runs the ranks with tieredSync, --sum with sumRankUpdates. --yield makes a rank
that waits in a sync yield its core (OpenMPI's mpi_yield_when_idle) instead of polling. --set passes a config key
to every run (all layouts), after the workload's. --json writes every run's figures.
mpirun binds each of 2 ranks to one core of its own; ranks of several workers run unbound (--bind-to none), else
their workers would share that one core, and so do all ranks with --unbound (a bound rank reads the corpus with
one core's threads, .NET counting the cores it may use).
"""
import argparse
import json
import os
import re
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (the workloads, the corpora, the timing and the scoring)

SYNCS = re.compile(r"(\d+) ranks: ([\d,]+) syncs, ([\d.]+) MB sent and ([\d.]+) ms each")


def run(workload, layout, seed, args, out):
    ranks, workers = layout
    spec = compare.WORKLOADS[workload]
    launcher = os.path.join(compare.ROOT, "negsampling")
    command = [launcher, "train", "--config", os.path.join(compare.ROOT, spec["config"]),
               "--set", f"outputDir={out}/run", "--set", f"corpusCache={out}/cache",
               "--set", f"corpus={compare.corpus_of(workload)}", "--set", f"minCount={spec['min_count']}",
               "--set", f"epochs={spec['epochs']}", "--set", f"seed={seed}", "--set", f"workers={workers}",
               *[arg for pair in args.set for arg in ("--set", pair)], "--export", f"{out}/vectors.txt"]
    if ranks > 1:
        options = [*(["--bind-to", "none"] if workers > 1 or args.unbound else []),
                   *(["--mca", "mpi_yield_when_idle", "1"] if args.yield_ else [])]
        command = ["mpirun", "--allow-run-as-root", "--oversubscribe", *options, "-np", str(ranks), *command,
                   "--set", f"tieredSync={'true' if args.tiered else 'false'}",
                   "--set", f"sumRankUpdates={'true' if args.sum else 'false'}"]
    seconds, peak, stdout = compare.timed(command, {"NEGSAMPLING_DATA": compare.ARGS.data})
    # The synthetic corpus's words are not the evaluation sets' (as in compare.py): timed only.
    accuracy, spearman = compare.quality(f"{out}/vectors.txt") if workload.startswith("ptb") else (None, None)
    figures = {"workload": workload, "ranks": ranks, "workers": workers, "seed": seed, "seconds": seconds,
               "peakRssMb": peak, "analogy": accuracy, "wordsim353": spearman}
    if m := SYNCS.search(stdout):
        figures.update(syncs=int(m.group(2).replace(",", "")), mbPerSync=float(m.group(3)),
                       msPerSync=float(m.group(4)))
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.environ.get("NEGSAMPLING_DATA", os.path.join(compare.ROOT, "data")))
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--workloads", default="ptb-cbow,ptb-skipgram,text8-cbow")
    parser.add_argument("--layouts", default="1x2,2x1,2x2", help="RANKSxWORKERS, comma-separated")
    parser.add_argument("--tiered", action="store_true", help="ranks sync with tieredSync")
    parser.add_argument("--sum", action="store_true", help="ranks sync with sumRankUpdates")
    parser.add_argument("--yield", dest="yield_", action="store_true",
                        help="a rank waiting in a sync yields its core (mpi_yield_when_idle)")
    parser.add_argument("--unbound", action="store_true", help="every rank unbound (--bind-to none)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a config key for every run, as train's --set")
    parser.add_argument("--json", help="write every run's figures to this file")
    compare.ARGS = args = parser.parse_args()
    layouts = [tuple(int(n) for n in layout.split("x")) for layout in args.layouts.split(",")]
    compare.timed([os.path.join(compare.ROOT, "negsampling"), "info"])  # builds once, outside the timings
    runs = []
    for workload in args.workloads.split(","):
        tokens = compare.tokens_of(compare.corpus_of(workload)) * compare.WORKLOADS[workload]["epochs"]
        for seed in range(1, args.seeds + 1):
            for layout in layouts:
                with tempfile.TemporaryDirectory() as out:
                    figures = run(workload, layout, seed, args, out)
                figures["wordsPerSecond"] = tokens / figures["seconds"]
                runs.append(figures)
                print(json.dumps(figures), file=sys.stderr, flush=True)
        print(f"\n{workload} ({tokens:,} tokens), medians over {args.seeds} seeds:")
        print("| layout | words/s | analogy (range) | WS-353 (range) | syncs | MB / sync | ms / sync |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for ranks, workers in layouts:
            mine = [r for r in runs if (r["workload"], r["ranks"], r["workers"]) == (workload, ranks, workers)]

            def median(key):
                values = [r[key] for r in mine if key in r]
                return statistics.median(values) if values else None

            def spread(key, scale, digits):
                values = sorted(r[key] * scale for r in mine if r[key] is not None)
                if not values:
                    return "-"
                return f"{statistics.median(values):.{digits}f} ({values[0]:.{digits}f}-{values[-1]:.{digits}f})"

            syncs = [f"{median(k):{f}}" if median(k) is not None else "-"
                     for k, f in (("syncs", ".0f"), ("mbPerSync", ".2f"), ("msPerSync", ".1f"))]
            print(f"| {ranks} x {workers} | {median('wordsPerSecond'):,.0f} | {spread('analogy', 100, 2)}% | "
                  f"{spread('wordsim353', 1, 3)} | {' | '.join(syncs)} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(runs, f, indent=1)


if __name__ == "__main__":
    main()
