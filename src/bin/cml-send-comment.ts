#!/usr/bin/env node
// `cml-send-comment` — CML's legacy name for `cml comment create`.
import { main } from './run.js';

await main(['comment', 'create']);
