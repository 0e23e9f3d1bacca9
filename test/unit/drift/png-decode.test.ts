// The PNG decoder of image drift against sharp (libvips + libspng) on the same files: every colour
// type, palettes of 1 to 8 bits, 16-bit samples, transparency composited on black.

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
      const worst = Math.max(...Array.from(decoded.rgb, (value, i) => Math.abs(value - expected[i]!)));
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
});
