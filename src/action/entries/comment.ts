// Entry point of the comment action: only calls run().
import { run } from '../comment.js';

await run();
