// Vega-Lite or Vega spec -> SVG text, with Vega's headless View (no canvas, no browser).
//
// Text layout uses DejaVu's real advance widths (text-metrics.ts) instead of Vega's 0.8 em guess,
// and every Vega-Lite chart is drawn in DejaVu Sans on white, so the SVG the rasteriser receives
// is the same on every machine. Data a spec loads by URL is read from local files only, relative
// to the base directory the caller gives (the spec's directory for `cml plot --spec`): a report
// build should not fetch from the network behind your back.

import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { UserError } from '../../errors.js';
import { defaultFontDirectory, FONT_FAMILY, fontFile } from './fonts.js';
import { checkMarks } from './marks.js';
import { createTextMeasurer, FontWidths } from './text-metrics.js';

export type SpecKind = 'vega-lite' | 'vega';

export interface SpecInput {
  readonly spec: Record<string, unknown>;
  /** Default: detected from `$schema`, then from the spec's shape. */
  readonly kind?: SpecKind;
  /**
   * The directory relative data URLs are read from. Without one, only absolute paths (and inline
   * data) can be read: this module does not guess from the process's working directory.
   */
  readonly baseDirectory?: string;
  /** Names the spec in error messages. */
  readonly source?: string;
}

let measurerInstalled: string | undefined;

