// ADWIN (ADaptive WINdowing; Bifet & Gavaldà, "Learning from Time-Changing Data with Adaptive
// Windowing", SDM 2007), the ADWIN2 variant with an exponential histogram: O(log W) memory and
// time per value. The window drops its oldest part whenever two sub-windows have means that differ
// by more than the variance-based bound of the paper (as in MOA's reference implementation):
//   ε = sqrt(2 m σ² ln(2 ln W / δ)) + 2/3 m ln(2 ln W / δ),   m = 1/(n0 - 4) + 1/(n1 - 4).
// The bound assumes values in [0, 1]; callers scale the series to that range first.

export interface AdwinOptions {
  /** Confidence: a change is reported with false-alarm probability at most δ. */
  readonly delta: number;
  /** Check for a cut every `clock` values. */
  readonly clock?: number;
  /** Buckets per level before two merge into the next level. */
  readonly maxBuckets?: number;
  /** Smallest sub-window considered for a cut. */
  readonly minWindow?: number;
}

export interface AdwinChange {
  /** Index of the value after which the change was detected. */
  readonly detectedAt: number;
  /** First index of the window before it was cut: the change lies in [windowStart, detectedAt]. */
  readonly windowStart: number;
  /** Start of the shrunk window (a coarse bound: ADWIN cuts whole buckets). */
  readonly changeAt: number;
  readonly meanBefore: number;
  readonly meanAfter: number;
}

/**
 * The exponential histogram: level i holds up to maxBuckets + 1 buckets of 2^i values each, oldest
 * first, as (total, variance) pairs in typed arrays, so adding a value allocates nothing.
 */
class Level {
  readonly totals: Float64Array;
  readonly variances: Float64Array;
  count = 0;

  constructor(capacity: number) {
    this.totals = new Float64Array(capacity);
    this.variances = new Float64Array(capacity);
  }

  push(total: number, variance: number): void {
    this.totals[this.count] = total;
    this.variances[this.count] = variance;
    this.count += 1;
  }

  /** Removes the `n` oldest buckets. */
  dropOldest(n: number): void {
    this.totals.copyWithin(0, n, this.count);
    this.variances.copyWithin(0, n, this.count);
    this.count -= n;
  }
}

export class Adwin {
  private readonly delta: number;
  private readonly clock: number;
  private readonly maxBuckets: number;
  private readonly minWindow: number;
  private readonly levels: Level[] = [];
  private width = 0;
  private total = 0;
  private variance = 0;
  private seen = 0;

  constructor(options: AdwinOptions) {
    this.delta = options.delta;
    this.clock = options.clock ?? 32;
    this.maxBuckets = options.maxBuckets ?? 5;
    this.minWindow = options.minWindow ?? 5;
  }

  get windowWidth(): number {
    return this.width;
  }

  get mean(): number {
    return this.width === 0 ? Number.NaN : this.total / this.width;
  }

  /** Adds a value; returns the change found at this step, if any. */
  update(value: number): AdwinChange | undefined {
    this.seen += 1;
    if (this.width > 0) {
      const mean = this.total / this.width;
      this.variance += (this.width * (value - mean) ** 2) / (this.width + 1);
    }
    this.width += 1;
    this.total += value;
    if (this.levels.length === 0) this.levels.push(new Level(this.maxBuckets + 1));
    this.levels[0]!.push(value, 0);
    this.compress();
    if (this.seen % this.clock !== 0 || this.width <= 2 * this.minWindow) return undefined;
    return this.detect();
  }

  private compress(): void {
    for (let level = 0; level < this.levels.length; level += 1) {
      const buckets = this.levels[level]!;
      if (buckets.count <= this.maxBuckets) break;
      const size = 2 ** level;
      const older = buckets.totals[0]!;
      const newer = buckets.totals[1]!;
      const variance = buckets.variances[0]! + buckets.variances[1]! + (size / 2) * (older / size - newer / size) ** 2;
      buckets.dropOldest(2);
      if (level + 1 === this.levels.length) this.levels.push(new Level(this.maxBuckets + 1));
      this.levels[level + 1]!.push(older + newer, variance);
    }
  }

  private detect(): AdwinChange | undefined {
    const detectedAt = this.seen - 1;
    const windowStart = this.seen - this.width;
    let change: AdwinChange | undefined;
    // Bounded: every pass that cuts removes at least one bucket.
    for (let pass = 0; pass < 10_000; pass += 1) {
      const cut = this.findCut();
      if (!cut) break;
      const meanBefore = cut.meanOld;
      this.dropOldest();
      change = { detectedAt, windowStart, changeAt: this.seen - this.width, meanBefore, meanAfter: this.mean };
    }
    return change;
  }

  private findCut(): { meanOld: number } | undefined {
    let n0 = 0;
    let n1 = this.width;
    let u0 = 0;
    let u1 = this.total;
    const dd = Math.log((2 * Math.log(this.width)) / this.delta);
    const v = this.variance / this.width;
    for (let level = this.levels.length - 1; level >= 0; level -= 1) {
      const buckets = this.levels[level]!;
      const size = 2 ** level;
      for (let b = 0; b < buckets.count; b += 1) {
        n0 += size;
        n1 -= size;
        u0 += buckets.totals[b]!;
        u1 -= buckets.totals[b]!;
        if (n1 < this.minWindow) return undefined;
        if (n0 < this.minWindow) continue;
        const m = 1 / (n0 - this.minWindow + 1) + 1 / (n1 - this.minWindow + 1);
        const epsilon = Math.sqrt(2 * m * v * dd) + (2 / 3) * dd * m;
        if (Math.abs(u0 / n0 - u1 / n1) > epsilon) return { meanOld: u0 / n0 };
      }
    }
    return undefined;
  }

  private dropOldest(): void {
    let level = this.levels.length - 1;
    while (level > 0 && this.levels[level]!.count === 0) level -= 1;
    const buckets = this.levels[level]!;
    if (buckets.count === 0) return;
    const total = buckets.totals[0]!;
    const variance = buckets.variances[0]!;
    buckets.dropOldest(1);
    const size = 2 ** level;
    this.width -= size;
    this.total -= total;
    if (this.width > 0) {
      const correction = (size * this.width * (total / size - this.total / this.width) ** 2) / (size + this.width);
      this.variance = Math.max(0, this.variance - variance - correction);
    } else {
      this.variance = 0;
    }
    while (this.levels.length > 1 && this.levels[this.levels.length - 1]!.count === 0) this.levels.pop();
  }
}
