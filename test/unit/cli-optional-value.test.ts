// Options with an optional value (`--check [name]`): bare takes the default, a value must be
// attached with =, so the next word stays a positional; help shows `--check[=<name>]`.

import { expect, it } from 'vitest';
import { renderCommandHelp } from '../../src/cli/help.js';
import { parseCommand } from '../../src/cli/parse.js';
import { defineCommand } from '../../src/options/spec.js';

const spec = defineCommand({
  name: 'demo',
  summary: 'demo',
  positionals: [{ name: 'rev', description: 'a revision', required: false }],
  options: { check: { type: 'string', valueName: 'name', optionalValue: 'Default', description: 'post a check' } },
});

it('takes the default when bare and an attached value otherwise, never the next word', () => {
  expect(parseCommand(spec, ['--check', 'main'], {})).toMatchObject({ values: { check: 'Default' }, positionals: ['main'] });
  expect(parseCommand(spec, ['main', '--check=Gates'], {})).toMatchObject({ values: { check: 'Gates' }, positionals: ['main'] });
  expect(parseCommand(spec, ['main'], {}).values.check).toBeUndefined();
  expect(parseCommand(spec, ['--', '--check'], {}).positionals).toEqual(['--check']);
});

it('shows the optional value in help', () => {
  expect(renderCommandHelp(spec)).toContain('--check[=<name>]');
});
