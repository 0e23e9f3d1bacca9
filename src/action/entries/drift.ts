// Entry point of the drift action: only calls run().
import { run } from '../drift.js';

await run();
