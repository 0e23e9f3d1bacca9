// Text widths for Vega's layout, read from the same TrueType files the rasteriser draws with.
//
// With no canvas, Vega guesses every text is 0.8 em per character, which leaves titles off-centre,
// legends too wide and long labels clipped. Advance widths from DejaVu's `hmtx` table give the
// real width of each label (kerning aside), so layout matches the pixels and does not depend on the
// machine.

import { readFileSync } from 'node:fs';

/** Advance widths, in em, for every code point of the Basic Multilingual Plane (0 = no glyph). */
export class FontWidths {
  private constructor(
    private readonly advances: Float32Array,
    private readonly fallback: number,
  ) {}

  static fromFile(path: string): FontWidths {
    return FontWidths.fromBuffer(readFileSync(path));
  }

  static fromBuffer(font: Buffer): FontWidths {
    const tables = readTableDirectory(font);
    const head = requireTable(tables, 'head');
    const hhea = requireTable(tables, 'hhea');
    const hmtx = requireTable(tables, 'hmtx');
    const cmap = requireTable(tables, 'cmap');
    const unitsPerEm = font.readUInt16BE(head + 18);
    const metricsCount = font.readUInt16BE(hhea + 34);
    const advanceOf = (glyph: number): number => font.readUInt16BE(hmtx + 4 * Math.min(glyph, metricsCount - 1)) / unitsPerEm;

    const advances = new Float32Array(0x10000);
    forEachMapping(font, cmap, (codePoint, glyph) => {
      if (glyph !== 0) advances[codePoint] = advanceOf(glyph);
    });
    // Characters the font lacks are drawn by a fallback glyph about as wide as "n".
    const fallback = advances[0x6e] || 0.6;
    return new FontWidths(advances, fallback);
  }

  /** Width of `text` in em. */
  measure(text: string): number {
    let width = 0;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (code >= 0xd800 && code <= 0xdbff) {
        width += this.fallback; // astral-plane character (emoji): one glyph for the surrogate pair
        index += 1;
        continue;
      }
      width += this.advances[code] || this.fallback;
    }
    return width;
  }
}

function readTableDirectory(font: Buffer): Map<string, number> {
  if (font.length < 12) throw new Error('not a TrueType font: file too short');
  const count = font.readUInt16BE(4);
  const tables = new Map<string, number>();
  for (let index = 0; index < count; index += 1) {
    const record = 12 + 16 * index;
    tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  return tables;
}

function requireTable(tables: Map<string, number>, tag: string): number {
  const offset = tables.get(tag);
  if (offset === undefined) throw new Error(`not a usable TrueType font: no "${tag}" table`);
  return offset;
}

/** Calls `visit` for each BMP code point of the font's Unicode format-4 cmap subtable. */
function forEachMapping(font: Buffer, cmap: number, visit: (codePoint: number, glyph: number) => void): void {
  const subtables = font.readUInt16BE(cmap + 2);
  let format4: number | undefined;
  for (let index = 0; index < subtables; index += 1) {
    const record = cmap + 4 + 8 * index;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const offset = cmap + font.readUInt32BE(record + 4);
    if (font.readUInt16BE(offset) !== 4) continue;
    if ((platform === 3 && encoding === 1) || platform === 0) {
      format4 = offset;
      break;
    }
  }
  if (format4 === undefined) throw new Error('not a usable TrueType font: no Unicode cmap (format 4)');
  const segments = font.readUInt16BE(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  for (let segment = 0; segment < segments; segment += 1) {
    const end = font.readUInt16BE(ends + 2 * segment);
    const start = font.readUInt16BE(starts + 2 * segment);
    const delta = font.readInt16BE(deltas + 2 * segment);
    const rangeOffsetAt = rangeOffsets + 2 * segment;
    const rangeOffset = font.readUInt16BE(rangeOffsetAt);
    for (let codePoint = start; codePoint <= end && codePoint < 0xffff; codePoint += 1) {
      let glyph: number;
      if (rangeOffset === 0) {
        glyph = (codePoint + delta) & 0xffff;
      } else {
        const at = rangeOffsetAt + rangeOffset + 2 * (codePoint - start);
        glyph = at + 1 < font.length ? font.readUInt16BE(at) : 0;
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      visit(codePoint, glyph);
    }
  }
}

/** What Vega passes to `textMetrics.width`: a text mark item. */
export interface TextItem {
  readonly fontSize?: number | string | null;
  readonly fontWeight?: number | string | null;
  /** Vega truncates text wider than this (with an ellipsis). */
  readonly limit?: number | null;
}

export interface TextMeasurer {
  (item: TextItem, text: string): number;
}

/** A `textMetrics.width` for Vega: regular or bold DejaVu, at the item's font size (11 by default). */
export function createTextMeasurer(regular: FontWidths, bold: FontWidths): TextMeasurer {
  return (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    if (size <= 0 || !text) return 0;
    const weight = item.fontWeight;
    const isBold = weight === 'bold' || weight === 'bolder' || (weight != null && Number(weight) >= 600);
    const width = (isBold ? bold : regular).measure(String(text).trim()) * size;
    return item.limit != null && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}
