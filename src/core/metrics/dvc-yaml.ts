// Which files hold metrics and params, read from dvc.yaml as DVC does when no --targets are given:
// top-level `metrics:` and `params:` lists (DVC 3, written by DVCLive), and each stage's
// `metrics:` outputs and `params:` dependencies. Paths are relative to the dvc.yaml's folder and
// the stage's `wdir`; a stage's bare param names live in `params.yaml` of that folder.

import { posix } from 'node:path';
import { isRecord, type Value } from './value.js';

export const DEFAULT_PARAMS_FILE = 'params.yaml';

export interface DvcTargets {
  /** Metrics files, relative to the repository root. */
  readonly metrics: string[];
  /** Params files -> the keys stages depend on ('all' = the whole file). */
  readonly params: Map<string, Set<string> | 'all'>;
  /** Entries skipped because they use ${...} templating we do not evaluate. */
  readonly skipped: string[];
}

export function emptyTargets(): DvcTargets {
  return { metrics: [], params: new Map(), skipped: [] };
}

/** Adds the targets named by one dvc.yaml (at `dvcYamlPath`, relative to the root) to `into`. */
export function addDvcYamlTargets(into: DvcTargets, dvcYamlPath: string, data: Value): void {
  if (!isRecord(data)) return;
  const folder = posix.dirname(dvcYamlPath) === '.' ? '' : posix.dirname(dvcYamlPath);
  const at = (dir: string, path: string): string | undefined => {
    if (path.includes('${')) {
      into.skipped.push(path);
      return undefined;
    }
    return posix.normalize(posix.join(folder, dir, path)).replace(/^\.\//, '');
  };
  const addMetrics = (dir: string, entries: Value | undefined): void => {
    if (!Array.isArray(entries)) return;
    for (const entry of entries) {
      const name = typeof entry === 'string' ? entry : isRecord(entry) ? Object.keys(entry)[0] : undefined;
      const path = name === undefined ? undefined : at(dir, name);
      if (path !== undefined && !into.metrics.includes(path)) into.metrics.push(path);
    }
  };
  const addParams = (dir: string, entries: Value | undefined, topLevel: boolean): void => {
    if (!Array.isArray(entries)) return;
    for (const entry of entries) {
      if (typeof entry === 'string') {
        // Top-level entries are files; a stage's bare strings are keys of params.yaml.
        if (topLevel) addParamFile(at(dir, entry), 'all');
        else addParamFile(at(dir, DEFAULT_PARAMS_FILE), entry);
      } else if (isRecord(entry)) {
        for (const [file, keys] of Object.entries(entry)) {
          const path = at(dir, file);
          if (Array.isArray(keys) && keys.length > 0) {
            for (const key of keys) if (typeof key === 'string') addParamFile(path, key);
          } else {
            addParamFile(path, 'all');
          }
        }
      }
    }
  };
  const addParamFile = (path: string | undefined, key: string | 'all'): void => {
    if (path === undefined) return;
    const current = into.params.get(path);
    if (key === 'all' || current === 'all') {
      into.params.set(path, 'all');
      return;
    }
    const keys = current ?? new Set<string>();
    keys.add(key);
    into.params.set(path, keys);
  };

  addMetrics('', data.metrics);
  addParams('', data.params, true);
  const stages = data.stages;
  if (isRecord(stages)) {
    for (const stage of Object.values(stages)) {
      if (!isRecord(stage)) continue;
      // foreach/matrix stages keep their definition under `do` (foreach) or at the top (matrix).
      const body = isRecord(stage.do) ? stage.do : stage;
      const wdir = typeof body.wdir === 'string' ? body.wdir : '';
      if (wdir.includes('${')) continue;
      addMetrics(wdir, body.metrics);
      addParams(wdir, body.params, false);
    }
  }
}
