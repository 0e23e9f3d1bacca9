// CML's short names for Google Cloud regions and machines (s/m/l/xl and <size>+<gpu>), the
// accelerators behind `--cloud-gpu`, and which machine families carry their own GPUs.

import { UsageError } from '../../errors.js';

export const GCP_REGION_PRESETS: Readonly<Record<string, string>> = {
  'us-west': 'us-west1',
  'us-east': 'us-east1',
  'eu-west': 'europe-west1',
  'eu-north': 'europe-north1',
};

/** A machine type and, for N1 machines, the accelerators attached to it. */
export interface GcpMachineChoice {
  readonly machineType: string;
  readonly accelerator: { readonly type: string; readonly count: number } | undefined;
}

/** `--cloud-gpu` (CML's names; `tesla` is its older name for v100) -> Compute Engine accelerator type. */
const ACCELERATORS: Readonly<Record<string, string>> = {
  t4: 'nvidia-tesla-t4',
  v100: 'nvidia-tesla-v100',
  tesla: 'nvidia-tesla-v100',
  p100: 'nvidia-tesla-p100',
  p4: 'nvidia-tesla-p4',
  k80: 'nvidia-tesla-k80',
  l4: 'nvidia-l4',
  a100: 'nvidia-tesla-a100',
  'a100-80gb': 'nvidia-a100-80gb',
  h100: 'nvidia-h100-80gb',
};

const SIZES: Readonly<Record<string, string>> = { s: 'e2-standard-2', m: 'n2-standard-8', l: 'n2-standard-32', xl: 'n2-standard-64' };
/** GPU presets: N1 hosts with attached GPUs; L4 and A100 come with their G2 and A2 machines. */
const GPU_SIZES: Readonly<Record<string, Readonly<Record<string, GcpMachineChoice>>>> = {
  t4: { m: n1('n1-standard-8', 't4', 1), l: n1('n1-standard-32', 't4', 2), xl: n1('n1-standard-64', 't4', 4) },
  v100: { m: n1('n1-standard-8', 'v100', 1), l: n1('n1-standard-32', 'v100', 4), xl: n1('n1-standard-64', 'v100', 8) },
  p100: { m: n1('n1-standard-8', 'p100', 1), l: n1('n1-standard-32', 'p100', 2), xl: n1('n1-standard-64', 'p100', 4) },
  k80: { m: n1('n1-standard-8', 'k80', 1), l: n1('n1-standard-32', 'k80', 4), xl: n1('n1-standard-64', 'k80', 8) },
  l4: { m: builtIn('g2-standard-8'), l: builtIn('g2-standard-48'), xl: builtIn('g2-standard-96') },
  a100: { m: builtIn('a2-highgpu-1g'), l: builtIn('a2-highgpu-4g'), xl: builtIn('a2-highgpu-8g') },
};

/** Machine families whose GPUs are part of the machine type. */
const GPU_FAMILIES = /^(a2|a3|g2)-/;

function n1(machineType: string, gpu: string, count: number): GcpMachineChoice {
  return { machineType, accelerator: { type: ACCELERATORS[gpu]!, count } };
}

function builtIn(machineType: string): GcpMachineChoice {
  return { machineType, accelerator: undefined };
}

/** `--cloud-region`: CML's presets, a region (us-central1) or a zone (us-central1-a). */
export function resolveGcpLocation(text: string): { readonly region: string; readonly zone: string | undefined } {
  const value = text.trim().toLowerCase();
  const location = GCP_REGION_PRESETS[value] ?? value;
  const match = /^([a-z]+-[a-z]+\d+)(-[a-z])?$/.exec(location);
  if (!match)
    throw new UsageError(`--cloud-region "${text}" is not a Google Cloud region or zone`, {
      hint: 'use us-west, us-east, eu-west, eu-north, a region such as us-central1 or a zone such as us-central1-a',
    });
  return { region: match[1]!, zone: match[2] ? location : undefined };
}

/** `--cloud-type` (comma list) and `--cloud-gpu` -> machine choices, tried in order. */
export function resolveGcpMachines(typeText: string, gpuText: string | undefined): GcpMachineChoice[] {
  const gpu = gpuText?.trim().toLowerCase();
  const wantsGpu = gpu !== undefined && gpu !== '' && gpu !== 'nogpu';
  const accelerator = wantsGpu ? ACCELERATORS[gpu] : undefined;
  if (wantsGpu && !accelerator)
    throw new UsageError(`--cloud-gpu "${gpuText}" is not a Google Cloud GPU`, { hint: `use one of ${Object.keys(ACCELERATORS).join(', ')} or nogpu` });
  const choices = typeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [size, presetGpu] = part.toLowerCase().split('+') as [string, string | undefined];
      const gpuName = presetGpu ?? (wantsGpu ? (gpu === 'tesla' ? 'v100' : gpu) : undefined);
      if (SIZES[size] !== undefined) {
        if (!gpuName) return builtIn(SIZES[size]);
        const preset = GPU_SIZES[gpuName]?.[size];
        if (preset) return preset;
        if (!ACCELERATORS[gpuName]) throw new UsageError(`--cloud-type "${part}": no GPU called ${gpuName} on Google Cloud`);
        return n1(size === 's' ? 'n1-standard-4' : GPU_SIZES.t4![size]!.machineType, gpuName, 1);
      }
      if (presetGpu !== undefined || !/^[a-z][a-z0-9]*-[a-z0-9-]+$/.test(part)) {
        throw new UsageError(`--cloud-type "${part}" is neither a preset (s, m, l, xl, m+t4, ...) nor a Compute Engine machine type`, {
          hint: 'e.g. --cloud-type m+t4 or --cloud-type n2-standard-8,n2d-standard-8',
        });
      }
      return { machineType: part, accelerator: accelerator && !GPU_FAMILIES.test(part) ? { type: accelerator, count: 1 } : undefined };
    });
  if (choices.length === 0) throw new UsageError('--cloud-type is empty', { hint: 'e.g. --cloud-type m' });
  return choices;
}

/** GPUs (attached or built in) cannot live-migrate: the host's maintenance must stop the machine. */
export function hasGpu(choice: GcpMachineChoice): boolean {
  return choice.accelerator !== undefined || GPU_FAMILIES.test(choice.machineType);
}

/** The form planAttempts and messages use: `n1-standard-8+nvidia-tesla-t4x1`. */
export function describeMachine(choice: GcpMachineChoice): string {
  return choice.accelerator ? `${choice.machineType}+${choice.accelerator.type}x${choice.accelerator.count}` : choice.machineType;
}
