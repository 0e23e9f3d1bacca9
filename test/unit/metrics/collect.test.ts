// Reading a revision's metrics and params: metrics are scalars, as in DVC (`dvc metrics show/diff`
// drop lists and nulls, dvc/repo/metrics/show.py `_extract_metrics`); params keep every value.
import { describe, expect, it } from 'vitest';
import { collectMetrics, collectParams, readMetrics, type RevisionTree } from '../../../src/core/metrics/collect.js';

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
