import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { parseJson } from '../../../src/core/metrics/json.js';
import { flatten, parseFile, parseRowSelector } from '../../../src/core/metrics/load.js';

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

describe('parseJson', () => {
  it('keeps ints and floats apart and accepts what Python json.loads accepts', () => {
    expect(parseJson('{"a": 1, "b": 1.0, "c": 1e3, "d": -0, "e": NaN, "f": -Infinity, "g": [true, null, "x\\u00e9"]}')).toEqual({
      a: 1n,
      b: 1,
      c: 1000,
      d: 0n,
      e: Number.NaN,
      f: -Infinity,
      g: [true, null, 'xé'],
    });
  });

  it('keeps big ints exact', () => {
    expect(parseJson('{"n": 123456789012345678901234567890}')).toEqual({ n: 123456789012345678901234567890n });
  });

  it('handles a __proto__ key as data', () => {
    const value = parseJson('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
  });
});

describe('parseFile errors name the file and the line', () => {
  it('JSON', () => {
    const error = errorOf(() => parseFile('{\n  "acc": 0.9,\n  "loss" 0.3\n}\n', 'metrics.json', 'metrics.json at HEAD'));
    expect(error.message).toBe("metrics.json at HEAD: invalid JSON at line 3, column 10: expected ':' after key \"loss\", found '0'");
  });

  it('JSON cut short', () => {
    expect(errorOf(() => parseFile('{"acc": 0.9,', 'm.json', 'm.json at workspace')).message).toMatch(
      /^m\.json at workspace: invalid JSON at line 1, column 13: /,
    );
  });

  it('YAML', () => {
    const error = errorOf(() => parseFile('acc: 0.9\nloss: [0.3\nauc: 1\n', 'scores.yaml', 'scores.yaml at main'));
    expect(error.message).toMatch(/^scores\.yaml at main: invalid YAML at line \d+, column \d+: /);
  });

  it('YAML duplicate key', () => {
    expect(errorOf(() => parseFile('acc: 0.9\nacc: 0.8\n', 'm.yaml', 'm.yaml at HEAD')).message).toMatch(
      /^m\.yaml at HEAD: invalid YAML at line 2, column 1: /,
    );
  });

  it('YAML: one complete line, never the code frame or a dangling position', () => {
    const cases: [string, string][] = [
      [
        'acc: 0.9\nloss: [0.3\nauc: 1\n',
        'params.yaml at HEAD: invalid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
      [
        'acc: 0.9\r\nloss: [0.3\r\n',
        'params.yaml at HEAD: invalid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
      ['name: "base\n', 'params.yaml at HEAD: invalid YAML at line 2, column 1: Missing closing "quote'],
      ['lr: 0.1\n---\nlr: 0.2\n', 'params.yaml at HEAD: invalid YAML at line 2, column 1: more than one YAML document (a `---` or `...` line ends the first)'],
    ];
    for (const [text, message] of cases) {
      const error = errorOf(() => parseFile(text, 'params.yaml', 'params.yaml at HEAD'));
      expect(error.message).toBe(message);
      expect(error.hint).toBeUndefined();
    }
  });

  it('YAML aliases that cannot be resolved are input errors, not crashes', () => {
    expect(errorOf(() => parseFile('lr: *rate\n', 'params.yaml', 'params.yaml at workspace')).message).toBe(
      'params.yaml at workspace: invalid YAML: Unresolved alias (the anchor must be set before the alias): rate',
    );
    expect(errorOf(() => parseFile('model: &m\n  layers: [*m]\n', 'params.yaml', 'params.yaml at workspace')).message).toBe(
      'params.yaml at workspace: invalid YAML: an alias (*name) refers to a node that contains it',
    );
    // A shared (not self-containing) alias is fine.
    expect(flatten(parseFile('base: &b {lr: 0.1}\ncopy: *b\n', 'params.yaml', 'params.yaml'))).toEqual(
      new Map<string, unknown>([
        ['base.lr', 0.1],
        ['copy.lr', 0.1],
      ]),
    );
  });

  it('TOML', () => {
    expect(errorOf(() => parseFile('acc = 0.9\nloss =\n', 'm.toml', 'm.toml at HEAD')).message).toMatch(
      /^m\.toml at HEAD: invalid TOML at line 2, column \d+: /,
    );
  });
});

describe('formats', () => {
  it('YAML ints, floats, lists, nesting', () => {
    expect(flatten(parseFile('acc: 0.9\nepochs: 10\nnested:\n  f1: 1.0\n  deep: {x: [1, 2]}\nempty: {}\nname: yes\n', 'm.yaml', 'm'))).toEqual(
      new Map<string, unknown>([
        ['acc', 0.9],
        ['epochs', 10n],
        ['nested.f1', 1],
        ['nested.deep.x', '[1, 2]'],
        ['name', 'yes'],
      ]),
    );
  });

  it('unknown extensions are read as YAML, as DVC does', () => {
    expect(flatten(parseFile('acc: 0.5\n', 'metrics.txt', 'm'))).toEqual(new Map([['acc', 0.5]]));
  });

  it('YAML: one complete line, never the code frame or a dangling position', () => {
    const cases: [string, string][] = [
      [
        'acc: 0.9\nloss: [0.3\nauc: 1\n',
        'params.yaml at HEAD: invalid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
      [
        'acc: 0.9\r\nloss: [0.3\r\n',
        'params.yaml at HEAD: invalid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
      ['name: "base\n', 'params.yaml at HEAD: invalid YAML at line 2, column 1: Missing closing "quote'],
      ['lr: 0.1\n---\nlr: 0.2\n', 'params.yaml at HEAD: invalid YAML at line 2, column 1: more than one YAML document (a `---` or `...` line ends the first)'],
    ];
    for (const [text, message] of cases) {
      const error = errorOf(() => parseFile(text, 'params.yaml', 'params.yaml at HEAD'));
      expect(error.message).toBe(message);
      expect(error.hint).toBeUndefined();
    }
  });

  it('YAML aliases that cannot be resolved are input errors, not crashes', () => {
    expect(errorOf(() => parseFile('lr: *rate\n', 'params.yaml', 'params.yaml at workspace')).message).toBe(
      'params.yaml at workspace: invalid YAML: Unresolved alias (the anchor must be set before the alias): rate',
    );
    expect(errorOf(() => parseFile('model: &m\n  layers: [*m]\n', 'params.yaml', 'params.yaml at workspace')).message).toBe(
      'params.yaml at workspace: invalid YAML: an alias (*name) refers to a node that contains it',
    );
    // A shared (not self-containing) alias is fine.
    expect(flatten(parseFile('base: &b {lr: 0.1}\ncopy: *b\n', 'params.yaml', 'params.yaml'))).toEqual(
      new Map<string, unknown>([
        ['base.lr', 0.1],
        ['copy.lr', 0.1],
      ]),
    );
  });

  it('TOML', () => {
    expect(flatten(parseFile('acc = 0.9\nepochs = 3\n[eval]\nf1 = 0.7\n', 'm.toml', 'm'))).toEqual(
      new Map<string, unknown>([
        ['acc', 0.9],
        ['epochs', 3n],
        ['eval.f1', 0.7],
      ]),
    );
  });

  it('CSV: last row by default, an index, or column=value', () => {
    const csv = 'epoch,acc,loss,note\n1,0.5,1.2,"a, b"\n2,0.7,0.9,x\n3,0.8,0.7,\n';
    expect(flatten(parseFile(csv, 'log.csv', 'log.csv'))).toEqual(
      new Map<string, unknown>([
        ['epoch', 3n],
        ['acc', 0.8],
        ['loss', 0.7],
      ]),
    );
    expect(flatten(parseFile(csv, 'log.csv', 'log.csv', parseRowSelector('0')))).toEqual(
      new Map<string, unknown>([
        ['epoch', 1n],
        ['acc', 0.5],
        ['loss', 1.2],
        ['note', 'a, b'],
      ]),
    );
    expect(flatten(parseFile(csv, 'log.csv', 'log.csv', parseRowSelector('epoch=2')))).toEqual(
      new Map<string, unknown>([
        ['epoch', 2n],
        ['acc', 0.7],
        ['loss', 0.9],
        ['note', 'x'],
      ]),
    );
  });

  it('TSV and a ragged row', () => {
    expect(flatten(parseFile('a\tb\n1\t2.5\n', 'm.tsv', 'm.tsv'))).toEqual(
      new Map<string, unknown>([
        ['a', 1n],
        ['b', 2.5],
      ]),
    );
    expect(errorOf(() => parseFile('a,b\n1\n', 'm.csv', 'm.csv at HEAD')).message).toBe('m.csv at HEAD: row 2 has 1 fields, the header has 2');
  });

  it('row selector errors', () => {
    expect(() => parseRowSelector('last')).toThrow(/is not a row selector/);
    expect(errorOf(() => parseFile('a\n1\n', 'm.csv', 'm.csv', parseRowSelector('b=1'))).message).toBe('m.csv: no column "b" (columns: a)');
  });

  it('a bare value has the key ""', () => {
    expect(flatten(parseFile('0.93\n', 'acc.json', 'acc.json'))).toEqual(new Map([['', 0.93]]));
  });
});
