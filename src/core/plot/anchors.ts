// DVC's template placeholders ("anchors") and how they are filled, as dvc-render fills them.
//
// Every template has the 2023 set: data, title, x, y and the axis labels. dvc-render 1.0 (December
// 2023, what `dvc plots templates` writes today) added optional ones: colour, size, group-by,
// tooltip, zoom, pivot, row/column, shape and stroke dash. dvc-render fills those for a plot of
// one source as below; here every series is told apart by the `rev` field (revision, file or
// field), so the one-source filling serves every plot: `rev` is coloured, grouped and pivoted by.

/** The field every template colours (and confusion matrices facet) by. */
export const REVISION_FIELD = 'rev';

export const ANCHORS = {
  data: '<DVC_METRIC_DATA>',
  title: '<DVC_METRIC_TITLE>',
  x: '<DVC_METRIC_X>',
  y: '<DVC_METRIC_Y>',
  xLabel: '<DVC_METRIC_X_LABEL>',
  yLabel: '<DVC_METRIC_Y_LABEL>',
} as const;

/** dvc-render's colour range (OPTIONAL_ANCHOR_RANGES["color"]), cycled over the series. */
const DVC_COLORS = ['#945dd6', '#13adc7', '#f46837', '#48bb78', '#4299e1', '#ed8936', '#f56565'];
const PLOT_SIZE = 300;

export interface AnchorValues {
  readonly data: readonly Record<string, unknown>[];
  readonly x: string;
  readonly y: string;
  readonly title: string | undefined;
  readonly xLabel: string;
  readonly yLabel: string;
}

type Template = Readonly<Record<string, unknown>>;

/**
 * Replaces every anchor in the template. Field names are escaped as DVC does (`.`, `[` and `]`
 * would otherwise mean nested access to Vega-Lite); titles are text and stay as they are. As in
 * dvc-render, a string value that is exactly an anchor becomes the value (which may be data or an
 * object), and an anchor inside a longer string of an object's value is replaced by text.
 */
export function fillTemplate(template: Template, values: AnchorValues): Record<string, unknown> {
  const replacements = new Map<string, unknown>([
    ...optionalAnchors(values),
    [ANCHORS.data, values.data],
    [ANCHORS.x, escapeField(values.x)],
    [ANCHORS.y, escapeField(values.y)],
    [ANCHORS.title, values.title ?? ''],
    [ANCHORS.xLabel, values.xLabel],
    [ANCHORS.yLabel, values.yLabel],
  ]);
  const inText = (text: string): string =>
    text.replace(/<DVC_METRIC_[A-Z_]+>/g, (anchor) => {
      const value = replacements.get(anchor);
      return typeof value === 'string' ? value : anchor;
    });
  const fill = (node: unknown, inObject: boolean): unknown => {
    if (typeof node === 'string') return replacements.has(node) ? replacements.get(node) : inObject ? inText(node) : node;
    if (Array.isArray(node)) return node.map((item) => fill(item, false)).filter((item) => item !== LEFT_OUT);
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        const filled = fill(value, true);
        if (filled !== LEFT_OUT) out[key] = filled;
      }
      return out;
    }
    return node;
  };
  const spec = fill(template, false) as Record<string, unknown>;
  // An empty title would still reserve space above the chart.
  const filledTitle = spec.title as { text?: unknown } | string | undefined;
  if (filledTitle === '' || (typeof filledTitle === 'object' && filledTitle !== null && filledTitle.text === '')) delete spec.title;
  return spec;
}

/** Marks an anchor whose key or list item is left out of the filled spec. */
const LEFT_OUT = Symbol('left out');

/**
 * The optional anchors' values, as dvc-render's VegaRenderer gives them to a plot of one source
 * (`_fill_color`, `_fill_set_encoding`, `_process_single_source_plot`). The ones it fills with
 * `{}` (row, column, shape, stroke dash), which Vega-Lite drops with a warning, are left out
 * here, and so is the zoom-and-pan parameter: an image cannot be zoomed. The picture is the same.
 */
function optionalAnchors(values: AnchorValues): [string, unknown][] {
  const series = [...new Set(values.data.map((row) => String(row[REVISION_FIELD])))];
  const anchor = (name: string): string => `<DVC_METRIC_${name.toUpperCase()}>`;
  return [
    [anchor('color'), { field: REVISION_FIELD, scale: { domain: series, range: series.map((_, index) => DVC_COLORS[index % DVC_COLORS.length]) } }],
    [anchor('zoom_and_pan'), LEFT_OUT],
    [anchor('plot_height'), PLOT_SIZE],
    [anchor('plot_width'), PLOT_SIZE],
    [anchor('group_by'), [REVISION_FIELD]],
    [anchor('group_by_x'), [REVISION_FIELD, values.x]],
    [anchor('group_by_y'), [REVISION_FIELD, values.y]],
    [anchor('pivot_field'), `datum.${REVISION_FIELD}`],
    [anchor('tooltip'), [{ field: REVISION_FIELD }, { field: values.x }, { field: values.y }]],
    ...['column', 'row', 'shape', 'stroke_dash'].map((name): [string, unknown] => [anchor(name), LEFT_OUT]),
  ];
}

export function escapeField(name: string): string {
  return name.replace(/[.[\]]/g, (character) => `\\${character}`);
}
