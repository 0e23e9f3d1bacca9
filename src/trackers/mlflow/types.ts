// The MLflow REST API 2.0 objects this tool reads and writes (mlflow/protos/service.proto), as the
// tracking server sends them in JSON.

export interface MlflowKeyValue {
  readonly key: string;
  readonly value: string;
}

export interface MlflowMetric {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step?: number;
}

export interface MlflowRunInfo {
  readonly run_id: string;
  readonly experiment_id: string;
  readonly run_name?: string;
  /** RUNNING, SCHEDULED, FINISHED, FAILED or KILLED. */
  readonly status?: string;
  readonly start_time?: number;
  readonly end_time?: number;
  readonly lifecycle_stage?: string;
}

export interface MlflowRun {
  readonly info: MlflowRunInfo;
  readonly data: {
    readonly metrics?: readonly MlflowMetric[];
    readonly params?: readonly MlflowKeyValue[];
    readonly tags?: readonly MlflowKeyValue[];
  };
}

export interface MlflowExperiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly lifecycle_stage?: string;
}

/** How requests authenticate: MLFLOW_TRACKING_TOKEN (Bearer) or username and password (Basic, as DAGsHub). */
export type MlflowAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

export interface MlflowConnection {
  /** The tracking server, e.g. http://127.0.0.1:5000 or https://dagshub.com/<owner>/<repo>.mlflow (no credentials in it). */
  readonly trackingUri: string;
  readonly auth: MlflowAuth;
}

/** The tag MLflow itself sets to the commit a run was made from. */
export const GIT_COMMIT_TAG = 'mlflow.source.git.commit';
export const GIT_BRANCH_TAG = 'mlflow.source.git.branch';
export const RUN_NAME_TAG = 'mlflow.runName';
/** Where this tool records the CI run that logged an MLflow run. */
export const WORKFLOW_RUN_TAG = 'cml.workflow.run.url';
