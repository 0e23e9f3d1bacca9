// The layout queue: charts from every batch under way are laid out costliest first, a hold keeps
// them waiting until larger ones are queued, worker lanes take only their own batch's charts, and
// a failed batch's remaining charts are dropped. The area estimate orders charts by their spec.

import { describe, expect, it } from 'vitest';
import { estimatedArea, LayoutQueue, type QueuedLayout } from '../../../src/core/plot/layout-queue.js';

interface Job extends QueuedLayout {
  readonly name: string;
}

function recorder() {
  const order: string[] = [];
  const run = async (job: Job): Promise<void> => {
    order.push(job.name);
  };
  return { order, run };
}

const job = (owner: object, name: string, cost: number): Job => ({ owner, name, cost });

describe('LayoutQueue', () => {
  it('lays out the costliest chart of every batch queued so far first, equal ones in the order added', async () => {
    const queue = new LayoutQueue();
    const { order, run } = recorder();
    const a = {};
    const b = {};
    const first = queue.add([job(a, 'a-small', 10), job(a, 'a-large', 50), job(a, 'a-tie', 10)], run);
    // Added in the same turn as the first batch, before the queue picks.
    const second = queue.add([job(b, 'b-largest', 90), job(b, 'b-tie', 10)], run);
    await Promise.all([first, second]);
    expect(order).toEqual(['b-largest', 'a-large', 'a-small', 'a-tie', 'b-tie']);
    expect(queue.size).toBe(0);
  });

  it('starts no chart while held, and weighs what was queued meanwhile once released', async () => {
    const queue = new LayoutQueue();
    const { order, run } = recorder();
    const release = queue.hold();
    const small = queue.add([job({}, 'drift', 10)], run);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    const large = queue.add([job({}, 'plot', 90)], run);
    release();
    release(); // a second call changes nothing
    await Promise.all([small, large]);
    expect(order).toEqual(['plot', 'drift']);
  });

  it('waits for every hold; releasing one twice does not release another', async () => {
    const queue = new LayoutQueue();
    const { order, run } = recorder();
    const first = queue.hold();
    const second = queue.hold();
    const done = queue.add([job({}, 'one', 1)], run);
    first();
    first();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    second();
    await done;
    expect(order).toEqual(['one']);
  });

  it('lays out one chart at a time, and starts again for charts added after it went idle', async () => {
    const queue = new LayoutQueue();
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const run = async (queued: Job): Promise<void> => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(queued.name);
      running -= 1;
    };
    await Promise.all([queue.add([job({}, 'a', 1), job({}, 'b', 2)], run), queue.add([job({}, 'c', 3)], run)]);
    expect(most).toBe(1);
    expect(order).toEqual(['c', 'b', 'a']);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await queue.add([job({}, 'later', 1)], run);
    expect(order.at(-1)).toBe('later');
  });

  it('gives a worker lane only its own batch, costliest first; its charts count as settled', async () => {
    const queue = new LayoutQueue();
    const { order, run } = recorder();
    const mine = {};
    const release = queue.hold();
    const settled = queue.add([job(mine, 'mine-small', 1), job(mine, 'mine-large', 5)], run);
    const other = queue.add([job({}, 'other', 9)], run);
    expect(queue.take<Job>(mine)?.name).toBe('mine-large');
    expect(queue.take<Job>(mine)?.name).toBe('mine-small');
    expect(queue.take<Job>(mine)).toBeUndefined();
    // The batch's own promise is met without the queue laying either out.
    await settled;
    release();
    await other;
    expect(order).toEqual(['other']);
  });

  it('drops the charts of a batch that the caller selects, and settles them', async () => {
    const queue = new LayoutQueue();
    const { order, run } = recorder();
    const failed = {};
    const release = queue.hold();
    const done = queue.add([job(failed, 'after-0', 5), job(failed, 'before', 1), job(failed, 'after-1', 2), job(failed, 'after-2', 3)], run);
    const kept = queue.add([job({}, 'other', 2), job({}, 'after-of-another-batch', 1)], run);
    queue.drop<Job>(failed, (candidate) => candidate.name.startsWith('after'));
    expect(queue.size).toBe(3);
    release();
    await Promise.all([done, kept]);
    expect(order).toEqual(['other', 'before', 'after-of-another-batch']);
  });

  it('goes on with the next chart when a layout rejects, and rejects that batch once it is done', async () => {
    const queue = new LayoutQueue();
    const order: string[] = [];
    const done = queue.add([job({}, 'fails', 2), job({}, 'next', 1)], async (queued) => {
      order.push(queued.name);
      if (queued.name === 'fails') throw new Error('layout failed');
    });
    const failure = await done.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('layout failed');
    expect(order).toEqual(['fails', 'next']);
    const { order: later, run } = recorder();
    await queue.add([job({}, 'later', 1)], run);
    expect(later).toEqual(['later']);
  });
});

