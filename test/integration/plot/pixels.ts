// Compares two PNGs by their pixels, with a tolerance: antialiasing may differ slightly between
// libvips builds and CPUs, so byte equality would fail for no reason while a real change (a missing
// label, a moved line, boxes instead of glyphs) changes far more pixels than that.

import sharp from 'sharp';

export interface PixelDifference {
  readonly width: number;
  readonly height: number;
  readonly sameSize: boolean;
  /** Pixels where some channel differs by more than `threshold` (0-255). */
  readonly differing: number;
  readonly fraction: number;
}

export async function pixelDifference(actual: Buffer, expected: Buffer, threshold = 48): Promise<PixelDifference> {
  const [a, b] = await Promise.all([actual, expected].map((png) => sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })));
  const { width, height } = a!.info;
  if (width !== b!.info.width || height !== b!.info.height) {
    return { width, height, sameSize: false, differing: width * height, fraction: 1 };
  }
  let differing = 0;
  for (let index = 0; index < a!.data.length; index += 4) {
    for (let channel = 0; channel < 4; channel += 1) {
      if (Math.abs(a!.data[index + channel]! - b!.data[index + channel]!) > threshold) {
        differing += 1;
        break;
      }
    }
  }
  return { width, height, sameSize: true, differing, fraction: differing / (width * height) };
}

/** Dimensions and the share of pixels that are not (near) white: a blank image has none. */
export async function inkFraction(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  let ink = 0;
  for (const value of data) if (value < 200) ink += 1;
  return ink / (info.width * info.height);
}
