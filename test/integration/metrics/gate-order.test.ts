// A failed gate's error line refers to the table above it: in a terminal, where standard output and
// standard error interleave, the table (or report) comes first and the error line after it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { commit, initRepo, tempDir, writeFiles } from './repo.js';

let dir: { path: string; remove: () => void };

beforeEach(() => {
  dir = tempDir();
  initRepo(dir.path);
  commit(dir.path, { 'metrics.json': '{"acc": 0.9}\n' }, 'baseline');
  writeFiles(dir.path, { 'metrics.json': '{"acc": 0.8}\n' });
});

afterEach(() => dir.remove());

/** Runs cml with standard output and standard error written to one stream, in order. */
async function interleaved(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; lines: string[] }> {
  let text = '';
  const code = await runCli(argv, {
    env,
    cwd: dir.path,
    stdout: (chunk) => (text += chunk),
    stderr: (chunk) => (text += chunk),
    signal: new AbortController().signal,
  });
  return { code, lines: text.split('\n') };
}

describe('gate verdicts come after what they refer to', () => {
  it('metrics diff: the table, then the regression line', async () => {
    const { code, lines } = await interleaved(['metrics', 'diff', '--targets', 'metrics.json', '--fail-on', 'acc:-0.01']);
    expect(code).toBe(1);
    const table = lines.findIndex((line) => line.startsWith('metrics.json  acc'));
    const error = lines.findIndex((line) => line.startsWith('error: regression: acc dropped'));
    expect(table, lines.join('\n')).toBeGreaterThanOrEqual(0);
    expect(error).toBeGreaterThan(table);
  });

  it('metrics report: the Markdown, then the regression line (and the annotation in Actions)', async () => {
    const { code, lines } = await interleaved(['metrics', 'report', '--targets', 'metrics.json', '--no-params', '--fail-on', 'acc:-0.01'], {
      GITHUB_ACTIONS: 'true',
    });
    expect(code).toBe(1);
    const table = lines.findIndex((line) => line.startsWith('| metrics.json'));
    const error = lines.findIndex((line) => line.startsWith('error: regression: acc dropped'));
    const annotation = lines.findIndex((line) => line.startsWith('::error title=Metric regression::'));
    expect(table, lines.join('\n')).toBeGreaterThanOrEqual(0);
    expect(error).toBeGreaterThan(table);
    expect(annotation).toBeGreaterThan(table);
  });
});
