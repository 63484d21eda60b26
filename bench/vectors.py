#!/usr/bin/env python3
"""Big pretrained vectors, ours against gensim 4.2, as whole processes (issue 27).

Generates seeded random vectors (words w0, w1, ...; float32 normal): a word2vec binary of --words x --dim, a text
file of its first --text-words rows, our native file (`negsampling export --format native`) and gensim's own
(`KeyedVectors.save`, loaded with mmap='r'). Then, alternating the peers --repeats times, medians of:
load + first most_similar, each as a whole process (start to exit) with its peak RSS, for the binary, the text and
the mapped files; and, on the binary, --queries queries one by one (ours and gensim's) and batched (ours:
WordVectors.MostSimilarBatch; gensim has no batched call), in seconds per query.

usage: /usr/bin/python3 bench/vectors.py [--words 1000000 --dim 300 --text-words 200000 --queries 1000
                                          --repeats 3 --out bench/.cache/vectors]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import ROOT, timed  # noqa: E402  (the launcher and GNU time's peak RSS, as compare.py runs them)

GENSIM = r"""
import json, sys, time
start = time.perf_counter()
from gensim.models import KeyedVectors
path, kind, queries = sys.argv[1:4]
if kind == "mmap":
    kv = KeyedVectors.load(path, mmap="r")
else:
    kv = KeyedVectors.load_word2vec_format(path, binary=kind == "binary")
loaded = time.perf_counter()
words = open(queries).read().split()
kv.most_similar(words[0], topn=10)
first = time.perf_counter()
figures = {"loadSeconds": loaded - start, "firstQuerySeconds": first - loaded}
if "--all" in sys.argv:
    for w in words:
        kv.most_similar(w, topn=10)
    figures["oneByOneSeconds"] = time.perf_counter() - first
    figures["queries"] = len(words)
json.dump(figures, sys.stdout)
"""


def generate(out, words, dim, text_words, queries):
    """The seeded files; kept between invocations (their names hold the sizes)."""
    os.makedirs(out, exist_ok=True)
    stem = os.path.join(out, f"vec{words}x{dim}")
    files = {"binary": stem + ".bin", "text": f"{stem}.first{text_words}.txt", "native": stem + ".nsvec",
             "gensim": stem + ".kv", "queries": f"{stem}.queries{queries}.txt"}
    if not os.path.exists(files["binary"]):
        rng = np.random.default_rng(1)
        with open(files["binary"] + ".tmp", "wb") as f, open(files["text"] + ".tmp", "w") as t:
            f.write(f"{words} {dim}\n".encode())
            t.write(f"{min(words, text_words)} {dim}\n")
            for first in range(0, words, 10_000):
                block = rng.standard_normal((min(10_000, words - first), dim), dtype=np.float32)
                for i, row in enumerate(block, first):
                    f.write(b"w%d " % i + row.tobytes() + b"\n")
                    if i < text_words:
                        t.write(f"w{i} " + " ".join(repr(float(x)) for x in row) + "\n")
        os.replace(files["text"] + ".tmp", files["text"])
        os.replace(files["binary"] + ".tmp", files["binary"])
    if not os.path.exists(files["native"]):
        subprocess.run([os.path.join(ROOT, "negsampling"), "export", "--checkpoint", files["binary"], "--format",
                        "native", "--out", files["native"]], check=True, capture_output=True)
    if not os.path.exists(files["gensim"]):
        from gensim.models import KeyedVectors
        KeyedVectors.load_word2vec_format(files["binary"], binary=True).save(files["gensim"])
    if not os.path.exists(files["queries"]):
        ids = np.random.default_rng(2).choice(words, size=queries, replace=False)
        # The first query is the one every load + first query run asks: a word the text file (first rows) holds too.
        inside = np.flatnonzero(ids < text_words)
        if inside.size:
            ids[[0, inside[0]]] = ids[[inside[0], 0]]
        with open(files["queries"], "w") as f:
            f.write("".join(f"w{i}\n" for i in ids))
    return files


def ours(path, queries, every):
    """Load + first query (and, with every, all queries one by one and batched): whole process, figures."""
    command = [os.path.join(ROOT, "negsampling"), "bench", "vectors", "--vectors", path, "--top", "10", "--json",
               "--queries", queries]
    if not every:
        with open(queries) as f:
            first = f.readline()
        single = queries + ".first"
        with open(single, "w") as f:
            f.write(first)
        command[-1] = single
    seconds, rss, out = timed(command)
    return seconds, rss, json.loads(out)


def gensim(path, kind, queries, every):
    command = [sys.executable, "-c", GENSIM, path, kind, queries] + (["--all"] if every else [])
    seconds, rss, out = timed(command)
    return seconds, rss, json.loads(out)


def every_query(name):
    """Whether a run answered every query (the others answer one: their per-query figures mean nothing)."""
    return name.endswith("every query")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--dim", type=int, default=300)
    parser.add_argument("--text-words", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", ".cache", "vectors"))
    args = parser.parse_args()
    files = generate(args.out, args.words, args.dim, args.text_words, args.queries)
    matrix_mb = args.words * args.dim * 4 / 2**20
    print(f"{args.words:,} x {args.dim} (matrix {matrix_mb:,.0f} MB), text {args.text_words:,} rows, "
          f"{args.queries:,} queries, {args.repeats} repeats (medians)")
    runs = {
        "binary, load + first query": (lambda: ours(files["binary"], files["queries"], False),
                                       lambda: gensim(files["binary"], "binary", files["queries"], False)),
        "text, load + first query": (lambda: ours(files["text"], files["queries"], False),
                                     lambda: gensim(files["text"], "text", files["queries"], False)),
        "mapped (native / gensim mmap='r')": (lambda: ours(files["native"], files["queries"], False),
                                              lambda: gensim(files["gensim"], "mmap", files["queries"], False)),
        "binary, every query": (lambda: ours(files["binary"], files["queries"], True),
                                lambda: gensim(files["binary"], "binary", files["queries"], True)),
    }
    for name, (mine, theirs) in runs.items():
        results = {"ours": [], "gensim": []}
        for _ in range(args.repeats):
            results["ours"].append(mine())
            results["gensim"].append(theirs())
        print(name)
        for peer, rows in results.items():
            seconds = statistics.median(r[0] for r in rows)
            rss = statistics.median(r[1] for r in rows)
            figures = {k: statistics.median(r[2][k] for r in rows) for k in rows[0][2]
                       if isinstance(rows[0][2][k], (int, float))}
            line = f"  {peer:7} process {seconds:7.2f} s  peak RSS {rss:8.0f} MB"
            for key in ("loadSeconds", "firstQuerySeconds", "firstAnswerSinceStartSeconds", "rssBeforeQueryMb"):
                if key in figures:
                    line += f"  {key} {figures[key]:.3f}"
            for key in ("oneByOneSeconds", "batchedSeconds"):
                if key in figures and every_query(name):
                    line += f"  {key[:-7]} {figures[key] / figures['queries'] * 1000:.2f} ms/query"
            print(line)


if __name__ == "__main__":
    main()
