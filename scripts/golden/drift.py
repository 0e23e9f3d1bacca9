#!/usr/bin/env python3
"""Golden values for `cml drift`, computed with scipy (Debian's python3-scipy) and committed as
test/fixtures/drift/golden.json so the tests never need Python.

Samples come from a tiny deterministic generator that test/unit/drift/generate.ts reproduces
bit for bit (a Lehmer generator in exact integer arithmetic; normals as the sum of 12 uniforms,
which uses only additions), so large samples are described by a recipe instead of stored.

Run: /usr/bin/python3 scripts/golden/drift.py
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

MODULUS = 2147483647
MULTIPLIER = 48271
ALPHA = 0.5  # additive smoothing used by KL and PSI (src/core/drift/stats/divergence.ts)


def generate(recipe):
    state = recipe["seed"]
    out = []
    for _ in range(recipe["n"]):
        if recipe["kind"] == "uniform":
            state = state * MULTIPLIER % MODULUS
            z = state / MODULUS
        else:  # normal12
            z = 0.0
            for _ in range(12):
                state = state * MULTIPLIER % MODULUS
                z += state / MODULUS
            z -= 6.0
        value = recipe["loc"] + recipe["scale"] * z
        if "grid" in recipe:
            value = math.floor(value * recipe["grid"]) / recipe["grid"]
        out.append(value)
    return np.array(out, dtype=np.float64)


def recipe(kind, seed, n, loc=0.0, scale=1.0, grid=None):
    r = {"kind": kind, "seed": seed, "n": n, "loc": loc, "scale": scale}
    if grid is not None:
        r["grid"] = grid
    return r


def smoothed(counts):
    counts = np.asarray(counts, dtype=np.float64)
    return (counts + ALPHA) / (counts.sum() + len(counts) * ALPHA)


def quantile_bins(ref, cur, bins):
    ref_sorted = np.sort(ref)
    qs = np.array([i / bins for i in range(bins + 1)])
    edges = np.quantile(ref_sorted, qs)
    unique = [edges[0]]
    for e in edges[1:]:
        if e != unique[-1]:
            unique.append(e)
    inner = np.array(unique[1:-1])
    ref_counts = np.bincount(np.searchsorted(inner, ref, side="right"), minlength=len(inner) + 1)
    cur_counts = np.bincount(np.searchsorted(inner, cur, side="right"), minlength=len(inner) + 1)
    return inner, ref_counts, cur_counts


def divergences(ref_counts, cur_counts):
    p, q = smoothed(ref_counts), smoothed(cur_counts)
    return {
        "kl": float(stats.entropy(p, q)),
        "psi": float(np.sum((q - p) * np.log(q / p))),
        "jensenShannon": float(distance.jensenshannon(np.asarray(ref_counts, float), np.asarray(cur_counts, float))),
    }


def ks_case(name, a, b, explicit=False):
    ra, rb = a, b
    xa = generate(a) if not explicit else np.array(a, dtype=np.float64)
    xb = generate(b) if not explicit else np.array(b, dtype=np.float64)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = stats.ks_2samp(xa, xb)  # method='auto'
    # scipy warns when the exact computation fails (a probability outside [0, 1]) and it falls back.
    fell_back = any("Switching to method=asymp" in str(w.message) for w in caught)
    method = "exact" if max(len(xa), len(xb)) <= 10000 and not fell_back else "asymptotic"
    case = {"name": name, "statistic": float(res.statistic), "pValue": float(res.pvalue), "method": method}
    if explicit:
        case["reference"], case["current"] = list(map(float, xa)), list(map(float, xb))
    else:
        case["referenceRecipe"], case["currentRecipe"] = ra, rb
    return case


def main():
    out = {
        "generatedWith": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
        "ks": [],
        "kolmogorovSf": [],
        "chiSquare": [],
        "binned": [],
        "categorical": [],
        "wasserstein": [],
        "summary": [],
    }
    ks = out["ks"]
    ks.append(ks_case("explicit disjoint", [1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11, 12], explicit=True))
    ks.append(ks_case("explicit ties", [1, 1, 2, 2, 2, 3, 5, 5], [1, 2, 2, 3, 3, 3, 4, 4, 6, 6], explicit=True))
    ks.append(ks_case("explicit identical", [0.5, 1.5, 2.5], [0.5, 1.5, 2.5], explicit=True))
    ks.append(ks_case("explicit single values", [3.0], [1.0, 2.0, 4.0, 5.0], explicit=True))
    ks.append(ks_case("explicit all tied", [2, 2, 2, 2], [2, 2, 2, 3, 3], explicit=True))
    ks.append(ks_case("explicit negatives and zeros", [-1.5, -0.0, 0.0, 2.5, 7], [-3, -1.5, 0, 0, 1, 2.5, 9, 11], explicit=True))
    ks.append(ks_case("small equal n=20", recipe("normal12", 11, 20), recipe("normal12", 12, 20, loc=0.5)))
    ks.append(ks_case("small unequal 30/47", recipe("normal12", 13, 30), recipe("normal12", 14, 47, scale=1.5)))
    ks.append(ks_case("ties on a grid 200/300", recipe("normal12", 15, 200, grid=1), recipe("normal12", 16, 300, loc=0.3, grid=1)))
    ks.append(ks_case("medium unequal 3000/5000", recipe("uniform", 17, 3000), recipe("uniform", 18, 5000)))
    ks.append(ks_case("exact boundary 10000/10000", recipe("normal12", 19, 10000), recipe("normal12", 20, 10000, loc=0.02)))
    ks.append(ks_case("exact unequal 10000/9999", recipe("normal12", 21, 10000), recipe("normal12", 22, 9999)))
    ks.append(ks_case("asymptotic 12000/15000 same", recipe("normal12", 23, 12000), recipe("normal12", 24, 15000)))
    ks.append(ks_case("asymptotic 12000/15000 shifted", recipe("normal12", 25, 12000), recipe("normal12", 26, 15000, loc=0.1)))
    ks.append(ks_case("asymptotic strongly drifted", recipe("normal12", 27, 20000), recipe("normal12", 28, 20000, loc=0.5)))
    ks.append(ks_case("asymptotic tiny current 20000/60", recipe("normal12", 29, 20000), recipe("normal12", 30, 60, loc=0.2)))
    ks.append(ks_case("asymptotic small current 15000/150", recipe("normal12", 31, 15000), recipe("normal12", 32, 150, loc=0.1)))
    ks.append(ks_case("asymptotic ties 50000/40000", recipe("normal12", 33, 50000, grid=4), recipe("normal12", 34, 40000, loc=0.01, grid=4)))
    ks.append(ks_case("large 200000/200000", recipe("normal12", 35, 200000), recipe("normal12", 36, 200000, loc=0.005)))
    # Equal n = 10 001: scipy's asymptotic n = round(m·n / (m + n)) = round(5000.5) is 5000 (half to even).
    ks.append(ks_case("asymptotic half tie 10001/10001", recipe("normal12", 37, 10001), recipe("normal12", 38, 10001, loc=0.03)))
    # Equal n = 10 003: round(5001.5) is 5002, the even neighbour above.
    ks.append(ks_case("asymptotic half tie 10003/10003", recipe("normal12", 51, 10003), recipe("normal12", 52, 10003, loc=0.03)))
    # The exact probability of D >= 1/5 comes out a hair above 1: scipy falls back to the asymptotic one.
    ks.append(ks_case("exact falls back 5/5", [1, 3, 4, 2, 6], [2, 3, 2, 5, 4], explicit=True))
    # Disjoint samples at the exact limit: the exact p-value underflows to 0 and stays exact.
    ks.append(ks_case("exact disjoint 10000/10000", recipe("uniform", 53, 10000), recipe("uniform", 54, 10000, loc=1.0)))

    # The kstwo distribution itself, across the regions of Simard & L'Ecuyer's algorithm.
    for n, x in [(5, 0.15), (5, 0.3), (10, 0.05), (10, 0.6), (60, 0.1), (60, 0.2), (100, 0.18), (140, 0.3), (141, 0.05), (500, 0.05),
                 (1000, 0.02), (1000, 0.06), (5000, 0.01), (20000, 0.004), (150000, 0.002), (150000, 0.005), (300000, 0.0005), (1000, 0.999)]:
        out["kolmogorovSf"].append({"n": n, "x": x, "sf": float(stats.kstwo.sf(x, n))})

    for name, ref, cur in [
        ("two categories", [120, 80], [100, 100]),
        ("five categories", [50, 30, 10, 5, 5], [40, 35, 12, 8, 5]),
        ("unseen in reference", [100, 50, 0], [90, 40, 20]),
        ("large drift", [5000, 3000, 2000], [2000, 3000, 5000]),
        ("identical shares", [10, 20, 30], [20, 40, 60]),
        # A category neither sample has is left out of the table (and of the degrees of freedom).
        ("a category neither sample has", [30, 0, 20], [10, 0, 40]),
        # One category: nothing to compare, statistic 0, p 1, dof 0.
        ("one category", [10], [20]),
    ]:
        table = np.array([ref, cur], dtype=np.float64)
        table = table[:, table.sum(axis=0) > 0]
        chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
        case = {"name": name, "reference": ref, "current": cur, "statistic": float(chi2), "pValue": float(p), "dof": int(dof)}
        case.update(divergences(ref, cur))
        out["chiSquare"].append(case)

    for name, a, b, bins in [
        ("normal vs shifted normal", recipe("normal12", 41, 5000), recipe("normal12", 42, 4000, loc=0.3), 10),
        ("normal vs wider normal", recipe("normal12", 43, 20000), recipe("normal12", 44, 20000, scale=1.4), 20),
        ("ties collapse bins", recipe("normal12", 45, 3000, grid=1), recipe("normal12", 46, 3000, grid=1, loc=0.5), 10),
        ("current outside reference range", recipe("uniform", 47, 1000), recipe("uniform", 48, 1000, loc=0.5), 10),
    ]:
        xa, xb = generate(a), generate(b)
        inner, rc, cc = quantile_bins(xa, xb, bins)
        case = {"name": name, "referenceRecipe": a, "currentRecipe": b, "bins": bins, "edges": list(map(float, inner)),
                "referenceCounts": list(map(int, rc)), "currentCounts": list(map(int, cc))}
        case.update(divergences(rc, cc))
        out["binned"].append(case)
        std = float(np.std(xa))
        out["wasserstein"].append({"name": name, "referenceRecipe": a, "currentRecipe": b,
                                   "distance": float(stats.wasserstein_distance(xa, xb)), "referenceStd": std})
        s = np.sort(xb)
        out["summary"].append({"recipe": b, "mean": float(np.mean(xb)), "std": float(np.std(xb)),
                               "p25": float(np.quantile(s, 0.25)), "median": float(np.quantile(s, 0.5)), "p75": float(np.quantile(s, 0.75))})

    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "..", "test", "fixtures", "drift", "golden.json")
    with open(target, "w") as handle:
        json.dump(out, handle, indent=1)
        handle.write("\n")
    print(f"wrote {os.path.normpath(target)}")


if __name__ == "__main__":
    main()
