// Python's number formatting, which DVC's tables inherit. Expected values were printed by CPython
// 3.11 (`repr`, `round`, `json.dumps`, `str(list)`) and are kept here as literals.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { floatRepr, pythonEquals, pythonJson, pythonSubtract, roundFloat, valueRepr } from '../../../src/core/metrics/python.js';

describe('floatRepr (Python repr(float))', () => {
  it.each([
    [0.1, '0.1'],
    [1.0, '1.0'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1234567890123456.0, '1234567890123456.0'],
    [-0.0, '-0.0'],
    [0.0, '0.0'],
    [0.010000000000000009, '0.010000000000000009'],
    [1e22, '1e+22'],
    [5e-324, '5e-324'],
    [123456789.123, '123456789.123'],
    [-2.5e-7, '-2.5e-07'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1 / 3, '0.3333333333333333'],
    [Number.NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ])('%s -> %s', (value, expected) => {
    expect(floatRepr(value)).toBe(expected);
  });
});

describe('roundFloat (Python round(x, n))', () => {
  it.each([
    [2.675, 2, '2.67'],
    [0.015625, 5, '0.01562'],
    [-0.015625, 5, '-0.01562'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [1.098765366365355, 4, '1.0988'],
    [1e-30, 5, '0.0'],
    [-1e-30, 5, '-0.0'],
    [0.010000000000000009, 5, '0.01'],
    [-0.04999999999999999, 5, '-0.05'],
    [123456.7890123456, 5, '123456.78901'],
    [2.5e-6, 5, '0.0'],
    [7.5e-6, 5, '1e-05'],
    [0.00015, 4, '0.0001'],
    [1.1234, 3, '1.123'],
    [2.2345, 3, '2.235'],
    [3.3456, 3, '3.346'],
    // More digits than a double holds: kept, not cut to 15.
    [0.1 + 0.2, 17, '0.30000000000000004'],
    [0.1 + 0.2, 16, '0.3'],
    [1.0000000000000002, 16, '1.0000000000000002'],
    [1e-20, 21, '1e-20'],
  ])('round(%s, %s) -> %s', (value, digits, expected) => {
    expect(floatRepr(roundFloat(value, digits))).toBe(expected);
  });
});

describe('Python semantics', () => {
  it('json.dumps with default separators, NaN and ensure_ascii', () => {
    expect(pythonJson(new Map<string, unknown>([['a', 1.0], ['b', Number.NaN], ['c', 'é'], ['d', [1n, null, true]]]))).toBe('{"a": 1.0, "b": NaN, "c": "\\u00e9", "d": [1, null, true]}');
  });

  it('str(list) as DVC prints lists', () => {
    expect(valueRepr([1n, 2.0, 'a', "it's", true, null, { k: 1n }])).toBe(`[1, 2.0, 'a', "it's", True, None, {'k': 1}]`);
  });

  it('equality and subtraction mix int, float and bool as Python does', () => {
    expect(pythonEquals(1n, 1.0)).toBe(true);
    expect(pythonEquals(true, 1n)).toBe(true);
    expect(pythonEquals('1', 1n)).toBe(false);
    expect(pythonSubtract(12n, 10n)).toBe(2n);
    expect(pythonSubtract(0.91, 0.9)).toBe(0.91 - 0.9);
    expect(pythonSubtract(2.5, 1n)).toBe(1.5);
    expect(pythonSubtract('a', 1n)).toBeUndefined();
  });
});

describe('agreement with CPython on 400 generated values', () => {
  // test/fixtures/metrics/python-round.json is written by CPython (scripts/golden/python-round.py):
  // [repr(x), n, repr(round(x, n)), repr(x)], with n from 0 to 60, past a double's 17 digits.
  const fixture = JSON.parse(readFileSync(new URL('../../fixtures/metrics/python-round.json', import.meta.url), 'utf8')) as { cases: [string, number, string, string][] };

  it('repr and round match for every case', () => {
    const mismatches = fixture.cases.filter(([text, digits, rounded, repr]) => {
      const x = Number(text);
      return floatRepr(x) !== repr || floatRepr(roundFloat(x, digits)) !== rounded;
    });
    expect(fixture.cases).toHaveLength(400);
    expect(mismatches).toEqual([]);
  });
});
