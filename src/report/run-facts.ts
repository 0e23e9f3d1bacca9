// The run facts of a report (command, duration, exit, peak memory, GPU, commit, workflow run) as a
// small table, the run status for the headline, and a failed run's last lines of output in a fold.

import { escapeInline } from './markdown.js';

export interface RunFactsInput {
  readonly command: string;
  readonly exitCode: number;
  readonly signal: string | undefined;
  readonly wallMs: number;
  readonly peakMemoryBytes: number | undefined;
  readonly gpu: { readonly names: readonly string[]; readonly peakUtilisation: number; readonly peakMemoryBytes: number } | undefined;
  readonly tail: readonly string[];
}

export interface ContextFacts {
  /** Short SHA, or a branch name and a short SHA. */
  readonly commit: string | undefined;
  readonly runUrl: string | undefined;
  readonly base: string;
  readonly head: string;
}

/** "✅ Run succeeded in 1 min 12 s" / "❌ Run failed (exit 2) after 12 s". */
export function runStatus(run: RunFactsInput): string {
  if (run.exitCode === 0) return `✅ **Run succeeded** in ${formatDuration(run.wallMs)}`;
  const how = run.signal ? `stopped by ${run.signal}, exit ${run.exitCode}` : `exit ${run.exitCode}`;
  return `❌ **Run failed** (${how}) after ${formatDuration(run.wallMs)}`;
}

/** The failed run's last lines, folded, in a fence no line of the output can close. */
export function failureFold(run: RunFactsInput): string[] {
  if (run.exitCode === 0 || run.tail.length === 0) return [];
  const longest = Math.max(2, ...run.tail.map((line) => Math.max(0, ...[...line.matchAll(/`+/g)].map((match) => match[0].length))));
  const fence = '`'.repeat(longest + 1);
  return [`<details><summary>Last ${run.tail.length} lines of output</summary>`, '', `${fence}text`, ...run.tail, fence, '', '</details>', ''];
}

export function runFactsSection(run: RunFactsInput | undefined, context: ContextFacts): string[] {
  const rows: [string, string][] = [];
  if (run) {
    rows.push(['Command', `\`${run.command.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``]);
    rows.push(['Duration', formatDuration(run.wallMs)]);
    rows.push(['Exit', run.signal ? `${run.exitCode} (${run.signal})` : String(run.exitCode)]);
    if (run.peakMemoryBytes !== undefined) rows.push(['Peak memory', formatBytes(run.peakMemoryBytes)]);
    if (run.gpu) {
      rows.push([
        'GPU',
        `${escapeInline(run.gpu.names.join(', '))}: peak ${run.gpu.peakUtilisation}% utilisation, ${formatBytes(run.gpu.peakMemoryBytes)} memory`,
      ]);
    }
  }
  rows.push(['Compared', `\`${escapeInline(context.head)}\` with \`${escapeInline(context.base)}\``]);
  if (context.commit) rows.push(['Commit', context.commit]);
  if (context.runUrl) rows.push(['Workflow run', `[${context.runUrl.replace(/^https?:\/\//, '')}](${context.runUrl})`]);
  return ['### Run', '', '| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`), ''];
}

export function formatDuration(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
