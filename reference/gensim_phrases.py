#!/usr/bin/env python3
"""Learns and applies phrases with gensim's own Phrases, pass after pass, as `negsampling phrases` does.

Writes the joined corpus (a line for each line read, words parted by a space) and prints, as JSON, each pass's
find_phrases (the phrases joined, with their scores). The C# phrase tests compare NegSampling's output with this.
usage: gensim_phrases.py CORPUS OUT THRESHOLD MIN_COUNT PASSES default|npmi
"""
import json
import sys

import gensim
from gensim.models.phrases import Phrases


def main(argv):
    corpus, out, threshold, min_count, passes, scoring = argv[1:7]
    with open(corpus, encoding="utf-8") as f:
        sentences = [line.split() for line in f]
    found = []
    for _ in range(int(passes)):
        model = Phrases(sentences, min_count=int(min_count), threshold=float(threshold), scoring=scoring)
        found.append(model.find_phrases(sentences))
        sentences = [model[s] for s in sentences]
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(" ".join(s) + "\n" for s in sentences)
    print(f"gensim {gensim.__version__}: {[len(p) for p in found]} phrases", file=sys.stderr)
    json.dump(found, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
