// SVG -> PNG with sharp (libvips + librsvg). The only file that imports sharp, and only when a PNG
// is actually wanted: sharp is native, so it ships beside the bundle instead of inside it, and
// commands that never rasterise never load it.
//
// librsvg finds fonts through fontconfig, which reads FONTCONFIG_FILE from the process environment
// when it first starts; it is set here, before sharp is loaded, to the generated fonts.conf that
// lists only the shipped DejaVu fonts (fonts.ts).

import type { Sharp, SharpOptions } from 'sharp';
import { UserError } from '../../errors.js';
import { defaultFontDirectory, writeFontconfig } from './fonts.js';

export type SharpFactory = (input: Buffer | string, options?: SharpOptions) => Sharp;

export const MAX_SCALE = 10;
/** librsvg draws one SVG pixel per device pixel at 72 dpi; density 144 is scale 2. */
const BASE_DENSITY = 72;
const PNG_COMPRESSION = 3;

let loading: Promise<SharpFactory> | undefined;
let fontDirectoryInUse: string | undefined;

export interface RasterOptions {
  /** Device pixels per SVG pixel (2 = crisp on high-density screens). */
  readonly scale: number;
  /** The fonts to draw with; fixed by the first PNG a process makes. Default: the shipped fonts. */
  readonly fontDirectory?: string;
}

export async function svgToPng(svg: string, options: RasterOptions): Promise<Buffer> {
  if (!(options.scale > 0 && options.scale <= MAX_SCALE)) {
    throw new UserError(`scale must be a number above 0 and at most ${MAX_SCALE}, got ${options.scale}`);
  }
  const sharp = await loadSharp(options.fontDirectory ?? defaultFontDirectory());
  // zlib level 3 encodes these flat-colour images in about half the time of the default (6) for
  // files some 6% larger; encoding is a third of the rasteriser's time.
  return sharp(Buffer.from(svg), { density: BASE_DENSITY * options.scale })
    .png({ compressionLevel: PNG_COMPRESSION })
    .toBuffer();
}

/** sharp itself, for reading images (drift between image folders): loaded once, on first use. */
export function imageLibrary(): Promise<SharpFactory> {
  return loadSharp(fontDirectoryInUse ?? defaultFontDirectory());
}

/** The font directory PNGs of this process are drawn with (undefined before the first PNG). */
export function rasterFontDirectory(): string | undefined {
  return fontDirectoryInUse;
}

function loadSharp(fontDirectory: string): Promise<SharpFactory> {
  if (loading) return loading;
  fontDirectoryInUse = fontDirectory;
  // eslint-disable-next-line no-restricted-properties -- fontconfig (inside libvips) reads its configuration only from the process environment
  process.env.FONTCONFIG_FILE = writeFontconfig(fontDirectory);
  loading = import('sharp').then(
    (module) => (module.default ?? module) as unknown as SharpFactory,
    (error: unknown) => {
      loading = undefined;
      throw new UserError(`cannot load the image library (sharp) for ${process.platform}-${process.arch}: ${(error as Error).message.split('\n')[0]}`, {
        hint: 'write SVG instead (-o plot.svg), or reinstall on a supported platform (linux-x64, linux-arm64)',
        cause: error,
      });
    },
  );
  return loading;
}
