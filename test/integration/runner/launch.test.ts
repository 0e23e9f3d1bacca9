import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLaunch } from '../../../src/commands/runner/launch.js';
import { buildLaunchSettings } from '../../../src/commands/runner/settings.js';
import { launchSpec } from '../../../src/commands/runner/spec.js';
import { text, object, list } from '../../fakes/ec2/query.js';
import { AWS_SECRET, GITHUB_TOKEN, fastClient, flags, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const launch = (argv: string[], pollIntervalMs = 20) =>
  runLaunch(buildLaunchSettings(flags(launchSpec, argv), h.env), {
    logger: h.logger,
    signal: new AbortController().signal,
    client: fastClient,
    pollIntervalMs,
  });

function tagsOf(params: ReturnType<typeof h.ec2.launches>[number], resourceType: string): Record<string, string> {
  const spec = list(params.TagSpecification)
    .map(object)
    .find((candidate) => text(candidate.ResourceType) === resourceType);
  return Object.fromEntries(
    list(spec?.Tag)
      .map(object)
      .map((tag) => [text(tag.Key) ?? '', text(tag.Value) ?? '']),
  );
}

describe('cml runner launch against the EC2 and GitHub fakes', () => {
  it('registers a just-in-time runner, starts a locked-down instance and waits until the runner is online', async () => {
    // The machine "boots": its runner connects once the launcher has found it offline and said it
    // waits (an event, not a delay, so a slow machine cannot skip the wait).
    h.runners.onlineAfterMs = 'never';
    const info = h.logger.info;
    h.logger.info = (message) => {
      info(message);
      const runner = h.runners.byName('cml-launch-1');
      if (runner && message.startsWith('waiting for runner cml-launch-1 ')) runner.status = 'online';
    };
    const outcome = await launch(['--cloud-type', 'm', '--labels', 'cml,train', '--name', 'cml-launch-1', '--cloud-metadata', 'team=vision']);

    expect(outcome).toMatchObject({
      reused: false,
      runnerName: 'cml-launch-1',
      labels: ['cml', 'train'],
      cloud: 'aws',
      location: 'us-east-1',
      machineType: 'm5.2xlarge',
      market: 'on-demand',
      zone: 'us-east-1a',
      hourlyPrice: 0.384,
    });
    expect(outcome.machineId).toMatch(/^i-0[0-9a-f]{16}$/);
    expect(h.runners.byName('cml-launch-1')?.status).toBe('online');
    expect(h.runners.byName('cml-launch-1')?.labels).toEqual(expect.arrayContaining(['cml', 'train', 'cml-launch-1', 'continuous-ml-aws-us-east-1']));

    const [run] = h.ec2.launches();
    expect(run).toBeDefined();
    expect(text(run!.ImageId)).toBe('ami-0ubuntu0amd64');
    expect(text(run!.InstanceType)).toBe('m5.2xlarge');
    expect(text(run!.InstanceInitiatedShutdownBehavior)).toBe('terminate');
    // The whole object: IMDSv2 only, one hop (no container can reach it), and the endpoint on.
    expect(object(run!.MetadataOptions)).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: '1', HttpEndpoint: 'enabled' });
    const disk = object(list(run!.BlockDeviceMapping)[0]);
    expect(text(disk.DeviceName)).toBe('/dev/sda1');
    expect(object(disk.Ebs)).toEqual({ Encrypted: 'true', VolumeSize: '35', VolumeType: 'gp3', DeleteOnTermination: 'true' });
    expect(text(run!.SubnetId)).toBe('subnet-0aaa');
    expect(run!.SecurityGroupId).toBeUndefined();
    expect(run!.InstanceMarketOptions).toBeUndefined();

    expect(list(run!.TagSpecification).map((spec) => text(object(spec).ResourceType))).toEqual(['instance', 'volume', 'network-interface']);
    for (const resource of ['instance', 'volume', 'network-interface']) {
      const tags = tagsOf(run!, resource);
      expect(tags).toMatchObject({
        Name: 'cml-launch-1',
        'cml:tool': 'continuous-ml',
        'cml:scope': 'repo:acme/widget',
        'cml:runner-name': 'cml-launch-1',
        'cml:labels': 'cml,train',
        team: 'vision',
      });
      expect(Date.parse(tags['cml:expires-at']!) - Date.now()).toBeGreaterThan(23 * 3600_000);
      expect(Date.parse(tags['cml:ready-by']!)).toBeGreaterThan(Date.now());
    }

    // The boot script carries the single-use JIT config and nothing else secret.
    const userData = Buffer.from(text(run!.UserData)!, 'base64').toString('utf8');
    expect(userData.startsWith('#!/bin/bash')).toBe(true);
    expect(userData).toMatch(/JIT_CONFIG='[A-Za-z0-9+/=]{40,}'/);
    expect(userData).not.toContain(GITHUB_TOKEN);
    expect(userData).not.toContain(AWS_SECRET);
    expect(userData).not.toContain('AKIAFAKE');
    expect(userData).toContain('IDLE_TIMEOUT=300');
    expect(userData).toContain('MAX_LIFETIME=86400');

    // Secrets never reach the log.
    const log = h.logger.lines.join('\n');
    expect(log).not.toContain(GITHUB_TOKEN);
    expect(log).not.toMatch(/JIT_CONFIG='[A-Za-z0-9]/);
    expect(log).toMatch(/waiting for runner cml-launch-1/);
    expect(h.github.violations).toEqual([]);
    expect(h.ssm.requested).toEqual(['/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id']);
  });

  it('passes a binary --cloud-startup-script to the boot script byte for byte', async () => {
    // Not UTF-8: a gzip header, a NUL, lone continuation bytes, CRLF, and every byte value once.
    const script = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x80, 0xc3, 0x0d, 0x0a]),
      Buffer.from(Array.from({ length: 256 }, (_, byte) => byte)),
    ]);
    await launch(['--name', 'cml-binary-script', '--cloud-startup-script', script.toString('base64')]);
    const userData = Buffer.from(text(h.ec2.launches()[0]!.UserData)!, 'base64').toString('utf8');
    const embedded = /^STARTUP_SCRIPT_B64='([A-Za-z0-9+/=]*)'$/m.exec(userData)?.[1];
    expect(embedded).toBeDefined();
    expect(Buffer.from(embedded!, 'base64').equals(script)).toBe(true);
  });

  it('uses the GPU image for GPU presets and the arm64 image for Graviton types', async () => {
    await launch(['--cloud-type', 'm', '--cloud-gpu', 't4', '--name', 'cml-gpu']);
    await launch(['--cloud-type', 't4g.large', '--name', 'cml-arm']);
    const [gpu, arm] = h.ec2.launches();
    expect(text(gpu!.InstanceType)).toBe('g4dn.xlarge');
    expect(text(gpu!.ImageId)).toBe('ami-0dlami0gpu');
    expect(text(arm!.ImageId)).toBe('ami-0ubuntu0arm64');
  });

  it('falls back from refused spot capacity to on-demand, across subnets, and says what it did', async () => {
    h.ec2.refusals.push({ market: 'spot', code: 'InsufficientInstanceCapacity' });
    const outcome = await launch(['--cloud-type', 'm+t4', '--cloud-spot', '--name', 'cml-spot']);
    expect(outcome).toMatchObject({ market: 'on-demand', machineType: 'g4dn.xlarge', hourlyPrice: 0.526 });
    const attempts = h.ec2
      .launches()
      .map((params) => `${text(params.InstanceType)} ${object(params.InstanceMarketOptions).MarketType ?? 'on-demand'} ${text(params.SubnetId)}`);
    expect(attempts).toEqual(['g4dn.xlarge spot subnet-0aaa', 'g4dn.xlarge spot subnet-0bbb', 'g4dn.xlarge on-demand subnet-0aaa']);
    const log = h.logger.lines.join('\n');
    expect(log).toContain('g4dn.xlarge (spot in subnet-0aaa) refused: InsufficientInstanceCapacity; trying g4dn.xlarge (spot in subnet-0bbb)');
    expect(log).toContain('launched g4dn.xlarge (on-demand in subnet-0aaa) after 2 refusals');
    expect([...h.ec2.instances.values()].filter((instance) => instance.state !== 'terminated')).toHaveLength(1);
  });

  it('reports the spot price from the price history when spot is granted', async () => {
    h.ec2.refusals.push({ market: 'spot', subnetId: 'subnet-0aaa', code: 'SpotMaxPriceTooLow' });
    h.ec2.spotPrices.push(
      { type: 'g4dn.xlarge', zone: 'us-east-1b', price: '0.163400', timestamp: new Date() },
      { type: 'g4dn.xlarge', zone: 'us-east-1a', price: '0.2', timestamp: new Date() },
    );
    const outcome = await launch(['--cloud-type', 'm+t4', '--cloud-spot', '--cloud-spot-price', '0.3', '--name', 'cml-spot-ok']);
    expect(outcome).toMatchObject({ market: 'spot', zone: 'us-east-1b', hourlyPrice: 0.1634, priceSource: 'spot price history (us-east-1b)' });
    const granted = h.ec2.launches().at(-1)!;
    expect(object(object(granted.InstanceMarketOptions).SpotOptions)).toMatchObject({
      MaxPrice: '0.30000',
      SpotInstanceType: 'one-time',
      InstanceInterruptionBehavior: 'terminate',
    });
    expect(tagsOf(granted, 'spot-instances-request')['cml:runner-name']).toBe('cml-spot-ok');
  });

  it('fails cleanly when every type is refused: nothing running, nothing registered', async () => {
    h.ec2.refusals.push({ code: 'InsufficientInstanceCapacity' });
    await expect(launch(['--cloud-type', 'g5.xlarge,g6.xlarge', '--name', 'cml-none'])).rejects.toThrow(
      /could not launch runner cml-none in us-east-1: every launch attempt was refused \(g5\.xlarge \(on-demand in subnet-0aaa\): InsufficientInstanceCapacity; .*g6\.xlarge \(on-demand in subnet-0bbb\): InsufficientInstanceCapacity\)/,
    );
    expect(h.ec2.launches()).toHaveLength(4);
    expect([...h.ec2.instances.values()]).toEqual([]);
    expect(h.runners.runners.size).toBe(0);
  });

  it('stops at the first error that is not about capacity', async () => {
    h.ec2.refusals.push({ code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' });
    await expect(launch(['--cloud-type', 'g5.xlarge,g6.xlarge', '--name', 'cml-denied'])).rejects.toThrow(
      /cannot launch an instance in us-east-1: not allowed \(UnauthorizedOperation\)/,
    );
    expect(h.ec2.launches()).toHaveLength(1);
    expect(h.runners.runners.size).toBe(0);
  });

  it('on startup timeout terminates the instance and deletes the registration', async () => {
    h.runners.onlineAfterMs = 'never';
    const started = Date.now();
    await expect(launch(['--name', 'cml-slow', '--startup-timeout', '1s'], 100)).rejects.toThrow(
      /runner cml-slow did not come online within 1s; terminated i-0/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    const [instance] = [...h.ec2.instances.values()];
    expect(instance?.state).toBe('terminated');
    expect(h.runners.runners.size).toBe(0);
    expect(h.github.operations()).toContain('DELETE /repos/{owner}/{repo}/actions/runners/{runner_id}');
  });

  it('can launch again under the same name after a failed launch: a new instance, not the old one', async () => {
    h.runners.onlineAfterMs = 'never';
    await expect(launch(['--name', 'cml-again', '--startup-timeout', '1s'], 100)).rejects.toThrow(/did not come online/);
    h.runners.onlineAfterMs = 0;
    const second = await launch(['--name', 'cml-again']);
    const instances = [...h.ec2.instances.values()];
    expect(instances.map((instance) => instance.state)).toEqual(['terminated', 'pending']);
    expect(second.machineId).toBe(instances[1]!.id);
  });

  it('fails fast when the instance dies before its runner comes online', async () => {
    h.runners.onlineAfterMs = 'never';
    h.ec2.onRunInstances = (instance) => {
      instance.state = 'terminated';
      instance.stateReason = { code: 'Client.InstanceInitiatedShutdown', message: 'Client.InstanceInitiatedShutdown: Instance initiated shutdown' };
    };
    await expect(launch(['--name', 'cml-dies', '--startup-timeout', '1m'], 10)).rejects.toThrow(
      /stopped before runner cml-dies came online \(Client\.InstanceInitiatedShutdown/,
    );
    expect(h.runners.runners.size).toBe(0);
  });

  it('reuses an online runner with a matching label instead of launching (--reuse), but not a busy one with --reuse-idle', async () => {
    h.runners.add({ name: 'cml-existing', scope: 'repos/acme/widget', labels: ['self-hosted', 'Linux', 'X64', 'cml'], busy: true });
    const reused = await launch(['--reuse', '--labels', 'cml']);
    expect(reused).toMatchObject({ reused: true, runnerName: 'cml-existing', machineId: null });
    expect(h.ec2.launches()).toHaveLength(0);

    const fresh = await launch(['--reuse-idle', '--labels', 'cml', '--name', 'cml-fresh']);
    expect(fresh).toMatchObject({ reused: false, runnerName: 'cml-fresh' });
    expect(h.ec2.launches()).toHaveLength(1);
  });

  it('registers an organization runner when --repo names an organization', async () => {
    const outcome = await launch(['--repo', 'https://github.com/acme', '--name', 'cml-org-1']);
    expect(outcome.runnerName).toBe('cml-org-1');
    expect(h.runners.byName('cml-org-1')?.scope).toBe('orgs/acme');
    expect(h.github.operations()).toContain('POST /orgs/{org}/actions/runners/generate-jitconfig');
    expect(tagsOf(h.ec2.launches()[0]!, 'instance')['cml:scope']).toBe('org:acme');
    expect(h.github.violations).toEqual([]);
  });

  it('refuses a runner name that is already registered, before starting anything', async () => {
    h.runners.add({ name: 'cml-taken', scope: 'repos/acme/widget' });
    await expect(launch(['--name', 'cml-taken'])).rejects.toThrow(/a runner with that name already exists/);
    expect(h.ec2.launches()).toHaveLength(0);
  });
});
