#!/usr/bin/env python3
"""NegSampling against the other word2vec trainers that can be had here, as whole processes, in one invocation.

  /usr/bin/python3 bench/compare.py --data ../shared/data [--repeats 5] [--workloads ptb-cbow,ptb-skipgram,text8-cbow]
  /usr/bin/python3 bench/compare.py --faithful-steps 300         the book's step against the PyTorch reference only
  /usr/bin/python3 bench/compare.py --zipf-tokens 100000000      peak RSS of a fast epoch on a large synthetic corpus
  /usr/bin/python3 bench/compare.py --peers gensim --baseline DIR  ours, gensim, and the launcher of another checkout
                                                                 (an older commit's worktree) alternating

Workloads (H=100, window 5, K=5, subsampling 1e-3, 2 threads, the fast configs' learning rates):
  ptb-cbow      CBOW, 10 epochs on PTB train (min count 1)
  ptb-skipgram  skip-gram, 10 epochs on PTB train
  text8-cbow    CBOW, 1 epoch on a synthetic text8-sized corpus (17M tokens, 250,000 Zipf(1.1) word types,
                min count 5; generated once, seeded, into bench/.cache/)
Peers: NegSampling (configs/ptb-*-fast.json: one train process, checkpointing every epoch, that writes the
vectors at the end with --export), gensim 4.2 (Debian's python3-gensim: one Python process that reads, trains and
saves), word2vec C (word2vec.c from the npm package word2vec 1.1.5, built by its own makefile into bench/.cache/,
with a seed: below) and fastText 0.9.2 (Debian's fasttext, -maxn 0: no subwords). A peer that cannot be had is
skipped with a note. Each process is timed from start to exit, with its peak RSS (GNU time); the runs alternate
between peers, --repeats times, and the medians are compared, since a shared machine's speed drifts by tens of
percent from minute to minute. Repeat r seeds every peer with r (word2vec C, which has no seed option, with r - 1
through a two-line patch of its random state's starts: repeat 1 runs word2vec.c's own), so that a median of
quality is one over seeds, not one seed's luck. Every peer writes word2vec text vectors, scored by gensim's own
evaluate_word_analogies / evaluate_word_pairs (reference/gensim_evaluate.py) on PTB.
Our corpus id cache is fresh in every timed run (a second run over the same corpus would map it instead; the
scale table shows both).
"""
import argparse
import functools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, "bench", ".cache")
PYTHON = "/usr/bin/python3"

WORKLOADS = {
    "ptb-cbow": {"config": "configs/ptb-cbow-fast.json", "model": "cbow", "epochs": 10, "min_count": 1, "alpha": 0.05},
    "ptb-skipgram": {"config": "configs/ptb-skipgram-fast.json", "model": "skipgram", "epochs": 10, "min_count": 1,
                     "alpha": 0.025},
    "text8-cbow": {"config": "configs/ptb-cbow-fast.json", "model": "cbow", "epochs": 1, "min_count": 5, "alpha": 0.05},
}


