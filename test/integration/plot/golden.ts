// Golden images for the plot tests: compared with a tolerance, written with UPDATE_PLOT_GOLDEN=1.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { pixelDifference } from './pixels.js';

export const fixtures = new URL('../../fixtures/plot/', import.meta.url).pathname;
export const goldenDirectory = join(fixtures, 'golden');
/** Share of pixels allowed to differ from the golden image (antialiasing noise only). */
export const TOLERANCE = 0.002;
/**
 * How far (0-255) a channel may be off before its pixel counts as differing. Small enough that a
 * visible style change fails: the smooth template's faded raw line at opacity 0.35 instead of 0.2
 * moves about 1 % of the pixels by 16 to 47 levels (all of which the former 48 let through),
 * while the same build redraws every golden with no pixel off by even 2.
 */
export const CHANNEL_TOLERANCE = 16;

export function readFixture(name: string): string {
  return readFileSync(join(fixtures, name), 'utf8');
}

export async function expectMatchesGolden(png: Buffer, name: string): Promise<void> {
  const path = join(goldenDirectory, `${name}.png`);
  if (process.env.UPDATE_PLOT_GOLDEN === '1') {
    mkdirSync(goldenDirectory, { recursive: true });
    writeFileSync(path, png);
    return;
  }
  expect(existsSync(path), `golden ${path} exists (create with UPDATE_PLOT_GOLDEN=1)`).toBe(true);
  const difference = await pixelDifference(png, readFileSync(path), CHANNEL_TOLERANCE);
  expect(difference.sameSize, `${name}: same size as the golden image`).toBe(true);
  expect(difference.fraction, `${name}: ${difference.differing} of ${difference.width}x${difference.height} pixels differ`).toBeLessThan(TOLERANCE);
}
