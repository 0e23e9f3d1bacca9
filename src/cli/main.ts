// The CLI's single entry: argv in, exit code out. This is the only place a CLI error becomes an
// exit code; commands throw UserError (one line, no stack) or anything else (a bug: stack under
// --log debug).

import { createConsoleLogger, isLogLevel, type Logger } from '../logger.js';
import { describeError, isUserError, isUserFacing, USAGE_EXIT_CODE } from '../errors.js';
import { VERSION } from '../version.js';
import type { CliIo } from './command.js';
import { renderCommandHelp, WIDTH, wrap } from './help.js';
import { parseCommand } from './parse.js';
import { commands, findCommand } from './registry.js';
import { closest } from './suggest.js';
import { maskEnvironmentSecrets } from '../secrets.js';

export interface CliEnvironment {
  readonly env: CliIo['env'];
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly signal: AbortSignal;
  /** Routes SIGINT/SIGTERM to `signal`; called only for commands that handle an interrupt. */
  readonly trapSignals?: () => void;
}

export async function runCli(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first === 'help' && argv.length > 1) return runCli([...argv.slice(1), '--help'], environment);
    environment.stdout(renderTopHelp());
    return first === undefined ? USAGE_EXIT_CODE : 0;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    environment.stdout(`${VERSION}\n`);
    return 0;
  }

  const found = findCommand(argv);
  const levelText = logLevelFrom(argv, environment.env);
  const logger: Logger = createConsoleLogger({ level: isLogLevel(levelText) ? levelText : 'info', write: (line) => environment.stderr(line + '\n') });
  // Before anything is parsed: a secret in a mistyped flag's value is masked in the error too.
  maskEnvironmentSecrets(environment.env, logger);
  if (!isLogLevel(levelText)) {
    logger.error(`--log must be one of debug, info, warn, error; got "${levelText}"`);
    return USAGE_EXIT_CODE;
  }
  if (!found) return unknownCommand(argv, environment, logger);

  try {
    const command = await found.entry.load();
    const parsed = parseCommand(command.spec, argv.slice(found.words), environment.env);
    if (parsed.values.help) {
      environment.stdout(renderCommandHelp(command.spec));
      return 0;
    }
    if (found.entry.handlesInterrupt) environment.trapSignals?.();
    const io: CliIo = {
      env: environment.env,
      cwd: environment.cwd,
      stdout: (text) => environment.stdout(logger.redact(text)),
      stderr: (text) => environment.stderr(logger.redact(text)),
      logger,
      signal: environment.signal,
    };
    const code = await command.run(parsed, io);
    return code ?? 0;
  } catch (error) {
    logger.error(describeError(error));
    if (!isUserFacing(error) && error instanceof Error) {
      if (logger.level === 'debug') logger.debug(error.stack ?? error.message);
      else logger.error('this is a bug in continuous-ml; run again with --log debug to see where it happened');
    } else if (logger.level === 'debug' && error instanceof Error && error.cause instanceof Error) {
      logger.debug(`cause: ${error.cause.stack ?? error.cause.message}`);
    }
    return isUserError(error) ? error.exitCode : 1;
  }
}

/**
 * No command matched argv: `cml <group> --help` shows the group; anything else is a usage error
 * (exit 2) naming what was meant when it looks like a typo.
 */
function unknownCommand(argv: readonly string[], environment: CliEnvironment, logger: Logger): number {
  const [first = '', second] = argv;
  const group = commands.filter((entry) => entry.name.startsWith(`${first} `));
  if (group.length > 0) {
    if (argv.includes('--help') || argv.includes('-h')) {
      environment.stdout(renderTopHelp(first));
      return 0;
    }
    const subcommands = group.map((entry) => entry.name.split(' ')[1] ?? '');
    if (second !== undefined && !second.startsWith('-')) {
      const meant = closest(second, subcommands);
      logger.error(
        `unknown subcommand "${second}" for \`cml ${first}\`${meant ? `; did you mean \`cml ${first} ${meant}\`?` : ''} (subcommands: ${subcommands.join(', ')})`,
      );
    } else {
      logger.error(`\`cml ${first}\` needs a subcommand: ${subcommands.join(', ')} (see \`cml ${first} --help\`)`);
    }
    return USAGE_EXIT_CODE;
  }
  const names = [...new Set(commands.flatMap((entry) => [entry.name, ...(entry.aliases ?? [])].map((name) => name.split(' ')[0] ?? '')))];
  const meant = closest(first, names);
  logger.error(`unknown command "${first}"${meant ? `; did you mean \`cml ${meant}\`?` : ''} (run \`cml --help\` for the list)`);
  return USAGE_EXIT_CODE;
}

/** The level is needed before the command is parsed, to report parse errors at the right level. */
function logLevelFrom(argv: readonly string[], env: CliIo['env']): string {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--log') return argv[index + 1] ?? 'info';
    if (arg.startsWith('--log=')) return arg.slice('--log='.length);
  }
  return env.CML_LOG ?? (env.RUNNER_DEBUG === '1' ? 'debug' : 'info');
}

function renderTopHelp(group?: string): string {
  const shown = commands.filter((entry) => group === undefined || entry.name.startsWith(`${group} `));
  const width = Math.max(...shown.map((entry) => entry.name.length)) + 2;
  return [
    'Usage: cml <command> [options]',
    '',
    'Continuous integration for machine learning: reports, plots, metrics and runners.',
    '',
    'Commands:',
    ...shown.flatMap((entry) => wrap(entry.summary, WIDTH - width - 2).map((line, index) => `  ${(index === 0 ? entry.name : '').padEnd(width)}${line}`)),
    '',
    'Options:',
    '  -h, --help       Show help (also: cml <command> --help)',
    '  -V, --version    Show the version',
    '',
    'Legacy names: cml-send-comment = cml comment create, cml-publish = cml asset publish,',
    'cml-runner = cml runner launch.',
    '',
  ].join('\n');
}
