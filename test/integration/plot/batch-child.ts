// Renders a batch with renderPlots in a process of its own, from a bundle that has the layout
// worker beside it as dist/ does:  node batch-child.js <plots.json> <out dir> <layout workers>
// Prints {"ok": n} or {"error": "...", "user": true|false}.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUserError } from '../../../src/errors.js';
import { renderPlots, type PlotInput } from '../../../src/core/plot/index.js';

const [input, out, workers] = process.argv.slice(2);
if (!input || !out || workers === undefined) throw new Error('usage: batch-child <plots.json> <out dir> <layout workers>');
const plots = JSON.parse(readFileSync(input, 'utf8')) as PlotInput[];
try {
  const images = await renderPlots(plots, { layoutWorkers: Number(workers) });
  images.forEach((png, index) => writeFileSync(join(out, `${index}.png`), png));
  process.stdout.write(JSON.stringify({ ok: images.length }) + '\n');
} catch (error) {
  process.stdout.write(JSON.stringify({ error: (error as Error).message, user: isUserError(error) }) + '\n');
}
