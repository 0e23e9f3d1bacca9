// CML's machine flags that mean the same on every cloud (--cloud-hdd-size, --cloud-spot-price with
// --cloud-spot), read the same way by each cloud's settings builder (src/clouds/<name>/settings.ts).

import { UsageError } from '../../errors.js';

/** `--cloud-hdd-size`: whole GB, 8 to 16384. */
export function parseDiskSize(text: string | undefined): number {
  const diskSizeGb = Number(text ?? '35');
  if (!Number.isInteger(diskSizeGb) || diskSizeGb < 8 || diskSizeGb > 16_384) {
    throw new UsageError(`--cloud-hdd-size must be a whole number of GB between 8 and 16384, got "${text}"`);
  }
  return diskSizeGb;
}

/** `--cloud-spot-price`: USD per hour, or -1 (undefined) for "up to the on-demand price". */
export function parseSpotPrice(text: string | undefined, spot: boolean): number | undefined {
  const spotPriceText = (text ?? '-1').trim();
  const spotPrice = Number(spotPriceText);
  if (!Number.isFinite(spotPrice) || (spotPrice <= 0 && spotPrice !== -1)) {
    throw new UsageError(`--cloud-spot-price must be a price in USD per hour or -1, got "${spotPriceText}"`);
  }
  if (spotPrice !== -1 && !spot) throw new UsageError('--cloud-spot-price needs --cloud-spot');
  return spotPrice === -1 ? undefined : spotPrice;
}
