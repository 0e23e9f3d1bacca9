// Every sub-action's action.yml must mirror its command's options: same input names, same
// defaults, node24, and a `main` that exists in dist. A flag added to a command without its input
// (or the reverse) fails here.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CommandSpec, OptionMap } from '../../src/options/spec.js';
import { globalOptions } from '../../src/options/spec.js';

const root = new URL('../..', import.meta.url).pathname;
const manifests = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'action.yml')) && !entry.name.startsWith('.'))
  .map((entry) => entry.name);

interface Manifest {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; main: string; post?: string };
}

describe('action manifests', () => {
  it('include the comment action', () => {
    expect(manifests).toContain('comment');
  });

  it('root action.yml runs the setup entry on node24', () => {
    const manifest = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as Manifest;
    expect(manifest.runs.using).toBe('node24');
    expect(existsSync(join(root, manifest.runs.main))).toBe(true);
  });

  it.each(manifests)('%s/action.yml mirrors its command', async (name) => {
    const manifest = parse(readFileSync(join(root, name, 'action.yml'), 'utf8')) as Manifest;
    expect(manifest.runs.using).toBe('node24');
    for (const script of [manifest.runs.main, manifest.runs.post].filter(Boolean) as string[]) {
      expect(existsSync(join(root, name, script)), `${script} exists`).toBe(true);
      expect(dirname(join(root, name, script))).toBe(join(root, 'dist', 'actions'));
    }
    const module = (await import(`../../src/action/${name}.ts`)) as { actionSpec: CommandSpec<OptionMap>; actionOnlyInputs?: readonly string[] };
    const spec = module.actionSpec;
    const expected = new Map<string, string | boolean | undefined>();
    for (const input of module.actionOnlyInputs ?? []) expected.set(input, undefined);
    for (const positional of spec.positionals) expected.set(positional.name, undefined);
    for (const [option, definition] of Object.entries({ ...spec.options, ...globalOptions } as OptionMap)) {
      if (!definition.cliOnly) expected.set(option, definition.default);
    }
    const inputs = manifest.inputs ?? {};
    expect(Object.keys(inputs).sort()).toEqual([...expected.keys()].sort());
    for (const [input, definition] of Object.entries(inputs)) {
      const want = expected.get(input);
      if (input === 'token' || want === undefined) continue;
      expect(String(definition.default ?? ''), `default of input ${input}`).toBe(String(want));
    }
  });
});
