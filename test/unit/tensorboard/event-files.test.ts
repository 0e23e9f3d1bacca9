// The TFRecord + Event reader against published CRC-32C vectors, bytes written by real writers, and
// the generated fixtures (simple_value, TF2 tensor scalars, a truncated tail, a bad CRC).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32c, maskCrc } from '../../../src/core/tensorboard/crc32c.js';
import { decodeEvent } from '../../../src/core/tensorboard/event.js';
import { readRecords } from '../../../src/core/tensorboard/records.js';
import { extractScalars, summarize } from '../../../src/core/tensorboard/scalars.js';
import { describeIssue, readLogdirScalars } from '../../../src/core/tensorboard/logdir.js';
// @ts-expect-error: a plain .mjs script without types
import * as generator from '../../../scripts/golden/tensorboard-events.mjs';

const fixtures = join(import.meta.dirname, '../../fixtures/tensorboard');
const published = (name: string): Uint8Array => readFileSync(join(fixtures, 'published', name));

describe('CRC-32C', () => {
  it('matches the published check value and the RFC 3720 (iSCSI) vectors', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, index) => index)))).toBe(0x46dd794e);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, index) => 31 - index)))).toBe(0x113fdb5c);
  });

  it('masks as TFRecord does: the header of every event file carries a3 7f 4b 22', () => {
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(24n);
    expect(maskCrc(crc32c(length)).toString(16)).toBe('224b7fa3');
  });

  it('agrees with the fixture generator (an independent bitwise implementation)', () => {
    for (const text of ['', 'a', '123456789', 'brain.Event:2']) expect(generator.crc32c(Buffer.from(text))).toBe(crc32c(Buffer.from(text)));
  });
});

describe('event records written by real writers', () => {
  it('reads the file tensorboard_logger writes (simple_value), byte for byte as its test asserts', () => {
    const { records, issues } = readRecords(published('events.out.tfevents.256.tensorboard-logger'));
    expect(issues).toEqual([]);
    const events = records.map((record) => decodeEvent(record.data));
    expect(events[0]).toEqual({ wallTime: 256.5, step: 0, fileVersion: 'brain.Event:2', values: [] });
    expect(events[1]).toEqual({ wallTime: 256.5, step: 1, values: [{ tag: 'v/1', simpleValue: 1.5 }] });
    expect(events[2]).toEqual({ wallTime: 256.5, step: 2, values: [{ tag: 'v/22', simpleValue: 16 }] });
  });

  it("reads the header records of TensorFlow's own loader test", () => {
    const { records, issues } = readRecords(published('events.out.tfevents.tensorflow-loader-test'));
    expect(issues).toEqual([]);
    expect(records.map((record) => decodeEvent(record.data).fileVersion)).toEqual(['brain.Event:1', 'brain.Event:2']);
  });

  it('the fixture generator encodes those events to the same bytes', () => {
    const bytes = Buffer.concat([
      generator.record(generator.event({ wallTime: 256.5, step: 0, fileVersion: 'brain.Event:2' })),
      generator.record(generator.event({ wallTime: 256.5, step: 1, values: [generator.simpleValue('v/1', 1.5)] })),
      generator.record(generator.event({ wallTime: 256.5, step: 2, values: [generator.simpleValue('v/22', 16)] })),
    ]);
    expect(bytes.equals(Buffer.from(published('events.out.tfevents.256.tensorboard-logger')))).toBe(true);
  });

  it('the committed fixtures are what the generator writes', () => {
    const { badOffset: _offset, ...files } = generator.fixtures() as Record<string, Buffer>;
    for (const [path, bytes] of Object.entries(files)) expect(readFileSync(join(fixtures, path)).equals(bytes), path).toBe(true);
  });
});

