// Hourly prices reported by `cml runner launch --json`.
//
// Spot: the latest price from DescribeSpotPriceHistory for the type in the machine's zone — the
// price actually charged moves with it. On-demand: AWS publishes no price API that works without
// extra permissions and a large download, so this table holds the public Linux on-demand list
// prices of the instance types behind CML's presets, for the regions where they are identical
// (us-east-1, us-east-2, us-west-2). Elsewhere, or for other types, the price is reported as
// unknown (null) rather than guessed.

export const ON_DEMAND_REGIONS: readonly string[] = ['us-east-1', 'us-east-2', 'us-west-2'];

export const ON_DEMAND_USD_PER_HOUR: Readonly<Record<string, number>> = {
  't2.micro': 0.0116,
  'm5.2xlarge': 0.384,
  'm5.8xlarge': 1.536,
  'm5.16xlarge': 3.072,
  'g4dn.xlarge': 0.526,
  'g4dn.12xlarge': 3.912,
  'g4dn.metal': 7.824,
  'p2.xlarge': 0.9,
  'p2.8xlarge': 7.2,
  'p2.16xlarge': 14.4,
  'p3.2xlarge': 3.06,
  'p3.8xlarge': 12.24,
  'p3.16xlarge': 24.48,
};

export function onDemandPrice(region: string, instanceType: string): { usd: number | null; source: string } {
  const usd = ON_DEMAND_REGIONS.includes(region) ? ON_DEMAND_USD_PER_HOUR[instanceType] : undefined;
  if (usd === undefined) return { usd: null, source: `on-demand list price not tabulated for ${instanceType} in ${region}` };
  return { usd, source: `on-demand list price (${region})` };
}
