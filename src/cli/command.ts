// What a CLI command module provides, and what it is given to run.

import type { Logger } from '../logger.js';
import type { Env } from '../forges/github/context.js';
import type { CommandSpec, OptionMap, ParsedCommand } from '../options/spec.js';
import type { globalOptions } from '../options/spec.js';

export interface CliIo {
  readonly env: Env;
  readonly cwd: string;
  /** The command's result (URLs, paths, JSON). Diagnostics go through the logger, to stderr. */
  readonly stdout: (text: string) => void;
  /**
   * Raw standard error, for lines whose exact form matters whatever the log level (GitHub
   * Actions workflow commands). Secrets are still masked. Diagnostics go through the logger.
   */
  readonly stderr: (text: string) => void;
  readonly logger: Logger;
  /** Aborted on SIGINT/SIGTERM; long-running commands (--watch) stop when it fires. */
  readonly signal: AbortSignal;
}

export interface CliCommand<O extends OptionMap = OptionMap> {
  readonly spec: CommandSpec<O>;
  /** Returns the exit code (0 when omitted). Throws UserError for bad input. */
  run(parsed: ParsedCommand<O & typeof globalOptions>, io: CliIo): Promise<number | void>;
}
