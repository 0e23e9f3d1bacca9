// `cml tensorboard connect` (and CML's `cml tensorboard-dev`): one line on what to use instead.

import { runTensorboardConnect } from '../commands/tensorboard/run.js';
import { tensorboardConnectSpec } from '../commands/tensorboard/spec.js';
import type { CliCommand } from './command.js';

export const tensorboardConnect: CliCommand<typeof tensorboardConnectSpec.options> = {
  spec: tensorboardConnectSpec,
  async run() {
    runTensorboardConnect();
  },
};