def timed(command, env=None):
    """Runs a command; returns (seconds, peak RSS in MB, stdout). GNU time writes its figures to a file."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as figures:
        start = time.perf_counter()
        out = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", figures.name, *command], capture_output=True,
                             text=True, env={**os.environ, **(env or {})})
        seconds = time.perf_counter() - start
        if out.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({out.returncode}): {out.stderr.strip()[-2000:]}")
        return seconds, int(figures.read().split()[-1]) / 1024, out.stdout


def corpus_of(workload):
    return os.path.join(ARGS.data, "ptb", "ptb.train.txt") if workload.startswith("ptb") else zipf_corpus(17_000_000)


def tokens_of(path):
    """Tokens as our reader counts them: words, and an <eos> per line."""
    words = lines = 0
    with open(path, "rb") as f:
        for line in f:
            words += len(line.split())
            lines += 1
    return words + lines


# ---------------------------------------------------------------------------------------------------- the peers

def ours(workload, spec, out, root=ROOT):
    """Our launcher in a checkout (this one, or --baseline's), with that checkout's config."""
    corpus = corpus_of(workload)
    sets = ["--set", f"outputDir={out}/run", "--set", f"corpusCache={out}/cache", "--set", f"corpus={corpus}",
            "--set", f"minCount={spec['min_count']}", "--set", f"epochs={spec['epochs']}",
            "--set", f"seed={spec['seed']}"]
    launcher = os.path.join(root, "negsampling")
    env = {"NEGSAMPLING_DATA": ARGS.data}
    seconds, peak, _ = timed([launcher, "train", "--config", os.path.join(root, spec["config"]), *sets,
                              "--export", f"{out}/vectors.txt"], env)
    return seconds, peak


def gensim(workload, spec, out):
    command = [PYTHON, os.path.abspath(__file__), "--gensim-worker", json.dumps(
        {"corpus": corpus_of(workload), "out": f"{out}/vectors.txt", **spec})]
    seconds, peak, _ = timed(command)
    return seconds, peak


def gensim_worker(spec):
    """The gensim process: read (every line's words and <eos>, as our reader), vocabulary, train, save."""
    from gensim.models import Word2Vec

    class Lines:
        def __iter__(self):
            with open(spec["corpus"]) as f:
                for line in f:
                    yield line.split() + ["<eos>"]

    model = Word2Vec(Lines(), vector_size=100, window=5, negative=5, hs=0, sg=int(spec["model"] == "skipgram"),
                     sample=1e-3, min_count=spec["min_count"], workers=2, epochs=spec["epochs"], alpha=spec["alpha"],
                     seed=spec["seed"])
    model.wv.save_word2vec_format(spec["out"])


@functools.cache  # once an invocation: a failed seeded build is not tried again in every run
def word2vec_binary():
    """word2vec.c from the npm package word2vec 1.1.5 (its install runs its makefile), rebuilt by the same makefile
    with a seed (below); and a note: why it is not seeded, or why there is none (binary None)."""
    package = os.path.join(CACHE, "npm", "node_modules", "word2vec", "src")
    if not os.path.exists(os.path.join(package, "word2vec")):
        if shutil.which("npm") is None:
            return None, "npm is not installed"
        out = subprocess.run(["npm", "install", "--prefix", os.path.join(CACHE, "npm"), "word2vec@1.1.5"],
                             capture_output=True, text=True)
        if out.returncode != 0 or not os.path.exists(os.path.join(package, "word2vec")):
            return None, f"npm install word2vec@1.1.5 failed: {out.stderr.strip()[-300:]}"
    seeded, why = seeded_word2vec(package)
    if seeded is None:
        return os.path.join(package, "word2vec"), f"word2vec C runs its own fixed seed in every repeat: {why}"
    return seeded, None


# word2vec.c starts its random state at 1 for the initial weights and at the thread's number in each thread, with no
# option to change them. Seed s moves both starts (0 keeps word2vec.c's own) and nothing else, so that word2vec C's
# quality, as every other peer's, is a median over seeds, not the one draw its fixed seed gives.
SEED_FROM_ENV = '(getenv("W2V_SEED") ? atoll(getenv("W2V_SEED")) : 0)'
SEED_PATCH = {
    "unsigned long long next_random = 1;": f"unsigned long long next_random = 1 + 1000003ULL * {SEED_FROM_ENV};",
    "unsigned long long next_random = (long long)id;":
        f"unsigned long long next_random = (long long)id + 7919ULL * {SEED_FROM_ENV};",
}


def seeded_word2vec(package):
    """The package's word2vec.c with SEED_PATCH applied, built by the package's makefile into bench/.cache/."""
    build = os.path.join(CACHE, "word2vec-seeded")
    binary = os.path.join(build, "word2vec")
    if os.path.exists(binary):
        return binary, None
    with open(os.path.join(package, "word2vec.c")) as f:
        source = f.read()
    for old, new in SEED_PATCH.items():
        if source.count(old) != 1:
            return None, f"word2vec.c does not have the line to seed: {old}"
        source = source.replace(old, new)
    if shutil.which("make") is None:
        return None, "make is not installed"
    os.makedirs(build, exist_ok=True)
    shutil.copy(os.path.join(package, "makefile"), build)
    with open(os.path.join(build, "word2vec.c"), "w") as f:
        f.write(source)
    out = subprocess.run(["make", "-C", build, "word2vec"], capture_output=True, text=True)
    if out.returncode != 0:
        return None, f"building the seeded word2vec.c failed: {out.stderr.strip()[-300:]}"
    return binary, None


def word2vec_c(workload, spec, out):
    binary, _ = word2vec_binary()
    seconds, peak, _ = timed([binary, "-train", corpus_of(workload), "-output", f"{out}/vectors.txt",
                              "-cbow", str(int(spec["model"] == "cbow")), "-size", "100", "-window", "5",
                              "-negative", "5", "-hs", "0", "-sample", "1e-3", "-threads", "2",
                              "-iter", str(spec["epochs"]),
                              "-min-count", str(spec["min_count"]), "-alpha", str(spec["alpha"]), "-binary", "0"],
                             env={"W2V_SEED": str(spec["seed"] - 1)})
    return seconds, peak


def fasttext(workload, spec, out):
    seconds, peak, _ = timed(["fasttext", spec["model"], "-input", corpus_of(workload), "-output", f"{out}/vectors",
                              "-dim", "100", "-ws", "5", "-neg", "5", "-loss", "ns", "-t", "1e-3", "-thread", "2",
                              "-epoch", str(spec["epochs"]), "-minCount", str(spec["min_count"]),
                              "-lr", str(spec["alpha"]), "-minn", "0", "-maxn", "0", "-verbose", "0",
                              "-seed", str(spec["seed"])])
    os.replace(f"{out}/vectors.vec", f"{out}/vectors.txt")
    return seconds, peak


def peers():
    """The peers that can be run here, and a note for each that cannot."""
    available, notes = {"NegSampling": ours}, []
    if subprocess.run([PYTHON, "-c", "import gensim"], capture_output=True).returncode == 0:
        available["gensim"] = gensim
    else:
        notes.append("gensim skipped: /usr/bin/python3 cannot import gensim (scripts/setup.sh installs it)")
    binary, why = word2vec_binary()
    if binary:
        available["word2vec C"] = word2vec_c
    if why:
        notes.append(why if binary else f"word2vec C skipped: {why}")
    if shutil.which("fasttext"):
        available["fastText"] = fasttext
    else:
        notes.append("fastText skipped: not installed (apt-get install fasttext)")
    if ARGS.baseline:
        available["baseline"] = lambda workload, spec, out: ours(workload, spec, out, root=ARGS.baseline)
    if ARGS.peers:
        wanted = ARGS.peers.split(",") + ["NegSampling"] + (["baseline"] if ARGS.baseline else [])
        available = {name: run for name, run in available.items() if name in wanted}
    return available, notes


def quality(vectors):
    out = subprocess.run([PYTHON, os.path.join(ROOT, "reference", "gensim_evaluate.py"), vectors,
                          os.path.join(ARGS.data, "eval", "questions-words.txt"),
                          os.path.join(ARGS.data, "eval", "wordsim353.tsv")],
                         capture_output=True, text=True, check=True)
    scores = json.loads(out.stdout)
    return scores["accuracy"], scores["spearman"]


# ------------------------------------------------------------------------------------------------ the workloads

def compare(workload, available):
    spec = WORKLOADS[workload]
    tokens = tokens_of(corpus_of(workload)) * spec["epochs"]
    runs = {name: [] for name in available}
    for repeat in range(ARGS.repeats):
        for name, run in available.items():
            with tempfile.TemporaryDirectory() as out:
                seconds, peak = run(workload, {**spec, "seed": repeat + 1}, out)
                scores = quality(f"{out}/vectors.txt") if workload.startswith("ptb") else (None, None)
                runs[name].append({"seconds": seconds, "peak": peak, "analogy": scores[0], "wordsim": scores[1]})
    print(f"\n{workload}: {tokens:,} words ({spec['epochs']} epoch(s)); median of {ARGS.repeats} alternating runs")
    print(f"{'':12} {'seconds':>8} {'words/s':>10} {'peak RSS':>9} {'analogy':>8} {'WS-353':>7} {'time/ours':>10}   "
          f"seconds (analogy) of every run")
    medians = {name: statistics.median(r["seconds"] for r in rs) for name, rs in runs.items()}
    for name, rs in runs.items():
        every = ", ".join(f"{r['seconds']:.2f}" + (f" ({r['analogy'] * 100:.2f}%)" if r["analogy"] is not None else "")
                          for r in rs)
        analogies = [r["analogy"] for r in rs if r["analogy"] is not None]
        quality_text = (f"{statistics.median(analogies) * 100:7.2f}% {statistics.median(r['wordsim'] for r in rs):7.3f}"
                        if analogies else f"{'':8} {'':7}")
        print(f"{name:12} {medians[name]:8.2f} {tokens / medians[name]:10,.0f} {max(r['peak'] for r in rs):7,.0f}MB "
              f"{quality_text} {medians[name] / medians['NegSampling']:9.2f}x   "
              f"{every}")
    return medians


def scale(available):
    """The text8-sized corpus in detail: load and train seconds, words/s and peak RSS; ours also from the id cache."""
    corpus = zipf_corpus(17_000_000)
    print(f"\ntext8-sized corpus, one epoch of CBOW (minCount 5): load and train")
    print(f"{'':24} {'load s':>7} {'train s':>8} {'words/s':>10} {'peak RSS':>9}")
    with tempfile.TemporaryDirectory() as cache:
        for label in ("NegSampling, first run", "NegSampling, from cache"):
            r = bench_train("configs/ptb-cbow-fast.json", "--set", f"corpus={corpus}", "--set", "minCount=5",
                            "--set", "epochs=1", "--set", f"corpusCache={cache}")
            print(f"{label:24} {r['loadSeconds']:7.2f} {r['seconds']:8.2f} {r['wordsPerSecond']:10,.0f} "
                  f"{r['peakRssMb']:7,.0f}MB")
    if "gensim" in available:
        spec = {**WORKLOADS["text8-cbow"], "corpus": corpus}
        out = subprocess.run([PYTHON, os.path.abspath(__file__), "--gensim-split", json.dumps(spec)],
                             capture_output=True, text=True, check=True)
        g = json.loads(out.stdout)
        print(f"{'gensim':24} {g['load']:7.2f} {g['train']:8.2f} {g['words'] / g['train']:10,.0f} {g['peak']:7,.0f}MB")


def gensim_split(spec):
    """gensim's load (vocabulary scan) and training timed apart, with its peak RSS."""
    import resource
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    start = time.perf_counter()
    model = Word2Vec(vector_size=100, window=5, negative=5, hs=0, sg=0, sample=1e-3, min_count=spec["min_count"],
                     workers=2, epochs=1, alpha=spec["alpha"], seed=1)
    sentences = LineSentence(spec["corpus"], max_sentence_length=100_000)
    model.build_vocab(sentences)
    load = time.perf_counter() - start
    start = time.perf_counter()
    model.train(sentences, total_examples=model.corpus_count, epochs=1)
    train = time.perf_counter() - start
    print(json.dumps({"load": load, "train": train, "words": model.corpus_total_words,
                      "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def bench_train(config, *extra):
    out = subprocess.run([os.path.join(ROOT, "negsampling"), "bench", "train", "--config", os.path.join(ROOT, config),
                          "--json", *extra], check=True, capture_output=True, text=True,
                         env={**os.environ, "NEGSAMPLING_DATA": ARGS.data})
    return json.loads(out.stdout.strip().splitlines()[-1])


def zipf_corpus(tokens, types=250_000, exponent=1.1, seed=1):
    """A seeded synthetic corpus: Zipf-distributed word types, short names for frequent ones, 1,000 words a line."""
    path = os.path.join(CACHE, f"zipf-{tokens}-{types}-{exponent}-{seed}.txt")
    if os.path.exists(path):
        return path
    import numpy as np
    os.makedirs(CACHE, exist_ok=True)
    rng = np.random.RandomState(seed)
    p = 1.0 / np.arange(1, types + 1) ** exponent
    cdf = np.cumsum(p / p.sum())

    def name(rank):  # "w" + base-26 letters of the rank (+ "s" for odd ranks): 4.4 bytes a word with its space
        letters, n = "", rank
        while True:
            letters = chr(97 + n % 26) + letters
            n = n // 26 - 1
            if n < 0:
                return "w" + letters + ("s" if rank % 2 else "")

    words = np.array([name(r) for r in range(types)], dtype=object)
    with open(path + ".partial", "w") as f:
        left = tokens
        while left > 0:
            n = min(left, 1_000_000)
            ids = np.minimum(np.searchsorted(cdf, rng.random_sample(n)), types - 1)
            f.write("\n".join(" ".join(words[ids[i:i + 1000]]) for i in range(0, n, 1000)) + "\n")
            left -= n
    os.replace(path + ".partial", path)
    return path


# ------------------------------------------------------------------------------- the book's step, and memory

def faithful():
    ours_step = bench_train("configs/ptb-cbow.json", "--steps", str(ARGS.faithful_steps), "--set", "device=cpu")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([PYTHON, os.path.join(ROOT, "reference", "word2vec_reference.py"), "train",
                              "--data", ARGS.data, "--out-vectors", os.path.join(tmp, "v.txt"),
                              "--out-loss", os.path.join(tmp, "loss.csv"),
                              "--epochs", "1", "--max-steps", str(ARGS.faithful_steps), "--threads", "1"],
                             check=True, capture_output=True, text=True)
    reference = json.loads(out.stdout)
    print(f"\nthe book's step (CBOW, Adam on dense parameters, batch 100), {ARGS.faithful_steps} steps, 1 thread each")
    print(f"NegSampling  {ours_step['msPerStepMedian']:7.2f} ms/step (median)")
    print(f"PyTorch {reference['torch']}  {reference['msPerStepMedian']:7.2f} ms/step (median)")
    print(f"ratio (ours / PyTorch): {ours_step['msPerStepMedian'] / reference['msPerStepMedian']:.2f}")


def zipf_memory(tokens):
    corpus = zipf_corpus(tokens, types=10_000)
    r = bench_train("configs/ptb-cbow-fast.json", "--steps", "2000", "--set", f"corpus={corpus}")
    size = os.path.getsize(corpus) / 2**20
    print(f"\nsynthetic Zipf corpus, {tokens:,} tokens, 10,000 types ({size:,.0f} MB of text): loaded in "
          f"{r['loadSeconds']:.1f} s, {r['wordsPerSecond']:,.0f} words/s over 2,000 steps, "
          f"peak RSS {r['peakRssMb']:,.0f} MB")


def main():
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}")
    if ARGS.zipf_tokens:
        zipf_memory(ARGS.zipf_tokens)
        return
    available, notes = peers()
    for note in notes:
        print(note)
    for workload in [w for w in ARGS.workloads.split(",") if w]:
        medians = compare(workload, available)
        if "gensim" in medians:
            print(f"ratio of whole-process words/s, ours to gensim: {medians['gensim'] / medians['NegSampling']:.2f}")
    if "text8-cbow" in ARGS.workloads:
        scale(available)
    if ARGS.faithful_steps:
        faithful()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--gensim-worker":
        gensim_worker(json.loads(sys.argv[2]))
        sys.exit(0)
    if len(sys.argv) == 3 and sys.argv[1] == "--gensim-split":
        gensim_split(json.loads(sys.argv[2]))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.environ.get("NEGSAMPLING_DATA", os.path.join(ROOT, "data")))
    parser.add_argument("--repeats", type=int, default=5,
                        help="alternating runs of every peer; the medians are compared")
    parser.add_argument("--workloads", default="ptb-cbow,ptb-skipgram,text8-cbow")
    parser.add_argument("--faithful-steps", type=int, default=300, help="0 skips the faithful step's comparison")
    parser.add_argument("--peers", default="", help="only these peers besides ours (e.g. gensim,fastText)")
    parser.add_argument("--baseline", default="",
                        help="another checkout (e.g. a worktree of an older commit) whose launcher runs as a peer")
    parser.add_argument("--zipf-tokens", type=int, default=0,
                        help="instead: the memory check on a corpus of this many tokens")
    ARGS = parser.parse_args()
    main()
