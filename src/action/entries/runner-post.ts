// Post step of the runner action: only calls post().
import { post } from '../runner.js';

await post();
