// `--check [name]` on `metrics report` and `metrics diff`: the report as a check run on the head
// commit, failed when a gate failed, with one annotation per failed gate on the metrics file's line.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { GateOutcome } from '../../core/metrics/gates.js';
import { annotationPath, postCommandCheck, type CheckTarget } from '../../forges/check-run.js';
import type { CheckAnnotation } from '../../forges/port.js';
import type { MetricsDeps } from './deps.js';

export async function postMetricsCheck(
  target: CheckTarget,
  report: { title: string; markdown: string; gates: readonly GateOutcome[]; cwd: string },
  deps: MetricsDeps & { client?: object },
): Promise<void> {
  const failed = report.gates.filter((outcome) => !outcome.passed);
  const annotations: CheckAnnotation[] = [];
  for (const outcome of failed) {
    const file = outcome.path === undefined ? undefined : resolve(report.cwd, outcome.path);
    const path = file === undefined ? undefined : annotationPath(target, file);
    if (!file || !path) continue;
    annotations.push({ path, line: await lineOf(file, outcome.key), level: 'failure', title: 'Metric regression', message: outcome.message });
  }
  await postCommandCheck(target, { title: report.title, markdown: report.markdown, failed: failed.length > 0, annotations }, deps);
}

/** The first line that names the metric's last key segment (`"acc":`, `acc:`, a CSV header), else 1. */
async function lineOf(file: string, key: string | undefined): Promise<number> {
  const name = key?.split('.').pop();
  if (!name) return 1;
  const text = await readFile(file, 'utf8').catch(() => '');
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(^|[\\s{,"'])${escaped}(["']?\\s*[:=,]|["']?\\s*$)`);
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  return index === -1 ? 1 : index + 1;
}
