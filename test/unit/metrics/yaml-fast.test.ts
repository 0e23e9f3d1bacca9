// The fast YAML reader must agree with the full YAML library on everything it accepts, and decline
// (undefined) whatever it cannot read exactly.
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseSimpleYaml } from '../../../src/core/metrics/yaml-fast.js';

function library(text: string): unknown {
  return parseDocument(text, { intAsBigInt: true }).toJS();
}

const SCALARS = [
  '0.9',
  '1',
  '-3',
  '+4',
  '1.',
  '.5',
  '1e3',
  '-2.5E-7',
  '1.0e+2',
  '.inf',
  '-.Inf',
  '.nan',
  'true',
  'False',
  'NULL',
  '~',
  'null',
  'tree',
  'forest_v2',
  'a b c',
  'path/to/file.csv',
  '007',
  '0',
  '-0',
  '12345678901234567890123',
  'v1.2.3',
  '(x)',
];
const KEYS = ['acc', 'loss', 'val_loss', 'f1-score', 'a.b', '1', '42', 'x/y', 'Model'];

describe('parseSimpleYaml', () => {
  it('agrees with the library on 500 generated nested documents', () => {
    let seed = 1;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let accepted = 0;
    for (let round = 0; round < 500; round += 1) {
      const lines: string[] = [];
      const used = new Set<string>();
      const depthKeys: Set<string>[] = [new Set()];
      let depth = 0;
      const count = 1 + random(12);
      for (let index = 0; index < count; index += 1) {
        const key = KEYS[random(KEYS.length)] ?? 'k';
        const scope = depthKeys[depth] ?? new Set<string>();
        if (scope.has(key)) continue;
        scope.add(key);
        used.add(key);
        const pad = '  '.repeat(depth);
        const choice = random(10);
        if (choice === 0 && depth < 3) {
          lines.push(`${pad}${key}:`);
          depth += 1;
          depthKeys[depth] = new Set();
        } else {
          lines.push(`${pad}${key}: ${SCALARS[random(SCALARS.length)]}${random(6) === 0 ? '   # note' : ''}`);
          if (choice === 1 && depth > 0) depth -= 1;
        }
        if (random(8) === 0) lines.push(random(2) === 0 ? '' : `${pad}# comment`);
      }
      const text = lines.join('\n') + '\n';
      const fast = parseSimpleYaml(text);
      if (fast !== undefined) {
        accepted += 1;
        expect(fast, text).toEqual(library(text));
      }
    }
    expect(accepted).toBeGreaterThan(250);
  });

  it('declines what it cannot read exactly', () => {
    for (const text of [
      'a: [1, 2]\n',
      "a: 'x'\n",
      'a: &x 1\n',
      '- 1\n',
      'a:\n  - 1\n',
      'a: 1\na: 2\n',
      'a:\tb\n',
      'a:  # c\n  b: 1\n',
      '1.0: x\n',
      'null: 1\n',
      'a: 0x1F\n',
      'a: |\n  text\n',
      'a: b: c\n',
      ' a: 1\n',
      'a:\n    b: 1\n  c: 2\n',
      '---\na: 1\n',
      '__proto__: 1\n',
      '',
    ]) {
      expect(parseSimpleYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('reads the usual metrics file', () => {
    expect(parseSimpleYaml('# eval\nacc: 0.91\nepochs: 10\nnested:\n  f1: 0.8\n  deep:\n    x: 1.0\nname: forest\nempty:\n')).toEqual({
      acc: 0.91,
      epochs: 10n,
      nested: { f1: 0.8, deep: { x: 1 } },
      name: 'forest',
      empty: null,
    });
  });
});
