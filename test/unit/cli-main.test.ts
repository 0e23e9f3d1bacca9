// The CLI entry: exit codes, help, and which commands take over SIGINT/SIGTERM.

import { describe, expect, it } from 'vitest';
import { runCli, type CliEnvironment } from '../../src/cli/main.js';
import { commands } from '../../src/cli/registry.js';

function environment(): CliEnvironment & { out: string[]; err: string[]; trapped: number } {
  const state = { out: [] as string[], err: [] as string[], trapped: 0 };
  return Object.assign(state, {
    env: {},
    cwd: '/nonexistent-cml-test-dir',
    stdout: (text: string) => state.out.push(text),
    stderr: (text: string) => state.err.push(text),
    signal: new AbortController().signal,
    trapSignals: () => {
      state.trapped += 1;
    },
  });
}

describe('runCli', () => {
  it('prints help with exit 0, and exits 2 for an unknown command', async () => {
    const help = environment();
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.out.join('')).toContain('comment create');
    const unknown = environment();
    expect(await runCli(['frobnicate'], unknown)).toBe(2);
    expect(unknown.err.join('')).toMatch(/unknown command "frobnicate"/);
  });

  it('names the subcommands of a group', async () => {
    const group = environment();
    expect(await runCli(['metrics'], group)).toBe(2);
    expect(group.err.join('')).toMatch(/needs a subcommand: diff, show, history, report/);
  });

  it('lets only commands that clean up on interrupt take over the signals', async () => {
    const watchable = environment();
    await runCli(['comment', 'create', 'missing.md'], watchable);
    expect(watchable.trapped).toBe(1);
    const plain = environment();
    await runCli(['plot', 'missing.csv'], plain);
    expect(plain.trapped).toBe(0);
    expect(commands.filter((entry) => entry.handlesInterrupt).map((entry) => entry.name)).toEqual([
      'comment create',
      'comment update',
      'report',
      'runner launch',
      'runner stop',
      'runner cleanup',
    ]);
  });

  it('exits 2 for every kind of usage mistake', async () => {
    expect(await runCli([], environment())).toBe(2);
    expect(await runCli(['metrics', 'diff', '--no-such-flag'], environment())).toBe(2);
    expect(await runCli(['plot', '--title'], environment())).toBe(2);
    expect(await runCli(['metrics', 'dif'], environment())).toBe(2);
  });

  it('suggests the closest command or subcommand for a typo', async () => {
    const sub = environment();
    expect(await runCli(['metrics', 'dif'], sub)).toBe(2);
    expect(sub.err.join('')).toMatch(/unknown subcommand "dif" for `cml metrics`; did you mean `cml metrics diff`\?/);
    const top = environment();
    expect(await runCli(['commnet', 'create'], top)).toBe(2);
    expect(top.err.join('')).toMatch(/unknown command "commnet"; did you mean `cml comment`\?/);
    const far = environment();
    await runCli(['zzzzzz'], far);
    expect(far.err.join('')).not.toMatch(/did you mean/);
  });

  it('prints the help of a group for `cml <group> --help`, with no error line', async () => {
    const group = environment();
    expect(await runCli(['comment', '--help'], group)).toBe(0);
    expect(group.err.join('')).toBe('');
    expect(group.out.join('')).toMatch(/comment create/);
    expect(group.out.join('')).toMatch(/comment update/);
  });

  it("masks the environment's secrets in whatever any command prints", async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const run = environment();
    Object.assign(run, { env: { AWS_SECRET_ACCESS_KEY: secret } });
    expect(await runCli(['plot', `missing-${secret}.csv`], run)).not.toBe(0);
    expect(run.err.join('')).toContain('missing-***.csv');
    expect(run.err.join('')).not.toContain(secret);
  });

  it('rejects an unknown log level', async () => {
    const env = environment();
    expect(await runCli(['plot', 'x.csv', '--log', 'loud'], env)).toBe(2);
    expect(env.err.join('')).toMatch(/--log must be one of debug, info, warn, error/);
  });
});
