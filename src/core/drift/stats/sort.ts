// Sorting Float64Arrays in linear time: an LSD radix sort on the IEEE 754 bit patterns with 11-bit
// digits (six passes; the 2048-entry histograms stay in the L1 cache), all histograms counted in
// one read, and passes skipped where every value has the same digit (e.g. the exponent bits of
// data in one range). Faster than TypedArray.prototype.sort for the millions of values every
// numeric column needs sorted (quantiles, KS, Wasserstein). Input must not contain NaN.

const SMALL = 4096;
const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;
/** (word, shift) of each digit, least significant first; word 0 is the low half (little-endian). */
const DIGITS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 11],
  [0, 22],
  [1, 0],
  [1, 11],
  [1, 22],
];

export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < SMALL) return values.sort();
  let keys: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const histograms = new Uint32Array(DIGITS.length * RADIX);
  // Map doubles to unsigned integers with the same order (flip every bit of negatives, only the
  // sign bit of positives) and count every digit in the same pass.
  for (let i = 0; i < n; i += 1) {
    let high = keys[2 * i + 1]!;
    let low = keys[2 * i]!;
    if (high & 0x80000000) {
      high = ~high >>> 0;
      low = ~low >>> 0;
      keys[2 * i] = low;
    } else {
      high = (high | 0x80000000) >>> 0;
    }
    keys[2 * i + 1] = high;
    histograms[low & MASK]! += 1;
    histograms[RADIX + ((low >>> 11) & MASK)]! += 1;
    histograms[2 * RADIX + (low >>> 22)]! += 1;
    histograms[3 * RADIX + (high & MASK)]! += 1;
    histograms[4 * RADIX + ((high >>> 11) & MASK)]! += 1;
    histograms[5 * RADIX + (high >>> 22)]! += 1;
  }
  let scratch: Uint32Array = new Uint32Array(n * 2);
  for (let pass = 0; pass < DIGITS.length; pass += 1) {
    const [word, shift] = DIGITS[pass]!;
    const offset = pass * RADIX;
    // All values share this digit: the pass would not move anything.
    if (histograms[offset + ((keys[word]! >>> shift) & MASK)] === n) continue;
    let total = 0;
    for (let d = 0; d < RADIX; d += 1) {
      const count = histograms[offset + d]!;
      histograms[offset + d] = total;
      total += count;
    }
    if (word === 0) {
      for (let i = 0; i < n; i += 1) {
        const low = keys[2 * i]!;
        const slot = offset + ((low >>> shift) & MASK);
        const to = histograms[slot]!;
        histograms[slot] = to + 1;
        scratch[2 * to] = low;
        scratch[2 * to + 1] = keys[2 * i + 1]!;
      }
    } else {
      for (let i = 0; i < n; i += 1) {
        const high = keys[2 * i + 1]!;
        const slot = offset + ((high >>> shift) & MASK);
        const to = histograms[slot]!;
        histograms[slot] = to + 1;
        scratch[2 * to] = keys[2 * i]!;
        scratch[2 * to + 1] = high;
      }
    }
    [keys, scratch] = [scratch, keys];
  }
  for (let i = 0; i < n; i += 1) {
    const high = keys[2 * i + 1]!;
    if (high & 0x80000000) {
      keys[2 * i + 1] = (high & 0x7fffffff) >>> 0;
    } else {
      keys[2 * i + 1] = ~high >>> 0;
      keys[2 * i] = ~keys[2 * i]! >>> 0;
    }
  }
  if (keys.buffer !== values.buffer) values.set(new Float64Array(keys.buffer, keys.byteOffset, n));
  return values;
}
