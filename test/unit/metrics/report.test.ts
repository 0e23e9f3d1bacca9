import { describe, expect, it } from 'vitest';
import type { DiffResult } from '../../../src/core/metrics/diff.js';
import { evaluateGates, parseGate } from '../../../src/core/metrics/gates.js';
import { defaultLowerIsBetter } from '../../../src/core/metrics/direction.js';
import { headline, renderReport } from '../../../src/report/metrics.js';

const metrics: DiffResult = new Map([
  [
    'metrics.json',
    new Map([
      ['acc', { old: 0.9, new: 0.91, diff: 0.91 - 0.9 }],
      ['loss', { old: 0.35, new: 0.3, diff: 0.3 - 0.35 }],
      ['epochs', { old: 10n, new: 12n, diff: 2n }],
      ['note', { old: 'a', new: 'b' }],
    ]),
  ],
]);
const params: DiffResult = new Map([['params.yaml', new Map([['lr', { old: 0.01, new: 0.02, diff: 0.01 }]])]]);

describe('report section', () => {
  it('headline: value with three decimals, signed change, colour cue by direction', () => {
    expect(headline({ metrics, gates: [], lowerIsBetter: defaultLowerIsBetter, oldLabel: 'main', newLabel: 'workspace' })).toBe(
      '**acc** 0.910 (+0.010) 🟢, **loss** 0.300 (\u22120.050) 🟢, **epochs** 12 (+2) 🟢',
    );
  });

  it('loss-like names are lower-is-better by default', () => {
    for (const key of ['loss', 'val_loss', 'train.loss', 'rmse', 'eval.error', 'latency_ms']) expect(defaultLowerIsBetter(key), key).toBe(true);
    for (const key of ['acc', 'f1', 'auc', 'precision', 'timestamp_count']) expect(defaultLowerIsBetter(key), key).toBe(false);
  });

  it('puts the DVC table with arrows, gate verdicts and folded params together', () => {
    const gates = evaluateGates([parseGate('acc:+0.001'), parseGate('loss:+0.1')], metrics, { old: 'main', new: 'workspace' });
    const markdown = renderReport({
      title: 'Metrics',
      oldLabel: 'main',
      newLabel: 'workspace',
      metrics,
      params,
      gates,
      precision: 5,
      noPath: false,
      lowerIsBetter: defaultLowerIsBetter,
    });
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('### Metrics: `main` → `workspace`');
    expect(markdown).toContain(
      '> [!CAUTION]\n> **Regression** (`--fail-on`):\n> - acc rose by 0.01 (0.9 → 0.91), more than the allowed 0.001 (gate acc:+0.001)',
    );
    expect(markdown).toContain('| metrics.json | acc      | 0.9    | 0.91        | ▲ +0.01 🟢 |');
    expect(markdown).toContain('| metrics.json | loss     | 0.35   | 0.3         | ▼ -0.05 🟢 |');
    expect(markdown).toContain('| metrics.json | note     | a      | b           | -         |');
    expect(markdown).toContain('<details><summary>Params: 1 changed</summary>');
    expect(markdown).toContain('| params.yaml | lr      | 0.01   | 0.02        |');
    // The failing gate's metric leads the headline.
    expect(lines[2]?.startsWith('**acc**')).toBe(true);
  });

  it('says so when nothing changed', () => {
    const markdown = renderReport({
      title: 'Metrics',
      oldLabel: 'HEAD',
      newLabel: 'workspace',
      metrics: new Map(),
      params: undefined,
      gates: [],
      precision: 5,
      noPath: false,
      lowerIsBetter: defaultLowerIsBetter,
    });
    expect(markdown).toContain('No metric changed between `HEAD` and `workspace`.');
    expect(markdown).not.toContain('| Path');
  });
});
