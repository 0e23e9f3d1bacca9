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

/**
 * A mistake in how the command was called (an unknown command or flag, a missing argument, a flag
 * value that is not one of its choices): exit code 2 for all of them, as POSIX utilities and
 * Python's argparse do, so scripts can tell "called wrong" from "ran and failed" (1).
 */
export class UsageError extends UserError {
  constructor(message: string, options: Omit<UserErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: USAGE_EXIT_CODE });
    this.name = 'UsageError';
  }
}

export const USAGE_EXIT_CODE = 2;

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** The one line printed for an error, without a stack. */
export function describeError(error: unknown): string {
  if (isUserError(error)) {
    const message = oneLine(error.message);
    return error.hint ? `${message} (${oneLine(error.hint)})` : message;
  }
  const environment = environmentProblem(error);
  if (environment) return environment;
  if (error instanceof Error) return `unexpected error: ${oneLine(error.message)}`;
  return `unexpected error: ${oneLine(String(error))}`;
}

/** An error the user should read as a problem of their machine or paths, not of this tool. */
export function isUserFacing(error: unknown): boolean {
  return isUserError(error) || environmentProblem(error) !== undefined;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a folder in the path is a file, not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'a file is in the way',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
};

/** The reason a file-system error gives, in words, without Node's code and syscall decoration. */
export function fileSystemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && REASONS[code]) return REASONS[code];
  const message = (error as Error).message ?? String(error);
  return message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*$/, '');
}

/**
 * File-system failures (a directory where a file was expected, no permission, a full disk) that
 * escaped a command without a message of its own: described by the path and the reason, as the
 * user can fix them. Anything else stays "unexpected".
 */
function environmentProblem(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  if (!code || !REASONS[code] || !path) return undefined;
  const verb = syscall === 'open' || syscall === 'write' || syscall === 'rename' || syscall === 'mkdir' ? 'write or create' : 'use';
  return `cannot ${verb} ${path}: ${REASONS[code]}`;
}

/** Messages are one line: the first, without a trailing colon (e.g. a parser's cut-off code frame). */
function oneLine(text: string): string {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? text;
  return first.trim().replace(/:$/, '');
}
