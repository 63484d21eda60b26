#!/usr/bin/env python3
"""A plain PyTorch word2vec with negative sampling (CBOW and skip-gram), written from the book's equations
and independent of the C# code. It produces the numbers the C# parity tests must match.

Runs with Debian's python3-torch (1.13) and with current PyTorch.

  word2vec_reference.py scenarios --out DIR          small cases: 100 Adam / SGD steps, float32 and float64
  word2vec_reference.py ptb --data DIR --out FILE    1 epoch of CBOW on the first 20,000 PTB tokens, Adam
  word2vec_reference.py train --data DIR --out-vectors F --out-loss L [--device cuda] [--epochs N] ...
                             [--init-from W.pt] [--save-state-dict S.pt]
                                                    the book's recipe on PTB, for `negsampling compare`
  word2vec_reference.py batched --corpus F --out-loss L [--device cuda] [--model M] [--batch B] ...
                                                    word2vec's SGD in large batches (NegSampling's step "batched")
  word2vec_reference.py steps --init-from W.pt --out-state-dict S.pt --out-case C.json [--model M] [--steps N]
                                                    N Adam steps from W.pt on seeded random batches and negatives

Model (the book's): CBOW h = mean(W_in[contexts]); skip-gram h = W_in[target] for each context.
Scores s = W_out[[target, negatives]] . h; loss = sum over scores of BCE-with-logits(s, [1, 0, ..., 0])
divided by the batch size B (the book's per-column SigmoidWithLoss means, summed). Skip-gram rows are
the B x 2W (target, context) pairs in row-major order, and its loss is divided by B as well.

Arrays in the JSON files are {"dtype", "shape", "data": base64 of little-endian bytes}: exact and compact.
Inputs come from numpy's RandomState (stable across versions), outputs from torch.
"""
import argparse
import base64
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

# The batched step's rowUpdateCap defaults (README, "Fast mode"): a row's updates in a batch add up to this many.
ROW_CAP = {"cbow": 64, "skipgram": 128}
DTYPES = {"float32": (torch.float32, "<f4"), "float64": (torch.float64, "<f8"), "int64": (torch.int64, "<i8")}


def encode(array, dtype):
    array = np.ascontiguousarray(np.asarray(array).astype(DTYPES[dtype][1]))
    return {"dtype": dtype, "shape": list(array.shape), "data": base64.b64encode(array.tobytes()).decode("ascii")}


def decode(obj):
    array = np.frombuffer(base64.b64decode(obj["data"]), dtype=DTYPES[obj["dtype"]][1])
    return array.reshape(obj["shape"])


class Word2Vec(torch.nn.Module):
    def __init__(self, model, w_in, w_out):
        super().__init__()
        self.model = model
        self.w_in = torch.nn.Embedding.from_pretrained(torch.tensor(w_in), freeze=False)
        self.w_out = torch.nn.Embedding.from_pretrained(torch.tensor(w_out), freeze=False)

    def forward(self, contexts, target, negatives):
        batch = target.shape[0]
        if self.model == "cbow":
            h = self.w_in(contexts).mean(dim=1)
            positive = target
        else:
            width = contexts.shape[1]
            h = self.w_in(target).unsqueeze(1).expand(batch, width, -1).reshape(batch * width, -1)
            positive = contexts.reshape(-1)
        idx = torch.cat([positive.unsqueeze(1), negatives], dim=1)
        scores = (self.w_out(idx) * h.unsqueeze(1)).sum(dim=-1)
        labels = torch.zeros_like(scores)
        labels[:, 0] = 1
        return F.binary_cross_entropy_with_logits(scores, labels, reduction="sum") / batch


def make_optimizer(spec, params):
    if spec["name"] == "adam":
        return torch.optim.Adam(params, lr=spec["lr"], betas=tuple(spec["betas"]), eps=spec["eps"])
    return torch.optim.SGD(params, lr=spec["lr"])


