// CI checkouts are shallow: a one-commit clone of a local bare remote, as actions/checkout makes
// with its default fetch-depth: 1. The base branch and older commits must be fetched on demand.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cml, commit, git, initRepo, markdownCells, tempDir, writeFiles } from './repo.js';

let dir: { path: string; remove: () => void };
let remoteUrl: string;
const shas: Record<string, string> = {};

beforeAll(() => {
  dir = tempDir('cml-shallow-');
  const origin = join(dir.path, 'origin');
  initRepo(origin);
  shas.one = commit(origin, { 'metrics.json': '{"acc": 0.80, "loss": 0.5}\n', 'dvc.yaml': 'metrics:\n  - metrics.json\n' }, 'one');
  shas.two = commit(origin, { 'metrics.json': '{"acc": 0.85, "loss": 0.4}\n' }, 'two');
  shas.three = commit(origin, { 'metrics.json': '{"acc": 0.90, "loss": 0.35}\n' }, 'three');
  git(origin, 'checkout', '--quiet', '-b', 'feature');
  shas.four = commit(origin, { 'metrics.json': '{"acc": 0.88, "loss": 0.3}\n' }, 'four');
  shas.five = commit(origin, { 'metrics.json': '{"acc": 0.93, "loss": 0.25}\n' }, 'five');
  // main moves on after the branch point, so main's tip and the merge-base differ.
  git(origin, 'checkout', '--quiet', 'main');
  shas.six = commit(origin, { 'metrics.json': '{"acc": 0.91, "loss": 0.33}\n' }, 'six');
  git(dir.path, 'clone', '--quiet', '--bare', origin, join(dir.path, 'remote.git'));
  remoteUrl = `file://${join(dir.path, 'remote.git')}`;
});

afterAll(() => dir.remove());

function shallowClone(name: string): string {
  const path = join(dir.path, name);
  git(dir.path, 'clone', '--quiet', '--depth', '1', '--branch', 'feature', remoteUrl, path);
  expect(git(path, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');
  return path;
}

describe('in a shallow clone', () => {
  it('fetches the base branch it lacks, says so, and compares', async () => {
    const work = shallowClone('fetch-branch');
    expect(() => git(work, 'rev-parse', '--verify', '--quiet', 'main^{commit}')).toThrow();
    const result = await cml(work, ['metrics', 'diff', 'main', 'HEAD', '--md']);
    expect(result.stderr).toContain('main was not in this clone; fetched it from origin (depth 1)');
    expect(result.code).toBe(0);
    expect(markdownCells(result.stdout)).toEqual([
      ['Path', 'Metric', 'main', 'HEAD', 'Change'],
      ['metrics.json', 'acc', '0.91', '0.93', '0.02'],
      ['metrics.json', 'loss', '0.33', '0.25', '-0.08'],
    ]);
  });

  it('deepens history to reach HEAD~2', async () => {
    const work = shallowClone('deepen');
    const result = await cml(work, ['metrics', 'diff', 'HEAD~2', '--md']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('fetched 2 more commit(s) of history from origin to reach HEAD~2');
    expect(markdownCells(result.stdout)[1]).toEqual(['metrics.json', 'acc', '0.9', '0.93', '0.03']);
  });

  it('--merge-base compares with where the branch left main', async () => {
    const work = shallowClone('merge-base');
    const result = await cml(work, ['metrics', 'diff', 'main', '--merge-base', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`comparing against ${shas.three?.slice(0, 7)}, the merge-base of main and HEAD`);
    expect(JSON.parse(result.stdout)).toEqual({
      'metrics.json': { acc: { old: 0.9, new: 0.93, diff: expect.closeTo(0.03, 10) }, loss: { old: 0.35, new: 0.25, diff: expect.closeTo(-0.1, 10) } },
    });
  });

  it('--no-fetch fails in one line that says how to fix the workflow', async () => {
    const work = shallowClone('no-fetch');
    const result = await cml(work, ['metrics', 'diff', 'main', '--no-fetch']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('revision "main" is not in this clone');
    expect(result.stderr).toContain('fetch-depth: 0');
  });

  it('an unknown branch fails clearly after trying the remote', async () => {
    const work = shallowClone('unknown');
    const result = await cml(work, ['metrics', 'diff', 'no-such-branch']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/revision "no-such-branch" is not in this clone and fetching it from origin failed: /);
  });

  it('history deepens to the commits asked for', async () => {
    const work = shallowClone('history');
    const result = await cml(work, ['metrics', 'history', '--last', '3', '--md']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('this clone is shallow; fetched 2 more commits of history');
    const rows = markdownCells(result.stdout);
    expect(rows[0]).toEqual(['Revision', 'Date', 'Path', 'acc', 'loss']);
    expect(rows.slice(1).map((row) => [row[0], row[3]])).toEqual([
      [shas.five?.slice(0, 7), '0.93'],
      [shas.four?.slice(0, 7), '0.88'],
      [shas.three?.slice(0, 7), '0.9'],
    ]);
  });

  it('history --plot writes the Vega-Lite spec, and draws SVG/PNG with the plot engine', async () => {
    const work = shallowClone('plot');
    const result = await cml(work, ['metrics', 'history', '--last', '2', '--json', '--plot', 'trend.vl.json']);
    expect(result.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const spec = JSON.parse(readFileSync(join(work, 'trend.vl.json'), 'utf8')) as {
      data: { values: { rev: string; metric: string; value: number }[] };
      mark: unknown;
    };
    expect(spec.data.values).toEqual([
      expect.objectContaining({ rev: shas.four?.slice(0, 7), metric: 'acc', value: 0.88 }),
      expect.objectContaining({ rev: shas.four?.slice(0, 7), metric: 'loss', value: 0.3 }),
      expect.objectContaining({ rev: shas.five?.slice(0, 7), metric: 'acc', value: 0.93 }),
      expect.objectContaining({ rev: shas.five?.slice(0, 7), metric: 'loss', value: 0.25 }),
    ]);
    const json = JSON.parse(result.stdout) as { rev: string; data: Record<string, Record<string, number>> }[];
    expect(json.map((entry) => [entry.rev, entry.data['metrics.json']?.acc])).toEqual([
      [shas.five, 0.93],
      [shas.four, 0.88],
    ]);

    const svg = await cml(work, ['metrics', 'history', '--last', '2', '--plot', 'out/trend.svg']);
    expect(svg.code, svg.stderr).toBe(0);
    const drawn = readFileSync(join(work, 'out/trend.svg'), 'utf8');
    expect(drawn.startsWith('<svg')).toBe(true);
    expect(drawn).toContain(shas.five?.slice(0, 7));
    const png = await cml(work, ['metrics', 'history', '--last', '2', '--plot', 'trend.png']);
    expect(png.code, png.stderr).toBe(0);
    expect(readFileSync(join(work, 'trend.png')).subarray(1, 4).toString('latin1')).toBe('PNG');

    const bad = await cml(work, ['metrics', 'history', '--plot', 'trend.gif']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must end with .png, .svg or .json');
  });
});

describe('without a remote', () => {
  it('a missing revision says there is nothing to fetch from', async () => {
    const local = join(dir.path, 'local');
    initRepo(local);
    commit(local, { 'metrics.json': '{"acc": 1}\n' }, 'only');
    writeFiles(local, { 'metrics.json': '{"acc": 2}\n' });
    const result = await cml(local, ['metrics', 'diff', 'main~1', '--targets', 'metrics.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the repository has no remote to fetch it from');
  });
});
