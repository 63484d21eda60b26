#!/usr/bin/env python3
"""Scores a word2vec file with gensim's own evaluate_word_analogies and evaluate_word_pairs, printing JSON.

The C# evaluation tests compare NegSampling's scores with these on the same file.
usage: gensim_evaluate.py VECTORS QUESTIONS PAIRS [--binary]
"""
import json
import sys

import gensim
from gensim.models import KeyedVectors


def main(argv):
    vectors, questions, pairs = argv[1:4]
    kv = KeyedVectors.load_word2vec_format(vectors, binary="--binary" in argv)
    accuracy, sections = kv.evaluate_word_analogies(questions)
    pearson, spearman, oov = kv.evaluate_word_pairs(pairs)
    json.dump({
        "gensim": gensim.__version__,
        "accuracy": accuracy,
        "sections": [{"name": s["section"], "correct": len(s["correct"]), "incorrect": len(s["incorrect"])}
                     for s in sections],
        "pearson": float(pearson[0]),
        "spearman": float(spearman[0]),
        "oovRatio": float(oov),
    }, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
