// Logging for every entry point. Commands receive a Logger; they never call console directly.
//
// Two implementations: `createConsoleLogger` (CLI: messages to stderr so stdout stays clean for
// the command's result) and `createActionsLogger` in src/action/actions-logger.ts (GitHub Actions
// workflow commands through @actions/core). Both pass every line through a SecretMasker first, so
// a token registered with `mask()` can never reach the terminal or a log file, whatever the level.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface Logger {
  readonly level: LogLevel;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Runs `fn` inside a collapsible group (Actions) or under a heading (terminal). */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Registers a secret: from now on it is replaced by *** in everything this logger prints. */
  mask(secret: string | undefined): void;
  /** Applies the registered masks to text printed by other means (stdout results, files). */
  redact(text: string): string;
}

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export function enabled(current: LogLevel, wanted: LogLevel): boolean {
  return rank[wanted] >= rank[current];
}

/** Holds secrets and replaces them (and their common encodings) with ***. */
export class SecretMasker {
  /** Longest first: one secret's encoding can contain another's (base64 of a prefixed token). */
  private secrets: string[] = [];

  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    // Tokens also leak in encoded forms: Basic auth headers and URL components.
    const forms = [secret, Buffer.from(secret).toString('base64'), Buffer.from(`x-access-token:${secret}`).toString('base64'), encodeURIComponent(secret)];
    this.secrets = [...new Set([...this.secrets, ...forms])].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      // Stryker disable next-line ConditionalExpression: a shortcut only; splitting on a string the text does not contain gives the text back whole
      if (out.includes(secret)) out = out.split(secret).join('***');
    }
    return out;
  }
}

export interface ConsoleLoggerOptions {
  readonly level?: LogLevel;
  readonly write?: (line: string) => void;
  readonly masker?: SecretMasker;
}

export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const masker = options.masker ?? new SecretMasker();
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (wanted: LogLevel, prefix: string, message: string): void => {
    if (!enabled(level, wanted)) return;
    write(masker.redact(prefix + message));
  };
  return {
    level,
    debug: (message) => emit('debug', 'debug: ', message),
    info: (message) => emit('info', '', message),
    warn: (message) => emit('warn', 'warning: ', message),
    error: (message) => emit('error', 'error: ', message),
    async group(title, fn) {
      emit('info', '', `== ${title}`);
      return fn();
    },
    mask: (secret) => masker.add(secret),
    redact: (text) => masker.redact(text),
  };
}

/** A logger that records lines, for tests and for capturing output of a nested step. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createConsoleLogger({ level, write: (line) => lines.push(line) });
  return Object.assign(logger, { lines });
}