/** Points Vega's text measurement at the fonts in `fontDirectory` (once per directory). */
export function installTextMetrics(fontDirectory: string = defaultFontDirectory()): void {
  if (measurerInstalled === fontDirectory) return;
  const measure = createTextMeasurer(FontWidths.fromFile(fontFile(fontDirectory, 'regular')), FontWidths.fromFile(fontFile(fontDirectory, 'bold')));
  // Exported by vega-scenegraph (through vega) but missing from vega's type declarations.
  (vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width = measure;
  measurerInstalled = fontDirectory;
}

/** `vega` or `vega-lite`, from `$schema` or, without one, from keys only one of them has. */
export function detectSpecKind(spec: Record<string, unknown>): SpecKind {
  const schema = typeof spec.$schema === 'string' ? spec.$schema : '';
  if (/\/vega-lite\//.test(schema)) return 'vega-lite';
  if (/\/vega\//.test(schema)) return 'vega';
  const vegaOnly = ['marks', 'signals', 'scales', 'axes', 'legends'].some((key) => key in spec);
  return vegaOnly && !('mark' in spec) && !('layer' in spec) ? 'vega' : 'vega-lite';
}

/** Compiles a Vega-Lite spec to Vega, with this tool's font and background as defaults. */
export function toVegaSpec(input: SpecInput): vega.Spec {
  const kind = input.kind ?? detectSpecKind(input.spec);
  if (kind === 'vega') return input.spec as vega.Spec;
  const userConfig = (input.spec.config ?? {}) as Record<string, unknown>;
  const spec = { ...input.spec, config: { font: FONT_FAMILY, background: 'white', ...userConfig } } as TopLevelSpec;
  checkMarks(input.spec, input.source ?? 'the Vega-Lite spec');
  try {
    return compile(spec).spec;
  } catch (error) {
    throw new UserError(`${input.source ?? 'the Vega-Lite spec'} is not a valid Vega-Lite spec: ${(error as Error).message}`);
  }
}

/** Name of the dataset inline values are fed through, so a compiled chart can be reused. */
const INLINE_DATA = 'cml_inline_values';
const CACHE_SIZE = 64;
/**
 * Compiled and parsed charts by their spec without its inline data. Compiling Vega-Lite and
 * parsing Vega is most of the cost of a chart; a chart redrawn with new data (a metric per
 * commit, a report refreshed during training) skips both.
 */
const runtimes = new Map<string, Compiled>();
/** Charts laid out with a compiled chart kept from an earlier drawing of the same shape, and without. */
const layouts = { reused: 0, compiled: 0 };

/** How many charts this process laid out reusing a kept compiled chart, and how many it compiled. */
export function layoutCounts(): { readonly reused: number; readonly compiled: number } {
  return { ...layouts };
}

/** Counts of one caller's layouts (the process's are in layoutCounts), added to as charts are laid out. */
export interface LayoutTally {
  reused: number;
  compiled: number;
}

interface Compiled {
  readonly runtime: vega.Runtime;
  readonly background: unknown;
  /**
   * A view of this chart not in use, kept for the next drawing with inline data: giving it new
   * data and title and running it again skips building the dataflow (and compiling its
   * expressions) anew.
   */
  idle?: { readonly view: vega.View; readonly failures: unknown[][] };
}

/** The chart title, also set at run time: charts that differ only in title and data compile once. */
const TITLE_SIGNAL = 'cml_title';

/** A title given as text (or `{text: "..."}`), which can be set at run time. */
function liftableTitle(title: unknown): string | undefined {
  if (typeof title === 'string') return title === '' ? undefined : title;
  if (typeof title === 'object' && title !== null && typeof (title as { text?: unknown }).text === 'string') {
    const text = (title as { text: string }).text;
    return text === '' ? undefined : text;
  }
  return undefined;
}

/** The spec with its inline data and title taken out (they are fed to the view instead). */
function runtimeShape(spec: Record<string, unknown>, inlineData: boolean, title: boolean): Record<string, unknown> {
  if (!inlineData && !title) return spec;
  const shape: Record<string, unknown> = { ...spec };
  if (inlineData) shape.data = { name: INLINE_DATA };
  if (title) {
    const params = Array.isArray(spec.params) ? spec.params : [];
    shape.params = [...params, { name: TITLE_SIGNAL, value: '' }];
    const rest = typeof spec.title === 'object' && spec.title !== null ? spec.title : {};
    shape.title = { ...rest, text: { expr: TITLE_SIGNAL } };
  }
  return shape;
}

/** Renders a spec to SVG text at scale 1 (the rasteriser scales); `tally` also counts the layout. */
export async function renderSvg(input: SpecInput, tally?: LayoutTally): Promise<string> {
  installTextMetrics();
  const kind = input.kind ?? detectSpecKind(input.spec);
  const data = input.spec.data as { values?: unknown } | undefined;
  const inline =
    kind === 'vega-lite' && data && typeof data === 'object' && Object.keys(data).length === 1 && Array.isArray(data.values)
      ? (data.values as object[])
      : undefined;
  const title = kind === 'vega-lite' ? liftableTitle(input.spec.title) : undefined;
  const shape = runtimeShape(input.spec, inline !== undefined, title !== undefined);
  // The base directory is part of the key: a kept view loads any remaining data URLs from it.
  const key = `${kind}:${input.baseDirectory ?? ''}:${JSON.stringify(shape)}`;
  let compiled = runtimes.get(key);
  if (compiled) {
    layouts.reused += 1;
    if (tally) tally.reused += 1;
    runtimes.delete(key); // most recently used goes last
  } else {
    layouts.compiled += 1;
    if (tally) tally.compiled += 1;
    const vegaSpec = toVegaSpec({ ...input, spec: shape, kind });
    try {
      compiled = { runtime: vega.parse(vegaSpec), background: vegaSpec.background };
    } catch (error) {
      throw new UserError(`${input.source ?? 'the spec'} is not a valid Vega spec: ${(error as Error).message}`);
    }
    if (runtimes.size >= CACHE_SIZE) {
      const [oldestKey, oldest] = runtimes.entries().next().value!;
      oldest.idle?.view.finalize();
      runtimes.delete(oldestKey);
    }
  }
  runtimes.set(key, compiled);

  // Only charts whose data is fed in here can be redrawn by an existing view; one view is not
  // shared by two drawings at once (a concurrent drawing of the same chart gets a new view).
  const reused = inline ? compiled.idle : undefined;
  if (reused) compiled.idle = undefined;
  // Vega logs failures while the dataflow runs (a data file that cannot be loaded) and carries on
  // with an empty chart; an image of nothing is worse than an error, so they are collected here.
  const failures: unknown[][] = reused?.failures ?? [];
  failures.length = 0;
  const view =
    reused?.view ??
    new vega.View(compiled.runtime, {
      renderer: 'none',
      loader: localLoader(input.baseDirectory, input.source),
      logger: collectingLogger(failures),
    });
  // Vega specs are transparent unless they say otherwise; on a dark-themed page black axis text
  // on a transparent image is unreadable, so images get the white Vega-Lite charts have.
  if (!reused && compiled.background === undefined) view.background('white');
  // Vega marks the tuples it ingests; each drawing gets its own copies.
  if (inline)
    view.data(
      INLINE_DATA,
      inline.map((row) => ({ ...row })),
    );
  if (title !== undefined) view.signal(TITLE_SIGNAL, title);
  let drawn = false;
  try {
    const svg = await view.toSVG();
    const [first] = failures;
    if (first) {
      const cause = first.find((part) => part instanceof Error);
      if (cause instanceof UserError) throw cause;
      throw new UserError(`cannot draw ${input.source ?? 'the plot'}: ${first.map((part) => (part instanceof Error ? part.message : String(part))).join(' ')}`);
    }
    drawn = true;
    return svg;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot draw ${input.source ?? 'the plot'}: ${(error as Error).message}`);
  } finally {
    if (drawn && inline && !compiled.idle && runtimes.get(key) === compiled) compiled.idle = { view, failures };
    else view.finalize();
  }
}

function collectingLogger(failures: unknown[][]): vega.LoggerInterface {
  let level = vega.Error;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...parts: unknown[]) {
      failures.push(parts);
      return logger;
    },
    // Vega reports a data file it cannot load as a warning; for an image it is fatal.
    warn(...parts: unknown[]) {
      if (parts[0] === 'Loading failed') failures.push(parts);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger as unknown as vega.LoggerInterface;
}

function localLoader(baseDirectory: string | undefined, source: string | undefined): vega.Loader {
  const base = vega.loader({ mode: 'file' });
  const resolvePath = (uri: string): string => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('file:')) {
      throw new UserError(`the spec loads data from ${uri}: only local files are read`, { hint: 'download the data first, or inline it under data.values' });
    }
    const path = uri.startsWith('file://') ? new URL(uri).pathname : uri;
    if (isAbsolute(path)) return path;
    if (baseDirectory === undefined) {
      throw new UserError(`${source ?? 'the spec'} loads data from the relative path ${uri}, and no directory was given to read it from`, {
        hint: 'use an absolute path, or inline the data under data.values',
      });
    }
    return resolve(baseDirectory, path);
  };
  return Object.assign(base, {
    async sanitize(uri: string) {
      return { href: resolvePath(uri) };
    },
    async load(uri: string) {
      const path = resolvePath(uri);
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        throw new UserError(`the spec's data file ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    },
  });
}
