import { describe, expect, it } from 'vitest';
import { readDvcPlots } from '../../../src/core/plot/dvc-yaml.js';

describe('dvc.yaml plots', () => {
  it('reads paths, properties and per-file fields (DVC 3 top-level syntax)', () => {
    const text = `
stages: {}
plots:
  - evaluation/loss.csv
  - evaluation/roc.json:
      x: fpr
      y: tpr
      template: simple
      x_label: False positive rate
  - precision-recall:
      x: recall
      y:
        prc/train.json: precision
        prc/test.json: [precision, p2]
      title: Precision-recall
  - images/
`;
    expect(readDvcPlots(text, 'dvc.yaml')).toEqual([
      { id: 'evaluation/loss.csv', files: [{ path: 'evaluation/loss.csv' }] },
      { id: 'evaluation/roc.json', files: [{ path: 'evaluation/roc.json' }], template: 'simple', xLabel: 'False positive rate', x: 'fpr', y: ['tpr'] },
      {
        id: 'precision-recall',
        files: [
          { path: 'prc/train.json', y: ['precision'] },
          { path: 'prc/test.json', y: ['precision', 'p2'] },
        ],
        title: 'Precision-recall',
        x: 'recall',
      },
      { id: 'images/', files: [{ path: 'images/' }] },
    ]);
  });

  it('reads per-file x and a mapping of plots', () => {
    const text = 'plots:\n  cmp:\n    x: {a.csv: step, b.csv: epoch}\n    y: {a.csv: loss, b.csv: loss}\n';
    expect(readDvcPlots(text, 'dvc.yaml')).toEqual([
      {
        id: 'cmp',
        files: [
          { path: 'a.csv', x: 'step', y: ['loss'] },
          { path: 'b.csv', x: 'epoch', y: ['loss'] },
        ],
      },
    ]);
  });

  it('is empty without plots and rejects malformed entries in one line', () => {
    expect(readDvcPlots('stages:\n  train: {cmd: python train.py}\n', 'dvc.yaml')).toEqual([]);
    expect(readDvcPlots('', 'dvc.yaml')).toEqual([]);
    expect(() => readDvcPlots('plots:\n  - {a: 1, b: 2}\n', 'dvc.yaml')).toThrow(/dvc.yaml: plots\[0\] must be a file path/);
    expect(() => readDvcPlots('plots:\n  - a:\n      y: {f.csv: {bad: 1}}\n', 'dvc.yaml')).toThrow(/y must be a field name/);
    expect(() => readDvcPlots('plots: [', 'dvc.yaml')).toThrow(/not valid YAML/);
  });
});
