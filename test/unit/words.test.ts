import { describe, expect, it } from 'vitest';
import { counted, countedOf, grouped } from '../../src/words.js';

describe('counted', () => {
  it('agrees with the number', () => {
    expect(counted(1, 'check')).toBe('1 check');
    expect(counted(0, 'check')).toBe('0 checks');
    expect(counted(2500, 'row')).toBe('2,500 rows');
    expect(counted(1, 'more column')).toBe('1 more column');
    expect(counted(3, 'entry', 'entries')).toBe('3 entries');
  });

  it('agrees with the total in "x of n"', () => {
    expect(countedOf(1, 1, 'column')).toBe('1 of 1 column');
    expect(countedOf(0, 1, 'check')).toBe('0 of 1 check');
    expect(countedOf(1, 4, 'column')).toBe('1 of 4 columns');
  });
});

describe('grouped', () => {
  it('writes integers as en-US does, without loading ICU', () => {
    const samples = [0, 7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -1_234_567, Number.MAX_SAFE_INTEGER];
    for (const value of samples) expect(grouped(value)).toBe(value.toLocaleString('en-US'));
  });

  it('leaves what is not a safe integer to toLocaleString', () => {
    expect(grouped(1234.5678)).toBe('1,234.568');
    expect(grouped(Number.NaN)).toBe('NaN');
    expect(grouped(1e21)).toBe((1e21).toLocaleString('en-US'));
  });
});
