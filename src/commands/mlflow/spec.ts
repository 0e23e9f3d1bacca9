// `cml mlflow compare` and `cml mlflow log`: flags, help and examples. The tracking server and its
// credentials come from MLflow's own environment variables (MLFLOW_TRACKING_URI, ...), not flags,
// so a secret never sits on a command line. Light on purpose: `cml --help` imports it eagerly.

import { defineCommand, type OptionValues } from '../../options/spec.js';

const workspaceOptions = {
  experiment: { type: 'string', valueName: 'name', description: 'MLflow experiment (default: $MLFLOW_EXPERIMENT_NAME, else "Default").' },
  targets: {
    type: 'string',
    multiple: true,
    valueName: 'file',
    description: 'Metrics files (repeat or comma-separate). Default: the metrics listed in dvc.yaml, as `cml metrics diff` reads them.',
  },
  'params-targets': { type: 'string', multiple: true, valueName: 'file', description: 'Params files. Default: the params files in dvc.yaml and params.yaml.' },
} as const;

export const mlflowCompareOptions = {
  ...workspaceOptions,
  run: { type: 'string', valueName: 'id', description: 'Compare with this MLflow run instead of looking one up by commit.' },
  'base-commit': {
    type: 'string',
    valueName: 'sha',
    description: "Baseline: the latest FINISHED run tagged mlflow.source.git.commit = this commit (default: the pull request's base branch head).",
  },
  md: { type: 'boolean', cliOnly: true, description: 'Print a Markdown section ("MLflow baseline") with the tables.' },
  json: { type: 'boolean', cliOnly: true, description: 'Print {baseline, metrics, params} as JSON (metrics and params as `metrics diff --json`).' },
} as const;

export const mlflowLogOptions = {
  ...workspaceOptions,
  'run-name': { type: 'string', valueName: 'name', description: 'Name of the new run (default: MLflow picks one).' },
} as const;

export const mlflowCompareSpec = defineCommand({
  name: 'mlflow compare',
  summary: "Compare the workspace's metrics and params with an MLflow run (the base branch's, by default).",
  description:
    'The tracking server is MLFLOW_TRACKING_URI (DAGsHub: https://dagshub.com/<owner>/<repo>.mlflow), with MLFLOW_TRACKING_TOKEN ' +
    '(Bearer) or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (Basic). Tables have the layout of `cml metrics diff`. ' +
    'When no run matches, one line says so and the command succeeds, so a first pull request can still report.',
  positionals: [],
  options: mlflowCompareOptions,
  envPrefix: 'CML_MLFLOW_',
  examples: [
    'cml mlflow compare --md >> report.md',
    'cml mlflow compare --experiment churn --base-commit 4f2a9c1',
    'cml mlflow compare --run 0a1b2c3d4e --json',
  ],
});

export const mlflowLogSpec = defineCommand({
  name: 'mlflow log',
  summary: "Log the workspace's metrics and params as a new MLflow run, tagged with the commit, and print its URL.",
  description:
    'Creates the experiment when it is missing, tags the run with mlflow.source.git.commit (HEAD), mlflow.source.git.branch and the ' +
    'workflow run URL, logs metrics and params in batches and marks the run FINISHED.',
  positionals: [],
  options: mlflowLogOptions,
  envPrefix: 'CML_MLFLOW_',
  examples: ['cml mlflow log', 'cml mlflow log --experiment churn --run-name "PR #12"'],
});

export type MlflowCompareValues = OptionValues<typeof mlflowCompareOptions>;
export type MlflowLogValues = OptionValues<typeof mlflowLogOptions>;
