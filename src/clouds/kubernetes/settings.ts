// Flags and environment -> the Kubernetes provider's settings: where the kubeconfig comes from and
// which namespace (buildKubernetesTarget), and what one runner pod asks for (buildKubernetesLaunch):
// CML's sizes or CPU-MEMORY as requests and limits, a GPU, ephemeral storage, the image and the
// node selector. The kubeconfig itself is read by the provider, so this file stays light.

import type { CloudLocationValues, CloudMachineValues, CloudTarget } from '../cloud.js';
import { UserError } from '../../errors.js';
import { parseDiskSize } from '../../core/runner/machine-flags.js';
import { RUNNER_VERSION } from '../../core/runner/runner-release.js';
import type { Env, OptionValues } from '../../options/spec.js';
import type { KubeconfigSources } from './kubeconfig.js';
import type { kubernetesOptions } from './options.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The official runner image, pinned to the runner release the EC2 machines install. */
export const DEFAULT_RUNNER_IMAGE = `ghcr.io/actions/actions-runner:${RUNNER_VERSION}`;

/** The location when no namespace is named: the kubeconfig context's own. */
export const CONTEXT_NAMESPACE = 'context-namespace';

export interface KubernetesConnection {
  readonly sources: KubeconfigSources;
  /** `--cloud-region`; undefined = the current context's namespace. */
  readonly namespace: string | undefined;
  /** What an exec plugin (aws, gcloud) runs with. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface KubernetesMachineSettings {
  /** CML's name for the size (`m`, `4-16000`), for messages and the pod's labels. */
  readonly type: string;
  /** Kubernetes quantities, used as both requests and limits. */
  readonly cpu: string;
  readonly memory: string;
  readonly gpus: number;
  readonly ephemeralStorage: string;
  readonly image: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
}

/** CML's generic sizes (the CPUs and memory of its AWS presets m5.2xlarge, ...). */
const SIZES: Readonly<Record<string, { cpu: number; memoryMb: number }>> = {
  s: { cpu: 1, memoryMb: 1000 },
  m: { cpu: 8, memoryMb: 32_000 },
  l: { cpu: 32, memoryMb: 128_000 },
  xl: { cpu: 64, memoryMb: 256_000 },
};

export function buildKubernetesTarget(values: CloudLocationValues, env: Env): CloudTarget<KubernetesConnection> {
  const namespace = values['cloud-region']?.trim() || undefined;
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) {
    throw new UserError(`--cloud-region "${namespace}" is not a Kubernetes namespace name`, {
      hint: 'with --cloud kubernetes, --cloud-region names the namespace (lower-case letters, digits and "-")',
    });
  }
  const sources: KubeconfigSources = {
    data: env.KUBECONFIG_DATA,
    paths: env.KUBECONFIG,
    home: env.HOME || env.USERPROFILE,
    serviceAccountDir: SERVICE_ACCOUNT_DIR,
    inClusterHost: env.KUBERNETES_SERVICE_HOST,
    inClusterPort: env.KUBERNETES_SERVICE_PORT,
  };
  return { location: namespace ?? CONTEXT_NAMESPACE, connection: { sources, namespace, env }, secrets: [], detail: '' };
}

export function buildKubernetesLaunch(values: CloudMachineValues & OptionValues<typeof kubernetesOptions>): KubernetesMachineSettings {
  if (values['cloud-spot'])
    throw new UserError('--cloud-spot does not apply to --cloud kubernetes', {
      hint: 'schedule onto spot nodes with --cloud-kubernetes-node-selector instead',
    });
  if (values['cloud-permission-set']?.trim()) {
    throw new UserError('--cloud-permission-set does not apply to --cloud kubernetes', {
      hint: 'runner pods get no service account token; give jobs cloud access through the workflow instead',
    });
  }
  const typeText = (values['cloud-type'] ?? 'm').trim().toLowerCase();
  if (typeText.includes(','))
    throw new UserError(`--cloud-type "${typeText}": --cloud kubernetes takes one size`, { hint: 'give s, m, l, xl or CPU-MEMORY such as 4-16000 (MB)' });
  const [size = '', gpuSuffix] = typeText.split('+', 2);
  let cpu: number;
  let memoryMb: number;
  const custom = /^(\d+(?:\.\d+)?)-(\d+)$/.exec(size);
  if (SIZES[size]) ({ cpu, memoryMb } = SIZES[size]);
  else if (custom) [cpu, memoryMb] = [Number(custom[1]), Number(custom[2])];
  else
    throw new UserError(`--cloud-type "${typeText}" is not a size for --cloud kubernetes`, {
      hint: 'give s, m, l, xl or CPU-MEMORY such as 4-16000 (CPUs, then memory in MB)',
    });
  if (cpu <= 0 || memoryMb < 64) throw new UserError(`--cloud-type "${typeText}": needs at least some CPU and 64 MB of memory`);
  const gpuText = values['cloud-gpu']?.trim().toLowerCase();
  const gpus = (gpuText !== undefined && gpuText !== '' && gpuText !== 'nogpu') || (gpuSuffix !== undefined && gpuSuffix !== '') ? 1 : 0;
  return {
    type: typeText,
    cpu: String(cpu),
    memory: `${memoryMb}M`,
    gpus,
    ephemeralStorage: `${parseDiskSize(values['cloud-hdd-size'])}Gi`,
    image: values['cloud-image']?.trim() || DEFAULT_RUNNER_IMAGE,
    nodeSelector: parseNodeSelector(values['cloud-kubernetes-node-selector']),
  };
}

/** `key=value[,key=value...]`, each a valid label key and value. */
export function parseNodeSelector(text: string | undefined): Record<string, string> {
  const selector: Record<string, string> = {};
  for (const pair of (text ?? '')
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    const value = at > 0 ? pair.slice(at + 1).trim() : '';
    if (!isLabelKey(key) || !isLabelValue(value)) {
      throw new UserError(`--cloud-kubernetes-node-selector "${pair}" must be key=value with a Kubernetes label key and value`, {
        hint: 'e.g. --cloud-kubernetes-node-selector nvidia.com/gpu.product=Tesla-T4,pool=gpu',
      });
    }
    selector[key] = value;
  }
  return selector;
}

export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix))) return false;
  return name.length > 0 && name.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(value);
}
