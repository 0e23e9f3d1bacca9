// `cml metrics history`: the metrics of each commit along a range (first parents, newest first),
// deepening a shallow clone when it lacks history, as a table or JSON, and a trend plot on request.

import type { Logger } from '../../logger.js';
import { collectMetrics } from '../../core/metrics/collect.js';
import { historyJson, historyTable, type HistoryPoint } from '../../core/metrics/history.js';
import { renderTable } from '../../core/metrics/table.js';
import { Git } from '../../git/git.js';
import { resolveRevision } from '../../git/revisions.js';
import { commitTree } from '../../git/trees.js';
import type { MetricsDeps } from './deps.js';
import { displayed, rootTargets } from '../../git/open-revisions.js';
import type { MetricsHistorySettings } from './settings.js';
import { writeTrend } from './trend.js';

export interface MetricsHistoryOutcome {
  readonly output: string;
  readonly points: HistoryPoint[];
  /** The file written for --plot, when asked. */
  readonly plotFile: string | undefined;
}

export async function runMetricsHistory(settings: MetricsHistorySettings, deps: MetricsDeps): Promise<MetricsHistoryOutcome> {
  const { logger } = deps;
  const git = await Git.open(settings.cwd);
  const range = await historyRange(git, settings, logger);
  let commits = await git.log(range, settings.last);
  if (commits.length < settings.last && (await git.isShallow()) && settings.fetch.fetch) {
    try {
      await git.fetchRefs(settings.fetch.remote, [`--deepen=${settings.last - commits.length}`], []);
      logger.info(`this clone is shallow; fetched ${commitCount(settings.last - commits.length, 'more ')} of history from ${settings.fetch.remote}`);
      commits = await git.log(range, settings.last);
    } catch (error) {
      logger.warn(
        `this clone is shallow and deepening it failed (${(error as Error).message}); showing the ${commitCount(commits.length)} it has (actions/checkout: fetch-depth: 0 gives all)`,
      );
    }
  }
  const targets = rootTargets(git, settings.cwd, settings.targets);
  const points: HistoryPoint[] = [];
  for (const commit of commits) {
    const collected = await collectMetrics(commitTree(git, commit.sha, commit.sha.slice(0, 7)), targets, settings.row);
    points.push({ sha: commit.sha, date: commit.date, subject: commit.subject, values: displayed(collected.values, git) });
  }
  if (points.every((point) => [...point.values.values()].every((flat) => flat === undefined))) {
    logger.warn(`no metrics found in the ${commitCount(points.length)} of ${settings.range}${targets ? '' : ' (none listed in dvc.yaml; pass --targets)'}`);
  }

  let plotFile: string | undefined;
  if (settings.plot !== undefined) plotFile = await writeTrend(settings.plot, points, settings.range, logger);

  let output: string;
  if (settings.format === 'json') output = historyJson(points) + '\n';
  else output = renderTable(historyTable(points, settings.precision), settings.format === 'markdown' ? 'markdown' : 'plain');
  return { output, points, plotFile };
}

async function historyRange(git: Git, settings: MetricsHistorySettings, logger: Logger): Promise<string> {
  const parts = settings.range.split(/(\.\.\.?)/);
  if (parts.length === 3) {
    const [from = '', dots = '..', to = ''] = parts;
    const start = from === '' ? '' : await resolveRevision(git, from, settings.fetch, logger);
    const end = to === '' ? 'HEAD' : await resolveRevision(git, to, settings.fetch, logger);
    return `${start}${dots}${end}`;
  }
  return resolveRevision(git, settings.range, settings.fetch, logger);
}

/** "1 commit", "2 more commits". */
function commitCount(count: number, more = ''): string {
  return `${count} ${more}${count === 1 ? 'commit' : 'commits'}`;
}
