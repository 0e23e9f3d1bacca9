// Reading a repository with the git executable: resolve revisions, list and read files at a
// revision without checking anything out, merge-base, log, and fetching what a shallow CI clone
// lacks. Every call is bounded in time; failures become one-line errors.
//
// Files are read with one `git cat-file --batch` process per call, so reading fifty files costs
// one process, not fifty `git show`s.

import { spawn } from 'node:child_process';
import { UserError } from '../errors.js';

export interface GitOptions {
  /** Kill a git command that runs longer than this (fetches get `fetchTimeoutMs`). */
  readonly timeoutMs?: number;
  readonly fetchTimeoutMs?: number;
  /** The git executable. */
  readonly executable?: string;
}

export interface CommitInfo {
  readonly sha: string;
  /** Committer date, ISO 8601. */
  readonly date: string;
  readonly subject: string;
}

export interface RunOptions {
  readonly input?: string;
  readonly allowFailure?: boolean;
  readonly timeoutMs?: number;
  /** Added to the environment: an index file, an author, credentials as GIT_CONFIG_* (never argv). */
  readonly env?: Readonly<Record<string, string>>;
}

interface RunResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_FETCH_TIMEOUT_MS = 300_000;
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/** The git executable could not be started (not installed, or not on PATH). */
export class GitNotFound extends Error {
  constructor() {
    super('git is not installed or not on PATH');
    this.name = 'GitNotFound';
  }
}

/** The directory is not inside a git work tree. */
export class NotInRepository extends GitError {
  constructor(message: string, args: readonly string[], stderr: string) {
    super(message, args, stderr);
    this.name = 'NotInRepository';
  }
}

export class Git {
  private constructor(
    /** Absolute path of the work tree's top level. */
    readonly root: string,
    /** The directory git was opened in, relative to root ('' at the top), with a trailing slash. */
    readonly prefix: string,
    private readonly options: GitOptions,
  ) {}

  /** The answer to the revision asked with --show-toplevel (see find), until resolve() takes it. */
  private resolvedOnOpen: { readonly revision: string; readonly commit: string | undefined } | undefined;

  /**
   * The repository holding `directory` (`git rev-parse --show-toplevel --show-prefix` run there).
   * Throws GitNotFound when git cannot be started, NotInRepository outside a work tree, and a
   * GitError whose message is git's first line for any other failure; callers word them.
   * `alsoResolve`: a revision to resolve in the same git call; the first resolve() of it is answered
   * from there (a command about to compare with a base needs both before it can start).
   */
  static async find(directory: string, options: GitOptions = {}, alsoResolve?: string): Promise<Git> {
    const ask = alsoResolve !== undefined && alsoResolve !== '' && !alsoResolve.startsWith('-');
    const args = ['rev-parse', '--show-toplevel', '--show-prefix', ...(ask ? ['--verify', '--quiet', `${alsoResolve}^{commit}`] : [])];
    let result: RunResult;
    try {
      result = await run(options.executable ?? 'git', args, directory, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new GitNotFound();
      throw error;
    }
    // With --verify --quiet, a revision that does not resolve exits 1 after printing the rest.
    const unresolved = ask && result.code === 1 && result.stderr.trim() === '';
    if (result.code !== 0 && !unresolved) {
      const reason = result.stderr.trim().split('\n')[0] ?? '';
      if (/not a git repository/i.test(reason)) throw new NotInRepository(reason, args, result.stderr);
      throw new GitError(reason || `exit code ${result.code}`, args, result.stderr);
    }
    const [root = directory, prefix = '', commit = ''] = result.stdout.toString('utf8').split('\n');
    const git = new Git(root, prefix, options);
    if (ask) git.resolvedOnOpen = { revision: alsoResolve, commit: commit.trim() || undefined };
    return git;
  }

  /** Opens the repository containing `cwd`, for reading metrics; a UserError when there is none or git is missing. */
  static async open(cwd: string, options: GitOptions = {}, alsoResolve?: string): Promise<Git> {
    try {
      return await Git.find(cwd, options, alsoResolve);
    } catch (error) {
      if (error instanceof GitNotFound) throw new UserError('git is not installed or not on PATH', { hint: 'metrics are read from git history; install git' });
      if (error instanceof NotInRepository) {
        throw new UserError(`${cwd} is not inside a git repository`, {
          hint: 'run this in a clone of your project (metrics of other revisions are read from git), or `git init` one',
        });
      }
      if (error instanceof GitError) throw new UserError(`git cannot read the repository at ${cwd}: ${error.message}`);
      throw error;
    }
  }

  /** Runs git in the top level; throws GitError on a non-zero exit unless `allowFailure`. */
  async run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const result = await run(this.options.executable ?? 'git', args, this.root, timeoutMs, options.input, options.env);
    if (result.code !== 0 && !options.allowFailure) {
      const reason =
        result.stderr
          .trim()
          .split('\n')
          .filter((line) => line.trim() !== '')
          .pop() ?? `exit code ${result.code}`;
      throw new GitError(`git ${args[0]} failed: ${reason.replace(/^(fatal|error): /, '')}`, args, result.stderr);
    }
    return result;
  }

