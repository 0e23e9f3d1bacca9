// How DVC (Python) writes values, reproduced exactly so our tables match `dvc metrics diff` cell by
// cell: `str()` of floats (shortest repr, `1e-05`, `1.0`), `round(x, n)` (correctly rounded,
// ties to even), `True`/`False`, lists as `[1, 'a']`, and `json.dumps` for --json.
//
// Values keep Python's int/float distinction: a float is a JS number, an int is a bigint. JSON's
// `1.0` and `1` print differently in DVC ("1.0" vs "1"), so the loaders preserve which one it was.

import type { Scalar, Value } from './value.js';

/** Python's `repr(float)`. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // Stryker disable next-line EqualityOperator: x is not 0 here (returned above).
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest digits that round-trip, as Python does.
  // Stryker disable next-line StringLiteral: toExponential() always writes an 'e', so the defaults are never used.
  const [mantissa = '', exponentText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const decimalPoint = exponent + 1;
  if (decimalPoint > -4 && decimalPoint <= 16) {
    if (decimalPoint <= 0) return `${sign}0.${'0'.repeat(-decimalPoint)}${digits}`;
    if (decimalPoint >= digits.length) return `${sign}${digits}${'0'.repeat(decimalPoint - digits.length)}.0`;
    return `${sign}${digits.slice(0, decimalPoint)}.${digits.slice(decimalPoint)}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const magnitude = Math.abs(exponent).toString().padStart(2, '0');
  // Stryker disable next-line EqualityOperator: exponent 0 is decimal point 1, written in the fixed form above.
  return `${sign}${head}e${exponent < 0 ? '-' : '+'}${magnitude}`;
}

/** Python's `round(x, digits)` for a float and digits >= 0: correctly rounded, exact ties to even. */
export function roundFloat(x: number, digits: number): number {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut: the lines below give NaN (toFixed writes 'NaN'), infinities (the 2^53 check) and ±0 (toFixed reads back as 0) unchanged as well.
  if (!Number.isFinite(x) || x === 0) return x;
  const magnitude = Math.abs(x);
  // Every double at or above 2^53 is an integer: rounding to >= 0 digits cannot change it.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut: from 2^53 up toFixed writes the integer exactly (in exponent form past 1e21), which reads back as x below.
  if (magnitude >= 2 ** 53) return x;
  const places = Math.min(digits, 100);
  // toFixed rounds the exact binary value (so 2.675 -> 2.67, as Python does).
  const text = magnitude.toFixed(places);
  const rounded = Number(text);
  // Already representable with `places` digits (the usual case: 0.91 at 5): nothing to round.
  // Stryker disable next-line ConditionalExpression: a shortcut: then x is the nearest double to its rounded digits, and at an exact tie the even candidate lies as close to x (half a digit), so it reads back as x too.
  if (rounded === magnitude) return x;
  // toFixed breaks exact ties away from zero; Python breaks them to even. Only a value whose
  // scaled fraction is (about) one half can be an exact tie; confirm on the exact expansion.
  const scaled = magnitude * 10 ** places;
  // The test below is a cheap filter; the exact expansion decides. A tie at n places has x = k / 2^(n+1), so the
  // spacing of doubles at x is at least 2^-(n+53), more than 10^-n once n >= 23: both candidates read back as x
  // there, and 40 or 39 is the same bound. A looser filter (<=, always true, a larger allowance) leaves more to
  // the exact check. The tighter ones are tested.
  // Stryker disable next-line EqualityOperator,ConditionalExpression,ArithmeticOperator: see above.
  if (places <= 40 && Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6 * Math.max(1, scaled * 1e-9)) {
    const expansion = magnitude.toFixed(places + 60);
    if (/^50*$/.test(expansion.slice(expansion.length - 60))) {
      const truncated = expansion.slice(0, expansion.length - 60).replace(/\.$/, '');
      if (Number(truncated[truncated.length - 1]) % 2 === 0) {
        const even = Number(truncated);
        // Stryker disable next-line EqualityOperator: x is not 0 here (returned above).
        return x < 0 ? -even : even;
      }
    }
  }
  // Stryker disable next-line EqualityOperator: x is not 0 here (returned above).
  return x < 0 ? -rounded : rounded;
}

