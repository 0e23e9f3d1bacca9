// Running the training command: output passed through, signals passed on, the exit code and the
// last lines kept, peak memory read, and GPU facts read from nvidia-smi when it is on PATH.

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../../src/commands/report/execute.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { tempDir } from '../../helpers/temp.js';

const dir = tempDir();
const env = { PATH: process.env.PATH };

function deps(controller = new AbortController(), onOutput: (text: string) => void = () => undefined) {
  let output = '';
  return {
    deps: {
      logger: createMemoryLogger(),
      signal: controller.signal,
      stdout: (text: string) => {
        output += text;
        onOutput(text);
      },
      stderr: (text: string) => (output += text),
    },
    output: () => output,
  };
}

describe('executeCommand', () => {
  it('passes output through unchanged and keeps the exit code and the last lines', async () => {
    const run = deps();
    const facts = await executeCommand(
      { kind: 'argv', argv: [process.execPath, '-e', 'process.stdout.write("a\\u001b[32mb\\u001b[0m\\r\\nprogress 10%\\rprogress 100%\\n"); process.exit(5)'] },
      dir,
      env,
      run.deps,
    );
    expect(run.output()).toBe('a\u001b[32mb\u001b[0m\r\nprogress 10%\rprogress 100%\n');
    expect(facts.exitCode).toBe(5);
    expect(facts.tail).toEqual(['ab', 'progress 100%']);
    expect(facts.wallMs).toBeGreaterThan(0);
  });

  it('runs one argument with spaces through the shell', async () => {
    const run = deps();
    const facts = await executeCommand({ kind: 'shell', script: 'echo one && echo two' }, dir, env, run.deps);
    expect(run.output()).toBe('one\ntwo\n');
    expect(facts.display).toBe('echo one && echo two');
  });

  it.each(['SIGINT', 'SIGTERM'])('passes %s on to the command, once', async (signal) => {
    const controller = new AbortController();
    const run = deps(controller, (text) => {
      if (text.includes('ready')) controller.abort(signal);
    });
    const script = `let n = 0; process.on('${signal}', () => { n += 1; console.log('got ${signal} ' + n); setTimeout(() => process.exit(42), 50); }); console.log('ready'); setInterval(() => {}, 1000);`;
    const facts = await executeCommand({ kind: 'argv', argv: [process.execPath, '-e', script] }, dir, env, run.deps);
    expect(facts.exitCode).toBe(42);
    expect(run.output()).toContain(`got ${signal} 1\n`);
    expect(run.output()).not.toContain(`got ${signal} 2`);
  });

  it('masks registered secrets in the lines it keeps for the report', async () => {
    const run = deps();
    run.deps.logger.mask('ghs_secretTokenValue0001');
    const facts = await executeCommand(
      { kind: 'argv', argv: [process.execPath, '-e', 'console.log("token ghs_secretTokenValue0001 leaked"); process.exit(1)'] },
      dir,
      env,
      run.deps,
    );
    expect(facts.tail.join('\n')).not.toContain('ghs_secretTokenValue0001');
    expect(facts.tail.join('\n')).toContain('token ');
  });

  it('a command that is not there is one line', async () => {
    await expect(executeCommand({ kind: 'argv', argv: ['no-such-program-here'] }, dir, env, deps().deps)).rejects.toThrow(
      /cannot run no-such-program-here: command not found/,
    );
  });

  it.runIf(process.platform === 'linux')('reads the peak memory of the process tree', async () => {
    // A child that holds ~64 MiB until it ends.
    const script = 'const b = Buffer.alloc(64 * 1024 * 1024, 1); setTimeout(() => console.log(b[5]), 600);';
    const facts = await executeCommand({ kind: 'shell', script: `${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}` }, dir, env, deps().deps);
    expect(facts.peakMemoryBytes).toBeGreaterThan(64 * 1024 * 1024);
  });

  it('reads GPU names, peak utilisation and memory from nvidia-smi when it is on PATH', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const marker = join(dir, 'sampled');
    writeFileSync(join(bin, 'nvidia-smi'), `#!/bin/sh\necho "0, Tesla T4, 87, 2048"\necho "1, Tesla T4, 40, 1024"\ntouch "${marker}"\nexec sleep 30\n`);
    chmodSync(join(bin, 'nvidia-smi'), 0o755);
    // The "training" waits (bounded) until nvidia-smi has sampled once.
    const wait = `const fs = require('fs'); let i = 0; const t = setInterval(() => { if (fs.existsSync(${JSON.stringify(marker)}) || ++i > 400) clearInterval(t); }, 10);`;
    const facts = await executeCommand({ kind: 'argv', argv: [process.execPath, '-e', wait] }, dir, { PATH: `${bin}:${process.env.PATH}` }, deps().deps);
    expect(facts.gpu).toEqual({ names: ['Tesla T4'], peakUtilisation: 87, peakMemoryBytes: 3072 * 1024 * 1024 });
  });
});
