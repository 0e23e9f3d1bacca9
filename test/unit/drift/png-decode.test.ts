// The PNG decoder of image drift against sharp (libvips + libspng) on the same files: every colour
// type, palettes of 1 to 8 bits, 16-bit samples, transparency composited on black.

import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePng, isPng } from '../../../src/core/drift/images/png.js';

const width = 13;
const height = 7;
// A gradient with colour and partial transparency, odd sizes so lines do not end on byte boundaries.
const rgba = Buffer.from(
  Array.from({ length: width * height }, (_, p) => [(p * 37) % 256, (p * 11) % 256, 255 - ((p * 23) % 256), p % 3 === 0 ? 128 : 255]).flat(),
);

async function reference(png: Buffer): Promise<Uint8Array> {
  const { data } = await sharp(png).flatten({ background: '#000000' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

describe('decodePng', () => {
  const cases: [string, () => Promise<Buffer>][] = [
    [
      'RGBA 8-bit',
      () =>
        sharp(rgba, { raw: { width, height, channels: 4 } })
          .png()
          .toBuffer(),
    ],
    [
      'RGB 8-bit',
      () =>
        sharp(rgba, { raw: { width, height, channels: 4 } })
          .removeAlpha()
          .png()
          .toBuffer(),
    ],
    [
      'grey 8-bit',
      () =>
        sharp(rgba, { raw: { width, height, channels: 4 } })
          .removeAlpha()
          .grayscale()
          .png()
          .toBuffer(),
    ],
    [
      'grey + alpha',
      () =>
        sharp(rgba, { raw: { width, height, channels: 4 } })
          .grayscale()
          .png()
          .toBuffer(),
    ],
    [
      'RGBA 16-bit',
      () =>
        sharp(rgba, { raw: { width, height, channels: 4 } })
          .toColourspace('rgb16')
          .png()
          .toBuffer(),
    ],
    [
      'palette 8-bit',
      () =>
        sharp(rgba, { raw: { width, height, channels: 4 } })
          .removeAlpha()
          .png({ palette: true, colours: 200, dither: 0 })
          .toBuffer(),
    ],
    [
      'palette 2-bit',
      () =>
        sharp(rgba, { raw: { width, height, channels: 4 } })
          .removeAlpha()
          .png({ palette: true, colours: 4, dither: 0 })
          .toBuffer(),
    ],
    [
      'palette 1-bit',
      () =>
        sharp(rgba, { raw: { width, height, channels: 4 } })
          .removeAlpha()
          .png({ palette: true, colours: 2, dither: 0 })
          .toBuffer(),
    ],
  ];
  for (const [name, make] of cases) {
    it(`${name}: the same pixels as sharp`, async () => {
      const png = await make();
      expect(isPng(png)).toBe(true);
      const decoded = decodePng(png)!;
      expect([decoded.width, decoded.height]).toEqual([width, height]);
      const expected = await reference(png);
      // Grey files decode to one channel; sharp gives three equal ones.
      const rgb = decoded.channels === 3 ? decoded.pixels : Uint8Array.from(expected, (_, i) => decoded.pixels[Math.floor(i / 3)]!);
      expect(rgb).toHaveLength(width * height * 3);
      const worst = Math.max(...Array.from(rgb, (value, i) => Math.abs(value - expected[i]!)));
      expect(worst).toBeLessThanOrEqual(1); // rounding of the alpha composite
    });
  }

  it('leaves interlaced files to sharp, and says when a file is cut short', async () => {
    const interlaced = await sharp(rgba, { raw: { width, height, channels: 4 } })
      .png({ progressive: true })
      .toBuffer();
    expect(decodePng(interlaced)).toBeUndefined();
    const png = await sharp(rgba, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer();
    expect(() => decodePng(png.subarray(0, 40))).toThrow(/unexpected end of file/);
    expect(() => decodePng(png.subarray(0, png.length - 20))).toThrow(/cut short/);
  });

  it('undoes each of the five line filters, for one and for three bytes per pixel', () => {
    for (const channels of [1, 3] as const) {
      const [w, h] = [6, 10]; // two lines of each filter, the first line of each on top
      const stride = w * channels;
      const pixels = Uint8Array.from({ length: stride * h }, (_, i) => (i * 97 + 31) % 256);
      const raw: number[] = [];
      for (let y = 0; y < h; y += 1) {
        const filter = y % 5;
        raw.push(filter);
        for (let i = 0; i < stride; i += 1) {
          const left = i >= channels ? pixels[y * stride + i - channels]! : 0;
          const up = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
          const corner = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels]! : 0;
          const paeth = (): number => {
            const p = left + up - corner;
            const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
            return pa <= pb && pa <= pc ? left : pb <= pc ? up : corner;
          };
          const predicted = [0, left, up, (left + up) >> 1, paeth()][filter]!;
          raw.push((pixels[y * stride + i]! - predicted) & 0xff);
        }
      }
      const chunk = (name: string, body: Buffer): Buffer => {
        const head = Buffer.alloc(4);
        head.writeUInt32BE(body.length);
        const tail = Buffer.alloc(4);
        tail.writeUInt32BE(crc32(Buffer.concat([Buffer.from(name, 'latin1'), body])));
        return Buffer.concat([head, Buffer.from(name, 'latin1'), body, tail]);
      };
      const header = Buffer.alloc(13);
      header.writeUInt32BE(w, 0);
      header.writeUInt32BE(h, 4);
      header.set([8, channels === 1 ? 0 : 2, 0, 0, 0], 8);
      const png = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', header),
        chunk('IDAT', deflateSync(Buffer.from(raw))),
        chunk('IEND', Buffer.alloc(0)),
      ]);
      const decoded = decodePng(png)!;
      expect(decoded.channels).toBe(channels);
      expect(decoded.pixels).toEqual(pixels);
    }
  });
});
