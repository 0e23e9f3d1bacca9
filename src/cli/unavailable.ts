// Commands named in the CLI (and by CML's legacy binaries) whose capability this version lacks.
// They fail with one clear line instead of "unknown command", so scripts see an honest reason.

import { UserError } from '../errors.js';
import type { CliCommand } from './command.js';

export function unavailable(name: string): CliCommand {
  return {
    spec: { name, summary: `${name} is not available in this version`, positionals: [], options: {} },
    run() {
      return Promise.reject(new UserError(`\`cml ${name}\` is not yet available in this version of continuous-ml`, { hint: 'upgrade continuous-ml, or keep using CML for this step' }));
    },
  };
}
