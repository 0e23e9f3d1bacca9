// A pod, as the Kubernetes API returns it, read back as the lifecycle's machine record: phases to
// states, a pod that will not start, an ended pod that lingers, an eviction as an interruption.

import { describe, expect, it } from 'vitest';
import { buildPod, podNameFor, podRecord, type Pod } from '../../../src/clouds/kubernetes/manifests.js';
import { buildKubernetesLaunch } from '../../../src/clouds/kubernetes/settings.js';

const now = new Date('2026-01-01T00:00:00Z');
const facts = {
  runnerName: 'cml-pod-1',
  runnerId: 42,
  labels: ['cml'],
  scope: 'repo:acme/widget',
  expiresAt: new Date('2026-01-01T06:00:00Z'),
  readyBy: new Date('2026-01-01T00:10:00Z'),
  metadata: { team: 'vision', note: 'not a label value!' },
  workflow: { repository: 'acme/widget', runId: '7', runAttempt: '1', jobId: 9 },
};
const pod = (status: Pod['status'], extra: Partial<Pod['metadata']> = {}): Pod => {
  const built = buildPod(facts, buildKubernetesLaunch({ 'cloud-type': 's', 'cloud-kubernetes-node-selector': undefined }), now);
  return { ...built, metadata: { ...built.metadata, creationTimestamp: '2026-01-01T00:00:01Z', ...extra }, status };
};

describe('pod records', () => {
  it('carries the facts through labels and annotations', () => {
    expect(podRecord(pod({ phase: 'Running' }))).toMatchObject({
      id: 'cml-pod-1',
      state: 'running',
      runnerName: 'cml-pod-1',
      runnerId: 42,
      scope: 'repo:acme/widget',
      expiresAt: facts.expiresAt,
      readyBy: facts.readyBy,
      workflow: facts.workflow,
      leftover: false,
      interrupted: false,
      failure: undefined,
    });
    const built = pod({});
    expect(built.metadata.labels).toMatchObject({ team: 'vision' });
    expect(built.metadata.annotations).toMatchObject({ note: 'not a label value!' });
    expect(built.spec).toMatchObject({ activeDeadlineSeconds: 21_600 });
  });

  it('names why a pending pod will not start, in the cluster’s words', () => {
    const unschedulable = pod({
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available' }],
    });
    expect(podRecord(unschedulable)).toMatchObject({ state: 'pending', failure: 'Unschedulable: 0/2 nodes are available' });
    const pulling = pod({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] });
    expect(podRecord(pulling).failure).toBeUndefined();
    const backoff = pod({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } } }] });
    expect(podRecord(backoff).failure).toBe('ImagePullBackOff: Back-off pulling image');
  });

  it('marks ended pods as leftovers to delete, and evictions as interruptions', () => {
    expect(podRecord(pod({ phase: 'Succeeded', containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }] }))).toMatchObject({
      state: 'terminated',
      leftover: true,
      interrupted: false,
      stateReason: 'Completed (exit code 0)',
    });
    expect(podRecord(pod({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }))).toMatchObject({
      interrupted: true,
      stateReason: 'Evicted: The node was low on resource: memory.',
    });
    expect(podRecord(pod({ phase: 'Running' }, { deletionTimestamp: '2026-01-01T01:00:00Z' })).state).toBe('stopping');
  });

  it('names pods after their runner in DNS-1123 terms', () => {
    expect(podNameFor('cml-abc')).toBe('cml-abc');
    expect(podNameFor('CML_Train.1')).toMatch(/^cml-train-1-[0-9a-f]{6}$/);
  });
});
