#!/usr/bin/env node
// `cml-runner` — CML's legacy name for `cml runner launch`.
import { main } from './run.js';

await main(['runner', 'launch']);