/** Python's `str()` of a scalar as DVC's tables print it (None is handled by the caller as `-`). */
export function scalarText(value: Scalar): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return floatRepr(value);
  return value;
}

/** Python's `repr()` of a str. */
export function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + quote;
}

/** Python's `repr()` of any loaded value (used for lists, which DVC prints with `str(list)`). */
export function valueRepr(value: Value): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return `[${value.map(valueRepr).join(', ')}]`;
  if (typeof value === 'string') return stringRepr(value);
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${stringRepr(key)}: ${valueRepr(item)}`)
      .join(', ')}}`;
  }
  return scalarText(value);
}

/** Python's `json.dumps(value)` with default settings (ensure_ascii, ", " and ": " separators). */
export function pythonJson(value: unknown, indent?: number, depth = 0): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (value === Infinity) return 'Infinity';
    if (value === -Infinity) return '-Infinity';
    return floatRepr(value);
  }
  if (typeof value === 'string') return jsonString(value);
  const newline = indent === undefined ? '' : '\n' + ' '.repeat(indent * (depth + 1));
  const closing = indent === undefined ? '' : '\n' + ' '.repeat(indent * depth);
  const separator = indent === undefined ? ', ' : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${newline}${value.map((item) => pythonJson(item, indent, depth + 1)).join(separator + newline)}${closing}]`;
  }
  const entries = value instanceof Map ? [...(value as Map<string, unknown>).entries()] : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{${newline}${entries.map(([key, item]) => `${jsonString(String(key))}: ${pythonJson(item, indent, depth + 1)}`).join(separator + newline)}${closing}}`;
}

function jsonString(text: string): string {
  let out = '"';
  // Stryker disable next-line EqualityOperator: a step past the end reads NaN and '', which add nothing.
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // Stryker disable next-line StringLiteral: index is inside text, so the default is never used.
    const char = text[index] ?? '';
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return out + '"';
}

/** Python's `a == b` for the scalars metrics hold (1 == 1.0 == True). */
export function pythonEquals(a: Scalar, b: Scalar): boolean {
  const x = numeric(a);
  const y = numeric(b);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: with one side numeric and the other not, both ways answer false (no number is === a string or null).
  if (x !== undefined && y !== undefined) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: two bigints also reach `x === y` below.
    if (typeof x === 'bigint' && typeof y === 'bigint') return x === y;
    // Stryker disable next-line ConditionalExpression: with x a bigint, y is a number here (two bigints returned above).
    if (typeof x === 'bigint' && typeof y === 'number') return bigintEqualsFloat(x, y);
    // Stryker disable next-line ConditionalExpression: a bigint x returned above, so x is a number here.
    if (typeof x === 'number' && typeof y === 'bigint') return bigintEqualsFloat(y, x);
    return x === y;
  }
  return a === b;
}

/** Python's `new - old` when both are numbers (bool counts as int), else undefined. */
export function pythonSubtract(newValue: Scalar, oldValue: Scalar): number | bigint | undefined {
  const x = numeric(newValue);
  const y = numeric(oldValue);
  if (x === undefined || y === undefined) return undefined;
  if (typeof x === 'bigint' && typeof y === 'bigint') return x - y;
  return Number(x) - Number(y);
}

export function isNumber(value: Scalar | undefined): value is number | bigint | boolean {
  return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean';
}

/** The value as a JS number, for gates, headlines and plots. */
export function toNumber(value: Scalar | undefined): number | undefined {
  // Stryker disable next-line ConditionalExpression: numeric(undefined) is undefined as well.
  const x = value === undefined ? undefined : numeric(value);
  return x === undefined ? undefined : Number(x);
}

function numeric(value: Scalar): number | bigint | undefined {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  return undefined;
}

function bigintEqualsFloat(integer: bigint, float: number): boolean {
  if (!Number.isInteger(float)) return false;
  return BigInt(float) === integer;
}
