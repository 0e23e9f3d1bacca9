// Workspace metrics and params as tracker keys, and a tracker run laid out as a revision.

import { describe, expect, it } from 'vitest';
import { runAsRevision, trackedMetrics, trackedParams, TRACKER_ONLY_PATH } from '../../../src/core/tracking/keys.js';
import type { RevisionValues } from '../../../src/core/metrics/diff.js';
import type { Scalar } from '../../../src/core/metrics/value.js';

const revision = (files: Record<string, Record<string, Scalar>>): RevisionValues =>
  new Map(Object.entries(files).map(([path, values]) => [path, new Map(Object.entries(values))]));

describe('tracker keys', () => {
  it('uses the metric name, or file/name when two files share it; only finite numbers are metrics', () => {
    const values = revision({ 'train.json': { acc: 0.9, 'loss.final': 0.2, note: 'x', ok: true }, 'eval.json': { acc: 0.8, n: 10n, bad: Number.NaN } });
    expect(trackedMetrics(values)).toEqual([
      { name: 'train.json/acc', value: 0.9 },
      { name: 'loss.final', value: 0.2 },
      { name: 'eval.json/acc', value: 0.8 },
      { name: 'n', value: 10 },
    ]);
  });

  it("writes params as Python's str() does", () => {
    expect(trackedParams(revision({ 'params.yaml': { lr: 0.1, epochs: 10n, shuffle: true, seed: null, name: 'cnn' } }))).toEqual([
      { name: 'lr', value: '0.1' },
      { name: 'epochs', value: '10' },
      { name: 'shuffle', value: 'True' },
      { name: 'seed', value: 'None' },
      { name: 'name', value: 'cnn' },
    ]);
  });

  it('lays a run out as the workspace files; names only the run has go under their own path', () => {
    const workspace = revision({ 'a.json': { acc: 1 }, 'b.json': { acc: 2, f1: 3 } });
    const run = new Map<string, Scalar>([
      ['a.json/acc', 0.5],
      ['f1', 0.25],
      ['auc', 0.75],
    ]);
    expect(runAsRevision(run, workspace)).toEqual(
      new Map([
        ['a.json', new Map([['acc', 0.5]])],
        ['b.json', new Map([['f1', 0.25]])],
        [TRACKER_ONLY_PATH, new Map([['auc', 0.75]])],
      ]),
    );
  });
});
