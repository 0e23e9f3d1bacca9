// The RunInstances request as a whole: the locked-down settings every runner machine gets, what
// spot, subnets, security groups and instance profiles add, the tags, and the user-data limit.

import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeUserData, runInstancesInput, tagsFor } from '../../../src/clouds/aws/run-input.js';
import { NO_MACHINE, type AwsMachineSettings } from '../../../src/clouds/aws/settings.js';
import type { MachineFacts } from '../../../src/core/runner/provider.js';
import { UserError } from '../../../src/errors.js';

// The defaults: 35 GB, no spot price cap, no instance profile.
const settings: AwsMachineSettings = { ...NO_MACHINE, instanceTypes: ['m5.2xlarge'] };
const image = { id: 'ami-0ubuntu', rootDevice: '/dev/sda1' };
const tags = [{ Key: 'Name', Value: 'cml-1' }];

describe('RunInstances input', () => {
  it('on demand, no subnet, group or profile: only the locked-down settings', () => {
    const input = runInstancesInput(settings, {
      attempt: { type: 'm5.2xlarge', market: 'on-demand', placement: undefined },
      image,
      userData: 'IyEvYmluL2Jhc2gK',
      tags,
      securityGroupIds: undefined,
      clientToken: 'abc-0-cml-1',
    });
    expect(input).toEqual({
      ImageId: 'ami-0ubuntu',
      InstanceType: 'm5.2xlarge',
      MinCount: 1,
      MaxCount: 1,
      ClientToken: 'abc-0-cml-1',
      UserData: 'IyEvYmluL2Jhc2gK',
      InstanceInitiatedShutdownBehavior: 'terminate',
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 35, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }],
      TagSpecifications: [
        { ResourceType: 'instance', Tags: tags },
        { ResourceType: 'volume', Tags: tags },
        { ResourceType: 'network-interface', Tags: tags },
      ],
    });
  });

  it('spot with a price cap, a subnet, security groups and a profile by name; the token cut to 64 characters', () => {
    const longToken = `0123456789ab-3-${'r'.repeat(80)}`;
    const input = runInstancesInput(
      { ...settings, diskSizeGb: 100, spotMaxPrice: 0.3, instanceProfile: 'ml-runner' },
      {
        attempt: { type: 'g4dn.xlarge', market: 'spot', placement: 'subnet-0aaa' },
        image,
        userData: 'x',
        tags,
        securityGroupIds: ['sg-1', 'sg-2'],
        clientToken: longToken,
      },
    );
    expect(input.ClientToken).toBe(longToken.slice(0, 64));
    expect(input.ClientToken).toHaveLength(64);
    expect(input.BlockDeviceMappings?.[0]?.Ebs?.VolumeSize).toBe(100);
    expect(input.TagSpecifications?.map((spec) => spec.ResourceType)).toEqual(['instance', 'volume', 'network-interface', 'spot-instances-request']);
    expect(input.TagSpecifications?.[3]?.Tags).toBe(tags);
    expect(input.SubnetId).toBe('subnet-0aaa');
    expect(input.SecurityGroupIds).toEqual(['sg-1', 'sg-2']);
    expect(input.IamInstanceProfile).toEqual({ Name: 'ml-runner' });
    expect(input.InstanceMarketOptions).toEqual({
      MarketType: 'spot',
      SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate', MaxPrice: '0.30000' },
    });
  });

  it('a profile given as an ARN; spot without a cap leaves the price to EC2', () => {
    const arn = 'arn:aws:iam::123456789012:instance-profile/ml-runner';
    const input = runInstancesInput(
      { ...settings, instanceProfile: arn },
      { attempt: { type: 'm5.large', market: 'spot', placement: undefined }, image, userData: 'x', tags, securityGroupIds: undefined, clientToken: 't' },
    );
    expect(input.IamInstanceProfile).toEqual({ Arn: arn });
    expect(input.InstanceMarketOptions).toEqual({
      MarketType: 'spot',
      SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' },
    });
    expect(input).not.toHaveProperty('SubnetId');
    expect(input).not.toHaveProperty('SecurityGroupIds');
  });
});

