// `cml tensorboard connect`: the one line saying tensorboard.dev is gone and what to use instead.

import { UserError } from '../../errors.js';

export function runTensorboardConnect(): never {
  throw new UserError('tensorboard.dev shut down in January 2024, so `cml tensorboard connect` has nothing to connect to', {
    hint: 'put the training curves in the report instead: `cml tensorboard scalars <logdir> --md >> report.md` reads the event files in the job',
  });
}
