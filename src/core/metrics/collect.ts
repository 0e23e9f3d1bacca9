// Reading one revision's metrics or params through a RevisionTree: the files named by --targets,
// else those listed in the revision's own dvc.yaml files (a metrics file added in a pull request
// is found in the pull request's dvc.yaml, not the base's).

import { posix } from 'node:path';
import { UserError } from '../../errors.js';
import type { RevisionValues } from './diff.js';
import { addDvcYamlTargets, DEFAULT_PARAMS_FILE, emptyTargets, type DvcTargets } from './dvc-yaml.js';
import { flatten, LAST_ROW, parseFile, scalarMetrics, type FlatValues, type RowSelector } from './load.js';
import type { Value } from './value.js';

/** A revision's files: a commit read through git, or the work tree on disk. */
export interface RevisionTree {
  /** How the revision is named in messages and headers ("HEAD", "main", "workspace"). */
  readonly label: string;
  /** Every file path, relative to the repository root, '/'-separated. */
  listFiles(): Promise<string[]>;
  /** Contents by root-relative path; undefined where the file does not exist in this revision. */
  readFiles(paths: readonly string[]): Promise<Map<string, Buffer | undefined>>;
}

/** Each tree's targets, found once: metrics, params and the report's sections all ask for them. */
const targetsByTree = new WeakMap<RevisionTree, Promise<DvcTargets>>();

/** The metrics and params files the tree's dvc.yaml files name (found once per tree; do not change the result). */
export function findDvcTargets(tree: RevisionTree): Promise<DvcTargets> {
  let targets = targetsByTree.get(tree);
  if (!targets) {
    targets = readDvcTargets(tree);
    targetsByTree.set(tree, targets);
  }
  return targets;
}

async function readDvcTargets(tree: RevisionTree): Promise<DvcTargets> {
  const files = (await tree.listFiles()).filter((path) => path === 'dvc.yaml' || path.endsWith('/dvc.yaml')).sort();
  const targets = emptyTargets();
  const contents = await tree.readFiles(files);
  for (const path of files) {
    const content = contents.get(path);
    if (content === undefined) continue;
    addDvcYamlTargets(targets, path, parseFile(content.toString('utf8'), path, `${path} at ${tree.label}`));
  }
  return targets;
}

/** Reads and parses files, unflattened; a file absent in this revision maps to undefined. */
export async function readParsed(tree: RevisionTree, paths: readonly string[], row: RowSelector = LAST_ROW): Promise<Map<string, Value | undefined>> {
  const contents = await tree.readFiles(paths);
  const out = new Map<string, Value | undefined>();
  for (const path of paths) {
    const content = contents.get(path);
    out.set(path, content === undefined ? undefined : parseFile(content.toString('utf8'), path, `${path} at ${tree.label}`, row));
  }
  return out;
}

/** Reads metrics files, unflattened, keeping only what DVC counts as metrics (scalars). */
export async function readMetrics(tree: RevisionTree, paths: readonly string[], row: RowSelector = LAST_ROW): Promise<Map<string, Value | undefined>> {
  const out = new Map<string, Value | undefined>();
  for (const [path, data] of await readParsed(tree, paths, row)) out.set(path, data === undefined ? undefined : scalarMetrics(data));
  return out;
}

/** Reads and flattens files; a file absent in this revision maps to undefined. */
export async function readValues(tree: RevisionTree, paths: readonly string[], row: RowSelector = LAST_ROW): Promise<RevisionValues> {
  return flattenAll(await readParsed(tree, paths, row));
}

function flattenAll(parsed: Map<string, Value | undefined>): RevisionValues {
  const out: RevisionValues = new Map();
  for (const [path, data] of parsed) out.set(path, data === undefined ? undefined : flatten(data));
  return out;
}

export interface CollectedRevision {
  readonly values: RevisionValues;
  /** Files whose dvc.yaml entries use ${...} templating and were skipped. */
  readonly skipped: readonly string[];
}

export async function collectMetrics(tree: RevisionTree, targets: readonly string[] | undefined, row: RowSelector = LAST_ROW): Promise<CollectedRevision> {
  if (targets) return { values: flattenAll(await readMetrics(tree, targets, row)), skipped: [] };
  const found = await findDvcTargets(tree);
  return { values: flattenAll(await readMetrics(tree, found.metrics, row)), skipped: found.skipped };
}

/**
 * Params of a revision. Without targets: every params file dvc.yaml mentions plus params.yaml at
 * the root when it exists; whole files, or with `depsOnly` just the keys stages depend on.
 */
export async function collectParams(tree: RevisionTree, targets: readonly string[] | undefined, depsOnly: boolean): Promise<CollectedRevision> {
  if (targets) return { values: await readValues(tree, targets), skipped: [] };
  const found = await findDvcTargets(tree);
  const files = new Map(found.params);
  if (!depsOnly && !files.has(DEFAULT_PARAMS_FILE)) files.set(DEFAULT_PARAMS_FILE, 'all');
  const values = await readValues(tree, [...files.keys()]);
  for (const [path, flat] of values) {
    if (flat === undefined) {
      // params.yaml is only a default: its absence is not a missing file.
      if (path === DEFAULT_PARAMS_FILE && !found.params.has(path)) values.delete(path);
      continue;
    }
    const keys = files.get(path);
    if (depsOnly && keys !== undefined && keys !== 'all') values.set(path, pick(flat, keys));
  }
  return { values, skipped: found.skipped };
}

function pick(flat: FlatValues, keys: ReadonlySet<string>): FlatValues {
  const out: FlatValues = new Map();
  for (const [key, value] of flat) {
    for (const wanted of keys) {
      if (key === wanted || key.startsWith(`${wanted}.`)) {
        out.set(key, value);
        break;
      }
    }
  }
  return out;
}

/** A --targets path as given (relative to the current folder) -> relative to the repository root. */
export function targetFromCwd(target: string, prefix: string): string {
  const joined = posix.normalize(posix.join(prefix, target.replace(/\\/g, '/')));
  if (joined.startsWith('../') || joined === '..' || posix.isAbsolute(joined)) {
    throw new UserError(`target ${target} is outside the repository`);
  }
  return joined.replace(/^\.\//, '');
}

/** A root-relative path as DVC shows it: relative to the current folder. */
export function pathForDisplay(path: string, prefix: string): string {
  if (prefix === '') return path;
  return posix.relative(prefix.replace(/\/$/, ''), path);
}
