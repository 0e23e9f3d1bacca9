// `cml tensorboard scalars`: its flags, help text and examples. Light on purpose: `cml --help`
// imports it eagerly.

import { defineCommand, type OptionValues } from '../../options/spec.js';

export const tensorboardScalarsOptions = {
  tag: {
    type: 'string',
    multiple: true,
    valueName: 'tag',
    description: 'Only these tags (repeat the flag or separate with commas); default: every scalar tag.',
  },
  json: { type: 'boolean', cliOnly: true, description: 'Print {"scalars":[{"run","tag","points":[{"step","wallTime","value"}]}]}.' },
  md: { type: 'boolean', cliOnly: true, description: 'Print Markdown: the charts of --plots and a table per run.' },
  plots: { type: 'string', valueName: 'dir', description: 'Draw one PNG per tag (every run overlaid) into this folder.' },
} as const;

export const tensorboardScalarsSpec = defineCommand({
  name: 'tensorboard scalars',
  summary: 'Read the scalars of TensorBoard event files: a table per run, JSON, or charts per tag.',
  description:
    'Reads every events.out.tfevents.* file under the logdir (each file\'s folder is its run; "." for the logdir itself): ' +
    'simple_value scalars (TF1, PyTorch, tensorboardX) and TF2 tf.summary.scalar tensors. Record checksums are verified; ' +
    'a damaged or unfinished file gives one warning and its good records are still read. When a step was written twice, the last write wins.',
  positionals: [{ name: 'logdir', description: 'The folder the training wrote its TensorBoard logs to.', required: true }],
  options: tensorboardScalarsOptions,
  envPrefix: 'CML_TENSORBOARD_',
  examples: [
    'cml tensorboard scalars runs/',
    'cml tensorboard scalars logs --tag loss --tag accuracy --json',
    'cml tensorboard scalars logs --plots tb-plots --md >> report.md',
  ],
});

export type TensorboardScalarsValues = OptionValues<typeof tensorboardScalarsOptions>;
