// metrics/action.yml must offer exactly the action's options (non-CLI-only), its positionals and
// `log`, with the same defaults, so an input and its flag can never drift apart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionSpec } from '../../../src/action/metrics.js';

const action = parse(readFileSync(new URL('../../../metrics/action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};

describe('metrics/action.yml', () => {
  it('inputs = options + positionals + log', () => {
    const expected = [
      ...Object.entries(actionSpec.options)
        .filter(([, option]) => !('cliOnly' in option && option.cliOnly))
        .map(([name]) => name),
      ...actionSpec.positionals.map((positional) => positional.name),
      'log',
    ].sort();
    expect(Object.keys(action.inputs).sort()).toEqual(expected);
  });

  it('defaults match the option map', () => {
    for (const [name, option] of Object.entries(actionSpec.options)) {
      if ('cliOnly' in option && option.cliOnly) continue;
      const input = action.inputs[name];
      const fallback = 'default' in option ? option.default : option.type === 'boolean' ? false : undefined;
      expect(input?.default, name).toBe(fallback === undefined ? undefined : String(fallback));
    }
  });

  it('runs the bundled entry on node24 with the documented outputs', () => {
    expect(action.runs).toEqual({ using: 'node24', main: '../dist/actions/metrics.js' });
    expect(Object.keys(action.outputs).sort()).toEqual(['json', 'markdown', 'regressed']);
  });
});
