// How deeply a parsed value (JSON or YAML) nests lists and mappings, found without recursion, so
// that input nested thousands of levels deep is refused with one line before any recursive code
// (JSON.stringify, a flattener, a renderer) overflows the stack on it.

/** More levels than any real metrics file, params file, drift.yaml or JSON-lines value uses. */
export const MAX_NESTING = 256;

interface Frame {
  readonly node: object;
  readonly children: object[];
  next: number;
  /** Levels of lists and mappings from this node down, itself included. */
  height: number;
}

function frame(node: object): Frame {
  const values = node instanceof Map ? [...node.keys(), ...node.values()] : node instanceof Set ? [...node] : Object.values(node);
  return { node, children: values.filter((child): child is object => child !== null && typeof child === 'object'), next: 0, height: 1 };
}

/**
 * True when `value` holds lists or mappings more than `limit` levels deep (a scalar is level 0).
 * YAML aliases make the value a graph: a node shared by several parents is measured once, and a
 * node that contains itself is left for the caller to report.
 */
export function nestedDeeperThan(value: unknown, limit = MAX_NESTING): boolean {
  if (value === null || typeof value !== 'object') return false;
  const heights = new Map<object, number>();
  const onPath = new Set<object>([value]);
  const stack: Frame[] = [frame(value)];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next]!;
      top.next += 1;
      const known = heights.get(child);
      if (known !== undefined) top.height = Math.max(top.height, known + 1);
      else if (!onPath.has(child)) {
        if (stack.length + 1 > limit) return true;
        onPath.add(child);
        stack.push(frame(child));
      }
      continue;
    }
    stack.pop();
    onPath.delete(top.node);
    heights.set(top.node, top.height);
    if (top.height > limit) return true;
    const parent = stack[stack.length - 1];
    if (parent) parent.height = Math.max(parent.height, top.height + 1);
  }
  return false;
}
