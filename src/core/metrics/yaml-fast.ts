// A fast path for the YAML that metrics and params files almost always are: nested block
// mappings of `key: value` lines with plain scalars. The general YAML library costs about 20 µs per
// value, which dominates a 10,000-metric diff; this reader handles the simple shape in a fraction
// of that and returns undefined for anything else (flow collections, quotes, anchors, lists, tabs,
// multi-line scalars, duplicate keys...), which then goes to the full parser. Scalars resolve as
// the YAML 1.2 core schema does (the same tests as the library), ints as bigint.

import type { Value } from './value.js';

const LINE = /^( *)([A-Za-z0-9_][A-Za-z0-9_.\-/]*):(?: +([^ ].*?))? *$/;
const SAFE_STRING = /^[A-Za-z0-9_./(][A-Za-z0-9_ .\-/+()=@%~^$;,]*$/;
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

type Mapping = { [key: string]: Value };

export function parseSimpleYaml(text: string): Value | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const stack: { indent: number; mapping: Mapping }[] = [];
  const root: Mapping = {};
  let pending: { indent: number; mapping: Mapping; key: string } | undefined;
  let sawContent = false;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      if (end === text.length) break;
      continue;
    }
    const match = LINE.exec(line);
    if (!match) return undefined;
    const indent = match[1]?.length ?? 0;
    const key = match[2] ?? '';
    const raw = match[3];
    // Keys the core schema reads as something else ("1.0" is the float 1, "null" is null) and
    // JavaScript's special key: leave to the library.
    if (key === '__proto__' || (typeof scalar(key) !== 'string' && !INT.test(key))) return undefined;

    let parent: Mapping;
    if (pending) {
      if (indent > pending.indent) {
        // The previous key opens a nested mapping.
        const child: Mapping = {};
        pending.mapping[pending.key] = child;
        stack.push({ indent, mapping: child });
        parent = child;
      } else {
        pending.mapping[pending.key] = null;
        parent = parentAt(stack, indent, root, sawContent) as Mapping;
        if (!parent) return undefined;
      }
      pending = undefined;
    } else {
      const found = parentAt(stack, indent, root, sawContent);
      if (!found) return undefined;
      parent = found;
    }
    if (!sawContent) {
      if (indent !== 0) return undefined;
      stack.push({ indent: 0, mapping: root });
      sawContent = true;
    }
    if (Object.prototype.hasOwnProperty.call(parent, key)) return undefined;

    if (raw === undefined) {
      pending = { indent, mapping: parent, key };
      parent[key] = null;
    } else {
      const value = scalar(raw);
      if (value === undefined) return undefined;
      parent[key] = value;
    }
    if (end === text.length) break;
  }
  if (!sawContent) return undefined;
  return root;
}

/** The mapping a line at `indent` belongs to: the innermost open mapping with that exact indent. */
function parentAt(stack: { indent: number; mapping: Mapping }[], indent: number, root: Mapping, sawContent: boolean): Mapping | undefined {
  if (!sawContent) return indent === 0 ? root : undefined;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (!top) return undefined;
    if (top.indent === indent) return top.mapping;
    if (top.indent < indent) return undefined;
    stack.pop();
  }
  return undefined;
}

function scalar(text: string): Value | undefined {
  // A plain scalar cannot contain " #": from there on it is a comment.
  const comment = text.indexOf(' #');
  const raw = comment >= 0 ? text.slice(0, comment).trimEnd() : text;
  if (raw === '' || raw.includes(': ') || raw.endsWith(':')) return undefined;
  if (NULL.test(raw)) return null;
  if (BOOL.test(raw)) return raw[0] === 't' || raw[0] === 'T';
  if (INT.test(raw)) return BigInt(raw);
  if (FLOAT.test(raw) || EXP_FLOAT.test(raw)) return parseFloat(raw);
  if (SPECIAL_FLOAT.test(raw)) return /nan/i.test(raw) ? Number.NaN : raw.startsWith('-') ? -Infinity : Infinity;
  if (/^0[ox]/.test(raw)) return undefined;
  return SAFE_STRING.test(raw) ? raw : undefined;
}
