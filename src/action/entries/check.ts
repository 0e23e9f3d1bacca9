// Entry point of the check action: only calls run().
import { run } from '../check.js';

await run();
