// DVC's plot templates (dvc-render's vega_templates.py), written for Vega-Lite 6 and a static image.
//
// A template is a Vega-Lite spec with anchors ("<DVC_METRIC_X>", ...) that are replaced by the data,
// field names and titles, exactly as DVC fills them, so users' own DVC template files work too.
// DVC's templates also carry mouse-over layers (highlight, tooltip rules); an image has no pointer,
// so those layers are left out and what remains draws the same picture. Every template colours by
// the `rev` field, which is how `--base` overlays two revisions as `dvc plots diff` does.

import { ANCHORS, REVISION_FIELD } from './anchors.js';

export { ANCHORS, REVISION_FIELD, escapeField, fillTemplate, type AnchorValues } from './anchors.js';

export const TEMPLATE_NAMES = [
  'linear',
  'simple',
  'scatter',
  'smooth',
  'confusion',
  'confusion_normalized',
  'bar_horizontal',
  'bar_horizontal_sorted',
  'scatter_jitter',
] as const;

export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type TemplateContent = { [key: string]: Json };

const { data, title, x, y, xLabel, yLabel } = ANCHORS;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** DVC centres chart titles (`{"text": ..., "anchor": "middle"}`). */
const centredTitle = { text: title, anchor: 'middle' } as const;
const revisionColor = { field: REVISION_FIELD, type: 'nominal' } as const;
const xQuantitative = { field: x, type: 'quantitative', title: xLabel } as const;
const yQuantitative = { field: y, type: 'quantitative', title: yLabel, scale: { zero: false } } as const;

/** DVC marks where each series ends (its last x) with a small dot. */
function lastPointLayer(): TemplateContent {
  return {
    mark: { type: 'circle', size: 10 },
    encoding: {
      x: { ...xQuantitative, aggregate: 'max' },
      y: { ...yQuantitative, scale: { zero: false }, aggregate: { argmax: x } },
      color: { ...revisionColor },
    },
  };
}

/** What every single-view template starts with: schema, data, centred title, 300 x 300. */
function chartFrame(): TemplateContent {
  return { $schema: SCHEMA, data: { values: data }, title: { ...centredTitle }, width: 300, height: 300 };
}

/** `simple`: a plain line per series. */
function simpleTemplate(): TemplateContent {
  return {
    ...chartFrame(),
    mark: { type: 'line' },
    encoding: { x: { ...xQuantitative }, y: { ...yQuantitative, scale: { zero: false } }, color: { ...revisionColor } },
  };
}

/**
 * `linear` and `smooth` (DVC's `LinearTemplate` is its smooth template with the smoothing slider at
 * its minimum): the line, plus a dot at each series' last point. `smooth` draws the LOESS line
 * over the raw one, faded; DVC's slider starts at no smoothing, which an image cannot move, so
 * the smooth template here uses bandwidth 0.2 (DVC's earlier default).
 */
function lineTemplate(smooth: boolean): TemplateContent {
  const line: TemplateContent = smooth
    ? {
        transform: [{ loess: y, on: x, groupby: [REVISION_FIELD], bandwidth: 0.2 }],
        mark: 'line',
        encoding: { y: { ...yQuantitative, scale: { zero: false } }, color: { ...revisionColor } },
      }
    : { mark: 'line', encoding: { y: { ...yQuantitative, scale: { zero: false } }, color: { ...revisionColor } } };
  const raw: TemplateContent[] = smooth
    ? // DVC fades the raw line with opacity 0.2; strokeOpacity looks the same and keeps the legend
      // symbol (which would take the mark opacity) at full strength.
      [{ mark: { type: 'line', strokeOpacity: 0.2 }, encoding: { y: { ...yQuantitative, scale: { zero: false } }, color: { ...revisionColor } } }]
    : [];
  return {
    ...chartFrame(),
    encoding: { x: { ...xQuantitative } },
    layer: [line, ...raw, lastPointLayer()],
  };
}

function barTemplate(sorted: boolean): TemplateContent {
  return {
    ...chartFrame(),
    mark: { type: 'bar' },
    encoding: {
      x: { field: x, type: 'quantitative', title: xLabel, scale: { zero: false } },
      y: sorted ? { field: y, type: 'nominal', title: yLabel, sort: '-x' } : { field: y, type: 'nominal', title: yLabel },
      yOffset: { field: REVISION_FIELD, sort: [] },
      color: { ...revisionColor },
    },
  };
}

/**
 * Confusion matrix, one column per revision. Counts are taken per revision (DVC groups only by
 * the two fields, which merges revisions before faceting); missing cells are imputed as 0. DVC
 * hides the numbers behind a checkbox; an image has none, so they are shown. Unlike DVC, class
 * labels stay level and the colour scale says what it measures.
 */
