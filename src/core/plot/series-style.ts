// How the series of a built-in template are told apart when a reviewer compares revisions: with
// several metrics on one line chart and several revisions, one colour per metric and one stroke
// per revision (the base dashed, the head solid), and legends without DVC's `rev` heading, which
// names a field, not anything a reader knows. Confusion matrices of one revision lose the facet
// header (it would only repeat that revision's name).

import { REVISION_FIELD } from './anchors.js';

/** Fields added to each row when metrics and revisions are styled apart. */
export const METRIC_FIELD = 'metric';
export const SERIES_REVISION_FIELD = 'revision';

type Node = Record<string, unknown>;

/**
 * Colour by metric and dash by revision in a filled line template (in place). `revisions` are in
 * drawing order, base first: every revision but the last is dashed, the last (the head) solid.
 */
export function metricColourRevisionDash(spec: Node, revisions: readonly string[]): void {
  const dashes = revisions.map((_, index) => (index === revisions.length - 1 ? [1, 0] : index === 0 ? [6, 4] : [2, 2]));
  const strokeDash = { field: SERIES_REVISION_FIELD, type: 'nominal', sort: [...revisions], scale: { domain: [...revisions], range: dashes }, title: null };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Node;
    for (const transform of Array.isArray(record.transform) ? record.transform : []) {
      // LOESS keeps only its group-by fields: keep the ones the encodings below use.
      const entry = transform as Node;
      if (entry.loess !== undefined && Array.isArray(entry.groupby))
        entry.groupby = [...new Set([...(entry.groupby as string[]), METRIC_FIELD, SERIES_REVISION_FIELD])];
    }
    const encoding = record.encoding as Node | undefined;
    const color = encoding?.color as Node | undefined;
    if (encoding && color?.field === REVISION_FIELD) {
      encoding.color = { ...color, field: METRIC_FIELD, legend: { title: null } };
      const mark = typeof record.mark === 'string' ? record.mark : (record.mark as Node | undefined)?.type;
      if (mark === 'line') encoding.strokeDash = strokeDash;
      else encoding.detail = { field: SERIES_REVISION_FIELD, type: 'nominal' };
    }
    for (const key of ['layer', 'spec']) if (key in record) visit(record[key]);
  };
  visit(spec);
}

/** A confusion matrix's facet header: no `rev` title; no labels at all for a single revision. */
export function confusionHeader(spec: Node, revisionCount: number): void {
  const facet = spec.facet as Node | undefined;
  const column = facet?.column as Node | undefined;
  if (!column || column.field !== REVISION_FIELD) return;
  column.header = revisionCount > 1 ? { title: null, labelFontSize: 12 } : { title: null, labels: false };
}
