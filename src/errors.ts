// The two kinds of failure this tool reports.
//
// A UserError is something the person running the tool can fix: a missing file, a bad flag, a token
// without the right permission. It is printed as one line (plus an optional hint) with no stack.
// Anything else is a bug in this tool or an outside surprise; it is reported with a stack trace
// when `--log debug` is on.

export interface UserErrorOptions {
  /** What to do about it, printed after the message ("fix: ..."). */
  readonly hint?: string;
  /** Process exit code; 1 unless a command documents another. */
  readonly exitCode?: number;
  readonly cause?: unknown;
}

export class UserError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** The one line printed for an error, without a stack. */
export function describeError(error: unknown): string {
  if (isUserError(error)) {
    return error.hint ? `${error.message} (${error.hint})` : error.message;
  }
  if (error instanceof Error) return `unexpected error: ${error.message}`;
  return `unexpected error: ${String(error)}`;
}

/** Raised when a command's run is stopped on purpose (Ctrl-C in --watch). Not a failure. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}
