// The objects one runner is made of — a pod running the boot script, and a Secret holding that
// script (it carries the just-in-time config), owned by the pod so the cluster collects it with
// the pod — and the way back from a pod to the lifecycle's machine record. No secret is ever part
// of the pod spec: the pod reads the script from a secret volume.

import { createHash } from 'node:crypto';
import type { MachineFacts, MachineRecord, MachineState } from '../../core/runner/provider.js';
import type { KubeObject } from './client.js';
import { isLabelKey, isLabelValue, type KubernetesMachineSettings } from './settings.js';

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
const TOOL = 'continuous-ml';
const PREFIX = 'continuous-ml.dev';
const BOOT_DIR = '/etc/continuous-ml';
/** The group of the official image's `runner` user; the secret volume is readable by it. */
const RUNNER_GROUP = 1001;

export interface Pod extends KubeObject {
  spec?: Record<string, unknown>;
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: {
      state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode?: number; message?: string } };
    }[];
  };
}

/** Label selecting this tool's pods of one scope (a scope such as `repo:o/r` is not a label value). */
export function scopeSelector(scope: string): string {
  return `${MANAGED_BY}=${TOOL},${PREFIX}/scope=${scopeHash(scope)}`;
}

function scopeHash(scope: string): string {
  return createHash('sha256').update(scope).digest('hex').slice(0, 16);
}

/** A DNS-1123 name for the runner's pod; runner names may have capitals, "_" and ".". */
export function podNameFor(runnerName: string): string {
  const cleaned =
    runnerName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'runner';
  return cleaned === runnerName ? cleaned : `${cleaned}-${createHash('sha256').update(runnerName).digest('hex').slice(0, 6)}`;
}

export function secretNameFor(podName: string): string {
  return `${podName}-boot`;
}

export function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_.-]+/g, '.')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

function labelsFor(facts: MachineFacts, machine: KubernetesMachineSettings): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(facts.metadata)) if (isLabelKey(key) && isLabelValue(value)) labels[key] = value;
  return {
    ...labels,
    [MANAGED_BY]: TOOL,
    [`${PREFIX}/scope`]: scopeHash(facts.scope),
    [`${PREFIX}/repo`]: labelValue(facts.scope.replace(/^(repo|org):/, '')),
    [`${PREFIX}/runner`]: labelValue(facts.runnerName),
    [`${PREFIX}/gpu`]: String(machine.gpus > 0),
  };
}

function annotationsFor(facts: MachineFacts, machine: KubernetesMachineSettings): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(facts.metadata)) if (!(isLabelKey(key) && isLabelValue(value)) && isLabelKey(key)) annotations[key] = value;
  return {
    ...annotations,
    [`${PREFIX}/scope`]: facts.scope,
    [`${PREFIX}/runner-name`]: facts.runnerName,
    [`${PREFIX}/runner-id`]: String(facts.runnerId),
    [`${PREFIX}/labels`]: facts.labels.join(','),
    [`${PREFIX}/type`]: describeMachine(machine),
    [`${PREFIX}/ready-by`]: facts.readyBy.toISOString(),
    ...(facts.expiresAt ? { [`${PREFIX}/expires-at`]: facts.expiresAt.toISOString() } : {}),
    ...(facts.workflow ? { [`${PREFIX}/workflow`]: JSON.stringify(facts.workflow) } : {}),
  };
}

export function describeMachine(machine: KubernetesMachineSettings): string {
  return `${machine.type} (cpu ${machine.cpu}, memory ${machine.memory}${machine.gpus > 0 ? `, ${machine.gpus} nvidia.com/gpu` : ''})`;
}

