// The metrics action end to end: INPUT_* in, outputs to $GITHUB_OUTPUT, the report in the job
// summary, an error annotation titled "Metric regression" and a failed step when a gate fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/action/metrics.js';
import { commit, git, initRepo, tempDir, writeFiles } from './repo.js';

let dir: { path: string; remove: () => void };
let workspace: string;
let outputFile: string;
let summaryFile: string;
let written: string;
const saved = { output: process.env.GITHUB_OUTPUT, exitCode: process.exitCode };

beforeEach(() => {
  dir = tempDir('cml-action-');
  workspace = join(dir.path, 'work');
  initRepo(workspace);
  commit(workspace, { 'dvc.yaml': 'metrics:\n  - metrics.json\n', 'metrics.json': '{"acc": 0.9, "loss": 0.3}\n', 'params.yaml': 'lr: 0.1\n' }, 'base');
  git(workspace, 'checkout', '--quiet', '-b', 'feature');
  outputFile = join(dir.path, 'output.txt');
  summaryFile = join(dir.path, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  process.env.GITHUB_OUTPUT = outputFile;
  written = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  process.env.GITHUB_OUTPUT = saved.output;
  process.exitCode = saved.exitCode;
  dir.remove();
});

/** Parses the `name<<delimiter ... delimiter` blocks @actions/core writes to $GITHUB_OUTPUT. */
function outputs(): Record<string, string> {
  const text = readFileSync(outputFile, 'utf8');
  const out: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) out[match[1] ?? ''] = match[3] ?? '';
  return out;
}

function env(inputs: Record<string, string>): NodeJS.ProcessEnv {
  const entries = Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]);
  return { GITHUB_WORKSPACE: workspace, GITHUB_BASE_REF: 'main', GITHUB_STEP_SUMMARY: summaryFile, ...Object.fromEntries(entries) };
}

describe('metrics action', () => {
  it('compares with the pull request base by default and sets the outputs', async () => {
    writeFiles(workspace, { 'metrics.json': '{"acc": 0.92, "loss": 0.25}\n', 'params.yaml': 'lr: 0.2\n' });
    await run(env({ 'fail-on': 'acc:-0.01\nloss:+0.1' }));
    expect(process.exitCode ?? 0).toBe(0);
    const result = outputs();
    expect(result.regressed).toBe('false');
    expect(JSON.parse(result.json ?? '')).toEqual({
      'metrics.json': { acc: { old: 0.9, new: 0.92, diff: expect.closeTo(0.02, 10) }, loss: { old: 0.3, new: 0.25, diff: expect.closeTo(-0.05, 10) } },
    });
    expect(result.markdown).toContain('### Metrics: `main` → `workspace`');
    expect(result.markdown).toContain('**acc** 0.920 (+0.020) 🟢, **loss** 0.250 (\u22120.050) 🟢');
    expect(result.markdown).toContain('| params.yaml | lr      | 0.1    | 0.2         |');
    expect(readFileSync(summaryFile, 'utf8')).toContain('### Metrics');
  });

  it('a failed gate: error annotation with a title, regressed=true, step failed', async () => {
    writeFiles(workspace, { 'metrics.json': '{"acc": 0.85, "loss": 0.3}\n' });
    await run(env({ 'fail-on': 'acc:-0.01', 'job-summary': 'false', output: 'report/metrics.md' }));
    expect(process.exitCode).toBe(1);
    expect(outputs().regressed).toBe('true');
    expect(written).toContain('::error title=Metric regression::acc dropped by 0.05 (0.9 → 0.85), more than the allowed 0.01 (gate acc:-0.01)');
    expect(written).toContain('::error::1 metric gate failed: acc:-0.01');
    expect(readFileSync(join(workspace, 'report/metrics.md'), 'utf8')).toContain('> [!CAUTION]');
    expect(readFileSync(summaryFile, 'utf8')).toBe('');
  });

  it('a bad input fails the step in one line', async () => {
    await run(env({ precision: 'five' }));
    expect(process.exitCode).toBe(1);
    expect(written).toContain('::error::--precision must be a whole number from 1 to 20, got "five"');
  });
});
