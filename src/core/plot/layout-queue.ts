// Which chart this thread lays out next, across every batch of charts under way in the process.
//
// A chart is laid out on this thread (Vega, JavaScript) and then rasterised on libuv's pool
// (sharp), where it no longer holds this thread. So whatever chart is laid out last, its
// rasterising is left over once this thread is done: the batch waits for it alone. Laying out
// the charts that take longest to rasterise first hides their rasterising behind the layout of
// the others, and leaves the quickest for last. `cml report` draws its plots and its drift
// charts as two batches at about the same time; one queue for both orders them together.
//
// Before a chart is laid out, the time it takes to rasterise is not known; its pixel area is a
// fair guess (rasterising and PNG encoding work on pixels), and that is read from the spec.

import type { SpecInput } from './svg.js';

export interface QueuedLayout {
  /** Larger goes first; equal ones go in the order they were added. */
  readonly cost: number;
  /** The batch it belongs to (a worker lane of that batch takes only the batch's own charts). */
  readonly owner: object;
}

interface Entry<J extends QueuedLayout> {
  readonly job: J;
  readonly run: (job: J) => Promise<void>;
  /** Meets the job's place in add()'s promise; with a failure of `run`, rejects it. */
  readonly settle: (failure?: { readonly error: unknown }) => void;
}

/**
 * Charts waiting for this thread's layout. Each is laid out here, taken by a worker lane of its
 * own batch, or dropped (its batch failed); the queue yields to the event loop before each
 * choice, so a batch that became ready meanwhile is weighed too.
 */
export class LayoutQueue {
  readonly #waiting: Entry<QueuedLayout>[] = [];
  #draining = false;
  #holds = 0;
  /** Wakes the drain once no hold is left. */
  #onReleased: (() => void) | undefined;

  /**
   * Keeps this thread from starting another chart until the returned function is called (once is
   * enough; later calls do nothing): for a caller that knows larger charts are about to be queued.
   */
  hold(): () => void {
    this.#holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds -= 1;
      // The drain checks for the other holds itself.
      this.#onReleased?.();
    };
  }

  /**
   * Queues `jobs`, each to be laid out here by `run`. Met when every one of them has been laid
   * out here, taken or dropped; rejected with the error of a `run` that rejected (a caller records
   * a chart's own failure itself), once the rest are done.
   */
  add<J extends QueuedLayout>(jobs: readonly J[], run: (job: J) => Promise<void>): Promise<void> {
    const settled = jobs.map(
      (job) =>
        new Promise<void>((resolve, reject) => {
          const settle = (failure?: { readonly error: unknown }): void => (failure ? reject(failure.error) : resolve());
          this.#waiting.push({ job, run: run as (job: QueuedLayout) => Promise<void>, settle });
        }),
    );
    if (!this.#draining) void this.#drain();
    return Promise.allSettled(settled).then((outcomes) => {
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    });
  }

  /** The costliest waiting chart of `owner` (for its worker lanes), now no longer waiting. */
  take<J extends QueuedLayout>(owner: object): J | undefined {
    const entry = this.#remove((job) => job.owner === owner);
    entry?.settle();
    return entry?.job as J | undefined;
  }

  /** Drops the waiting charts of `owner` that `which` selects. */
  drop<J extends QueuedLayout>(owner: object, which: (job: J) => boolean): void {
    for (let index = this.#waiting.length - 1; index >= 0; index -= 1) {
      const entry = this.#waiting[index]!;
      if (entry.job.owner !== owner || !which(entry.job as J)) continue;
      this.#waiting.splice(index, 1);
      entry.settle();
    }
  }

  /** How many charts are waiting (tests). */
  get size(): number {
    return this.#waiting.length;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        while (this.#holds > 0) await new Promise<void>((resolve) => (this.#onReleased = resolve));
        this.#onReleased = undefined;
        const entry = this.#remove(() => true);
        if (!entry) return;
        try {
          await entry.run(entry.job);
          entry.settle();
        } catch (error) {
          entry.settle({ error });
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  #remove(which: (job: QueuedLayout) => boolean): Entry<QueuedLayout> | undefined {
    let best = -1;
    this.#waiting.forEach((entry, index) => {
      if (which(entry.job) && (best < 0 || entry.job.cost > this.#waiting[best]!.job.cost)) best = index;
    });
    return best < 0 ? undefined : this.#waiting.splice(best, 1)[0];
  }
}

/** The queue of this thread (one per process: every batch shares it). */
export const layoutQueue = new LayoutQueue();

/** Width and height Vega-Lite and DVC's templates give a chart that does not set them. */
const DEFAULT_SIDE = 300;

/**
 * A chart's pixel area as its spec describes it, before layout: width x height of each view,
 * times the columns and rows of a facet (its field's distinct values in the inline data), summed
 * over concatenated and repeated views. A guess for ordering only: sides given by a signal or
 * `"container"`, and axes, legends and titles, are not measured.
 */
export function estimatedArea(input: SpecInput): number {
  return viewArea(input.spec, inlineRows(input.spec));
}

function viewArea(view: Record<string, unknown>, rows: readonly Record<string, unknown>[]): number {
  for (const key of ['hconcat', 'vconcat', 'concat']) {
    const parts = view[key];
    if (Array.isArray(parts)) return parts.reduce((sum: number, part) => sum + (isRecord(part) ? viewArea(part, inlineRows(part, rows)) : 0), 0);
  }
  if (view.repeat !== undefined && isRecord(view.spec)) return repeatCount(view.repeat) * viewArea(view.spec, rows);
  const inner = isRecord(view.spec) ? view.spec : view;
  const facet = isRecord(view.facet) ? view.facet : undefined;
  const cells = facet ? distinctCount(facet.column, rows) * distinctCount(facet.row, rows) : 1;
  return cells * side(inner.width) * side(inner.height);
}

function side(value: unknown): number {
  return typeof value === 'number' && value > 0 ? value : DEFAULT_SIDE;
}

/** Views a `repeat` makes: one per field listed, or rows x columns. */
function repeatCount(repeat: unknown): number {
  const length = (list: unknown): number => (Array.isArray(list) && list.length > 0 ? list.length : 1);
  return isRecord(repeat) ? length(repeat.row) * length(repeat.column) : length(repeat);
}

function distinctCount(channel: unknown, rows: readonly Record<string, unknown>[]): number {
  if (!isRecord(channel) || typeof channel.field !== 'string') return 1;
  const field = channel.field;
  return Math.max(1, new Set(rows.map((row) => row[field])).size);
}

function inlineRows(view: Record<string, unknown>, inherited: readonly Record<string, unknown>[] = []): readonly Record<string, unknown>[] {
  const data = view.data;
  return isRecord(data) && Array.isArray(data.values) ? (data.values.filter(isRecord) as Record<string, unknown>[]) : inherited;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