export function buildPod(facts: MachineFacts, machine: KubernetesMachineSettings, now: Date): Pod {
  const name = podNameFor(facts.runnerName);
  const resources: Record<string, string> = { cpu: machine.cpu, memory: machine.memory, 'ephemeral-storage': machine.ephemeralStorage };
  if (machine.gpus > 0) resources['nvidia.com/gpu'] = String(machine.gpus);
  const lifetime = facts.expiresAt ? Math.max(1, Math.ceil((facts.expiresAt.getTime() - now.getTime()) / 1000)) : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: labelsFor(facts, machine), annotations: annotationsFor(facts, machine) },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      ...(lifetime === undefined ? {} : { activeDeadlineSeconds: lifetime }),
      ...(Object.keys(machine.nodeSelector).length > 0 ? { nodeSelector: machine.nodeSelector } : {}),
      securityContext: { fsGroup: RUNNER_GROUP, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'runner',
          image: machine.image,
          command: ['bash', `${BOOT_DIR}/boot.sh`],
          // Where the official image keeps the runner; the boot script skips the download then.
          env: [
            { name: 'CML_RUNNER_HOME', value: '/home/runner' },
            { name: 'CML_RUNNER_USER', value: 'runner' },
            { name: 'CML_RUNNER_PREINSTALLED', value: '1' },
            { name: 'CML_STATE_DIR', value: '/tmp/continuous-ml' },
            { name: 'CML_CLOUD_DIR', value: '/tmp/continuous-ml-cloud' },
          ],
          resources: { requests: resources, limits: resources },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          volumeMounts: [{ name: 'boot', mountPath: BOOT_DIR, readOnly: true }],
        },
      ],
      volumes: [{ name: 'boot', secret: { secretName: secretNameFor(name), defaultMode: 0o440 } }],
    },
  };
}

/** The Secret with the boot script, owned by the pod (created first) so it goes when the pod goes. */
export function buildBootSecret(pod: Pod, bootScript: string): KubeObject {
  const name = pod.metadata.name;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    immutable: true,
    metadata: {
      name: secretNameFor(name),
      labels: { ...pod.metadata.labels },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name, uid: pod.metadata.uid ?? '' }],
    },
    data: { 'boot.sh': Buffer.from(bootScript, 'utf8').toString('base64') },
  };
}

const START_FAILURES = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

export function podRecord(pod: Pod): MachineRecord {
  const annotations = pod.metadata.annotations ?? {};
  const status = pod.status ?? {};
  const phase = status.phase ?? 'Pending';
  const state: MachineState = pod.metadata.deletionTimestamp
    ? 'stopping'
    : phase === 'Pending'
      ? 'pending'
      : phase === 'Running' || phase === 'Unknown'
        ? 'running'
        : 'terminated';
  const terminated = status.containerStatuses?.[0]?.state?.terminated;
  const disrupted = status.conditions?.some((condition) => condition.type === 'DisruptionTarget' && condition.status === 'True');
  const date = (key: string): Date | undefined => (annotations[`${PREFIX}/${key}`] ? new Date(annotations[`${PREFIX}/${key}`]!) : undefined);
  const runnerId = Number(annotations[`${PREFIX}/runner-id`]);
  let workflow: MachineRecord['workflow'];
  try {
    workflow = annotations[`${PREFIX}/workflow`] ? (JSON.parse(annotations[`${PREFIX}/workflow`]!) as MachineRecord['workflow']) : undefined;
  } catch {
    workflow = undefined;
  }
  const ended =
    state === 'terminated'
      ? status.reason
        ? `${status.reason}${status.message ? `: ${status.message}` : ''}`
        : terminated
          ? `${terminated.reason ?? 'exited'} (exit code ${terminated.exitCode ?? '?'})`
          : phase
      : undefined;
  return {
    id: pod.metadata.name,
    state,
    runnerName: annotations[`${PREFIX}/runner-name`],
    runnerId: Number.isInteger(runnerId) ? runnerId : undefined,
    scope: annotations[`${PREFIX}/scope`],
    type: annotations[`${PREFIX}/type`] ?? 'pod',
    market: 'on-demand',
    launchedAt: pod.metadata.creationTimestamp ? new Date(pod.metadata.creationTimestamp) : undefined,
    expiresAt: date('expires-at'),
    readyBy: date('ready-by'),
    interrupted: phase === 'Failed' && (status.reason === 'Evicted' || Boolean(disrupted)),
    stateReason: ended ?? startFailure(pod),
    failure: state === 'pending' ? startFailure(pod) : undefined,
    leftover: state === 'terminated',
    workflow,
  };
}

/** Why a pending pod will not start, in the cluster's words: it cannot be scheduled, or its image cannot be pulled. */
function startFailure(pod: Pod): string | undefined {
  const unschedulable = pod.status?.conditions?.find(
    (condition) => condition.type === 'PodScheduled' && condition.status === 'False' && condition.reason === 'Unschedulable',
  );
  if (unschedulable) return `Unschedulable: ${unschedulable.message ?? 'no node fits the pod'}`;
  const waiting = pod.status?.containerStatuses
    ?.map((container) => container.state?.waiting)
    .find((entry) => entry?.reason && START_FAILURES.has(entry.reason));
  return waiting ? `${waiting.reason}: ${waiting.message ?? 'the container cannot start'}` : undefined;
}
