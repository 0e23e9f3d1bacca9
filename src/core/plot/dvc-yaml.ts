// The top-level `plots:` section of dvc.yaml (DVC 3) -> plot definitions.
//
//   plots:
//     - evaluation/loss.csv                      # a data file (or a directory of them), defaults
//     - evaluation/roc.json:                     # a data file with properties
//         x: fpr
//         y: tpr
//         template: simple
//     - precision-recall:                        # an id, with the data named in x / y
//         x: recall
//         y:
//           evaluation/prc/train.json: precision
//           evaluation/prc/test.json: [precision]
//         title: Precision-recall
//
// Paths are as written (relative to dvc.yaml's directory); the caller reads the files.

import { parse as parseYaml } from 'yaml';
import { UserError } from '../../errors.js';

export interface DvcPlotFile {
  readonly path: string;
  readonly x?: string;
  readonly y?: readonly string[];
}

export interface DvcPlot {
  readonly id: string;
  readonly files: readonly DvcPlotFile[];
  readonly template?: string;
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Shared by every file unless the file names its own. */
  readonly x?: string;
  readonly y?: readonly string[];
}

/** Parses dvc.yaml's text; `source` names the file in errors. An absent `plots:` is an empty list. */
export function readDvcPlots(text: string, source: string): DvcPlot[] {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new UserError(`${source} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (document === null || document === undefined) return [];
  if (!isRecord(document)) throw new UserError(`${source} is not a mapping at the top level`);
  const plots = document.plots;
  if (plots === undefined || plots === null) return [];
  // DVC 3 writes a list; a mapping of id -> properties is read the same way.
  const items: unknown[] = Array.isArray(plots) ? plots : isRecord(plots) ? Object.entries(plots).map(([id, value]) => ({ [id]: value })) : [plots];
  return items.map((item, index) => readItem(item, `${source}: plots[${index}]`));
}

function readItem(item: unknown, where: string): DvcPlot {
  if (typeof item === 'string') return { id: item, files: [{ path: item }] };
  if (!isRecord(item) || Object.keys(item).length !== 1) {
    throw new UserError(`${where} must be a file path or a single "<id>: {properties}" entry`);
  }
  const [id, value] = Object.entries(item)[0]!;
  if (value === null || value === undefined) return { id, files: [{ path: id }] };
  if (!isRecord(value)) throw new UserError(`${where} (${id}): properties must be a mapping`);

  const text = (key: string): string | undefined => {
    const found = value[key];
    if (found === undefined || found === null) return undefined;
    if (typeof found !== 'string' && typeof found !== 'number') throw new UserError(`${where} (${id}): ${key} must be text`);
    return String(found);
  };
  const fieldList = (found: unknown, key: string): string[] => {
    const list = Array.isArray(found) ? found : [found];
    if (!list.every((entry) => typeof entry === 'string' || typeof entry === 'number')) {
      throw new UserError(`${where} (${id}): ${key} must be a field name or a list of field names`);
    }
    return list.map(String);
  };

  const perFileX = new Map<string, string>();
  const perFileY = new Map<string, string[]>();
  let sharedX: string | undefined;
  let sharedY: string[] | undefined;
  if (isRecord(value.x)) {
    for (const [file, field] of Object.entries(value.x)) perFileX.set(file, fieldList(field, 'x')[0] ?? '');
  } else if (value.x !== undefined && value.x !== null) {
    sharedX = fieldList(value.x, 'x')[0];
  }
  if (isRecord(value.y)) {
    for (const [file, fields] of Object.entries(value.y)) perFileY.set(file, fieldList(fields, 'y'));
  } else if (value.y !== undefined && value.y !== null) {
    sharedY = fieldList(value.y, 'y');
  }

  const paths = [...new Set([...perFileY.keys(), ...perFileX.keys()])];
  if (paths.length === 0) paths.push(id);
  const files: DvcPlotFile[] = paths.map((path) => ({
    path,
    ...(perFileX.has(path) ? { x: perFileX.get(path)! } : {}),
    ...(perFileY.has(path) ? { y: perFileY.get(path)! } : {}),
  }));
  return {
    id,
    files,
    ...optional('template', text('template')),
    ...optional('title', text('title')),
    ...optional('xLabel', text('x_label')),
    ...optional('yLabel', text('y_label')),
    ...optional('x', sharedX),
    ...(sharedY ? { y: sharedY } : {}),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
