// A minimal protocol-buffer wire-format reader: enough to walk the fields of a message (varint,
// 64-bit, length-delimited, 32-bit) without generated code. Unknown fields are skipped, as proto3
// requires; a field that runs past its message is an error the caller turns into a warning.

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufError';
  }
}

export interface Field {
  readonly number: number;
  readonly wireType: number;
  /** For varints: the value (int64 read as a JS number; exact below 2^53). */
  readonly varint: number;
  /** For length-delimited fields: the bytes; for fixed32/fixed64: their 4 or 8 bytes. */
  readonly bytes: Uint8Array;
}

export class ProtoReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  /** A varint as a number; 10-byte (negative int64) varints are read as their signed value. */
  varint(): number {
    let low = 0;
    let shift = 0;
    let byte: number;
    // The first 4 bytes fit in 28 bits of a 32-bit integer; the rest goes through BigInt.
    do {
      if (this.offset >= this.bytes.length) throw new ProtobufError('varint runs past the end of the message');
      byte = this.bytes[this.offset++]!;
      if (shift < 28) low |= (byte & 0x7f) << shift;
      else return this.longVarint(low, byte, shift);
      shift += 7;
    } while (byte & 0x80);
    return low >>> 0;
  }

  private longVarint(low: number, first: number, firstShift: number): number {
    let value = BigInt(low >>> 0) | (BigInt(first & 0x7f) << BigInt(firstShift));
    let shift = firstShift + 7;
    let byte = first;
    while (byte & 0x80) {
      if (shift >= 70) throw new ProtobufError('varint longer than 10 bytes');
      if (this.offset >= this.bytes.length) throw new ProtobufError('varint runs past the end of the message');
      byte = this.bytes[this.offset++]!;
      value |= BigInt(byte & 0x7f) << BigInt(shift);
      shift += 7;
    }
    return Number(BigInt.asIntN(64, value));
  }

  private take(length: number): Uint8Array {
    if (length < 0 || this.offset + length > this.bytes.length) throw new ProtobufError(`field of ${length} bytes runs past the end of the message`);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  field(): Field {
    const key = this.varint();
    const number = Math.floor(key / 8);
    const wireType = key & 7;
    if (number === 0) throw new ProtobufError('field number 0');
    switch (wireType) {
      case WIRE_VARINT:
        return { number, wireType, varint: this.varint(), bytes: EMPTY };
      case WIRE_FIXED64:
        return { number, wireType, varint: 0, bytes: this.take(8) };
      case WIRE_BYTES:
        return { number, wireType, varint: 0, bytes: this.take(this.varint()) };
      case WIRE_FIXED32:
        return { number, wireType, varint: 0, bytes: this.take(4) };
      default:
        throw new ProtobufError(`unsupported wire type ${wireType} (field ${number})`);
    }
  }

  /** Every field of the message, in order. */
  static fields(bytes: Uint8Array): Field[] {
    const reader = new ProtoReader(bytes);
    const fields: Field[] = [];
    while (!reader.done) fields.push(reader.field());
    return fields;
  }

  static double(field: Field): number {
    return new DataView(field.bytes.buffer, field.bytes.byteOffset, 8).getFloat64(0, true);
  }

  static float(field: Field): number {
    return new DataView(field.bytes.buffer, field.bytes.byteOffset, 4).getFloat32(0, true);
  }

  static text(field: Field): string {
    return new TextDecoder().decode(field.bytes);
  }

  /** A repeated numeric field, packed (wire type 2) or not: each element decoded by `kind`. */
  static repeated(field: Field, kind: 'float' | 'double' | 'varint'): number[] {
    if (field.wireType !== WIRE_BYTES) {
      if (kind === 'varint') return [field.varint];
      return [kind === 'float' ? ProtoReader.float(field) : ProtoReader.double(field)];
    }
    const view = new DataView(field.bytes.buffer, field.bytes.byteOffset, field.bytes.byteLength);
    if (kind === 'float') return Array.from({ length: Math.floor(field.bytes.length / 4) }, (_, index) => view.getFloat32(index * 4, true));
    if (kind === 'double') return Array.from({ length: Math.floor(field.bytes.length / 8) }, (_, index) => view.getFloat64(index * 8, true));
    const reader = new ProtoReader(field.bytes);
    const out: number[] = [];
    while (!reader.done) out.push(reader.varint());
    return out;
  }
}

const EMPTY = new Uint8Array(0);
