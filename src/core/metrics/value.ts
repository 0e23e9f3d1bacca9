// The values metrics and params files hold, with Python's int/float distinction kept: a float is a
// JS number, an int a bigint (see python.ts for why).

export type Scalar = string | number | bigint | boolean | null;
export type Value = Scalar | Value[] | { [key: string]: Value };

export function isRecord(value: unknown): value is { [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
