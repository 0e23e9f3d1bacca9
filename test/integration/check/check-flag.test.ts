// `--check [name]` on `metrics report`, `metrics diff` and `drift`: the result also lands as a
// check run on the head commit, failed when a gate failed or drift was found, with annotations.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCommand } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';
import { git, startHarness, write, type Harness } from '../pr/harness.js';

const dir = tempDir('cml-check-flag-');
let h: Harness;
beforeAll(async () => {
  h = await startHarness(dir, 'flagged');
  write(h.clone, { 'metrics.json': '{\n  "loss": 0.3,\n  "acc": 0.9\n}\n' });
  git(h.clone, 'add', 'metrics.json');
  git(h.clone, 'commit', '--quiet', '-m', 'baseline');
});
afterAll(async () => {
  expect(h.fake.violations.map((line) => line.slice(0, 400))).toEqual([]);
  await h.fake.close();
});

const env = () => h.env({ GITHUB_WORKSPACE: h.clone, GITHUB_SHA: git(h.clone, 'rev-parse', 'HEAD').trim() });

it('metrics report --check: a failed check with an annotation on the regressed metric', async () => {
  write(h.clone, { 'metrics.json': '{\n  "loss": 0.3,\n  "acc": 0.8\n}\n' });
  const run = await runCommand(
    ['metrics', 'report', 'HEAD', '--targets', 'metrics.json', '--fail-on', 'acc:-0.01', '--check', '-o', 'report.md', '--log', 'warn'],
    { cwd: h.clone, env: env() },
  );
  expect(run.code).toBe(1);
  const check = h.state.checkRuns.at(-1)!;
  expect([check.name, check.conclusion, check.headSha]).toEqual(['CML metrics', 'failure', env().GITHUB_SHA]);
  expect(check.summary).toMatch(/acc/);
  expect(check.annotations).toEqual([
    expect.objectContaining({
      path: 'metrics.json',
      start_line: 3,
      end_line: 3,
      annotation_level: 'failure',
      title: 'Metric regression',
      message: expect.stringMatching(/acc/),
    }),
  ]);
});

it('metrics diff --check=name: a successful check when every gate passes', async () => {
  write(h.clone, { 'metrics.json': '{\n  "loss": 0.2,\n  "acc": 0.95\n}\n' });
  const run = await runCommand(['metrics', 'diff', 'HEAD', '--targets', 'metrics.json', '--fail-on', 'acc:-0.01', '--check=Model gates', '--md'], {
    cwd: h.clone,
    env: env(),
  });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/\| metrics.json/);
  const check = h.state.checkRuns.at(-1)!;
  expect([check.name, check.conclusion, check.annotations]).toEqual(['Model gates', 'success', []]);
  expect(check.summary).toMatch(/✅ .*acc/);
});

it('drift --check: a failed check with one annotation per drifted column', async () => {
  const rows = (shift: number) => ['x,y', ...Array.from({ length: 300 }, (_, index) => `${(index % 100) + shift},${index % 7}`)].join('\n') + '\n';
  write(h.clone, { 'ref.csv': rows(0), 'cur.csv': rows(60) });
  const run = await runCommand(['drift', '--reference', 'ref.csv', '--current', 'cur.csv', '--check'], { cwd: h.clone, env: env() });
  expect(run.code).toBe(0);
  const check = h.state.checkRuns.at(-1)!;
  expect([check.name, check.conclusion]).toEqual(['CML drift', 'failure']);
  expect(check.annotations).toEqual([expect.objectContaining({ path: 'cur.csv', start_line: 1, title: 'Drift in column x' })]);
});

it('--check without a token says so before doing anything', async () => {
  const run = await runCommand(['drift', '--reference', 'ref.csv', '--current', 'cur.csv', '--check'], { cwd: h.clone, env: { ...env(), GITHUB_TOKEN: '' } });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/--check needs a token allowed to create check runs/);
});
