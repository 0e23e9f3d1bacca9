// Entry point of the metrics action: only calls run().
import { run } from '../metrics.js';

await run();
