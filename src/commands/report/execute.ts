// Running the training command: its output streamed through as it comes, the last lines kept for a
// failed run's report, Ctrl-C and SIGTERM passed on, and the facts the report states measured
// (wall time, exit code, peak memory, GPU).
//
// The command runs in a process group of its own, so a signal reaches the whole tree it starts
// (`dvc repro` -> python) once, from here, instead of twice (from the terminal and from us). If this
// process ends first (a second Ctrl-C), the group is killed with it rather than left running.

import { spawn } from 'node:child_process';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Env } from '../../options/spec.js';
import { sampleGpu, type GpuFacts } from './gpu.js';
import { watchPeakMemory } from './memory.js';
import { OutputTail } from './output-tail.js';
import type { CommandLine } from './settings.js';

export interface RunFacts {
  /** The command as a reader would type it. */
  readonly display: string;
  readonly exitCode: number;
  /** Set when the command ended on a signal. */
  readonly signal: string | undefined;
  readonly wallMs: number;
  /** Peak resident memory of the command's process tree, in bytes; undefined where it cannot be read. */
  readonly peakMemoryBytes: number | undefined;
  readonly gpu: GpuFacts | undefined;
  /** The last lines of its output (standard output and error as they came), for a failed run. */
  readonly tail: readonly string[];
}

export interface ExecuteDeps {
  readonly logger: Logger;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Aborted on SIGINT/SIGTERM; the reason names the signal. */
  readonly signal: AbortSignal;
}

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

export function displayCommand(command: CommandLine): string {
  if (command.kind === 'shell') return command.script.trim();
  return command.argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export async function executeCommand(command: CommandLine, cwd: string, env: Env, deps: ExecuteDeps): Promise<RunFacts> {
  const [file, ...args] = command.kind === 'shell' ? ['bash', '-e', '-c', command.script] : command.argv;
  const display = displayCommand(command);
  deps.logger.info(`running ${display}`);
  // Python buffers its output in a pipe; unbuffered, it is streamed as it is printed.
  const childEnv = { PYTHONUNBUFFERED: '1', ...env };
  const started = performance.now();
  const child = spawn(file!, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
  const tail = new OutputTail(50);
  const gpu = sampleGpu(env, deps.logger);
  const memory = child.pid === undefined ? undefined : watchPeakMemory(child.pid);
  const group = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(process.platform === 'win32' ? child.pid : -child.pid, signal);
    } catch {
      // already gone
    }
  };
  const killOnExit = (): void => group('SIGKILL');
  process.once('exit', killOnExit);
  const forward = (): void => {
    const signal = typeof deps.signal.reason === 'string' && deps.signal.reason in SIGNAL_NUMBERS ? (deps.signal.reason as NodeJS.Signals) : 'SIGINT';
    deps.logger.info(`passing ${signal} on to ${display}`);
    group(signal);
  };
  deps.signal.addEventListener('abort', forward, { once: true });
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    deps.stdout(text);
    tail.add(text);
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    deps.stderr(text);
    tail.add(text);
  });
  try {
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    const wallMs = performance.now() - started;
    const exitCode = ended.code ?? 128 + (SIGNAL_NUMBERS[ended.signal ?? ''] ?? 0);
    deps.logger.info(
      `${display} ${exitCode === 0 ? 'finished' : `failed (exit ${exitCode}${ended.signal ? `, ${ended.signal}` : ''})`} in ${(wallMs / 1000).toFixed(1)} s`,
    );
    // The report is posted where others read it: registered secrets are masked in what it quotes.
    const redact = (text: string): string => deps.logger.redact(text);
    return {
      display: redact(display),
      exitCode,
      signal: ended.signal ?? undefined,
      wallMs,
      peakMemoryBytes: memory?.stop(),
      gpu: await gpu.stop(),
      tail: tail.lines().map(redact),
    };
  } catch (error) {
    memory?.stop();
    await gpu.stop();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`cannot run ${file}: command not found`, { hint: 'check the command after --, or that it is on PATH' });
    if (code === 'EACCES')
      throw new UserError(`cannot run ${file}: permission denied`, { hint: 'make it executable (chmod +x) or run it through its interpreter' });
    throw error;
  } finally {
    deps.signal.removeEventListener('abort', forward);
    process.off('exit', killOnExit);
  }
}
