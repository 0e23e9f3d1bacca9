import { describe, expect, it } from 'vitest';
import type { DiffResult } from '../../../src/core/metrics/diff.js';
import { evaluateGates, parseGate } from '../../../src/core/metrics/gates.js';
import type { Scalar } from '../../../src/core/metrics/value.js';

const labels = { old: 'main', new: 'workspace' };

function diffOf(entries: Record<string, Record<string, [Scalar, Scalar]>>): DiffResult {
  return new Map(
    Object.entries(entries).map(([path, changes]) => [
      path,
      new Map(
        Object.entries(changes).map(([key, [old, next]]) => {
          const diff = typeof old === 'number' && typeof next === 'number' ? next - old : undefined;
          return [key, diff === undefined ? { old, new: next } : { old, new: next, diff }];
        }),
      ),
    ]),
  );
}

const diff = diffOf({
  'metrics.json': { acc: [0.93, 0.91], loss: [0.3, 0.36], f1: [0.8, 0.8], fresh: [null, 0.5], gone: [0.4, null], name: ['a', 'b'] },
  'eval/metrics.json': { acc: [0.5, 0.6] },
});

function verdicts(gate: string): [string | undefined, boolean, string][] {
  return evaluateGates([parseGate(gate)], diff, labels).map((outcome) => [outcome.path, outcome.passed, outcome.message]);
}

describe('parseGate', () => {
  it('reads change, relative and threshold gates', () => {
    expect(parseGate('acc:-0.01').rule).toEqual({ kind: 'change', direction: 'drop', amount: 0.01, relative: false });
    expect(parseGate('loss:+5%').rule).toEqual({ kind: 'change', direction: 'rise', amount: 5, relative: true });
    expect(parseGate('acc:-1e-3').rule).toEqual({ kind: 'change', direction: 'drop', amount: 0.001, relative: false });
    expect(parseGate(' acc >= 0.8 ').rule).toEqual({ kind: 'threshold', operator: '>=', value: 0.8 });
    expect(parseGate('eval/metrics.json#acc<0.5')).toMatchObject({ path: 'eval/metrics.json', key: 'acc' });
  });

  it('rejects what is not a gate, with the syntax in the hint', () => {
    expect(() => parseGate('acc drops')).toThrow(/is not a gate/);
    expect(() => parseGate('acc:0.01')).toThrow(/is not a gate/);
    expect(() => parseGate(':-0.1')).toThrow();
  });
});

describe('evaluateGates', () => {
  it('a drop beyond the allowed amount fails and is named with both values', () => {
    expect(verdicts('metrics.json#acc:-0.01')).toEqual([
      ['metrics.json', false, 'acc dropped by 0.02 (0.93 → 0.91), more than the allowed 0.01 (gate metrics.json#acc:-0.01)'],
    ]);
  });

  it('a drop of exactly the allowed amount passes despite float noise', () => {
    expect(verdicts('metrics.json#acc:-0.02')[0]?.[1]).toBe(true);
  });

  it('matches the key in every file unless a path is given', () => {
    const outcomes = verdicts('acc:-0.01');
    expect(outcomes.map(([path, passed]) => [path, passed])).toEqual([
      ['metrics.json', false],
      ['eval/metrics.json', true],
    ]);
  });

  it('rises, relative changes and thresholds', () => {
    expect(verdicts('loss:+0.05')[0]?.[1]).toBe(false);
    expect(verdicts('loss:+25%')[0]?.[1]).toBe(true);
    expect(verdicts('loss:+10%')[0]?.[2]).toBe('loss rose by 0.06 (20%) (0.3 → 0.36), more than the allowed 10% (gate loss:+10%)');
    expect(verdicts('metrics.json#acc<0.92')[0]?.[1]).toBe(false);
    expect(verdicts('metrics.json#acc<0.9')[0]?.[1]).toBe(true);
    expect(verdicts('f1:-0')[0]?.[1]).toBe(true);
  });

  it('a metric missing in the new revision fails; a new one passes change gates', () => {
    expect(verdicts('gone:-0.1')).toEqual([['metrics.json', false, 'gone is missing in workspace (gate gone:-0.1)']]);
    expect(verdicts('fresh:-0.1')[0]?.[1]).toBe(true);
    expect(verdicts('fresh<0.6')[0]?.[1]).toBe(false);
  });

  it('a gate that matches nothing fails (a typo must not pass silently)', () => {
    expect(verdicts('accuracy:-0.01')).toEqual([[undefined, false, 'accuracy:-0.01: no metric accuracy in main or workspace']]);
  });

  it('non-numbers fail; wildcards match within a segment', () => {
    expect(verdicts('name<1')[0]?.[1]).toBe(false);
    expect(evaluateGates([parseGate('*c*:-0.5')], diff, labels).map((outcome) => outcome.key)).toEqual(['acc', 'acc']);
  });
});
