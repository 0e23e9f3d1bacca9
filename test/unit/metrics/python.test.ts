// Python's number formatting, which DVC's tables inherit. Expected values were printed by CPython
// 3.11 (`repr`, `round`, `json.dumps`, `str(list)`) and are kept here as literals.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  floatRepr,
  isNumber,
  pythonEquals,
  pythonJson,
  pythonSubtract,
  roundFloat,
  scalarText,
  toNumber,
  valueRepr,
} from '../../../src/core/metrics/python.js';

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
    // Exact ties at 0 digits go to the even integer.
    [2.5, 0, '2.0'],
    [3.5, 0, '4.0'],
    [-2.5, 0, '-2.0'],
    [0.5, 0, '0.0'],
    // Past 40 digits (no tie is possible there, and toFixed stops at 100).
    [1.2345678901234567e-30, 45, '1.234567890123457e-30'],
    [-2.675, 2, '-2.67'],
    // More digits than a double holds: kept, not cut to 15.
    [0.1 + 0.2, 17, '0.30000000000000004'],
    [0.1 + 0.2, 16, '0.3'],
    [1.0000000000000002, 16, '1.0000000000000002'],
    [1e-20, 21, '1e-20'],
    // Exact ties where x * 10^n is past 2^52, where doubles hold no halves (the product comes out whole): still to even.
    [450359962737050.25, 1, '450359962737050.2'],
  ])('round(%s, %s) -> %s', (value, digits, expected) => {
    expect(floatRepr(roundFloat(value, digits))).toBe(expected);
  });
});

describe('Python semantics', () => {
  it('json.dumps with default separators, NaN and ensure_ascii', () => {
    expect(
      pythonJson(
        new Map<string, unknown>([
          ['a', 1.0],
          ['b', Number.NaN],
          ['c', 'é'],
          ['d', [1n, null, true]],
        ]),
      ),
    ).toBe('{"a": 1.0, "b": NaN, "c": "\\u00e9", "d": [1, null, true]}');
  });

  it('str() of each scalar: None, True, False, int, float, str as it is', () => {
    expect([null, true, false, 12n, 0.5, "it's"].map(scalarText)).toEqual(['None', 'True', 'False', '12', '0.5', "it's"]);
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

describe('repr and json.dumps of strings and containers (CPython 3 output as literals)', () => {
  const strings = ['back\\slash', "it's", 'say "hi"', 'it\'s "x"', 'a\nb\rc\td', '\x01\x1f \x7f~', 'é€', '\b\f'];

  it('repr of str: quotes, escapes, control characters, non-ASCII kept', () => {
    expect(valueRepr(strings)).toBe(`['back\\\\slash', "it's", 'say "hi"', 'it\\'s "x"', 'a\\nb\\rc\\td', '\\x01\\x1f \\x7f~', 'é€', '\\x08\\x0c']`);
    expect(valueRepr([null, { k: null }, {}, []])).toBe(`[None, {'k': None}, {}, []]`);
    expect(valueRepr([{ a: 1n, b: 2n }, true, false])).toBe(`[{'a': 1, 'b': 2}, True, False]`);
  });

  it('json.dumps of str escapes as Python does (ensure_ascii)', () => {
    expect(pythonJson(strings)).toBe(
      String.raw`["back\\slash", "it's", "say \"hi\"", "it's \"x\"", "a\nb\rc\td", "\u0001\u001f \u007f~", "\u00e9\u20ac", "\b\f"]`,
    );
    expect(pythonJson([Infinity, -Infinity, null, [], true, false])).toBe('[Infinity, -Infinity, null, [], true, false]');
    // A value missing from a side of a diff is written as null.
    expect(pythonJson([undefined])).toBe('[null]');
  });

  it('json.dumps with indent nests as Python does', () => {
    expect(pythonJson({ a: [1n, { b: [], c: {} }], d: 'x' }, 2)).toBe('{\n  "a": [\n    1,\n    {\n      "b": [],\n      "c": {}\n    }\n  ],\n  "d": "x"\n}');
    expect(pythonJson({ a: { b: 1n } }, 4)).toBe('{\n    "a": {\n        "b": 1\n    }\n}');
  });

  it('repr of negative floats and exponents', () => {
    expect([-1e-5, 1e-5, -0.0001, -1e16, -0.5, -1e22].map(floatRepr)).toEqual(['-1e-05', '1e-05', '-0.0001', '-1e+16', '-0.5', '-1e+22']);
  });

  it('== across int, float and bool as Python answers it', () => {
    const cases: [Parameters<typeof pythonEquals>[0], Parameters<typeof pythonEquals>[1], boolean][] = [
      [1n, 1.5, false],
      [2n, 2.0, true],
      [2.0, 2n, true],
      [1.5, 2n, false],
      [true, 1.0, true],
      [3n, 3n, true],
      [3n, 4n, false],
      [2n ** 53n + 1n, 2 ** 53, false],
      [2 ** 53, 2n ** 53n + 1n, false],
      ['a', 'a', true],
      ['a', 'b', false],
      [null, 'a', false],
      [2.5, 2.5, true],
      ['1', 1.0, false],
      [1.0, '1', false],
      [null, null, true],
      [null, 0n, false],
    ];
    for (const [a, b, expected] of cases) expect(pythonEquals(a, b), `${String(a)} == ${String(b)}`).toBe(expected);
  });

  it('subtraction keeps ints exact and mixes to float; numbers are told apart from text', () => {
    expect(pythonSubtract(2n ** 60n + 1n, 1n)).toBe(2n ** 60n);
    expect(pythonSubtract(1n, 'a')).toBeUndefined();
    expect(pythonSubtract(2n, 0.5)).toBe(1.5);
    expect(pythonSubtract(true, false)).toBe(1n);
    expect([1.5, 2n, true, 'x', null, undefined].map(isNumber)).toEqual([true, true, true, false, false, false]);
    expect([1.5, 2n, false, 'x', null, undefined].map(toNumber)).toEqual([1.5, 2, 0, undefined, undefined, undefined]);
  });
});

describe('agreement with CPython on 400 generated values', () => {
  // test/fixtures/metrics/python-round.json is written by CPython (scripts/golden/python-round.py):
  // [repr(x), n, repr(round(x, n)), repr(x)], with n from 0 to 60, past a double's 17 digits.
  const fixture = JSON.parse(readFileSync(new URL('../../fixtures/metrics/python-round.json', import.meta.url), 'utf8')) as {
    cases: [string, number, string, string][];
  };

  it('repr and round match for every case', () => {
    const mismatches = fixture.cases.filter(([text, digits, rounded, repr]) => {
      const x = Number(text);
      return floatRepr(x) !== repr || floatRepr(roundFloat(x, digits)) !== rounded;
    });
    expect(fixture.cases).toHaveLength(400);
    expect(mismatches).toEqual([]);
  });
});
