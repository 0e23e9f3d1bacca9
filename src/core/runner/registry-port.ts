// What the runner lifecycle needs from the forge (GitHub): just-in-time runner registrations, the
// runners that exist, and — for spot interruptions — workflow runs and their jobs. The real
// implementation is src/github/runners.ts.

export interface RegisteredRunner {
  readonly id: number;
  readonly name: string;
  readonly status: 'online' | 'offline';
  readonly busy: boolean;
  readonly labels: readonly string[];
}

export interface JitRunner {
  readonly id: number;
  readonly name: string;
  /** Base64 configuration for `run.sh --jitconfig`: a secret. */
  readonly encodedJitConfig: string;
}

export interface RunnerRegistry {
  /** "repository acme/widget" or "organization acme", for messages. */
  readonly description: string;
  createJitRunner(name: string, labels: readonly string[]): Promise<JitRunner>;
  getRunner(id: number): Promise<RegisteredRunner | undefined>;
  listRunners(): Promise<RegisteredRunner[]>;
  /** False when the runner was already gone. */
  deleteRunner(id: number): Promise<boolean>;
}

export interface WorkflowRun {
  readonly id: number;
  readonly status: string;
  readonly conclusion: string | null;
  readonly runAttempt: number;
}

export interface WorkflowJob {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly runnerName: string | null;
}

/** Workflow runs of one repository. */
export interface WorkflowRuns {
  readonly repository: string;
  getRun(runId: string): Promise<WorkflowRun | undefined>;
  listJobs(runId: string, attempt: number): Promise<WorkflowJob[]>;
  /** Re-runs one job and every job that depends on it (the run must have completed). */
  rerunJob(jobId: number): Promise<void>;
}