def run(case, max_grad_norm=None, log_every=None):
    """Trains case's model on its batches; returns losses, the first step's gradients and the final weights."""
    torch_dtype = DTYPES[case["dtype"]][0]
    w_in = decode(case["W_in"]).astype(DTYPES[case["dtype"]][1])
    w_out = decode(case["W_out"]).astype(DTYPES[case["dtype"]][1])
    model = Word2Vec(case["model"], w_in, w_out).to(torch_dtype)
    optimizer = make_optimizer(case["optimizer"], model.parameters())
    losses, grads = [], None
    for batch in case["batches"]:
        contexts, target, negatives = (torch.tensor(decode(batch[k])) for k in ("contexts", "target", "negatives"))
        optimizer.zero_grad()
        loss = model(contexts, target, negatives)
        loss.backward()
        if grads is None:
            grads = {"W_in": model.w_in.weight.grad.detach().clone(), "W_out": model.w_out.weight.grad.detach().clone()}
        optimizer.step()
        losses.append(loss.item())
    return {
        "losses": losses,
        "grad_W_in": encode(grads["W_in"].numpy(), case["dtype"]),
        "grad_W_out": encode(grads["W_out"].numpy(), case["dtype"]),
        "final_W_in": encode(model.w_in.weight.detach().numpy(), case["dtype"]),
        "final_W_out": encode(model.w_out.weight.detach().numpy(), case["dtype"]),
    }


def load_state_dict(path):
    """A state_dict {w_in.weight, w_out.weight} (torch.load with weights_only: tensors only) and its vocabulary."""
    state = torch.load(path, weights_only=True)
    vocabulary = os.path.splitext(path)[0] + ".vocab.txt"
    with open(vocabulary, encoding="utf-8") as f:
        words = f.read().split("\n")[:-1]
    return state["w_in.weight"], state["w_out.weight"], words


def save_state_dict(path, model, words):
    """model.state_dict() (w_in.weight, w_out.weight) with torch.save, and the vocabulary beside it, as negsampling
    does."""
    torch.save({k: v.detach().cpu().clone() for k, v in model.state_dict().items()}, path)
    with open(os.path.splitext(path)[0] + ".vocab.txt", "w", encoding="utf-8") as f:
        f.write("".join(w + "\n" for w in words))


def small_case(name, model, dtype, optimizer, seed, vocab=30, hidden=8, window=2, negatives=3, batch=6, steps=100):
    rng = np.random.RandomState(seed)
    width = 2 * window
    rows = batch * width if model == "skipgram" else batch
    batches = []
    for _ in range(steps):
        batches.append({
            "contexts": encode(rng.randint(0, vocab, size=(batch, width)), "int64"),
            "target": encode(rng.randint(0, vocab, size=batch), "int64"),
            # Repeats within a row on purpose: the hand-written backward must accumulate them.
            "negatives": encode(rng.randint(0, vocab, size=(rows, negatives)), "int64"),
        })
    case = {
        "name": name, "model": model, "dtype": dtype, "V": vocab, "H": hidden, "window": window, "K": negatives,
        "optimizer": optimizer,
        "W_in": encode(rng.randn(vocab, hidden) * 0.5, dtype),
        "W_out": encode(rng.randn(vocab, hidden) * 0.5, dtype),
        "batches": batches,
    }
    case["expected"] = run(case)
    return case


