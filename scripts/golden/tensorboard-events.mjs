// Writes the TensorBoard event-file fixtures under test/fixtures/tensorboard/ byte for byte as
// TensorFlow's writers do: TFRecord framing (uint64 length, masked CRC-32C of it, data, masked
// CRC-32C of the data) around Event protocol buffers (tensorboard/compat/proto/event.proto,
// summary.proto, tensor.proto). The encoder here is deliberately separate from the reader in
// src/core/tensorboard/ (bitwise CRC, its own protobuf writer), so the two check each other.
//
//   node scripts/golden/tensorboard-events.mjs [output-folder]   (default test/fixtures/tensorboard)

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// --- CRC-32C, bit by bit (Castagnoli polynomial, reflected: 0x82F63B78) ---
export function crc32c(bytes) {
  let crc = ~0 >>> 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0x82f63b78 & -(crc & 1));
  }
  return ~crc >>> 0;
}

export function masked(crc) {
  const rotated = ((crc >>> 15) | (crc << 17)) >>> 0;
  return (rotated + 0xa282ead8) % 2 ** 32;
}

// --- protobuf writer ---
function varint(value) {
  let big = BigInt.asUintN(64, BigInt(value));
  const out = [];
  do {
    let byte = Number(big & 0x7fn);
    big >>= 7n;
    if (big > 0n) byte |= 0x80;
    out.push(byte);
  } while (big > 0n);
  return Buffer.from(out);
}
const key = (number, wireType) => varint(number * 8 + wireType);
const f64 = (value) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(value);
  return b;
};
const f32 = (value) => {
  const b = Buffer.alloc(4);
  b.writeFloatLE(value);
  return b;
};
const bytesField = (number, payload) => Buffer.concat([key(number, 2), varint(payload.length), payload]);
const varintField = (number, value) => Buffer.concat([key(number, 0), varint(value)]);
const doubleField = (number, value) => Buffer.concat([key(number, 1), f64(value)]);
const floatField = (number, value) => Buffer.concat([key(number, 5), f32(value)]);
const text = (value) => Buffer.from(value, 'utf8');

// Event: wall_time = 1 (double), step = 2 (int64), file_version = 3, summary = 5.
export function event({ wallTime, step, fileVersion, values }) {
  const parts = [doubleField(1, wallTime)];
  if (step !== 0) parts.push(varintField(2, step)); // proto3 leaves a zero step out
  if (fileVersion !== undefined) parts.push(bytesField(3, text(fileVersion)));
  if (values) parts.push(bytesField(5, Buffer.concat(values.map((value) => bytesField(1, value)))));
  return Buffer.concat(parts);
}

// Summary.Value: tag = 1, simple_value = 2, tensor = 8, metadata = 9.
export const simpleValue = (tag, value) => Buffer.concat([bytesField(1, text(tag)), floatField(2, value)]);

// SummaryMetadata: plugin_data = 1 { plugin_name = 1, content = 2 }, data_class = 4 (1 = scalar).
const metadata = (plugin, dataClass) => Buffer.concat([bytesField(1, bytesField(1, text(plugin))), ...(dataClass ? [varintField(4, dataClass)] : [])]);

// TensorProto: dtype = 1, tensor_shape = 2 (empty: rank 0), tensor_content = 4, float_val = 5,
// double_val = 6, int_val = 7, string_val = 8, int64_val = 10 (repeated numbers packed).
const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, STRING: 7, INT64: 9 };
function tensor(dtype, representation) {
  return Buffer.concat([varintField(1, dtype), bytesField(2, Buffer.alloc(0)), representation]);
}
function tensorValue(tag, tensorBytes, meta) {
  return Buffer.concat([bytesField(1, text(tag)), bytesField(8, tensorBytes), ...(meta ? [bytesField(9, meta)] : [])]);
}

// TFRecord framing.
export function record(data) {
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(data.length));
  const lengthCrc = Buffer.alloc(4);
  lengthCrc.writeUInt32LE(masked(crc32c(length)));
  const dataCrc = Buffer.alloc(4);
  dataCrc.writeUInt32LE(masked(crc32c(data)));
  return Buffer.concat([length, lengthCrc, data, dataCrc]);
}

const START = 1700000000;
const header = (wallTime) => event({ wallTime, step: 0, fileVersion: 'brain.Event:2' });

/** PyTorch SummaryWriter / tensorboardX / TF1 style: one simple_value per event; step 2 written twice. */
function pytorchRun() {
  const events = [header(START)];
  const loss = [1, 0.5, 0.375, 0.25, 0.125];
  for (let step = 0; step < loss.length; step += 1) {
    if (step === 2) events.push(event({ wallTime: START + 2, step, values: [simpleValue('loss', 0.4375)] })); // overwritten below
    events.push(event({ wallTime: START + step + 0.5, step, values: [simpleValue('loss', loss[step])] }));
    events.push(event({ wallTime: START + step + 0.5, step, values: [simpleValue('accuracy', 0.5 + step / 8)] }));
  }
  return Buffer.concat(events.map(record));
}

