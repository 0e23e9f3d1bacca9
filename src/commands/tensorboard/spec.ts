// `cml tensorboard connect` (CML's `cml tensorboard-dev`): kept so old workflows get a clear answer;
// the service it published to is gone. Flags are CML's, accepted so the answer is that line.

import { defineCommand } from '../../options/spec.js';

export const tensorboardConnectOptions = {
  credentials: { type: 'string', short: 'c', valueName: 'json', description: 'CML: tensorboard.dev credentials (no longer used).' },
  logdir: { type: 'string', valueName: 'dir', description: 'CML: directory of TensorBoard logs.' },
  name: { type: 'string', valueName: 'text', description: 'CML: experiment name.' },
  description: { type: 'string', valueName: 'text', description: 'CML: experiment description.' },
  md: { type: 'boolean', description: 'CML: print a Markdown link.' },
  title: { type: 'string', short: 't', valueName: 'text', description: 'CML: title of the Markdown link.' },
  'rm-watermark': { type: 'boolean', hidden: true, description: 'CML: accepted for compatibility.' },
} as const;

export const tensorboardConnectSpec = defineCommand({
  name: 'tensorboard connect',
  summary: 'CML: published logs to tensorboard.dev, which shut down in January 2024 (says what to use instead)',
  aliases: ['tensorboard-dev'],
  positionals: [],
  options: tensorboardConnectOptions,
  examples: ['cml tensorboard scalars logs --md >> report.md'],
});
