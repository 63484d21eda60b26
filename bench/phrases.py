#!/usr/bin/env python3
"""Phrases, learnt and applied: `negsampling phrases` against gensim 4.2's Phrases, as whole processes.

  /usr/bin/python3 bench/phrases.py --data ../shared/data [--repeats 3] [--passes 2] [--corpora ptb,text8]

Corpora: PTB train, and bench/compare.py's seeded text8-sized synthetic corpus (17M tokens, 250,000 Zipf(1.1)
types; generated once into bench/.cache/). Each peer learns and applies --passes passes with gensim's defaults
(min_count 5, threshold 10, default scorer): ours in one process, gensim in one Python process that streams the
lines (Phrases(lines), then phrases[line] for each line written out, the next pass reading that file). The runs
alternate, --repeats times; medians of seconds and peak RSS (GNU time) are printed, and whether the two outputs
are the same bytes.
"""
import argparse
import filecmp
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import ROOT, PYTHON, timed, zipf_corpus  # noqa: E402


def gensim_worker(corpus, out, passes):
    from gensim.models.phrases import Phrases

    class Lines:
        def __init__(self, path):
            self.path = path

        def __iter__(self):
            with open(self.path, encoding="utf-8") as f:
                for line in f:
                    yield line.split()

    source = corpus
    for p in range(passes):
        target = out if p == passes - 1 else f"{out}.pass{p + 1}"
        model = Phrases(Lines(source))
        with open(target, "w", encoding="utf-8") as f:
            for sentence in Lines(source):
                f.write(" ".join(model[sentence]) + "\n")
        source = target


def main(args):
    corpora = {"ptb": os.path.join(args.data, "ptb", "ptb.train.txt"), "text8": None}
    for name in [c for c in args.corpora.split(",") if c]:
        corpus = corpora[name] or zipf_corpus(17_000_000)
        runs = {"NegSampling": [], "gensim": []}
        same = True
        with tempfile.TemporaryDirectory() as tmp:
            for r in range(args.repeats):
                ours_out, gensim_out = f"{tmp}/ours-{r}.txt", f"{tmp}/gensim-{r}.txt"
                runs["NegSampling"].append(timed([os.path.join(ROOT, "negsampling"), "phrases", "--corpus", corpus,
                                                  "--out", ours_out, "--passes", str(args.passes)])[:2])
                runs["gensim"].append(timed([PYTHON, os.path.abspath(__file__), "--gensim-worker", corpus,
                                             gensim_out, str(args.passes)])[:2])
                same = same and filecmp.cmp(ours_out, gensim_out, shallow=False)
                for path in (ours_out, gensim_out):
                    os.remove(path)
        medians = {peer: (statistics.median(s for s, _ in v), statistics.median(m for _, m in v))
                   for peer, v in runs.items()}
        for peer, (seconds, peak) in medians.items():
            print(f"{name} {peer}: {seconds:.2f} s, peak RSS {peak:.0f} MB "
                  f"(runs: {', '.join(f'{s:.2f}' for s, _ in runs[peer])} s)")
        print(f"{name}: ours {medians['gensim'][0] / medians['NegSampling'][0]:.1f}x gensim's speed; "
              f"outputs {'identical' if same else 'DIFFER'}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--gensim-worker":
        gensim_worker(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.environ.get("NEGSAMPLING_DATA", os.path.join(ROOT, "data")))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--corpora", default="ptb,text8")
    main(parser.parse_args())
