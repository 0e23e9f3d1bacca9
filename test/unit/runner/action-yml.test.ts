// runner/action.yml mirrors actionSpec (inputs and defaults), declares the three outputs, and runs
// a post step that can undo an unfinished start.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionSpec } from '../../../src/action/runner.js';
import { globalOptions, type OptionMap } from '../../../src/options/spec.js';

const manifest = parse(readFileSync(new URL('../../../runner/action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
  runs: Record<string, string>;
};

describe('runner/action.yml', () => {
  it('has one input per option that is not CLI-only, with the same defaults', () => {
    const options = Object.entries({ ...actionSpec.options, log: globalOptions.log } as OptionMap).filter(([, option]) => !option.cliOnly);
    expect(Object.keys(manifest.inputs).sort()).toEqual(options.map(([name]) => name).sort());
    for (const [name, option] of options) {
      const fallback = option.type === 'boolean' ? 'false' : undefined;
      expect(manifest.inputs[name]?.default, name).toBe(option.default === undefined ? fallback : String(option.default));
    }
    expect(actionSpec.positionals).toEqual([]);
  });

  it('outputs the label, runner name and instance id, and cleans up in a post step on node24', () => {
    expect(Object.keys(manifest.outputs).sort()).toEqual(['instance-id', 'label', 'runner-name']);
    expect(manifest.runs).toEqual({ using: 'node24', main: '../dist/actions/runner.js', post: '../dist/actions/runner-post.js' });
  });
});
