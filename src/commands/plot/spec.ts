// `cml plot`'s interface: its flags (which are also the plot action's inputs), help text and
// examples. Kept light: `cml --help` and the registry import it eagerly.

import { defineCommand, type OptionValues } from '../../options/spec.js';

export const plotOptions = {
  template: {
    type: 'string',
    short: 't',
    valueName: 'name',
    description:
      'DVC template: linear (default), simple, scatter, smooth, confusion, confusion_normalized, bar_horizontal, bar_horizontal_sorted, scatter_jitter; or a DVC template .json file.',
  },
  x: { type: 'string', short: 'x', valueName: 'field', description: 'Field for the x axis (default: step, or the row number).' },
  y: {
    type: 'string',
    short: 'y',
    valueName: 'field',
    multiple: true,
    description: 'Field(s) for the y axis, comma-separated or repeated; several draw several series (default: the last field).',
  },
  title: { type: 'string', valueName: 'text', description: 'Chart title.' },
  'x-label': { type: 'string', valueName: 'text', description: 'x axis title (default: the field name).' },
  'y-label': { type: 'string', valueName: 'text', description: 'y axis title (default: the field name).' },
  out: {
    type: 'string',
    short: 'o',
    valueName: 'path',
    aliases: ['output'],
    description: 'Image to write: .png or .svg (default: <data file name>.png). With --dvc, a directory (default: dvc_plots).',
  },
  scale: { type: 'string', valueName: 'factor', default: '2', description: 'PNG pixels per chart pixel (2 = sharp on high-density screens).' },
  spec: { type: 'string', valueName: 'file', description: 'Render this Vega-Lite (or Vega) spec instead of a data file and template.' },
  base: {
    type: 'string',
    valueName: 'rev',
    description: 'Also draw the data as it was at this git revision, coloured by revision (like `dvc plots diff <rev>`).',
  },
  dvc: { type: 'boolean', description: 'Render every plot under `plots:` in dvc.yaml (the default when no data file is given in a DVC project).' },
  md: { type: 'boolean', cliOnly: true, description: 'Print a Markdown image line (![title](path)) instead of the path.' },
} as const;

export const plotSpec = defineCommand({
  name: 'plot',
  summary: 'Render data (CSV, TSV, JSON, YAML) with a DVC template, or a Vega-Lite spec, to PNG or SVG.',
  description: 'Charts are drawn with Vega-Lite and rasterised without a browser, in the bundled DejaVu fonts, so they look the same on every machine.',
  positionals: [{ name: 'data-file', description: 'The data to plot (.csv, .tsv, .json, .yaml).', required: false }],
  options: plotOptions,
  envPrefix: 'CML_PLOT_',
  examples: [
    'cml plot metrics.csv -y loss,val_loss --title Loss -o loss.png',
    'cml plot metrics.csv -y accuracy --base main -o accuracy.png --md >> report.md',
    'cml plot confusion.csv --template confusion -x actual -y predicted -o confusion.png',
    'cml plot --spec chart.vl.json -o chart.svg',
    'cml plot --dvc -o plots --md >> report.md',
  ],
});

export type PlotValues = OptionValues<typeof plotOptions>;
