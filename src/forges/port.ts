// What a forge (GitHub today; GitLab or Bitbucket beside it later) offers the commands, as small
// interfaces. A driver (src/forges/<name>/index.ts) reads its connection from flags and the
// environment and opens a Forge on it; src/forges/drivers.ts is the table `--driver` picks from.
// Commands speak only these words; nothing above src/forges/ names a forge's client or API.

import type { AssetStore } from '../core/assets/publish-report.js';
import type { CommentApi } from '../core/comment/ports.js';
import type { EventFacts } from '../core/comment/target.js';
import type { GitHttpAuth } from '../git/commits.js';
import type { Logger } from '../logger.js';
import type { Env } from '../options/spec.js';

/** Where to talk to and as whom, and what the CI run says about itself. Read once, up front. */
export interface ForgeConnection {
  /** The driver that reads and opens it: `github`. */
  readonly driver: string;
  readonly repository: { readonly owner: string; readonly repo: string } | undefined;
  /** The token and where it came from (`--token`, `REPO_TOKEN`, ...), for debug lines. */
  readonly token: { readonly token: string; readonly source: string } | undefined;
  readonly apiUrl: string;
  /** True inside the forge's own CI (GitHub Actions). */
  readonly inCi: boolean;
  /** The checkout of this run (GITHUB_WORKSPACE), when the CI says. */
  readonly workspace: string | undefined;
  /** Where the CI shows a job summary (GITHUB_STEP_SUMMARY), when it has one. */
  readonly stepSummaryPath: string | undefined;
  /**
   * Where the credentials come from (`--token`, `REPO_TOKEN`, `GitHub App 123`...), or undefined
   * when there are none; an App's token is only minted when the forge first needs it.
   */
  readonly credentials: string | undefined;
  /** What the CI run is about (event, branches, triggers), when the driver can tell. */
  readonly run?: CiRunFacts;
}

/** What a CI run says about itself that a report needs: what to compare with and whether to post. */
export interface CiRunFacts {
  /** `pull_request`, `push`, ... */
  readonly eventName: string | undefined;
  /** The branch a pull request merges into (its base), on pull request events. */
  readonly baseBranch: string | undefined;
  /** The branch being built (a pull request's head branch, else the pushed branch). */
  readonly headBranch: string | undefined;
  /** The commit the run is about (a pull request's head, else the pushed commit). */
  readonly sha: string | undefined;
  /**
   * The events the running workflow is triggered by (its `on:`), read from its file when asked;
   * undefined when there is no such file or it cannot be read.
   */
  readonly workflowEvents: () => Promise<readonly string[] | undefined>;
  /** The workflow file, for messages (`.github/workflows/ci.yml`). */
  readonly workflowFile: string | undefined;
}

/** The flags every forge reads its connection from (src/options/groups.ts connectionOptions). */
export interface ConnectionValues {
  readonly repo?: string | undefined;
  readonly token?: string | undefined;
  readonly 'github-app-id'?: string | undefined;
  readonly 'github-app-private-key'?: string | undefined;
}

export interface ForgeDeps {
  readonly logger: Logger;
  /** Driver-specific client tuning: tests shorten waits and point at a loopback fake. */
  readonly client?: object;
}

export interface PruneRequest {
  readonly branch: string;
  /** Assets added longer ago than this are dropped... */
  readonly olderThanDays: number;
  /** ...unless a comment on an open pull request still links to them. */
  readonly keepReferenced: boolean;
  readonly dryRun: boolean;
}

export interface PruneOutcome {
  readonly kept: number;
  readonly removed: readonly string[];
  readonly referenced: number;
}

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out';
export type CheckStatus = 'queued' | 'in_progress' | 'completed';

/** A line of a file a check run points at (a failed gate, a drifted column). */
export interface CheckAnnotation {
  readonly path: string;
  readonly line: number;
  readonly level: 'notice' | 'warning' | 'failure';
  readonly title: string;
  readonly message: string;
}

export interface CheckRunRequest {
  /** The check's name in the Checks tab. */
  readonly name: string;
  readonly sha: string;
  readonly status: CheckStatus;
  /** Only for a completed check. */
  readonly conclusion: CheckConclusion | undefined;
  readonly title: string;
  /** Markdown, already fitted to the forge's limit (`checkTextLimit`). */
  readonly summary: string;
  readonly annotations: readonly CheckAnnotation[];
}

export interface CheckRunResult {
  readonly id: number;
  readonly url: string;
}

export interface PullRequestRef {
  readonly number: number;
  readonly url: string;
  readonly title: string;
}

export type MergeMethod = 'merge' | 'rebase' | 'squash';

export interface PullRequests {
  /** The open pull request from `head` into `base`, if there is one. */
  findOpen(head: string, base: string): Promise<PullRequestRef | undefined>;
  create(request: { head: string; base: string; title: string; body: string }): Promise<PullRequestRef>;
  /** Merges now when the forge allows it, else turns on auto-merge; says which. */
  merge(pull: PullRequestRef, method: MergeMethod, sha: string): Promise<'merged' | 'auto-merge'>;
}

/** An open connection to one repository on a forge. Runner registration joins later. */
export interface Forge {
  readonly name: string;
  /** `owner/repo`, for messages. */
  readonly repositoryName: string;
  readonly comments: CommentApi;
  /** The pull request and commit this CI run is about. */
  readonly event: EventFacts;
  /** This run's page (where the full report is, in the job summary). */
  readonly runUrl: string | undefined;
  /** The repository's asset branch, as a store for published files. */
  assetStore(branch: string): AssetStore;
  /** Drops old, unreferenced assets from the asset branch. */
  pruneAssets(request: PruneRequest): Promise<PruneOutcome>;
  /** Characters a check run's summary may have. */
  readonly checkTextLimit: number;
  createCheckRun(request: CheckRunRequest): Promise<CheckRunResult>;
  readonly pulls: PullRequests;
  /** Re-runs the failed jobs of a CI run. */
  rerunFailedJobs(runId: number): Promise<void>;
  /** How git authenticates to the forge over HTTPS (the token, as a header only sent to the forge). */
  gitHttpAuth(): Promise<GitHttpAuth>;
}

export interface ForgeDriver<C extends ForgeConnection = ForgeConnection> {
  readonly name: string;
  connect(values: ConnectionValues, env: Env): C;
  /** Needs a connection with a repository and a token; callers say what is missing first. */
  open(connection: C, deps: ForgeDeps): Forge;
}
