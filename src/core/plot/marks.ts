// The marks Vega-Lite draws, checked before compiling: Vega-Lite itself meets an unknown mark with
// an internal TypeError ("reading 'filled'") instead of saying which mark is wrong.

import { UserError } from '../../errors.js';

/** Vega-Lite 6's primitive marks (definitions.Mark of its schema) and composite marks. */
export const VEGA_LITE_MARKS = [
  'arc',
  'area',
  'bar',
  'image',
  'line',
  'point',
  'rect',
  'rule',
  'text',
  'tick',
  'trail',
  'circle',
  'square',
  'geoshape',
  'boxplot',
  'errorbar',
  'errorband',
];

/** Keys under which a Vega-Lite spec holds the views it is composed of. */
const VIEW_KEYS = ['layer', 'spec', 'concat', 'hconcat', 'vconcat'];

/** Throws a one-line UserError naming the first mark Vega-Lite does not have, and where it is. */
export function checkMarks(spec: Record<string, unknown>, source: string): void {
  const unknown = findUnknownMark(spec, '');
  if (!unknown) return;
  const where = unknown.path === '' ? '' : ` at ${unknown.path}`;
  throw new UserError(`${source} is not a valid Vega-Lite spec: unknown mark ${JSON.stringify(unknown.mark)}${where}`, {
    hint: `use one of ${VEGA_LITE_MARKS.join(', ')}`,
  });
}

function findUnknownMark(view: unknown, path: string): { mark: unknown; path: string } | undefined {
  if (!view || typeof view !== 'object' || Array.isArray(view)) return undefined;
  const record = view as Record<string, unknown>;
  if ('mark' in record) {
    const mark = record.mark;
    const type = mark && typeof mark === 'object' && !Array.isArray(mark) ? (mark as { type?: unknown }).type : mark;
    if (typeof type !== 'string' || !VEGA_LITE_MARKS.includes(type)) return { mark: type, path: path === '' ? 'mark' : `${path}.mark` };
  }
  for (const key of VIEW_KEYS) {
    const child = record[key];
    const children = Array.isArray(child) ? child.map((item, index) => [item, `${key}[${index}]`] as const) : [[child, key] as const];
    for (const [item, name] of children) {
      const found = findUnknownMark(item, path === '' ? name : `${path}.${name}`);
      if (found) return found;
    }
  }
  return undefined;
}
