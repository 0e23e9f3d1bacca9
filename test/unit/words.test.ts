import { describe, expect, it } from 'vitest';
import { counted, countedOf } from '../../src/words.js';

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
