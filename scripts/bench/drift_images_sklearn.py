#!/usr/bin/env python3
"""The comparison for scripts/bench/drift-images.mjs: the pipeline of `cml drift` on image folders
written with Pillow, numpy, scikit-learn and scipy. Every image is opened, made grayscale and
shrunk to 32x32; every 4th reference image (sorted) is held out; PCA(n_components=0.9) is fitted on
the rest; reconstruction errors, the 99th percentile of the held-out ones, the outliers and KS.
Prints the seconds taken (after imports) and the results as JSON."""
import json
import os
import sys
import time

import numpy as np
from PIL import Image
from scipy import stats
from sklearn.decomposition import PCA

SIZE = 32


def load(folder):
    names = sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs if f.lower().endswith((".png", ".jpg", ".jpeg", ".webp")))
    pixels = np.empty((len(names), SIZE * SIZE), dtype=np.float32)
    for i, name in enumerate(names):
        with Image.open(os.path.join(folder, name)) as image:
            pixels[i] = np.asarray(image.convert("L").resize((SIZE, SIZE), Image.BILINEAR), dtype=np.float32).ravel() / 255
    return names, pixels


def errors(pca, x):
    return ((x - pca.inverse_transform(pca.transform(x))) ** 2).mean(axis=1)


def main():
    started = time.perf_counter()
    _, reference = load(sys.argv[1])
    names, current = load(sys.argv[2])
    mask = np.arange(len(reference)) % 4 == 3
    pca = PCA(n_components=0.9, svd_solver="full").fit(reference[~mask])
    baseline = errors(pca, reference[mask])
    threshold = float(np.quantile(baseline, 0.99))
    e = errors(pca, current)
    ks = stats.ks_2samp(baseline, e)
    outliers = int((e > threshold).sum())
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "components": int(pca.n_components_), "threshold": threshold, "outliers": outliers, "ks": [float(ks.statistic), float(ks.pvalue)]}))


if __name__ == "__main__":
    main()
