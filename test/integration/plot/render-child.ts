// Renders one plot in a process of its own (fontconfig is set up once per process):
//   node render-child.mjs <plot.json> <out.png> [font directory]
import { readFileSync, writeFileSync } from 'node:fs';
import { renderPlot, type PlotInput } from '../../../src/core/plot/index.js';

const [input, output, fontDirectory] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: render-child <plot.json> <out.png> [font directory]');
const plot = JSON.parse(readFileSync(input, 'utf8')) as PlotInput;
writeFileSync(output, await renderPlot(plot, { format: 'png', scale: 2, ...(fontDirectory ? { fontDirectory } : {}) }));
