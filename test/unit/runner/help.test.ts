// `cml runner launch --help` is what users and CML's docs rely on: the same text, options in the
// same order, whichever cloud declares them (the shared ones in the command, `--cloud-aws-*` in the
// AWS room).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCommandHelp } from '../../../src/cli/help.js';
import { launchSpec } from '../../../src/commands/runner/spec.js';

describe('cml runner launch --help', () => {
  it('is unchanged, option order included', () => {
    expect(renderCommandHelp(launchSpec)).toBe(readFileSync(new URL('../../fixtures/runner/launch-help.txt', import.meta.url), 'utf8'));
  });
});

describe('the runner specs', () => {
  it('load no cloud SDK: `cml --version` and `--help` read them eagerly', async () => {
    const { build } = await import('esbuild');
    const entry = 'src/commands/runner/spec.ts';
    const { metafile } = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', logLevel: 'silent' });
    const reached = new Set<string>();
    const pending = [entry];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      for (const imported of metafile.inputs[file]?.imports ?? []) if (imported.kind !== 'dynamic-import') pending.push(imported.path);
    }
    expect([...reached].filter((file) => file.includes('node_modules'))).toEqual([]);
  });
});
