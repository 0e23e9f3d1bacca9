// `cml drift` settings: the validated form of the flags (or action inputs), built once by
// buildDriftSettings and read by everything below.

import { resolve } from 'node:path';
import { UsageError, UserError } from '../../errors.js';
import { readCheckTarget, type CheckTarget } from '../../forges/check-run.js';
import type { Env, OptionValues } from '../../options/spec.js';
import { pushgatewayTarget, type PushgatewayTarget } from '../../trackers/pushgateway/push.js';
import type { driftOptions } from './spec.js';

export type DriftValues = OptionValues<typeof driftOptions>;

export interface DriftSettings {
  readonly reference: string;
  readonly current: string;
  /** The files as the user named them, for the report. */
  readonly referenceLabel: string;
  readonly currentLabel: string;
  readonly jsonPath: string | undefined;
  readonly markdownPath: string | undefined;
  readonly prometheusPath: string | undefined;
  /** Where to push the Prometheus metrics (--pushgateway), with the group's labels. */
  readonly pushgateway?: PushgatewayTarget;
  readonly failOnDrift: boolean;
  readonly columns: readonly string[] | undefined;
  readonly configPath: string | undefined;
  readonly target: string | undefined;
  readonly prediction: string | undefined;
  readonly timeColumn: string | undefined;
  readonly plots: boolean;
  /** Image folders: the side images are shrunk to, and the outlier quantile. */
  readonly images: { readonly size: number; readonly quantile: number };
  /** The job summary file ($GITHUB_STEP_SUMMARY) the Markdown is added to, when the front door has one. */
  readonly jobSummaryPath?: string;
  /** --check: also post the report as a check run. */
  readonly check?: CheckTarget;
}

/** Flags or inputs -> validated settings. `stepSummaryPath`: the job summary, from the front door. */
export function buildDriftSettings(values: DriftValues, cwd: string, stepSummaryPath?: string, env: Env = {}): DriftSettings {
  const labels = runLabels(env);
  const reference = values.reference?.trim();
  const current = values.current?.trim();
  if (!reference || !current) {
    throw new UsageError(`\`cml drift\` needs ${!reference && !current ? '--reference and --current' : !reference ? '--reference' : '--current'}`, {
      hint: 'cml drift --reference train.csv --current new.csv',
    });
  }
  const output = (value: string | undefined): string | undefined => {
    const text = value?.trim();
    if (text === undefined || text === '') return undefined;
    return text === '-' ? '-' : resolve(cwd, text);
  };
  const outputs = [output(values.json), output(values.md), output(values.prometheus)];
  if (outputs.filter((path) => path === '-').length > 1) throw new UserError('only one of --json, --md and --prometheus can write to standard output (-)');
  const flags = ['--json', '--md', '--prometheus'];
  for (const [index, path] of outputs.entries()) {
    const twin = path === undefined || path === '-' ? -1 : outputs.indexOf(path);
    if (twin !== -1 && twin < index)
      throw new UserError(`${flags[twin]} and ${flags[index]} name the same file ${path}`, { hint: 'give each report its own file' });
  }
  let columns: string[] | undefined;
  if (values.columns !== undefined) {
    columns = values.columns
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (columns.length === 0) throw new UsageError('--columns is empty', { hint: 'give column names separated by commas, e.g. --columns age,income' });
  }
  const name = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);
  const summary = stepSummaryPath?.trim();
  const pushgateway = values.pushgateway?.trim()
    ? pushgatewayTarget(values.pushgateway.trim(), values['pushgateway-job'] ?? 'cml_drift', [
        ['repo', labels.repository?.trim()],
        ['branch', labels.branch?.trim()],
      ])
    : undefined;
  const check = readCheckTarget(values.check, env, cwd);
  const settings: DriftSettings = {
    reference: resolve(cwd, reference),
    current: resolve(cwd, current),
    referenceLabel: reference,
    currentLabel: current,
    jsonPath: outputs[0],
    markdownPath: outputs[1],
    prometheusPath: outputs[2],
    failOnDrift: Boolean(values['fail-on-drift']),
    columns,
    configPath: values.config?.trim() ? resolve(cwd, values.config.trim()) : undefined,
    target: name(values.target),
    prediction: name(values.prediction),
    timeColumn: name(values['time-column']),
    plots: values.plots ?? true,
    images: imageSettings(values),
    ...(summary ? { jobSummaryPath: summary } : {}),
    ...(pushgateway ? { pushgateway } : {}),
    ...(check ? { check } : {}),
  };
  if (settings.target !== undefined && settings.target === settings.prediction) throw new UsageError('--target and --prediction name the same column');
  return settings;
}

/** What the CI run says of itself that the Pushgateway group is labelled with: repo and branch. */
export interface DriftRunLabels {
  readonly repository?: string | undefined;
  readonly branch?: string | undefined;
}

function runLabels(env: Env): DriftRunLabels {
  return { repository: env.GITHUB_REPOSITORY, branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME };
}

function imageSettings(values: DriftValues): DriftSettings['images'] {
  const size = values['image-size']?.trim() || '32';
  if (!/^\d+$/.test(size) || Number(size) < 4 || Number(size) > 256)
    throw new UsageError(`--image-size must be a whole number of pixels from 4 to 256, got "${size}"`);
  const quantile = values['image-quantile']?.trim() || '0.99';
  if (!/^0?\.\d+$/.test(quantile) || !(Number(quantile) > 0 && Number(quantile) < 1)) {
    throw new UsageError(`--image-quantile must be a number between 0 and 1, got "${quantile}"`, { hint: 'e.g. --image-quantile 0.99' });
  }
  return { size: Number(size), quantile: Number(quantile) };
}
