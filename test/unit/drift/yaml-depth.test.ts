// User YAML nested thousands of levels deep (drift.yaml here; every user YAML goes through
// src/core/yaml.ts) is one clear error line, whatever the parser's own recursion limit.

import { describe, expect, it } from 'vitest';
import { parseDriftConfig } from '../../../src/core/drift/config.js';
import { parseYamlText } from '../../../src/core/yaml.js';
import { UserError } from '../../../src/errors.js';

function userError(run: () => unknown): string {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UserError);
  const message = (caught as UserError).message;
  expect(message).not.toContain('\n');
  return message;
}

const block = (levels: number): string => {
  let text = '';
  for (let level = 0; level < levels; level += 1) text += `${' '.repeat(level)}a:\n`;
  return `${text}${' '.repeat(levels)}1\n`;
};
const flow = (levels: number): string => `columns: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;

describe('deeply nested YAML', () => {
  for (const [name, text] of [
    ['5,000 block levels', block(5000)],
    ['5,000 flow levels', flow(5000)],
    ['300 levels', block(300)],
  ] as const) {
    it(`${name}: says the file is nested too deeply`, () => {
      expect(userError(() => parseDriftConfig(text, 'drift.yaml'))).toBe('drift.yaml: invalid YAML: nested more than 256 levels deep');
      expect(userError(() => parseYamlText(text, 'params.yaml'))).toBe('params.yaml: invalid YAML: nested more than 256 levels deep');
    });
  }

  it('256 levels still parse', () => {
    expect(parseYamlText(block(255), 'params.yaml')).toBeTypeOf('object');
  });
});
