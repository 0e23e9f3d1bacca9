// Body of a layout worker thread: lays charts out (Vega -> SVG) for renderPlots on another core.
// Bundled as dist/workers/plot-layout.js; see layout-pool.ts.

import { parentPort } from 'node:worker_threads';
import { answerRequests } from '../worker-requests.js';
import { renderSvg, type SpecInput } from './svg.js';

if (!parentPort) throw new Error('plot-layout runs as a worker thread');
answerRequests<SpecInput, string>(parentPort, (input) => renderSvg(input));