describe('estimatedArea', () => {
  const rows = (field: string, values: string[]) => values.map((value) => ({ [field]: value, n: 1 }));

  it('is width x height, 300 for a side not given as a positive number', () => {
    expect(estimatedArea({ spec: { width: 480, height: 160, mark: 'bar' } })).toBe(480 * 160);
    expect(estimatedArea({ spec: { mark: 'bar' } })).toBe(300 * 300);
    expect(estimatedArea({ spec: { width: 'container', height: { signal: 'h' }, mark: 'bar' } })).toBe(300 * 300);
    expect(estimatedArea({ spec: { width: 0, height: -5, mark: 'bar' } })).toBe(300 * 300);
    expect(estimatedArea({ spec: { width: '200', height: 100, mark: 'bar' } })).toBe(300 * 100);
    // Properties set to null are treated as absent, not read through.
    expect(estimatedArea({ spec: { data: null, facet: null, spec: null, repeat: null, width: 10, height: 10 } })).toBe(100);
  });

  it('counts the cells of a facet from the distinct values in the inline data', () => {
    const spec = {
      data: { values: rows('rev', ['main', 'feature', 'main']) },
      facet: { column: { field: 'rev' } },
      spec: { width: 200, height: 100, mark: 'rect' },
    };
    expect(estimatedArea({ spec })).toBe(2 * 200 * 100);
    const grid = {
      data: {
        values: [
          { rev: 'a', split: 'x' },
          { rev: 'b', split: 'y' },
          { rev: 'c', split: 'x' },
        ],
      },
      facet: { column: { field: 'rev' }, row: { field: 'split' } },
      spec: { width: 10, height: 10 },
    };
    expect(estimatedArea({ spec: grid })).toBe(3 * 2 * 100);
  });

  it('adds up concatenated views and multiplies repeated ones', () => {
    const concat = {
      hconcat: [
        { width: 100, height: 100 },
        {
          vconcat: [
            { width: 50, height: 20 },
            { width: 50, height: 20 },
          ],
        },
      ],
    };
    expect(estimatedArea({ spec: concat })).toBe(100 * 100 + 2 * 50 * 20);
    expect(estimatedArea({ spec: { repeat: ['a', 'b', 'c'], spec: { width: 10, height: 10 } } })).toBe(3 * 100);
    expect(estimatedArea({ spec: { repeat: { row: ['a', 'b'], column: ['c', 'd', 'e'] }, spec: { width: 10, height: 10 } } })).toBe(6 * 100);
    expect(estimatedArea({ spec: { repeat: { row: [], column: 'x' }, spec: { width: 10, height: 10 } } })).toBe(100);
    expect(
      estimatedArea({
        spec: {
          concat: [
            { width: 10, height: 10 },
            { width: 20, height: 10 },
          ],
          columns: 2,
        },
      }),
    ).toBe(300);
  });

  it('orders the report charts of the example project: confusion matrix, training curve, then the drift bars', () => {
    const confusion = {
      data: { values: rows('rev', ['main', 'feature']) },
      facet: { column: { field: 'rev' } },
      spec: { width: 300, height: 300 },
    };
    const curve = { layer: [], width: 300, height: 300 };
    const age = { width: 480, height: 160 };
    const plan = { width: 132, height: 160 };
    const areas = [confusion, curve, age, plan].map((spec) => estimatedArea({ spec }));
    expect([...areas].sort((x, y) => y - x)).toEqual(areas);
  });
});
