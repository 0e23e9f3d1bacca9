// Where `cml drift` writes: the chart folder beside the Markdown report, and the check that every
// output can be written before the (possibly long) read starts.

import { basename, dirname, extname, join } from 'node:path';
import { UserError } from '../../errors.js';
import { whyUnwritable } from '../../output/files.js';
import type { DriftSettings } from './settings.js';

/** The folder the charts of the Markdown report at `markdownPath` go to: `report.md` -> `report-plots/`. */
export function plotDirectory(markdownPath: string): string {
  return join(dirname(markdownPath), `${basename(markdownPath, extname(markdownPath))}-plots`);
}

/** Every file output (and the Markdown's chart folder) must be writable before anything is written. */
export async function checkOutputs(settings: DriftSettings): Promise<void> {
  const targets: [string, 'file' | 'directory', string | undefined][] = [];
  for (const path of [settings.jsonPath, settings.markdownPath, settings.prometheusPath]) {
    if (path !== undefined && path !== '-') targets.push([path, 'file', undefined]);
  }
  if (settings.markdownPath !== undefined && settings.markdownPath !== '-' && settings.plots) {
    targets.push([plotDirectory(settings.markdownPath), 'directory', 'the charts of --md go there; pass --no-plots to leave them out']);
  }
  for (const [path, kind, hint] of targets) {
    const reason = await whyUnwritable(path, kind);
    if (reason !== undefined) throw new UserError(`cannot write ${path}: ${reason}`, hint ? { hint } : {});
  }
}

/** JSON has no Infinity or NaN: write them as strings so the report stays valid JSON. */
export function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return value;
}
