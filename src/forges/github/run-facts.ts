// What a GitHub Actions run says about itself for a report: the event, the pull request's base and
// head branches (from the payload, else GITHUB_BASE_REF / GITHUB_HEAD_REF), the pushed branch, and
// the events the running workflow listens to (read from its file in the checkout), which is how a
// push run tells that a pull_request run of the same workflow will report the same change.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CiRunFacts } from '../port.js';
import type { Env, GitHubContext } from './context.js';

export function ciRunFacts(context: GitHubContext, env: Env): CiRunFacts {
  const pull = record(context.event.pull_request);
  const base = record(pull?.base);
  const head = record(pull?.head);
  const refName = text(env.GITHUB_REF_NAME);
  const workflowFile = workflowPath(text(env.GITHUB_WORKFLOW_REF), context.repository);
  return {
    eventName: context.eventName,
    baseBranch: text(base?.ref) ?? text(env.GITHUB_BASE_REF),
    headBranch: text(head?.ref) ?? text(env.GITHUB_HEAD_REF) ?? (env.GITHUB_REF_TYPE === 'branch' ? refName : undefined),
    sha: text(head?.sha) ?? context.sha,
    // Only a push run needs them (to tell whether a pull request run reports the same change).
    workflowEvents: async () => (workflowFile && context.workspace ? workflowEvents(join(context.workspace, workflowFile)) : undefined),
    workflowFile,
  };
}

/** `octo/models/.github/workflows/ci.yml@refs/heads/main` -> `.github/workflows/ci.yml`. */
function workflowPath(ref: string | undefined, repository: GitHubContext['repository']): string | undefined {
  if (!ref || !repository) return undefined;
  const prefix = `${repository.owner}/${repository.repo}/`;
  const path = ref.startsWith(prefix) ? ref.slice(prefix.length).replace(/@.*$/, '') : undefined;
  return path && /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) ? path : undefined;
}

/** The `on:` events of a workflow file; undefined when it cannot be read. */
export async function workflowEvents(path: string): Promise<string[] | undefined> {
  let document: unknown;
  try {
    const { parse: parseYaml } = await import('yaml');
    document = parseYaml(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
  const on = record(document)?.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.filter((event): event is string => typeof event === 'string');
  const events = record(on);
  return events ? Object.keys(events) : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
