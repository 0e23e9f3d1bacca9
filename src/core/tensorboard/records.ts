// TFRecord framing, the container of TensorBoard event files: each record is
//   uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes | data | uint32 masked CRC-32C of data.
// A damaged record becomes an issue with its byte offset; reading goes on where the framing allows.

import { maskedCrc32c } from './crc32c.js';

export interface RecordIssue {
  /** Byte offset of the record the problem was found in. */
  readonly offset: number;
  readonly message: string;
}

export interface FramedRecord {
  readonly offset: number;
  readonly data: Uint8Array;
}

export interface FramedRecords {
  readonly records: FramedRecord[];
  readonly issues: RecordIssue[];
}

const HEADER = 12;
const FOOTER = 4;

/**
 * Splits a file into records. A bad payload CRC skips that one record (its length was verified, so
 * the next record is found); a bad length CRC or a wrong header stops the file there, as nothing
 * after it can be framed; a partial record at the end is a file still being written.
 */
export function readRecords(bytes: Uint8Array): FramedRecords {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: FramedRecord[] = [];
  const issues: RecordIssue[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < HEADER) {
      issues.push({ offset, message: `truncated record (${bytes.length - offset} bytes of a 12-byte header): the file is still being written or was cut off` });
      break;
    }
    const lengthCrc = view.getUint32(offset + 8, true);
    if (maskedCrc32c(bytes, offset, offset + 8) !== lengthCrc) {
      issues.push({
        offset,
        message:
          offset === 0
            ? 'not a TFRecord event file (bad header: the length checksum does not match)'
            : 'bad length checksum; the rest of the file cannot be framed',
      });
      break;
    }
    const length = view.getBigUint64(offset, true);
    const available = BigInt(bytes.length - offset - HEADER - FOOTER);
    if (length > available) {
      issues.push({
        offset,
        message: `truncated record (${length} bytes announced, ${available < 0n ? 0n : available} present): the file is still being written or was cut off`,
      });
      break;
    }
    const start = offset + HEADER;
    const end = start + Number(length);
    if (maskedCrc32c(bytes, start, end) !== view.getUint32(end, true)) {
      issues.push({ offset, message: 'bad data checksum; record skipped' });
    } else {
      records.push({ offset, data: bytes.subarray(start, end) });
    }
    offset = end + FOOTER;
  }
  return { records, issues };
}