/** TF2 tf.summary.scalar: rank-0 tensors, metadata (plugin "scalars") on each tag's first value only. */
function tf2Run() {
  const start = START + 100;
  const events = [header(start)];
  const content = (dtype, bytes) => tensor(dtype, bytesField(4, bytes));
  for (let step = 0; step < 3; step += 1) {
    const first = step === 0;
    const meta = first ? metadata('scalars', 1) : undefined;
    const le = (write, size, value) => {
      const b = Buffer.alloc(size);
      b[write](value);
      return b;
    };
    const values = [
      // tf.summary.scalar writes float32 tensor_content.
      tensorValue('epoch_loss', content(DT.FLOAT, le('writeFloatLE', 4, 2 - step / 2)), meta),
      // float_val / double_val / int_val / int64_val representations (make_tensor_proto, tensorboardX new_style).
      tensorValue('lr', tensor(DT.FLOAT, bytesField(5, f32(0.25 / 2 ** step))), meta),
      tensorValue('epoch_accuracy', content(DT.DOUBLE, le('writeDoubleLE', 8, 0.75 + step / 16)), meta),
      tensorValue('precise', tensor(DT.DOUBLE, bytesField(6, f64(1 / 3 + step))), meta),
      tensorValue('samples', tensor(DT.INT64, bytesField(10, varint(1000 * (step + 1)))), meta),
      tensorValue('batches', tensor(DT.INT32, bytesField(7, varint(-(step + 1)))), meta),
      tensorValue(
        'big_samples',
        content(
          DT.INT64,
          (() => {
            const b = Buffer.alloc(8);
            b.writeBigInt64LE(BigInt(2 ** 40 + step));
            return b;
          })(),
        ),
        meta,
      ),
      // Not a scalar: a text summary (string tensor) is ignored.
      tensorValue('notes', tensor(DT.STRING, bytesField(8, text(`step ${step}`))), first ? metadata('text') : undefined),
    ];
    events.push(event({ wallTime: start + step, step, values }));
  }
  return Buffer.concat(events.map(record));
}

/** A file still being written: good records, then half of the next one. */
function truncatedRun() {
  const start = START + 200;
  const good = [header(start), ...[0, 1, 2].map((step) => event({ wallTime: start + step, step, values: [simpleValue('val_loss', 1 - step / 4)] }))].map(
    record,
  );
  const partial = record(event({ wallTime: start + 3, step: 3, values: [simpleValue('val_loss', 0.125)] }));
  return Buffer.concat([...good, partial.subarray(0, partial.length - 7)]);
}

/** A restart of the same run: a later file rewrites step 2. */
function restartedRun() {
  const start = START + 300;
  const events = [header(start), event({ wallTime: start + 1, step: 2, values: [simpleValue('val_loss', 0.0625)] })];
  return Buffer.concat(events.map(record));
}

/** Three records; the second's data checksum is flipped: it is skipped, the third still read. */
function badCrcRun() {
  const start = START + 400;
  const records = [header(start), ...[0, 1, 2].map((step) => event({ wallTime: start + step, step, values: [simpleValue('loss', 2 ** -step)] }))].map(record);
  const bad = Buffer.from(records[2]);
  bad.writeUInt32LE(bad.readUInt32LE(bad.length - 4) ^ 0xdeadbeef, bad.length - 4);
  return { bytes: Buffer.concat([records[0], records[1], bad, records[3]]), badOffset: records[0].length + records[1].length };
}

export function fixtures() {
  const bad = badCrcRun();
  return {
    'logdir/events.out.tfevents.1700000000.ci.1.v2': pytorchRun(),
    'logdir/train/events.out.tfevents.1700000100.ci.2.v2': tf2Run(),
    'logdir/eval/events.out.tfevents.1700000200.ci.3.v2': truncatedRun(),
    'logdir/eval/events.out.tfevents.1700000300.ci.4.v2': restartedRun(),
    'bad-crc/events.out.tfevents.1700000400.ci.5.v2': bad.bytes,
    'not-events/events.out.tfevents.1700000500.ci.6.v2': Buffer.from('this is a text file, not a TFRecord file\n'),
    badOffset: bad.badOffset,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/tensorboard'));
  const { badOffset, ...files } = fixtures();
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
    console.log(`${path}: ${bytes.length} bytes`);
  }
  console.log(`bad-crc: the damaged record starts at byte ${badOffset}`);
}
