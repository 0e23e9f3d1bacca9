// CML's short names for Azure regions and VM sizes (s/m/l/xl and <size>+<gpu>), and which sizes
// carry NVIDIA GPUs (they get the HPC image with the driver unless --cloud-image names one).

import { UsageError } from '../../errors.js';

export const AZURE_REGION_PRESETS: Readonly<Record<string, string>> = {
  'us-west': 'westus2',
  'us-east': 'eastus',
  'eu-west': 'westeurope',
  'eu-north': 'northeurope',
};

const SIZES: Readonly<Record<string, string>> = { s: 'Standard_D2s_v5', m: 'Standard_F8s_v2', l: 'Standard_F32s_v2', xl: 'Standard_F64s_v2' };

/** CML's GPU presets on Azure (its names; `tesla` is its older name for v100). */
const GPU_SIZES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  t4: { m: 'Standard_NC4as_T4_v3', l: 'Standard_NC16as_T4_v3', xl: 'Standard_NC64as_T4_v3' },
  v100: { m: 'Standard_NC6s_v3', l: 'Standard_NC12s_v3', xl: 'Standard_NC24s_v3' },
  k80: { m: 'Standard_NC6', l: 'Standard_NC12', xl: 'Standard_NC24' },
  a100: { m: 'Standard_NC24ads_A100_v4', l: 'Standard_NC48ads_A100_v4', xl: 'Standard_NC96ads_A100_v4' },
};

/** `--cloud-region`: CML's presets or an Azure location name (eastus, westeurope, ...). */
export function resolveAzureLocation(text: string): string {
  const value = text.trim().toLowerCase();
  const location = AZURE_REGION_PRESETS[value] ?? value;
  if (!/^[a-z]+[a-z0-9]*$/.test(location)) {
    throw new UsageError(`--cloud-region "${text}" is not an Azure location`, {
      hint: 'use us-west, us-east, eu-west, eu-north or a location name such as eastus or westeurope',
    });
  }
  return location;
}

/** `--cloud-type` (comma list) and `--cloud-gpu` -> VM sizes, tried in order. */
export function resolveAzureSizes(typeText: string, gpuText: string | undefined): string[] {
  const gpu = gpuText?.trim().toLowerCase();
  const wantsGpu = gpu !== undefined && gpu !== '' && gpu !== 'nogpu';
  const gpuName = gpu === 'tesla' ? 'v100' : gpu;
  if (wantsGpu && !GPU_SIZES[gpuName!])
    throw new UsageError(`--cloud-gpu "${gpuText}" is not an Azure GPU preset`, { hint: `use one of ${Object.keys(GPU_SIZES).join(', ')}, tesla or nogpu` });
  const sizes = typeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [size, presetGpu] = part.toLowerCase().split('+') as [string, string | undefined];
      const named = presetGpu === 'tesla' ? 'v100' : (presetGpu ?? (wantsGpu ? gpuName : undefined));
      if (SIZES[size] !== undefined) {
        if (!named) return SIZES[size];
        const preset = GPU_SIZES[named]?.[size === 's' ? 'm' : size];
        if (!preset)
          throw new UsageError(`--cloud-type "${part}": no GPU preset ${named} on Azure`, { hint: `use one of ${Object.keys(GPU_SIZES).join(', ')}` });
        return preset;
      }
      if (presetGpu !== undefined || !/^(Standard|Basic)_[A-Za-z0-9_-]+$/i.test(part)) {
        throw new UsageError(`--cloud-type "${part}" is neither a preset (s, m, l, xl, m+t4, ...) nor an Azure VM size`, {
          hint: 'e.g. --cloud-type m+t4 or --cloud-type Standard_D8s_v5,Standard_D8as_v5',
        });
      }
      return part;
    });
  if (sizes.length === 0) throw new UsageError('--cloud-type is empty', { hint: 'e.g. --cloud-type m' });
  return sizes;
}

/** N-series sizes carry NVIDIA GPUs. */
export function isGpuSize(size: string): boolean {
  return /^Standard_N[CDV]/i.test(size);
}
