#!/usr/bin/python3
"""Builds ../model.onnx, the variant ranker: a small neural network (MLP) over the app's variant features.

1. Runs the app's own feature extractor (write_feature_table.ts, Node 22 on PATH) over the ClinVar
   release, the GENCODE chr17 gene pack and the GRCh38 reference in ../shared/data/genomics: one row
   per ClinVar variant with a clear label (Pathogenic/Likely_pathogenic = 1, Benign/Likely_benign = 0)
   in BRCA1 (training) or TP53 (validation, a gene never seen in training).
2. Trains the network on BRCA1 only (full-batch Adam, fixed seed, one thread), with the features'
   standardisation built into the graph, so the app feeds the raw feature vector.
3. Validates on TP53 against the consequence-only baseline (each consequence scored by its pathogenic
   fraction among BRCA1's variants) and prints both AUROCs for MODEL_CARD.md.
4. Exports ONNX (opset 17): input "features" float32 [batch, N], output "score" float32 [batch, 1] in 0..1.

Deterministic (seed and thread count pinned below; two runs give byte-identical files); CI never runs it,
it only checks model.onnx against manifest.json's sha256. Run by hand from the repository root:
    /usr/bin/python3 models/variant-ranker/build/train_model.py
"""
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

SEED = 15
THREADS = 1
OPSET = 17
HIDDEN = 16
EPOCHS = 600
LEARNING_RATE = 0.01
WEIGHT_DECAY = 1e-3
BOOTSTRAP_ROUNDS = 500

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def feature_table():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "features.tsv")
        subprocess.run(["node", os.path.join(HERE, "write_feature_table.ts"), path], check=True, cwd=ROOT)
        with open(path) as f:
            header = f.readline().rstrip("\n").split("\t")
            rows = [line.rstrip("\n").split("\t") for line in f]
    first = header.index("label") + 1
    names = header[first:]
    split = np.array([r[header.index("split")] for r in rows])
    consequence = np.array([r[header.index("consequence")] for r in rows])
    y = np.array([float(r[header.index("label")]) for r in rows], dtype=np.float32)
    x = np.array([[float(v) for v in r[first:]] for r in rows], dtype=np.float32)
    return names, x, y, split, consequence


def auroc(score, label):
    """Mann-Whitney AUROC, ties counted half (average ranks)."""
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score), dtype=np.float64)
    s = score[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    pos = label == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def bootstrap_difference(score, base, label, rounds=BOOTSTRAP_ROUNDS):
    """2.5th and 97.5th percentiles of AUROC(model) - AUROC(baseline) over variants resampled with replacement."""
    rng = np.random.RandomState(SEED)
    diffs = []
    for _ in range(rounds):
        pick = rng.randint(0, len(label), len(label))
        diffs.append(auroc(score[pick], label[pick]) - auroc(base[pick], label[pick]))
    return np.percentile(diffs, 2.5), np.percentile(diffs, 97.5)


def consequence_baseline(train_c, train_y, test_c):
    """Each consequence scored by its pathogenic fraction in training, (P + 1) / (N + 2)."""
    rate = {c: (train_y[train_c == c].sum() + 1.0) / ((train_c == c).sum() + 2.0) for c in set(train_c) | set(test_c)}
    return np.array([rate[c] for c in test_c])


class Ranker(torch.nn.Module):
    def __init__(self, mean, std, n):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("std", torch.tensor(std))
        self.net = torch.nn.Sequential(torch.nn.Linear(n, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 1))

    def logits(self, x):
        return self.net((x - self.mean) / self.std)

    def forward(self, x):
        return torch.sigmoid(self.logits(x))


def train(x, y):
    torch.manual_seed(SEED)
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std < 1e-6] = 1.0  # a constant column (e.g. a consequence BRCA1 lacks) passes through unscaled
    model = Ranker(mean, std.astype(np.float32), x.shape[1])
    optimiser = torch.optim.Adam(model.net.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    xt, yt = torch.tensor(x), torch.tensor(y).unsqueeze(1)
    for _ in range(EPOCHS):
        optimiser.zero_grad()
        loss = loss_fn(model.logits(xt), yt)
        loss.backward()
        optimiser.step()
    print(f"final training loss {loss.item():.4f}")
    return model.eval()


def main():
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(THREADS)
    names, x, y, split, consequence = feature_table()
    tr, va = split == "train", split == "validation"
    print(f"{len(names)} features; train {tr.sum()} (P {int(y[tr].sum())}), validation {va.sum()} (P {int(y[va].sum())})")
    model = train(x[tr], y[tr])
    with torch.no_grad():
        score = model(torch.tensor(x[va])).squeeze(1).numpy()
        train_score = model(torch.tensor(x[tr])).squeeze(1).numpy()
    base = consequence_baseline(consequence[tr], y[tr], consequence[va])
    print(f"training AUROC {auroc(train_score, y[tr]):.3f}")
    print(f"held-out (TP53) AUROC: model {auroc(score, y[va]):.3f}, consequence-only baseline {auroc(base, y[va]):.3f}")
    missense = consequence[va] == "missense"
    print(f"within TP53 missense variants ({missense.sum()}): model AUROC {auroc(score[missense], y[va][missense]):.3f} (the baseline ties them all: 0.500)")
    low, high = bootstrap_difference(score, base, y[va])
    print(f"model - baseline, 95 % bootstrap interval over TP53 variants: {low:+.3f} .. {high:+.3f}")
    buffer = io.BytesIO()
    torch.onnx.export(model, torch.zeros(1, len(names)), buffer, opset_version=OPSET, input_names=["features"],
                      output_names=["score"], dynamic_axes={"features": {0: "batch"}, "score": {0: "batch"}})
    out = os.path.join(HERE, "..", "model.onnx")
    with open(out, "wb") as f:
        f.write(buffer.getvalue())
    sha = hashlib.sha256(buffer.getvalue()).hexdigest()
    record_in_manifest(sha, names)
    print(f"wrote {out} and manifest.json: sha256 {sha}")


def record_in_manifest(sha, names):
    """The manifest names the file (sha256) and the feature columns it was built on, in order."""
    path = os.path.join(HERE, "..", "manifest.json")
    with open(path) as f:
        manifest = json.load(f)
    manifest["sha256"] = sha
    manifest["inputs"][0]["shape"] = ["batch", len(names)]
    manifest["variantScoring"]["features"] = names
    with open(path, "w") as f:
        f.write(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
