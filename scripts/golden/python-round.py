#!/usr/bin/env python3
"""Writes test/fixtures/metrics/python-round.json: how CPython prints floats (`repr`) and rounds
them (`round(x, n)`), for test/unit/metrics/python.test.ts to compare src/core/metrics/python.ts
against, case by case.

Values of five kinds, in turn, from a seeded generator (the output is the same on every run):
plain random() draws, wide uniform values, dyadic fractions (exact binary values, so exact ties
such as x.5 at n digits occur), values spread over 10^-12 .. 10^17, and short decimals as metrics
files hold them. Digits go from 0 to 20, past the 15 to 17 significant digits of a double, and
one case in ten asks for 21 to 60 digits.

Run: /usr/bin/python3 scripts/golden/python-round.py
"""
import json
import os
import random
import sys

CASES = 400
TARGET = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "metrics", "python-round.json")


def value(rng, kind):
    if kind == 0:
        return rng.random()
    if kind == 1:
        return rng.uniform(-1000, 1000)
    if kind == 2:
        return rng.choice([-1, 1]) * rng.randint(0, 2**20) / 2 ** rng.randint(1, 8)
    if kind == 3:
        return rng.uniform(-1, 1) * 10.0 ** rng.randint(-12, 17)
    return round(rng.random(), rng.randint(1, 8))


def main():
    rng = random.Random(7)
    cases = []
    for index in range(CASES):
        x = value(rng, index % 5)
        digits = rng.randint(21, 60) if index % 10 == 9 else rng.randint(0, 20)
        cases.append([repr(x), digits, repr(round(x, digits)), repr(x)])
    out = {
        "generator": f"scripts/golden/python-round.py (CPython {sys.version.split()[0]}): [repr(x), n, repr(round(x, n)), repr(x)]",
        "cases": cases,
    }
    with open(TARGET, "w") as handle:
        json.dump(out, handle, indent=0)
        handle.write("\n")
    print(f"wrote {os.path.normpath(TARGET)}")


if __name__ == "__main__":
    main()
