// GPU facts of the training run, where `nvidia-smi` is on PATH: the GPU names, and the peak
// utilisation and memory seen while the command ran (nvidia-smi samples every SAMPLE_MS).
// Without nvidia-smi there are no GPU facts and no message: most runs have no GPU.

import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Logger } from '../../logger.js';
import type { Env } from '../../options/spec.js';

export interface GpuFacts {
  readonly names: readonly string[];
  /** Percent. */
  readonly peakUtilisation: number;
  /** Bytes, summed over the GPUs at one sample. */
  readonly peakMemoryBytes: number;
}

const SAMPLE_MS = 500;

export interface GpuSampler {
  stop(): Promise<GpuFacts | undefined>;
}

export function sampleGpu(env: Env, logger: Logger, program = 'nvidia-smi'): GpuSampler {
  // Looked up first: on most runners it is absent, and a fork of this (large) process costs more than a few stats.
  if (!onPath(program, env.PATH)) return { stop: async () => undefined };
  const names = new Set<string>();
  let peakUtilisation = 0;
  let peakMemory = 0;
  let samples = 0;
  let buffer = '';
  const child = spawn(program, ['--query-gpu=index,name,utilization.gpu,memory.used', '--format=csv,noheader,nounits', `--loop-ms=${SAMPLE_MS}`], {
    env: { ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const ended = new Promise<void>((resolve) => {
    child.once('error', () => resolve());
    child.once('close', () => resolve());
  });
  // One sample is several lines (one per GPU); memory is summed per sample, by the GPU index.
  let sampleMemory = new Map<string, number>();
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    buffer += text;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const [index = '', name = '', utilisation = '', memory = ''] = line.split(',').map((part) => part.trim());
      if (name === '' || !/^\d+$/.test(index)) continue;
      if (sampleMemory.has(index)) sampleMemory = new Map();
      names.add(name);
      samples += 1;
      if (/^\d+(\.\d+)?$/.test(utilisation)) peakUtilisation = Math.max(peakUtilisation, Number(utilisation));
      if (/^\d+(\.\d+)?$/.test(memory)) sampleMemory.set(index, Number(memory) * 1024 * 1024);
      peakMemory = Math.max(
        peakMemory,
        [...sampleMemory.values()].reduce((total, value) => total + value, 0),
      );
    }
  });
  return {
    async stop() {
      child.kill('SIGTERM');
      await ended;
      if (samples === 0) return undefined;
      logger.debug(`GPU: ${samples} samples from ${program}`);
      return { names: [...names], peakUtilisation, peakMemoryBytes: peakMemory };
    },
  };
}

function onPath(program: string, path: string | undefined): boolean {
  return (path ?? '').split(delimiter).some((directory) => {
    if (directory === '') return false;
    try {
      accessSync(join(directory, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
