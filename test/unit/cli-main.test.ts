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
    expect(commands.filter((entry) => entry.handlesInterrupt).map((entry) => entry.name)).toEqual(['comment create', 'comment update', 'runner launch']);
  });

  it('rejects an unknown log level', async () => {
    const env = environment();
    expect(await runCli(['plot', 'x.csv', '--log', 'loud'], env)).toBe(2);
    expect(env.err.join('')).toMatch(/--log must be one of debug, info, warn, error/);
  });
});
