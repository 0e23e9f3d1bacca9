// Decoding TensorBoard's Event protocol buffer (tensorboard/compat/proto/event.proto) as far as
// scalars need: wall time, step, the file version, and each summary value's tag, simple_value,
// plugin name and rank-0 tensor (summary.proto, tensor.proto). Field numbers are those protos'.

import { ProtoReader, ProtobufError, type Field } from './protobuf.js';

export interface TensorValue {
  readonly dtype: number;
  /** The scalar, when the tensor holds exactly one number of a supported type. */
  readonly value: number | undefined;
}

export interface SummaryValue {
  readonly tag: string;
  readonly simpleValue?: number;
  readonly tensor?: TensorValue;
  /** SummaryMetadata.plugin_data.plugin_name; writers set it only on a tag's first value. */
  readonly pluginName?: string;
}

export interface TensorBoardEvent {
  readonly wallTime: number;
  readonly step: number;
  readonly fileVersion?: string;
  readonly values: readonly SummaryValue[];
}

// tensorflow DataType numbers (types.proto).
export const DT_FLOAT = 1;
export const DT_DOUBLE = 2;
export const DT_INT32 = 3;
export const DT_INT64 = 9;

const EVENT = { wallTime: 1, step: 2, fileVersion: 3, summary: 5 } as const;
const SUMMARY_VALUE = 1;
const VALUE = { tag: 1, simpleValue: 2, tensor: 8, metadata: 9 } as const;
const METADATA_PLUGIN_DATA = 1;
const PLUGIN_NAME = 1;
const TENSOR = { dtype: 1, shape: 2, content: 4, float: 5, double: 6, int: 7, int64: 10 } as const;
const SHAPE_DIM = 2;
const DIM_SIZE = 1;

export function decodeEvent(bytes: Uint8Array): TensorBoardEvent {
  let wallTime = 0;
  let step = 0;
  let fileVersion: string | undefined;
  const values: SummaryValue[] = [];
  for (const field of ProtoReader.fields(bytes)) {
    if (field.number === EVENT.wallTime) wallTime = ProtoReader.double(expect(field, 1, 'wall_time'));
    else if (field.number === EVENT.step) step = expect(field, 0, 'step').varint;
    else if (field.number === EVENT.fileVersion) fileVersion = ProtoReader.text(expect(field, 2, 'file_version'));
    else if (field.number === EVENT.summary) {
      for (const value of ProtoReader.fields(expect(field, 2, 'summary').bytes)) {
        if (value.number === SUMMARY_VALUE) values.push(decodeValue(expect(value, 2, 'Summary.value').bytes));
      }
    }
  }
  return { wallTime, step, ...(fileVersion === undefined ? {} : { fileVersion }), values };
}

function expect(field: Field, wireType: number, name: string): Field {
  if (field.wireType !== wireType) throw new ProtobufError(`${name} has wire type ${field.wireType}, expected ${wireType}`);
  return field;
}

function decodeValue(bytes: Uint8Array): SummaryValue {
  let tag = '';
  let simpleValue: number | undefined;
  let tensor: TensorValue | undefined;
  let pluginName: string | undefined;
  for (const field of ProtoReader.fields(bytes)) {
    if (field.number === VALUE.tag) tag = ProtoReader.text(expect(field, 2, 'tag'));
    else if (field.number === VALUE.simpleValue) simpleValue = ProtoReader.float(expect(field, 5, 'simple_value'));
    else if (field.number === VALUE.tensor) tensor = decodeTensor(expect(field, 2, 'tensor').bytes);
    else if (field.number === VALUE.metadata) pluginName = decodePluginName(expect(field, 2, 'metadata').bytes);
  }
  return { tag, ...(simpleValue === undefined ? {} : { simpleValue }), ...(tensor ? { tensor } : {}), ...(pluginName === undefined ? {} : { pluginName }) };
}

function decodePluginName(bytes: Uint8Array): string | undefined {
  for (const field of ProtoReader.fields(bytes)) {
    if (field.number !== METADATA_PLUGIN_DATA || field.wireType !== 2) continue;
    for (const inner of ProtoReader.fields(field.bytes)) {
      if (inner.number === PLUGIN_NAME && inner.wireType === 2) return ProtoReader.text(inner);
    }
  }
  return undefined;
}

function decodeTensor(bytes: Uint8Array): TensorValue {
  let dtype = 0;
  let elements = 1;
  let content: Uint8Array | undefined;
  const listed: number[] = [];
  for (const field of ProtoReader.fields(bytes)) {
    if (field.number === TENSOR.dtype) dtype = field.varint;
    else if (field.number === TENSOR.shape && field.wireType === 2) elements = shapeElements(field.bytes);
    else if (field.number === TENSOR.content && field.wireType === 2) content = field.bytes;
    else if (field.number === TENSOR.float) listed.push(...ProtoReader.repeated(field, 'float'));
    else if (field.number === TENSOR.double) listed.push(...ProtoReader.repeated(field, 'double'));
    else if (field.number === TENSOR.int || field.number === TENSOR.int64) listed.push(...ProtoReader.repeated(field, 'varint'));
  }
  if (elements !== 1) return { dtype, value: undefined };
  const value = content && content.length > 0 ? fromContent(dtype, content) : listed.length === 1 ? listed[0] : undefined;
  return { dtype, value };
}

function shapeElements(bytes: Uint8Array): number {
  let elements = 1;
  for (const field of ProtoReader.fields(bytes)) {
    if (field.number !== SHAPE_DIM || field.wireType !== 2) continue;
    for (const dim of ProtoReader.fields(field.bytes)) if (dim.number === DIM_SIZE) elements *= dim.varint;
  }
  return elements;
}

/** tensor_content: the raw little-endian bytes of the one element. */
function fromContent(dtype: number, content: Uint8Array): number | undefined {
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  if (dtype === DT_FLOAT && content.length === 4) return view.getFloat32(0, true);
  if (dtype === DT_DOUBLE && content.length === 8) return view.getFloat64(0, true);
  if (dtype === DT_INT32 && content.length === 4) return view.getInt32(0, true);
  if (dtype === DT_INT64 && content.length === 8) return Number(view.getBigInt64(0, true));
  return undefined;
}
