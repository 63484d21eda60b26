#!/usr/bin/env python3
"""Answers KeyedVectors queries with gensim for a list of query words, printing JSON.

The C# WordVectors tests ask the same questions of the same file and compare words and scores.
usage: gensim_queries.py VECTORS WORDS [--binary] [--limit N]
  VECTORS  a word2vec file; WORDS a file of query words, one a line (at least 5)
For query i, with w(i) the i-th word (cyclically): most_similar(w(i)), with restrict_vocab=2000;
most_similar and most_similar_cosmul of positive [w(i), w(i+1)], negative [w(i+2)]; similarity and distance of
w(i), w(i+1); n_similarity([w(i), w(i+1)], [w(i+2), w(i+3)]); distances(w(i), w(i+1..i+4)); doesnt_match(w(i..i+3));
closer_than and rank of w(i) and its 5th neighbour; get_mean_vector(w(i..i+2)) raw and post-normalised;
get_vector(w(i), norm=True); similar_by_vector(get_vector(w(i))).
"""
import json
import logging
import sys

import gensim
from gensim.models import KeyedVectors


def pairs(result):
    # gensim 4.2 leaves an empty slot (key None, a zero vector) at the end for each duplicate word it drops.
    return [[word, float(score)] for word, score in result if word is not None]


def floats(values):
    return [float(x) for x in values]


def main(argv):
    vectors, words_file = argv[1:3]
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    warnings = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    logging.getLogger("gensim").addHandler(Collect())
    kv = KeyedVectors.load_word2vec_format(vectors, binary="--binary" in argv, limit=limit)
    words = open(words_file, encoding="utf-8").read().split()
    n = len(words)

    def w(i):
        return words[i % n]

    queries = []
    for i in range(n):
        fifth = kv.most_similar(w(i), topn=5)[-1][0]
        queries.append({
            "word": w(i),
            "mostSimilar": pairs(kv.most_similar(w(i), topn=10)),
            "restricted": pairs(kv.most_similar(w(i), topn=10, restrict_vocab=2000)),
            "analogy": pairs(kv.most_similar(positive=[w(i), w(i + 1)], negative=[w(i + 2)], topn=10)),
            "cosmul": pairs(kv.most_similar_cosmul(positive=[w(i), w(i + 1)], negative=[w(i + 2)], topn=10)),
            "similarity": float(kv.similarity(w(i), w(i + 1))),
            "distance": float(kv.distance(w(i), w(i + 1))),
            "nSimilarity": float(kv.n_similarity([w(i), w(i + 1)], [w(i + 2), w(i + 3)])),
            "distances": floats(kv.distances(w(i), [w(i + 1), w(i + 2), w(i + 3), w(i + 4)])),
            "doesntMatch": kv.doesnt_match([w(i), w(i + 1), w(i + 2), w(i + 3)]),
            "fifth": fifth,
            "closerThan": kv.closer_than(w(i), fifth),
            "rank": kv.rank(w(i), fifth),
            "mean": floats(kv.get_mean_vector([w(i), w(i + 1), w(i + 2)])),
            "meanUnit": floats(kv.get_mean_vector([w(i), w(i + 1), w(i + 2)], post_normalize=True)),
            "unit": floats(kv.get_vector(w(i), norm=True)),
            "byVector": pairs(kv.similar_by_vector(kv.get_vector(w(i)), topn=10)),
        })
    words_kept = [w for w in kv.index_to_key if w is not None]
    json.dump({"gensim": gensim.__version__, "words": words_kept, "slots": len(kv.index_to_key), "warnings": warnings,
               "queries": queries}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
