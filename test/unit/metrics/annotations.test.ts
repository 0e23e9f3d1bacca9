// Failed --fail-on gates from the CLI inside GitHub Actions: an error annotation per gate, as the
// metrics action makes, escaped as @actions/core escapes workflow command data.

import { describe, expect, it } from 'vitest';
import { escapeCommandData, regressionReporter } from '../../../src/cli/metrics.js';
import { parseGate, type GateOutcome } from '../../../src/core/metrics/index.js';
import { createMemoryLogger } from '../../../src/logger.js';

const outcome = (message: string): GateOutcome => ({ gate: parseGate('acc:-0.01'), path: 'metrics.json', key: 'acc', passed: false, message });

describe('regression annotations', () => {
  it('escapes % and line breaks as @actions/core does', () => {
    expect(escapeCommandData('100% of 50%\r\nnext\nline')).toBe('100%25 of 50%25%0D%0Anext%0Aline');
    expect(escapeCommandData('acc dropped by 0.03 (0.9 → 0.87)')).toBe('acc dropped by 0.03 (0.9 → 0.87)');
  });

  it('prints the error line and, in GitHub Actions, an ::error workflow command per failed gate', () => {
    const logger = createMemoryLogger('info');
    const report = regressionReporter({ env: { GITHUB_ACTIONS: 'true' }, logger, stderr: (text) => logger.lines.push(text.replace(/\n$/, '')) });
    expect(report).toBeDefined();
    report!(outcome('acc dropped by 3% (0.9 → 0.87)'));
    report!(outcome('loss rose\nby 0.1'));
    expect(logger.lines).toEqual([
      'error: regression: acc dropped by 3% (0.9 → 0.87)',
      '::error title=Metric regression::acc dropped by 3%25 (0.9 → 0.87)',
      'error: regression: loss rose\nby 0.1',
      '::error title=Metric regression::loss rose%0Aby 0.1',
    ]);
  });

  it('leaves the default reporting alone outside GitHub Actions', () => {
    const logger = createMemoryLogger('info');
    const stderr = (text: string): void => void logger.lines.push(text);
    expect(regressionReporter({ env: {}, logger, stderr })).toBeUndefined();
    expect(regressionReporter({ env: { GITHUB_ACTIONS: 'false' }, logger, stderr })).toBeUndefined();
  });
});