  /** The commit a revision names, or undefined when it does not resolve here. */
  async resolve(revision: string): Promise<string | undefined> {
    if (revision.startsWith('-')) return undefined;
    const early = this.resolvedOnOpen;
    if (early?.revision === revision) {
      this.resolvedOnOpen = undefined;
      return early.commit;
    }
    const result = await this.run(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { allowFailure: true });
    if (result.code !== 0) return undefined;
    return result.stdout.toString('utf8').trim() || undefined;
  }

  /** The branch checked out, or undefined on a detached HEAD. */
  async currentBranch(): Promise<string | undefined> {
    const result = await this.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFailure: true });
    const name = result.stdout.toString('utf8').trim();
    return result.code === 0 && name !== '' ? name : undefined;
  }

  async isShallow(): Promise<boolean> {
    const result = await this.run(['rev-parse', '--is-shallow-repository']);
    return result.stdout.toString('utf8').trim() === 'true';
  }

  async remotes(): Promise<string[]> {
    const result = await this.run(['remote']);
    return result.stdout
      .toString('utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
  }

  /** `git fetch` with explicit options and refspecs: `fetchRefs('origin', ['--depth=1'], ['main'])`. */
  async fetchRefs(remote: string, options: readonly string[], refspecs: readonly string[]): Promise<void> {
    await this.run(['-c', 'credential.interactive=false', 'fetch', '--no-tags', '--quiet', ...options, remote, ...refspecs], {
      timeoutMs: this.options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    });
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const result = await this.run(['merge-base', a, b], { allowFailure: true });
    return result.code === 0 ? result.stdout.toString('utf8').trim() || undefined : undefined;
  }

  /** Every file path (relative to root) in a commit. */
  async listFiles(commit: string): Promise<string[]> {
    const result = await this.run(['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit]);
    return splitNul(result.stdout);
  }

  /** Tracked and untracked, not ignored, files of the work tree. */
  async listWorkTreeFiles(): Promise<string[]> {
    const result = await this.run(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name']);
    return [...new Set(splitNul(result.stdout))];
  }

  /** The contents of files at a commit; undefined for a path that does not exist there. */
  async readFiles(commit: string, paths: readonly string[]): Promise<Map<string, Buffer | undefined>> {
    const out = new Map<string, Buffer | undefined>();
    const unique = [...new Set(paths)];
    if (unique.length === 0) return out;
    for (const path of unique) {
      if (path.includes('\n')) throw new UserError(`file names with line breaks are not supported: ${JSON.stringify(path)}`);
    }
    const input = unique.map((path) => `${commit}:${path}\n`).join('');
    const result = await this.run(['cat-file', '--batch'], { input });
    const data = result.stdout;
    let offset = 0;
    for (const path of unique) {
      const newline = data.indexOf(10, offset);
      if (newline < 0) throw new GitError('git cat-file ended early', ['cat-file'], result.stderr);
      const header = data.toString('utf8', offset, newline);
      offset = newline + 1;
      const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
      if (!match) {
        // "<spec> missing" or "<spec> ambiguous"
        out.set(path, undefined);
        continue;
      }
      const size = Number(match[2]);
      const body = data.subarray(offset, offset + size);
      offset += size + 1;
      out.set(path, match[1] === 'blob' ? body : undefined);
    }
    return out;
  }

  /** First-parent history: newest first, at most `max` commits. */
  async log(range: string, max: number): Promise<CommitInfo[]> {
    const result = await this.run(['log', '--first-parent', '-z', `--max-count=${max}`, '--format=%H%x1f%cI%x1f%s', range, '--']);
    return splitNul(result.stdout).map((record) => {
      const [sha = '', date = '', subject = ''] = record.replace(/^\n/, '').split('\x1f');
      return { sha, date, subject };
    });
  }
}

function splitNul(buffer: Buffer): string[] {
  return buffer
    .toString('utf8')
    .split('\0')
    .filter((item) => item !== '');
}

function run(
  executable: string,
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
  input?: string,
  extraEnv?: Readonly<Record<string, string>>,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      cwd,
      // Never wait for a password prompt in CI; keep git's messages in English for our parsing.
      env: { ...process.env, ...extraEnv, GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', LC_ALL: 'C', LANGUAGE: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(
        new UserError(
          `git ${args
            .filter((arg) => !arg.startsWith('-c') && !arg.includes('=false'))
            .slice(0, 2)
            .join(' ')} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`,
        ),
      );
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          child.kill('SIGKILL');
          reject(new UserError(`git ${args[0]} produced more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB of output`));
        }
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout: Buffer.concat(chunks), stderr });
    });
    child.stdin.on('error', () => {
      // git may exit before reading all input (e.g. a bad revision); the exit code tells why.
    });
    child.stdin.end(input ?? '');
  });
}
