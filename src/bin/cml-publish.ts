#!/usr/bin/env node
// `cml-publish` — CML's legacy name for `cml asset publish`.
import { main } from './run.js';

await main(['asset', 'publish']);