function confusionTemplate(normalized: boolean): TemplateContent {
  const value = normalized ? 'percent_of_y' : 'xy_count';
  const scale: Json = normalized ? { domain: [0, 1] } : { domainMin: 0, nice: true };
  const share: Json[] = normalized
    ? [
        { joinaggregate: [{ op: 'sum', field: 'xy_count', as: 'sum_y' }], groupby: [REVISION_FIELD, y] },
        { calculate: 'datum.xy_count / datum.sum_y', as: 'percent_of_y' },
      ]
    : [
        { joinaggregate: [{ op: 'max', field: 'xy_count', as: 'max_count' }], groupby: [] },
        { calculate: 'datum.xy_count / datum.max_count', as: 'percent_of_max' },
      ];
  const text: Json = normalized ? { field: value, type: 'quantitative', format: '.2f' } : { field: value, type: 'quantitative' };
  return {
    $schema: SCHEMA,
    data: { values: data },
    title: { ...centredTitle },
    facet: { column: { field: REVISION_FIELD, sort: [] } },
    spec: {
      width: 300,
      height: 300,
      transform: [
        { aggregate: [{ op: 'count', as: 'xy_count' }], groupby: [REVISION_FIELD, y, x] },
        { impute: 'xy_count', groupby: [REVISION_FIELD, y], key: x, value: 0 },
        { impute: 'xy_count', groupby: [REVISION_FIELD, x], key: y, value: 0 },
        ...share,
      ],
      encoding: {
        // Short class names read best level; long ones are cut with an ellipsis.
        x: { field: x, type: 'nominal', sort: 'ascending', title: xLabel, axis: { labelAngle: 0, labelLimit: 80 } },
        y: { field: y, type: 'nominal', sort: 'ascending', title: yLabel },
      },
      layer: [
        { mark: 'rect', encoding: { color: { field: value, type: 'quantitative', title: normalized ? 'share' : 'count', scale } } },
        {
          mark: 'text',
          encoding: {
            text,
            color: {
              condition: { test: normalized ? 'datum.percent_of_y > 0.5' : 'datum.percent_of_max > 0.5', value: 'white' },
              value: 'black',
            },
          },
        },
      ],
    },
  };
}

function scatterTemplate(): TemplateContent {
  return {
    ...chartFrame(),
    mark: { type: 'point' },
    encoding: {
      x: { ...xQuantitative },
      y: { field: y, type: 'quantitative', title: yLabel },
      color: { ...revisionColor },
    },
  };
}

/**
 * `scatter_jitter`: classes against classes (e.g. actual and predicted), each point moved within
 * its cell so that many points on one pair show as a cloud. DVC jitters with random(); an image
 * should come out the same every time, so the offsets here follow a low-discrepancy sequence
 * (R2) over the row number instead, which spreads the points as evenly.
 */
function scatterJitterTemplate(): TemplateContent {
  return {
    ...chartFrame(),
    transform: [
      { window: [{ op: 'row_number', as: 'jitter_index' }] },
      { calculate: '(datum.jitter_index * 0.7548776662) % 1', as: 'randomX' },
      { calculate: '(datum.jitter_index * 0.5698402910) % 1', as: 'randomY' },
    ],
    mark: { type: 'point' },
    encoding: {
      x: { field: x, type: 'nominal', title: xLabel },
      y: { field: y, type: 'nominal', title: yLabel },
      color: { ...revisionColor },
      xOffset: { field: 'randomX', type: 'quantitative' },
      yOffset: { field: 'randomY', type: 'quantitative' },
    },
  };
}

const BUILT_IN: Readonly<Record<TemplateName, () => TemplateContent>> = {
  linear: () => lineTemplate(false),
  simple: simpleTemplate,
  scatter: scatterTemplate,
  scatter_jitter: scatterJitterTemplate,
  smooth: () => lineTemplate(true),
  confusion: () => confusionTemplate(false),
  confusion_normalized: () => confusionTemplate(true),
  bar_horizontal: () => barTemplate(false),
  bar_horizontal_sorted: () => barTemplate(true),
};

/** A fresh copy of a built-in template (callers may change it). */
export function builtInTemplate(name: TemplateName): TemplateContent {
  return BUILT_IN[name]();
}

/** Templates whose x and y are categories (confusion matrices), not a series over x. */
export function isConfusionTemplate(name: TemplateName | undefined): boolean {
  return name === 'confusion' || name === 'confusion_normalized';
}

/**
 * Which of the x and y anchors the template draws on a quantitative (numeric) scale: an encoding
 * `{field: "<DVC_METRIC_Y>", type: "quantitative"}` anywhere in it (top level, layers, facets).
 * Such a field needs numbers to draw anything; the categorical axes of the confusion and bar
 * templates do not. Read from the template itself, so users' template files are judged the same way.
 */
export function quantitativeAnchors(template: TemplateContent): { readonly x: boolean; readonly y: boolean } {
  const found = { x: false, y: false };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    // A count ignores the values of its field.
    if (record.type === 'quantitative' && record.aggregate !== 'count') {
      if (record.field === ANCHORS.x) found.x = true;
      if (record.field === ANCHORS.y) found.y = true;
    }
    Object.values(record).forEach(visit);
  };
  visit(template);
  return found;
}

/** Whether a user's template file uses DVC's anchors (else it is not a template but a spec). */
export function hasDataAnchor(template: unknown): boolean {
  return JSON.stringify(template).includes(JSON.stringify(ANCHORS.data));
}
