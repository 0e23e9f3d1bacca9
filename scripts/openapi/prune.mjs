// Writes test/fakes/github/openapi.json: the operations listed in operations.txt, cut out of
// GitHub's official OpenAPI description (npm @octokit/openapi, pinned below), with only the
// components they reference. The full package is ~385 MB unpacked; the subset is committed.
//
//   node scripts/openapi/prune.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = '@octokit/openapi@23.0.2';
const root = new URL('../..', import.meta.url).pathname;
const listFile = join(root, 'scripts/openapi/operations.txt');
const outFile = join(root, 'test/fakes/github/openapi.json');

const wanted = readFileSync(listFile, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const [method, path] = line.split(/\s+/);
    return { method: method.toLowerCase(), path };
  });

const work = mkdtempSync(join(tmpdir(), 'openapi-'));
try {
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], { encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['xzf', join(work, tarball), '-C', work, 'package/generated/api.github.com.json']);
  const full = JSON.parse(readFileSync(join(work, 'package/generated/api.github.com.json'), 'utf8'));

  const paths = {};
  for (const { method, path } of wanted) {
    const operation = full.paths[path]?.[method];
    if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in ${PACKAGE}`);
    const { description: _d, externalDocs: _e, ...kept } = operation;
    paths[path] ??= {};
    paths[path][method] = kept;
  }

  // Keep every component reachable from the kept operations, transitively.
  const components = {};
  const pending = [paths];
  const seen = new Set();
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && !seen.has(value)) {
        seen.add(value);
        const [, , kind, name] = value.split('/');
        const target = full.components[kind][name];
        components[kind] ??= {};
        components[kind][name] = target;
        pending.push(target);
      } else {
        pending.push(value);
      }
    }
  }
  for (const kind of Object.keys(components)) {
    components[kind] = Object.fromEntries(Object.entries(components[kind]).sort(([a], [b]) => a.localeCompare(b)));
  }

  const subset = {
    openapi: full.openapi,
    info: { title: full.info.title, version: full.info.version, 'x-source': PACKAGE, 'x-operations': wanted.length },
    paths,
    components,
  };
  writeFileSync(outFile, JSON.stringify(subset) + '\n');
  console.log(`wrote ${outFile}: ${wanted.length} operations, ${seen.size} components, ${(JSON.stringify(subset).length / 1024).toFixed(0)} KiB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
