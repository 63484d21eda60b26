#!/usr/bin/env python3
"""Runs NegSampling, gensim and the PyTorch reference with the same hyper-parameters in one invocation
and prints the figures and ratios (issue: speed). Needs Debian's python3-gensim and python3-torch
(scripts/setup.sh installs them) and the data directory (PTB and the evaluation sets).

  /usr/bin/python3 bench/compare.py --data ../shared/data [--epochs 10] [--repeats 3] [--faithful-steps 300]
  /usr/bin/python3 bench/compare.py --zipf-tokens 100000000      peak RSS on a 100M-token synthetic corpus

Fast mode vs gensim: CBOW, H=100, window 5, K=5, 10 epochs on PTB train, 2 workers, words/s and quality;
gensim gets the fast config's subsampling threshold (gensim always shrinks windows, as the config does).
The runs alternate, ours then gensim, --repeats times; the medians are compared, since a shared machine's
speed drifts by tens of percent from one minute to the next.
Faithful mode vs PyTorch: the book's step (Adam on dense parameters, batch 100), ms/step (median).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAST_CONFIG = "configs/ptb-cbow-fast.json"


def ours(config, *extra):
    out = subprocess.run([os.path.join(ROOT, "negsampling"), "bench", "train", "--config", os.path.join(ROOT, config), "--json", *extra],
                         check=True, capture_output=True, text=True, env={**os.environ, "NEGSAMPLING_DATA": ARGS.data})
    return json.loads(out.stdout.strip().splitlines()[-1])


def fast_config():
    """The fast CBOW config as a dict (its // comments dropped)."""
    with open(os.path.join(ROOT, FAST_CONFIG)) as f:
        return json.loads(re.sub(r"^\s*//.*$", "", f.read(), flags=re.M))


def median_run(runs):
    """The run whose words/s is the median (the lower middle one for an even count)."""
    return sorted(runs, key=lambda r: r["wordsPerSecond"])[(len(runs) - 1) // 2]


def gensim_run(epochs, sample):
    from gensim.models import Word2Vec
    with open(os.path.join(ARGS.data, "ptb", "ptb.train.txt")) as f:
        sentences = [line.split() + ["<eos>"] for line in f]
    tokens = sum(len(s) for s in sentences)
    model = Word2Vec(vector_size=100, window=5, negative=5, hs=0, sg=0, sample=sample, min_count=1, workers=2, epochs=epochs, seed=1)
    model.build_vocab(sentences)
    # Training only, as ours is timed without loading the corpus and building the vocabulary.
    start = time.perf_counter()
    model.train(sentences, total_examples=model.corpus_count, epochs=epochs)
    seconds = time.perf_counter() - start
    kv = model.wv
    accuracy, _ = kv.evaluate_word_analogies(os.path.join(ARGS.data, "eval", "questions-words.txt"))
    _, spearman, _ = kv.evaluate_word_pairs(os.path.join(ARGS.data, "eval", "wordsim353.tsv"))
    import gensim
    return {"gensim": gensim.__version__, "seconds": seconds, "wordsPerSecond": tokens * epochs / seconds,
            "analogyAccuracy": accuracy, "wordsim353Spearman": float(spearman[0])}


def torch_reference(steps):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, os.path.join(ROOT, "reference", "word2vec_reference.py"), "train", "--data", ARGS.data,
                              "--out-vectors", os.path.join(tmp, "v.txt"), "--out-loss", os.path.join(tmp, "loss.csv"),
                              "--epochs", "1", "--max-steps", str(steps)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def zipf_memory(tokens):
    """Peak RSS of a fast-mode run on a synthetic Zipf corpus (10,000 words) of the given size."""
    import numpy as np
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "zipf.txt")
        rng = np.random.RandomState(1)
        words = np.array([f"w{i}" for i in range(10000)])
        p = 1.0 / np.arange(1, 10001)
        p /= p.sum()
        with open(path, "w") as f:
            for _ in range(tokens // 1_000_000):
                ids = rng.choice(10000, size=(50_000, 20), p=p)
                f.write("\n".join(" ".join(row) for row in words[ids]) + "\n")
        size = os.path.getsize(path) / 2**20
        r = ours(FAST_CONFIG, "--steps", "2000", "--set", f"corpus={path}", "--set", "sample=0",
                 "--set", "learningRate=0.025")  # every token in, so the rate for no subsampling (see the config)
    print(f"\nsynthetic Zipf corpus, {tokens:,} tokens ({size:,.0f} MB of text): loaded in {r['loadSeconds']:.0f} s, "
          f"{r['wordsPerSecond']:,.0f} words/s over 2,000 steps, peak RSS {r['peakRssMb']:,.0f} MB (goal < 1,536 MB)")


def main():
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}")
    if ARGS.zipf_tokens:
        zipf_memory(ARGS.zipf_tokens)
        return
    sample = fast_config()["sample"]
    runs = {"NegSampling": [], "gensim": []}
    for _ in range(ARGS.repeats):
        runs["NegSampling"].append(ours(FAST_CONFIG, "--evaluate", "--set", f"epochs={ARGS.epochs}"))
        runs["gensim"].append(gensim_run(ARGS.epochs, sample))
    fast, gen = median_run(runs["NegSampling"]), median_run(runs["gensim"])
    print(f"\nfast mode vs gensim {gen['gensim']} (CBOW, H=100, window 5, K=5, sample {sample:g}, {ARGS.epochs} epochs, "
          f"2 workers; {ARGS.repeats} alternating runs each)")
    print(f"{'':12} {'seconds':>8} {'words/s':>10} {'analogy':>8} {'WS-353':>7}   words/s of every run")
    for name, r in (("NegSampling", fast), ("gensim", gen)):
        every = ", ".join(f"{x['wordsPerSecond']:,.0f}" for x in runs[name])
        print(f"{name:12} {r['seconds']:8.1f} {r['wordsPerSecond']:10,.0f} {r['analogyAccuracy'] * 100:7.2f}% {r['wordsim353Spearman']:7.3f}   {every}")
    worst = min(runs["NegSampling"], key=lambda r: r["analogyAccuracy"])
    print(f"words/s ratio of the medians (ours / gensim): {fast['wordsPerSecond'] / gen['wordsPerSecond']:.2f}  (goal >= 1.0); "
          f"our lowest quality of the {ARGS.repeats} runs: {worst['analogyAccuracy'] * 100:.2f}% / "
          f"{min(r['wordsim353Spearman'] for r in runs['NegSampling']):.3f} (goal >= 5.4% / 0.22)")

    faithful = ours("configs/ptb-cbow.json", "--steps", str(ARGS.faithful_steps), "--set", "device=cpu")
    reference = torch_reference(ARGS.faithful_steps)
    print(f"\nfaithful mode vs PyTorch {reference['torch']} (the book's step: CBOW, Adam on dense parameters, batch 100)")
    print(f"NegSampling  {faithful['msPerStepMedian']:7.2f} ms/step ({faithful['threads']} threads)")
    print(f"PyTorch      {reference['msPerStepMedian']:7.2f} ms/step ({reference['threads']} threads)")
    print(f"ms/step ratio (ours / PyTorch): {faithful['msPerStepMedian'] / reference['msPerStepMedian']:.2f}  (goal <= 0.25)")
    print(f"\npeak RSS: fast {fast['peakRssMb']:.0f} MB, faithful {faithful['peakRssMb']:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.environ.get("NEGSAMPLING_DATA", os.path.join(ROOT, "data")))
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3, help="alternating runs of ours and gensim; the medians are compared")
    parser.add_argument("--faithful-steps", type=int, default=300)
    parser.add_argument("--zipf-tokens", type=int, default=0, help="instead: the memory check on a synthetic corpus of this many tokens")
    ARGS = parser.parse_args()
    main()
