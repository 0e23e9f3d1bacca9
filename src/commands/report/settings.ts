// `cml report` flags (or the report action's inputs) -> one validated settings object. Every flag
// is checked here, before the training command runs: a typo must not cost a training run.

import { dirname, resolve } from 'node:path';
import type { Gate } from '../../core/metrics/gates.js';
import { parseTarget } from '../../core/comment/target.js';
import { UserError } from '../../errors.js';
import { forgeDriver } from '../../forges/drivers.js';
import type { ForgeConnection } from '../../forges/port.js';
import type { ReportPosting } from '../../forges/post-report.js';
import type { FetchPolicy } from '../../git/revisions.js';
import { fetchPolicy, gatesOf, keyPatterns, parsePrecision, targetList } from '../../options/metrics-values.js';
import type { Env } from '../../options/spec.js';
import type { ReportValues } from './spec.js';
import { imageDirectory } from './paths.js';
import { publishingSettings } from '../../forges/post-report.js';

/** The command to run: a program and its arguments, or a script for the shell. */
export type CommandLine = { readonly kind: 'argv'; readonly argv: readonly string[] } | { readonly kind: 'shell'; readonly script: string };

export interface ReportSources {
  /** undefined: what dvc.yaml declares. */
  readonly metrics: string[] | undefined;
  readonly params: string[] | undefined;
  readonly plots: string[] | undefined;
  readonly drift: { readonly reference: string; readonly current: string } | undefined;
}

export interface ReportSettings {
  readonly cwd: string;
  readonly command: CommandLine | undefined;
  /** The environment the command runs in (the front door's). */
  readonly env: Env;
  readonly sources: ReportSources;
  readonly gates: Gate[];
  readonly lowerIsBetter: readonly RegExp[];
  readonly higherIsBetter: readonly RegExp[];
  /** --base as given; undefined: the pull request's base, else HEAD. */
  readonly base: string | undefined;
  readonly precision: number;
  readonly fetch: FetchPolicy;
  readonly title: string;
  readonly comment: boolean;
  readonly check: boolean;
  /** Where the Markdown is written; images go beside it in `<name>-plots/`. */
  readonly markdownFile: string;
  /** Whether the user asked for the file (else it is a scratch copy under .cml/). */
  readonly markdownAsked: boolean;
  readonly posting: ReportPosting;
  readonly connection: ForgeConnection;
  readonly json: boolean;
}

/** `shell`: the action's `run:` input, always a shell script. */
export function buildReportSettings(
  values: ReportValues,
  positionals: readonly string[],
  env: Env,
  cwd: string,
  options: { shell?: boolean } = {},
): ReportSettings {
  const driftReference = values['drift-reference']?.trim() || undefined;
  const driftCurrent = values['drift-current']?.trim() || undefined;
  if (Boolean(driftReference) !== Boolean(driftCurrent)) {
    throw new UserError(`--${driftReference ? 'drift-reference' : 'drift-current'} needs --${driftReference ? 'drift-current' : 'drift-reference'}`, {
      hint: 'give both files of the drift check, e.g. --drift-reference data/train.csv --drift-current data/new.csv',
    });
  }
  const connection = forgeDriver(undefined).connect(values, env);
  const publishing = publishingSettings(values, connection, cwd);
  const md = values.md?.trim() || undefined;
  const markdownFile = md ? resolve(cwd, md) : resolve(cwd, '.cml/report.md');
  const watermarkTitle = (values['watermark-title'] ?? 'report').trim();
  if (watermarkTitle === '')
    throw new UserError('--watermark-title is empty', { hint: 'the title names the sticky report; keep the default "report" or give another' });
  return {
    cwd,
    command: commandLine(positionals, options.shell ?? false),
    env,
    sources: {
      metrics: targetList(values.metrics),
      params: targetList(values.params),
      plots: targetList(values.plots),
      drift: driftReference && driftCurrent ? { reference: driftReference, current: driftCurrent } : undefined,
    },
    gates: gatesOf(values['fail-on']),
    lowerIsBetter: keyPatterns(values['lower-is-better']),
    higherIsBetter: [],
    base: revision(values.base),
    precision: parsePrecision(values.precision),
    fetch: fetchPolicy(values),
    title: values.title?.trim() || 'Training report',
    comment: values.comment ?? true,
    check: Boolean(values.check),
    markdownFile,
    markdownAsked: md !== undefined,
    posting: {
      baseDir: dirname(markdownFile),
      ...publishing,
      // The charts this command draws sit beside its Markdown, by default under .cml/: they are
      // its own output, published whatever the dotfile and .gitignore rules say.
      allowHidden: [imageDirectory(markdownFile), ...publishing.allowHidden],
      connection,
      target: parseTarget(values.target ?? 'auto'),
      commitSha: undefined,
      watermarkTitle,
      removeWatermark: false,
    },
    connection,
    json: Boolean(values.json),
  };
}

function commandLine(positionals: readonly string[], shell: boolean): CommandLine | undefined {
  if (positionals.length === 0) return undefined;
  const [only] = positionals;
  if (positionals.length === 1 && only !== undefined && (shell || /[\s;&|<>$`]/.test(only.trim()))) {
    if (only.trim() === '') throw new UserError('the command to run is empty', { hint: 'cml report -- python train.py' });
    return { kind: 'shell', script: only };
  }
  return { kind: 'argv', argv: [...positionals] };
}

function revision(text: string | undefined): string | undefined {
  const value = text?.trim();
  if (value === undefined || value === '') return undefined;
  if (value.startsWith('-')) throw new UserError(`--base "${value}" is not a revision`, { hint: 'give a branch, tag or commit, e.g. --base main' });
  return value;
}
