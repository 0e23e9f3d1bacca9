// Reading a revision's metrics and params: metrics are scalars, as in DVC (`dvc metrics show/diff`
// drop lists and nulls, dvc/repo/metrics/show.py `_extract_metrics`); params keep every value.
import { describe, expect, it } from 'vitest';
import { collectMetrics, collectParams, findDvcTargets, readMetrics, type RevisionTree } from '../../../src/core/metrics/collect.js';

function memoryTree(files: Record<string, string>): RevisionTree {
  return {
    label: 'memory',
    listFiles: async () => Object.keys(files),
    readFiles: async (paths) => new Map(paths.map((path) => [path, files[path] === undefined ? undefined : Buffer.from(files[path] ?? '')])),
  };
}

const tree = memoryTree({
  'metrics.json':
    '{"acc": 0.9, "per_class": [0.8, 0.9], "nested": {"f1": 0.7, "curve": [1, 2], "none": null}, "only_lists": {"a": [1]}, "name": "base", "ok": true}\n',
  'bare-list.json': '[1, 2, 3]\n',
  'params.yaml': 'lr: 0.01\nlayers: [64, 32]\n',
});

describe('metrics are scalars', () => {
  it('a list-valued (or null) metric gets no row; strings, booleans and numbers stay', async () => {
    const { values } = await collectMetrics(tree, ['metrics.json', 'bare-list.json']);
    expect([...(values.get('metrics.json')?.keys() ?? [])].sort()).toEqual(['acc', 'name', 'nested.f1', 'ok']);
    expect(values.get('bare-list.json')).toEqual(new Map());
  });

  it('metrics show reads the same scalars (its JSON too)', async () => {
    const parsed = await readMetrics(tree, ['metrics.json']);
    expect(parsed.get('metrics.json')).toEqual({ acc: 0.9, nested: { f1: 0.7 }, name: 'base', ok: true });
  });

  it('params keep lists', async () => {
    const { values } = await collectParams(tree, ['params.yaml'], false);
    expect(values.get('params.yaml')?.get('layers')).toBe('[64, 32]');
  });
});

describe('dvc.yaml targets', () => {
  it('are found once per tree, however many sections ask', async () => {
    const reads: string[][] = [];
    const files: Record<string, string> = {
      'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    params: [lr]\n    metrics: [metrics.json]\n',
      'metrics.json': '{"acc": 0.9}\n',
      'params.yaml': 'lr: 0.01\n',
    };
    const counting: RevisionTree = {
      label: 'memory',
      listFiles: async () => Object.keys(files),
      readFiles: async (paths) => {
        reads.push([...paths]);
        return new Map(paths.map((path) => [path, files[path] === undefined ? undefined : Buffer.from(files[path] ?? '')]));
      },
    };
    const [first, second] = await Promise.all([findDvcTargets(counting), findDvcTargets(counting)]);
    expect(second).toBe(first);
    expect(first.metrics).toEqual(['metrics.json']);
    const metrics = await collectMetrics(counting, undefined);
    const params = await collectParams(counting, undefined, false);
    expect(metrics.values.get('metrics.json')?.get('acc')).toBe(0.9);
    expect(params.values.get('params.yaml')?.get('lr')).toBe(0.01);
    expect(reads.filter((paths) => paths.includes('dvc.yaml'))).toHaveLength(1);
    // Another tree (another revision) has targets of its own.
    const other = memoryTree({ 'dvc.yaml': 'stages:\n  eval:\n    cmd: python eval.py\n    metrics: [scores.json]\n' });
    expect((await findDvcTargets(other)).metrics).toEqual(['scores.json']);
  });
});
