// The pr and check actions end to end: INPUT_* in (several pathspecs as lines of one input, the
// workflow token from github-token), outputs to $GITHUB_OUTPUT.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { run as runCheckAction } from '../../../src/action/check.js';
import { run as runPrAction } from '../../../src/action/pr.js';
import { tempDir } from '../../helpers/temp.js';
import { ACTIONS_TOKEN, git, startHarness, write, type Harness } from './harness.js';

const dir = tempDir('cml-pr-action-');
let h: Harness;
let outputFile: string;
const saved = { output: process.env.GITHUB_OUTPUT, exitCode: process.exitCode };

beforeAll(async () => {
  h = await startHarness(dir, 'acted');
});
afterAll(async () => {
  expect(h.fake.violations.map((line) => line.slice(0, 400))).toEqual([]);
  await h.fake.close();
});
beforeEach(() => {
  outputFile = join(dir, `output-${Date.now()}-${Math.random()}.txt`);
  writeFileSync(outputFile, '');
  process.env.GITHUB_OUTPUT = outputFile;
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env.GITHUB_OUTPUT = saved.output;
  process.exitCode = saved.exitCode;
});

function outputs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of readFileSync(outputFile, 'utf8').matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[match[1] ?? ''] = match[3] ?? '';
  return out;
}

function env(inputs: Record<string, string>): NodeJS.ProcessEnv {
  const base = h.env({ GITHUB_WORKSPACE: h.clone, GITHUB_TOKEN: '' });
  return {
    ...base,
    'INPUT_GITHUB-TOKEN': ACTIONS_TOKEN,
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
  };
}

describe('pr action', () => {
  it('commits the pathspecs given as lines, with the workflow token, and sets url and number', async () => {
    write(h.clone, { 'model.pkl': 'w\n', 'metrics.json': '{}\n', 'other.txt': 'x\n' });
    await runPrAction(env({ pathspec: 'model.pkl\nmetrics.json\n', 'skip-ci': 'true' }));
    expect(process.exitCode ?? 0).toBe(0);
    const result = outputs();
    expect(result).toMatchObject({ url: 'https://github.com/octo/models/pull/1', number: '1', created: 'true', merge: '' });
    expect(
      git(h.remote, 'show', '--name-only', '--format=', result.branch ?? '')
        .trim()
        .split('\n')
        .sort(),
    ).toEqual(['metrics.json', 'model.pkl']);
  });
});

describe('check action', () => {
  it('creates the check run with the workflow token and sets url and id', async () => {
    writeFileSync(join(h.clone, 'report.md'), '# Report\n');
    await runCheckAction(env({ 'markdown-file': 'report.md', conclusion: 'neutral' }));
    expect(process.exitCode ?? 0).toBe(0);
    const run = h.state.checkRuns.at(-1)!;
    expect(run.conclusion).toBe('neutral');
    expect(outputs()).toEqual({ url: `https://github.com/octo/models/runs/${run.id}`, id: String(run.id) });
  });
});