ADAM = {"name": "adam", "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8}
SGD = {"name": "sgd", "lr": 0.5}


def scenarios(args):
    cases = [
        small_case("cbow-adam-float32", "cbow", "float32", ADAM, 1),
        small_case("cbow-sgd-float32", "cbow", "float32", SGD, 2),
        small_case("skipgram-adam-float32", "skipgram", "float32", ADAM, 3),
        small_case("skipgram-sgd-float32", "skipgram", "float32", SGD, 4),
        small_case("cbow-adam-float64", "cbow", "float64", ADAM, 5),
        small_case("skipgram-sgd-float64", "skipgram", "float64", SGD, 6),
    ]
    for case in cases:
        case["torch"] = torch.__version__
        with open(f"{args.out}/{case['name']}.json", "w") as f:
            json.dump(case, f, indent=0)
    print(f"torch {torch.__version__}: wrote {len(cases)} scenarios to {args.out}", file=sys.stderr)


def read_ptb(data, tokens=None):
    with open(f"{data}/ptb/ptb.train.txt") as f:
        words = f.read().replace("\n", " <eos> ").split()  # the book's load_data
    words = words[:tokens] if tokens else words
    word_to_id = {}
    for w in words:
        word_to_id.setdefault(w, len(word_to_id))
    corpus = np.array([word_to_id[w] for w in words])
    return words, word_to_id, corpus


def unigram_negatives(rng, corpus, vocab, targets, k, power=0.75):
    """The book's UnigramSampler, CPU branch: target excluded, no repeats, p = counts^0.75 normalised."""
    p = np.bincount(corpus, minlength=vocab).astype(np.float64) ** power
    p /= p.sum()
    out = np.empty((len(targets), k), dtype=np.int64)
    for i, t in enumerate(targets):
        q = p.copy()
        q[t] = 0
        q /= q.sum()
        out[i] = rng.choice(vocab, size=k, replace=False, p=q)
    return out


def ptb_case(data, tokens=20000, window=5, hidden=100, batch=100, negatives=5, seed=7):
    _, word_to_id, corpus = read_ptb(data, tokens)
    vocab = len(word_to_id)
    rng = np.random.RandomState(seed)
    targets = corpus[window:-window]
    contexts = np.stack([corpus[i - window:i].tolist() + corpus[i + 1:i + window + 1].tolist()
                         for i in range(window, len(corpus) - window)])
    batches = []
    for start in range(0, len(targets) // batch * batch, batch):  # in order, remainder dropped (the book's Trainer)
        t = targets[start:start + batch]
        batches.append({
            "contexts": encode(contexts[start:start + batch], "int64"),
            "target": encode(t, "int64"),
            "negatives": encode(unigram_negatives(rng, corpus, vocab, t, negatives), "int64"),
        })
    case = {
        "name": "ptb-cbow-adam-1epoch", "model": "cbow", "dtype": "float32", "V": vocab, "H": hidden,
        "window": window, "K": negatives, "tokens": tokens,
        "optimizer": {"name": "adam", "lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-8},
        "W_in": encode(rng.randn(vocab, hidden) * 0.01, "float32"),
        "W_out": encode(rng.randn(vocab, hidden) * 0.01, "float32"),
        "batches": batches,
    }
    case["expected"] = run(case)
    case["torch"] = torch.__version__
    return case


def ptb(args):
    case = ptb_case(args.data, args.tokens)
    with open(args.out, "w") as f:
        json.dump(case, f)
    print(f"torch {torch.__version__}: {case['name']}, V={case['V']}, {len(case['batches'])} steps, "
          f"final loss {case['expected']['losses'][-1]:.6f}", file=sys.stderr)


def steps(args):
    """Adam steps from a state_dict on seeded random batches; writes the final state_dict and the inputs as a case."""
    w_in, w_out, words = load_state_dict(args.init_from)
    rng = np.random.RandomState(args.seed)
    vocab, hidden = w_in.shape
    window, negatives, batch = 2, 3, 6
    rows = batch * 2 * window if args.model == "skipgram" else batch
    case = {
        "name": "state-dict-steps", "model": args.model, "dtype": "float32", "V": vocab, "H": hidden,
        "window": window, "K": negatives, "optimizer": ADAM,
        "W_in": encode(w_in.numpy(), "float32"), "W_out": encode(w_out.numpy(), "float32"),
        "batches": [{
            "contexts": encode(rng.randint(0, vocab, size=(batch, 2 * window)), "int64"),
            "target": encode(rng.randint(0, vocab, size=batch), "int64"),
            "negatives": encode(rng.randint(0, vocab, size=(rows, negatives)), "int64"),
        } for _ in range(args.steps)],
    }
    expected = run(case)
    model = Word2Vec(args.model, decode(expected["final_W_in"]).copy(), decode(expected["final_W_out"]).copy())
    save_state_dict(args.out_state_dict, model, words)
    case["torch"] = torch.__version__
    with open(args.out_case, "w") as f:
        json.dump(case, f)
    print(f"torch {torch.__version__}: {args.steps} steps from {args.init_from}, wrote {args.out_state_dict}",
          file=sys.stderr)


def train(args):
    """The book's recipe on PTB in plain PyTorch (CPU or CUDA); writes word2vec text vectors and loss.csv."""
    words, word_to_id, corpus = read_ptb(args.data)
    vocab = len(word_to_id)
    rng = np.random.RandomState(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)  # Debian's build starts with one thread; use the machine, as we do
    device = torch.device(args.device)
    w = args.window
    w_in = (rng.randn(vocab, args.hidden) * 0.01).astype("<f4")
    w_out = (rng.randn(vocab, args.hidden) * 0.01).astype("<f4")
    if args.init_from:
        given_in, given_out, given_words = load_state_dict(args.init_from)
        id_to_word = sorted(word_to_id, key=word_to_id.get)
        if given_words != id_to_word:
            first = next((i for i, (a, b) in enumerate(zip(given_words, id_to_word)) if a != b),
                         min(len(given_words), vocab))
            sys.exit(f"{args.init_from}: its vocabulary is not PTB's in order of first occurrence "
                     f"(first difference at word {first})")
        if tuple(given_in.shape) != (vocab, args.hidden):
            sys.exit(f"{args.init_from}: w_in.weight is {list(given_in.shape)}, expected [{vocab}, {args.hidden}]")
        w_in, w_out = given_in.numpy().astype("<f4"), given_out.numpy().astype("<f4")
    model = Word2Vec(args.model, w_in, w_out).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    corpus_t = torch.tensor(corpus, device=device)
    p = torch.bincount(corpus_t, minlength=vocab).double() ** 0.75
    p /= p.sum()
    offsets = torch.tensor(list(range(-w, 0)) + list(range(1, w + 1)), device=device)
    n = len(corpus) - 2 * w
    step = 0
    step_ms = []
    last = time.perf_counter()
    with open(args.out_loss, "w") as log:
        log.write("step,epoch,iteration,loss\n")
        for epoch in range(args.epochs):
            order = torch.randperm(n, device=device)
            total, count = 0.0, 0
            for it in range(n // args.batch):
                positions = order[it * args.batch:(it + 1) * args.batch] + w
                target = corpus_t[positions]
                contexts = corpus_t[positions.unsqueeze(1) + offsets]
                rows = target.shape[0] * (2 * w if args.model == "skipgram" else 1)
                negatives = torch.multinomial(p.expand(rows, vocab), args.negatives, replacement=True)
                optimizer.zero_grad()
                loss = model(contexts, target, negatives)
                loss.backward()
                optimizer.step()
                step += 1
                total += loss.item()
                count += 1
                now = time.perf_counter()
                step_ms.append((now - last) * 1000)
                last = now
                if (it + 1) % args.eval_interval == 0:
                    log.write(f"{step},{epoch + 1},{it + 1},{total / count!r}\n")
                    total, count = 0.0, 0
                if args.max_steps and step >= args.max_steps:
                    break
            if args.max_steps and step >= args.max_steps:
                break
    if args.save_state_dict:
        save_state_dict(args.save_state_dict, model, sorted(word_to_id, key=word_to_id.get))
    vectors = model.w_in.weight.detach().cpu().numpy()
    with open(args.out_vectors, "w") as f:
        f.write(f"{vocab} {args.hidden}\n")
        id_to_word = {i: w for w, i in word_to_id.items()}
        for i in range(vocab):
            f.write(id_to_word[i] + " " + " ".join(repr(float(x)) for x in vectors[i]) + "\n")
    timed = sorted(step_ms[min(10, len(step_ms) // 10):])
    json.dump({"torch": torch.__version__, "device": str(device), "threads": torch.get_num_threads(), "steps": step,
               "msPerStepMedian": timed[len(timed) // 2] if timed else None}, sys.stdout)
    print(f"torch {torch.__version__} on {device}: wrote {args.out_vectors} and {args.out_loss}", file=sys.stderr)


def adagrad_rows(w, sums, ids, rows, rate):
    """Row-wise Adagrad on the rows a batch uses: repeated ids' gradient rows summed, each row's accumulator (0.1 to
    start) adding the mean square of its sum, the row moving by rate * sum / (sqrt(accumulator) + 1e-10)."""
    unique, inverse = torch.unique(ids, return_inverse=True)
    summed = torch.zeros(unique.shape[0], w.shape[1], dtype=w.dtype, device=w.device).index_add_(0, inverse, rows)
    sums[unique] += summed.pow(2).mean(1)
    w.index_add_(0, unique, summed / (sums[unique].sqrt() + 1e-10).unsqueeze(1), alpha=-rate)


def batched_step(w_in, w_out, contexts, mask, target, negatives, alpha, model, row_cap, whole_dh=False,
                 sums=None):
    """One step of word2vec's loss on a batch of windows (B x 2W contexts, a 0/1 mask of the slots in use, B
    targets) with hand-derived gradients: every score and dh from the weights as they are, then W_out's rows,
    then W_in's. SGD: the updates of a row met n times in the batch divided by max(1, n / row_cap) (None: summed,
    1: their mean), so that a frequent word's many updates from the same weights do not add up; with sums (W_in's
    and W_out's accumulators, in that order) row-wise Adagrad instead. With whole_dh each CBOW context gets the whole dh
    (word2vec.c's rule) instead of its share of the mean. Returns the loss (CBOW: the rows' mean; skip-gram: the
    pairs' mean times 2W)."""
    width = contexts.shape[1]
    if model == "cbow":
        share = mask / mask.sum(1, keepdim=True)
        h = (w_in[contexts] * share.unsqueeze(2)).sum(1)  # the mean of the contexts in use
        inputs, input_rows = contexts.reshape(-1), (mask if whole_dh else share).reshape(-1, 1)
        positive = target
    else:  # the book's pairs: the centre predicts each context in use
        keep = mask.reshape(-1).bool()
        inputs = target.unsqueeze(1).expand_as(contexts).reshape(-1)[keep]
        positive = contexts.reshape(-1)[keep]
        h = w_in[inputs]
        input_rows = None
    candidates = torch.cat([positive.unsqueeze(1), negatives[:positive.shape[0]]], 1)
    u = w_out[candidates]  # P x (K + 1) x H
    scores = torch.einsum("pkh,ph->pk", u, h)
    labels = torch.zeros_like(scores)
    labels[:, 0] = 1
    g = torch.sigmoid(scores) - labels
    loss = F.binary_cross_entropy_with_logits(scores, labels, reduction="sum").item()
    dh = torch.einsum("pk,pkh->ph", g, u)
    updates = [(w_out, candidates.reshape(-1), (g.unsqueeze(2) * h.unsqueeze(1)).reshape(-1, h.shape[1]), None)]
    if input_rows is None:
        updates.append((w_in, inputs, dh, None))
    else:
        rows = (input_rows * dh.repeat_interleave(width, 0))
        updates.append((w_in, inputs, rows, mask.reshape(-1)))
    for w, ids, rows, counted in updates:
        if sums is not None:
            adagrad_rows(w, sums[0] if w is w_in else sums[1], ids, rows, alpha)
            continue
        if row_cap is not None:
            n = torch.zeros(w.shape[0], dtype=w.dtype, device=w.device)
            n.index_add_(0, ids, torch.ones_like(ids, dtype=w.dtype) if counted is None else counted)
            rows = rows / (n[ids] / row_cap).clamp(min=1).unsqueeze(1)
        w.index_add_(0, ids, rows, alpha=-alpha)
    return loss / target.shape[0] if model == "cbow" else loss / positive.shape[0] * width


def batched(args):
    """word2vec's fast mode in large batches on one device: the corpus in order, windows shrunk at random (word2vec's
    b = rand % window) and cut at the corpus's ends, K negatives a scored row by torch.multinomial on the device,
    alpha decaying linearly over all tokens. Prints words/s as JSON."""
    torch.manual_seed(args.seed)
    device = torch.device(args.device)
    with open(args.corpus) as f:
        words = f.read().replace("\n", " <eos> ").split()[:args.tokens or None]
    word_to_id = {}
    for w in words:
        word_to_id.setdefault(w, len(word_to_id))
    corpus = torch.tensor([word_to_id[w] for w in words], device=device)
    vocab, n, w = len(word_to_id), len(words), args.window
    w_in = (torch.randn(vocab, args.hidden, device=device) * 0.01)
    w_out = (torch.randn(vocab, args.hidden, device=device) * 0.01)
    p = torch.bincount(corpus, minlength=vocab).double() ** 0.75
    p = (p / p.sum()).float()
    offsets = torch.tensor(list(range(-w, 0)) + list(range(1, w + 1)), device=device)
    cap = None if args.row_sums else args.row_cap or ROW_CAP[args.model]
    sums = [torch.full((vocab,), 0.1, device=device) for _ in (w_in, w_out)] if args.adagrad else None
    step, done, total, count = 0, 0, 0.0, 0
    started = time.perf_counter()
    with open(args.out_loss, "w") as log:
        log.write("step,epoch,iteration,loss\n")
        for epoch in range(args.epochs):
            for it, start in enumerate(range(0, n, args.batch)):
                positions = torch.arange(start, min(start + args.batch, n), device=device)
                reach = w - torch.randint(0, w, (positions.shape[0], 1), device=device) if args.dynamic_window \
                    else torch.full((positions.shape[0], 1), w, device=device)
                at = positions.unsqueeze(1) + offsets
                mask = ((offsets.abs() <= reach) & (at >= 0) & (at < n)).float()
                contexts = corpus[at.clamp(0, n - 1)]
                target = corpus[positions]
                rows = target.shape[0] * (1 if args.model == "cbow" else 2 * w)
                negatives = torch.multinomial(p, rows * args.negatives, replacement=True).view(rows, args.negatives)
                alpha = args.alpha * max(1 - (epoch * n + start) / (args.epochs * n), 1e-4)
                total += batched_step(w_in, w_out, contexts, mask, target, negatives, alpha, args.model,
                                      cap, args.word2vec_context_update, sums)
                step, count, done = step + 1, count + 1, done + positions.shape[0]
                if (it + 1) % args.log_interval == 0:
                    log.write(f"{step},{epoch + 1},{it + 1},{total / count!r}\n")
                    total, count = 0.0, 0
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    peak = torch.cuda.max_memory_allocated() if device.type == "cuda" else None
    json.dump({"torch": torch.__version__, "device": str(device), "steps": step, "words": done,
               "seconds": seconds, "wordsPerSecond": done / seconds, "peakGpuBytes": peak}, sys.stdout)
    print(file=sys.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("scenarios")
    s.add_argument("--out", required=True)
    s.set_defaults(func=scenarios)
    p = sub.add_parser("ptb")
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--tokens", type=int, default=20000)
    p.set_defaults(func=ptb)
    t = sub.add_parser("train")
    t.add_argument("--data", required=True)
    t.add_argument("--out-vectors", required=True)
    t.add_argument("--out-loss", required=True)
    t.add_argument("--model", choices=["cbow", "skipgram"], default="cbow")
    t.add_argument("--device", default="cpu")
    t.add_argument("--epochs", type=int, default=10)
    t.add_argument("--hidden", type=int, default=100)
    t.add_argument("--window", type=int, default=5)
    t.add_argument("--negatives", type=int, default=5)
    t.add_argument("--batch", type=int, default=100)
    t.add_argument("--eval-interval", type=int, default=20)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (timing runs)")
    t.add_argument("--threads", type=int, default=os.cpu_count(), help="torch threads (default: all cores)")
    t.add_argument("--init-from",
                   help="start from this state_dict (.pt with its .vocab.txt), e.g. negsampling's export")
    t.add_argument("--save-state-dict", help="also write the trained model's state_dict (.pt and .vocab.txt)")
    t.set_defaults(func=train)
    b = sub.add_parser("batched")
    b.add_argument("--corpus", required=True, help="a text file (PTB's ptb.train.txt, or a generated one)")
    b.add_argument("--out-loss", required=True)
    b.add_argument("--model", choices=["cbow", "skipgram"], default="cbow")
    b.add_argument("--device", default="cpu")
    b.add_argument("--epochs", type=int, default=1)
    b.add_argument("--tokens", type=int, default=0, help="the first N tokens only (0: all)")
    b.add_argument("--hidden", type=int, default=100)
    b.add_argument("--window", type=int, default=5)
    b.add_argument("--negatives", type=int, default=5)
    b.add_argument("--batch", type=int, default=16384)
    b.add_argument("--alpha", type=float, default=0.05)
    b.add_argument("--dynamic-window", action="store_true")
    b.add_argument("--row-sums", action="store_true", help="sum each row's updates (default: their mean past a cap)")
    b.add_argument("--adagrad", action="store_true", help="row-wise Adagrad at --alpha instead of SGD")
    b.add_argument("--row-cap", type=int, default=0,
                   help="a row's updates add up to this many, then are averaged (0: NegSampling's default, by model)")
    b.add_argument("--word2vec-context-update", action="store_true", help="CBOW: each context gets the whole dh")
    b.add_argument("--log-interval", type=int, default=5)
    b.add_argument("--seed", type=int, default=1)
    b.set_defaults(func=batched)
    st = sub.add_parser("steps")
    st.add_argument("--init-from", required=True)
    st.add_argument("--out-state-dict", required=True)
    st.add_argument("--out-case", required=True)
    st.add_argument("--model", choices=["cbow", "skipgram"], default="cbow")
    st.add_argument("--steps", type=int, default=100)
    st.add_argument("--seed", type=int, default=11)
    st.set_defaults(func=steps)
    args = parser.parse_args()
    if getattr(args, "adagrad", False) and (args.row_sums or args.row_cap):
        parser.error("--adagrad scales each row by its own history: --row-sums and --row-cap are SGD's")
    args.func(args)


if __name__ == "__main__":
    main()