describe('tags', () => {
  const facts: MachineFacts = {
    runnerName: 'cml-1',
    runnerId: 42,
    labels: ['cml', 'gpu'],
    scope: 'repo:acme/widget',
    expiresAt: new Date('2026-01-02T00:00:00Z'),
    readyBy: new Date('2026-01-01T00:10:00Z'),
    metadata: { team: 'vision', Name: 'not-the-runner', 'cml:tool': 'other', note: 'n'.repeat(300) },
  };

  it('the runner facts win over user metadata of the same key, and values are cut to 256 characters', () => {
    // In order: user metadata first, then what the tool records, which overrides it.
    const written = tagsFor(facts);
    expect(written.map((tag) => tag.Key)).toEqual([
      'team',
      'Name',
      'cml:tool',
      'note',
      'cml:scope',
      'cml:runner-name',
      'cml:runner-id',
      'cml:labels',
      'cml:ready-by',
      'cml:expires-at',
    ]);
    expect(written.map((tag) => tag.Value)).toEqual([
      'vision',
      'cml-1',
      'continuous-ml',
      'n'.repeat(256),
      'repo:acme/widget',
      'cml-1',
      '42',
      'cml,gpu',
      '2026-01-01T00:10:00.000Z',
      '2026-01-02T00:00:00.000Z',
    ]);
  });
});

describe('user-data encoding at the 16 KiB limit', () => {
  const decoded = (encoded: string): Buffer => Buffer.from(encoded, 'base64');

  it('a script of exactly 16 KiB goes plain; one byte more is gzipped', () => {
    const exact = '#!/bin/bash\n' + 'x'.repeat(16 * 1024 - 13) + '\n';
    expect(Buffer.byteLength(exact)).toBe(16 * 1024);
    expect(decoded(encodeUserData(exact)).toString()).toBe(exact);
    const over = exact + 'y';
    expect(gunzipSync(decoded(encodeUserData(over))).toString()).toBe(over);
  });

  it('compresses as hard as zlib can (level 9), so the most script fits', () => {
    const words = [
      'echo',
      'install',
      'pip',
      'python',
      '--upgrade',
      'numpy',
      'torch',
      'cuda',
      'apt-get',
      '-y',
      'sudo',
      'export',
      'PATH',
      '/opt/bin',
      '&&',
      '|',
      'grep',
      'train.py',
      '--epochs',
      '10',
    ];
    let state = 7;
    const next = (): number => (state = (state * 48_271) % 2_147_483_647);
    let script = '#!/bin/bash\n';
    while (script.length < 40_000) script += words[next() % words.length]! + (next() % 5 === 0 ? '\n' : ' ');
    const best = gzipSync(script, { level: 9 });
    // This script is one where zlib's default level does worse.
    expect(best.length).toBeLessThan(gzipSync(script).length);
    expect(decoded(encodeUserData(script))).toEqual(best);
  });

  /** Printable text that compresses poorly, from a Lehmer sequence. */
  const noise = (seed: number, length: number): string => {
    let state = seed;
    let out = '';
    for (let index = 0; index < length; index += 1) {
      state = (state * 48_271) % 2_147_483_647;
      out += String.fromCharCode(33 + (state % 94));
    }
    return out;
  };

  /** A prefix of some noise whose gzip (as encodeUserData makes it) is exactly 16 KiB. */
  const compressingToTheLimit = (): string => {
    for (let seed = 1; seed < 50; seed += 1) {
      const text = noise(seed, 24 * 1024);
      const gzipped = (length: number): number => gzipSync(text.slice(0, length), { level: 9 }).length;
      // Bisect to where the compressed size reaches the limit, then step to it (a step may skip it).
      let low = 16 * 1024;
      let high = text.length;
      while (high - low > 64) {
        const middle = Math.floor((low + high) / 2);
        if (gzipped(middle) < 16 * 1024) low = middle;
        else high = middle;
      }
      while (gzipped(low) < 16 * 1024) low += 1;
      if (gzipped(low) === 16 * 1024) return text.slice(0, low);
    }
    throw new Error('no noise compresses to exactly 16 KiB');
  };

  it('compressed to exactly 16 KiB still fits; larger is refused with the size and a hint', () => {
    const fits = compressingToTheLimit();
    expect(gzipSync(fits, { level: 9 }).length).toBe(16 * 1024);
    expect(gunzipSync(decoded(encodeUserData(fits))).toString()).toBe(fits);

    const tooLarge = fits + noise(7, 40);
    const size = gzipSync(tooLarge, { level: 9 }).length;
    expect(size).toBeGreaterThan(16 * 1024);
    let error: unknown;
    try {
      encodeUserData(tooLarge);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({
      message: `the boot script is ${size} bytes even compressed; EC2 allows 16384`,
      hint: 'shorten --cloud-startup-script, e.g. let it download a longer script',
    });
  });
});
