// Entry point of the runner action: only calls run().
import { run } from '../runner.js';

await run();
