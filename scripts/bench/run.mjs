// `npm run bench`: runs every benchmark in this folder (or those named: npm run bench -- comment)
// one after another, each printing its own figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((name) => name.endsWith('.mjs') && !['run.mjs', 'lib.mjs'].includes(name))
  .filter((name) => wanted.length === 0 || wanted.includes(name.replace(/\.mjs$/, '')))
  .sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n### ${script.replace(/\.mjs$/, '')}`);
  const result = spawnSync(process.execPath, [join(here, script)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed > 0 ? 1 : 0;
