// Text must come from the shipped fonts: with them a chart matches its golden image in a fresh
// process; with fontconfig pointed at a directory without fonts the text pixels change (so the
// goldens would catch a build that lost its fonts). Widths used for layout must match the glyph
// advances the rasteriser draws.

import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultFontDirectory, fontFile, fontconfigText, writeFontconfig } from '../../../src/core/plot/fonts.js';
import { parseData } from '../../../src/core/plot/index.js';
import { FontWidths, createTextMeasurer } from '../../../src/core/plot/text-metrics.js';
import { svgToPng } from '../../../src/core/plot/png.js';
import { tempDir } from '../../helpers/temp.js';
import { expectMatchesGolden, readFixture } from './golden.js';
import { pixelDifference } from './pixels.js';

const run = promisify(execFile);
const root = new URL('../../..', import.meta.url).pathname;
const dir = tempDir('cml-plot-fonts-');
const child = join(root, 'node_modules/.cache/cml-plot-test/render-child.mjs');
const plotFile = join(dir, 'plot.json');

beforeAll(async () => {
  // The child imports the TypeScript sources through a bundle kept inside the repository, so
  // node_modules resolves as it does for the tests.
  mkdirSync(join(root, 'node_modules/.cache/cml-plot-test'), { recursive: true });
  await build({
    entryPoints: [join(root, 'test/integration/plot/render-child.ts')],
    outfile: child,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  const rows = parseData(readFixture('metrics.csv'), 'csv', 'metrics.csv');
  writeFileSync(
    plotFile,
    JSON.stringify({ template: 'linear', sources: [{ rows, revision: 'workspace', file: 'metrics.csv' }], y: ['loss', 'val_loss'], title: 'Training loss' }),
  );
}, 60_000);

async function renderInChild(name: string, fontDirectory?: string): Promise<Buffer> {
  const out = join(dir, `${name}.png`);
  await run(process.execPath, [child, plotFile, out, ...(fontDirectory ? [fontDirectory] : [])], { timeout: 30_000 });
  return readFileSync(out);
}

describe('fonts', () => {
  it('a fresh process with the shipped fonts draws the golden image', async () => {
    await expectMatchesGolden(await renderInChild('with-fonts'), 'linear');
  });

  it('without fonts the text changes the pixels, so the golden comparison fails', async () => {
    const empty = join(dir, 'no-fonts');
    mkdirSync(empty, { recursive: true });
    const withoutFonts = await renderInChild('without-fonts', empty);
    const difference = await pixelDifference(withoutFonts, readFileSync(join(root, 'test/fixtures/plot/golden/linear.png')));
    expect(difference.sameSize).toBe(true);
    // Far beyond the golden tolerance (0.2%): every label, tick and title is drawn differently.
    expect(difference.fraction).toBeGreaterThan(0.01);
  });

  it('the generated fonts.conf lists only the shipped directory and maps generic families to DejaVu', () => {
    const text = fontconfigText('/opt/fonts & more', '/tmp/cache');
    expect(text).toContain('<dir>/opt/fonts &amp; more</dir>');
    expect(text).toContain('<cachedir>/tmp/cache</cachedir>');
    expect(text).toMatch(/<family>sans-serif<\/family><prefer><family>DejaVu Sans<\/family>/);
    expect(text).not.toContain('/usr/share/fonts');
    const file = writeFontconfig('/opt/fonts', dir);
    expect(readFileSync(file, 'utf8')).toBe(fontconfigText('/opt/fonts', join(file, '..', 'cache')));
    expect(writeFontconfig('/opt/fonts', dir)).toBe(file);
  });
});

describe('text metrics', () => {
  const regular = FontWidths.fromFile(fontFile(defaultFontDirectory(), 'regular'));
  const bold = FontWidths.fromFile(fontFile(defaultFontDirectory(), 'bold'));

  /** Right edge of the ink of `text` drawn at x=10, 100px, in the shipped fonts. */
  async function inkRight(text: string, weight: 'normal' | 'bold'): Promise<number> {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="160"><rect width="3000" height="160" fill="white"/><text x="10" y="120" font-family="DejaVu Sans" font-weight="${weight}" font-size="100">${text}</text></svg>`;
    const { data, info } = await sharp(await svgToPng(svg, { scale: 1 }))
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    let right = 0;
    for (let y = 0; y < info.height; y += 1) for (let x = right; x < info.width; x += 1) if (data[y * info.width + x]! < 128) right = x;
    return right;
  }

  it.each([
    ['M', 'normal'],
    ['i', 'normal'],
    ['0', 'normal'],
    ['W', 'bold'],
  ] as const)('the width of "%s" (%s) matches the advance the rasteriser draws', async (glyph, weight) => {
    // Ten more copies move the ink's right edge by exactly ten advances (no kerning between equal glyphs).
    const advance = ((await inkRight(glyph.repeat(20), weight)) - (await inkRight(glyph.repeat(10), weight))) / 10 / 100;
    const measured = (weight === 'bold' ? bold : regular).measure(glyph);
    expect(Math.abs(measured - advance)).toBeLessThan(0.02);
  });

  it('measures strings for Vega: size, weight, default size 11 and truncation limit', () => {
    const measure = createTextMeasurer(regular, bold);
    const text = 'validation loss';
    expect(measure({ fontSize: 10 }, text)).toBeCloseTo(regular.measure(text) * 10, 5);
    expect(measure({}, text)).toBeCloseTo(regular.measure(text) * 11, 5);
    expect(measure({ fontSize: 10, fontWeight: 'bold' }, text)).toBeGreaterThan(measure({ fontSize: 10 }, text));
    expect(measure({ fontSize: 10, fontWeight: 700 }, text)).toBe(measure({ fontSize: 10, fontWeight: 'bold' }, text));
    expect(measure({ fontSize: 10, limit: 20 }, text)).toBe(20);
    expect(measure({ fontSize: 0 }, text)).toBe(0);
    expect(regular.measure('iii')).toBeLessThan(regular.measure('MMM'));
    // Characters outside the font (and emoji) still take room.
    expect(regular.measure('\u{1F600}')).toBeGreaterThan(0);
  });
});
