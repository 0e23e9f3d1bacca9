// First Wasserstein (earth mover's) distance between two empirical distributions:
// the integral of |F_ref(x) - F_cur(x)| dx, as scipy.stats.wasserstein_distance(u, v).

/** Both inputs sorted ascending, non-empty, without NaN. O(n1 + n2). */
export function wassersteinSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let total = 0;
  let previous = Math.min(a[0]!, b[0]!);
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    // Between the previous breakpoint and this one both CDFs are constant.
    total += Math.abs(i / n1 - j / n2) * (value - previous);
    previous = value;
    while (i < n1 && a[i]! <= value) i += 1;
    while (j < n2 && b[j]! <= value) j += 1;
  }
  return total;
}
