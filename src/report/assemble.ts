// The whole report of `cml report`, in the order a reviewer reads it: the title, one headline line
// (run status, duration, key metric changes, gates), failed gates, a failed run's last output, the
// metrics table vs the base, changed params (folded), plots, drift (folded, its verdict visible),
// and the run facts. Each part is a section of this folder; this file only orders them.

import type { DiffResult } from '../core/metrics/diff.js';
import type { GateOutcome } from '../core/metrics/gates.js';
import { gallerySection, type GalleryImage } from './gallery.js';
import { escapeInline } from './markdown.js';
import { gatesSection, headline, metricsTable } from './metrics.js';
import { paramsSection } from './params.js';
import { failureFold, runFactsSection, runStatus, type ContextFacts, type RunFactsInput } from './run-facts.js';

export interface AssembledReport {
  readonly title: string;
  readonly oldLabel: string;
  readonly newLabel: string;
  readonly run: RunFactsInput | undefined;
  /** undefined: no metrics declared. */
  readonly metrics: { readonly shown: DiffResult } | undefined;
  readonly params: DiffResult | undefined;
  readonly gates: readonly GateOutcome[];
  readonly precision: number;
  readonly lowerIsBetter: (key: string) => boolean;
  readonly plots: readonly GalleryImage[];
  /** Notes under the plots (plots that could not be drawn). */
  readonly plotNotes: readonly string[];
  /** The drift section (src/report/drift.ts), folded here under its one-line summary. */
  readonly drift: { readonly summary: string; readonly markdown: string } | undefined;
  readonly context: ContextFacts;
}

export function assembleReport(input: AssembledReport): string {
  const lines = [`## ${escapeInline(input.title)}`, '', headlineLine(input), ''];
  lines.push(...gatesSection(input.gates.filter((gate) => !gate.passed)));
  if (input.run) lines.push(...failureFold(input.run));
  if (input.metrics) {
    lines.push(`### Metrics: \`${input.newLabel}\` vs \`${input.oldLabel}\``, '');
    if (input.metrics.shown.size === 0) lines.push(`No metrics in \`${input.oldLabel}\` or \`${input.newLabel}\`.`, '');
    else lines.push(...metricsTable({ ...input, metrics: input.metrics.shown, noPath: singlePath(input.metrics.shown) }));
  }
  if (input.params)
    lines.push(...paramsSection({ params: input.params, oldLabel: input.oldLabel, newLabel: input.newLabel, noPath: singlePath(input.params) }));
  lines.push(...gallerySection(input.plots));
  if (input.plotNotes.length > 0) lines.push(...input.plotNotes.map((note) => `> ${escapeInline(note)}`), '');
  if (input.drift) lines.push(...foldDrift(input.drift));
  lines.push(...runFactsSection(input.run, input.context));
  return lines.join('\n');
}

function headlineLine(input: AssembledReport): string {
  const parts: string[] = [];
  if (input.run) parts.push(runStatus(input.run));
  if (input.metrics) {
    parts.push(
      headline({
        metrics: input.metrics.shown,
        gates: input.gates,
        lowerIsBetter: input.lowerIsBetter,
        oldLabel: input.oldLabel,
        newLabel: input.newLabel,
        headlinePrecision: input.precision,
        headlineLimit: 4,
      }),
    );
  }
  const failed = input.gates.filter((gate) => !gate.passed).length;
  if (input.gates.length > 0) parts.push(failed > 0 ? `🔴 ${failed === 1 ? '1 gate' : `${failed} gates`} failed` : '✅ gates passed');
  return parts.length > 0 ? parts.join(' · ') : `Compared \`${input.newLabel}\` with \`${input.oldLabel}\`.`;
}

/** The drift section under <details>, its summary line visible when folded; its own heading is the summary. */
function foldDrift(drift: { readonly summary: string; readonly markdown: string }): string[] {
  const body = drift.markdown.split('\n').slice(1);
  return [`<details><summary><b>${escapeHtml(drift.summary)}</b></summary>`, '', ...body.map((line) => line.replace(/^(#{3,5}) /, '#$1 ')), '</details>', ''];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One file: a Path column would only repeat its name on every row. */
function singlePath(diff: DiffResult): boolean {
  return diff.size <= 1;
}
