// Entry point of the report action: only calls run().
import { run } from '../report.js';

await run();
