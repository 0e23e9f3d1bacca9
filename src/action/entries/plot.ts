// Entry point of the plot action: only calls run().
import { run } from '../plot.js';

await run();
