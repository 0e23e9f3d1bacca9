// Largest-Triangle-Three-Buckets (Steinarsson, 2013): picks `threshold` points of a long series
// that keep its visual shape (peaks, dips, the first and the last point), so a chart of millions of
// rows draws a few thousand points that look the same at image resolution.

/** Points per series beyond which line charts are downsampled. */
export const MAX_SERIES_POINTS = 4000;

/**
 * Indices (ascending) of the points to keep of the series (xs[i], ys[i]), ordered by x. All
 * indices when there are no more than `threshold` points.
 */
export function largestTriangleThreeBuckets(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): number[] {
  const length = xs.length;
  if (threshold >= length || threshold < 3) return Array.from({ length }, (_, index) => index);
  const kept = [0];
  const bucketSize = (length - 2) / (threshold - 2);
  let previous = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket += 1) {
    // The average of the next bucket is the third corner of the triangles.
    const nextStart = Math.floor((bucket + 1) * bucketSize) + 1;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, length);
    let averageX = 0;
    let averageY = 0;
    for (let index = nextStart; index < nextEnd; index += 1) {
      averageX += xs[index]!;
      averageY += ys[index]!;
    }
    const count = Math.max(nextEnd - nextStart, 1);
    averageX /= count;
    averageY /= count;
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.floor((bucket + 1) * bucketSize) + 1;
    let largest = -1;
    let chosen = start;
    for (let index = start; index < end; index += 1) {
      const area = Math.abs((xs[previous]! - averageX) * (ys[index]! - ys[previous]!) - (xs[previous]! - xs[index]!) * (averageY - ys[previous]!));
      if (area > largest) {
        largest = area;
        chosen = index;
      }
    }
    kept.push(chosen);
    previous = chosen;
  }
  kept.push(length - 1);
  return kept;
}

/**
 * The rows of one series (x against the field) to draw: all of them up to `threshold`, else the
 * ones LTTB keeps among those with numeric x and y (the others cannot be placed on a line anyway).
 * `generatedX` uses the row number as x.
 */
export function seriesRows(
  rows: readonly Readonly<Record<string, unknown>>[],
  x: string,
  generatedX: boolean,
  field: string,
  threshold = MAX_SERIES_POINTS,
): readonly number[] | undefined {
  if (rows.length <= threshold) return undefined;
  const positions: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  rows.forEach((row, index) => {
    const xValue = generatedX ? index : Number(row[x]);
    const yValue = Number(row[field]);
    if (row[field] === null || row[field] === '' || !Number.isFinite(xValue) || !Number.isFinite(yValue)) return;
    positions.push(index);
    xs.push(xValue);
    ys.push(yValue);
  });
  return largestTriangleThreeBuckets(xs, ys, threshold).map((kept) => positions[kept]!);
}
