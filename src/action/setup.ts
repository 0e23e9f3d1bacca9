// Root action (`uses: <owner>/<repo>@v1`): puts `cml` and CML's legacy names on PATH for later
// steps, running this action's own bundle with the runner's Node, with nothing downloaded.

import * as core from '@actions/core';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';
import { runAction } from './run-action.js';

export const EXECUTABLES = ['cml', 'cml-send-comment', 'cml-publish', 'cml-runner'] as const;

/** Writes one small shell launcher per executable into `directory`. */
export async function installLaunchers(directory: string, binDirectory: string, nodePath: string): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const written: string[] = [];
  for (const name of EXECUTABLES) {
    const path = join(directory, name);
    const target = join(binDirectory, `${name}.js`);
    await writeFile(path, `#!/bin/sh\nexec ${shellQuote(nodePath)} ${shellQuote(target)} "$@"\n`);
    await chmod(path, 0o755);
    written.push(path);
  }
  return written;
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    // This file is dist/actions/setup.js; the executables are in dist/bin.
    const binDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin');
    const directory = join(env.RUNNER_TEMP ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.cml-bin'), `continuous-ml-${VERSION}`, 'bin');
    await installLaunchers(directory, binDirectory, process.execPath);
    core.addPath(directory);
    core.setOutput('version', VERSION);
    core.setOutput('bin', directory);
    logger.info(`cml ${VERSION} is on PATH for the following steps (${directory})`);
  }, env);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
