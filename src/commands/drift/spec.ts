// `cml drift` and the drift action: the option map (CLI flags = action inputs) and the command
// spec. Light on purpose: `cml --version` and `cml --help` import it eagerly.

import { defineCommand } from '../../options/spec.js';

export const driftOptions = {
  reference: {
    type: 'string',
    valueName: 'file',
    description: 'Reference data (training data, or the base branch): CSV, TSV, JSON lines or Parquet, or a folder of images.',
  },
  current: { type: 'string', valueName: 'file', description: 'Current data to compare with the reference (new data, production samples).' },
  json: { type: 'string', valueName: 'path', description: 'Write the report as JSON to this file (- for standard output).' },
  md: { type: 'string', valueName: 'path', description: 'Write the report as Markdown to this file (- for standard output).' },
  prometheus: {
    type: 'string',
    valueName: 'path',
    description: 'Write drift flags and statistics in the Prometheus text format to this file (- for standard output).',
  },
  pushgateway: {
    type: 'string',
    valueName: 'url',
    description: 'Push the --prometheus metrics to this Pushgateway (http://user:password@host:9091), grouped by job, repo and branch.',
  },
  'pushgateway-job': { type: 'string', valueName: 'name', default: 'cml_drift', description: 'The job label of the --pushgateway group.' },
  'fail-on-drift': { type: 'boolean', description: 'Exit non-zero (fail the step) when a column drifted or a check failed.' },
  columns: { type: 'string', valueName: 'a,b', description: 'Compare only these columns (comma-separated); default: all.' },
  config: { type: 'string', valueName: 'drift.yaml', description: 'Thresholds, deciding tests and per-column settings (see docs/drift.md).' },
  target: { type: 'string', valueName: 'column', description: 'Label column: its drift is reported as target drift, first.' },
  prediction: { type: 'string', valueName: 'column', description: 'Model output column: its drift is reported as prediction drift.' },
  'time-column': { type: 'string', valueName: 'column', description: 'Time or batch column: adds ADWIN change detection over the data in this order.' },
  'image-size': { type: 'string', valueName: 'pixels', description: 'Image folders: the side images are shrunk to before they are compared (default 32).' },
  'image-quantile': {
    type: 'string',
    valueName: 'q',
    description: "Image folders: a current image is an outlier past this quantile of the reference's reconstruction errors (default 0.99).",
  },
  plots: {
    type: 'boolean',
    negatable: true,
    default: true,
    description: 'With --md: draw a chart of each drifted column next to the report (--no-plots to skip).',
  },
  check: {
    type: 'string',
    valueName: 'name',
    optionalValue: 'CML drift',
    cliOnly: true,
    description:
      'Also post the report as a check run on the head commit, failed when drift is found, with an annotation per drifted column (name: "CML drift"; needs GITHUB_TOKEN with checks: write).',
  },
} as const;

export const driftSpec = defineCommand({
  name: 'drift',
  summary: 'Compare a reference dataset with current data: schema checks and drift tests per column.',
  description:
    'Runs data-type, completeness, baseline, missing/extra-column and unseen-category checks, and per column the two-sample ' +
    'Kolmogorov–Smirnov, chi-square, PSI, KL, Wasserstein and Jensen–Shannon tests; p-values decide for small samples, distances ' +
    'for large ones. Prints Markdown unless an output file is given.',
  positionals: [],
  options: driftOptions,
  envPrefix: 'CML_DRIFT_',
  examples: [
    'cml drift --reference train.csv --current prod.parquet',
    'cml drift --reference base.csv --current head.csv --md drift.md --json drift.json --fail-on-drift',
    'cml drift --reference ref.jsonl --current cur.jsonl --target label --prediction score --time-column day --config drift.yaml',
  ],
});
