#!/usr/bin/env python3
"""Reads vector exports with gensim and numpy, printing their words and vectors as JSON.

The C# export tests check that the words come in the order they expect and that each word's vector is its own.
usage: read_exports.py FORMAT PATH [FORMAT PATH ...]
  FORMAT  word2vec, word2vec-binary (gensim's load_word2vec_format, also with limit=2), float16 (numpy's np.load and
          the .words.txt beside it) or native (parsed here from its documented layout with numpy)
"""
import json
import struct
import sys

import numpy as np
from gensim.models import KeyedVectors


def native(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"NSVECTR1", "not a native vectors file"
    v, h, word_bytes = struct.unpack("<QQQ", data[8:32])
    words = data[32:32 + word_bytes].decode("utf-8").split("\n")[:-1]
    offset = (32 + word_bytes + 63) // 64 * 64
    matrix = np.frombuffer(data, dtype="<f4", offset=offset).reshape(v, h)
    return words, matrix


def main(argv):
    result = {}
    for fmt, path in zip(argv[1::2], argv[2::2]):
        entry = {}
        if fmt in ("word2vec", "word2vec-binary"):
            binary = fmt == "word2vec-binary"
            kv = KeyedVectors.load_word2vec_format(path, binary=binary)
            words, matrix = list(kv.index_to_key), kv.vectors
            entry["limit2"] = list(KeyedVectors.load_word2vec_format(path, binary=binary, limit=2).index_to_key)
        elif fmt == "float16":
            matrix = np.load(path).astype(np.float32)
            with open(path[:-len(".npy")] + ".words.txt", encoding="utf-8") as f:
                words = f.read().split("\n")[:-1]
        elif fmt == "native":
            words, matrix = native(path)
        else:
            raise SystemExit(f"unknown format {fmt}")
        entry["words"] = words
        entry["vectors"] = [[float(x) for x in row] for row in matrix]
        result[path] = entry
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
