#!/usr/bin/env python3
"""Linear (PCA) or non-linear autoencoder for image drift? Measured on the digit fixtures of
test/fixtures/drift/images with scikit-learn: PCA(n_components=0.9) as cml does, against a small
non-linear autoencoder (MLPRegressor trained to reproduce its input, ReLU, bottleneck 16). For each
kind of drift: the AUC of telling current images from held-out reference images by their
reconstruction error (1 = perfectly apart, 0.5 = no better than chance), and the training time.
Run with /usr/bin/python3 (python3-sklearn, python3-pil); prints a Markdown table."""
import os
import sys
import time

import numpy as np
from PIL import Image
from sklearn.decomposition import PCA
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPRegressor

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../test/fixtures/drift/images")


def load(folder, size):
    root = os.path.join(HERE, folder)
    names = sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs if f.endswith(".png"))
    return np.array([np.asarray(Image.open(os.path.join(root, n)).convert("L").resize((size, size), Image.BILINEAR), dtype=np.float64).ravel() / 255 for n in names])


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 32
    reference = load("reference", size)
    holdout = reference[3::4]
    training = np.array([row for i, row in enumerate(reference) if i % 4 != 3])
    models = {
        "PCA (90% of the variance)": lambda: PCA(n_components=0.9, svd_solver="full"),
        "autoencoder 128-16-128 (ReLU, Adam)": lambda: MLPRegressor(hidden_layer_sizes=(128, 16, 128), max_iter=500, random_state=0),
    }
    cases = ["same", "new-classes", "rotated", "noisy", "inverted"]
    print(f"| model ({size}x{size}) | fit s | " + " | ".join(f"AUC {c}" for c in cases) + " | inverted in top 5 |")
    print("|---|---:|" + "---:|" * len(cases) + "---:|")
    for name, make in models.items():
        model = make()
        started = time.perf_counter()
        model.fit(training, training) if isinstance(model, MLPRegressor) else model.fit(training)
        seconds = time.perf_counter() - started
        reconstruct = (lambda x: model.predict(x)) if isinstance(model, MLPRegressor) else (lambda x: model.inverse_transform(model.transform(x)))
        errors = lambda x: ((x - reconstruct(x)) ** 2).mean(axis=1)
        base = errors(holdout)
        aucs = []
        for case in cases:
            e = errors(load(case, size))
            aucs.append(roc_auc_score(np.r_[np.zeros(len(base)), np.ones(len(e))], np.r_[base, e]))
        root = os.path.join(HERE, "inverted")
        names = sorted(os.listdir(root))
        e = errors(load("inverted", size))
        top = sum(names[i].startswith("inverted-") for i in np.argsort(-e)[:5])
        print(f"| {name} | {seconds:.2f} | " + " | ".join(f"{a:.3f}" for a in aucs) + f" | {top} of 5 |")


if __name__ == "__main__":
    main()
