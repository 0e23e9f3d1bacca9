// Entry point of the setup action: only calls run().
import { run } from '../setup.js';

await run();
