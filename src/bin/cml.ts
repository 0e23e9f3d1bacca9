#!/usr/bin/env node
// `cml`: the command-line interface.
import { main } from './run.js';

await main([]);
