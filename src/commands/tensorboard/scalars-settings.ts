// `cml tensorboard scalars` settings: the validated form of its flags.

import { resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { TensorboardScalarsValues } from './scalars-spec.js';

export interface TensorboardScalarsSettings {
  readonly cwd: string;
  readonly logdir: string;
  /** Empty: every tag. */
  readonly tags: readonly string[];
  readonly format: 'table' | 'json' | 'markdown';
  /** Folder for one PNG per tag. */
  readonly plots: string | undefined;
}

export function buildTensorboardScalarsSettings(values: TensorboardScalarsValues, positionals: readonly string[], cwd: string): TensorboardScalarsSettings {
  const [logdir, ...extra] = positionals;
  if (!logdir?.trim()) throw new UserError('`cml tensorboard scalars` needs a logdir', { hint: 'cml tensorboard scalars runs/' });
  if (extra.length > 0)
    throw new UserError(`\`cml tensorboard scalars\` takes one logdir, got ${positionals.length}: ${positionals.join(' ')}`, {
      hint: 'event files in sub-folders are read as runs of one logdir',
    });
  if (values.json && values.md) throw new UserError('--md and --json cannot be combined', { hint: 'pick one output format' });
  const tags = (values.tag ?? [])
    .flatMap((value) => value.split(','))
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  const plots = values.plots?.trim();
  return {
    cwd,
    logdir: resolve(cwd, logdir.trim()),
    tags,
    format: values.json ? 'json' : values.md ? 'markdown' : 'table',
    plots: plots ? resolve(cwd, plots) : undefined,
  };
}
