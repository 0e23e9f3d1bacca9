// Entry point of the pr action: only calls run().
import { run } from '../pr.js';

await run();
