// The layers of docs/ARCHITECTURE.md, checked against the imports of src/: each import goes down
// the list (or stays inside its own room), nothing imports in a circle, and files stay small enough
// to read. A change that breaks one of these belongs somewhere else; the failure names where.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const src = join(root, 'src');

/** Top first. A file may import from its own layer's room or from any layer below. */
const LAYERS: readonly { readonly name: string; readonly rooms: readonly string[] }[] = [
  { name: 'entry points', rooms: ['bin', 'action/entries'] },
  { name: 'front doors', rooms: ['cli', 'action'] },
  { name: 'commands', rooms: ['commands'] },
  { name: 'adapters', rooms: ['forges', 'clouds', 'trackers'] },
  { name: 'plumbing and report sections', rooms: ['report', 'options', 'git', 'http', 'output'] },
  { name: 'core', rooms: ['core'] },
  { name: 'foundation', rooms: ['errors.ts', 'logger.ts', 'version.ts', 'secrets.ts', 'words.ts', 'types'] },
];

/** Longer than ~300 lines on purpose; each says why. */
const LONG_FILES: Readonly<Record<string, string>> = {
  'core/drift/read/csv.ts': 'hot-path CSV parser, one tight loop',
  'core/drift/stats/kolmogorov.ts': "port of scipy's Kolmogorov distribution code, kept in its order",
};
const LINE_LIMIT = 320;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The room a file is in: `commands/metrics`, `forges/github`, `cli`, `errors.ts`, … */
function placeOf(file: string): { layer: number; room: string } {
  const path = relative(src, file);
  for (const [index, layer] of LAYERS.entries()) {
    for (const room of layer.rooms) {
      if (path === room || path.startsWith(`${room}/`)) {
        const rest = path.slice(room.length + 1).split('/');
        // commands/<name>, forges/<forge>, clouds/<cloud> are rooms of their own; the files at the
        // top of forges/ and clouds/ (the port, the driver or provider table) are the hall they share.
        const shared = room === 'forges' || room === 'clouds' || room === 'trackers';
        const own = room === 'commands' || (shared && rest.length > 1) ? `${room}/${(rest[0] ?? '').replace(/\.ts$/, '')}` : room;
        return { layer: index, room: own };
      }
    }
  }
  throw new Error(`src/${path} is in no layer of docs/ARCHITECTURE.md; add its room to the table there and here`);
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
    const specifier = match[1] ?? match[2];
    if (specifier) found.push(resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
  }
  return found;
}

const files = sourceFiles(src);
const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => target.startsWith(src))]));
const name = (file: string): string => `src/${relative(src, file)}`;

describe('architecture', () => {
  it('imports only go down the layers, and rooms of one layer do not borrow from each other', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = placeOf(file);
      for (const target of targets) {
        const to = placeOf(target);
        // Plumbing rooms, and the foundation's files, may use each other (cycles are still caught).
        const plumbing = from.layer === to.layer && (from.layer === 4 || from.layer === 6);
        // A forge or cloud uses its hall (the port); the hall's table names each forge or cloud.
        const hall = to.room === from.room.split('/')[0] || from.room === to.room.split('/')[0];
        if (to.layer < from.layer || (to.layer === from.layer && to.room !== from.room && !plumbing && !hall)) {
          wrong.push(`${name(file)} (${LAYERS[from.layer]?.name}) imports ${name(target)} (${LAYERS[to.layer]?.name})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle', () => {
    // Tarjan's strongly connected components; any component of two or more files is a cycle.
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (file: string): void => {
      index.set(file, counter);
      low.set(file, counter);
      counter += 1;
      stack.push(file);
      onStack.add(file);
      for (const target of graph.get(file) ?? []) {
        if (!graph.has(target)) continue;
        if (!index.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
        } else if (onStack.has(target)) {
          low.set(file, Math.min(low.get(file) as number, index.get(target) as number));
        }
      }
      if (low.get(file) === index.get(file)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(name(member));
        } while (member !== file);
        if (component.length > 1) cycles.push(component.sort());
      }
    };
    for (const file of graph.keys()) if (!index.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it(`keeps files under ~300 lines, except the few that say why`, () => {
    const long = files
      .map((file) => ({ path: relative(src, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ path, lines }) => lines > LINE_LIMIT && LONG_FILES[path] === undefined)
      .map(({ path, lines }) => `src/${path}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('resolves every relative import to a file', () => {
    const missing = [...graph].flatMap(([file, targets]) => targets.filter((target) => !graph.has(target)).map((target) => `${name(file)} -> ${name(target)}`));
    expect(missing).toEqual([]);
  });
});
