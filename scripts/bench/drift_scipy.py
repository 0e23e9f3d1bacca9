#!/usr/bin/env python3
"""The comparison for scripts/bench/drift.mjs: pandas.read_csv both files, then scipy's ks_2samp on
every column. Prints the seconds taken (reading + tests, after imports) as JSON."""
import json
import sys
import time

import pandas as pd
from scipy import stats


def main():
    reference_path, current_path = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    reference = pd.read_csv(reference_path)
    current = pd.read_csv(current_path)
    results = {}
    for column in reference.columns:
        result = stats.ks_2samp(reference[column].dropna().to_numpy(), current[column].dropna().to_numpy())
        results[column] = [float(result.statistic), float(result.pvalue)]
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "ks": results}))


if __name__ == "__main__":
    main()
