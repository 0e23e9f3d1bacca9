import { describe, expect, it } from 'vitest';
import { addDvcYamlTargets, emptyTargets } from '../../../src/core/metrics/dvc-yaml.js';
import { parseFile } from '../../../src/core/metrics/load.js';

describe('targets from dvc.yaml', () => {
  it('reads top-level and stage metrics and params, relative to the file and wdir', () => {
    const yaml = [
      'metrics: [dvclive/metrics.json]',
      'params: [config/train.toml]',
      'stages:',
      '  train:',
      '    cmd: python train.py',
      '    wdir: ../src',
      '    params: [lr, {custom.yaml: [a.b, c]}, {whole.json: }]',
      '    metrics:',
      '      - scores.json:',
      '          cache: false',
      '  evaluate:',
      '    foreach: [a, b]',
      '    do:',
      '      cmd: echo',
      '      metrics:',
      '        - eval/${item}.json',
      '        - eval/summary.json',
    ].join('\n');
    const targets = emptyTargets();
    addDvcYamlTargets(targets, 'pipelines/dvc.yaml', parseFile(yaml, 'dvc.yaml', 'dvc.yaml'));
    expect(targets.metrics).toEqual(['pipelines/dvclive/metrics.json', 'src/scores.json', 'pipelines/eval/summary.json']);
    expect([...targets.params.entries()]).toEqual([
      ['pipelines/config/train.toml', 'all'],
      ['src/params.yaml', new Set(['lr'])],
      ['src/custom.yaml', new Set(['a.b', 'c'])],
      ['src/whole.json', 'all'],
    ]);
    expect(targets.skipped).toEqual(['eval/${item}.json']);
  });
});
