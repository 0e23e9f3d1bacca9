// CML's short names for regions and machines, kept so existing workflows keep working, plus the
// facts about instance types this tool needs: CPU architecture and whether a type has a GPU.
// Preset mapping follows CML (terraform-provider-iterative): s/m/l/xl and <size>+<gpu>.

import { UsageError } from '../../errors.js';

export const REGION_PRESETS: Readonly<Record<string, string>> = {
  'us-west': 'us-west-1',
  'us-east': 'us-east-1',
  'eu-west': 'eu-west-1',
  'eu-north': 'eu-north-1',
};

export const TYPE_PRESETS: Readonly<Record<string, string>> = {
  s: 't2.micro',
  m: 'm5.2xlarge',
  l: 'm5.8xlarge',
  xl: 'm5.16xlarge',
  'm+t4': 'g4dn.xlarge',
  'l+t4': 'g4dn.12xlarge',
  'xl+t4': 'g4dn.metal',
  'm+k80': 'p2.xlarge',
  'l+k80': 'p2.8xlarge',
  'xl+k80': 'p2.16xlarge',
  'm+v100': 'p3.2xlarge',
  'l+v100': 'p3.8xlarge',
  'xl+v100': 'p3.16xlarge',
};

/** CML's --cloud-gpu values; `tesla` is CML's older name for v100. */
const GPU_ALIASES: Readonly<Record<string, string>> = { k80: 'k80', v100: 'v100', tesla: 'v100', t4: 't4' };

export function resolveRegion(text: string): string {
  const value = text.trim();
  const region = REGION_PRESETS[value] ?? value;
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) {
    throw new UsageError(`--cloud-region "${text}" is not an AWS region`, { hint: `use us-west, us-east, eu-west, eu-north or a region such as us-east-2` });
  }
  return region;
}

/**
 * `--cloud-type` (comma list, presets or instance types) and `--cloud-gpu` -> instance types to try
 * in order. With --cloud-gpu, a size preset becomes its GPU preset (m + t4 -> g4dn.xlarge).
 */
export function resolveInstanceTypes(typeText: string, gpuText: string | undefined): string[] {
  const gpu = gpuText?.trim().toLowerCase();
  const wantsGpu = gpu !== undefined && gpu !== '' && gpu !== 'nogpu';
  if (wantsGpu && !GPU_ALIASES[gpu]) {
    throw new UsageError(`--cloud-gpu "${gpuText}" is not known`, {
      hint: 'use nogpu, t4, v100 (or tesla) or k80, or name a GPU instance type in --cloud-type',
    });
  }
  const names = typeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (names.length === 0)
    throw new UsageError('--cloud-type is empty', { hint: 'use a preset (s, m, l, xl, m+t4, ...) or an instance type such as g5.xlarge' });
  const types = names.map((name) => {
    const preset = wantsGpu && !name.includes('+') && TYPE_PRESETS[name] ? TYPE_PRESETS[`${name}+${GPU_ALIASES[gpu!]}`] : TYPE_PRESETS[name];
    const type = preset ?? name;
    if (!/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/.test(type)) {
      throw new UsageError(`--cloud-type "${name}" is neither a preset nor an instance type`, {
        hint: 'presets: s, m, l, xl, m+t4, l+t4, xl+t4, m+v100, l+v100, xl+v100; or e.g. g5.xlarge',
      });
    }
    return type;
  });
  return [...new Set(types)];
}

/** Graviton families carry a `g` right after their generation digit (t4g, m7g, c7gn, g5g); a1 is arm too. */
export function architectureOf(instanceType: string): 'x86_64' | 'arm64' {
  const family = instanceType.split('.')[0] ?? '';
  return family === 'a1' || /^[a-z]+\d+g[a-z]*$/.test(family) ? 'arm64' : 'x86_64';
}

/** Accelerated families with NVIDIA GPUs (g4dn, g5, g5g, g6, g6e, gr6, p2...p5). */
export function hasGpu(instanceType: string): boolean {
  const family = instanceType.split('.')[0] ?? '';
  return /^(g|gr|p)\d/.test(family) && !/^g4ad$/.test(family);
}
