// Body of a layout worker thread: lays charts out (Vega -> SVG) for renderPlots on another core.
// Bundled as dist/workers/plot-layout.js; see layout-pool.ts.

import { parentPort } from 'node:worker_threads';
import { isUserError } from '../../errors.js';
import { renderSvg, type SpecInput } from './svg.js';
import type { LayoutReply, LayoutRequest } from './layout-pool.js';

const port = parentPort;
if (!port) throw new Error('plot-layout runs as a worker thread');

port.on('message', (request: LayoutRequest) => {
  renderSvg(request.input as SpecInput).then(
    (svg) => port.postMessage({ id: request.id, svg } satisfies LayoutReply),
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      port.postMessage({
        id: request.id,
        error: { message: failure.message, hint: isUserError(failure) ? failure.hint : undefined, user: isUserError(failure), stack: failure.stack },
      } satisfies LayoutReply);
    },
  );
});