describe('scalars of a logdir', () => {
  it('reads simple_value and TF2 tensor scalars per run, last write of a step winning', async () => {
    const { series, issues, files } = await readLogdirScalars(join(fixtures, 'logdir'));
    expect(files).toBe(4);
    const byKey = new Map(series.map((item) => [`${item.run} ${item.tag}`, item.points]));
    expect([...byKey.keys()]).toEqual([
      '. accuracy',
      '. loss',
      'eval val_loss',
      'train batches',
      'train big_samples',
      'train epoch_accuracy',
      'train epoch_loss',
      'train lr',
      'train precise',
      'train samples',
    ]);
    expect(byKey.get('. loss')!.map((point) => point.value)).toEqual([1, 0.5, 0.375, 0.25, 0.125]);
    expect(byKey.get('. loss')![2]).toEqual({ step: 2, wallTime: 1700000002.5, value: 0.375 });
    expect(byKey.get('train epoch_loss')!.map((point) => point.value)).toEqual([2, 1.5, 1]);
    expect(byKey.get('train lr')!.map((point) => point.value)).toEqual([0.25, 0.125, 0.0625]);
    expect(byKey.get('train epoch_accuracy')!.map((point) => point.value)).toEqual([0.75, 0.8125, 0.875]);
    expect(byKey.get('train precise')!.map((point) => point.value)).toEqual([1 / 3, 1 + 1 / 3, 2 + 1 / 3]);
    expect(byKey.get('train samples')!.map((point) => point.value)).toEqual([1000, 2000, 3000]);
    expect(byKey.get('train batches')!.map((point) => point.value)).toEqual([-1, -2, -3]);
    expect(byKey.get('train big_samples')!.map((point) => point.value)).toEqual([2 ** 40, 2 ** 40 + 1, 2 ** 40 + 2]);
    // The truncated file's good records, then the restart's rewrite of step 2.
    expect(byKey.get('eval val_loss')!.map((point) => [point.step, point.value])).toEqual([
      [0, 1],
      [1, 0.75],
      [2, 0.0625],
    ]);
    expect(issues).toHaveLength(1);
    expect(describeIssue(issues[0]!)).toBe(
      'eval/events.out.tfevents.1700000200.ci.3.v2 at byte 176: truncated record (30 bytes announced, 23 present): the file is still being written or was cut off; the other records were read',
    );
  });

  it('skips a record with a bad CRC, warns once with its offset, and reads on', async () => {
    const { series, issues } = await readLogdirScalars(join(fixtures, 'bad-crc'));
    expect(series).toEqual([
      {
        run: '.',
        tag: 'loss',
        points: [
          { step: 0, wallTime: 1700000400, value: 1 },
          { step: 2, wallTime: 1700000402, value: 0.25 },
        ],
      },
    ]);
    expect(issues).toEqual([
      { file: 'events.out.tfevents.1700000400.ci.5.v2', offset: generator.fixtures().badOffset, message: 'bad data checksum; record skipped', more: 0 },
    ]);
  });

  it('names a file that is not a TFRecord file at offset 0', async () => {
    const { series, issues } = await readLogdirScalars(join(fixtures, 'not-events'));
    expect(series).toEqual([]);
    expect(describeIssue(issues[0]!)).toContain(' at byte 0: not a TFRecord event file (bad header: the length checksum does not match)');
  });

  it('a malformed event inside a good record is skipped with its offset', () => {
    const good = generator.record(generator.event({ wallTime: 1, step: 1, values: [generator.simpleValue('x', 2)] }));
    const broken = generator.record(Buffer.from([0x2a, 0x50, 0x01])); // summary field claiming 80 bytes
    const { series, issues } = extractScalars([{ run: '.', name: 'f', bytes: Buffer.concat([broken, good]) }]);
    expect(series[0]!.points).toEqual([{ step: 1, wallTime: 1, value: 2 }]);
    expect(issues[0]).toMatchObject({ offset: 0, more: 0 });
    expect(issues[0]!.message).toMatch(/^malformed event: .*runs past the end/);
  });

  it('summarizes a series: points, first, last, min, max', () => {
    expect(summarize({ run: '.', tag: 't', points: [3, 1, 4, 1, 5].map((value, step) => ({ step, wallTime: 0, value })) })).toEqual({
      points: 5,
      first: 3,
      last: 5,
      min: 1,
      max: 5,
    });
  });
});
